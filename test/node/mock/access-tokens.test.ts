/// <reference types="node" />
// Access tokens as a tenant of today hands them out: a JWT signed with the JWKS key only when the
// login asked for an `audience`, else opaque; and /userinfo's profile depends on the client.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_CLIENT_ID,
  DEMO_SCOPE,
  DEMO_USER_IDS,
  M2M_CLIENT_ID,
  M2M_CLIENT_SECRET,
  SPA_CLIENT_ID,
  SPARE_USER_IDS,
} from '../../../src/mock/index.js';
import { decodeJwt } from '../../../src/mock/tokens.js';
import {
  ORIGIN,
  bearer,
  exchange,
  loginWith,
  openAuthorizePage,
  postJson,
  redirectParams,
  getAuthorize,
  authorizeQuery,
  url,
  useMockTenant,
  verifyWithJwks,
} from '../helpers.js';

const tenant = useMockTenant();
const API = `${ORIGIN}/api/v2/`;
const GITHUB = SPARE_USER_IDS.github;

async function tokens(extra: Record<string, string>, clientId: string = DEMO_CLIENT_ID, identity: string = GITHUB) {
  const code = await loginWith(identity, { client_id: clientId, ...extra });
  const response = await exchange({ code, client_id: clientId });
  assert.equal(response.status, 200);
  return (await response.json()) as { access_token: string; id_token: string; scope: string; refresh_token?: string };
}

describe('access tokens', () => {
  test('with audience=<tenant>/api/v2/: an RS256 JWT whose kid is in the JWKS and whose signature verifies', async () => {
    const { access_token, scope } = await tokens({ audience: API, scope: DEMO_SCOPE });
    const jwt = decodeJwt(access_token)!;
    assert.equal(jwt.header.alg, 'RS256');
    assert.ok(await verifyWithJwks(access_token));
    assert.deepEqual(jwt.payload.aud, [API, `${ORIGIN}/userinfo`]);
    assert.equal(jwt.payload.iss, `${ORIGIN}/`);
    assert.equal(jwt.payload.sub, GITHUB);
    assert.equal(jwt.payload.azp, DEMO_CLIENT_ID);
    assert.equal(jwt.payload.scope, scope);
    assert.equal(scope, DEMO_SCOPE);
    const read = await fetch(url(`/api/v2/users/${encodeURIComponent(GITHUB)}`), { headers: bearer(access_token) });
    assert.equal(read.status, 200);
  });

  test('without openid, the JWT names the API only (a string aud)', async () => {
    const { access_token } = await tokens({ audience: API, scope: 'read:current_user' });
    assert.equal(decodeJwt(access_token)!.payload.aud, API);
  });

  test('without audience: opaque (a five-part JWE), API scopes dropped, the Management API answers 400 "Bearer"', async () => {
    const { access_token, scope, id_token } = await tokens({ scope: DEMO_SCOPE });
    assert.equal(access_token.split('.').length, 5);
    assert.equal(decodeJwt(access_token), undefined);
    assert.equal(scope, 'openid profile email');
    assert.ok(await verifyWithJwks(id_token), 'the ID token is still a signed JWT');
    const read = await fetch(url(`/api/v2/users/${encodeURIComponent(GITHUB)}`), { headers: bearer(access_token) });
    assert.equal(read.status, 400);
    assert.deepEqual(await read.json(), {
      statusCode: 400,
      error: 'Bad Request',
      message: 'Bad HTTP authentication header format',
      errorCode: 'Bearer',
    });
    // …but /userinfo knows it.
    const profile = await fetch(url('/userinfo'), { headers: bearer(access_token) });
    assert.equal(profile.status, 200);
    assert.equal((await profile.json()).sub, GITHUB);
  });

  test('another audience: back to the app with access_denied "Service not found"', async () => {
    const params = redirectParams(await getAuthorize(authorizeQuery({ audience: 'https://api.example.com/' })));
    assert.equal(params.get('error'), 'access_denied');
    assert.equal(params.get('error_description'), 'Service not found: https://api.example.com/');
    assert.equal(params.get('state'), 'state-123');
  });

  test('a refresh keeps the audience: still a verifiable JWT for the API', async () => {
    const first = await tokens({ audience: API, scope: `${DEMO_SCOPE} offline_access` });
    assert.ok(first.refresh_token);
    const refreshed = await postJson('/oauth/token', {
      grant_type: 'refresh_token',
      client_id: DEMO_CLIENT_ID,
      refresh_token: first.refresh_token,
    });
    assert.equal(refreshed.status, 200);
    const { access_token } = await refreshed.json();
    assert.ok(await verifyWithJwks(access_token));
    assert.deepEqual(decodeJwt(access_token)!.payload.aud, [API, `${ORIGIN}/userinfo`]);
  });

  test('client credentials: a verifiable JWT, aud the API as a string, gty client-credentials', async () => {
    const response = await postJson('/oauth/token', {
      grant_type: 'client_credentials',
      client_id: M2M_CLIENT_ID,
      client_secret: M2M_CLIENT_SECRET,
      audience: API,
    });
    const { access_token } = await response.json();
    assert.ok(await verifyWithJwks(access_token));
    const { payload } = decodeJwt(access_token)!;
    assert.equal(payload.aud, API);
    assert.equal(payload.gty, 'client-credentials');
    assert.equal(payload.sub, `${M2M_CLIENT_ID}@clients`);
  });

  test('a forged JWT with the same claims is refused: tokens are known by the tenant, not by their shape', async () => {
    const { access_token } = await tokens({ audience: API, scope: DEMO_SCOPE });
    const [h, p] = access_token.split('.');
    const forged = `${h}.${p}.${'A'.repeat(342)}`;
    const read = await fetch(url(`/api/v2/users/${encodeURIComponent(GITHUB)}`), { headers: bearer(forged) });
    assert.equal(read.status, 401);
  });
});

describe('/userinfo by client', () => {
  test('an OIDC-conformant client (the SPA) gets scope-gated claims, even while legacy linking is on', async () => {
    assert.equal(tenant.settings().legacyLinking, true);
    const { access_token } = await tokens({ scope: 'openid email' }, SPA_CLIENT_ID, DEMO_USER_IDS.bob);
    const profile = await (await fetch(url('/userinfo'), { headers: bearer(access_token) })).json();
    assert.deepEqual(profile, { sub: DEMO_USER_IDS.bob, email: 'bob@example.com', email_verified: true });
  });

  test('the legacy (non-conformant) demo client gets the legacy profile with identities', async () => {
    const { access_token } = await tokens({ scope: 'openid' }, DEMO_CLIENT_ID, DEMO_USER_IDS.bob);
    const profile = await (await fetch(url('/userinfo'), { headers: bearer(access_token) })).json();
    assert.equal(profile.user_id, DEMO_USER_IDS.bob);
    assert.ok(Array.isArray(profile.identities));
  });

  test('…until legacy linking is off: then it too gets the OIDC profile', async () => {
    const { access_token } = await tokens({ scope: 'openid' }, DEMO_CLIENT_ID, DEMO_USER_IDS.bob);
    tenant.configure({ legacyLinking: false });
    const profile = await (await fetch(url('/userinfo'), { headers: bearer(access_token) })).json();
    assert.deepEqual(profile, { sub: DEMO_USER_IDS.bob });
  });

  test('the SPA client is a login client like the demo one (its name on the page)', async () => {
    const { html } = await openAuthorizePage({ client_id: SPA_CLIENT_ID });
    assert.match(html, /Account Linker SPA/);
  });
});
