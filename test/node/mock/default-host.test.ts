/// <reference types="node" />
// src/mock/node.ts: the default handlers and tenant, as Node tests of other modules would use them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { server, tenant } from '../../../src/mock/node.js';
import { DEMO_TOKENS, DEMO_USER_IDS } from '../../../src/mock/index.js';

before(() => server.listen({ onUnhandledRequest: 'error' }));
after(() => server.close());

test('the default server answers with the default tenant', async () => {
  const response = await fetch('https://tenant.example.com/userinfo', {
    headers: { Authorization: `Bearer ${DEMO_TOKENS.carol}` },
  });
  assert.equal(response.status, 200);
  assert.equal((await response.json()).user_id, DEMO_USER_IDS.carol);

  const unlink = await fetch('https://any-tenant.test/unlink', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ access_token: DEMO_TOKENS.carol, user_id: 'facebook|10203040506070809' }),
  });
  assert.equal(unlink.status, 200);
  assert.equal(tenant.getUser(DEMO_USER_IDS.carol)?.identities.length, 1, 'the exported tenant is the one changed');
  tenant.reset();
  assert.equal(tenant.getUser(DEMO_USER_IDS.carol)?.identities.length, 2);
});
