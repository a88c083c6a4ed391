/// <reference types="node" />
// The tenant's client registry: a public SPA, a confidential Regular Web App, a machine-to-machine
// client; client authentication at /oauth/token, client_credentials, and OIDC discovery.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_CLIENT_ID,
  DEMO_USER_IDS,
  M2M_CLIENT_ID,
  M2M_CLIENT_SECRET,
  REGULAR_CLIENT_ID,
  REGULAR_CLIENT_SECRET,
  isMockPath,
} from '../../../src/mock/index.js';
import { decodeJwt } from '../../../src/mock/tokens.js';
import {
  ORIGIN,
  REDIRECT_URI,
  bearer,
  expectAuthError,
  getAuthorize,
  authorizeQuery,
  loginWith,
  openAuthorizePage,
  postJson,
  url,
  useMockTenant,
} from '../helpers.js';

useMockTenant();

const API = `${ORIGIN}/api/v2/`;
const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url('/oauth/token'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
const basic = (id: string, secret: string) => ({
  Authorization: `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`,
});
const m2mGrant = (extra: Record<string, string> = {}) =>
  form({ grant_type: 'client_credentials', client_id: M2M_CLIENT_ID, client_secret: M2M_CLIENT_SECRET, audience: API, ...extra });

describe('client_credentials', () => {
  test('the M2M client (client_secret_post) → a Management API token: sub <client_id>@clients, gty, read:users update:users', async () => {
    const response = await m2mGrant();
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.scope, 'read:users update:users');
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.id_token, undefined);
    const claims = decodeJwt(body.access_token)!.payload;
    assert.equal(claims.sub, `${M2M_CLIENT_ID}@clients`);
    assert.equal(claims.gty, 'client-credentials');
    assert.equal(claims.aud, API);
    assert.equal(claims.azp, M2M_CLIENT_ID);
  });

  test('client_secret_basic works too; a wrong Basic secret → 401 invalid_client', async () => {
    const ok = await form({ grant_type: 'client_credentials', audience: API }, basic(M2M_CLIENT_ID, M2M_CLIENT_SECRET));
    assert.equal(ok.status, 200);
    await expectAuthError(
      await form({ grant_type: 'client_credentials', audience: API }, basic(M2M_CLIENT_ID, 'nope')),
      401,
      'invalid_client',
    );
  });

  test('missing or wrong secret → 401 invalid_client', async () => {
    await expectAuthError(await m2mGrant({ client_secret: '' }), 401, 'invalid_client', 'Client authentication is required');
    await expectAuthError(await m2mGrant({ client_secret: 'wrong' }), 401, 'invalid_client', 'Invalid client credentials');
  });

  test('audience: missing → 400 invalid_request; another API → 403 access_denied', async () => {
    await expectAuthError(await m2mGrant({ audience: '' }), 400, 'invalid_request');
    await expectAuthError(await m2mGrant({ audience: 'https://api.example.com/' }), 403, 'access_denied');
  });

  test('a client without the grant (the SPA) → 403 unauthorized_client', async () => {
    await expectAuthError(
      await form({ grant_type: 'client_credentials', client_id: DEMO_CLIENT_ID, audience: API }),
      403,
      'unauthorized_client',
    );
  });

  test('the M2M token links server-side by {provider, user_id} (update:users), for any user', async () => {
    const { access_token } = await (await m2mGrant()).json();
    const response = await postJson(
      `/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.bob)}/identities`,
      { provider: 'github', user_id: 7654321 },
      bearer(access_token),
    );
    assert.equal(response.status, 201);
    const identities: Array<{ provider: string; user_id: string | number }> = await response.json();
    assert.deepEqual(identities.map((i) => `${i.provider}|${i.user_id}`), ['auth0|bob0002', 'github|7654321']);
  });

  test('{provider, user_id} of an unknown account → 400; missing user_id → 400 invalid_body', async () => {
    const { access_token } = await (await m2mGrant()).json();
    const path = `/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.bob)}/identities`;
    const unknown = await postJson(path, { provider: 'github', user_id: '1' }, bearer(access_token));
    assert.equal(unknown.status, 400);
    assert.equal((await unknown.json()).message, 'Provided secondary account not found.');
    const missing = await postJson(path, { provider: 'github' }, bearer(access_token));
    assert.equal(missing.status, 400);
    assert.equal((await missing.json()).errorCode, 'invalid_body');
  });
});

describe('confidential Regular Web App', () => {
  test('/authorize knows it (its name on the page); the M2M client has no login', async () => {
    const { html } = await openAuthorizePage({ client_id: REGULAR_CLIENT_ID });
    assert.match(html, /Account Linker Regular Web App/);
    const m2m = await getAuthorize(authorizeQuery({ client_id: M2M_CLIENT_ID }));
    assert.equal(m2m.status, 400);
    assert.match(await m2m.text(), /Unknown client/);
  });

  test('its code is exchanged only with its secret (post or basic)', async () => {
    const exchange = (code: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, ...fields }, headers);
    const withoutSecret = await exchange(await loginWith('github|7654321', { client_id: REGULAR_CLIENT_ID }), {
      client_id: REGULAR_CLIENT_ID,
    });
    await expectAuthError(withoutSecret, 401, 'invalid_client');
    const post = await exchange(await loginWith('github|7654321', { client_id: REGULAR_CLIENT_ID }), {
      client_id: REGULAR_CLIENT_ID,
      client_secret: REGULAR_CLIENT_SECRET,
    });
    assert.equal(post.status, 200);
    const viaBasic = await exchange(
      await loginWith('github|7654321', { client_id: REGULAR_CLIENT_ID }),
      {},
      basic(REGULAR_CLIENT_ID, REGULAR_CLIENT_SECRET),
    );
    assert.equal(viaBasic.status, 200);
    assert.equal(decodeJwt((await viaBasic.json()).id_token)!.payload.aud, REGULAR_CLIENT_ID);
  });

  test('a code of one client cannot be exchanged by another', async () => {
    const code = await loginWith('github|7654321', { client_id: REGULAR_CLIENT_ID });
    const response = await form({ grant_type: 'authorization_code', client_id: DEMO_CLIENT_ID, code, redirect_uri: REDIRECT_URI });
    await expectAuthError(response, 403, 'invalid_grant');
  });
});

describe('GET /.well-known/openid-configuration', () => {
  test('lists the endpoints on the request origin; no end_session_endpoint', async () => {
    assert.ok(isMockPath('/.well-known/openid-configuration'));
    const response = await fetch(url('/.well-known/openid-configuration'));
    assert.equal(response.status, 200);
    const config = await response.json();
    assert.equal(config.issuer, `${ORIGIN}/`);
    assert.equal(config.authorization_endpoint, `${ORIGIN}/authorize`);
    assert.equal(config.token_endpoint, `${ORIGIN}/oauth/token`);
    assert.equal(config.userinfo_endpoint, `${ORIGIN}/userinfo`);
    assert.equal(config.jwks_uri, `${ORIGIN}/.well-known/jwks.json`);
    assert.deepEqual(config.id_token_signing_alg_values_supported, ['RS256']);
    assert.ok(config.grant_types_supported.includes('client_credentials'));
    assert.ok(config.token_endpoint_auth_methods_supported.includes('client_secret_basic'));
    assert.equal(config.end_session_endpoint, undefined);
  });
});
