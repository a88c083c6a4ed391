/// <reference types="node" />
// Returning from /authorize: the state is taken once; an unknown state is a state-mismatch that
// leaves the address bar alone (and the list still loads); an expired one is refused after the
// address bar is cleaned; a cancel (access_denied) is a calm notice; another element's state is
// left for it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CLIENT_ID, DEMO_TOKENS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import { PENDING_KEY, PENDING_TTL_MS, PendingLinks } from '../../../src/protocol/pending-link.js';
import { ALICE_START, FakePort, ORIGIN, PAGE, Page, memoryStore, returnUrlFor, sent, useMockTenant } from './harness.js';

const { requests } = useMockTenant();

/** Starts a management link on one page; the URL it assigned. */
async function startLink(store: ReturnType<typeof memoryStore>, now?: () => number) {
  const page = new Page(new FakePort(), new PendingLinks(store, now));
  page.c.tokens.value = DEMO_TOKENS.alice;
  page.configure({ mode: 'management' });
  await page.settle();
  await page.c.link();
  const url = page.port.assigned[0]!;
  return { url, state: new URL(url).searchParams.get('state')! };
}

/** The page loaded again at `href`. */
async function returnTo(href: string, store: ReturnType<typeof memoryStore>, now?: () => number, input = {}) {
  const page = new Page(new FakePort(href), new PendingLinks(store, now));
  page.c.tokens.value = DEMO_TOKENS.alice;
  page.configure({ mode: 'management', ...input });
  await page.settle();
  return page;
}

describe('controller: return', () => {
  test('a state is taken once: the same return URL again is a state-mismatch and nothing is exchanged', async () => {
    const store = memoryStore();
    const { url } = await startLink(store);
    const back = await returnUrlFor(url, SPARE_USER_IDS.github);
    const first = await returnTo(back, store);
    assert.equal(first.c.added, SPARE_USER_IDS.github);
    requests.length = 0;

    const again = await returnTo(back, store);
    assert.equal(again.c.error?.error.code, 'state-mismatch');
    assert.deepEqual(again.errors(), ['state-mismatch']);
    assert.equal(again.of('account-linked').length, 0);
    assert.equal(sent(requests, 'POST', `${ORIGIN}/oauth/token`).length, 0);
    assert.deepEqual(again.port.replaced, [], 'the address bar is left alone');
    assert.deepEqual(again.ids(), [...ALICE_START, SPARE_USER_IDS.github], 'the list still loads');
  });

  test('an unknown state: state-mismatch, the address bar untouched, the list loads, nothing exchanged', async () => {
    const page = await returnTo(`${PAGE}?code=forged-code&state=never-issued&keep=1`, memoryStore());
    assert.equal(page.c.error?.error.code, 'state-mismatch');
    assert.equal(page.c.error?.error.reason, 'stateMismatch');
    assert.deepEqual(page.port.replaced, []);
    assert.equal(page.port.address, `${PAGE}?code=forged-code&state=never-issued&keep=1`);
    assert.equal(page.c.phase, 'ready');
    assert.deepEqual(page.ids(), ALICE_START);
    assert.equal(sent(requests, 'POST', `${ORIGIN}/oauth/token`).length, 0);
    assert.equal(sent(requests, 'POST', `${ORIGIN}/api/v2/`).length, 0);
  });

  test('an expired state (over 10 minutes): the address bar cleaned, state-mismatch (expired), nothing exchanged', async () => {
    const store = memoryStore();
    let clock = 1_000_000;
    const now = () => clock;
    const { url } = await startLink(store, now);
    const back = await returnUrlFor(url, SPARE_USER_IDS.github);
    clock += PENDING_TTL_MS + 1;
    requests.length = 0;
    const page = await returnTo(back, store, now);
    assert.equal(page.c.error?.error.code, 'state-mismatch');
    assert.equal(page.c.error?.error.reason, 'stateExpired');
    assert.deepEqual(page.port.replaced, [PAGE]);
    assert.equal(sent(requests, 'POST', `${ORIGIN}/oauth/token`).length, 0);
    assert.deepEqual(page.ids(), ALICE_START);
  });

  test('a cancel at /authorize (access_denied): a calm notice, authorize-error for the host, the list loads', async () => {
    const store = memoryStore();
    const { state } = await startLink(store);
    const page = await returnTo(`${PAGE}?error=access_denied&error_description=User%20cancelled&state=${state}`, store);
    assert.equal(page.c.error, undefined, 'not an alarm');
    assert.equal(page.c.notice?.say, 'calm');
    assert.equal(page.c.notice?.say === 'calm' && page.c.notice.error.code, 'authorize-error');
    assert.deepEqual(page.errors(), ['authorize-error']);
    assert.deepEqual(page.port.replaced, [PAGE]);
    assert.deepEqual(page.ids(), ALICE_START);
    assert.equal(store.map.has(PENDING_KEY), false);
  });

  test('an authorize error that says "error" stays an error', async () => {
    const store = memoryStore();
    const { state } = await startLink(store);
    const page = await returnTo(`${PAGE}?error=access_denied&error_description=Error%20linking%20account&state=${state}`, store);
    assert.equal(page.c.error?.error.code, 'authorize-error');
    assert.equal(page.c.notice, undefined);
    assert.deepEqual(page.ids(), ALICE_START);
  });

  test("another element's state (another client) is left for it: no error, the address bar alone", async () => {
    const store = memoryStore();
    const { state } = await startLink(store);
    const href = `${PAGE}?code=abc&state=${state}`;
    const page = await returnTo(href, store, undefined, { clientId: 'another-client' });
    assert.equal(page.c.error, undefined);
    assert.deepEqual(page.port.replaced, []);
    assert.ok(store.map.get(PENDING_KEY)?.includes(state), 'still pending for its element');
    assert.equal(sent(requests, 'POST', `${ORIGIN}/oauth/token`).length, 0);
    // …and its own element then takes it.
    const owner = await returnTo(href, store, undefined, { clientId: DEMO_CLIENT_ID });
    assert.deepEqual(owner.port.replaced, [PAGE]);
  });

  test('a server-mode return marker is not read by a tenant mode', async () => {
    const page = await returnTo(`${PAGE}?account_linker=done`, memoryStore());
    assert.equal(page.c.error, undefined);
    assert.deepEqual(page.port.replaced, []);
    assert.deepEqual(page.ids(), ALICE_START);
  });
});
