/// <reference types="node" />
// What a server that links (server mode, issues 18 and 21) needs of the tenant: a Regular Web App
// (client secret) signs the second account in with code + PKCE, nonce, prompt=login and max_age=0
// and gets an RS256 ID token (auth_time, nonce, email_verified) the JWKS verifies (here through
// openid-client, unchanged); the M2M client gets read:users update:users for <origin>/api/v2/, looks
// users up by email and links / unlinks by {provider, user_id} (here also through node-auth0); a seed
// registers the server's callback URL.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import * as oidc from 'openid-client';
import { ManagementClient } from 'auth0';
import {
  createHandlers,
  createTenant,
  DEMO_SEED,
  DEMO_TOKENS,
  DEMO_USER_IDS,
  M2M_CLIENT_ID,
  M2M_CLIENT_SECRET,
  REGULAR_CLIENT_ID,
  REGULAR_CLIENT_SECRET,
  SPA_CLIENT_ID,
  SPARE_USER_IDS,
  withClientUrls,
  type MockUser,
} from '../../../src/mock/index.js';
import { decodeJwt } from '../../../src/mock/tokens.js';
import { identityIds, verifyWithJwks } from '../helpers.js';

const ORIGIN = 'https://tenant.example.com';
const CALLBACK = 'https://app.test/account-linker/callback';
const ALICE = DEMO_USER_IDS.alice;

const seed = withClientUrls(REGULAR_CLIENT_ID, { callbacks: [CALLBACK] }, DEMO_SEED);
const tenant = createTenant({ seed });
const server = setupServer(...createHandlers(tenant));
before(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => tenant.reset());
after(() => server.close());

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});

async function m2mToken(): Promise<{ access_token: string; scope: string }> {
  const answer = await fetch(`${ORIGIN}/oauth/token`, form({
    grant_type: 'client_credentials',
    client_id: M2M_CLIENT_ID,
    client_secret: M2M_CLIENT_SECRET,
    audience: `${ORIGIN}/api/v2/`,
  }));
  assert.equal(answer.status, 200);
  return answer.json();
}

const byEmail = (email: string | undefined, token: string, extra: Record<string, string> = {}) => {
  const query = new URLSearchParams({ ...(email === undefined ? {} : { email }), ...extra });
  return fetch(`${ORIGIN}/api/v2/users-by-email?${query}`, { headers: { Authorization: `Bearer ${token}` } });
};

async function expectApiError(answer: Response, statusCode: number, message: string, errorCode?: string) {
  assert.equal(answer.status, statusCode);
  const body = await answer.json();
  assert.equal(body.statusCode, statusCode);
  assert.equal(body.message, message);
  assert.equal(body.errorCode, errorCode);
}

describe('the Regular Web App signs the second account in (openid-client)', () => {
  test('code + PKCE, nonce, prompt=login, max_age=0 → an RS256 ID token with auth_time, nonce, email_verified, verified by the JWKS', async () => {
    const config = await oidc.discovery(new URL(`${ORIGIN}/`), REGULAR_CLIENT_ID, REGULAR_CLIENT_SECRET);
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
      prompt: 'login',
      max_age: '0',
      connection: 'github',
    });
    const page = await fetch(authorize);
    assert.equal(page.status, 200, 'the sign-in page, whatever session there is');
    const tx = /name="tx" value="([^"]+)"/.exec(await page.text())![1]!;
    const decided = await fetch(`${ORIGIN}/authorize/decision`, { ...form({ tx, identity: SPARE_USER_IDS.github }), redirect: 'manual' });
    assert.equal(decided.status, 302);
    const callback = new URL(decided.headers.get('Location')!);
    assert.equal(`${callback.origin}${callback.pathname}`, CALLBACK);

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
      maxAge: 0,
    });
    const claims = tokens.claims()!;
    assert.equal(claims.sub, SPARE_USER_IDS.github);
    assert.equal(claims.aud, REGULAR_CLIENT_ID);
    assert.equal(claims.iss, `${ORIGIN}/`);
    assert.equal(claims.nonce, nonce);
    assert.equal(typeof claims.auth_time, 'number');
    assert.ok(Math.abs((claims.auth_time as number) - tenant.now()) <= 1, 'auth_time is the sign-in just made');
    assert.equal(claims.email_verified, true);
    assert.equal(decodeJwt(tokens.id_token!)!.header.alg, 'RS256');
    assert.equal(await verifyWithJwks(tokens.id_token!), true, 'the JWKS verifies it');
  });

  test('the code is for the confidential client only: no secret, a wrong one, or a public client → 401/403', async () => {
    const query = new URLSearchParams({ client_id: REGULAR_CLIENT_ID, redirect_uri: CALLBACK, response_type: 'code', scope: 'openid' });
    const code = async () => {
      const tx = /name="tx" value="([^"]+)"/.exec(await (await fetch(`${ORIGIN}/authorize?${query}`)).text())![1]!;
      const decided = await fetch(`${ORIGIN}/authorize/decision`, { ...form({ tx, identity: ALICE }), redirect: 'manual' });
      return new URL(decided.headers.get('Location')!).searchParams.get('code')!;
    };
    const exchange = (fields: Record<string, string>) => fetch(`${ORIGIN}/oauth/token`, form({ grant_type: 'authorization_code', redirect_uri: CALLBACK, ...fields }));
    assert.equal((await exchange({ code: await code(), client_id: REGULAR_CLIENT_ID })).status, 401);
    assert.equal((await exchange({ code: await code(), client_id: REGULAR_CLIENT_ID, client_secret: 'wrong' })).status, 401);
    assert.equal((await exchange({ code: await code(), client_id: SPA_CLIENT_ID })).status, 403);
  });
});

describe('a seed registers the server\'s callback (withClientUrls)', () => {
  test('the Regular Web App accepts it; the SPA does not; the demo seed is unchanged', async () => {
    const authorize = (client_id: string) =>
      fetch(`${ORIGIN}/authorize?${new URLSearchParams({ client_id, redirect_uri: CALLBACK, response_type: 'code' })}`);
    assert.equal((await authorize(REGULAR_CLIENT_ID)).status, 200);
    const spa = await authorize(SPA_CLIENT_ID);
    assert.equal(spa.status, 400);
    assert.match(await spa.text(), /Callback URL mismatch/);
    assert.ok(!DEMO_SEED.clients.find((c) => c.client_id === REGULAR_CLIENT_ID)!.callbacks.includes(CALLBACK));
  });

  test('loopback callbacks of any port are allowed already (http://localhost:PORT/<endpoint>/callback)', async () => {
    const query = new URLSearchParams({ client_id: REGULAR_CLIENT_ID, redirect_uri: 'http://localhost:3917/account-linker/callback', response_type: 'code' });
    assert.equal((await fetch(`${ORIGIN}/authorize?${query}`)).status, 200);
  });

  test('an unknown client or a URL Auth0 would refuse is a TypeError', () => {
    assert.throws(() => withClientUrls('nobody', { callbacks: [CALLBACK] }), TypeError);
    assert.throws(() => withClientUrls(REGULAR_CLIENT_ID, { callbacks: ['/relative'] }), /callbacks: \/relative/);
    assert.throws(() => withClientUrls(REGULAR_CLIENT_ID, { web_origins: ['https://app.test/path'] }), /web_origins/);
  });
});

describe('the M2M client', () => {
  test('client credentials for <origin>/api/v2/ → read:users update:users', async () => {
    const { access_token, scope } = await m2mToken();
    assert.equal(scope, 'read:users update:users');
    const payload = decodeJwt(access_token)!.payload;
    assert.equal(payload.aud, `${ORIGIN}/api/v2/`);
    assert.equal(payload.sub, `${M2M_CLIENT_ID}@clients`);
    assert.equal(payload.gty, 'client-credentials');
  });

  test('links by {provider, user_id} (201, identities) and unlinks (200, the rest)', async () => {
    const { access_token } = await m2mToken();
    const headers = { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' };
    const linked = await fetch(`${ORIGIN}/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.bob)}/identities`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ provider: 'github', user_id: '7654321' }),
    });
    assert.equal(linked.status, 201);
    assert.deepEqual(identityIds(await linked.json()), [DEMO_USER_IDS.bob, 'github|7654321']);
    const unlinked = await fetch(`${ORIGIN}/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.bob)}/identities/github/7654321`, { method: 'DELETE', headers });
    assert.equal(unlinked.status, 200);
    assert.deepEqual(identityIds(await unlinked.json()), [DEMO_USER_IDS.bob]);
  });
});

describe('GET /api/v2/users-by-email (read:users)', () => {
  test('an array of full users (identities included) whose email is exactly the one asked for, verified or not', async () => {
    const { access_token } = await m2mToken();
    const answer = await byEmail('alice@example.com', access_token);
    assert.equal(answer.status, 200);
    const users = (await answer.json()) as MockUser[];
    // The seed's: Alice, her own separate Apple sign-up (verified), an impostor's sign-up (unverified).
    assert.deepEqual(users.map((u) => u.user_id), [ALICE, SPARE_USER_IDS.aliceApple, SPARE_USER_IDS.aliceImpostor]);
    const alice = users.find((u) => u.user_id === ALICE)!;
    assert.deepEqual(identityIds(alice.identities), identityIds(tenant.getUser(ALICE)!.identities));
    assert.equal(alice.picture.startsWith(`${ORIGIN}/`), true);
    assert.equal(users.find((u) => u.user_id === SPARE_USER_IDS.aliceApple)!.email_verified, true);
    assert.equal(users.find((u) => u.user_id === SPARE_USER_IDS.aliceImpostor)!.email_verified, false, 'the caller decides what counts');
    assert.equal(JSON.stringify(users).includes('"access_token"'), false, 'no IdP tokens');
  });

  test('a linked account is no other user any more: after the link only Alice has the email', async () => {
    const { access_token } = await m2mToken();
    const linked = await fetch(`${ORIGIN}/api/v2/users/${encodeURIComponent(ALICE)}/identities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ provider: 'apple', user_id: '001842.5c3d9ab6e1f04b7d8a2c6e9f0b1d3a57.1402' }),
    });
    assert.equal(linked.status, 201, await linked.clone().text());
    const users = (await (await byEmail('alice@example.com', access_token)).json()) as MockUser[];
    assert.deepEqual(users.map((u) => u.user_id), [ALICE, SPARE_USER_IDS.aliceImpostor]);
    assert.ok(identityIds(users[0]!.identities).includes(SPARE_USER_IDS.aliceApple), 'the Apple login is one of Alice\'s identities');
  });

  test('case-sensitive, as Auth0 documents: another case finds nobody; no match is []', async () => {
    const { access_token } = await m2mToken();
    assert.deepEqual(await (await byEmail('Alice@Example.com', access_token)).json(), []);
    assert.deepEqual(await (await byEmail('nobody@example.com', access_token)).json(), []);
  });

  test('fields and include_fields', async () => {
    const { access_token } = await m2mToken();
    const only = await (await byEmail('bob@example.com', access_token, { fields: 'user_id,email' })).json();
    assert.deepEqual(only, [{ user_id: DEMO_USER_IDS.bob, email: 'bob@example.com' }]);
    const without = await (await byEmail('bob@example.com', access_token, { fields: 'identities', include_fields: 'false' })).json();
    assert.equal(without[0].identities, undefined);
    assert.equal(without[0].user_id, DEMO_USER_IDS.bob);
  });

  test('Auth0\'s errors: a missing or malformed email, no token, an opaque token, no read:users', async () => {
    const { access_token } = await m2mToken();
    await expectApiError(await byEmail(undefined, access_token), 400, "Query validation error: 'Missing required property: email'.", 'invalid_query_string');
    await expectApiError(
      await byEmail('not-an-email', access_token),
      400,
      "Query validation error: 'Object didn't pass validation for format email: not-an-email' on property email (Email address to search for (case-sensitive)).",
      'invalid_query_string',
    );
    await expectApiError(await fetch(`${ORIGIN}/api/v2/users-by-email?email=alice@example.com`), 401, 'Invalid token');
    await expectApiError(await byEmail('alice@example.com', 'a..b.c.d'), 400, 'Bad HTTP authentication header format', 'Bearer');
    // A browser's token (read:current_user) may read only its own user, never look others up.
    await expectApiError(await byEmail('alice@example.com', DEMO_TOKENS.alice), 403, 'Insufficient scope, expected any of: read:users', 'insufficient_scope');
  });

  test('node-auth0\'s ManagementClient finds them (users.listUsersByEmail)', async () => {
    const management = new ManagementClient({ domain: new URL(ORIGIN).host, clientId: M2M_CLIENT_ID, clientSecret: M2M_CLIENT_SECRET, maxRetries: 0 });
    const found = await management.users.listUsersByEmail({ email: 'bob@example.com' });
    const users = (Array.isArray(found) ? found : (found as { data: MockUser[] }).data) as MockUser[];
    assert.deepEqual(users.map((u) => u.user_id), [DEMO_USER_IDS.bob]);
  });

  test('a mock path: the middleware lets it through', async () => {
    const { isMockPath } = await import('../../../src/mock/index.js');
    assert.equal(isMockPath('/api/v2/users-by-email'), true);
  });
});
