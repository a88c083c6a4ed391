/// <reference types="node" />
// Hardening of the mock tenant (issue "Hardening", items 11, 12, 14, 16), against msw/node: each
// test is the attack that found the defect.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getResponse } from 'msw';
import { createHandlers, createTenant, DEMO_SCOPE, DEMO_TOKENS, DEMO_USER_IDS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import {
  ORIGIN,
  authorizeQuery,
  bearer,
  decide,
  exchange,
  getAuthorize,
  identityIds,
  loginWith,
  openAuthorizePage,
  postJson,
  redirectParams,
  url,
  useMockTenant,
} from '../helpers.js';

const tenant = useMockTenant();

const ALICE = `/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.alice)}`;
const offered = (html: string) => [...html.matchAll(/data-identity="([^"]+)"/g)].map((m) => m[1]);

/** A browser login as `identity` asking for `scope` for the Management API: the token response. */
async function tokensFor(identity: string, scope: string) {
  const response = await exchange({ code: await loginWith(identity, { scope, audience: `${ORIGIN}/api/v2/` }) });
  assert.equal(response.status, 200);
  return (await response.json()) as { access_token: string; scope: string };
}

describe('11. /authorize grants only the scopes the client may have', () => {
  test('a browser login asking for update:users read:users gets neither, and cannot act on another user', async () => {
    const { access_token, scope } = await tokensFor(SPARE_USER_IDS.github, 'openid update:users read:users');
    assert.equal(scope, 'openid');
    const read = await fetch(url(ALICE), { headers: bearer(access_token) });
    assert.equal(read.status, 403);
    const link = await postJson(`${ALICE}/identities`, { link_with: 'x.y.z' }, bearer(access_token));
    assert.equal(link.status, 403);
    const unlink = await fetch(url(`${ALICE}/identities/github/1234567`), { method: 'DELETE', headers: bearer(access_token) });
    assert.equal(unlink.status, 403);
    assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3);
  });

  test('with the allowed scopes alongside, the admin ones are dropped: other users stay off limits', async () => {
    const { access_token, scope } = await tokensFor(SPARE_USER_IDS.github, `${DEMO_SCOPE} read:users update:users`);
    assert.equal(scope, DEMO_SCOPE);
    const other = await fetch(url(ALICE), { headers: bearer(access_token) });
    assert.equal(other.status, 403);
    assert.equal((await other.json()).errorCode, 'unowned_resource');
    const own = await fetch(url(`/api/v2/users/${encodeURIComponent(SPARE_USER_IDS.github)}`), { headers: bearer(access_token) });
    assert.equal(own.status, 200);
  });

  test('unknown scopes are dropped too; requested order is kept, duplicates go', async () => {
    const { scope } = await tokensFor(SPARE_USER_IDS.google, 'email openid  email offline_access create:users admin');
    assert.equal(scope, 'email openid offline_access');
  });

  test('the admin path is kept: a token the tenant issues with read:users may still read any user', async () => {
    const admin = tenant.issueAccessToken(DEMO_USER_IDS.bob, { scope: 'read:users', azp: 'back-end', issuer: `${ORIGIN}/` });
    assert.equal((await fetch(url(ALICE), { headers: bearer(admin) })).status, 200);
  });
});

describe('12. /authorize/decision accepts only the identities the page offered', () => {
  test('an identity the page did not offer is refused: nothing linked, and the transaction still works', async () => {
    // Bob's link page for the github connection offers github identities only.
    const { html, tx } = await openAuthorizePage({ access_token: DEMO_TOKENS.bob, connection: 'github' });
    assert.deepEqual(offered(html), [SPARE_USER_IDS.github, 'github|1234567']);
    const forged = await decide({ tx, identity: SPARE_USER_IDS.google });
    assert.equal(forged.status, 400);
    assert.match(await forged.text(), /not offered/);
    assert.deepEqual(identityIds(tenant.getUser(DEMO_USER_IDS.bob)!.identities), [DEMO_USER_IDS.bob]);
    assert.ok(tenant.getUser(SPARE_USER_IDS.google), 'the spare is still its own user');
    assert.ok(redirectParams(await decide({ tx, identity: SPARE_USER_IDS.github })).get('code'));
  });

  test("a plain sign-in cannot name someone the page did not list (carol's login on a github page)", async () => {
    const { tx } = await openAuthorizePage({ connection: 'github' });
    assert.equal((await decide({ tx, identity: DEMO_USER_IDS.carol })).status, 400);
  });

  test("one page's choices are not another's: the offer is per transaction", async () => {
    const google = await openAuthorizePage({ connection: 'google-oauth2' });
    const github = await openAuthorizePage({ access_token: DEMO_TOKENS.alice, connection: 'github' });
    assert.ok(offered(google.html).includes(SPARE_USER_IDS.google));
    assert.equal((await decide({ tx: github.tx, identity: SPARE_USER_IDS.google })).status, 400);
    assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3);
  });

  test('a plain sign-in page offers the database logins too (any account can sign in)', async () => {
    const { html, tx } = await openAuthorizePage();
    assert.ok(offered(html).includes(DEMO_USER_IDS.alice));
    assert.ok(redirectParams(await decide({ tx, identity: DEMO_USER_IDS.alice })).get('code'));
  });
});

describe('14. routes match exact paths; the controls refuse other origins', () => {
  test('a path that merely ends like a route is not answered (no unlink, no reset)', async () => {
    const local = createTenant();
    const handlers = createHandlers(local);
    const request = (path: string, body: unknown) =>
      new Request(`${ORIGIN}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const unlink = await getResponse(handlers, request('/api/v2/users/x/y/z/unlink', { access_token: DEMO_TOKENS.alice, user_id: 'github|1234567' }));
    assert.equal(unlink, undefined);
    assert.equal(local.getUser(DEMO_USER_IDS.alice)?.identities.length, 3);

    local.configure({ legacyLinking: false });
    assert.equal(await getResponse(handlers, request('/api/v2/users/x/__mock/reset', {})), undefined);
    assert.equal(await getResponse(handlers, request('/anything/__mock/settings', { legacyLinking: true })), undefined);
    assert.equal(local.settings().legacyLinking, false);
    for (const path of ['/x/userinfo', '/userinfo/x', '/x/authorize', `/v1${ALICE}`]) {
      assert.equal(await getResponse(handlers, new Request(`${ORIGIN}${path}`, { headers: bearer(DEMO_TOKENS.alice) })), undefined, path);
    }
    // The real paths still answer, with their parameters decoded.
    const own = await getResponse(handlers, new Request(`${ORIGIN}${ALICE}`, { headers: bearer(DEMO_TOKENS.alice) }));
    assert.equal(own?.status, 200);
  });

  test('a cross-origin POST /__mock/reset is refused with 403 and no CORS headers', async () => {
    tenant.configure({ legacyLinking: false });
    const response = await fetch(url('/__mock/reset'), { method: 'POST', headers: { Origin: 'http://evil.example' } });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
    assert.equal(tenant.settings().legacyLinking, false, 'not reset');
  });

  test('cross-origin /__mock/settings and /__mock/fault are refused as well, preflights included', async () => {
    const evil = { Origin: 'http://localhost:9000' };
    assert.equal((await postJson('/__mock/settings', { legacyLinking: false }, evil)).status, 403);
    assert.equal((await fetch(url('/__mock/settings'), { headers: evil })).status, 403);
    assert.equal((await postJson('/__mock/fault', { path: '/userinfo', status: 500 }, evil)).status, 403);
    assert.equal((await fetch(url('/__mock/fault'), { method: 'DELETE', headers: { Origin: 'null' } })).status, 403);
    assert.equal(tenant.settings().legacyLinking, true);
    assert.deepEqual(tenant.faults(), []);
    const preflight = await fetch(url('/__mock/reset'), {
      method: 'OPTIONS',
      headers: { ...evil, 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), null);
    assert.notEqual(preflight.status, 204);
  });

  test('the controls still answer their own origin and callers without an Origin (tests, curl)', async () => {
    tenant.configure({ legacyLinking: false });
    const same = await fetch(url('/__mock/reset'), { method: 'POST', headers: { Origin: ORIGIN } });
    assert.equal(same.status, 204);
    assert.equal(same.headers.get('Access-Control-Allow-Origin'), null);
    assert.equal(tenant.settings().legacyLinking, true);
    assert.equal((await postJson('/__mock/settings', { legacyLinking: false })).status, 204);
    assert.equal(tenant.settings().legacyLinking, false);
  });

  test('the tenant routes keep their CORS for other origins', async () => {
    const response = await fetch(url('/userinfo'), { headers: { ...bearer(DEMO_TOKENS.alice), Origin: 'http://localhost:9000' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), 'http://localhost:9000');
  });
});

describe('16. Referrer-Policy: no-referrer on the mock\'s pages', () => {
  const policy = (response: Response) => response.headers.get('Referrer-Policy');

  test('the picker, the error page and the web_message page', async () => {
    const picker = await getAuthorize(authorizeQuery());
    assert.match(picker.headers.get('Content-Type') ?? '', /^text\/html/);
    assert.equal(policy(picker), 'no-referrer');
    const tx = /name="tx" value="([^"]+)"/.exec(await picker.text())![1]!;

    const error = await getAuthorize({ client_id: 'nobody' });
    assert.equal(error.status, 400);
    assert.equal(policy(error), 'no-referrer');
    assert.equal(policy(await decide({ tx: 'unknown', identity: SPARE_USER_IDS.github })), 'no-referrer');

    const popup = await openAuthorizePage({ response_mode: 'web_message' });
    const message = await decide({ tx: popup.tx, identity: SPARE_USER_IDS.github });
    assert.match(await message.text(), /postMessage/);
    assert.equal(policy(message), 'no-referrer');

    // The redirect back and the JSON answers carry it as well.
    assert.equal(policy(await decide({ tx, identity: SPARE_USER_IDS.github })), 'no-referrer');
    assert.equal(policy(await fetch(url('/userinfo'), { headers: bearer(DEMO_TOKENS.alice) })), 'no-referrer');
  });
});
