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
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuiltCli, startMockProcess, stopAll, type MockProcess } from './mock-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP = join(ROOT, 'examples/express/app.mjs');
const ENDPOINT = '/account/identities';
const ALICE = 'auth0|alice0001';
const BOB = 'auth0|bob0002';
const SPARE_GOOGLE = 'google-oauth2|118000000000000000001';
const SECRETS = ['regular-web-app-secret-not-for-production', 'm2m-secret-not-for-production'];

let mock: MockProcess;
let app: ChildProcess;
let appOutput = '';
let base: string;
let tenant: string;
/** Every answer of the app (status line, headers, body), for the token scan. */
const seen: Array<{ url: string; text: string }> = [];

/** A browser's cookie jar for one origin, enough for these two servers (Max-Age=0 / expired clears). */
class Jar {
  #cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair!.split('=');
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (gone) this.#cookies.delete(name!.trim());
      else this.#cookies.set(name!.trim(), value.join('='));
    }
  }
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  names(): string[] {
    return [...this.#cookies.keys()];
  }
}

type Jars = Map<string, Jar>;

/** A request with the cookies of its origin that never follows redirects (the test does). */
async function go(jars: Jars, url: string, init: RequestInit = {}): Promise<Response> {
  const origin = new URL(url).origin;
  if (!jars.has(origin)) jars.set(origin, new Jar());
  const jar = jars.get(origin)!;
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), Cookie: jar.header() } });
  jar.take(response);
  if (origin === base) {
    const body = await response.clone().text();
    seen.push({ url, text: `${response.status}\n${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${body}` });
  }
  return response;
}

/** What the element sends in server mode: same origin, the header, JSON. */
function element(jars: Jars, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'X-Account-Linker': '1', 'Sec-Fetch-Site': 'same-origin', ...init.headers };
  if (init.method && init.method !== 'GET') headers['Origin'] ??= base;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  return go(jars, `${base}${ENDPOINT}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

function location(response: Response, from: string, status = 302): URL {
  assert.equal(response.status, status, `a ${status} from ${from}`);
  return new URL(response.headers.get('Location')!, from);
}

/** The tenant's sign-in page for `authorize`: picks `identity` and returns where the tenant redirects. */
async function tenantSignIn(jars: Jars, authorize: URL, identity: string): Promise<URL> {
  assert.equal(authorize.origin, tenant);
  assert.equal(authorize.pathname, '/authorize');
  const page = await go(jars, authorize.href);
  const form = await page.text();
  assert.equal(page.status, 200, form);
  const tx = /name="tx" value="([^"]+)"/.exec(form)?.[1];
  assert.ok(tx, 'the tenant shows its sign-in page');
  const decision = await go(jars, `${tenant}/authorize/decision`, { method: 'POST', body: new URLSearchParams({ tx, identity }) });
  return location(decision, `${tenant}/authorize/decision`);
}

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

/** `POST /link` → the server's /authorize URL → the tenant's page as `identity` → the linker's callback URL. */
async function startLink(jars: Jars, identity: string, body: Record<string, unknown> = {}): Promise<URL> {
  const started = await element(jars, '/link', { method: 'POST', body: { returnTo: '/account?tab=1', popup: false, ...body } });
  assert.equal(started.status, 200, await started.clone().text());
  const authorize = new URL(((await started.json()) as { url: string }).url);
  return tenantSignIn(jars, authorize, identity);
}

/** The tag's attributes as the HTML parser reads double-quoted values (entities decoded). */
function tagAttributes(html: string): Record<string, string> {
  const tag = /<account-linker\s([^>]*)>/.exec(html)?.[1];
  assert.ok(tag, 'the page has the tag');
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

const ids = (identities: Array<{ provider: string; user_id: string | number }>) => identities.map((i) => `${i.provider}|${i.user_id}`);

/** What in `text` (URL-decoded) is a token of the tenant, or one of its client secrets. */
function tokensIn(text: string): string[] {
  const found: string[] = [];
  const decoded = text.replace(/(%[0-9A-F]{2})+/gi, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      return m;
    }
  });
  for (const secret of SECRETS) if (decoded.includes(secret)) found.push('a client secret');
  // A JWT's or JWE's JSON segments name the tenant (`iss`): ID tokens, access tokens, the M2M
  // token, the tenant's opaque tokens. The app's own encrypted session cookie does not.
  for (const [segment] of decoded.matchAll(/eyJ[A-Za-z0-9_-]{8,}/g)) {
    const json = Buffer.from(segment, 'base64url').toString('utf8');
    if (json.includes(tenant)) found.push(json.slice(0, 120));
  }
  return found;
}

before(async () => {
  await ensureBuiltCli();
  mock = await startMockProcess(['--port', '0', '--quiet']);
  tenant = mock.issuer.origin;
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
    const page = await (await go(jars, authorize.href)).text();
    const tx = /name="tx" value="([^"]+)"/.exec(page)?.[1]!;
    const cancel = location(await go(jars, `${tenant}/authorize/decision`, { method: 'POST', body: new URLSearchParams({ tx, action: 'cancel' }) }), tenant);
    assert.equal(cancel.searchParams.get('error'), 'access_denied', cancel.href);
    location(await go(jars, cancel.href), cancel.href, 303);
    const outcome = (await (await element(jars, '/result')).json()) as { ok: boolean; code: string };
    assert.deepEqual([outcome.ok, outcome.code], [false, 'authorize-error']);
  });

  test('serves the element and its language chunks from the installed package', async () => {
    const served = await fetch(`${base}/js/account-linker.js`);
    assert.equal(served.status, 200);
    assert.match(served.headers.get('Content-Type') ?? '', /javascript/);
    const code = await served.text();
    assert.equal(code, readFileSync(join(ROOT, 'dist/account-linker.js'), 'utf8'));
    const chunk = /import\("\.\/(locales\/de-[\w-]+\.js)"\)/.exec(code)?.[1];
    assert.ok(chunk, 'the bundle imports a German chunk');
    assert.equal((await fetch(`${base}/js/${chunk}`)).status, 200);
    assert.equal((await fetch(`${base}/js/locales/nope.js`)).status, 404);
  });

  test('sign-out ends the session at the app and the tenant', async () => {
    const { jars } = await signIn(ALICE);
    const logout = location(await go(jars, `${base}/logout`), base);
    assert.equal(`${logout.origin}${logout.pathname}`, `${tenant}/v2/logout`);
    assert.equal(logout.searchParams.get('client_id'), 'account-linker-regular');
    assert.equal((await element(jars, '')).status, 401, 'signed out');
    assert.equal(location(await go(jars, `${base}/account`), base).origin, tenant, 'to the sign-in again');
  });

  test('no token of the tenant (and no secret) in any answer the browser got', async () => {
    assert.ok(seen.length > 40, `${seen.length} answers seen`);
    const leaks = seen.flatMap(({ url, text }) => tokensIn(text).map((what) => `${url}: ${what}`));
    assert.deepEqual(leaks, []);
    // The scan finds what it looks for: an M2M token and an opaque token of this tenant.
    const m2m = await fetch(`${tenant}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'account-linker-m2m', client_secret: SECRETS[1], audience: `${tenant}/api/v2/` }),
    });
    const { access_token: token } = (await m2m.json()) as { access_token: string };
    assert.equal(tokensIn(`x-header: ${encodeURIComponent(token)}`).length, 1, 'the payload of a JWT');
    assert.equal(tokensIn(`{"a":"${Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', iss: `${tenant}/` })).toString('base64url')}..abc.def.ghi"}`).length, 1);
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
