// `npm run bench`: how fast <account-linker> renders next to a bare Lit element showing the same
// rows, and how many requests each journey makes, in the system's headless Chromium.
//
//   node bench/run.mjs [--runs=N] [--sizes=5,50,500] [--no-build] [--json=file]
//
// - Builds dist/ first when it is missing or older than src/ (`npm run build`); --no-build skips it.
// - Serves bench/pages/bench.html, dist/, the msw worker and the baseline (bench/bare-element.js,
//   bundled here with the same Lit and the same rollup settings as dist/account-linker.js) from a
//   tiny node:http server on 127.0.0.1, and drives the page with puppeteer-core.
// - Each figure is the median of N runs (interleaved with the baseline), with the interquartile
//   range; the ratio is the median of the per-run ratios (element ÷ the bare run beside it), with
//   their IQR.
// - A run is timed through the frame that shows its result (the update, then that frame's style,
//   layout and paint, without the idle wait for it). Beside the wall time, the main thread's CPU
//   time of the tasks from the run's start to the end of that frame (from a trace): on a busy
//   machine it is the steadier of the two.
// - Exits 1 when a journey's request count is not the protocol's (those are facts, not timings);
//   timings never fail it.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { chromeArgs, findChrome } from '../scripts/chrome.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value ?? true];
  }),
);
const RUNS = Number(args.runs) || 25;
const SIZES = String(args.sizes ?? '5,50,500')
  .split(',')
  .map(Number);
/** Fewer runs for the big lists: the spread is small there and each run is long. */
const runsFor = (n) => (n >= 500 ? Math.max(5, Math.ceil(RUNS / 2)) : RUNS);
const WARMUP = 5;
/** The protocol: requests the element makes in each journey. */
const EXPECTED = { 'render (identities given)': 0, list: 1, unlink: 1, 'management link after return': 2 };

const log = (line) => console.log(`[bench] ${line}`);

// ---- dist/: the shipped build is what is measured. ----

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function ensureBuild() {
  const files = ['dist/account-linker.js', 'dist/mock/browser.js'].map((file) => join(ROOT, file));
  const missing = files.some((file) => !existsSync(file));
  const stale = !missing && newest(join(ROOT, 'src')) > Math.min(...files.map((file) => statSync(file).mtimeMs));
  if (args['no-build'] && !missing) return;
  if (!missing && !stale) return;
  log(`dist/ is ${missing ? 'missing' : 'older than src/'}: npm run build`);
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  if (built.status !== 0) throw new Error('npm run build failed');
}

/** The baseline, built as rollup.config.mjs builds dist/account-linker.js: Lit inside, templates and code minified. */
async function bundleBare() {
  // The build minifies html`` and css`` templates when the plugin is installed; so does the baseline.
  const minifyHTML = await import('@lit-labs/rollup-plugin-minify-html-literals').then((module) => module.default, () => undefined);
  const bundle = await rollup({
    input: join(ROOT, 'bench/bare-element.js'),
    plugins: [
      resolve({ browser: true, exportConditions: ['browser', 'production'] }),
      ...(minifyHTML ? [minifyHTML({ failOnError: true })] : []),
      terser({ ecma: 2022, module: true, format: { comments: false } }),
    ],
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  return output[0].code;
}

// ---- The server: only what the page needs. ----

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json', '.svg': 'image/svg+xml' };
const AVATAR = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36"><rect width="36" height="36" fill="#8b949e"/><circle cx="18" cy="14" r="7" fill="#fff"/><path d="M5 36a13 13 0 0 1 26 0z" fill="#fff"/></svg>`;

function serve(bare) {
  const files = {
    '/mockServiceWorker.js': join(ROOT, 'public/mockServiceWorker.js'),
  };
  const allowed = ['/bench/pages/', '/dist/'];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    // Cross-origin isolated: performance.now() to 5 µs instead of 100 µs.
    const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
    if (path === '/bench/bare-element.bundle.js') {
      res.writeHead(200, { ...headers, 'Content-Type': TYPES['.js'] });
      return res.end(bare);
    }
    if (path === '/bench/avatar.svg') {
      res.writeHead(200, { ...headers, 'Content-Type': TYPES['.svg'], 'Cache-Control': 'max-age=3600' });
      return res.end(AVATAR);
    }
    let file = files[path];
    if (!file && allowed.some((prefix) => path.startsWith(prefix))) {
      file = resolvePath(ROOT, normalize(`.${path}`));
      if (!file.startsWith(ROOT)) file = undefined;
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, headers);
      return res.end('not found');
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

// ---- CPU time: the main thread's own time in each measured task, from a trace. ----

/**
 * Runs `run` under a trace and adds `cpu` (ms) to each measured run: the thread time of the tasks
 * from its `bench|journey|side|i` mark to its `…|end` mark (the update's task and the frame's).
 * Wall time counts whatever else the machine does meanwhile; thread time does not, so it is the
 * steadier figure on a busy machine.
 */
async function traced(page, run) {
  await page.tracing.start({ categories: ['toplevel', 'blink.user_timing'] });
  let result;
  try {
    result = await run();
  } finally {
    const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString('utf8'));
    if (result) attachCpu(trace.traceEvents ?? trace, result);
  }
  return result;
}

function attachCpu(events, result) {
  const marks = events.filter((e) => typeof e.name === 'string' && e.name.startsWith('bench|'));
  if (!marks.length) return;
  const { pid, tid } = marks[0];
  const tasks = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.cat === 'toplevel' && typeof e.tdur === 'number')
    .sort((a, b) => a.ts - b.ts);
  const ends = new Map(marks.filter((m) => m.name.endsWith('|end')).map((m) => [m.name.slice(0, -'|end'.length), m.ts]));
  for (const mark of marks) {
    if (mark.name.endsWith('|end')) continue;
    const [, , side, index] = mark.name.split('|');
    const run = result[side]?.[Number(index)];
    const end = ends.get(mark.name);
    // The outermost tasks from the one around the start mark to the one around the end mark.
    const first = tasks.findIndex((t) => t.ts <= mark.ts && mark.ts <= t.ts + t.dur);
    if (run && first >= 0 && end !== undefined) {
      let cpu = 0;
      for (let i = first; i < tasks.length && tasks[i].ts <= end; i++) {
        if (i > first && tasks[i].ts < tasks[i - 1].ts + tasks[i - 1].dur) continue; // nested in the last
        cpu += tasks[i].tdur;
      }
      run.cpu = cpu / 1000;
    } else if (run && process.env.BENCH_DEBUG) console.error('[bench] no tasks for', mark.name, mark.ts, end);
  }
}

// ---- Statistics ----

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}
const median = (values) => quantile(values, 0.5);
const ms = (value) => (value >= 10 ? value.toFixed(1) : value.toFixed(2));

function cpuOf(result) {
  const element = result.element.map((time) => time.cpu);
  const bare = result.bare.map((time) => time.cpu);
  if (element.some((value) => value === undefined) || bare.some((value) => value === undefined)) return {};
  return { elementCpu: median(element), bareCpu: median(bare), cpuRatio: median(element.map((value, i) => value / bare[i])) };
}

function summarize(name, n, result) {
  const pick = (side, key) => result[side].map((time) => time[key]);
  const element = pick('element', 'total');
  const bare = pick('bare', 'total');
  const ratios = element.map((value, i) => value / bare[i]);
  return {
    journey: `${name} ${n}`,
    name,
    n,
    runs: element.length,
    element: median(element),
    elementIqr: [quantile(element, 0.25), quantile(element, 0.75)],
    elementScript: median(pick('element', 'script')),
    elementFrame: median(pick('element', 'frame')),
    bare: median(bare),
    bareIqr: [quantile(bare, 0.25), quantile(bare, 0.75)],
    bareScript: median(pick('bare', 'script')),
    bareFrame: median(pick('bare', 'frame')),
    ratio: median(ratios),
    ratioIqr: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
    ...cpuOf(result),
  };
}

// ---- Run ----

async function main() {
  ensureBuild();
  const bare = await bundleBare();
  const server = await serve(bare);
  const base = `http://127.0.0.1:${server.address().port}`;
  const executablePath = findChrome();
  if (!executablePath) throw new Error('no Chrome/Chromium found: set CHROME_PATH');
  const browser = await puppeteer.launch({ executablePath, headless: true, args: chromeArgs(), protocolTimeout: 300_000 });
  const rows = [];
  const counts = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1024, height: 768 });
    page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') console.error(`[page ${message.type()}] ${message.text()}`);
    });
    await page.goto(`${base}/bench/pages/bench.html`);
    await page.waitForFunction(() => window.bench, { timeout: 30_000 });
    const isolated = await page.evaluate(() => window.bench.isolated);
    log(`Chromium ${await browser.version()}; timer ${isolated ? '5 µs (cross-origin isolated)' : '100 µs'}; ${RUNS} runs (500 rows: ${runsFor(500)}) after ${WARMUP} warm-up`);

    const count = (journey, list) => {
      for (const { fetches, served } of list) {
        counts.push({ journey, fetches, served, expected: EXPECTED[journey] });
      }
    };
    for (const n of SIZES) {
      const result = await traced(page, () => page.evaluate((n, runs, warmup) => window.bench.render(n, runs, warmup), n, runsFor(n), WARMUP));
      rows.push(summarize('render', n, result));
      count('render (identities given)', result.requests);
      log(`measured render ${n} (${runsFor(n)} runs)`);
    }
    for (const n of SIZES) {
      const result = await traced(page, () => page.evaluate((n, runs, warmup) => window.bench.unlink(n, runs, warmup), n, runsFor(n), WARMUP));
      rows.push(summarize('unlink', n, result));
      count('unlink', result.requests);
      log(`measured unlink ${n} (${runsFor(n)} runs)`);
    }
    const list = await page.evaluate(() => window.bench.listJourney());
    count('list', [list.requests]);
    const back = await page.evaluate(() => window.bench.returnJourney());
    if (back.error) console.error(`[bench] the return did not link: ${back.error}`);
    count('management link after return', [back.requests]);
  } finally {
    await browser.close();
    server.close();
  }

  // ---- Report ----
  console.log('');
  console.log('Time to the first frame that shows the list (median of N runs; IQR in brackets). Script = Lit update; frame = that frame\'s style, layout and paint, without the wait for it.');
  const table = rows.map((row) => ({
    journey: row.journey,
    runs: row.runs,
    'element ms': `${ms(row.element)} [${ms(row.elementIqr[0])}–${ms(row.elementIqr[1])}]`,
    'script+frame': `${ms(row.elementScript)}+${ms(row.elementFrame)}`,
    'bare ms': `${ms(row.bare)} [${ms(row.bareIqr[0])}–${ms(row.bareIqr[1])}]`,
    'bare script+frame': `${ms(row.bareScript)}+${ms(row.bareFrame)}`,
    ratio: `${row.ratio.toFixed(2)}× [${row.ratioIqr[0].toFixed(2)}–${row.ratioIqr[1].toFixed(2)}]`,
    'CPU element/bare ms': row.cpuRatio ? `${ms(row.elementCpu)} / ${ms(row.bareCpu)}` : '—',
    'CPU ratio': row.cpuRatio ? `${row.cpuRatio.toFixed(2)}×` : '—',
  }));
  console.table(table);

  console.log('Requests per journey (made by the element: window.fetch; received by the mock tenant: msw)');
  const byJourney = new Map();
  for (const entry of counts) {
    const seen = byJourney.get(entry.journey) ?? { expected: entry.expected, fetches: new Set(), served: new Set(), runs: 0, lines: new Set() };
    seen.fetches.add(entry.fetches.length);
    seen.served.add(entry.served.length);
    seen.lines.add(entry.fetches.join(', ') || '—');
    seen.runs++;
    byJourney.set(entry.journey, seen);
  }
  let wrong = 0;
  const requestTable = [...byJourney].map(([journey, seen]) => {
    const ok = [...seen.fetches, ...seen.served].every((value) => value === seen.expected);
    if (!ok) wrong++;
    return {
      journey,
      runs: seen.runs,
      expected: seen.expected,
      'fetch()': [...seen.fetches].join('/'),
      'at the mock': [...seen.served].join('/'),
      requests: [...seen.lines].join(' | ').replace(/%7C/gi, '|'),
      ok: ok ? 'yes' : 'NO',
    };
  });
  console.table(requestTable);
  for (const row of rows) {
    const cpu = row.cpuRatio ? `; CPU ${ms(row.elementCpu)} vs ${ms(row.bareCpu)} ms, ${row.cpuRatio.toFixed(2)}×` : '';
    log(`${row.name} ${row.n}: element ${ms(row.element)} ms, bare ${ms(row.bare)} ms, ratio ${row.ratio.toFixed(2)}× (IQR ${row.ratioIqr[0].toFixed(2)}–${row.ratioIqr[1].toFixed(2)}, ${row.runs} runs${cpu})`);
  }
  for (const row of requestTable) log(`requests ${row.journey}: ${row['fetch()']} (expected ${row.expected})${row.ok === 'yes' ? '' : '  ← WRONG'}`);
  const goal = rows.find((row) => row.name === 'render' && row.n === 50);
  if (goal) {
    const cpu = goal.cpuRatio ? ` (CPU ${goal.cpuRatio.toFixed(2)}×)` : '';
    log(`goal: render 50 ≤ 1.30× the bare element: ${goal.ratio.toFixed(2)}×${cpu}, ${goal.ratio <= 1.3 ? 'met' : 'NOT met'}`);
  }
  if (args.json) writeFileSync(String(args.json), JSON.stringify({ rows, requests: requestTable }, null, 2));
  if (wrong) {
    console.error(`[bench] ${wrong} journey(s) made a number of requests other than the protocol's`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
