/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_CLIENT_ID,
  DEMO_TOKENS,
  DEMO_USER_IDS,
  SEED_USERS,
  SPARE_USER_IDS,
  isAllowedCallback,
} from '../../../src/mock/index.js';
import { decodeJwt } from '../../../src/mock/tokens.js';

test('DEMO_TOKENS are JWT-shaped with the documented header and claims', () => {
  const now = Math.floor(Date.now() / 1000);
  for (const [name, sub] of Object.entries(DEMO_USER_IDS)) {
    const token = DEMO_TOKENS[name as keyof typeof DEMO_USER_IDS];
    const jwt = decodeJwt(token);
    assert.ok(jwt, name);
    assert.deepEqual(jwt.header, { alg: 'RS256', typ: 'JWT', kid: 'mock' });
    assert.equal(jwt.payload.sub, sub);
    assert.equal(jwt.payload.azp, DEMO_CLIENT_ID);
    assert.equal(jwt.payload.iss, 'https://tenant.example.com/');
    assert.ok((jwt.payload.aud as string[]).includes('https://tenant.example.com/userinfo'));
    assert.equal(jwt.payload.scope, 'openid profile email read:current_user update:current_user_identities');
    assert.ok((jwt.payload.exp as number) > now, `${name} does not expire`);
  }
  const expired = decodeJwt(DEMO_TOKENS.expired)!;
  assert.equal(expired.payload.sub, DEMO_USER_IDS.alice);
  assert.ok((expired.payload.exp as number) < now);
});

test('DEMO_TOKENS are fixed constants (the same on every load) and distinct', () => {
  assert.equal(new Set(Object.values(DEMO_TOKENS)).size, 4);
  assert.equal(DEMO_TOKENS.alice.split('.')[2], 'bW9jay1zaWduYXR1cmUtbm90LXZlcmlmaWFibGU');
  assert.match(DEMO_TOKENS.alice, /^eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6Im1vY2sifQ\./);
});

test('seed users: alice has database, Google (with an IdP token) and numeric GitHub identities', () => {
  const alice = SEED_USERS.find((u) => u.user_id === DEMO_USER_IDS.alice)!;
  assert.deepEqual(alice.identities[0], {
    provider: 'auth0',
    user_id: 'alice0001',
    connection: 'Username-Password-Authentication',
    isSocial: false,
  });
  assert.equal(alice.identities[1]?.access_token, 'ya29.mock-idp-token');
  assert.equal(alice.identities[2]?.user_id, 1234567);
  for (const secondary of alice.identities.slice(1)) {
    assert.deepEqual(Object.keys(secondary.profileData ?? {}).sort(), ['email', 'name', 'nickname', 'picture']);
  }
  assert.equal(SEED_USERS.find((u) => u.user_id === DEMO_USER_IDS.bob)?.identities.length, 1);
  assert.equal(SEED_USERS.find((u) => u.user_id === DEMO_USER_IDS.carol)?.identities[1]?.provider, 'facebook');
});

test('spare users: one per id, the sms id stays a string, the oidc id keeps its pipe', () => {
  for (const id of Object.values(SPARE_USER_IDS)) {
    const user = SEED_USERS.find((u) => u.user_id === id);
    assert.ok(user, id);
    assert.equal(user.identities.length, 1);
  }
  const github = SEED_USERS.find((u) => u.user_id === SPARE_USER_IDS.github)!;
  assert.equal(github.identities[0]?.user_id, 7654321);
  assert.equal(github.nickname, 'octo-spare');
  assert.deepEqual(SEED_USERS.find((u) => u.user_id === SPARE_USER_IDS.sms)?.identities[0], {
    provider: 'sms',
    user_id: '15555550123',
    connection: 'sms',
    isSocial: false,
  });
  const oidc = SEED_USERS.find((u) => u.user_id === SPARE_USER_IDS.oidc)!.identities[0]!;
  assert.equal(oidc.provider, 'oidc');
  assert.equal(oidc.user_id, 'corp|employee-42');
  assert.equal(oidc.connection, 'corp-oidc');
});

test('pictures point at the mock itself', () => {
  for (const user of SEED_USERS) {
    assert.match(user.picture, /^\/__mock\/avatar\/[a-z0-9-]+\.svg$/);
    for (const identity of user.identities) {
      if (identity.profileData?.picture) assert.match(identity.profileData.picture, /^\/__mock\/avatar\//);
    }
  }
});

test('allowed callbacks: loopback http(s) on any port and path, and https://app.example.com/*', () => {
  for (const ok of [
    'http://localhost:8000/account',
    'https://localhost/x?y=1',
    'http://127.0.0.1:9/',
    'http://[::1]:8080/cb',
    'https://app.example.com/account',
  ]) {
    assert.equal(isAllowedCallback(ok), true, ok);
  }
  for (const bad of [
    'https://evil.example.com/cb',
    'http://app.example.com/account',
    'https://app.example.com.evil.test/',
    'http://localhost.evil.test/',
    'javascript:alert(1)',
    'not a url',
    'http://localhost:8000/cb#fragment',
  ]) {
    assert.equal(isAllowedCallback(bad), false, bad);
  }
});
