/// <reference types="node" />
// examples/nextjs built and run as a user would: its own dependencies installed ONCE into a cache
// folder outside the repository (keyed by a hash of the example's package.json; EXAMPLES_CACHE
// moves it), this repository packed (`npm pack`, the built dist/) and the tarball installed there,
// `next build` (which also type-checks the route handler against account-linker/server's types),
// then `next start` on a loopback port against the stand-alone mock tenant. The element's requests
// are made with fetch as the element makes them; then Chromium and Firefox (when installed) load
// the page, link an account through the tenant's page, see the notice and the app's own
// account-linked handler, and unlink. Prints the times as a [figure] line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuiltCli, startMockProcess, stopAll, type MockProcess } from './mock-process.js';
import * as journey from './examples-journey.js';
import { ENDPOINT, ids, location, tagAttributes, type Jars, type Site } from './examples-journey.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = join(ROOT, 'examples/nextjs');
const SOURCES = ['package.json', 'next.config.mjs', 'tsconfig.json', 'app', 'lib'];
const ALICE = 'auth0|alice0001';
const BOB = 'auth0|bob0002';
const SPARE_GOOGLE = 'google-oauth2|118000000000000000001';
const SPARE_GITHUB = 'github|7654321';

const started = performance.now();
const figures: string[] = [];
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

let mock: MockProcess;
let next: ChildProcess | undefined;
let nextOutput = '';
let base: string;
let tenant: string;
let scratch: string;
const site: Site = { base: '', tenant: '', seen: [] };

const go = (jars: Jars, url: string, init?: RequestInit) => journey.go(site, jars, url, init);
const element = (jars: Jars, path: string, init?: Parameters<typeof journey.element>[3]) => journey.element(site, jars, path, init);

/** Runs a command to its end; rejects with its output when it fails. */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

const npm = (args: string[], cwd: string) => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, cwd);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The example's folder in the cache, its dependencies installed once. */
async function project(): Promise<string> {
  const manifest = readFileSync(join(EXAMPLE, 'package.json'));
  const hash = createHash('sha256').update(manifest).digest('hex').slice(0, 16);
  const dir = join(process.env['EXAMPLES_CACHE'] ?? join(tmpdir(), 'account-linker-examples'), `nextjs-${hash}`);
  const marker = join(dir, 'node_modules', '.account-linker-example-installed');
  const since = performance.now();
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), manifest);
    await npm(['install', '--no-audit', '--no-fund', '--ignore-scripts'], dir);
    writeFileSync(marker, '');
    figures.push(`npm install ${seconds(since)} s (fresh)`);
  } else {
    figures.push('npm install 0 s (cached)');
  }
  for (const source of SOURCES) {
    rmSync(join(dir, source), { recursive: true, force: true });
    cpSync(join(EXAMPLE, source), join(dir, source), { recursive: true });
  }
  return dir;
}

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist/server/index.js')), 'dist/ is built (npm run build)');
  await ensureBuiltCli();
  const dir = await project();

  let since = performance.now();
  scratch = mkdtempSync(join(tmpdir(), 'account-linker-nextjs-pack-'));
  const packed = JSON.parse(await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], ROOT)) as Array<{ filename: string }>;
  await npm(['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', join(scratch, packed[0]!.filename)], dir);
  figures.push(`npm pack + install the tarball ${seconds(since)} s`);

  since = performance.now();
  const nextBin = join(dir, 'node_modules/next/dist/bin/next');
  await run(process.execPath, [nextBin, 'build'], dir, { NEXT_TELEMETRY_DISABLED: '1' });
  figures.push(`next build ${seconds(since)} s`);

  mock = await startMockProcess(['--port', '0', '--quiet']);
  tenant = mock.issuer.origin;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  Object.assign(site, { base, tenant });
  since = performance.now();
  next = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dir,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      AUTH0_DOMAIN: tenant,
      BASE_URL: base,
      SESSION_SECRET: 'a-session-secret-for-the-test-only',
      LINKER_SECRET: 'a-linker-secret-for-the-test-only-32+',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`next start did not get ready:\n${nextOutput}`)), 30000);
    const read = (chunk: Buffer) => {
      nextOutput += chunk;
      if (/Ready in/.test(nextOutput)) {
        clearTimeout(timer);
        resolve();
      }
    };
    next!.stdout!.on('data', read);
    next!.stderr!.on('data', read);
    next!.once('exit', (code) => reject(new Error(`next start exited (${code}):\n${nextOutput}`)));
  });
  figures.push(`next start ${seconds(since)} s`);
});

after(async () => {
  next?.kill('SIGTERM');
  await stopAll();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  console.log(`[figure] examples-nextjs: ${figures.join(', ')}; whole file ${seconds(started)} s`);
});

/** The demo sign-in: /login?user=… sets the HttpOnly session cookie. */
async function signIn(user: string): Promise<Jars> {
  const jars: Jars = new Map();
  const login = await go(jars, `${base}/login?user=${encodeURIComponent(user)}`);
  assert.equal(location(login, base, 303).pathname, '/account');
  assert.match(login.headers.get('Set-Cookie') ?? '', /^demo_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
  return jars;
}

describe('examples/nextjs (App Router, the packed tarball, next build + next start) against account-linker-mock', () => {
  test('the page renders the bare tag on the server (the element is imported in the browser only)', async () => {
    const signedOut = await go(new Map(), `${base}/account`);
    assert.ok([303, 307, 308].includes(signedOut.status), `no session: away (${signedOut.status})`);
    const jars = await signIn(ALICE);
    const page = await go(jars, `${base}/account`);
    const html = await page.text();
    assert.equal(page.status, 200, html);
    assert.deepEqual(tagAttributes(html), { mode: 'server', endpoint: ENDPOINT });
    assert.match(html, /Signed in as <!-- -->auth0\|alice0001|Signed in as auth0\|alice0001/);
    assert.ok(!html.includes(tenant), 'the page does not name the tenant');
  });

  test('lists, links Google (tenant → callback → 303 → /result) and unlinks, as the element does', async () => {
    const jars = await signIn(ALICE);
    const listed = await element(jars, '');
    assert.equal(listed.status, 200, await listed.clone().text());
    const user = (await listed.json()) as { user_id: string; identities: Array<{ provider: string; user_id: string }> };
    assert.equal(user.user_id, ALICE);
    assert.ok(!ids(user.identities).includes(SPARE_GOOGLE));

    const callback = await journey.startLink(site, jars, SPARE_GOOGLE, { connection: 'google-oauth2' });
    assert.equal(`${callback.origin}${callback.pathname}`, `${base}${ENDPOINT}/callback`, 'the route handler is the callback');
    const back = location(await go(jars, callback.href), callback.href, 303);
    assert.equal(back.href, `${base}/account?tab=1&account_linker=done`);
    const outcome = (await (await element(jars, '/result')).json()) as { ok: boolean; added: { provider: string; user_id: string } };
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.equal(`${outcome.added.provider}|${outcome.added.user_id}`, SPARE_GOOGLE);
    assert.equal((await element(jars, '/result')).status, 204, 'single use');

    const unlinked = await element(jars, '/identities/google-oauth2/118000000000000000001', { method: 'DELETE' });
    assert.equal(unlinked.status, 200, await unlinked.clone().text());
    assert.ok(!ids(((await unlinked.json()) as { identities: Array<{ provider: string; user_id: string }> }).identities).includes(SPARE_GOOGLE));
  });

  test('the guards through the route handler: 401, csrf, returnTo, primary, a state from another session', async () => {
    const signedOut = await element(new Map(), '');
    assert.equal(signedOut.status, 401);
    const jars = await signIn(ALICE);
    const noHeader = await go(jars, `${base}${ENDPOINT}/link`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: base }, body: '{"returnTo":"/account"}' });
    assert.equal(((await noHeader.json()) as { code: string }).code, 'csrf');
    assert.equal((await element(jars, '/link', { method: 'POST', body: { returnTo: '//evil.example' } })).status, 400);
    const primary = await element(jars, '/identities/auth0/alice0001', { method: 'DELETE' });
    assert.equal(((await primary.json()) as { code: string }).code, 'primary-identity');
    const aliceAgain = await signIn(ALICE);
    const callback = await journey.startLink(site, aliceAgain, SPARE_GOOGLE);
    const bob = await signIn(BOB);
    assert.equal((await go(bob, callback.href)).status, 400, "Alice's state in Bob's browser");
    assert.deepEqual(ids(((await (await element(bob, '')).json()) as { identities: Array<{ provider: string; user_id: string }> }).identities), [BOB]);
    const forged = `demo_session=${Buffer.from(BOB).toString('base64url')}.not-the-mac`;
    assert.equal((await fetch(`${base}${ENDPOINT}`, { headers: { Cookie: forged, 'X-Account-Linker': '1' } })).status, 401, 'a forged session cookie');
  });

  for (const engine of ['chromium', 'firefox'] as const) {
    test(`in ${engine}: the element loads after hydration, lists, links through the tenant, shows the notice; the app hears account-linked`, async (t) => {
      const engines = (await import(pathToFileURL(join(ROOT, 'scripts/engines.mjs')).href)) as { selectedEngines(): string[]; findFirefox(): string | undefined };
      const { findChrome, chromeArgs } = (await import(pathToFileURL(join(ROOT, 'scripts/chrome.mjs')).href)) as { findChrome(): string | undefined; chromeArgs(): string[] };
      if (!engines.selectedEngines().includes(engine)) return t.skip(`BROWSERS leaves ${engine} out`);
      const executablePath = engine === 'chromium' ? findChrome() : engines.findFirefox();
      if (!executablePath) return t.skip(`no ${engine} on this machine`);
      const { default: puppeteer } = await import('puppeteer-core');
      const browser = await puppeteer.launch(
        engine === 'chromium'
          ? { executablePath, headless: true, args: chromeArgs() }
          : { browser: 'firefox', executablePath, headless: true, extraPrefsFirefox: { 'focusmanager.testmode': true } },
      );
      const answers: Promise<void>[] = [];
      try {
        const page = await browser.newPage();
        page.on('response', (response) => {
          if (!response.url().startsWith(base)) return;
          const head = `${response.status()}\n${Object.entries(response.headers()).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n`;
          const redirect = response.status() >= 300 && response.status() < 400;
          answers.push((redirect ? Promise.resolve('') : response.text().catch(() => '')).then((body) => void site.seen.push({ url: response.url(), text: head + body })));
        });
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(String(error)));
        const hasRow = (id: string, present = true) =>
          page.waitForFunction(
            (id, present) => [...(document.querySelector('account-linker')?.shadowRoot?.querySelectorAll('[part~="identity"]') ?? [])].some((li) => li.getAttribute('data-key') === id) === present,
            { timeout: 15000 },
            id,
            present,
          );
        const click = (selector: string) => page.evaluate((s) => (document.querySelector('account-linker')!.shadowRoot!.querySelector(s) as HTMLElement).click(), selector);

        await page.goto(`${base}/login?user=${encodeURIComponent(ALICE)}`);
        assert.equal(new URL(page.url()).pathname, '/account');
        await hasRow(ALICE);
        // Add account → the tenant's page (a full navigation) → pick the GitHub account → back.
        await Promise.all([page.waitForNavigation(), click('[part~="add-link"]')]);
        assert.equal(new URL(page.url()).origin, tenant, 'on the tenant');
        await Promise.all([page.waitForNavigation(), page.click(`button[data-identity="${SPARE_GITHUB}"]`)]);
        await page.waitForFunction(() => !!document.querySelector('account-linker')?.shadowRoot?.querySelector('[part~="notice"]'), { timeout: 15000 });
        await hasRow(SPARE_GITHUB);
        assert.equal(page.url(), `${base}/account`, 'the element removed account_linker=done');
        await page.waitForFunction(() => /account-linked/.test(document.getElementById('app-heard')?.textContent ?? ''), { timeout: 5000 });
        // Unlink, with the element's confirmation.
        await click(`[part~="identity"][data-key="${SPARE_GITHUB}"] [part~="unlink-button"]`);
        await page.waitForFunction(() => !!document.querySelector('account-linker')?.shadowRoot?.querySelector('[part~="confirm-unlink"]'), { timeout: 5000 });
        await click('[part~="confirm-unlink"]');
        await hasRow(SPARE_GITHUB, false);
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
        await Promise.all(answers);
      }
    });
  }

  test('no token of the tenant (and no secret) in any answer the browser got', async () => {
    assert.ok(site.seen.length > 20, `${site.seen.length} answers seen`);
    assert.deepEqual(site.seen.flatMap(({ url, text }) => journey.tokensIn(text, tenant).map((what) => `${url}: ${what}`)), []);
    await journey.assertScanWorks(tenant);
  });
});
