/// <reference types="node" />
// Linking in a popup: opened in the click's task, the answer (web_message) → exchange → link →
// the list; a closed popup is a calm `popup-closed`, a blocked one `popup-blocked`, no answer in
// time `popup-timeout`. Nothing is saved for a return: the answer comes back to this page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_TOKENS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import { POPUP_TIMEOUT_MS } from '../../../src/controller/port.js';
import { LinkerError } from '../../../src/protocol/errors.js';
import { PENDING_KEY, PendingLinks } from '../../../src/protocol/pending-link.js';
import { ALICE_START, FakePort, ORIGIN, Page, memoryStore, popupAnswerFor, sent, useMockTenant } from './harness.js';

const { requests } = useMockTenant();

async function ready(store = memoryStore()) {
  const page = new Page(new FakePort(), new PendingLinks(store));
  page.c.tokens.value = DEMO_TOKENS.alice;
  page.configure({ mode: 'management', popup: true });
  await page.settle();
  assert.equal(page.c.phase, 'ready', JSON.stringify(page.c.error));
  return { page, store };
}

describe('controller: link by popup', () => {
  test('the popup is opened synchronously in link(), before any await', async () => {
    const { page } = await ready();
    const running = page.c.link();
    assert.equal(page.port.popups.length, 1, 'opened in the same task');
    page.port.popups[0]!.closeByPerson();
    await running;
  });

  test('answer → exchange → link → the new list, account-linked, focus on the new row', async () => {
    const { page, store } = await ready();
    const running = page.c.link('github');
    const popup = page.port.popups[0]!;
    await popup.waiting.promise;
    assert.equal(page.c.status?.say, 'popupWaiting');
    assert.ok(popup.url);
    const q = new URL(popup.url).searchParams;
    assert.equal(q.get('response_mode'), 'web_message');
    assert.equal(q.get('connection'), 'github');
    assert.ok(q.get('code_challenge') && q.get('nonce'));
    assert.equal(q.has('access_token'), false);
    assert.deepEqual(popup.expected, { origin: ORIGIN, state: q.get('state') });
    assert.equal(popup.timeoutMs, POPUP_TIMEOUT_MS);
    assert.equal(page.port.assigned.length, 0, 'the page stays');
    assert.equal(store.map.has(PENDING_KEY), false, 'nothing saved for a return');
    assert.equal(page.of('account-link')[0]?.detail.url, popup.url);

    popup.answer.resolve(await popupAnswerFor(popup.url, SPARE_USER_IDS.github));
    const outcome = await running;
    assert.deepEqual(outcome, { is: 'linked', added: SPARE_USER_IDS.github });
    assert.equal(popup.closed, true);
    assert.deepEqual(page.ids(), [...ALICE_START, SPARE_USER_IDS.github]);
    assert.equal(page.c.added, SPARE_USER_IDS.github);
    assert.equal(page.c.notice?.say, 'linked');
    assert.equal(page.of('account-linked').length, 1);
    assert.deepEqual(page.c.takeFocus(), outcome);
    assert.equal(sent(requests, 'POST', `${ORIGIN}/oauth/token`).length, 1);
    assert.equal(sent(requests, 'POST', `${ORIGIN}/api/v2/users/auth0%7Calice0001/identities`).length, 1);
    assert.equal(page.c.linking, false);
  });

  test('popup closed by the person: a calm popup-closed notice, the event, the list unchanged', async () => {
    const { page } = await ready();
    const running = page.c.link();
    const popup = page.port.popups[0]!;
    await popup.waiting.promise;
    requests.length = 0;
    popup.closeByPerson();
    await running;
    assert.equal(page.c.error, undefined, 'not an alarm');
    assert.equal(page.c.notice?.say, 'calm');
    assert.equal(page.c.notice?.say === 'calm' && page.c.notice.error.code, 'popup-closed');
    assert.deepEqual(page.errors(), ['popup-closed']);
    assert.deepEqual(page.ids(), ALICE_START);
    assert.equal(requests.length, 0);
    assert.equal(popup.closed, true);
  });

  test(
    'popup closed by the person: link() resolves to "cancelled" (the person chose), as a cancel at /authorize does',
    async () => {
      const { page } = await ready();
      const running = page.c.link();
      await page.port.popups[0]!.waiting.promise;
      page.port.popups[0]!.closeByPerson();
      assert.deepEqual(await running, { is: 'cancelled' });
    },
  );

  test('popup blocked: popup-blocked error, nothing sent, no account-link', async () => {
    const { page } = await ready();
    page.port.allowPopups = false;
    requests.length = 0;
    assert.deepEqual(await page.c.link(), { is: 'failed' });
    assert.equal(page.c.error?.error.code, 'popup-blocked');
    assert.deepEqual(page.errors(), ['popup-blocked']);
    assert.equal(page.of('account-link').length, 0);
    assert.equal(requests.length, 0);
    assert.equal(page.c.linking, false);
  });

  test('no answer in time: popup-timeout error, the popup closed', async () => {
    const { page } = await ready();
    const running = page.c.link();
    const popup = page.port.popups[0]!;
    await popup.waiting.promise;
    popup.answer.reject(new LinkerError('popup-timeout', 'popupTimeout'));
    assert.deepEqual(await running, { is: 'failed' });
    assert.equal(page.c.error?.error.code, 'popup-timeout');
    assert.equal(popup.closed, true);
  });

  test('the person cancels at /authorize in the popup (access_denied): a calm notice', async () => {
    const { page } = await ready();
    const running = page.c.link();
    const popup = page.port.popups[0]!;
    await popup.waiting.promise;
    popup.answer.resolve({ state: popup.expected!.state, error: 'access_denied', errorDescription: 'The user cancelled.' });
    assert.deepEqual(await running, { is: 'cancelled' });
    assert.equal(page.c.error, undefined);
    assert.equal(page.c.notice?.say, 'calm');
    assert.deepEqual(page.errors(), ['authorize-error']);
  });

  test('a cancelled account-link closes the popup', async () => {
    const { page } = await ready();
    page.cancel.add('account-link');
    assert.deepEqual(await page.c.link(), { is: 'cancelled' });
    assert.equal(page.port.popups[0]!.closed, true);
    assert.equal(page.port.popups[0]!.url, undefined, 'never sent to /authorize');
  });
});
