/// <reference types="node" />
// `link_with` is this tenant's ID token, issued now (issue 23, M6): its `iss` must be the tenant's,
// `nbf` and `iat` not ahead of the tenant's clock by more than a minute.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CLIENT_ID, DEMO_TOKENS, DEMO_USER_IDS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import { bearer, identityIds, url, useMockTenant } from '../helpers.js';

const tenant = useMockTenant();
const ALICE = `/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.alice)}`;

const link = (link_with: string) =>
  fetch(url(`${ALICE}/identities`), {
    method: 'POST',
    headers: { ...bearer(DEMO_TOKENS.alice), 'Content-Type': 'application/json' },
    body: JSON.stringify({ link_with }),
  });

/** An ID token of the spare GitHub account signed by the tenant's own key; `claims` change it. */
const idToken = (claims: Record<string, unknown>) => {
  const now = tenant.now();
  const token: Record<string, unknown> = { iss: 'https://tenant.example.com/', sub: SPARE_USER_IDS.github, aud: DEMO_CLIENT_ID, iat: now, exp: now + 3600, ...claims };
  for (const [name, value] of Object.entries(token)) if (value === undefined) delete token[name];
  return tenant.signingKey.sign(token);
};

async function refused(claims: Record<string, unknown>, message: string) {
  const response = await link(await idToken(claims));
  assert.equal(response.status, 400, JSON.stringify(claims));
  assert.equal((await response.json()).message, message);
  assert.deepEqual(identityIds(tenant.getUser(DEMO_USER_IDS.alice)!.identities).includes(SPARE_USER_IDS.github), false, 'nothing linked');
}

describe('M6: link_with claims', () => {
  test('another tenant\'s iss, or none, is refused', async () => {
    await refused({ iss: 'https://other-tenant.example.com/' }, 'JWT (link_with) has an invalid issuer.');
    await refused({ iss: 'https://tenant.example.com' }, 'JWT (link_with) has an invalid issuer.');
    await refused({ iss: undefined }, 'JWT (link_with) has an invalid issuer.');
  });

  test('nbf a day ahead is refused; a few seconds of clock skew pass', async () => {
    await refused({ nbf: tenant.now() + 86400 }, 'JWT (link_with) is not valid yet.');
    await refused({ nbf: 'soon' }, 'JWT (link_with) is not valid yet.');
  });

  test('iat a day ahead, or none, is refused', async () => {
    await refused({ iat: tenant.now() + 86400 }, 'JWT (link_with) has an invalid iat.');
    await refused({ iat: undefined }, 'JWT (link_with) has an invalid iat.');
  });

  test('this tenant\'s token, issued now (30 s of skew on iat and nbf), links', async () => {
    const response = await link(await idToken({ iat: tenant.now() + 30, nbf: tenant.now() + 30 }));
    assert.equal(response.status, 201, await response.clone().text());
    assert.ok(identityIds(await response.json()).includes(SPARE_USER_IDS.github));
  });
});
