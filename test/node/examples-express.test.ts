/// <reference types="node" />
// examples/express/app.mjs run as its comment says: the stand-alone tenant (`account-linker-mock`,
// the built command, its built-in tenant on a free port) and the app as a child process, both on
// loopback. A person's sign-in is played over HTTP with a cookie jar per origin: the app's
// /account, the tenant's /authorize page and its form, express-openid-connect's /callback (the
// Regular Web App with its secret). Then the element's requests are made as the element makes them
// (same origin, `X-Account-Linker: 1`): list, link (the /authorize URL the server built, the
// tenant's page, the linker's callback, 303 with account_linker=done, /result), unlink, and the
// guards. Every answer the app gives the "browser" is scanned for a token of the tenant.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuiltCli, startMockProcess, stopAll, type MockProcess } from './mock-process.js';
import * as journey from './examples-journey.js';
import { ENDPOINT, ids, location, tagAttributes, type Jars, type Site } from './examples-journey.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP = join(ROOT, 'examples/express/app.mjs');
const ALICE = 'auth0|alice0001';
const BOB = 'auth0|bob0002';
const SPARE_GOOGLE = 'google-oauth2|118000000000000000001';

let mock: MockProcess;
let app: ChildProcess;
let appOutput = '';
let base: string;
let tenant: string;
const site: Site = { base: '', tenant: '', seen: [] };

const go = (jars: Jars, url: string, init?: RequestInit) => journey.go(site, jars, url, init);
const element = (jars: Jars, path: string, init?: Parameters<typeof journey.element>[3]) => journey.element(site, jars, path, init);
const tenantSignIn = (jars: Jars, authorize: URL, identity: string) => journey.tenantSignIn(site, jars, authorize, identity);
const startLink = (jars: Jars, identity: string) => journey.startLink(site, jars, identity);

/** A person signs in at the app as `identity`: /account → the tenant's page → /callback → /account. */
async function signIn(identity: string): Promise<{ jars: Jars; html: string }> {
  const jars: Jars = new Map();
  const authorize = location(await go(jars, `${base}/account`), `${base}/account`);
  assert.equal(authorize.searchParams.get('client_id'), 'account-linker-regular', 'the Regular Web App signs in');
  assert.equal(authorize.searchParams.get('response_type'), 'code');
  const callback = await tenantSignIn(jars, authorize, identity);
  assert.equal(`${callback.origin}${callback.pathname}`, `${base}/callback`);
  const account = location(await go(jars, callback.href), callback.href);
  assert.equal(account.href, `${base}/account`);
  const response = await go(jars, account.href);
  const html = await response.text();
  assert.equal(response.status, 200, html);
  return { jars, html };
}

before(async () => {
  await ensureBuiltCli();
  mock = await startMockProcess(['--port', '0', '--quiet']);
  tenant = mock.issuer.origin;
  site.tenant = tenant;
  app = spawn(process.execPath, [APP], {
    cwd: ROOT,
    env: { ...process.env, AUTH0_DOMAIN: tenant, PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'a-session-secret-for-the-test-only', LINKER_SECRET: 'a-linker-secret-for-the-test-only-32+' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${appOutput}`)), 20000);
    const read = (chunk: Buffer) => {
      appOutput += chunk;
      const url = /Open (\S+)\/account/.exec(appOutput)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    app.stdout!.on('data', read);
    app.stderr!.on('data', read);
    app.once('exit', (code) => reject(new Error(`the app exited (${code}):\n${appOutput}`)));
  });
  site.base = base;
});

after(async () => {
  app?.kill('SIGTERM');
  await stopAll();
});

describe('examples/express (express-openid-connect as a Regular Web App, account-linker/server) against account-linker-mock', () => {
  test('signs Alice in with the secret and renders the tag in server mode: no token, no tenant in the page', async () => {
    const { html, jars } = await signIn(ALICE);
    assert.deepEqual(tagAttributes(html), { mode: 'server', endpoint: ENDPOINT });
    assert.match(html, /Signed in as Alice/);
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script type="module" src="/js/account-linker.js">']);
    assert.ok(!html.includes(tenant), 'the page does not name the tenant');
    assert.ok(jars.get(base)!.names().includes('appSession'), "express-openid-connect's session cookie");
  });

  test('lists, links Google (redirect → tenant → callback → 303 → /result) and unlinks, as the element does', async () => {
    const { jars } = await signIn(ALICE);
    const listed = await element(jars, '');
    assert.equal(listed.status, 200);
    const user = (await listed.json()) as { user_id: string; identities: Array<{ provider: string; user_id: string; access_token?: string }> };
    assert.equal(user.user_id, ALICE);
    assert.ok(ids(user.identities).includes(ALICE));
    assert.ok(!ids(user.identities).includes(SPARE_GOOGLE));
    assert.ok(user.identities.every((identity) => !('access_token' in identity)), 'IdP tokens removed');

    // POST /link: the server builds the /authorize URL (its state, nonce, PKCE, prompt=login, max_age=0).
    const started = await element(jars, '/link', { method: 'POST', body: { connection: 'google-oauth2', returnTo: '/account?tab=1', popup: false } });
    assert.equal(started.status, 200);
    const authorize = new URL(((await started.json()) as { url: string }).url);
    const query = Object.fromEntries(authorize.searchParams);
    assert.equal(query['client_id'], 'account-linker-regular');
    assert.equal(query['redirect_uri'], `${base}${ENDPOINT}/callback`);
    assert.equal(query['connection'], 'google-oauth2');
    assert.equal(query['prompt'], 'login');
    assert.equal(query['max_age'], '0');
    assert.equal(query['code_challenge_method'], 'S256');
    for (const name of ['state', 'nonce', 'code_challenge']) assert.ok(query[name], name);

    const callback = await tenantSignIn(jars, authorize, SPARE_GOOGLE);
    assert.equal(`${callback.origin}${callback.pathname}`, `${base}${ENDPOINT}/callback`);
    const back = location(await go(jars, callback.href), callback.href, 303);
    assert.equal(back.href, `${base}/account?tab=1&account_linker=done`, 'nothing but done in the URL');

    const result = await element(jars, '/result');
    assert.equal(result.status, 200);
    const outcome = (await result.json()) as { ok: boolean; added: { provider: string; user_id: string }; identities: Array<{ provider: string; user_id: string }> };
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.equal(`${outcome.added.provider}|${outcome.added.user_id}`, SPARE_GOOGLE);
    assert.ok(ids(outcome.identities).includes(SPARE_GOOGLE));
    assert.equal((await element(jars, '/result')).status, 204, 'single use');
    const relisted = (await (await element(jars, '')).json()) as { identities: Array<{ provider: string; user_id: string }> };
    assert.ok(ids(relisted.identities).includes(SPARE_GOOGLE), 'the tenant has it linked');

    // A replayed callback finds no transaction: 400, nothing linked again.
    const replay = await go(jars, callback.href);
    assert.equal(replay.status, 400);
    assert.match(await replay.text(), /state-mismatch|not started/);

    const unlinked = await element(jars, `/identities/google-oauth2/${encodeURIComponent('118000000000000000001')}`, { method: 'DELETE' });
    assert.equal(unlinked.status, 200, await unlinked.clone().text());
    const after = (await unlinked.json()) as { identities: Array<{ provider: string; user_id: string }> };
    assert.ok(!ids(after.identities).includes(SPARE_GOOGLE));
    assert.ok(ids(after.identities).includes(ALICE));
  });

  test('the guards: signed out 401, cross-site 403, returnTo only a path, the primary and foreign identities kept', async () => {
    const signedOut = await element(new Map(), '');
    assert.equal(signedOut.status, 401);
    assert.equal(((await signedOut.json()) as { code: string }).code, 'missing-token');

    const { jars } = await signIn(ALICE);
    const noHeader = await go(jars, `${base}${ENDPOINT}/link`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base },
      body: JSON.stringify({ returnTo: '/account' }),
    });
    assert.equal(noHeader.status, 403);
    assert.equal(((await noHeader.json()) as { code: string }).code, 'csrf');
    const foreign = await element(jars, '/link', { method: 'POST', body: { returnTo: '/account' }, headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' } });
    assert.equal(foreign.status, 403);
    for (const returnTo of ['//evil.example/x', '/\\evil.example', 'https://evil.example/']) {
      const refused = await element(jars, '/link', { method: 'POST', body: { returnTo } });
      assert.equal(refused.status, 400, returnTo);
    }
    const primary = await element(jars, '/identities/auth0/alice0001', { method: 'DELETE' });
    assert.equal(((await primary.json()) as { code: string }).code, 'primary-identity');
    const others = await element(jars, '/identities/auth0/bob0002', { method: 'DELETE' });
    assert.ok(others.status >= 400, 'not an identity of Alice');
    const list = (await (await element(jars, '')).json()) as { identities: Array<{ provider: string; user_id: string }> };
    assert.ok(ids(list.identities).includes(ALICE));
  });

  test("a code and state from Alice's link cannot be finished in Bob's session (code injection)", async () => {
    const alice = await signIn(ALICE);
    const callback = await startLink(alice.jars, SPARE_GOOGLE);
    const bob = await signIn(BOB);
    const injected = await go(bob.jars, callback.href);
    assert.equal(injected.status, 400, 'no transaction of this session');
    assert.equal((await element(bob.jars, '/result')).status, 204);
    const list = (await (await element(bob.jars, '')).json()) as { identities: Array<{ provider: string; user_id: string }> };
    assert.deepEqual(ids(list.identities), [BOB], 'nothing linked to Bob');
    // Alice's own browser still finishes it; then unlinks to leave the tenant as it was.
    location(await go(alice.jars, callback.href), callback.href, 303);
    assert.equal(((await (await element(alice.jars, '/result')).json()) as { ok: boolean }).ok, true);
    assert.equal((await element(alice.jars, '/identities/google-oauth2/118000000000000000001', { method: 'DELETE' })).status, 200);
  });

  test('a cancel at the tenant comes back as an authorize-error outcome, not a failure page', async () => {
    const { jars } = await signIn(ALICE);
    const started = await element(jars, '/link', { method: 'POST', body: { returnTo: '/account', popup: false } });
    const authorize = new URL(((await started.json()) as { url: string }).url);
    const cancel = await tenantSignIn(jars, authorize, 'cancel');
    assert.equal(cancel.searchParams.get('error'), 'access_denied', cancel.href);
    location(await go(jars, cancel.href), cancel.href, 303);
    const outcome = (await (await element(jars, '/result')).json()) as { ok: boolean; code: string };
    assert.deepEqual([outcome.ok, outcome.code], [false, 'authorize-error']);
  });

  test('serves the element and its chunks (modes, languages) from the installed package', async () => {
    const served = await fetch(`${base}/js/account-linker.js`);
    assert.equal(served.status, 200);
    assert.match(served.headers.get('Content-Type') ?? '', /javascript/);
    const code = await served.text();
    assert.equal(code, readFileSync(join(ROOT, 'dist/account-linker.js'), 'utf8'));
    const chunk = /import\("\.\/(locales\/de-[\w-]+\.js)"\)/.exec(code)?.[1];
    assert.ok(chunk, 'the bundle imports a German chunk');
    assert.equal((await fetch(`${base}/js/${chunk}`)).status, 200);
    assert.equal((await fetch(`${base}/js/locales/nope.js`)).status, 404);
    const mode = /import\("\.\/(chunks\/server[\w-]*\.js)"\)/.exec(code)?.[1];
    assert.ok(mode, 'the bundle imports the server mode');
    assert.equal((await fetch(`${base}/js/${mode}`)).status, 200);
  });

  test('sign-out ends the session at the app and the tenant', async () => {
    const { jars } = await signIn(ALICE);
    const logout = location(await go(jars, `${base}/logout`), base);
    assert.equal(`${logout.origin}${logout.pathname}`, `${tenant}/v2/logout`);
    assert.equal(logout.searchParams.get('client_id'), 'account-linker-regular');
    assert.equal((await element(jars, '')).status, 401, 'signed out');
    assert.equal(location(await go(jars, `${base}/account`), base).origin, tenant, 'to the sign-in again');
  });

  for (const engine of ['chromium', 'firefox'] as const) {
  test(`in ${engine}: signs in on the tenant's page, lists, links GitHub by redirect, sees the notice, unlinks`, async (t) => {
    const engines = (await import(pathToFileURL(join(ROOT, 'scripts/engines.mjs')).href)) as {
      selectedEngines(): string[];
      findFirefox(): string | undefined;
    };
    const { findChrome, chromeArgs } = (await import(pathToFileURL(join(ROOT, 'scripts/chrome.mjs')).href)) as { findChrome(): string | undefined; chromeArgs(): string[] };
    if (!engines.selectedEngines().includes(engine)) return t.skip(`BROWSERS leaves ${engine} out`);
    const executablePath = engine === 'chromium' ? findChrome() : engines.findFirefox();
    if (!executablePath) return t.skip(`no ${engine} on this machine`);
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch(
      engine === 'chromium'
        ? { executablePath, headless: true, args: chromeArgs() }
        : { browser: 'firefox', executablePath, headless: true, extraPrefsFirefox: { 'focusmanager.testmode': true, 'browser.shell.checkDefaultBrowser': false } },
    );
    const answers: Promise<void>[] = [];
    const recorded = site.seen.length;
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
      const shadow = (selector: string) => page.evaluate((s) => [...(document.querySelector('account-linker')?.shadowRoot?.querySelectorAll(s) ?? [])].map((el) => `${el.getAttribute('data-provider')}|${el.getAttribute('data-user-id')}`), selector);
      const hasRow = (id: string, present = true) =>
        page.waitForFunction(
          (id, present) => [...(document.querySelector('account-linker')?.shadowRoot?.querySelectorAll('[part~="identity"]') ?? [])].some((li) => `${li.getAttribute('data-provider')}|${li.getAttribute('data-user-id')}` === id) === present,
          { timeout: 15000 },
          id,
          present,
        );
      const click = (selector: string) => page.evaluate((s) => (document.querySelector('account-linker')!.shadowRoot!.querySelector(s) as HTMLElement).click(), selector);

      await page.goto(`${base}/account`);
      assert.equal(new URL(page.url()).origin, tenant, "signed out: the tenant's sign-in page");
      await Promise.all([page.waitForNavigation(), page.click(`button[data-identity="${ALICE}"]`)]);
      assert.equal(page.url(), `${base}/account`);
      await hasRow(ALICE);

      await Promise.all([page.waitForNavigation(), click('[part~="add-link"]')]);
      assert.equal(new URL(page.url()).origin, tenant, 'Add account: to the tenant');
      await Promise.all([page.waitForNavigation(), page.click('button[data-identity="github|7654321"]')]);
      await page.waitForFunction(() => !!document.querySelector('account-linker')?.shadowRoot?.querySelector('[part~="notice"]'), { timeout: 15000 });
      await hasRow('github|7654321');
      assert.equal(page.url(), `${base}/account`, 'the element removed account_linker=done');

      await click('[part~="identity"][data-key="github|7654321"] [part~="unlink-button"]');
      await page.waitForFunction(() => !!document.querySelector('account-linker')?.shadowRoot?.querySelector('[part~="confirm-unlink"]'), { timeout: 5000 });
      await click('[part~="confirm-unlink"]');
      await hasRow('github|7654321', false);
      assert.ok((await shadow('[part~="identity"]')).includes(ALICE));
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await Promise.all(answers);
    }
    // The browser's answers were recorded with their bodies (for the scan below).
    assert.ok(site.seen.slice(recorded).some(({ url, text }) => url.endsWith(`${ENDPOINT}/result`) && text.includes('"ok":true')), `${engine}: bodies recorded`);
  });
  }

  test('in webkit (MiniBrowser over WebDriver): signs in, links GitHub by redirect, sees the notice, unlinks', async (t) => {
    const engines = (await import(pathToFileURL(join(ROOT, 'scripts/engines.mjs')).href)) as {
      selectedEngines(): string[];
      missingFor(engine: string): unknown[];
      findMiniBrowser(): string;
      findWebKitWebDriver(): string;
      findXvfb(): string;
    };
    if (!engines.selectedEngines().includes('webkit')) return t.skip('BROWSERS leaves webkit out');
    if (engines.missingFor('webkit').length > 0) return t.skip('no WebKitWebDriver, MiniBrowser or Xvfb here');
    // Xvfb on a free display (it writes the number to fd 3), then WebKitWebDriver on a free port.
    const xvfb = spawn(engines.findXvfb(), ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    let driver: ChildProcess | undefined;
    let session: string | undefined;
    let webdriver = '';
    const call = async (method: string, path: string, body?: unknown): Promise<any> => {
      const response = await fetch(`${webdriver}${path}`, { method, headers: { 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
      const json = (await response.json()) as { value: any };
      if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(json.value).slice(0, 300)}`);
      return json.value;
    };
    try {
      const display = await new Promise<string>((resolve, reject) => {
        let out = '';
        (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (chunk) => {
          out += chunk;
          const match = /^(\d+)\s/.exec(out);
          if (match) resolve(`:${match[1]}`);
        });
        xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
      });
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as { port: number };
          probe.close(() => resolve(port));
        });
      });
      driver = spawn(engines.findWebKitWebDriver(), [`--port=${port}`, '--host=local'], { stdio: 'ignore', env: { ...process.env, DISPLAY: display, GDK_BACKEND: 'x11' } });
      webdriver = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`${webdriver}/status`)).ok) break;
        } catch {
          if (i > 150) throw new Error('WebKitWebDriver did not start');
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      session = (
        await call('POST', '/session', {
          capabilities: { alwaysMatch: { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: engines.findMiniBrowser(), args: ['--automation'] } } },
        })
      ).sessionId as string;
      const run = (script: string, ...args: unknown[]) => call('POST', `/session/${session}/execute/sync`, { script, args });
      const url = async () => (await call('GET', `/session/${session}/url`)) as string;
      const until = async (what: string, check: () => Promise<boolean>) => {
        for (const started = Date.now(); !(await check()); ) {
          if (Date.now() - started > 15000) throw new Error(`webkit: waited 15 s for ${what} (at ${await url()})`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };
      const ROWS = `return [...(document.querySelector('account-linker')?.shadowRoot?.querySelectorAll('[part~="identity"]') ?? [])].map((li) => li.getAttribute('data-key'))`;
      const rows = async () => (await run(ROWS)) as string[];
      const clickShadow = (selector: string) => run(`document.querySelector('account-linker').shadowRoot.querySelector(arguments[0]).click()`, selector);

      await call('POST', `/session/${session}/url`, { url: `${base}/account` });
      await until("the tenant's page", async () => (await url()).startsWith(`${tenant}/authorize`));
      await run(`document.querySelector(arguments[0]).click()`, `button[data-identity="${ALICE}"]`);
      await until("Alice's list", async () => (await url()) === `${base}/account` && (await rows()).includes(ALICE));

      await clickShadow('[part~="add-link"]');
      await until("the tenant's page for the link", async () => (await url()).startsWith(`${tenant}/authorize`));
      await run(`document.querySelector(arguments[0]).click()`, 'button[data-identity="github|7654321"]');
      await until('the notice and the new row', async () => (await rows()).includes('github|7654321') && (await run(`return !!document.querySelector('account-linker').shadowRoot.querySelector('[part~="notice"]')`)) === true);
      assert.equal(await url(), `${base}/account`, 'the element removed account_linker=done');

      await clickShadow('[part~="identity"][data-key="github|7654321"] [part~="unlink-button"]');
      await until('the confirmation', async () => (await run(`return !!document.querySelector('account-linker').shadowRoot.querySelector('[part~="confirm-unlink"]')`)) === true);
      await clickShadow('[part~="confirm-unlink"]');
      await until('the row gone', async () => !(await rows()).includes('github|7654321'));
      assert.ok((await rows()).includes(ALICE));
    } finally {
      if (session) await call('DELETE', `/session/${session}`).catch(() => undefined);
      driver?.kill('SIGTERM');
      xvfb.kill('SIGTERM');
    }
  });

  test('no token of the tenant (and no secret) in any answer the browser got', async () => {
    assert.ok(site.seen.length > 40, `${site.seen.length} answers seen`);
    assert.deepEqual(site.seen.flatMap(({ url, text }) => journey.tokensIn(text, tenant).map((what) => `${url}: ${what}`)), []);
    await journey.assertScanWorks(tenant);
  });

  test('waits for the tenant, bounded, with a clear message instead of ECONNREFUSED', async () => {
    const child = spawn(process.execPath, [APP], {
      cwd: ROOT,
      env: { ...process.env, AUTH0_DOMAIN: 'http://127.0.0.1:9', PORT: '0', HOST: '127.0.0.1', WAIT_SECONDS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (chunk) => (out += chunk));
    child.stderr!.on('data', (chunk) => (out += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(out, /Waiting for the Auth0 tenant at http:\/\/127\.0\.0\.1:9/);
    assert.match(out, /did not answer in 1 s[\s\S]*npx account-linker-mock/);
    assert.ok(!/ECONNREFUSED|at .*\(node:/.test(out), out);
  });
});
