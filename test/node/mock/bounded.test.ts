/// <reference types="node" />
// What requests leave in the tenant expires and is capped (issue 23, M4): /authorize transactions,
// codes, login sessions, refresh tokens and issued access tokens.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTenant, DEMO_TOKENS, DEMO_USER_IDS } from '../../../src/mock/index.js';
import {
  ACCESS_TOKEN_LIFETIME,
  CODE_LIFETIME,
  MAX_PENDING,
  REFRESH_TOKEN_LIFETIME,
  SESSION_LIFETIME,
  TRANSACTION_LIFETIME,
} from '../../../src/mock/store.js';

const tx = { clientId: 'c', redirectUri: 'r', responseMode: 'query' as const, scope: 'openid' };
const grant = { clientId: 'c', redirectUri: 'r', userId: DEMO_USER_IDS.alice, scope: 'openid' };

describe('expiry', () => {
  test('a transaction lives TRANSACTION_LIFETIME, a session SESSION_LIFETIME; then they read as absent and are swept', () => {
    let clock = 2_000_000_000;
    const tenant = createTenant({ now: () => clock });
    const page = tenant.createTransaction(tx);
    const session = tenant.createSession(DEMO_USER_IDS.alice, clock);
    clock += TRANSACTION_LIFETIME - 1;
    assert.ok(tenant.getTransaction(page.id));
    clock += 1;
    assert.equal(tenant.getTransaction(page.id), undefined);
    assert.ok(tenant.getSession(session.id));
    clock += SESSION_LIFETIME;
    assert.equal(tenant.getSession(session.id), undefined);
    assert.equal(TRANSACTION_LIFETIME, 3600);
    assert.equal(SESSION_LIFETIME, 3 * 24 * 3600);
  });

  test('sweep() drops every expired entry; an expired access token says "expired" for a lifetime, then "unknown"', async () => {
    let clock = 2_000_000_000;
    const tenant = createTenant({ now: () => clock });
    for (let i = 0; i < 50; i += 1) {
      tenant.createTransaction(tx);
      tenant.createCode(grant);
      tenant.createSession(DEMO_USER_IDS.alice, clock);
      tenant.createRefreshToken({ clientId: 'c', userId: DEMO_USER_IDS.alice, scope: 'openid offline_access' });
    }
    const token = tenant.issueAccessToken(DEMO_USER_IDS.bob, { scope: 'openid', azp: 'c', issuer: 'https://t/' });
    assert.deepEqual(tenant.pending(), { transactions: 50, codes: 50, sessions: 50, refreshTokens: 50, revokedFamilies: 0, accessTokens: 1 });
    clock += CODE_LIFETIME;
    tenant.sweep();
    assert.equal(tenant.pending().codes, 0);
    clock += ACCESS_TOKEN_LIFETIME;
    assert.deepEqual(tenant.checkAccessToken(token), { ok: false, reason: 'expired' });
    clock += ACCESS_TOKEN_LIFETIME;
    assert.deepEqual(tenant.checkAccessToken(token), { ok: false, reason: 'unknown' });
    clock += REFRESH_TOKEN_LIFETIME;
    tenant.sweep();
    assert.deepEqual(tenant.pending(), { transactions: 0, codes: 0, sessions: 0, refreshTokens: 0, revokedFamilies: 0, accessTokens: 0 });
    assert.equal(tenant.checkAccessToken(DEMO_TOKENS.alice).ok, true, 'the seed\'s tokens are never swept');
  });
});

describe('caps', () => {
  test(`at most MAX_PENDING (${MAX_PENDING}) of each: the oldest go first`, () => {
    const tenant = createTenant();
    const first = tenant.createTransaction(tx);
    const firstCode = tenant.createCode(grant);
    for (let i = 0; i < MAX_PENDING + 10; i += 1) {
      tenant.createTransaction(tx);
      tenant.createCode(grant);
      tenant.createSession(DEMO_USER_IDS.alice, 0);
    }
    const pending = tenant.pending();
    assert.equal(pending.transactions, MAX_PENDING);
    assert.equal(pending.codes, MAX_PENDING);
    assert.equal(pending.sessions, MAX_PENDING);
    assert.equal(tenant.getTransaction(first.id), undefined, 'the oldest transaction went');
    assert.equal(tenant.takeCode(firstCode), undefined, 'the oldest code went');
  });

  test('reset() empties them all', () => {
    const tenant = createTenant();
    tenant.createTransaction(tx);
    tenant.createCode(grant);
    tenant.reset();
    assert.deepEqual(Object.values(tenant.pending()), [0, 0, 0, 0, 0, 0]);
  });
});
