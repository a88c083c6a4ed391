/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_TOKENS, DEMO_USER_IDS } from '../../../src/mock/index.js';
import { bearer, url, useMockTenant } from '../helpers.js';

const tenant = useMockTenant();

/** Auth0's recorded /userinfo 401: plain text `Unauthorized`, the reason only in WWW-Authenticate. */
async function expectUnauthorized(response: Response, withReason = true) {
  assert.equal(response.status, 401);
  assert.match(response.headers.get('Content-Type') ?? '', /^text\/plain/);
  assert.equal(await response.text(), 'Unauthorized');
  const challenge = response.headers.get('WWW-Authenticate') ?? '';
  if (withReason) assert.match(challenge, /^Bearer error="invalid_token", error_description="[^"]+"$/);
  else assert.equal(challenge, 'Bearer');
}

test('GET /userinfo without Authorization → 401, a bare Bearer challenge (no error code: RFC 6750 §3.1)', async () => {
  await expectUnauthorized(await fetch(url('/userinfo')), false);
});

test('GET /userinfo with an unknown token → 401 invalid_token', async () => {
  await expectUnauthorized(await fetch(url('/userinfo'), { headers: bearer('ya29.mock-idp-token') }));
});

test('GET /userinfo with an expired token → 401 invalid_token', async () => {
  await expectUnauthorized(await fetch(url('/userinfo'), { headers: bearer(DEMO_TOKENS.expired) }));
});

test('GET /userinfo with a non-Bearer scheme → 401, as without a token', async () => {
  await expectUnauthorized(await fetch(url('/userinfo'), { headers: { Authorization: `Basic ${DEMO_TOKENS.alice}` } }), false);
});

test('GET /userinfo → the legacy profile, primary identity first, JSON types kept', async () => {
  const response = await fetch(url('/userinfo'), { headers: bearer(DEMO_TOKENS.alice) });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('Content-Type') ?? '', /^application\/json/);
  const profile = await response.json();
  assert.deepEqual(Object.keys(profile), ['user_id', 'sub', 'name', 'email', 'nickname', 'picture', 'identities']);
  assert.equal(profile.user_id, DEMO_USER_IDS.alice);
  assert.equal(profile.sub, DEMO_USER_IDS.alice);
  assert.equal(profile.picture, 'https://tenant.example.com/__mock/avatar/alice.svg');
  assert.deepEqual(profile.identities[0], {
    provider: 'auth0',
    user_id: 'alice0001',
    connection: 'Username-Password-Authentication',
    isSocial: false,
  });
  const [, google, github] = profile.identities;
  assert.equal(google.access_token, 'ya29.mock-idp-token', 'exposed as Auth0 would');
  assert.equal(google.profileData.picture, 'https://tenant.example.com/__mock/avatar/alice-google.svg');
  assert.equal(github.user_id, 1234567);
  assert.equal(typeof github.user_id, 'number');
  assert.equal(github.profileData.nickname, 'alice-gh');
});

test('GET /userinfo for a token whose user no longer exists → 401 invalid_token', async () => {
  const token = tenant.issueAccessToken('github|7654321', { scope: 'openid', azp: 'x', issuer: 'https://t/' });
  tenant.link(DEMO_USER_IDS.bob, 'github|7654321');
  await expectUnauthorized(await fetch(url('/userinfo'), { headers: bearer(token) }));
});

test('pictures follow the origin the mock is reached at', async () => {
  const response = await fetch('http://localhost:8123/userinfo', { headers: bearer(DEMO_TOKENS.bob) });
  assert.equal((await response.json()).picture, 'http://localhost:8123/__mock/avatar/bob.svg');
});
