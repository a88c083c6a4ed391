/// <reference types="node" />
// Unlinking: the cancelable `account-unlink`, then DELETE (management) or POST /unlink (legacy);
// success removes the row and fires `account-unlinked` with the row's index as the outcome; a
// failure leaves the list as it was; a cancelled event sends nothing; the primary is refused.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_TOKENS } from '../../../src/mock/index.js';
import type { Identity } from '../../../src/protocol/identity.js';
import { ALICE_START, ORIGIN, Page, sent, useMockTenant } from './harness.js';

const { tenant, requests } = useMockTenant();

async function ready(mode = 'management', token: string = DEMO_TOKENS.alice) {
  const page = new Page();
  page.c.tokens.value = token;
  page.configure({ mode });
  await page.settle();
  assert.equal(page.c.phase, 'ready', JSON.stringify(page.c.error));
  requests.length = 0;
  return page;
}

const row = (page: Page, key: string): Identity => {
  const found = page.c.list!.find((i) => `${i.provider}|${i.user_id}` === key);
  assert.ok(found, `${key} is listed`);
  return found;
};

describe('controller: unlink', () => {
  test('management: account-unlink (cancelable), DELETE, the row removed, account-unlinked, outcome with its index', async () => {
    const page = await ready();
    const google = row(page, ALICE_START[1]!);
    const running = page.c.unlink(google);
    assert.ok(page.c.busy.has(ALICE_START[1]!), 'its buttons are disabled while it runs');
    const outcome = await running;
    assert.deepEqual(outcome, { is: 'unlinked', index: 1 });
    assert.deepEqual(page.ids(), [ALICE_START[0], ALICE_START[2]]);
    assert.equal(page.c.busy.size, 0);
    assert.equal(page.c.notice?.say, 'unlinked');

    const [asked] = page.of('account-unlink');
    assert.equal(asked?.cancelable, true);
    assert.deepEqual(asked?.detail.identity, google);
    const [done] = page.of('account-unlinked');
    assert.deepEqual(done?.detail.identity, google);
    assert.deepEqual(done?.detail.identities.map((i: Identity) => `${i.provider}|${i.user_id}`), page.ids());
    assert.deepEqual(page.c.takeFocus(), outcome);

    const [del] = sent(requests, 'DELETE', `${ORIGIN}/api/v2/users/`);
    assert.equal(new URL(del!.url).pathname, '/api/v2/users/auth0%7Calice0001/identities/google-oauth2/104223456789012345678');
    assert.equal(del!.headers.get('authorization'), `Bearer ${DEMO_TOKENS.alice}`);
  });

  test('legacy: POST /unlink with {access_token, user_id}', async () => {
    const page = await ready('legacy', DEMO_TOKENS.carol);
    const facebook = row(page, 'facebook|10203040506070809');
    assert.deepEqual(await page.c.unlink(facebook), { is: 'unlinked', index: 1 });
    assert.deepEqual(page.ids(), ['auth0|carol0003']);
    const [post] = sent(requests, 'POST', `${ORIGIN}/unlink`);
    assert.deepEqual(await post!.json(), { access_token: DEMO_TOKENS.carol, user_id: 'facebook|10203040506070809' });
    assert.equal(page.of('account-unlinked').length, 1);
  });

  test('a failure leaves the list unchanged and shows the error; no account-unlinked', async () => {
    const page = await ready();
    tenant.addFault({ method: 'DELETE', path: '/api/v2/users/*', status: 500 });
    const before = page.ids();
    assert.deepEqual(await page.c.unlink(row(page, ALICE_START[2]!)), { is: 'failed' });
    assert.deepEqual(page.ids(), before);
    assert.equal(page.c.error?.error.code, 'http');
    assert.equal(page.c.error?.error.status, 500);
    assert.equal(page.of('account-unlinked').length, 0);
    assert.deepEqual(page.errors(), ['http']);
    assert.equal(page.c.busy.size, 0);
  });

  test('a cancelled account-unlink sends nothing', async () => {
    const page = await ready();
    page.cancel.add('account-unlink');
    assert.deepEqual(await page.c.unlink(row(page, ALICE_START[2]!)), { is: 'cancelled' });
    assert.equal(requests.length, 0);
    assert.deepEqual(page.ids(), ALICE_START);
    assert.equal(page.of('account-unlinked').length, 0);
    assert.equal(page.c.busy.size, 0);
  });

  test('the primary is refused before anything is sent (primary-identity)', async () => {
    const page = await ready();
    assert.deepEqual(await page.c.unlink(row(page, ALICE_START[0]!)), { is: 'failed' });
    assert.equal(page.c.error?.error.code, 'primary-identity');
    assert.deepEqual(page.errors(), ['primary-identity']);
    assert.equal(page.of('account-unlink').length, 0);
    assert.equal(requests.length, 0);
    assert.deepEqual(page.ids(), ALICE_START);
  });

  test('a second unlink of the same row while the first runs does nothing', async () => {
    const page = await ready();
    const github = row(page, ALICE_START[2]!);
    const first = page.c.unlink(github);
    assert.deepEqual(await page.c.unlink(github), { is: 'none' });
    await first;
    assert.equal(sent(requests, 'DELETE', `${ORIGIN}/api/v2/`).length, 1);
  });

  /** Another tab unlinked github already; this page's DELETE answers 404. */
  async function goneElsewhere(page: Page): Promise<Identity> {
    const github = row(page, ALICE_START[2]!);
    const other = await fetch(`${ORIGIN}/api/v2/users/auth0%7Calice0001/identities/github/1234567`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${DEMO_TOKENS.alice}` },
    });
    assert.equal(other.status, 200);
    tenant.addFault({ method: 'DELETE', path: '/api/v2/users/*', status: 404 });
    return github;
  }

  test('"not linked" (404) after a lost answer: the list is reloaded and believed', async () => {
    const page = await ready();
    const outcome = await page.c.unlink(await goneElsewhere(page));
    assert.equal(outcome.is, 'unlinked');
    assert.deepEqual(page.ids(), ALICE_START.slice(0, 2));
    assert.equal(page.c.error, undefined);
    assert.equal(page.of('account-unlinked').length, 1);
  });

  test(
    '"not linked" (404): the outcome still gives the row\'s index (focus goes where the row was)',
    async () => {
      const page = await ready();
      assert.deepEqual(await page.c.unlink(await goneElsewhere(page)), { is: 'unlinked', index: 2 });
    },
  );
});
