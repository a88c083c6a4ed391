/// <reference types="node" />
// The Koa middleware inside a real @web/dev-server on a loopback port: the demo server's setup.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { startDevServer } from '@web/dev-server';
import { mockMiddleware } from '../../../src/mock/middleware.js';
import { tenant } from '../../../src/mock/handlers.js';
import { DEMO_CLIENT_ID, DEMO_TOKENS, DEMO_USER_IDS, SPARE_USER_IDS } from '../../../src/mock/index.js';

let server: Awaited<ReturnType<typeof startDevServer>>;
let base = '';

before(async () => {
  server = await startDevServer({
    config: { port: 0, hostname: 'localhost', rootDir: process.cwd(), middleware: [mockMiddleware()] },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
    autoExitProcess: false,
  });
  base = `http://localhost:${(server.server!.address() as AddressInfo).port}`;
});
after(() => server.stop());
beforeEach(() => tenant.reset());

const userinfo = (token: string) => fetch(`${base}/userinfo`, { headers: { Authorization: `Bearer ${token}` } });

test('GET /authorize → the page, at the dev server origin; the decision redirects back with code', async () => {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: DEMO_CLIENT_ID,
    redirect_uri: `${base}/demo/`,
    state: 's1',
    access_token: DEMO_TOKENS.bob,
  });
  const page = await fetch(`${base}/authorize?${query}`, { redirect: 'manual' });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('Content-Type') ?? '', /^text\/html/);
  const html = await page.text();
  assert.match(html, new RegExp(`src="${base}/__mock/avatar/octo-spare\\.svg"`));
  const tx = /name="tx" value="([^"]+)"/.exec(html)![1]!;

  const decision = await fetch(`${base}/authorize/decision`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ tx, identity: SPARE_USER_IDS.github }),
  });
  assert.equal(decision.status, 302);
  const location = new URL(decision.headers.get('Location')!);
  assert.equal(`${location.origin}${location.pathname}`, `${base}/demo/`);
  assert.equal(location.searchParams.get('state'), 's1');
  assert.ok(location.searchParams.get('code'));
  assert.equal(tenant.getUser(DEMO_USER_IDS.bob)?.identities.length, 2);
});

test('GET /authorize errors are the 400 HTML page through the middleware too', async () => {
  const response = await fetch(`${base}/authorize?client_id=nobody`, { redirect: 'manual' });
  assert.equal(response.status, 400);
  assert.match(await response.text(), /Unknown client: nobody/);
});

test('GET /userinfo → 200 JSON, and 401 with WWW-Authenticate without a token', async () => {
  const ok = await userinfo(DEMO_TOKENS.alice);
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('Content-Type') ?? '', /^application\/json/);
  const profile = await ok.json();
  assert.equal(profile.user_id, DEMO_USER_IDS.alice);
  assert.equal(profile.picture, `${base}/__mock/avatar/alice.svg`);

  const denied = await fetch(`${base}/userinfo`);
  assert.equal(denied.status, 401);
  assert.equal(denied.headers.get('WWW-Authenticate'), 'Bearer');
  assert.equal(await denied.text(), 'Unauthorized');
});

test('POST /unlink with a JSON body → 200, and the identity is gone from /userinfo', async () => {
  const response = await fetch(`${base}/unlink`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ access_token: DEMO_TOKENS.alice, user_id: 'github|1234567' }),
  });
  assert.equal(response.status, 200);
  const ids = (await (await userinfo(DEMO_TOKENS.alice)).json()).identities.map(
    (i: { provider: string; user_id: unknown }) => `${i.provider}|${i.user_id}`,
  );
  assert.deepEqual(ids, ['auth0|alice0001', 'google-oauth2|104223456789012345678']);

  const primary = await fetch(`${base}/login/unlink`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ access_token: DEMO_TOKENS.alice, user_id: DEMO_USER_IDS.alice }),
  });
  assert.equal(primary.status, 400);
  assert.deepEqual(await primary.json(), { error: 'invalid_request', error_description: 'Main identity cannot be removed.' });
});

test('DELETE through the Management API and the CORS preflight', async () => {
  const preflight = await fetch(`${base}/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.alice)}/identities/github/1234567`, {
    method: 'OPTIONS',
    headers: { Origin: 'http://127.0.0.1:1234', 'Access-Control-Request-Method': 'DELETE' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), 'http://127.0.0.1:1234');
  const response = await fetch(`${base}/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.alice)}/identities/github/1234567`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${DEMO_TOKENS.alice}` },
  });
  assert.equal(response.status, 200);
  assert.equal((await response.json()).length, 2);
});

test('POST /__mock/reset → 204 with an empty body, and avatars are SVG', async () => {
  await fetch(`${base}/unlink`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ access_token: DEMO_TOKENS.alice, user_id: 'github|1234567' }),
  });
  const reset = await fetch(`${base}/__mock/reset`, { method: 'POST' });
  assert.equal(reset.status, 204);
  assert.equal(await reset.text(), '');
  assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3);
  const avatar = await fetch(`${base}/__mock/avatar/alice.svg`);
  assert.equal(avatar.headers.get('Content-Type'), 'image/svg+xml');
  assert.match(await avatar.text(), /<svg /);
});

test('other paths are left to the dev server', async () => {
  const file = await fetch(`${base}/package.json`);
  assert.equal(file.status, 200);
  assert.equal((await file.json()).name, JSON.parse(await readFile('package.json', 'utf8')).name);
  // A mock path with a method the mock does not answer falls through as well.
  const put = await fetch(`${base}/userinfo`, { method: 'PUT', body: 'x' });
  assert.equal(put.status, 404);
});

test('POST /__mock/settings and /__mock/fault reach the tenant through the middleware', async () => {
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal((await post('/__mock/settings', { legacyLinking: false })).status, 204);
  assert.equal(tenant.settings().legacyLinking, false);
  const oidc = await (await userinfo(DEMO_TOKENS.alice)).json();
  assert.equal(oidc.identities, undefined, 'the OIDC-conformant profile');
  assert.equal(oidc.email_verified, true);

  assert.equal((await post('/__mock/fault', { path: '/userinfo', status: 429 })).status, 204);
  const limited = await userinfo(DEMO_TOKENS.alice);
  assert.equal(limited.status, 429);
  assert.match(limited.headers.get('Retry-After') ?? '', /^\d+$/);
  assert.equal(limited.headers.get('X-RateLimit-Remaining'), '0');
  assert.equal((await userinfo(DEMO_TOKENS.alice)).status, 200);

  assert.equal((await fetch(`${base}/__mock/reset`, { method: 'POST' })).status, 204);
  assert.equal(tenant.settings().legacyLinking, true);
});
