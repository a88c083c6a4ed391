/// <reference types="node" />
// POST /oauth/token: the code exchange, PKCE, and RS256 ID tokens verified against the JWKS.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CLIENT_ID, DEMO_TOKENS, DEMO_USER_IDS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import { decodeJwt } from '../../../src/mock/tokens.js';
import {
  REDIRECT_URI,
  bearer,
  exchange,
  loginWith,
  pkcePair,
  url,
  useMockTenant,
  expectAuthError as expectOAuthError,
  verifyWithJwks,
} from '../helpers.js';

useMockTenant();


describe('POST /oauth/token success', () => {
  test('PKCE S256 exchange → access_token, RS256 id_token, Bearer, expires_in, scope', async () => {
    const { verifier, challenge } = await pkcePair();
    const code = await loginWith(SPARE_USER_IDS.github, {
      scope: 'openid profile email',
      nonce: 'nonce-42',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const response = await exchange({ code, code_verifier: verifier });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    const body = await response.json();
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'id_token', 'scope', 'token_type']);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 86400);
    assert.equal(body.scope, 'openid profile email');

    const idToken = decodeJwt(body.id_token)!;
    assert.equal(idToken.header.alg, 'RS256');
    assert.equal(await verifyWithJwks(body.id_token), true);
    const now = Math.floor(Date.now() / 1000);
    assert.equal(idToken.payload.iss, 'https://tenant.example.com/');
    assert.equal(idToken.payload.sub, SPARE_USER_IDS.github);
    assert.equal(idToken.payload.aud, DEMO_CLIENT_ID);
    assert.equal(idToken.payload.nonce, 'nonce-42');
    assert.equal(idToken.payload.nickname, 'octo-spare');
    assert.ok((idToken.payload.iat as number) <= now && (idToken.payload.exp as number) > now);
  });

  test('a tampered id_token does not verify against the JWKS', async () => {
    const code = await loginWith(SPARE_USER_IDS.google);
    const { id_token } = await (await exchange({ code })).json();
    const [h, , s] = (id_token as string).split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: DEMO_USER_IDS.alice })).toString('base64url');
    assert.equal(await verifyWithJwks(`${h}.${forgedPayload}.${s}`), false);
  });

  test('form-encoded bodies work too, and the new access token is registered for the user', async () => {
    const code = await loginWith(SPARE_USER_IDS.sms);
    const response = await fetch(url('/oauth/token'), {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: DEMO_CLIENT_ID, code, redirect_uri: REDIRECT_URI }),
    });
    assert.equal(response.status, 200);
    const { access_token } = await response.json();
    const profile = await (await fetch(url('/userinfo'), { headers: bearer(access_token) })).json();
    assert.equal(profile.user_id, SPARE_USER_IDS.sms);
    assert.equal(profile.identities[0].user_id, '15555550123', 'still a string');
  });

  test('a legacy-link code signs in as the primary user', async () => {
    const code = await loginWith(SPARE_USER_IDS.facebook, { access_token: DEMO_TOKENS.bob });
    const { id_token } = await (await exchange({ code })).json();
    assert.equal(decodeJwt(id_token)?.payload.sub, DEMO_USER_IDS.bob);
  });

  test('no id_token without the openid scope', async () => {
    const code = await loginWith(SPARE_USER_IDS.google, { scope: 'profile' });
    const body = await (await exchange({ code })).json();
    assert.equal(body.id_token, undefined);
    assert.equal(typeof body.access_token, 'string');
  });
});

describe('POST /oauth/token errors', () => {
  test('unknown code → 403 invalid_grant "Invalid authorization code"', async () => {
    await expectOAuthError(await exchange({ code: 'made-up' }), 403, 'invalid_grant', 'Invalid authorization code');
  });

  test('a code is single use → 403 invalid_grant the second time', async () => {
    const code = await loginWith(SPARE_USER_IDS.google);
    assert.equal((await exchange({ code })).status, 200);
    await expectOAuthError(await exchange({ code }), 403, 'invalid_grant', 'Invalid authorization code');
  });

  test('redirect_uri different from /authorize → 403 invalid_grant', async () => {
    const code = await loginWith(SPARE_USER_IDS.google);
    await expectOAuthError(await exchange({ code, redirect_uri: 'http://localhost:8000/other' }), 403, 'invalid_grant');
  });

  test('wrong or missing code_verifier → 403 invalid_grant "Failed to verify code verifier"', async () => {
    const { challenge } = await pkcePair();
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
    const wrong = await exchange({ code: await loginWith(SPARE_USER_IDS.google, pkce), code_verifier: 'x'.repeat(43) });
    await expectOAuthError(wrong, 403, 'invalid_grant', 'Failed to verify code verifier');
    const missing = await exchange({ code: await loginWith(SPARE_USER_IDS.google, pkce) });
    await expectOAuthError(missing, 403, 'invalid_grant', 'Failed to verify code verifier');
  });

  test('unsupported grant_type → 400 unsupported_grant_type', async () => {
    await expectOAuthError(await exchange({ grant_type: 'password' }), 400, 'unsupported_grant_type', 'Unsupported grant type: password');
  });

  test('unknown client_id → 401 invalid_client; missing → 400 invalid_request', async () => {
    await expectOAuthError(await exchange({ code: 'x', client_id: 'other' }), 401, 'invalid_client');
    await expectOAuthError(await exchange({ code: 'x', client_id: '' }), 400, 'invalid_request', 'Missing required parameter: client_id');
  });

  test('missing code → 400 invalid_request', async () => {
    await expectOAuthError(await exchange({}), 400, 'invalid_request', 'Missing required parameter: code');
  });

  test('malformed JSON or an unknown content type → 400 invalid_request', async () => {
    const malformed = await fetch(url('/oauth/token'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"grant_type":',
    });
    await expectOAuthError(malformed, 400, 'invalid_request');
    const text = await fetch(url('/oauth/token'), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hi' });
    await expectOAuthError(text, 400, 'invalid_request');
  });
});
