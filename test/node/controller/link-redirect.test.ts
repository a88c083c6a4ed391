/// <reference types="node" />
// Linking by redirect: the pending link saved, `account-link` (cancelable) fired with the URL, then
// `assign()`; management's URL carries state, PKCE and nonce and never a token; legacy's carries
// the token (its only way). The return on a new page (same store) finishes the link.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DEMO_CLIENT_ID, DEMO_TOKENS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import { PENDING_KEY, PendingLinks, type PendingLink } from '../../../src/protocol/pending-link.js';
import { ALICE_START, FakePort, ORIGIN, PAGE, Page, memoryStore, returnUrlFor, sent, useMockTenant } from './harness.js';

const { requests } = useMockTenant();

async function ready(mode: string, token: string = DEMO_TOKENS.alice, store = memoryStore()) {
  const page = new Page(new FakePort(), new PendingLinks(store));
  page.c.tokens.value = token;
  page.configure({ mode });
  await page.settle();
  assert.equal(page.c.phase, 'ready', JSON.stringify(page.c.error));
  return { page, store };
}

const saved = (store: ReturnType<typeof memoryStore>): Record<string, PendingLink> => JSON.parse(store.map.get(PENDING_KEY) ?? '{}');

describe('controller: link by redirect', () => {
  test('management: pending saved, account-link fired (cancelable) with the URL, then assign()', async () => {
    const { page, store } = await ready('management');
    const outcome = await page.c.link('github');
    assert.deepEqual(outcome, { is: 'navigating' });
    assert.equal(page.port.assigned.length, 1);
    const url = new URL(page.port.assigned[0]!);
    assert.equal(`${url.origin}${url.pathname}`, `${ORIGIN}/authorize`);

    const [linkEvent] = page.of('account-link');
    assert.ok(linkEvent);
    assert.equal(linkEvent.cancelable, true);
    assert.deepEqual(linkEvent.detail, { url: url.href, connection: 'github' });

    const q = url.searchParams;
    const state = q.get('state')!;
    const entry = saved(store)[state];
    assert.ok(entry, 'the pending link is saved under its state');
    assert.equal(entry.origin, ORIGIN);
    assert.equal(entry.clientId, DEMO_CLIENT_ID);
    assert.equal(entry.redirectUri, PAGE);
    assert.equal(entry.connection, 'github');
    assert.deepEqual(entry.known, ALICE_START);
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), DEMO_CLIENT_ID);
    assert.equal(q.get('redirect_uri'), PAGE);
    assert.equal(q.get('connection'), 'github');
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.equal(q.get('code_challenge'), createHash('sha256').update(entry.codeVerifier!).digest('base64url'));
    assert.equal(q.get('nonce'), entry.nonce);
    assert.equal(q.get('prompt'), 'login');
    assert.equal(q.get('max_age'), '0');
    assert.equal(q.has('access_token'), false);
    assert.equal(q.has('response_mode'), false);
    assert.ok(!url.href.includes(DEMO_TOKENS.alice), 'no token in the URL');
    assert.ok(!url.href.includes(entry.codeVerifier!), 'the verifier stays home');
    assert.equal(page.c.linking, false);
  });

  test('auto with the demo token links as management (no token in the URL)', async () => {
    const { page } = await ready('auto');
    await page.c.link();
    const q = new URL(page.port.assigned[0]!).searchParams;
    assert.ok(q.get('code_challenge') && q.get('nonce'));
    assert.equal(q.has('access_token'), false);
    assert.equal(q.get('scope'), 'openid profile email');
  });

  test('legacy: the URL carries access_token (legacy only), no PKCE', async () => {
    const { page, store } = await ready('legacy', DEMO_TOKENS.bob);
    await page.c.link();
    const q = new URL(page.port.assigned[0]!).searchParams;
    assert.equal(q.get('access_token'), DEMO_TOKENS.bob);
    assert.equal(q.has('code_challenge'), false);
    assert.equal(q.has('nonce'), false);
    assert.equal(q.get('scope'), 'openid');
    assert.ok(saved(store)[q.get('state')!]);
  });

  test('a cancelled account-link navigates nowhere', async () => {
    const { page } = await ready('management');
    page.cancel.add('account-link');
    const outcome = await page.c.link();
    assert.deepEqual(outcome, { is: 'cancelled' });
    assert.equal(page.port.assigned.length, 0);
    assert.equal(page.c.linking, false);
  });

  test('a second link() while one runs does nothing', async () => {
    const { page } = await ready('management');
    const first = page.c.link();
    assert.equal(page.c.linking, true);
    assert.deepEqual(await page.c.link(), { is: 'none' });
    await first;
    assert.equal(page.port.assigned.length, 1);
  });

  test('management round trip: return URL on a new page → exchange → link → the 201 list, account-linked, added', async () => {
    const { page, store } = await ready('management');
    await page.c.link();
    const back = await returnUrlFor(page.port.assigned[0]!, SPARE_USER_IDS.github);
    requests.length = 0;

    const next = new Page(new FakePort(back), new PendingLinks(store));
    next.c.tokens.value = DEMO_TOKENS.alice;
    next.configure({ mode: 'management' });
    await next.settle();

    assert.deepEqual(next.port.replaced, [PAGE], 'code and state are removed from the address bar');
    assert.deepEqual(next.ids(), [...ALICE_START, SPARE_USER_IDS.github]);
    assert.equal(next.c.added, SPARE_USER_IDS.github);
    assert.equal(next.c.notice?.say, 'linked');
    assert.equal(next.c.error, undefined);
    const [linked] = next.of('account-linked');
    assert.ok(linked);
    assert.deepEqual(linked.detail.identities.map((i: { provider: string; user_id: string }) => `${i.provider}|${i.user_id}`), next.ids());
    assert.deepEqual(next.c.takeFocus(), { is: 'linked', added: SPARE_USER_IDS.github });

    const [exchange] = sent(requests, 'POST', `${ORIGIN}/oauth/token`);
    assert.ok(exchange);
    assert.equal(exchange.headers.get('authorization'), null);
    const form = new URLSearchParams(await exchange.text());
    assert.equal(form.get('client_id'), DEMO_CLIENT_ID);
    assert.equal(form.get('redirect_uri'), PAGE);
    assert.ok(form.get('code_verifier'));
    const [link] = sent(requests, 'POST', `${ORIGIN}/api/v2/users/auth0%7Calice0001/identities`);
    assert.equal(link!.headers.get('authorization'), `Bearer ${DEMO_TOKENS.alice}`);
    assert.equal(sent(requests, 'GET', `${ORIGIN}/api/v2/users/`).length, 0, 'the list is the one the link answered');
    // The primary's row keeps what it showed before the link (kept with the pending link; issue 19).
    assert.equal(page.c.profileOf(page.c.list!.find((identity) => page.c.isPrimary(identity))!).email, 'alice@example.com');
    assert.equal(store.map.has(PENDING_KEY), false, 'the state was used up');
  });

  test('legacy round trip: the return reloads /userinfo and shows the new identity', async () => {
    const { page, store } = await ready('legacy', DEMO_TOKENS.bob);
    await page.c.link();
    const back = await returnUrlFor(page.port.assigned[0]!, SPARE_USER_IDS.github);
    const next = new Page(new FakePort(back), new PendingLinks(store));
    next.c.tokens.value = DEMO_TOKENS.bob;
    next.configure({ mode: 'legacy' });
    await next.settle();
    assert.deepEqual(next.ids(), ['auth0|bob0002', SPARE_USER_IDS.github]);
    assert.equal(next.c.added, SPARE_USER_IDS.github);
    assert.equal(next.of('account-linked').length, 1);
    assert.deepEqual(next.port.replaced, [PAGE]);
  });
});
