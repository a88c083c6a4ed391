/// <reference types="node" />
// The package in each framework, as a user installs it (issue 20): examples/frameworks/ holds one
// small component per framework and the framework versions; its dependencies are installed ONCE
// into a cache folder outside the repository (keyed by a hash of its package.json; EXAMPLES_CACHE
// moves it), this repository is packed (`npm pack`) and the tarball installed there. Then:
// - every entry imports in plain Node (no DOM);
// - the types: tsc (React 19 JSX and the React wrapper, Preact, Solid), vue-tsc (a Vue 3.5 SFC) and
//   svelte-check (Svelte 5) pass on the untouched components and fail, at the changed line, on
//   copies with `mode="bogus"`, a token provider returning a number, or `event.detail.nope`;
//   the package's framework declarations are themselves checked as sources;
// - React: `account-linker/react` rendered on the server (react-dom/server), then hydrated in
//   Chromium (puppeteer-core) against a small server-mode endpoint: the attributes were in the
//   server's HTML, tokenProvider and the event props are on the element after hydration.
// Prints the times as a [figure] line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = join(ROOT, 'examples/frameworks');
const SOURCES = ['package.json', 'tsconfig.json', 'react', 'preact', 'solid', 'vue', 'svelte'];

const started = performance.now();
const figures: string[] = [];
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const since = performance.now();
  try {
    return await work();
  } finally {
    figures.push(`${label} ${seconds(since)} s`);
  }
};

/** Runs a command to its end; resolves with its exit code and output (stdout and stderr). */
function run(command: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}
async function must(command: string, args: string[], cwd: string): Promise<string> {
  const { code, out } = await run(command, args, cwd);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${out}`);
  return out;
}
const npm = (args: string[], cwd: string) => must(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, cwd);

let lock: string | undefined;
/** Takes `path` as a lock (a folder): another run on the machine waits; a lock over 15 minutes old is taken over. */
async function takeLock(path: string): Promise<void> {
  for (const since = Date.now(); ; ) {
    try {
      mkdirSync(path);
      lock = path;
      return;
    } catch {
      const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 15 * 60 * 1000) rmSync(path, { recursive: true, force: true });
      else if (Date.now() - since > 10 * 60 * 1000) throw new Error(`${path} is held by another run for over 10 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

let project: string;
let scratch: string;

before(
  async () => {
    // The wrappers and type entries (npm run build's last step), from the sources of this checkout.
    await timed('build', () => must(process.execPath, [join(ROOT, 'node_modules/rollup/dist/bin/rollup'), '-c', 'rollup.frameworks.config.mjs', '--silent'], ROOT));
    assert.ok(existsSync(join(ROOT, 'dist/lit-external/account-linker.js')), 'dist/ is built (npm run build)');

    const manifest = readFileSync(join(EXAMPLE, 'package.json'));
    const hash = createHash('sha256').update(manifest).digest('hex').slice(0, 16);
    const cache = process.env['EXAMPLES_CACHE'] ?? join(tmpdir(), 'account-linker-examples');
    project = join(cache, `frameworks-${hash}`);
    mkdirSync(cache, { recursive: true });
    await takeLock(`${project}.lock`);
    const marker = join(project, 'node_modules', '.account-linker-example-installed');
    if (!existsSync(marker)) {
      await timed('npm install (fresh)', async () => {
        rmSync(project, { recursive: true, force: true });
        mkdirSync(project, { recursive: true });
        writeFileSync(join(project, 'package.json'), manifest);
        await npm(['install', '--no-audit', '--no-fund', '--ignore-scripts'], project);
        writeFileSync(marker, '');
      });
    } else figures.push('npm install 0 s (cached)');
    for (const source of [...SOURCES, 'own', 'ssr']) rmSync(join(project, source), { recursive: true, force: true });
    for (const source of SOURCES) cpSync(join(EXAMPLE, source), join(project, source), { recursive: true });

    scratch = mkdtempSync(join(tmpdir(), 'account-linker-frameworks-pack-'));
    await timed('npm pack + install the tarball', async () => {
      const packed = JSON.parse(await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], ROOT)) as Array<{ filename: string }>;
      await npm(['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', join(scratch, packed[0]!.filename)], project);
    });
  },
  { timeout: 300_000 },
);

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  if (lock) rmSync(lock, { recursive: true, force: true });
  console.log(`[figure] frameworks: ${figures.join(', ')}; total ${seconds(started)} s`);
});

/** Runs an ES module with Node in the project; returns the JSON it printed last. */
async function inProject(source: string): Promise<Record<string, unknown>> {
  const file = join(project, `check-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, source);
  try {
    const out = await must(process.execPath, [file], project);
    return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
  } finally {
    rmSync(file, { force: true });
  }
}

describe('Node: no DOM', () => {
  test('every entry imports; `account-linker` resolves to the build on Lit\'s server shim and exports the real class', async () => {
    const out = await inProject(`
      import { fileURLToPath } from 'node:url';
      const out = { imported: {} };
      for (const id of ['account-linker', 'account-linker/lit-external', 'account-linker/react', 'account-linker/server',
        'account-linker/types/react', 'account-linker/types/preact', 'account-linker/types/solid', 'account-linker/types/vue', 'account-linker/types/svelte']) {
        try { await import(id); out.imported[id] = 'ok'; } catch (error) { out.imported[id] = error.name + ': ' + error.message; }
      }
      out.resolved = fileURLToPath(import.meta.resolve('account-linker')).replace(process.cwd() + '/', '');
      const { AccountLinker, defaultStrings } = await import('account-linker');
      out.accessors = ['mode', 'endpoint', 'tokenProvider', 'strings'].filter((key) => key in AccountLinker.prototype);
      out.strings = typeof defaultStrings.addAccount;
      out.defined = globalThis.customElements?.get('account-linker') === AccountLinker;
      out.dom = [typeof document, typeof window];
      console.log(JSON.stringify(out));
    `);
    for (const [id, result] of Object.entries(out['imported'] as Record<string, string>)) assert.equal(result, 'ok', id);
    assert.equal(out['resolved'], 'node_modules/account-linker/dist/lit-external/account-linker.js');
    assert.deepEqual(out['accessors'], ['mode', 'endpoint', 'tokenProvider', 'strings']);
    assert.equal(out['strings'], 'string');
    assert.equal(out['defined'], true, 'defined on the shim registry Lit installs in Node');
    assert.deepEqual(out['dom'], ['undefined', 'undefined'], 'no document or window is made up');
    // As the issue reported it: `node -e "import('account-linker')"`.
    const plain = await run(process.execPath, ['-e', "import('account-linker').then(() => console.log('imported'))"], project);
    assert.equal(plain.code, 0, plain.out);
  });

  test('React: account-linker/react renders on the server with the configuration as attributes, no property or handler', async () => {
    const out = await inProject(`
      import { createElement as h } from 'react';
      import { renderToString } from 'react-dom/server';
      import { AccountLinker } from 'account-linker/react';
      const html = renderToString(h(AccountLinker, {
        mode: 'server', endpoint: '/account/identities', clientId: 'abc123', popup: true, allowUnverifiedEmail: false,
        tokenProvider: async () => 'token', strings: { addAccount: 'Add' }, onAccountLinked: () => {}, className: 'wide',
      }));
      console.log(JSON.stringify({ html }));
    `);
    assert.equal(out['html'], '<account-linker mode="server" endpoint="/account/identities" client-id="abc123" popup="" class="wide"></account-linker>');
  });
});

/** A change that must fail the type check: the source line it applies to, and the new text. */
const MUTANTS: Array<[name: string, find: RegExp, replace: string]> = [
  ['bogus-mode', /mode="management"/, 'mode="bogus"'],
  ['number-token', /(tokenProvider=\{|:token-provider=")[\w.]+/, '$1() => 42'],
  ['no-such-detail', /event\.detail\.identities\.length/, 'event.detail.nope'],
];

/** Writes the mutants of `file` beside it (`Account.bogus-mode.tsx`, …); returns their paths and the changed lines. */
function writeMutants(file: string): Array<{ path: string; line: number }> {
  const text = readFileSync(join(project, file), 'utf8');
  return MUTANTS.map(([name, find, replace]) => {
    const matches = text.match(new RegExp(find.source, 'g')) ?? [];
    assert.equal(matches.length, 1, `${file}: ${find} appears once`);
    const index = text.search(find);
    const path = join(dirname(file), `${basename(file, extname(file))}.${name}${extname(file)}`);
    writeFileSync(join(project, path), text.replace(find, replace));
    return { path, line: text.slice(0, index).split('\n').length };
  });
}

/** Checks that the originals have no error and each mutant has one at its changed line. */
function judge(originals: string[], errors: Array<{ file: string; line: number; text: string }>, output: string) {
  for (const file of originals) {
    assert.deepEqual(errors.filter((e) => e.file === file).map((e) => `${e.line}: ${e.text}`), [], `${file} type-checks:\n${output}`);
  }
  for (const file of originals) {
    for (const mutant of writtenMutants.get(file)!) {
      const found = errors.filter((e) => e.file === mutant.path);
      assert.ok(found.some((e) => e.line === mutant.line), `${mutant.path}: an error at line ${mutant.line}, found ${JSON.stringify(found)}\n${output}`);
    }
  }
}
const writtenMutants = new Map<string, Array<{ path: string; line: number }>>();
const mutate = (files: string[]) => files.forEach((file) => writtenMutants.set(file, writeMutants(file)));
const tscErrors = (out: string) =>
  [...out.matchAll(/^(\S+?)\((\d+),\d+\): error (TS\d+: .*)$/gm)].map((m) => ({ file: m[1]!, line: Number(m[2]), text: m[3]! }));

describe('types, with no declaration of the app\'s own', () => {
  test('tsc: React 19 (the tag and account-linker/react), Preact, Solid', async () => {
    const files = ['react/Account.tsx', 'react/Wrapper.tsx', 'preact/Account.tsx', 'solid/Account.tsx'];
    mutate(files);
    const { out } = await timed('tsc', () => run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], project));
    judge(files, tscErrors(out), out);
  });

  test('vue-tsc: a Vue 3.5 single-file component', async () => {
    const files = ['vue/Account.vue'];
    mutate(files);
    const { out } = await timed('vue-tsc', () => run(process.execPath, ['node_modules/vue-tsc/bin/vue-tsc.js', '-p', 'vue/tsconfig.json'], project));
    judge(files, tscErrors(out), out);
  });

  test('svelte-check: a Svelte 5 component', async () => {
    const files = ['svelte/Account.svelte'];
    mutate(files);
    const { out } = await timed('svelte-check', () =>
      run(process.execPath, ['node_modules/svelte-check/bin/svelte-check', '--workspace', 'svelte', '--tsconfig', './tsconfig.json', '--output', 'machine'], project),
    );
    const errors = [...out.matchAll(/^\d+ (ERROR|WARNING) "(.+?)" (\d+):\d+ "(.*)"$/gm)].map((m) => ({ file: `svelte/${m[2]}`, line: Number(m[3]), text: `${m[1]} ${m[4]}` }));
    assert.match(out, /COMPLETED/, out);
    judge(files, errors, out);
  });

  test('the package\'s framework declarations type-check as sources (skipLibCheck hides a broken .d.ts in an app)', async () => {
    const own = join(project, 'own');
    mkdirSync(own, { recursive: true });
    const shipped = join(project, 'node_modules/account-linker/dist/types/frameworks');
    const names = readdirSync(shipped).filter((name) => name.endsWith('.d.ts'));
    assert.deepEqual(names.sort(), ['element.d.ts', 'jsx-preact.d.ts', 'jsx-react.d.ts', 'jsx-solid.d.ts', 'react.d.ts', 'svelte.d.ts', 'vue.d.ts']);
    for (const name of names) {
      const text = readFileSync(join(shipped, name), 'utf8').replaceAll("'../index.js'", "'account-linker'").replace(/from '\.\/([\w-]+)\.js'/g, "from './$1.ts'");
      writeFileSync(join(own, name.replace(/\.d\.ts$/, '.ts')), text);
    }
    writeFileSync(
      join(own, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], strict: true, noEmit: true, skipLibCheck: true, allowImportingTsExtensions: true, types: [] },
        include: ['*.ts'],
      }),
    );
    const { code, out } = await timed('tsc (declarations)', () => run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'own'], project));
    assert.equal(code, 0, out);
  });
});

describe('React in Chromium', () => {
  let server: Server | undefined;
  after(() => server?.close());

  test('account-linker/react: rendered on the server, hydrated late; tokenProvider and the event props work, the first event included; no early error', async (t) => {
    const { findChrome, chromeArgs } = (await import(pathToFileURL(join(ROOT, 'scripts/chrome.mjs')).href)) as { findChrome(): string | undefined; chromeArgs(): string[] };
    const executablePath = findChrome();
    if (!executablePath) return t.skip('no Chromium on this machine');
    const ssr = join(project, 'ssr');
    mkdirSync(ssr, { recursive: true });
    // The app: one module for the server's render and the browser's hydration.
    writeFileSync(
      join(ssr, 'app.mjs'),
      `import { createElement as h, useState } from 'react';
import { AccountLinker } from 'account-linker/react';
export const provider = async () => 'not-a-token';
export function App() {
  const [heard, setHeard] = useState([]);
  const hear = (what) => setHeard((list) => [...list, what]);
  return h('main', null,
    h(AccountLinker, {
      mode: 'server', endpoint: '/account/identities', tokenProvider: provider,
      onAccountLink: (event) => { event.preventDefault(); hear('account-link ' + new URL(event.detail.url).pathname); },
      onAccountLinked: (event) => hear('account-linked ' + event.detail.identities.length),
      onAccountLinkerError: (event) => hear('account-linker-error ' + event.detail.code),
    }),
    h('p', { id: 'heard' }, heard.join('; ')));
}
`,
    );
    writeFileSync(
      join(ssr, 'client.mjs'),
      `import { createElement as h } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { App, provider } from './app.mjs';
window.provider = provider;
// Late, as a large app's hydration is: an element that started before it would fire unheard.
setTimeout(() => hydrateRoot(document.getElementById('root'), h(App), { onRecoverableError: (error) => window.recoverable.push(String(error)) }), 300);
`,
    );
    const { html } = await inProject(`
      import { createElement as h } from 'react';
      import { renderToString } from 'react-dom/server';
      import { App } from './ssr/app.mjs';
      console.log(JSON.stringify({ html: renderToString(h(App)) }));
    `);
    assert.match(html as string, /<account-linker mode="server" endpoint="\/account\/identities"><\/account-linker>/);
    // The browser's bundle, as an app's bundler makes it (browser conditions, React's development build: it reports hydration mismatches).
    const { build } = await import('esbuild');
    await timed('esbuild', () =>
      build({ absWorkingDir: project, entryPoints: ['ssr/client.mjs'], bundle: true, splitting: true, format: 'esm', outdir: 'ssr/out', platform: 'browser', define: { 'process.env.NODE_ENV': '"development"' }, logLevel: 'silent' }),
    );
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>React</title>
<script>window.recoverable = []; window.early = []; document.addEventListener('account-linker-error', (e) => window.early.push(e.detail.code));</script>
<script type="module" src="/out/client.js"></script></head><body><div id="root">${html as string}</div></body></html>`;
    const alice = { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication', isSocial: false };
    const github = { provider: 'github', user_id: '7654321', connection: 'github', isSocial: true };
    const user = { user_id: 'auth0|alice0001', email: 'alice@example.com', identities: [alice, github] };
    // The outcome of a link the page returns from (`?account_linker=done`): single use.
    let result: unknown = { ok: true, added: github, identities: [alice, github] };
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const json = (status: number, body?: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? undefined : JSON.stringify(body));
      if (url.pathname === '/') return response.writeHead(200, { 'content-type': 'text/html' }).end(page);
      if (url.pathname.startsWith('/out/') && existsSync(join(ssr, url.pathname))) {
        return response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(ssr, url.pathname)));
      }
      if (url.pathname === '/account/identities') return json(200, user);
      if (url.pathname === '/account/identities/suggestions') return json(200, { suggestions: [] });
      if (url.pathname === '/account/identities/result') {
        const answer = result;
        result = undefined;
        return answer ? json(200, answer) : json(204);
      }
      if (url.pathname === '/account/identities/link' && request.method === 'POST') return json(200, { url: 'https://tenant.example.com/authorize?state=s' });
      return json(404, { code: 'http', message: 'not here' });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await timed('chromium', () => puppeteer.launch({ executablePath, headless: true, args: chromeArgs() }));
    try {
      const tab = await browser.newPage();
      const messages: string[] = [];
      tab.on('console', (message) => ['error', 'warn'].includes(message.type()) && messages.push(message.text()));
      tab.on('pageerror', (error) => messages.push(String(error)));
      // Back from the tenant: the element asks /result as it starts and fires account-linked.
      await tab.goto(`${base}/?account_linker=done`);
      // Hydrated: the property the server could not send, set by the wrapper.
      await tab.waitForFunction(() => (document.querySelector('account-linker') as unknown as { tokenProvider?: unknown }).tokenProvider === (window as unknown as { provider: unknown }).provider, { timeout: 15_000 });
      // The element started with the server's attributes: it lists from its endpoint, and its first event reached the app.
      await tab.waitForFunction(() => document.querySelector('account-linker')?.shadowRoot?.querySelectorAll('[part~="identity"]').length === 2, { timeout: 10_000 });
      await tab.waitForFunction(() => document.getElementById('heard')!.textContent!.includes('account-linked 2'), { timeout: 5_000 });
      // An event prop: account-link, cancelled by the app's handler (no navigation).
      await tab.evaluate(() => (document.querySelector('account-linker')!.shadowRoot!.querySelector('[part~="add-link"]') as HTMLElement).click());
      await tab.waitForFunction(() => document.getElementById('heard')!.textContent!.includes('account-link /authorize'), { timeout: 5_000 });
      // Another: account-linker-error (an identity it does not list).
      await tab.evaluate(() => (document.querySelector('account-linker') as unknown as { unlink(id: string): Promise<void> }).unlink('nope|1'));
      await tab.waitForFunction(() => document.getElementById('heard')!.textContent!.includes('account-linker-error invalid-config'), { timeout: 5_000 });
      assert.equal(new URL(tab.url()).href, `${base}/`, 'still on the page, account_linker removed');
      const state = await tab.evaluate(() => ({
        attributes: document.querySelector('account-linker')!.getAttributeNames().sort(),
        early: (window as unknown as { early: string[] }).early,
        recoverable: (window as unknown as { recoverable: string[] }).recoverable,
      }));
      assert.deepEqual(state.attributes, ['endpoint', 'mode']);
      // Only the error asked for above: none while the element waited for React (it had its configuration when it upgraded).
      assert.deepEqual(state.early, ['invalid-config']);
      assert.deepEqual(state.recoverable, [], 'hydration recovered from nothing');
      assert.deepEqual(messages.filter((text) => /hydrat|did not match|Warning/i.test(text)), [], messages.join('\n'));
    } finally {
      await browser.close();
    }
  });
});
