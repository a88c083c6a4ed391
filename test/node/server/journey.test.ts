/// <reference types="node" />
// The journeys of a signed-in person through the server entry, against the mock tenant: list,
// link by redirect and by popup (through the mock's sign-in page, as a person would), the result,
// unlink. Suggestions: suggestions.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_USER_IDS, REGULAR_CLIENT_ID } from '../../../src/mock/index.js';
import { APP, Browser, ENDPOINT, IDP_TOKENS, identityIds, makeLinker, signInAtTenant, tenantIdentities, useTenant, withIdpTokens } from './helpers.js';

const { tenant, traffic, server, mockHandlers } = useTenant();
const ALICE = DEMO_USER_IDS.alice;

describe('server journeys', () => {
  test('GET {endpoint}: the signed-in user, primary first, IdP tokens removed', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const response = await browser.get(ENDPOINT);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    const user = await browser.json<{ user_id: string; email: string; identities: Array<Record<string, unknown>> }>(response);
    assert.equal(user.user_id, ALICE);
    assert.equal(user.email, 'alice@example.com');
    assert.deepEqual(identityIds(user.identities as never), ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567']);
    for (const identity of user.identities) {
      for (const field of ['access_token', 'refresh_token', 'access_token_secret', 'expires_in']) assert.equal(identity[field], undefined);
    }
    assert.ok(!JSON.stringify(user).includes('ya29.mock-idp-token'));
    assert.equal(user.identities[2]!.user_id, 1234567, 'a numeric GitHub id stays a number');
  });

  test('IdP tokens in Auth0\'s identities (read:user_idp_tokens) are stripped from every answer: list, result, unlink, suggestions', async () => {
    server.use(withIdpTokens(mockHandlers));
    const browser = new Browser(makeLinker(), ALICE);
    const answers = [await browser.get(ENDPOINT), await browser.get(`${ENDPOINT}/suggestions`)];
    await browser.navigate(await signInAtTenant(await browser.startLink(), 'github|7654321'));
    answers.push(await browser.get(`${ENDPOINT}/result`), await browser.unlink('github', '7654321'));
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      const text = await answer.text();
      assert.ok(text.includes('"identities"') || text.includes('"suggestions"'), text.slice(0, 80));
      for (const [name, value] of Object.entries(IDP_TOKENS)) {
        assert.ok(!text.includes(`"${name}"`) && !text.includes(String(value)), `${name} in ${text.slice(0, 120)}`);
      }
    }
  });

  test('link by redirect: POST /link → /authorize (PKCE, state, nonce, prompt=login, max_age=0) → callback 303 → /result once', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const authorize = await browser.startLink({ returnTo: '/account?tab=logins', popup: false, connection: 'github' });
    assert.equal(authorize.origin + authorize.pathname, 'https://tenant.example.com/authorize');
    const q = authorize.searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), REGULAR_CLIENT_ID);
    assert.equal(q.get('redirect_uri'), `${APP}${ENDPOINT}/callback`);
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.ok((q.get('state') ?? '').length >= 32);
    assert.ok((q.get('nonce') ?? '').length >= 32);
    assert.equal(q.get('prompt'), 'login');
    assert.equal(q.get('max_age'), '0');
    assert.equal(q.get('connection'), 'github');
    assert.match(q.get('scope') ?? '', /\bopenid\b/);
    for (const name of ['client_secret', 'code_verifier', 'access_token']) assert.equal(q.get(name), null);

    const callback = await signInAtTenant(authorize, 'github|7654321');
    const back = await browser.navigate(callback);
    assert.equal(back.status, 303);
    assert.equal(back.headers.get('Location'), `${APP}/account?tab=logins&account_linker=done`);
    assert.deepEqual(tenantIdentities(tenant, ALICE).slice(-1), ['github|7654321'], 'linked at the tenant');

    const result = await browser.get(`${ENDPOINT}/result`);
    assert.equal(result.status, 200);
    const outcome = await browser.json<{ ok: boolean; added: Record<string, unknown>; identities: unknown[] }>(result);
    assert.equal(outcome.ok, true);
    assert.deepEqual({ provider: outcome.added.provider, user_id: String(outcome.added.user_id) }, { provider: 'github', user_id: '7654321' });
    assert.ok(identityIds(outcome.identities as never).includes('github|7654321'));
    assert.ok(result.headers.getSetCookie().some((cookie) => /Max-Age=0/.test(cookie)), 'the result cookie is cleared');

    const again = await browser.get(`${ENDPOINT}/result`);
    assert.equal(again.status, 204, 'single use');
    assert.deepEqual(again.headers.getSetCookie(), []);
  });

  test('a custom social connection (oauth2|gitea|…) is linked by its first-pipe split', async () => {
    // Una's email is unverified, so a verified one with a pipe in its id: oidc|corp|employee-42.
    const browser = new Browser(makeLinker(), ALICE);
    const back = await browser.navigate(await signInAtTenant(await browser.startLink(), 'oidc|corp|employee-42'));
    assert.equal(back.status, 303);
    const outcome = await browser.json<{ ok: boolean; added: { provider: string; user_id: string } }>(await browser.get(`${ENDPOINT}/result`));
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.deepEqual([outcome.added.provider, outcome.added.user_id], ['oidc', 'corp|employee-42']);
    assert.ok(tenantIdentities(tenant, ALICE).includes('oidc|corp|employee-42'));
  });

  test('an account without an email (sms) links: the verified-email rule is about an email that is there', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    await browser.navigate(await signInAtTenant(await browser.startLink(), 'sms|15555550123'));
    const outcome = await browser.json<{ ok: boolean; added: { user_id: unknown } }>(await browser.get(`${ENDPOINT}/result`));
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.equal(outcome.added.user_id, '15555550123', 'a numeric-looking id stays a string');
  });

  test('link in a popup: the callback answers a page that tells the opener (app origin only) and closes, under a hashed-script CSP', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const authorize = await browser.startLink({ returnTo: '/account', popup: true });
    const page = await browser.navigate(await signInAtTenant(authorize, 'google-oauth2|118000000000000000001'));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('Content-Type') ?? '', /^text\/html/);
    const html = await page.text();
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
    assert.ok(script);
    assert.ok(script.includes('window.opener.postMessage({type:"account-linker:result"},"https://app.example.com")'), script);
    assert.ok(script.includes('window.close()'));
    assert.ok(!/code=|state=|google|118000/.test(html), 'no outcome, id or code in the page');
    const csp = page.headers.get('Content-Security-Policy') ?? '';
    const hash = (await import('node:crypto')).createHash('sha256').update(script).digest('base64');
    assert.ok(csp.includes(`script-src 'sha256-${hash}'`), csp);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);

    const outcome = await browser.json<{ ok: boolean }>(await browser.get(`${ENDPOINT}/result`));
    assert.equal(outcome.ok, true);
    assert.ok(tenantIdentities(tenant, ALICE).includes('google-oauth2|118000000000000000001'));
  });

  test('a cancel at the tenant: /result says authorize-error with error=access_denied, nothing linked', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const before = tenantIdentities(tenant, ALICE);
    const back = await browser.navigate(await signInAtTenant(await browser.startLink(), 'cancel'));
    assert.equal(back.status, 303);
    const outcome = await browser.json<Record<string, unknown>>(await browser.get(`${ENDPOINT}/result`));
    assert.deepEqual(outcome, { ok: false, code: 'authorize-error', message: 'User cancelled the login', error: 'access_denied' });
    assert.deepEqual(tenantIdentities(tenant, ALICE), before);
  });

  test('two links started in two tabs both finish (transactions coexist)', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const first = await browser.startLink({ returnTo: '/tab-one', popup: false });
    const second = await browser.startLink({ returnTo: '/tab-two', popup: false });
    const backTwo = await browser.navigate(await signInAtTenant(second, 'facebook|10987654321098765'));
    assert.equal(backTwo.headers.get('Location'), `${APP}/tab-two?account_linker=done`);
    assert.equal((await browser.json<{ ok: boolean }>(await browser.get(`${ENDPOINT}/result`))).ok, true);
    const backOne = await browser.navigate(await signInAtTenant(first, 'windowslive|9876543210987654321'));
    assert.equal(backOne.headers.get('Location'), `${APP}/tab-one?account_linker=done`);
    assert.equal((await browser.json<{ ok: boolean }>(await browser.get(`${ENDPOINT}/result`))).ok, true);
    assert.ok(tenantIdentities(tenant, ALICE).includes('facebook|10987654321098765'));
    assert.ok(tenantIdentities(tenant, ALICE).includes('windowslive|9876543210987654321'));
  });

  test('unlink: DELETE a linked identity → the user without it (tenant too)', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const response = await browser.unlink('github', '1234567');
    assert.equal(response.status, 200);
    const user = await browser.json<{ user_id: string; identities: Array<{ provider: string; user_id: string | number }> }>(response);
    assert.equal(user.user_id, ALICE);
    assert.deepEqual(identityIds(user.identities), ['auth0|alice0001', 'google-oauth2|104223456789012345678']);
    assert.deepEqual(tenantIdentities(tenant, ALICE), ['auth0|alice0001', 'google-oauth2|104223456789012345678']);
    assert.ok(tenant.getUser('github|1234567'), 'the identity is a user of its own again');
  });

  test('unlink of an id with a pipe (URL-encoded segments)', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    await browser.navigate(await signInAtTenant(await browser.startLink(), 'oidc|corp|employee-42'));
    await browser.get(`${ENDPOINT}/result`);
    const response = await browser.unlink('oidc', 'corp|employee-42');
    assert.equal(response.status, 200, await response.clone().text());
    assert.ok(!tenantIdentities(tenant, ALICE).includes('oidc|corp|employee-42'));
  });

  test('the M2M token is fetched once and reused across requests (node-auth0 caches it per process)', async () => {
    const linker = makeLinker();
    const browser = new Browser(linker, ALICE);
    await browser.get(ENDPOINT);
    await browser.get(`${ENDPOINT}/suggestions`);
    await browser.unlink('github', '1234567');
    await new Browser(linker, DEMO_USER_IDS.bob).get(ENDPOINT);
    const tokenRequests = traffic.requests.filter((r) => r.url === 'https://tenant.example.com/oauth/token');
    assert.equal(tokenRequests.length, 1);
    assert.ok(traffic.requests.filter((r) => r.url.includes('/api/v2/')).length >= 4);
  });

  test('a custom domain for the sign-in, the tenant domain (management.domain) for the Management API', async () => {
    const linker = makeLinker({
      domain: 'https://login.example.com',
      management: { clientId: 'account-linker-m2m', clientSecret: 'm2m-secret-not-for-production', maxRetries: 0, domain: 'tenant.example.com' },
    });
    const browser = new Browser(linker, ALICE);
    const authorize = await browser.startLink();
    assert.equal(authorize.origin, 'https://login.example.com');
    await browser.navigate(await signInAtTenant(authorize, 'github|7654321'));
    assert.equal((await browser.json<{ ok: boolean }>(await browser.get(`${ENDPOINT}/result`))).ok, true);
    const api = traffic.requests.filter((r) => r.url.includes('/api/v2/'));
    assert.ok(api.length > 0 && api.every((r) => r.url.startsWith('https://tenant.example.com/api/v2/')), JSON.stringify(api));
    assert.ok(traffic.requests.some((r) => r.url === 'https://login.example.com/.well-known/openid-configuration'));
  });

  test('fetch() answers null for paths that are not its own', async () => {
    const linker = makeLinker();
    for (const path of ['/', '/account', `${ENDPOINT}x`, `${ENDPOINT}/other`, `${ENDPOINT}/link/extra`, '/api/v2/users/x']) {
      assert.equal(await linker.fetch(new Request(new URL(path, APP))), null, path);
    }
  });

  test('a wrong method on its own path: 405 with Allow', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const response = await browser.send('POST', ENDPOINT, { body: '{}' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('Allow'), 'GET');
  });
});
