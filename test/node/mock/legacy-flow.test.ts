/// <reference types="node" />
// The whole legacy flow as the component drives it: authorize with the primary's token → pick an
// identity → back with code → /userinfo shows it → POST /unlink → gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_TOKENS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import { bearer, decide, identityIds, openAuthorizePage, postJson, redirectParams, url, useMockTenant } from '../helpers.js';

useMockTenant();

const identitiesOf = async (token: string) =>
  identityIds((await (await fetch(url('/userinfo'), { headers: bearer(token) })).json()).identities);

test('legacy link then unlink, end to end', async () => {
  assert.deepEqual(await identitiesOf(DEMO_TOKENS.bob), ['auth0|bob0002']);

  const { html, tx } = await openAuthorizePage({ access_token: DEMO_TOKENS.bob, state: 'xyz' });
  assert.match(html, /data-identity="github\|7654321"/);
  const params = redirectParams(await decide({ tx, identity: SPARE_USER_IDS.github }));
  assert.equal(params.get('state'), 'xyz');
  assert.ok(params.get('code'));

  assert.deepEqual(await identitiesOf(DEMO_TOKENS.bob), ['auth0|bob0002', 'github|7654321']);

  // The linked identity is no longer offered to bob, and refused for alice (it belongs to bob now).
  assert.doesNotMatch((await openAuthorizePage({ access_token: DEMO_TOKENS.bob })).html, /data-identity="github\|7654321"/);
  const forAlice = await openAuthorizePage({ access_token: DEMO_TOKENS.alice });
  const refused = redirectParams(await decide({ tx: forAlice.tx, identity: SPARE_USER_IDS.github }));
  assert.equal(refused.get('error'), 'access_denied');

  const unlink = await postJson('/unlink', { access_token: DEMO_TOKENS.bob, user_id: SPARE_USER_IDS.github });
  assert.equal(unlink.status, 200);
  assert.deepEqual(await identitiesOf(DEMO_TOKENS.bob), ['auth0|bob0002']);

  // Unlinked, it is a spare again: offered and linkable.
  const again = await openAuthorizePage({ access_token: DEMO_TOKENS.alice });
  assert.ok(redirectParams(await decide({ tx: again.tx, identity: SPARE_USER_IDS.github })).get('code'));
  assert.ok((await identitiesOf(DEMO_TOKENS.alice)).includes('github|7654321'));
});
