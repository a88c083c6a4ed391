/// <reference types="node" />
// Server mode: the page's own server does the Auth0 work. The test serves the contract's endpoints
// (msw) and checks every request: same origin, `X-Account-Linker: 1`, no Authorization, no token.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { after, before } from 'node:test';
import type { ConfigInput } from '../../../src/protocol/config.js';
import { PENDING_KEY, PendingLinks } from '../../../src/protocol/pending-link.js';
import { FakePort, Page, memoryStore, until } from './harness.js';

const APP = 'https://app.example.com';
const ENDPOINT = `${APP}/account/identities`;
const AUTHORIZE = 'https://tenant.example.com/authorize?response_type=code&client_id=regular&state=s1';

const PRIMARY = { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication', isSocial: false };
const GOOGLE = { provider: 'google-oauth2', user_id: '104223456789012345678', connection: 'google-oauth2', isSocial: true };
const GITHUB = { provider: 'github', user_id: 1234567, connection: 'github', isSocial: true };
const USER = { user_id: 'auth0|alice0001', email: 'alice@example.com', identities: [PRIMARY, GOOGLE] };

/** What the server answers next, by route; each test sets what it needs. */
let answers: {
  list: () => Response;
  link: () => Response;
  result: () => Response;
  remove: () => Response;
  suggestions: () => Response | Promise<Response>;
};
let requests: Request[] = [];

const server = setupServer(
  http.get(ENDPOINT, () => answers.list()),
  http.post(`${ENDPOINT}/link`, () => answers.link()),
  http.get(`${ENDPOINT}/result`, () => answers.result()),
  http.delete(`${ENDPOINT}/identities/:provider/:userId`, () => answers.remove()),
  http.get(`${ENDPOINT}/suggestions`, () => answers.suggestions()),
);
const recorder = ({ request }: { request: Request }) => void requests.push(request.clone());
before(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', recorder);
});
after(() => server.close());
beforeEach(() => {
  requests = [];
  answers = {
    list: () => HttpResponse.json(USER),
    link: () => HttpResponse.json({ url: AUTHORIZE }),
    result: () => new HttpResponse(null, { status: 204 }),
    remove: () => HttpResponse.json({ ...USER, identities: [PRIMARY] }),
    suggestions: () => HttpResponse.json({ suggestions: [] }),
  };
});

const ask = (method: string, path: string) => requests.filter((r) => r.method === method && new URL(r.url).pathname === new URL(ENDPOINT + path).pathname);

/** Every request: the page's origin, the header, no Authorization, the session cookie's mode. */
function checkRequests(): void {
  assert.ok(requests.length > 0);
  for (const request of requests) {
    assert.equal(new URL(request.url).origin, APP, `${request.method} ${request.url}: same origin`);
    assert.equal(request.headers.get('x-account-linker'), '1', `${request.method} ${request.url}: X-Account-Linker`);
    assert.equal(request.headers.get('authorization'), null, `${request.method} ${request.url}: no Authorization`);
    assert.equal(request.credentials, 'same-origin');
    assert.equal(request.redirect, 'manual');
  }
}

function serverPage(href = `${APP}/account?tab=1`, input: ConfigInput = {}, store = memoryStore()) {
  const page = new Page(new FakePort(href), new PendingLinks(store));
  page.c.configure({ endpoint: '/account/identities', ...input });
  return { page, store };
}

async function readyPage(input: ConfigInput = {}) {
  const { page, store } = serverPage(undefined, input);
  await page.settle();
  assert.equal(page.c.phase, 'ready', JSON.stringify(page.c.error));
  requests = [];
  return { page, store };
}

const keys = (page: Page) => page.ids();

describe('controller: server mode', () => {
  test('auto with an endpoint is server mode: GET {endpoint}, no token asked for', async () => {
    const { page } = serverPage();
    let asked = 0;
    page.c.tokens.provider = () => {
      asked++;
      return 'never-used';
    };
    await page.settle();
    assert.equal(page.c.config?.mode, 'server');
    assert.equal(page.c.phase, 'ready');
    assert.deepEqual(keys(page), ['auth0|alice0001', 'google-oauth2|104223456789012345678']);
    assert.equal(asked, 0, 'the token provider is never asked');
    assert.equal(ask('GET', '').length, 1);
    checkRequests();
    assert.equal(page.c.isPrimary(page.c.list![0]!), true);
  });

  test('an endpoint of another origin is invalid-config; nothing is sent', async () => {
    const { page } = serverPage(undefined, { endpoint: 'https://evil.example.com/identities' });
    await page.settle();
    assert.equal(page.c.error?.error.code, 'invalid-config');
    assert.equal(requests.length, 0);
  });

  test('link: POST /link {connection, returnTo, popup:false}, account-link with the server url, then assign()', async () => {
    const { page, store } = await readyPage();
    page.port.address = `${APP}/account?tab=1&account_linker=done`;
    assert.deepEqual(await page.c.link('github'), { is: 'navigating' });
    const [post] = ask('POST', '/link');
    assert.ok(post);
    assert.equal(post.headers.get('content-type'), 'application/json');
    assert.deepEqual(await post.json(), { connection: 'github', returnTo: '/account?tab=1', popup: false });
    assert.deepEqual(page.of('account-link')[0]?.detail, { url: AUTHORIZE, connection: 'github' });
    assert.deepEqual(page.port.assigned, [AUTHORIZE]);
    assert.equal(store.map.has(PENDING_KEY), false, 'the server keeps the transaction');
    checkRequests();
  });

  test('link: a cancelled account-link navigates nowhere', async () => {
    const { page } = await readyPage();
    page.cancel.add('account-link');
    assert.deepEqual(await page.c.link(), { is: 'cancelled' });
    assert.deepEqual(page.port.assigned, []);
  });

  test('link: a url that is not https is refused (bad-response), nothing assigned', async () => {
    const { page } = await readyPage();
    answers.link = () => HttpResponse.json({ url: 'javascript:alert(1)' });
    assert.deepEqual(await page.c.link(), { is: 'failed' });
    assert.equal(page.c.error?.error.code, 'bad-response');
    assert.deepEqual(page.port.assigned, []);
  });

  test('return ?account_linker=done: the marker removed, GET /result → linked notice, added, account-linked', async () => {
    answers.result = () => HttpResponse.json({ ok: true, added: GITHUB, identities: [PRIMARY, GOOGLE, GITHUB] });
    const { page } = serverPage(`${APP}/account?tab=1&account_linker=done`);
    await page.settle();
    assert.deepEqual(page.port.replaced, [`${APP}/account?tab=1`]);
    assert.equal(ask('GET', '/result').length, 1);
    // The result carries the list; the user object (the primary's email, name, picture) is asked for.
    assert.equal(ask('GET', '').length, 1, 'the user object, once');
    assert.deepEqual(keys(page), ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567']);
    assert.equal(page.c.added, 'github|1234567');
    assert.equal(page.c.notice?.say, 'linked');
    assert.equal(page.c.error, undefined);
    assert.equal(page.of('account-linked').length, 1);
    assert.equal(page.of('account-linked')[0]?.detail.code, undefined);
    checkRequests();
  });

  test('return: /result 204 (nothing to tell) → just the list, no notice, no error', async () => {
    const { page } = serverPage(`${APP}/account?account_linker=done`);
    await page.settle();
    assert.deepEqual(page.port.replaced, [`${APP}/account`]);
    assert.equal(ask('GET', '/result').length, 1);
    assert.equal(ask('GET', '').length, 1);
    assert.deepEqual(keys(page), ['auth0|alice0001', 'google-oauth2|104223456789012345678']);
    assert.equal(page.c.notice, undefined);
    assert.equal(page.c.error, undefined);
    assert.equal(page.of('account-linked').length, 0);
    assert.equal(page.errors().length, 0);
  });

  test('return: {ok:false, code:"unverified-email", message} → that error, with the message, and the list', async () => {
    answers.result = () => HttpResponse.json({ ok: false, code: 'unverified-email', message: 'The email of that account is not verified.' });
    const { page } = serverPage(`${APP}/account?account_linker=done`);
    await page.settle();
    assert.equal(page.c.error?.error.code, 'unverified-email');
    assert.equal(page.c.error?.error.detail, 'The email of that account is not verified.');
    assert.deepEqual(page.errors(), ['unverified-email']);
    assert.equal(page.of('account-linked').length, 0);
    assert.equal(page.c.phase, 'ready');
    assert.equal(keys(page)?.length, 2);
  });

  test('return: an unknown code from the server is reported as http', async () => {
    answers.result = () => HttpResponse.json({ ok: false, code: 'made-up', message: 'Something.' });
    const { page } = serverPage(`${APP}/account?account_linker=done`);
    await page.settle();
    assert.equal(page.c.error?.error.code, 'http');
  });

  test('a tenant return (?code&state) is not read in server mode', async () => {
    const { page } = serverPage(`${APP}/account?code=abc&state=xyz`);
    await page.settle();
    assert.equal(ask('GET', '/result').length, 0);
    assert.deepEqual(page.port.replaced, []);
    assert.equal(page.c.error, undefined);
  });

  test('popup: POST /link {popup:true}; the message → GET /result → linked', async () => {
    const { page } = await readyPage({ popup: true });
    answers.result = () => HttpResponse.json({ ok: true, added: GITHUB, identities: [PRIMARY, GOOGLE, GITHUB] });
    const running = page.c.link();
    const popup = page.port.popups[0]!;
    await popup.waiting.promise;
    assert.deepEqual(await ask('POST', '/link')[0]!.json(), { returnTo: '/account?tab=1', popup: true });
    assert.equal(popup.url, AUTHORIZE);
    assert.deepEqual(popup.expected, { origin: APP, state: popup.expected!.state, server: true });
    popup.answer.resolve({ state: popup.expected!.state, done: true });
    assert.deepEqual(await running, { is: 'linked', added: 'github|1234567' });
    assert.equal(ask('GET', '/result').length, 1);
    assert.equal(page.c.notice?.say, 'linked');
    assert.equal(page.port.assigned.length, 0);
    checkRequests();
  });

  test('popup closed without a message: /result asked once; 204 → a calm popup-closed', async () => {
    const { page } = await readyPage({ popup: true });
    const running = page.c.link();
    const popup = page.port.popups[0]!;
    await popup.waiting.promise;
    popup.closeByPerson();
    assert.deepEqual(await running, { is: 'cancelled' });
    assert.equal(ask('GET', '/result').length, 1);
    assert.equal(page.c.error, undefined, 'not an alarm');
    assert.equal(page.c.notice?.say, 'calm');
    assert.equal(page.c.notice?.say === 'calm' && page.c.notice.error.code, 'popup-closed');
    assert.deepEqual(page.errors(), ['popup-closed']);
  });

  test('popup closed without a message, but the server has the outcome: linked', async () => {
    const { page } = await readyPage({ popup: true });
    answers.result = () => HttpResponse.json({ ok: true, added: GITHUB, identities: [PRIMARY, GOOGLE, GITHUB] });
    const running = page.c.link();
    await page.port.popups[0]!.waiting.promise;
    page.port.popups[0]!.closeByPerson();
    assert.equal((await running).is, 'linked');
    assert.equal(page.c.added, 'github|1234567');
  });

  test('401 on load: missing-token ("sign in again")', async () => {
    answers.list = () => HttpResponse.json({ code: 'missing-token', message: 'Not signed in.' }, { status: 401 });
    const { page } = serverPage();
    await page.settle();
    assert.equal(page.c.error?.error.code, 'missing-token');
    assert.equal(page.c.error?.error.reason, 'signedOut');
    assert.deepEqual(page.errors(), ['missing-token']);
    assert.equal(page.c.phase, 'failed');
  });

  test('403 {code:"csrf"} on POST /link: csrf, nothing assigned', async () => {
    const { page } = await readyPage();
    answers.link = () => HttpResponse.json({ code: 'csrf', message: 'Cross-site request refused.' }, { status: 403 });
    assert.deepEqual(await page.c.link(), { is: 'failed' });
    assert.equal(page.c.error?.error.code, 'csrf');
    assert.deepEqual(page.errors(), ['csrf']);
    assert.deepEqual(page.port.assigned, []);
  });

  test('unlink: DELETE {endpoint}/identities/{provider}/{user_id} (encoded), the row removed', async () => {
    const { page } = await readyPage();
    const google = page.c.list![1]!;
    assert.deepEqual(await page.c.unlink(google), { is: 'unlinked', index: 1 });
    const [del] = ask('DELETE', '/identities/google-oauth2/104223456789012345678');
    assert.ok(del);
    assert.deepEqual(keys(page), ['auth0|alice0001']);
    assert.equal(page.of('account-unlinked').length, 1);
    checkRequests();
  });

  test('unlink: a 403 csrf leaves the list as it was', async () => {
    const { page } = await readyPage();
    answers.remove = () => HttpResponse.json({ code: 'csrf', message: 'Cross-site request refused.' }, { status: 403 });
    assert.deepEqual(await page.c.unlink(page.c.list![1]!), { is: 'failed' });
    assert.equal(page.c.error?.error.code, 'csrf');
    assert.equal(keys(page)?.length, 2);
  });

  test('a 401 while unlinking is missing-token', async () => {
    const { page } = await readyPage();
    answers.remove = () => new HttpResponse(null, { status: 401 });
    await page.c.unlink(page.c.list![1]!);
    assert.equal(page.c.error?.error.code, 'missing-token');
    await until(() => page.c.busy.size === 0, 'the row to be free');
  });
});

describe('controller: server mode suggestions ("Also yours?")', () => {
  const APPLE = { provider: 'apple', user_id: '0018.a1', connection: 'apple', isSocial: true, profileData: { email: 'alice@example.com' } };
  const asked = () => until(() => ask('GET', '/suggestions').length > 0, 'the suggestions asked for');

  test('asked after the load, the same way as every request; those listed already are left out', async () => {
    answers.suggestions = () => HttpResponse.json({ suggestions: [APPLE, GOOGLE] });
    const { page } = serverPage();
    await page.settle();
    await until(() => page.c.suggestions.length > 0, 'suggestions');
    assert.deepEqual(page.c.suggestions.map((identity) => `${identity.provider}|${identity.user_id}`), ['apple|0018.a1']);
    checkRequests();
  });

  test('a server that cannot suggest (403): none, and no error or event', async () => {
    answers.suggestions = () => HttpResponse.json({ code: 'http', message: 'Insufficient scope' }, { status: 403 });
    const { page } = serverPage();
    await page.settle();
    await asked();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(page.c.suggestions, []);
    assert.equal(page.c.error, undefined);
    assert.deepEqual(page.of('account-linker-error'), []);
  });

  test('hidden: gone at once, and for the same user on a new page of this browser (stored as hashes)', async () => {
    answers.suggestions = () => HttpResponse.json({ suggestions: [APPLE] });
    const local = memoryStore();
    const first = serverPage().page;
    first.port.local = local;
    await first.settle();
    await until(() => first.c.suggestions.length === 1, 'suggested');
    const hiding = first.c.hideSuggestion(first.c.suggestions[0]!);
    assert.deepEqual(first.c.suggestions, [], 'gone at once');
    await hiding;
    const stored = [...local.map.values()].join();
    assert.match(stored, /^\["[0-9a-f]{24}"\]$/);
    assert.ok(!/alice|apple|0018/.test(stored), 'no id or email in the clear');

    const second = serverPage().page;
    second.port.local = local;
    await second.settle();
    await until(() => ask('GET', '/suggestions').length >= 2, 'asked again');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(second.c.suggestions, []);
  });

  test('an answer that comes after the user changed is not shown', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    answers.suggestions = async () => {
      await gate;
      return HttpResponse.json({ suggestions: [APPLE] });
    };
    const { page } = serverPage();
    await page.settle();
    await asked();
    // Another user, whose list does not load (so nothing newer asks): the late answer is the first user's.
    answers.list = () => HttpResponse.json({ code: 'http', message: 'down' }, { status: 503 });
    page.c.configure({ endpoint: '/account/identities', userId: 'auth0|bob0002' });
    await page.settle();
    release();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(page.c.suggestions, []);
    assert.equal(ask('GET', '/suggestions').length, 1);
  });

  test('the page back from a link asks for them too (its list came with the answer, not a load)', async () => {
    const OTHER = { ...APPLE, provider: 'google-oauth2', user_id: '55', connection: 'google-oauth2' };
    answers.result = () => HttpResponse.json({ ok: true, added: APPLE, identities: [PRIMARY, APPLE] });
    answers.suggestions = () => HttpResponse.json({ suggestions: [OTHER] });
    const { page } = serverPage(`${APP}/account?account_linker=done`);
    await page.settle();
    assert.equal(page.c.added, 'apple|0018.a1');
    await until(() => page.c.suggestions.length === 1, 'the other suggestion, after the return');
    assert.equal(ask('GET', '/suggestions').length, 1);
  });

  test("link with a hint: POST /link carries loginHint (a suggestion's email)", async () => {
    const { page } = await readyPage();
    assert.deepEqual(await page.c.link('apple', undefined, 'alice@example.com'), { is: 'navigating' });
    const [post] = ask('POST', '/link');
    assert.deepEqual(await post!.json(), { connection: 'apple', loginHint: 'alice@example.com', returnTo: '/account?tab=1', popup: false });
  });
});
