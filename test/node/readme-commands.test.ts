/// <reference types="node" />
// The README's quick start for one's own app, run as written: its commands are read from README.md's
// code blocks (from "**Install it.**" to the end of "## Quick start"; nothing here repeats them), and
// run in a scratch app folder outside the repository: `npm pack` in this clone (into a cache folder,
// keyed by the tarball's shasum, with scripts off: the test packs the dist/ already built), the
// tarball installed in the app (once per tarball: the app folder is cached with it), then the
// commands of the "Try it against the mock" block started side by side (the tenant, the static
// server), with the page the prose names copied in and the token it names pasted over its
// placeholder. Then: the page and the element's module are served, the element's first request
// (its user, with the pasted token, from the page's origin) is answered by the tenant, and Chromium
// (when there is one) shows the user's accounts in the element. Prints the times as a [figure] line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bannerTokens } from './mock-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const started = performance.now();
const figures: string[] = [];
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** One command of a README code block: its text as written, and its trailing comment. */
interface Command {
  text: string;
  comment: string;
}

/** The own-app part of the README's quick start: the commands to run in order, then the servers, and the prose's copy step. */
export function ownAppSteps(readme: string) {
  const quickStart = /^## Quick start\n([\s\S]*?)^## /m.exec(readme)?.[1];
  assert.ok(quickStart, 'README.md has a "## Quick start" section');
  const from = quickStart.indexOf('**Install it.**');
  assert.ok(from >= 0, 'the quick start has an "**Install it.**" step');
  const ownApp = quickStart.slice(from);
  const blocks = [...ownApp.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => ({
    at: match.index!,
    commands: match[1]!
      .split('\n')
      .filter((line) => line.trim())
      .map((line): Command => {
        const [text, ...comment] = line.split(/\s+#\s+/);
        return { text: text!.trim(), comment: comment.join(' # ') };
      }),
  }));
  const tryIt = ownApp.indexOf('**Try it against the mock**');
  assert.ok(tryIt >= 0, 'the quick start has a "**Try it against the mock**" step');
  const prose = ownApp.slice(tryIt);
  const copy = /copy\s+\[`([^`]+)`\]/.exec(prose)?.[1];
  const paste = /paste the token the tenant printed under `([^`]+)` over `([^`]+)`/.exec(prose.replace(/\s+/g, ' '));
  assert.ok(copy && paste, `the "Try it" step names a page to copy and a token to paste:\n${prose.slice(0, 400)}`);
  return {
    /** Run one after another to their end. */
    setup: blocks.filter((block) => block.at < tryIt).flatMap((block) => block.commands),
    /** Started side by side and left running (a tenant, a server). */
    servers: blocks.filter((block) => block.at > tryIt).flatMap((block) => block.commands),
    copy,
    user: paste[1]!,
    placeholder: paste[2]!,
  };
}

const steps = ownAppSteps(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const children: ChildProcess[] = [];
let app: string;
let pageUrl: URL;
let token: string;
let tenantOutput = '';

/** Runs a command line (through the shell, as a person types it) to its end; rejects with its output when it fails. */
function runLine(line: string, cwd: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(line, { shell: true, cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`\`${line}\` (in ${cwd}) exited ${code}:\n${out}`))));
  });
}

/** Starts a command line that keeps running (its own process group, so it and its children stop together). */
function startLine(line: string, cwd: string, onOutput: (text: string) => void): ChildProcess {
  const child = spawn(line, { shell: true, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => onOutput(String(chunk)));
  child.stderr!.on('data', (chunk) => onOutput(String(chunk)));
  children.push(child);
  return child;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeout = 20000): Promise<T> {
  for (const since = Date.now(); Date.now() - since < timeout; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

const inClone = (command: Command) => /\bin the clone\b/.test(command.comment);

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist/account-linker.js')), 'dist/ is built (npm run build)');
  const cache = process.env['EXAMPLES_CACHE'] ?? join(tmpdir(), 'account-linker-examples');
  mkdirSync(cache, { recursive: true });

  // The tarball `npm pack` would write, known by its shasum without writing it.
  let since = performance.now();
  const [dry] = JSON.parse(await runLine('npm pack --dry-run --json --ignore-scripts', ROOT)) as Array<{ shasum: string; filename: string }>;
  app = join(cache, `readme-app-${dry!.shasum.slice(0, 16)}`);
  const installed = join(app, 'node_modules', '.account-linker-readme-installed');
  if (existsSync(installed)) {
    figures.push(`npm pack + install 0 s (cached, ${seconds(since)} s to check)`);
  } else {
    // One app per tarball: the ones of older tarballs go.
    for (const old of readdirSync(cache).filter((name) => name.startsWith('readme-app-'))) rmSync(join(cache, old), { recursive: true, force: true });
    mkdirSync(app, { recursive: true });
    // An app of one's own: a package.json, nothing more.
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-app', private: true, type: 'module' }, null, 2));
    const packed = join(app, '.packed');
    mkdirSync(packed);
    for (const command of steps.setup) {
      if (inClone(command)) {
        // As written, in the clone; the tarball goes to a folder of the test (not the working tree),
        // and no scripts run (the dist/ under test is built already).
        await runLine(command.text, ROOT, { npm_config_pack_destination: packed, npm_config_ignore_scripts: 'true' });
        // "with the tarball copied there"
        for (const file of readdirSync(packed)) copyFileSync(join(packed, file), join(app, file));
      } else {
        await runLine(command.text, app, { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_ignore_scripts: 'true' });
      }
    }
    writeFileSync(installed, '');
    figures.push(`npm pack + install ${seconds(since)} s (fresh)`);
  }

  // The tenant and the static server, on the ports the README names: they must be free.
  const ports = steps.servers.flatMap((command) => [...command.text.matchAll(/\b(\d{4,5})\b/g)].map((m) => Number(m[1])));
  const opened = steps.servers.flatMap((command) => /open (https?:\/\/\S+)/.exec(command.comment)?.[1] ?? []);
  assert.equal(opened.length, 1, 'a server command says which page to open');
  pageUrl = new URL(opened[0]!);
  for (const port of ports) assert.ok(await portFree(port), `port ${port} (as the README has it) is in use on this machine`);

  since = performance.now();
  const [tenantCommand, ...others] = steps.servers;
  startLine(tenantCommand!.text, app, (text) => (tenantOutput += text));
  token = await until(`${steps.user}'s token in the tenant's banner`, () => (tenantOutput.includes('Ctrl-C') ? bannerTokens(tenantOutput)[steps.user] : undefined)).catch(
    (error: Error) => assert.fail(`${error.message}; \`${tenantCommand!.text}\` printed:\n${tenantOutput}`),
  );
  figures.push(`tenant up ${seconds(since)} s`);

  // "copy <page> there, paste the token … over <placeholder>"
  const page = readFileSync(join(ROOT, steps.copy), 'utf8');
  assert.ok(page.includes(steps.placeholder), `${steps.copy} holds "${steps.placeholder}"`);
  writeFileSync(join(app, basename(steps.copy)), page.replace(steps.placeholder, token));

  since = performance.now();
  for (const command of others) startLine(command.text, app, () => {});
  await until(`${pageUrl.href} to answer`, async () => ((await fetch(pageUrl)).ok ? true : undefined));
  figures.push(`page served ${seconds(since)} s`);
});

after(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    }
  }
  console.log(`[figure] readme-commands: ${figures.join(', ')}; whole file ${seconds(started)} s`);
});

describe("the README's own-app quick start, run as written against the packed tarball and account-linker-mock", () => {
  let attributes: Record<string, string>;

  test('the page is served, with the element and its module', async () => {
    const response = await fetch(pageUrl);
    assert.equal(response.status, 200);
    const html = await response.text();
    const tag = /<account-linker\b([^>]*)>/.exec(html)?.[1];
    assert.ok(tag, 'the page has an <account-linker> tag');
    attributes = Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    assert.equal(attributes['access-token'], token, 'the pasted token');
    const src = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
    assert.ok(src);
    const script = await fetch(new URL(src, pageUrl));
    assert.equal(script.status, 200, `${src} is served from the app folder`);
    assert.match(script.headers.get('Content-Type') ?? '', /javascript/);
  });

  test("the tenant answers the element's first request: the user and their accounts, to the page's origin", async () => {
    const domain = attributes['domain']!;
    const response = await fetch(new URL(`/api/v2/users/${encodeURIComponent(steps.user)}`, domain), {
      headers: { Authorization: `Bearer ${token}`, Origin: pageUrl.origin },
    });
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), pageUrl.origin);
    const user = (await response.json()) as { identities: unknown[] };
    assert.ok(user.identities.length >= 1);
  });

  test('in Chromium: the element lists the accounts, with no error', async (t) => {
    const { findChrome, chromeArgs } = (await import(pathToFileURL(join(ROOT, 'scripts/chrome.mjs')).href)) as { findChrome(): string | undefined; chromeArgs(): string[] };
    const executablePath = findChrome();
    if (!executablePath) return t.skip('no Chromium on this machine');
    const since = performance.now();
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch({ executablePath, headless: true, args: chromeArgs() });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      // (The browser's own /favicon.ico request is the app's business: the page names no icon.)
      page.on('response', (response) => void (response.status() >= 400 && !response.url().endsWith('/favicon.ico') && errors.push(`${response.status()} ${response.url()}`)));
      await page.goto(pageUrl.href);
      const rows = await page.waitForFunction(
        () => {
          const root = document.querySelector('account-linker')?.shadowRoot;
          if (root?.querySelector('[part~="error"]')) return root.querySelector('[part~="error"]')!.textContent;
          const ids = [...(root?.querySelectorAll('[part~="identity"]') ?? [])].map((li) => `${li.getAttribute('data-provider')}|${li.getAttribute('data-user-id')}`);
          return ids.length ? ids : false;
        },
        { timeout: 15000 },
      );
      const shown = await rows.jsonValue();
      assert.ok(Array.isArray(shown), `the element shows an error: ${shown}`);
      assert.equal(shown[0], steps.user);
      assert.deepEqual(errors, []);
      figures.push(`Chromium ${seconds(since)} s`);
    } finally {
      await browser.close();
    }
  });
});
