/// <reference types="node" />
// `npm start` (scripts/start.mjs), run as a person runs it: it reuses a dist/ that is newer than its
// sources and says so, rebuilds (and says why) when a source is newer, and prints only addresses
// that answer. Each run is in a scratch copy of the project's layout (its own dist/ and src/, whose
// times the test sets; the real demo, configuration and packages linked in), so the test neither
// rebuilds nor touches the repository's dist/, and on a free port (PORT), beside anything on 8000.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
/** What start.mjs checks (its OUTPUTS): the scratch dist/ needs them, and the demo loads them. */
const OUTPUTS = ['dist/account-linker.js', 'dist/lit-external/account-linker.js', 'dist/mock/browser.js', 'dist/mock/index.js', 'dist/mock/account-linker-mock.js'];
const LONG_AGO = new Date('2020-01-01T00:00:00Z');

/**
 * A scratch project: start.mjs copied into scripts/ (its root is where it lies), the demo, the
 * dev-server configuration and public/ linked, dist/ copied, src/ one file, node_modules linked
 * entry by entry except `rollup`, which is a stand-in that records the build it was asked for and
 * writes the outputs (a real build takes a minute and is not what this test is about).
 */
function scratchProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'account-linker-start-'));
  mkdirSync(join(root, 'scripts'));
  cpSync(join(repo, 'scripts/start.mjs'), join(root, 'scripts/start.mjs'));
  for (const linked of ['demo', 'public', 'web-dev-server.config.mjs', 'package.json']) symlinkSync(join(repo, linked), join(root, linked));
  cpSync(join(repo, 'dist'), join(root, 'dist'), { recursive: true, filter: (path) => !path.includes(`${join(repo, 'dist')}/types`) });
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src/index.ts'), '// a source\n');
  mkdirSync(join(root, 'node_modules'));
  for (const entry of readdirSync(join(repo, 'node_modules'))) {
    if (entry === 'rollup' || entry === '.bin') continue;
    symlinkSync(join(repo, 'node_modules', entry), join(root, 'node_modules', entry));
  }
  mkdirSync(join(root, 'node_modules/rollup/dist/bin'), { recursive: true });
  writeFileSync(
    join(root, 'node_modules/rollup/dist/bin/rollup'),
    `const { appendFileSync, utimesSync } = require('node:fs');
appendFileSync('build.log', process.argv.slice(2).join(' ') + '\\n');
const now = new Date();
for (const file of ${JSON.stringify(OUTPUTS)}) utimesSync(file, now, now);
`,
  );
  writeFileSync(join(root, 'node_modules/rollup/package.json'), '{"name":"rollup","type":"commonjs"}');
  return root;
}

/** Every source and output in `root` dated `sources` and `outputs`. */
function dated(root: string, { sources, outputs }: { sources: Date; outputs: Date }): void {
  utimesSync(join(root, 'src/index.ts'), sources, sources);
  for (const file of OUTPUTS) utimesSync(join(root, file), outputs, outputs);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Run {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the output so far once `pattern` is in it (or rejects when the process ends first). */
  waitFor: (pattern: RegExp, timeout?: number) => Promise<string>;
  stop: () => Promise<void>;
}

function start(root: string, env: Record<string, string>, args: string[] = []): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.mjs', ...args], {
    cwd: root,
    env: { ...process.env, NO_OPEN: '1', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: stopping it stops whatever it started.
    detached: true,
  });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    waitFor: (pattern, timeout = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeout} ms:\n${text}`)), timeout);
        const check = () => {
          if (!pattern.test(text)) return;
          clearTimeout(timer);
          resolve(text);
        };
        child.stdout!.on('data', check);
        child.stderr!.on('data', check);
        void exited.then((code) => {
          clearTimeout(timer);
          if (!pattern.test(text)) reject(new Error(`start.mjs ended (${code}) without ${pattern}:\n${text}`));
        });
        check();
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid!, 'SIGTERM');
        await exited;
      }
    },
  };
}

/** The http(s) addresses a line of output names. */
const addresses = (text: string) => [...text.matchAll(/https?:\/\/[^\s)]+/g)].map((m) => m[0]);

describe('npm start (scripts/start.mjs)', () => {
  let root: string;
  const runs: Run[] = [];
  before(() => {
    root = scratchProject();
  });
  after(async () => {
    await Promise.all(runs.map((run) => run.stop()));
    rmSync(root, { recursive: true, force: true });
  });

  test('a dist/ newer than every source is reused, said so, and the demo is served on PORT at the one address it prints', async () => {
    dated(root, { sources: LONG_AGO, outputs: new Date() });
    const port = await freePort();
    const run = start(root, { PORT: String(port) });
    runs.push(run);
    const text = await run.waitFor(/account-linker demo: .*Ctrl\+C/);
    assert.match(text, /npm start: dist\/ is up to date with src\/ \(built just now\): reusing it\./);
    assert.match(text, /npm start: starting the demo server…/);
    assert.doesNotMatch(text, /building dist\//);
    assert.equal(readdirSync(root).includes('build.log'), false, 'rollup was not run');
    // Only addresses that answer: no dev-server "Local:"/"Network:" lines, and each printed one serves the demo.
    assert.doesNotMatch(text, /Network:|Local:/);
    const printed = addresses(text);
    assert.deepEqual(printed, [`http://localhost:${port}/demo/`]);
    for (const address of printed) {
      const response = await fetch(address);
      assert.equal(response.status, 200, address);
      assert.match(await response.text(), /<account-linker/);
    }
    // The built element the demo loads comes from the dist/ it reused.
    assert.equal((await fetch(`http://localhost:${port}/dist/account-linker.js`)).status, 200);
    await run.stop();
  });

  test('on every interface (HOST=0.0.0.0): each address it prints answers, the LAN ones included', async () => {
    dated(root, { sources: LONG_AGO, outputs: new Date() });
    const port = await freePort();
    const run = start(root, { PORT: String(port), HOST: '0.0.0.0' });
    runs.push(run);
    const text = await run.waitFor(/account-linker demo: .*Ctrl\+C/);
    assert.doesNotMatch(text, /Network:|Local:/);
    const printed = addresses(text);
    assert.ok(printed.includes(`http://localhost:${port}/demo/`), printed.join(' '));
    for (const address of printed) assert.equal((await fetch(address)).status, 200, address);
    await run.stop();
  });

  test('a source newer than dist/ is rebuilt first, and the reason is the file that changed', async () => {
    dated(root, { sources: new Date(), outputs: LONG_AGO });
    const port = await freePort();
    const run = start(root, { PORT: String(port) });
    runs.push(run);
    const text = await run.waitFor(/account-linker demo: .*Ctrl\+C/);
    assert.match(text, /npm start: building dist\/ because src\/index\.ts changed after the last build \(/);
    assert.match(text, /npm start: built in \d+ s\./);
    assert.doesNotMatch(text, /reusing it/);
    assert.ok(readdirSync(root).includes('build.log'), 'rollup was run');
    assert.ok(text.indexOf('building dist/') < text.indexOf('starting the demo server'), 'built before serving');
    const response = await fetch(`http://localhost:${port}/demo/`);
    assert.equal(response.status, 200);
    await run.stop();
    rmSync(join(root, 'build.log'));
  });

  test('--build rebuilds a fresh dist/ and says it was asked to', async () => {
    dated(root, { sources: LONG_AGO, outputs: new Date() });
    const port = await freePort();
    const run = start(root, { PORT: String(port) }, ['--build']);
    runs.push(run);
    const text = await run.waitFor(/account-linker demo: .*Ctrl\+C/);
    assert.match(text, /npm start: building dist\/ because --build was given/);
    await run.stop();
    rmSync(join(root, 'build.log'));
  });
});
