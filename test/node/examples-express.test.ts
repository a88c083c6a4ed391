/// <reference types="node" />
// examples/express/app.mjs run as its comment says: the stand-alone tenant (`account-linker-mock`,
// the built command, on a free port, with examples/seed.json plus one user with a hostile name)
// and the app as a child process. A person's sign-in is played over HTTP: the app's /login, the
// tenant's /authorize page and its form, the app's /callback; then the rendered page must hold
// <account-linker> with a token that the tenant's Management API takes for listing AND for
// linking (the app signs in through the element's public application).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuiltCli, startMockProcess, stopAll, type MockProcess } from './mock-process.js';
import { decodeJwt } from '../../src/mock/tokens.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP = join(ROOT, 'examples/express/app.mjs');
const ADA = 'auth0|ada';
const GOOGLE = 'google-oauth2|110000000000000000042';
const HOSTILE_NAME = `Eve "><script>alert(1)</script> & 'friends'`;

let mock: MockProcess;
let app: ChildProcess;
let base: string;
let tenant: string;
let work: string;

/** A browser's cookie jar for one origin, enough for these two servers. */
class Jar {
  #cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.#cookies.set(name!.trim(), value.join('='));
    }
  }
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A GET or POST that keeps cookies per origin and never follows redirects (the test does). */
async function go(jars: Map<string, Jar>, url: string, init: RequestInit = {}): Promise<Response> {
  const origin = new URL(url).origin;
  if (!jars.has(origin)) jars.set(origin, new Jar());
  const jar = jars.get(origin)!;
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), Cookie: jar.header() } });
  jar.take(response);
  return response;
}

function location(response: Response, from: string): URL {
  assert.equal(response.status, 302, `a redirect from ${from}`);
  return new URL(response.headers.get('Location')!, from);
}

/** A person signs in at the app as `identity`: /account → /login → the tenant's page → /callback → /account. */
async function signIn(identity: string): Promise<{ jars: Map<string, Jar>; html: string }> {
  const jars = new Map<string, Jar>();
  const login = location(await go(jars, `${base}/account`), `${base}/account`);
  assert.equal(login.href, `${base}/login`, 'no session: to /login');
  const authorize = location(await go(jars, login.href), login.href);
  assert.equal(authorize.origin, tenant);
  assert.equal(authorize.pathname, '/authorize');
  const page = await go(jars, authorize.href);
  const form = await page.text();
  assert.equal(page.status, 200, form);
  const tx = /name="tx" value="([^"]+)"/.exec(form)?.[1];
  assert.ok(tx, 'the tenant shows its sign-in page');
  assert.match(form, new RegExp(`data-identity="${identity.replace('|', '\\|')}"`));
  const decision = await go(jars, `${tenant}/authorize/decision`, { method: 'POST', body: new URLSearchParams({ tx, identity }) });
  const callback = location(decision, `${tenant}/authorize/decision`);
  assert.equal(`${callback.origin}${callback.pathname}`, `${base}/callback`);
  const account = location(await go(jars, callback.href), callback.href);
  assert.equal(account.href, `${base}/account`);
  const response = await go(jars, account.href);
  const html = await response.text();
  assert.equal(response.status, 200, html);
  return { jars, html };
}

/** The tag's attributes as the HTML parser reads double-quoted values (entities decoded). */
function tagAttributes(html: string): Record<string, string> {
  const tag = /<account-linker\s([^>]*)>/.exec(html)?.[1];
  assert.ok(tag, 'the page has the tag');
  const decode = (value: string) =>
    value.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!);
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]));
}

before(async () => {
  await ensureBuiltCli();
  work = mkdtempSync(join(tmpdir(), 'account-linker-express-'));
  const seed = JSON.parse(readFileSync(join(ROOT, 'examples/seed.json'), 'utf8')) as { users: unknown[] };
  seed.users.push({
    user_id: 'auth0|eve',
    email: 'eve@example.com',
    name: HOSTILE_NAME,
    identities: [{ provider: 'auth0', user_id: 'eve', connection: 'Username-Password-Authentication', isSocial: false }],
  });
  writeFileSync(join(work, 'seed.json'), JSON.stringify(seed));
  mock = await startMockProcess(['--seed', join(work, 'seed.json'), '--port', '0', '--quiet']);
  tenant = mock.issuer.origin;

  app = spawn(process.execPath, [APP], {
    cwd: ROOT,
    env: { ...process.env, TENANT: mock.issuer.href, PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'a-secret-for-the-test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start in 15 s:\n${out}`)), 15_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Open (http:\/\/\S+)\/account/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    app.stdout!.on('data', read);
    app.stderr!.on('data', read);
    app.once('exit', (code) => reject(new Error(`the app exited (${code}):\n${out}`)));
  });
});

after(async () => {
  app?.kill('SIGTERM');
  await stopAll();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('examples/express (openid-client, express-session) against account-linker-mock', () => {
  test('signs Ada in and renders the tag with her Management API token; the tenant lists with it', async () => {
    const { html } = await signIn(ADA);
    const attributes = tagAttributes(html);
    assert.deepEqual(
      { ...attributes, 'access-token': '…' },
      { mode: 'management', domain: tenant, 'client-id': 'my-spa', 'redirect-uri': `${base}/account`, 'access-token': '…' },
    );
    const token = attributes['access-token']!;
    const claims = decodeJwt(token)?.payload ?? {};
    assert.equal(claims['sub'], ADA);
    assert.equal(claims['azp'], 'my-spa');
    assert.ok([claims['aud']].flat().includes(`${tenant}/api/v2/`), `aud ${JSON.stringify(claims['aud'])}`);
    assert.deepEqual(String(claims['scope']).split(' ').filter((s) => s.includes('current_user')).sort(), ['read:current_user', 'update:current_user_identities']);

    const user = await fetch(`${tenant}/api/v2/users/${encodeURIComponent(ADA)}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(user.status, 200);
    const { identities } = (await user.json()) as { identities: Array<{ provider: string; user_id: string | number }> };
    assert.deepEqual(identities.map((i) => `${i.provider}|${i.user_id}`), [ADA, 'github|1815']);
  });

  test('the token also links: a second sign-in through the same public application, as the element does it', async () => {
    const { html } = await signIn(ADA);
    const token = tagAttributes(html)['access-token']!;
    // What the element does on "Add account": /authorize with PKCE and prompt=login, the code
    // exchanged without a secret, the ID token sent as link_with with Ada's token.
    const verifier = 'v'.repeat(43);
    const challenge = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))).toString('base64url');
    const redirectUri = `${base}/account`;
    const authorize = new URL('/authorize', tenant);
    authorize.search = new URLSearchParams({
      response_type: 'code', client_id: 'my-spa', redirect_uri: redirectUri, scope: 'openid profile email', state: 's', nonce: 'n',
      code_challenge: challenge, code_challenge_method: 'S256', prompt: 'login', max_age: '0',
    }).toString();
    const page = await (await fetch(authorize, { redirect: 'manual' })).text();
    const tx = /name="tx" value="([^"]+)"/.exec(page)?.[1];
    assert.ok(tx, page);
    const back = await fetch(`${tenant}/authorize/decision`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ tx, identity: GOOGLE }) });
    const code = location(back, tenant).searchParams.get('code');
    assert.ok(code);
    const exchange = await fetch(`${tenant}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', client_id: 'my-spa', code, code_verifier: verifier, redirect_uri: redirectUri }),
    });
    assert.equal(exchange.status, 200);
    const { id_token: idToken } = (await exchange.json()) as { id_token: string };
    const link = await fetch(`${tenant}/api/v2/users/${encodeURIComponent(ADA)}/identities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ link_with: idToken }),
    });
    assert.equal(link.status, 201, await link.clone().text());
    const identities = (await link.json()) as Array<{ provider: string; user_id: string | number }>;
    assert.ok(identities.some((i) => `${i.provider}|${i.user_id}` === GOOGLE), 'Google is linked');
    const unlink = await fetch(`${tenant}/api/v2/users/${encodeURIComponent(ADA)}/identities/google-oauth2/110000000000000000042`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(unlink.status, 200);
  });

  test('a hostile profile name is escaped on the page, whose only script is the element', async () => {
    const { html } = await signIn('auth0|eve');
    assert.ok(!html.includes('<script>alert(1)</script>'), 'no live markup from the profile');
    assert.match(html, /Signed in as Eve &quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &#39;friends&#39;/);
    assert.equal(decodeJwt(tagAttributes(html)['access-token']!)?.payload['sub'], 'auth0|eve');
    // The only scripts are the element's: one <script src>.
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), ['<script type="module" src="/js/account-linker.js">']);
  });

  test('serves the element and its language chunks from the installed package', async () => {
    const element = await fetch(`${base}/js/account-linker.js`);
    assert.equal(element.status, 200);
    assert.match(element.headers.get('Content-Type') ?? '', /javascript/);
    const code = await element.text();
    assert.equal(code, readFileSync(join(ROOT, 'dist/account-linker.js'), 'utf8'));
    const chunk = /import\("\.\/(locales\/de-[\w-]+\.js)"\)/.exec(code)?.[1];
    assert.ok(chunk, 'the bundle imports a German chunk');
    assert.equal((await fetch(`${base}/js/${chunk}`)).status, 200);
    assert.equal((await fetch(`${base}/js/locales/nope.js`)).status, 404);
  });

  test('sessions: none without the cookie, a wrong state refused, sign-out ends it', async () => {
    const { jars } = await signIn(ADA);
    assert.equal(location(await go(new Map(), `${base}/account`), base).pathname, '/login', 'another browser has no session');

    const fresh = new Map<string, Jar>();
    const authorize = location(await go(fresh, `${base}/login`), base);
    const forged = await go(fresh, `${base}/callback?code=abc&state=${authorize.searchParams.get('state')}x`);
    assert.equal(forged.status, 400);
    assert.match(await forged.text(), /^Sign-in failed/);

    const logout = location(await go(jars, `${base}/logout`), base);
    assert.equal(`${logout.origin}${logout.pathname}`, `${tenant}/v2/logout`);
    assert.equal(logout.searchParams.get('returnTo'), `${base}/`);
    assert.equal(location(await go(jars, `${base}/account`), base).pathname, '/login', 'signed out');
  });
});
