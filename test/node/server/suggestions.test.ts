/// <reference types="node" />
// GET {endpoint}/suggestions against the mock tenant's seed (issue 21): Alice's own Apple sign-up
// shares her verified email and is listed; an impostor's forum sign-up with the same email,
// unverified, never is. Linking the suggestion goes through the mock's sign-in page like any link,
// after which it is gone at once (the per-user cache is dropped). Also: the bound, the cache and
// its expiry, Auth0's case rule, a 429 passed on, a 403 (no read:users) answered with nothing and
// said once in the server log, and the link body's loginHint.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_USER_IDS, SPARE_USER_IDS, type MockUser } from '../../../src/mock/index.js';
import { MAX_SUGGESTIONS } from '../../../src/server/identities.js';
import { SUGGESTIONS_TTL_MS } from '../../../src/server/suggestion-cache.js';
import { Browser, ENDPOINT, IDP_TOKENS, identityIds, makeLinker, signInAtTenant, tenantIdentities, TENANT, useTenant, withIdpTokens, type Traffic } from './helpers.js';

const { tenant, traffic, server, mockHandlers } = useTenant();
const ALICE = DEMO_USER_IDS.alice;
const APPLE = SPARE_USER_IDS.aliceApple;
const IMPOSTOR = SPARE_USER_IDS.aliceImpostor;

type Suggestion = { provider: string; user_id: string | number; connection: string; isSocial: boolean; profileData?: Record<string, unknown> };

async function suggestionsOf(browser: Browser): Promise<Suggestion[]> {
  const response = await browser.get(`${ENDPOINT}/suggestions`);
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(response.headers.get('Cache-Control'), 'no-store');
  return (await browser.json<{ suggestions: Suggestion[] }>(response)).suggestions;
}

const managementCalls = (seen: Traffic) => seen.requests.filter((r) => r.url.startsWith(`${TENANT}/api/v2/`));
const byEmailCalls = (seen: Traffic) =>
  seen.requests.filter((r) => r.url.startsWith(`${TENANT}/api/v2/users-by-email`)).map((r) => new URL(r.url).searchParams.get('email'));

/** The ids the mock's sign-in page offers at `url`. */
async function offeredAt(url: URL): Promise<string[]> {
  const html = await (await fetch(url)).text();
  return [...html.matchAll(/data-identity="([^"]+)"/g)].map((m) => m[1]!);
}

describe('suggestions from the seed', () => {
  test("Alice: her Apple sign-up (verified, same email) is listed as its own identity with whose it is; the impostor's and her own are not", async () => {
    const suggestions = await suggestionsOf(new Browser(makeLinker(), ALICE));
    assert.deepEqual(identityIds(suggestions), [APPLE]);
    assert.deepEqual(suggestions[0], {
      provider: 'apple',
      user_id: '001842.5c3d9ab6e1f04b7d8a2c6e9f0b1d3a57.1402',
      connection: 'apple',
      isSocial: true,
      profileData: { name: 'Alice Example', email: 'alice@example.com', picture: `${TENANT}/__mock/avatar/alice-apple.svg`, nickname: 'alice.apple', email_verified: true },
    });
    // The impostor is among what Auth0 answered: the server is what leaves it out.
    assert.ok(tenant.users().some((user) => user.user_id === IMPOSTOR && user.email === 'alice@example.com'));
    assert.deepEqual(byEmailCalls(traffic), ['alice@example.com']);
  });

  test("the impostor (email unverified) gets nothing, and the server never looks the email up for it", async () => {
    assert.deepEqual(await suggestionsOf(new Browser(makeLinker(), IMPOSTOR)), []);
    assert.deepEqual(await suggestionsOf(new Browser(makeLinker(), SPARE_USER_IDS.unverified)), []);
    assert.deepEqual(byEmailCalls(traffic), []);
  });

  test('nobody shares the email (Bob), or the user has none (an sms login): an empty list', async () => {
    assert.deepEqual(await suggestionsOf(new Browser(makeLinker(), DEMO_USER_IDS.bob)), []);
    assert.deepEqual(await suggestionsOf(new Browser(makeLinker(), SPARE_USER_IDS.sms)), []);
  });

  test('Alice signed in with Apple as a user of its own: her database account is suggested the other way round', async () => {
    assert.deepEqual(identityIds(await suggestionsOf(new Browser(makeLinker(), APPLE))), [ALICE]);
  });

  test('no IdP token in a suggestion even when Auth0 lists them (read:user_idp_tokens)', async () => {
    server.use(withIdpTokens(mockHandlers));
    const text = await (await new Browser(makeLinker(), ALICE).get(`${ENDPOINT}/suggestions`)).text();
    assert.match(text, /"provider":"apple"/);
    for (const [name, value] of Object.entries(IDP_TOKENS)) {
      assert.ok(!text.includes(name), name);
      assert.ok(!text.includes(String(value)), name);
    }
  });
});

describe('Done when: link the suggestion through the sign-in page, then it is no longer suggested', () => {
  test('POST /link {connection: apple, loginHint} → the page offers the Apple account → callback → result ok → not suggested, linked', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const [suggestion] = await suggestionsOf(browser);
    assert.equal(suggestion && identityIds([suggestion])[0], APPLE);
    const email = suggestion!.profileData!.email as string;
    const authorize = await browser.startLink({ returnTo: '/account', popup: false, connection: suggestion!.connection, loginHint: email });
    assert.equal(authorize.searchParams.get('connection'), 'apple');
    assert.equal(authorize.searchParams.get('login_hint'), 'alice@example.com');
    assert.equal(authorize.searchParams.get('prompt'), 'login', 'a fresh sign-in to the other account, always');
    assert.deepEqual(await offeredAt(authorize), [APPLE], 'connection=apple: the Apple account only');

    const back = await browser.navigate(await signInAtTenant(authorize, APPLE));
    assert.equal(back.status, 303);
    const result = await browser.json<{ ok: boolean; added: Suggestion }>(await browser.get(`${ENDPOINT}/result`));
    assert.equal(result.ok, true);
    assert.equal(identityIds([result.added])[0], APPLE);
    assert.ok(tenantIdentities(tenant, ALICE).includes(APPLE), 'linked under Alice');

    // Asked 30 s ago or not: the link dropped Alice's cached answer.
    traffic.requests.length = 0;
    assert.deepEqual(await suggestionsOf(browser), []);
    assert.deepEqual(byEmailCalls(traffic), ['alice@example.com'], 'read afresh');
  });

  test('an unlink drops the cache too: the Apple account, its own user again, is suggested at once', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    await browser.navigate(await signInAtTenant(await browser.startLink({ returnTo: '/account', popup: false, connection: 'apple' }), APPLE));
    await browser.get(`${ENDPOINT}/result`);
    assert.deepEqual(await suggestionsOf(browser), []);
    assert.equal((await browser.unlink('apple', '001842.5c3d9ab6e1f04b7d8a2c6e9f0b1d3a57.1402')).status, 200);
    assert.deepEqual(identityIds(await suggestionsOf(browser)), [APPLE]);
  });

  test("the impostor's account, asked for anyway (connection=forum): the sign-in proves an unverified email, nothing is linked", async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const authorize = await browser.startLink({ returnTo: '/account', popup: false, connection: 'forum', loginHint: 'alice@example.com' });
    await browser.navigate(await signInAtTenant(authorize, IMPOSTOR));
    const result = await browser.json<{ ok: boolean; code: string }>(await browser.get(`${ENDPOINT}/result`));
    assert.deepEqual([result.ok, result.code], [false, 'unverified-email']);
    assert.ok(!tenantIdentities(tenant, ALICE).includes(IMPOSTOR));
  });
});

describe('the cache', () => {
  test('a second request within 30 s is answered from memory (no Management API call); after 30 s it is read again', async () => {
    let clock = Date.now();
    const browser = new Browser(makeLinker({ now: () => clock }), ALICE);
    await suggestionsOf(browser);
    const first = managementCalls(traffic).length;
    assert.equal(first, 2, 'the user, then users-by-email');
    clock += SUGGESTIONS_TTL_MS - 1;
    assert.deepEqual(identityIds(await suggestionsOf(browser)), [APPLE]);
    assert.equal(managementCalls(traffic).length, first, 'from memory');
    clock += 1;
    await suggestionsOf(browser);
    assert.equal(managementCalls(traffic).length, 2 * first, 'expired: read again');
  });

  test("per user: Bob's answer is not Alice's, and one linker's cache is not another's", async () => {
    const linker = makeLinker();
    assert.deepEqual(identityIds(await suggestionsOf(new Browser(linker, ALICE))), [APPLE]);
    assert.deepEqual(await suggestionsOf(new Browser(linker, DEMO_USER_IDS.bob)), []);
    // Another process (another linker) has its own: Alice's Apple account linked behind this one's back.
    assert.ok(tenant.link(ALICE, APPLE).ok);
    assert.deepEqual(await suggestionsOf(new Browser(makeLinker(), ALICE)), []);
  });
});

describe('bounds and Auth0 rules', () => {
  const many: MockUser[] = Array.from({ length: MAX_SUGGESTIONS + 3 }, (_, i) => ({
    user_id: `oidc|corp|alice-${i}`,
    email: 'alice@example.com',
    email_verified: true,
    name: `Alice at Corp ${i}`,
    nickname: `alice-${i}`,
    picture: '/__mock/avatar/alice.svg',
    identities: [{ provider: 'oidc', user_id: `corp|alice-${i}`, connection: 'corp-oidc', isSocial: false }],
  }));
  const shouting: MockUser = {
    user_id: 'google-oauth2|300000000000000000003',
    email: 'Alice@Example.com',
    email_verified: true,
    name: 'Alice (Google, as Google spells it)',
    nickname: 'alice.g',
    picture: '/__mock/avatar/alice.svg',
    identities: [{ provider: 'google-oauth2', user_id: '300000000000000000003', connection: 'google-oauth2', isSocial: true }],
  };

  describe('with more users of the email', () => {
    // Added for these tests only (the next test's reset() goes back to the seed).
    beforeEach(() => tenant.importState({ users: [...tenant.users(), ...structuredClone(many), structuredClone(shouting)], settings: tenant.settings() }));

    test(`at most ${MAX_SUGGESTIONS} suggestions, whatever Auth0 answers`, async () => {
      const suggestions = await suggestionsOf(new Browser(makeLinker(), ALICE));
      assert.equal(suggestions.length, MAX_SUGGESTIONS);
      assert.equal(new Set(identityIds(suggestions)).size, MAX_SUGGESTIONS);
    });

    test("Auth0's email parameter is case-sensitive and database emails are lower case: a mixed-case email is looked up as it is and in lower case", async () => {
      const suggestions = await suggestionsOf(new Browser(makeLinker(), shouting.user_id));
      assert.deepEqual(byEmailCalls(traffic), ['Alice@Example.com', 'alice@example.com']);
      const ids = identityIds(suggestions);
      assert.ok(ids.includes(ALICE) && ids.includes(APPLE), ids.join());
      assert.ok(!ids.includes(IMPOSTOR) && !ids.includes(shouting.user_id));
    });
  });
});

describe("the tenant's refusals", () => {
  test('429 from users-by-email: 429 {code: "http"} with Retry-After passed on (as the other routes), and not remembered', async () => {
    tenant.addFault({ method: 'GET', path: '/api/v2/users-by-email', status: 429, headers: { 'Retry-After': '7' } });
    const browser = new Browser(makeLinker(), ALICE);
    const response = await browser.get(`${ENDPOINT}/suggestions`);
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('Retry-After'), '7');
    const body = await browser.json<{ code: string; message: string }>(response);
    assert.equal(body.code, 'http');
    assert.match(body.message, /too many requests; try again in 7 s/);
    assert.deepEqual(identityIds(await suggestionsOf(browser)), [APPLE], 'the next request asks again');
  });

  test('403 (the M2M application lacks read:users): 200 {suggestions: []} each time, ONE warning in the server log naming the scope, no token in it', async (t) => {
    const warn = t.mock.method(console, 'warn', () => undefined);
    let clock = Date.now();
    const linker = makeLinker({ now: () => clock });
    const forbidden = { statusCode: 403, error: 'Forbidden', message: 'Insufficient scope, expected any of: read:users', errorCode: 'insufficient_scope' };
    tenant.addFault({ method: 'GET', path: '/api/v2/users-by-email', status: 403, body: forbidden, times: 3 });
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(await suggestionsOf(new Browser(linker, ALICE)), []);
      clock += SUGGESTIONS_TTL_MS; // past the cache: each one reaches the tenant
    }
    assert.equal(tenant.faults().length, 0, 'all three requests reached the tenant and were refused');
    assert.equal(warn.mock.callCount(), 1);
    const said = String(warn.mock.calls[0]!.arguments[0]);
    assert.match(said, /read:users/);
    assert.match(said, new RegExp(`GET ${ENDPOINT}/suggestions`));
    for (const token of traffic.tokens) assert.ok(!said.includes(token), 'no token in the log');
    assert.doesNotMatch(said, /secret|Bearer|eyJ/);
    // The list does not depend on it.
    assert.equal((await new Browser(linker, ALICE).get(ENDPOINT)).status, 200);
  });

  test('a 403 on the list itself stays an error there (502), while /suggestions answers [] for it', async (t) => {
    t.mock.method(console, 'warn', () => undefined);
    tenant.addFault({ method: 'GET', path: '/api/v2/users/*', status: 403, times: 2 });
    const browser = new Browser(makeLinker(), ALICE);
    assert.deepEqual(await suggestionsOf(browser), []);
    const list = await browser.get(ENDPOINT);
    assert.equal(list.status, 502);
  });

  test('a 500 from users-by-email is an error, not an empty list (only a missing scope is quiet)', async (t) => {
    const warn = t.mock.method(console, 'warn', () => undefined);
    tenant.addFault({ method: 'GET', path: '/api/v2/users-by-email', status: 500 });
    const response = await new Browser(makeLinker(), ALICE).get(`${ENDPOINT}/suggestions`);
    assert.equal(response.status, 502);
    assert.equal(warn.mock.callCount(), 0);
  });
});

describe('POST {endpoint}/link: loginHint', () => {
  const start = (body: Record<string, unknown>) => new Browser(makeLinker(), ALICE).postLink({ returnTo: '/account', popup: false, ...body });

  test('forwarded as login_hint; absent (or null) → no login_hint', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const url = await browser.startLink({ returnTo: '/account', popup: false, loginHint: 'Alice+apple@Example.com' });
    assert.equal(url.searchParams.get('login_hint'), 'Alice+apple@Example.com');
    assert.equal((await browser.startLink({ returnTo: '/account', popup: false })).searchParams.has('login_hint'), false);
    assert.equal((await browser.startLink({ returnTo: '/account', popup: false, loginHint: null })).searchParams.has('login_hint'), false);
    // The transaction cookie does not carry it (it has done its work in the URL).
    assert.ok(!browser.cookieHeader().toLowerCase().includes('apple'));
  });

  for (const [what, loginHint] of [
    ['a number', 42],
    ['an object', { email: 'alice@example.com' }],
    ['not an email', 'alice'],
    ['two @', 'alice@@example.com'],
    ['a space', 'alice @example.com'],
    ['a line break', 'alice@example.com\r\nX-Injected: 1'],
    ['empty', ''],
    ['321 characters', `${'a'.repeat(309)}@example.com`],
  ] as const) {
    test(`refused: ${what} → 400 bad-request`, async () => {
      const response = await start({ loginHint });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { code: string }).code, 'bad-request');
    });
  }

  test('320 characters is accepted', async () => {
    const hint = `${'a'.repeat(308)}@example.com`;
    assert.equal(hint.length, 320);
    assert.equal((await start({ loginHint: hint })).status, 200);
  });
});

