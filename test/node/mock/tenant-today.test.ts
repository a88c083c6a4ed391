/// <reference types="node" />
// What a tenant does today, as the Management API mode meets it: ID token claims (email_verified,
// auth_time), the unverified spare, legacy linking switched off, /authorize parameters of a fresh
// popup login, and Management API error fidelity is in management.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_CLIENT_ID,
  DEMO_TOKENS,
  DEMO_USER_IDS,
  SEED_USERS,
  SPARE_USER_IDS,
  createTenant,
} from '../../../src/mock/index.js';
import { decodeJwt } from '../../../src/mock/tokens.js';
import {
  REDIRECT_URI,
  authorizeQuery,
  bearer,
  decide,
  exchange,
  getAuthorize,
  identityIds,
  loginWith,
  openAuthorizePage,
  pkcePair,
  postJson,
  redirectParams,
  url,
  useMockTenant,
} from '../helpers.js';

const tenant = useMockTenant();

const idTokenClaims = async (identity: string, extra: Record<string, string> = {}) => {
  const code = await loginWith(identity, { scope: 'openid profile email', ...extra });
  const response = await exchange({ code });
  assert.equal(response.status, 200);
  const body = await response.json();
  return { ...body, claims: decodeJwt(body.id_token)!.payload };
};

const offered = (html: string) => [...html.matchAll(/data-identity="([^"]+)"/g)].map((m) => m[1]);

const seconds = () => Math.floor(Date.now() / 1000);

describe('ID tokens', () => {
  test('email comes with email_verified: true for seed users', async () => {
    const { claims } = await idTokenClaims(SPARE_USER_IDS.google);
    assert.equal(claims.email, 'grace.spare@gmail.com');
    assert.equal(claims.email_verified, true);
  });

  test('the unverified spare gets email_verified: false', async () => {
    const { claims } = await idTokenClaims(SPARE_USER_IDS.unverified);
    assert.equal(claims.sub, SPARE_USER_IDS.unverified);
    assert.equal(claims.email, 'una@example.com');
    assert.equal(claims.email_verified, false);
  });

  test('no email scope, or no email (sms): neither email nor email_verified', async () => {
    const { claims } = await idTokenClaims(SPARE_USER_IDS.google, { scope: 'openid profile' });
    assert.equal('email' in claims, false);
    assert.equal('email_verified' in claims, false);
    const sms = (await idTokenClaims(SPARE_USER_IDS.sms)).claims;
    assert.equal('email_verified' in sms, false);
  });

  test('auth_time is when the person decided on the page; aud is the client id alone, no azp', async () => {
    const before = seconds();
    const { claims } = await idTokenClaims(SPARE_USER_IDS.github, { prompt: 'login', max_age: '0' });
    const after = seconds();
    assert.equal(typeof claims.auth_time, 'number');
    assert.ok((claims.auth_time as number) >= before && (claims.auth_time as number) <= after);
    assert.equal(claims.aud, DEMO_CLIENT_ID);
    assert.equal('azp' in claims, false);
  });

  test('auth_time is stored on the code at decision time (injected clock)', () => {
    let clock = 1_800_000_000;
    const local = createTenant({ now: () => clock });
    const code = local.createCode({ clientId: 'c', redirectUri: 'r', userId: 'u', scope: 'openid', authTime: local.now() });
    clock += 100;
    assert.equal(local.takeCode(code)?.authTime, 1_800_000_000);
  });

  test('profile scope adds updated_at (ISO 8601)', async () => {
    const { claims } = await idTokenClaims(SPARE_USER_IDS.facebook);
    assert.equal(claims.updated_at, '2025-01-01T00:00:00.000Z');
  });
});

describe('the unverified spare', () => {
  test('is a seed user with email_verified false; every other seed email is verified', () => {
    const una = SEED_USERS.find((u) => u.user_id === SPARE_USER_IDS.unverified)!;
    assert.equal(SPARE_USER_IDS.unverified, 'oauth2|gitea|4242');
    assert.equal(una.name, 'Una Unverified');
    assert.equal(una.email, 'una@example.com');
    assert.equal(una.email_verified, false);
    assert.deepEqual(una.identities, [{ provider: 'oauth2', user_id: 'gitea|4242', connection: 'gitea', isSocial: true }]);
    // The other unverified one: an impostor's sign-up with Alice's email (the suggestions' attack).
    const impostor = SEED_USERS.find((u) => u.user_id === SPARE_USER_IDS.aliceImpostor)!;
    assert.deepEqual([impostor.email, impostor.email_verified], ['alice@example.com', false]);
    for (const user of SEED_USERS.filter((u) => u !== una && u !== impostor && u.email)) assert.equal(user.email_verified, true, user.user_id);
  });

  test('the picker lists it (and connection=gitea shows only it)', async () => {
    const { html } = await openAuthorizePage();
    assert.ok(offered(html).includes(SPARE_USER_IDS.unverified));
    assert.match(html, /Continue as Una Unverified<small>gitea · una@example\.com<\/small>/);
    const { html: only } = await openAuthorizePage({ connection: 'gitea' });
    assert.deepEqual(offered(only), [SPARE_USER_IDS.unverified]);
  });

  test('the Management API links it (the refusal is the client\'s job) and keeps email_verified', async () => {
    const { id_token } = await idTokenClaims(SPARE_USER_IDS.unverified);
    const response = await fetch(url(`/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.bob)}/identities`), {
      method: 'POST',
      headers: { ...bearer(DEMO_TOKENS.bob), 'Content-Type': 'application/json' },
      body: JSON.stringify({ link_with: id_token }),
    });
    assert.equal(response.status, 201);
    const identities = await response.json();
    assert.deepEqual(identityIds(identities), [DEMO_USER_IDS.bob, SPARE_USER_IDS.unverified]);
    assert.equal(identities[1].profileData.email_verified, false);
    // Unlinked again, it is still unverified.
    assert.ok(tenant.unlink(DEMO_USER_IDS.bob, 'oauth2', 'gitea|4242').ok);
    assert.equal(tenant.getUser(SPARE_USER_IDS.unverified)?.email_verified, false);
  });

  test('GET /api/v2/users/:id shows email_verified and updated_at; a link changes updated_at', async () => {
    const get = async () =>
      (await fetch(url(`/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.bob)}`), { headers: bearer(DEMO_TOKENS.bob) })).json();
    const before = await get();
    assert.equal(before.email_verified, true);
    assert.equal(before.updated_at, '2025-01-01T00:00:00.000Z');
    assert.ok(tenant.link(DEMO_USER_IDS.bob, SPARE_USER_IDS.github).ok);
    assert.notEqual((await get()).updated_at, before.updated_at);
  });
});

describe('legacyLinking: false (every real tenant since 2017-03-01)', () => {
  test('defaults to true; configure() changes it, settings() reads it, reset() restores it', () => {
    const local = createTenant();
    assert.deepEqual(local.settings(), { legacyLinking: true });
    assert.deepEqual(local.configure({ legacyLinking: false }), { legacyLinking: false });
    assert.deepEqual(local.settings(), { legacyLinking: false });
    local.settings().legacyLinking = true; // a copy
    assert.equal(local.settings().legacyLinking, false);
    assert.deepEqual(local.configure({}), { legacyLinking: false });
    assert.throws(() => local.configure({ legacyLinking: 'no' as unknown as boolean }), TypeError);
    local.reset();
    assert.deepEqual(local.settings(), { legacyLinking: true });
  });

  test('/authorize?access_token= ignores the token: a plain sign-in, the code is for the chosen user', async () => {
    tenant.configure({ legacyLinking: false });
    const { html, tx } = await openAuthorizePage({ access_token: DEMO_TOKENS.alice, scope: 'openid profile email' });
    assert.doesNotMatch(html, /data-link-into/);
    assert.match(html, /Sign in to <strong>Account Linker Demo<\/strong>/);
    const code = redirectParams(await decide({ tx, identity: SPARE_USER_IDS.github })).get('code')!;
    assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3, 'nothing linked');
    assert.ok(tenant.getUser(SPARE_USER_IDS.github), 'still its own user');
    const { id_token } = await (await exchange({ code })).json();
    assert.equal(decodeJwt(id_token)?.payload.sub, SPARE_USER_IDS.github);
  });

  test('/authorize with a bad access_token is no error any more', async () => {
    tenant.configure({ legacyLinking: false });
    await openAuthorizePage({ access_token: 'ya29.an-idp-token-not-auth0' });
  });

  test('/userinfo answers the OIDC-conformant, scope-gated profile', async () => {
    tenant.configure({ legacyLinking: false });
    const response = await fetch(url('/userinfo'), { headers: bearer(DEMO_TOKENS.alice) });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      sub: DEMO_USER_IDS.alice,
      name: 'Alice Example',
      nickname: 'alice',
      picture: 'https://tenant.example.com/__mock/avatar/alice.svg',
      updated_at: '2025-01-01T00:00:00.000Z',
      email: 'alice@example.com',
      email_verified: true,
    });
    const openidOnly = tenant.issueAccessToken(DEMO_USER_IDS.bob, { scope: 'openid', azp: DEMO_CLIENT_ID, issuer: `${url('/')}` });
    assert.deepEqual(await (await fetch(url('/userinfo'), { headers: bearer(openidOnly) })).json(), { sub: DEMO_USER_IDS.bob });
    const emailOnly = tenant.issueAccessToken(DEMO_USER_IDS.bob, { scope: 'openid email', azp: DEMO_CLIENT_ID, issuer: `${url('/')}` });
    assert.deepEqual(await (await fetch(url('/userinfo'), { headers: bearer(emailOnly) })).json(), {
      sub: DEMO_USER_IDS.bob,
      email: 'bob@example.com',
      email_verified: true,
    });
  });

  test('/userinfo still refuses a bad token the same way', async () => {
    tenant.configure({ legacyLinking: false });
    const response = await fetch(url('/userinfo'), { headers: bearer(DEMO_TOKENS.expired) });
    assert.equal(response.status, 401);
    assert.equal(await response.text(), 'Unauthorized');
    assert.match(response.headers.get('WWW-Authenticate') ?? '', /^Bearer error="invalid_token"/);
  });

  test('POST /__mock/settings {legacyLinking} → 204; GET reads it back; /__mock/reset restores it', async () => {
    const set = await postJson('/__mock/settings', { legacyLinking: false });
    assert.equal(set.status, 204);
    assert.equal(await set.text(), '');
    assert.equal(tenant.settings().legacyLinking, false);
    assert.deepEqual(await (await fetch(url('/__mock/settings'))).json(), { legacyLinking: false });
    assert.equal((await fetch(url('/__mock/reset'), { method: 'POST' })).status, 204);
    assert.equal(tenant.settings().legacyLinking, true);
  });

  test('POST /__mock/settings with a bad body → 400 and nothing changes', async () => {
    for (const body of [{ legacyLinking: 'false' }, { legacyLnking: false }, '[true]', '{']) {
      const response = await postJson('/__mock/settings', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal((await response.json()).error, 'invalid_request');
    }
    const text = await fetch(url('/__mock/settings'), { method: 'POST', body: 'legacyLinking=false' });
    assert.equal(text.status, 400);
    assert.equal(tenant.settings().legacyLinking, true);
  });
});

describe('/authorize for a fresh popup login (prompt=login, max_age=0, nonce, PKCE S256, web_message)', () => {
  const message = (html: string) => {
    const match = /\.postMessage\((\{.*\}), ("[^"]*")\);/.exec(html);
    assert.ok(match, 'the page posts a message');
    return { data: JSON.parse(match[1]!), targetOrigin: JSON.parse(match[2]!) as string };
  };
  const APP = 'https://app.example.com/account';

  const popupQuery = (challenge: string, extra: Record<string, string> = {}) => ({
    redirect_uri: APP,
    scope: 'openid profile email',
    response_mode: 'web_message',
    prompt: 'login',
    max_age: '0',
    nonce: 'nonce-popup',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    connection: 'google-oauth2',
    ...extra,
  });

  test('picker → decision → an HTML page posting {type, response: {code, state}} to the redirect URI origin', async () => {
    const before = seconds();
    const { verifier, challenge } = await pkcePair();
    const { html: picker, tx } = await openAuthorizePage(popupQuery(challenge));
    assert.deepEqual(offered(picker), [SPARE_USER_IDS.google, 'google-oauth2|104223456789012345678']);
    const response = await decide({ tx, identity: SPARE_USER_IDS.google });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Location'), null);
    assert.match(response.headers.get('Content-Type') ?? '', /^text\/html/);
    const html = await response.text();
    assert.match(html, /\(window\.opener \|\| window\.parent\)\.postMessage\(/);
    const { data, targetOrigin } = message(html);
    assert.equal(targetOrigin, 'https://app.example.com', 'the redirect URI origin, not the tenant');
    assert.equal(data.type, 'authorization_response');
    assert.deepEqual(Object.keys(data.response).sort(), ['code', 'state']);
    assert.equal(data.response.state, 'state-123');

    const exchanged = await exchange({ code: data.response.code, code_verifier: verifier, redirect_uri: APP });
    assert.equal(exchanged.status, 200);
    const claims = decodeJwt((await exchanged.json()).id_token)!.payload;
    assert.equal(claims.nonce, 'nonce-popup');
    assert.equal(claims.sub, SPARE_USER_IDS.google);
    // When the person decided: between the start of this test and now (no wall-clock bound).
    assert.ok((claims.auth_time as number) >= before && (claims.auth_time as number) <= seconds());
  });

  test('the wrong verifier still fails after a web_message login', async () => {
    const { challenge } = await pkcePair();
    const { tx } = await openAuthorizePage(popupQuery(challenge));
    const { data } = message(await (await decide({ tx, identity: SPARE_USER_IDS.google })).text());
    const exchanged = await exchange({ code: data.response.code, code_verifier: 'x'.repeat(43), redirect_uri: APP });
    assert.equal(exchanged.status, 403);
  });

  test('cancel → the page posts {error, error_description, state} to the same origin', async () => {
    const { challenge } = await pkcePair();
    const { tx } = await openAuthorizePage(popupQuery(challenge));
    const { data, targetOrigin } = message(await (await decide({ tx, action: 'cancel' })).text());
    assert.equal(targetOrigin, 'https://app.example.com');
    assert.equal(data.type, 'authorization_response');
    assert.deepEqual(data.response, { error: 'access_denied', error_description: 'User cancelled the login', state: 'state-123' });
  });

  test('an /authorize error is posted, not redirected', async () => {
    const { challenge } = await pkcePair();
    const response = await getAuthorize(authorizeQuery(popupQuery(challenge, { connection: 'myspace' })));
    assert.equal(response.status, 200);
    const { data, targetOrigin } = message(await response.text());
    assert.equal(targetOrigin, 'https://app.example.com');
    assert.equal(data.response.error, 'invalid_request');
    assert.equal(data.response.state, 'state-123');
  });

  test('prompt=none → login_required without a login session', async () => {
    const params = redirectParams(await getAuthorize(authorizeQuery({ prompt: 'none' })));
    assert.equal(params.get('error'), 'login_required');
    assert.equal(params.get('state'), 'state-123');
  });

  test('the query-mode redirect works with the same parameters', async () => {
    const { challenge } = await pkcePair();
    const { tx } = await openAuthorizePage(popupQuery(challenge, { redirect_uri: REDIRECT_URI, response_mode: 'query' }));
    assert.ok(redirectParams(await decide({ tx, identity: SPARE_USER_IDS.google })).get('code'));
  });
});
