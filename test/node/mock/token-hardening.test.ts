/// <reference types="node" />
// /oauth/token under attack (issue 23): concurrent reuse of a refresh token (M2), a refresh token
// shown by another client (M3), client secrets compared in constant time (M8).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CLIENT_ID, DEMO_USER_IDS, REGULAR_CLIENT_ID, REGULAR_CLIENT_SECRET, SPA_CLIENT_ID } from '../../../src/mock/index.js';
import { exchange, expectAuthError, loginWith, postJson, useMockTenant } from '../helpers.js';

const tenant = useMockTenant();

const refresh = (refresh_token: string, client_id = DEMO_CLIENT_ID) =>
  postJson('/oauth/token', { grant_type: 'refresh_token', client_id, refresh_token });

async function refreshToken(client_id = DEMO_CLIENT_ID): Promise<string> {
  const code = await loginWith(DEMO_USER_IDS.alice, { scope: 'openid offline_access', client_id });
  const body = await (await exchange({ code, client_id })).json();
  assert.equal(typeof body.refresh_token, 'string');
  return body.refresh_token;
}

describe('M2: refresh-token reuse, concurrently', () => {
  test('8 concurrent refreshes with one token: one 200, seven 403, and the winner\'s new token is revoked too', async () => {
    const token = await refreshToken();
    const answers = await Promise.all(Array.from({ length: 8 }, () => refresh(token)));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [200, 403, 403, 403, 403, 403, 403, 403]);
    const winner = await answers.find((a) => a.status === 200)!.json();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await expectAuthError(await refresh(winner.refresh_token), 403, 'invalid_grant');
    }
  });

  test('a revoked family is remembered: no token of it is used or minted again', async () => {
    const first = await refreshToken();
    const second = (await (await refresh(first)).json()).refresh_token as string;
    await expectAuthError(await refresh(first), 403, 'invalid_grant'); // reuse: the family is revoked
    await expectAuthError(await refresh(second), 403, 'invalid_grant');
    const grant = { clientId: DEMO_CLIENT_ID, userId: DEMO_USER_IDS.alice, scope: 'openid offline_access' };
    const fresh = tenant.createRefreshToken(grant);
    const family = tenant.takeRefreshToken(fresh)!.family;
    tenant.takeRefreshToken(fresh); // reused
    assert.throws(() => tenant.createRefreshToken({ ...grant, family }), /revoked/);
  });
});

describe('M3: a refresh token shown by another client', () => {
  test('is refused and not consumed: its owner\'s next use is no reuse', async () => {
    const token = await refreshToken(DEMO_CLIENT_ID);
    await expectAuthError(await refresh(token, SPA_CLIENT_ID), 403, 'invalid_grant');
    await expectAuthError(
      await postJson('/oauth/token', { grant_type: 'refresh_token', client_id: REGULAR_CLIENT_ID, client_secret: REGULAR_CLIENT_SECRET, refresh_token: token }),
      403,
      'invalid_grant',
    );
    const owner = await refresh(token, DEMO_CLIENT_ID);
    assert.equal(owner.status, 200, 'the owner still refreshes');
    const next = (await owner.json()).refresh_token;
    assert.equal((await refresh(next, DEMO_CLIENT_ID)).status, 200, 'and the family is not revoked');
  });
});

describe('M8: client secrets in constant time', () => {
  test('both the presented and the registered secret are hashed before they are compared', async () => {
    const digested: string[] = [];
    const subtle = crypto.subtle;
    const original = subtle.digest.bind(subtle);
    subtle.digest = (async (algorithm: AlgorithmIdentifier, data: BufferSource) => {
      digested.push(new TextDecoder().decode(data as ArrayBuffer));
      return original(algorithm, data);
    }) as typeof subtle.digest;
    try {
      const answer = await postJson('/oauth/token', {
        grant_type: 'client_credentials',
        client_id: REGULAR_CLIENT_ID,
        client_secret: 'a-wrong-secret',
        audience: 'https://tenant.example.com/api/v2/',
      });
      await expectAuthError(answer, 401, 'invalid_client', 'Invalid client credentials');
    } finally {
      subtle.digest = original;
    }
    assert.ok(digested.includes('a-wrong-secret'), 'the presented secret is hashed');
    assert.ok(digested.includes(REGULAR_CLIENT_SECRET), 'the registered secret is hashed');
  });

  test('the right secret still passes, by body and by Basic; a missing one is refused first', async () => {
    const code = await loginWith(DEMO_USER_IDS.alice, { client_id: REGULAR_CLIENT_ID });
    assert.equal((await exchange({ code, client_id: REGULAR_CLIENT_ID, client_secret: REGULAR_CLIENT_SECRET })).status, 200);
    const other = await loginWith(DEMO_USER_IDS.alice, { client_id: REGULAR_CLIENT_ID });
    await expectAuthError(await exchange({ code: other, client_id: REGULAR_CLIENT_ID }), 401, 'invalid_client');
    const basic = `Basic ${btoa(`${REGULAR_CLIENT_ID}:${REGULAR_CLIENT_SECRET}`)}`;
    const viaBasic = await postJson(
      '/oauth/token',
      { grant_type: 'authorization_code', code: other, redirect_uri: 'http://localhost:8000/account' },
      { Authorization: basic },
    );
    assert.equal(viaBasic.status, 200);
  });
});
