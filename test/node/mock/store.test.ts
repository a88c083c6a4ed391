/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTenant, DEMO_TOKENS, DEMO_USER_IDS, SPARE_USER_IDS, splitCompositeId } from '../../../src/mock/index.js';
import { CODE_LIFETIME } from '../../../src/mock/store.js';

const ids = (identities: Array<{ provider: string; user_id: string | number }>) =>
  identities.map((i) => `${i.provider}|${i.user_id}`);

test('composite ids split on the first pipe only', () => {
  assert.deepEqual(splitCompositeId('oidc|corp|employee-42'), { provider: 'oidc', userId: 'corp|employee-42' });
  assert.deepEqual(splitCompositeId('github|1234567'), { provider: 'github', userId: '1234567' });
  assert.equal(splitCompositeId('nopipe'), undefined);
  assert.equal(splitCompositeId('|x'), undefined);
  assert.equal(splitCompositeId('x|'), undefined);
});

test('findIdentity compares user_id as a string and keeps its JSON type', () => {
  const tenant = createTenant();
  const match = tenant.findIdentity('github|1234567');
  assert.equal(match?.owner.user_id, DEMO_USER_IDS.alice);
  assert.equal(match?.identity.user_id, 1234567);
  assert.equal(match?.isPrimary, false);
  assert.equal(tenant.findIdentity('oidc|corp|employee-42')?.isPrimary, true);
  assert.equal(tenant.findIdentity('oidc|corp'), undefined);
});

test('link moves a spare user into the primary with its profile as profileData', () => {
  const tenant = createTenant();
  const result = tenant.link(DEMO_USER_IDS.bob, SPARE_USER_IDS.github);
  assert.ok(result.ok);
  assert.deepEqual(ids(result.identities), ['auth0|bob0002', 'github|7654321']);
  assert.equal(result.identities[1]?.user_id, 7654321);
  assert.equal(result.identities[1]?.profileData?.nickname, 'octo-spare');
  assert.equal(tenant.getUser(SPARE_USER_IDS.github), undefined, 'the secondary user is gone');
});

test('link refuses: same identity, already linked, linked elsewhere, unknown', () => {
  const tenant = createTenant();
  assert.deepEqual(tenant.link(DEMO_USER_IDS.alice, 'auth0|alice0001'), { ok: false, reason: 'same' });
  assert.deepEqual(tenant.link(DEMO_USER_IDS.alice, 'github|1234567'), { ok: false, reason: 'already-linked' });
  assert.deepEqual(tenant.link(DEMO_USER_IDS.alice, 'facebook|10203040506070809'), { ok: false, reason: 'linked-elsewhere' });
  assert.deepEqual(tenant.link(DEMO_USER_IDS.alice, 'auth0|carol0003'), { ok: false, reason: 'linked-elsewhere' });
  assert.deepEqual(tenant.link(DEMO_USER_IDS.alice, 'github|404'), { ok: false, reason: 'secondary-not-found' });
  assert.deepEqual(tenant.link('auth0|nobody', SPARE_USER_IDS.github), { ok: false, reason: 'primary-not-found' });
});

test('unlink makes the identity a separate user again; relinking restores it', () => {
  const tenant = createTenant();
  const result = tenant.unlink(DEMO_USER_IDS.alice, 'github', '1234567');
  assert.ok(result.ok);
  assert.deepEqual(ids(result.identities), ['auth0|alice0001', 'google-oauth2|104223456789012345678']);
  const separate = tenant.getUser('github|1234567');
  assert.equal(separate?.nickname, 'alice-gh');
  assert.equal(separate?.identities[0]?.user_id, 1234567);
  assert.equal(separate?.identities[0]?.profileData, undefined);
  assert.ok(tenant.link(DEMO_USER_IDS.alice, 'github|1234567').ok);
  assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities[2]?.profileData?.nickname, 'alice-gh');
});

test('unlink refuses the main identity and identities that are not linked', () => {
  const tenant = createTenant();
  assert.deepEqual(tenant.unlink(DEMO_USER_IDS.alice, 'auth0', 'alice0001'), { ok: false, reason: 'main-identity' });
  assert.deepEqual(tenant.unlink(DEMO_USER_IDS.alice, 'github', '7654321'), { ok: false, reason: 'not-linked' });
  assert.deepEqual(tenant.unlink('auth0|nobody', 'github', '1'), { ok: false, reason: 'user-not-found' });
});

test('access tokens: seeded demo tokens, expiry, unknown, and issued tokens', () => {
  let clock = 2_000_000_000;
  const tenant = createTenant({ now: () => clock });
  assert.equal(tenant.checkAccessToken(DEMO_TOKENS.alice).ok, true);
  assert.deepEqual(tenant.checkAccessToken(DEMO_TOKENS.expired), { ok: false, reason: 'expired' });
  assert.deepEqual(tenant.checkAccessToken('nope'), { ok: false, reason: 'unknown' });
  assert.deepEqual(tenant.checkAccessToken(undefined), { ok: false, reason: 'missing' });
  const issued = tenant.issueAccessToken(DEMO_USER_IDS.bob, { scope: 'openid', azp: 'c', issuer: 'https://t/' });
  const check = tenant.checkAccessToken(issued);
  assert.ok(check.ok);
  assert.equal(check.token.sub, DEMO_USER_IDS.bob);
  clock += 86400;
  assert.deepEqual(tenant.checkAccessToken(issued), { ok: false, reason: 'expired' });
});

test('transactions and codes are single use', () => {
  const tenant = createTenant();
  const tx = tenant.createTransaction({ clientId: 'c', redirectUri: 'r', responseMode: 'query', scope: 'openid' });
  assert.equal(tenant.takeTransaction(tx.id)?.clientId, 'c');
  assert.equal(tenant.takeTransaction(tx.id), undefined);
  const code = tenant.createCode({ clientId: 'c', redirectUri: 'r', userId: 'u', scope: 'openid', nonce: 'n' });
  assert.equal(tenant.takeCode(code)?.nonce, 'n');
  assert.equal(tenant.takeCode(code), undefined);
});

test('codes are short-lived: ten minutes, then refused', () => {
  let clock = 2_000_000_000;
  const tenant = createTenant({ now: () => clock });
  const grant = { clientId: 'c', redirectUri: 'r', userId: 'u', scope: 'openid' };
  const fresh = tenant.createCode(grant);
  clock += CODE_LIFETIME - 1;
  assert.equal(tenant.takeCode(fresh)?.userId, 'u');
  const stale = tenant.createCode(grant);
  clock += CODE_LIFETIME;
  assert.equal(tenant.takeCode(stale), undefined);
  assert.equal(CODE_LIFETIME, 600);
});

test('sign-in choices: spares, then secondaries of other users, filtered by connection', () => {
  const tenant = createTenant();
  const forAlice = tenant.signInChoices({ excludeUserId: DEMO_USER_IDS.alice }).map((c) => c.id);
  assert.deepEqual(forAlice, [...Object.values(SPARE_USER_IDS), 'facebook|10203040506070809']);
  const forBob = tenant.signInChoices({ excludeUserId: DEMO_USER_IDS.bob }).map((c) => c.id);
  assert.ok(forBob.includes('github|1234567'));
  assert.deepEqual(
    tenant.signInChoices({ connection: 'github' }).map((c) => c.id),
    ['github|7654321', 'github|1234567'],
  );
});

test('reset returns users and tokens to the seed but keeps the signing key', async () => {
  const tenant = createTenant();
  const { keys } = await tenant.signingKey.jwks();
  const issued = tenant.issueAccessToken(DEMO_USER_IDS.bob, { scope: 'openid', azp: 'c', issuer: 'https://t/' });
  tenant.link(DEMO_USER_IDS.bob, SPARE_USER_IDS.github);
  tenant.unlink(DEMO_USER_IDS.alice, 'github', '1234567');
  tenant.getUser(DEMO_USER_IDS.alice)!.name = 'Changed';
  tenant.reset();
  assert.equal(tenant.getUser(DEMO_USER_IDS.bob)?.identities.length, 1);
  assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3);
  assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.name, 'Alice Example');
  assert.ok(tenant.getUser(SPARE_USER_IDS.github));
  assert.equal(tenant.checkAccessToken(issued).ok, false);
  assert.equal(tenant.checkAccessToken(DEMO_TOKENS.bob).ok, true);
  assert.deepEqual((await tenant.signingKey.jwks()).keys, keys);
});

test('tenants are independent of each other', () => {
  const a = createTenant();
  const b = createTenant();
  a.link(DEMO_USER_IDS.bob, SPARE_USER_IDS.github);
  assert.ok(b.getUser(SPARE_USER_IDS.github));
});
