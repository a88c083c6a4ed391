/// <reference types="node" />
// A return waits for the page to hand over its token (an SPA sets it a moment after it starts):
// up to RETURN_TOKEN_WAIT_MS, then `missing-token`; a token or provider given during the wait
// finishes the link. The long wait runs on node:test's mock timers.
import { afterEach, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_TOKENS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import { RETURN_TOKEN_WAIT_MS } from '../../../src/controller/linker-controller.js';
import { PendingLinks } from '../../../src/protocol/pending-link.js';
import { ALICE_START, FakePort, ORIGIN, PAGE, Page, memoryStore, returnUrlFor, sent, sleep, until, useMockTenant } from './harness.js';

const { requests } = useMockTenant();

afterEach(() => mock.timers.reset());

/** The error on show, read afresh (an assertion on the getter would narrow it for good). */
const shown = (page: Page) => page.c.error;

/** A management return URL, its link saved in `store`. */
async function returnUrl(store: ReturnType<typeof memoryStore>): Promise<string> {
  const page = new Page(new FakePort(), new PendingLinks(store));
  page.c.tokens.value = DEMO_TOKENS.alice;
  page.configure({ mode: 'management' });
  await page.settle();
  await page.c.link();
  return returnUrlFor(page.port.assigned[0]!, SPARE_USER_IDS.github);
}

/** The page loaded again at the return URL, without a token: its return is waiting. */
async function waitingReturn(mode = 'management') {
  const store = memoryStore();
  const back = await returnUrl(store);
  requests.length = 0;
  const page = new Page(new FakePort(back), new PendingLinks(store));
  page.configure({ mode });
  await page.host.updateComplete;
  await until(() => page.port.replaced.length === 1, 'the return to clean the address bar');
  return page;
}

describe('controller: token waits', () => {
  test(`a return without a token waits ${RETURN_TOKEN_WAIT_MS} ms, then missing-token; nothing is sent`, async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const page = await waitingReturn();
    const [run] = page.starts;
    mock.timers.tick(RETURN_TOKEN_WAIT_MS - 1);
    await sleep(10);
    assert.equal(shown(page), undefined, 'still waiting just before the bound');
    assert.equal(page.errors().length, 0);
    mock.timers.tick(1);
    assert.deepEqual(await run, { is: 'failed' });
    assert.equal(page.c.error?.error.code, 'missing-token');
    assert.equal(page.c.error?.error.reason, 'tokenLate');
    assert.deepEqual(page.errors(), ['missing-token']);
    assert.equal(requests.length, 0);
    assert.deepEqual(page.port.replaced, [PAGE], 'code and state are gone from the address bar all the same');
    assert.equal(page.of('account-linked').length, 0);
  });

  test('a token given just before the bound finishes the link', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const page = await waitingReturn();
    mock.timers.tick(RETURN_TOKEN_WAIT_MS - 100);
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.c.tokenChanged();
    // The requests that follow run on real timers.
    mock.timers.reset();
    await page.settle();
    await until(() => page.of('account-linked').length === 1, 'account-linked');
    assert.deepEqual(page.ids(), [...ALICE_START, SPARE_USER_IDS.github]);
    assert.equal(page.c.added, SPARE_USER_IDS.github);
    assert.equal(page.c.error, undefined);
    assert.equal(page.errors().length, 0);
    assert.equal(sent(requests, 'POST', `${ORIGIN}/oauth/token`).length, 1);
  });

  test('a token given a moment later (real time) finishes the link; the list is not loaded twice', async () => {
    const page = await waitingReturn();
    await sleep(30);
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.c.tokenChanged();
    await until(() => page.of('account-linked').length === 1, 'account-linked');
    await page.settle();
    assert.deepEqual(page.ids(), [...ALICE_START, SPARE_USER_IDS.github]);
    assert.equal(sent(requests, 'GET', `${ORIGIN}/api/v2/users/`).length, 0, 'the link answered with the list');
    assert.deepEqual(page.c.takeFocus(), { is: 'linked', added: SPARE_USER_IDS.github });
  });

  test('a token provider given during the wait finishes the link (auto picks management from its token)', async () => {
    const page = await waitingReturn('auto');
    await sleep(10);
    page.c.tokens.provider = async () => DEMO_TOKENS.alice;
    page.c.tokenChanged();
    await until(() => page.of('account-linked').length === 1, 'account-linked');
    assert.deepEqual(page.ids(), [...ALICE_START, SPARE_USER_IDS.github]);
  });

  test('a load without a token does not wait: missing-token at once', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const page = new Page();
    page.configure({ mode: 'management' });
    await page.settle();
    assert.equal(page.c.error?.error.code, 'missing-token');
    assert.equal(page.c.phase, 'failed');
  });
});
