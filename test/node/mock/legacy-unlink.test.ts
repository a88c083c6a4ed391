/// <reference types="node" />
// POST /unlink and POST /login/unlink (legacy Authentication API).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_TOKENS, DEMO_USER_IDS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import { expectAuthError as expectError, identityIds, postJson, url, useMockTenant } from '../helpers.js';

const tenant = useMockTenant();


const aliceIds = () => identityIds(tenant.getUser(DEMO_USER_IDS.alice)!.identities);

for (const path of ['/unlink', '/login/unlink']) {
  describe(`POST ${path}`, () => {
    test('success → 200 and the identity is a separate user again', async () => {
      const response = await postJson(path, { access_token: DEMO_TOKENS.alice, user_id: 'github|1234567' });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { message: 'Successfully unlinked user account' });
      assert.deepEqual(aliceIds(), ['auth0|alice0001', 'google-oauth2|104223456789012345678']);
      assert.equal(tenant.getUser('github|1234567')?.identities[0]?.user_id, 1234567);
    });

    test('a body that is not JSON → 400 invalid_request', async () => {
      const response = await fetch(url(path), {
        method: 'POST',
        body: new URLSearchParams({ access_token: DEMO_TOKENS.alice, user_id: 'github|1234567' }),
      });
      await expectError(response, 400, 'invalid_request', 'Content-Type must be application/json.');
      assert.equal(aliceIds().length, 3);
    });

    test('malformed JSON, or JSON that is not an object → 400 invalid_request', async () => {
      await expectError(await postJson(path, '{"access_token":'), 400, 'invalid_request', 'The body must be a JSON object.');
      await expectError(await postJson(path, '["github|1234567"]'), 400, 'invalid_request');
    });

    test('unknown, expired or missing access_token → 401 invalid_token', async () => {
      await expectError(await postJson(path, { access_token: 'nope', user_id: 'github|1234567' }), 401, 'invalid_token');
      await expectError(await postJson(path, { access_token: DEMO_TOKENS.expired, user_id: 'github|1234567' }), 401, 'invalid_token');
      await expectError(await postJson(path, { user_id: 'github|1234567' }), 401, 'invalid_token');
      assert.equal(aliceIds().length, 3);
    });

    test('user_id missing → 400 invalid_request', async () => {
      await expectError(await postJson(path, { access_token: DEMO_TOKENS.alice }), 400, 'invalid_request', 'Missing required parameter: user_id');
    });

    test('user_id without a pipe (or not a string) → 400 invalid_request', async () => {
      await expectError(await postJson(path, { access_token: DEMO_TOKENS.alice, user_id: '1234567' }), 400, 'invalid_request', 'user_id must be "provider|id".');
      await expectError(await postJson(path, { access_token: DEMO_TOKENS.alice, user_id: 1234567 }), 400, 'invalid_request');
    });

    test('the primary identity → 400 "Main identity cannot be removed."', async () => {
      const response = await postJson(path, { access_token: DEMO_TOKENS.alice, user_id: DEMO_USER_IDS.alice });
      await expectError(response, 400, 'invalid_request', 'Main identity cannot be removed.');
      assert.equal(aliceIds().length, 3);
    });

    test('an identity not linked to this user → 404 not_found', async () => {
      await expectError(await postJson(path, { access_token: DEMO_TOKENS.alice, user_id: 'facebook|10203040506070809' }), 404, 'not_found');
      await expectError(await postJson(path, { access_token: DEMO_TOKENS.bob, user_id: 'github|1234567' }), 404, 'not_found');
      assert.equal(tenant.getUser(DEMO_USER_IDS.carol)?.identities.length, 2, "carol's identity stays hers");
      assert.equal(aliceIds().length, 3);
    });
  });
}

test('an id with a pipe is split on the first pipe only', async () => {
  assert.ok(tenant.link(DEMO_USER_IDS.bob, SPARE_USER_IDS.oidc).ok);
  const response = await postJson('/unlink', { access_token: DEMO_TOKENS.bob, user_id: 'oidc|corp|employee-42' });
  assert.equal(response.status, 200);
  assert.equal(tenant.getUser(DEMO_USER_IDS.bob)?.identities.length, 1);
  assert.equal(tenant.getUser(SPARE_USER_IDS.oidc)?.identities[0]?.user_id, 'corp|employee-42');
});

test('a numeric user_id matches its string form', async () => {
  const response = await postJson('/unlink', { access_token: DEMO_TOKENS.alice, user_id: 'github|1234567' });
  assert.equal(response.status, 200);
  assert.ok(!aliceIds().includes('github|1234567'));
});
