/// <reference types="node" />
// Issue 18, "Bad input and attacks": each a test that fails without its guard. Nothing is linked,
// nothing leaks, the answer names the code.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { http, HttpResponse } from 'msw';
import { DEMO_USER_IDS } from '../../../src/mock/index.js';
import {
  alterTokenAnswer,
  APP,
  Browser,
  ENDPOINT,
  jwtPayload,
  makeLinker,
  signInAtTenant,
  TENANT,
  tenantIdentities,
  useTenant,
} from './helpers.js';

const { tenant, server, traffic, mockHandlers } = useTenant();
const ALICE = DEMO_USER_IDS.alice;
const CAROL = DEMO_USER_IDS.carol;

async function expectError(response: Response, status: number, code: string) {
  const text = await response.clone().text();
  assert.equal(response.status, status, text);
  assert.match(response.headers.get('Content-Type') ?? '', /^application\/json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  assert.equal(body.code, code, text);
  assert.equal(typeof body.message, 'string');
  assert.deepEqual(Object.keys(body).sort(), ['code', 'message']);
}

/** The outcome /result gives after a return. */
async function outcomeOf(browser: Browser) {
  const response = await browser.get(`${ENDPOINT}/result`);
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as { ok: boolean; code?: string; message?: string };
}

const managementWrites = () => traffic.requests.filter((r) => r.url.includes('/api/v2/') && r.method !== 'GET');

describe('cross-site requests (CSRF)', () => {
  const cases: Array<[string, Record<string, string | null>]> = [
    ['a form post from another site (no header, its Origin)', { 'X-Account-Linker': null, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }],
    ['fetch without X-Account-Linker', { 'X-Account-Linker': null }],
    ['X-Account-Linker with another value', { 'X-Account-Linker': 'yes' }],
    ['a wrong Origin', { Origin: 'https://evil.example' }],
    ['Origin: null (a sandboxed page)', { Origin: 'null' }],
    ['a sibling origin', { Origin: 'https://app.example.com:8443' }],
    ['no Origin, Sec-Fetch-Site cross-site', { Origin: null, 'Sec-Fetch-Site': 'cross-site' }],
    ['no Origin, Sec-Fetch-Site same-site', { Origin: null, 'Sec-Fetch-Site': 'same-site' }],
    ['neither Origin nor Sec-Fetch-Site', { Origin: null, 'Sec-Fetch-Site': null }],
  ];
  for (const [name, headers] of cases) {
    test(`POST /link refused: ${name}`, async () => {
      const browser = new Browser(makeLinker(), ALICE);
      await expectError(await browser.postLink({ returnTo: '/account', popup: false }, headers), 403, 'csrf');
      assert.equal(browser.cookies.size, 1, 'no transaction cookie set');
    });
    test(`DELETE refused: ${name}`, async () => {
      const browser = new Browser(makeLinker(), ALICE);
      await expectError(await browser.unlink('github', '1234567', headers), 403, 'csrf');
      assert.ok(tenantIdentities(tenant, ALICE).includes('github|1234567'), 'nothing unlinked');
      assert.deepEqual(managementWrites(), []);
    });
  }

  test('same origin by Origin, or by Sec-Fetch-Site without Origin: accepted', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    assert.equal((await browser.postLink({ returnTo: '/a', popup: false })).status, 200);
    assert.equal((await browser.postLink({ returnTo: '/a', popup: false }, { Origin: null, 'Sec-Fetch-Site': 'same-origin' })).status, 200);
  });

  test('a cross-site GET of /result is refused and does not consume the result', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    await browser.navigate(await signInAtTenant(await browser.startLink(), 'github|7654321'));
    await expectError(await browser.get(`${ENDPOINT}/result`, { 'Sec-Fetch-Site': 'cross-site' }), 403, 'csrf');
    await expectError(await browser.get(ENDPOINT, { Origin: 'https://evil.example', 'Sec-Fetch-Site': null }), 403, 'csrf');
    assert.equal((await outcomeOf(browser)).ok, true, 'still there for the element');
  });
});

describe('the callback and its transaction', () => {
  test("another session's callback (login CSRF / code injection): 400 page naming state-mismatch, nothing linked", async () => {
    const attacker = new Browser(makeLinker(), DEMO_USER_IDS.bob);
    const callback = await signInAtTenant(await attacker.startLink(), 'github|7654321');
    const victim = new Browser(makeLinker(), ALICE);
    await victim.startLink(); // the victim even has a transaction of its own
    const before = tenantIdentities(tenant, ALICE);
    const page = await victim.navigate(callback);
    assert.equal(page.status, 400);
    assert.match(page.headers.get('Content-Type') ?? '', /^text\/html/);
    const html = await page.text();
    assert.match(html, /state-mismatch/);
    assert.ok(!html.includes('7654321') && !html.includes('code='), 'nothing of the request echoed');
    assert.deepEqual(tenantIdentities(tenant, ALICE), before);
    assert.deepEqual(tenantIdentities(tenant, DEMO_USER_IDS.bob), ['auth0|bob0002']);
    assert.equal((await victim.get(`${ENDPOINT}/result`)).status, 204, 'no outcome to show');
    assert.deepEqual(managementWrites(), []);
  });

  test("a code from another session with this session's state: refused by PKCE/nonce, /result says state-mismatch", async () => {
    const victim = new Browser(makeLinker(), ALICE);
    const victimAuthorize = await victim.startLink();
    const attacker = new Browser(makeLinker(), DEMO_USER_IDS.bob);
    const attackerCallback = new URL(await signInAtTenant(await attacker.startLink(), 'github|7654321'));
    const injected = new URL(`${APP}${ENDPOINT}/callback`);
    injected.searchParams.set('code', attackerCallback.searchParams.get('code')!);
    injected.searchParams.set('state', victimAuthorize.searchParams.get('state')!);
    const back = await victim.navigate(injected.href);
    assert.equal(back.status, 303);
    const outcome = await outcomeOf(victim);
    assert.equal(outcome.ok, false);
    assert.equal(outcome.code, 'state-mismatch', outcome.message);
    assert.ok(!tenantIdentities(tenant, ALICE).includes('github|7654321'));
    assert.deepEqual(managementWrites(), []);
  });

  test('a replayed callback: the second time there is no transaction (400), and nothing more happens', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const callback = await signInAtTenant(await browser.startLink(), 'github|7654321');
    const staleCookies = new Map(browser.cookies);
    assert.equal((await browser.navigate(callback)).status, 303);
    assert.equal((await outcomeOf(browser)).ok, true);
    const replay = await browser.navigate(callback);
    assert.equal(replay.status, 400);
    assert.match(await replay.text(), /state-mismatch/);
    // Even with the old transaction cookie put back, the code is spent at the tenant.
    for (const [name, value] of staleCookies) browser.cookies.set(name, value);
    const writes = managementWrites().length;
    assert.equal((await browser.navigate(callback)).status, 303);
    assert.equal((await outcomeOf(browser)).code, 'state-mismatch');
    assert.equal(managementWrites().length, writes, 'no second link call');
  });

  test('an expired transaction (over 10 minutes): back to returnTo as usual, /result says state-mismatch, nothing linked', async () => {
    let clock = Date.now();
    const browser = new Browser(makeLinker({ now: () => clock }), ALICE);
    const callback = await signInAtTenant(await browser.startLink({ returnTo: '/account', popup: false }), 'github|7654321');
    clock += 10 * 60 * 1000 + 1000;
    const back = await browser.navigate(callback);
    assert.equal(back.status, 303);
    assert.equal(back.headers.get('Location'), `${APP}/account?account_linker=done`);
    const outcome = await outcomeOf(browser);
    assert.equal(outcome.code, 'state-mismatch');
    assert.ok(!tenantIdentities(tenant, ALICE).includes('github|7654321'));
    assert.deepEqual(managementWrites(), []);
  });

  test('a transaction started for another user of the same browser: state-mismatch, nothing linked', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const callback = await signInAtTenant(await browser.startLink(), 'github|7654321');
    browser.signIn(DEMO_USER_IDS.bob);
    assert.equal((await browser.navigate(callback)).status, 303);
    assert.equal((await outcomeOf(browser)).code, 'state-mismatch');
    assert.ok(!tenantIdentities(tenant, ALICE).includes('github|7654321'));
    assert.deepEqual(tenantIdentities(tenant, DEMO_USER_IDS.bob), ['auth0|bob0002']);
  });

  test('a tampered transaction cookie is not ours: 400 page', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const callback = await signInAtTenant(await browser.startLink(), 'github|7654321');
    const [name, value] = [...browser.cookies].find(([n]) => n.includes('account_linker_tx'))!;
    const flipped = value.slice(0, -3) + (value.at(-3) === 'A' ? 'B' : 'A') + value.slice(-2);
    browser.cookies.set(name, flipped);
    assert.equal((await browser.navigate(callback)).status, 400);
    assert.ok(!tenantIdentities(tenant, ALICE).includes('github|7654321'));
  });

  test("a result sealed for one user is not shown to another (and a result cookie cannot pose as a transaction)", async () => {
    const browser = new Browser(makeLinker(), ALICE);
    await browser.navigate(await signInAtTenant(await browser.startLink(), 'github|7654321'));
    browser.signIn(DEMO_USER_IDS.bob);
    assert.equal((await browser.get(`${ENDPOINT}/result`)).status, 204);
    const result = [...browser.cookies].find(([n]) => n.includes('account_linker_result'))!;
    browser.cookies.set('account_linker_tx', result[1]);
    browser.signIn(ALICE);
    assert.equal((await browser.navigate(`${APP}${ENDPOINT}/callback?code=x&state=y`)).status, 400);
  });
});

describe('returnTo and the body of POST /link', () => {
  for (const returnTo of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'http://app.example.com/', 'javascript:alert(1)', '/ok\r\nSet-Cookie: x=y', '/a\tb', 'account', '', '/' + 'a'.repeat(600), 42, null]) {
    test(`returnTo ${JSON.stringify(returnTo)?.slice(0, 40)} → 400 bad-request, no transaction`, async () => {
      const browser = new Browser(makeLinker(), ALICE);
      await expectError(await browser.postLink({ returnTo, popup: false }), 400, 'bad-request');
      assert.equal(browser.cookies.size, 1);
    });
  }

  test('a huge body → 413, a malformed one → 400, a non-object → 400, not JSON → 415, a bad connection or popup → 400', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    await expectError(await browser.postLink(JSON.stringify({ returnTo: '/a', popup: false, pad: 'x'.repeat(5000) })), 413, 'bad-request');
    await expectError(await browser.postLink('{"returnTo": "/a", '), 400, 'bad-request');
    await expectError(await browser.postLink('["/a"]'), 400, 'bad-request');
    await expectError(await browser.postLink('null'), 400, 'bad-request');
    await expectError(await browser.postLink('returnTo=/a', { 'Content-Type': 'application/x-www-form-urlencoded' }), 415, 'bad-request');
    await expectError(await browser.postLink({ returnTo: '/a', popup: 'yes' }), 400, 'bad-request');
    await expectError(await browser.postLink({ returnTo: '/a', connection: 'github&prompt=none' }), 400, 'bad-request');
    assert.equal(browser.cookies.size, 1, 'no transaction');
  });
});

describe('the second account', () => {
  test('an unverified email is refused (unverified-email), nothing linked', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    await browser.navigate(await signInAtTenant(await browser.startLink(), 'oauth2|gitea|4242'));
    const outcome = await outcomeOf(browser);
    assert.equal(outcome.code, 'unverified-email');
    assert.ok(!tenantIdentities(tenant, ALICE).includes('oauth2|gitea|4242'));
    assert.ok(tenant.getUser('oauth2|gitea|4242'), 'still a user of its own');
    assert.deepEqual(managementWrites(), []);
  });

  test("the signed-in user's own account (its own login, or an identity already linked to it): already-linked", async () => {
    for (const identity of ['auth0|alice0001', 'github|1234567']) {
      const browser = new Browser(makeLinker(), ALICE);
      await browser.navigate(await signInAtTenant(await browser.startLink(), identity));
      const calls = traffic.requests.filter((r) => r.url.includes('/api/v2/')).length;
      assert.equal(calls, 0, 'refused from the ID token alone, before any Management API call');
      assert.equal((await outcomeOf(browser)).code, 'already-linked', identity);
      traffic.requests.length = 0;
    }
  });

  test('an ID token whose sub is an identity already linked (not the primary): already-linked before any link call', async () => {
    server.use(
      alterTokenAnswer(mockHandlers, async (body) => ({
        ...body,
        id_token: await tenant.signingKey.sign({ ...jwtPayload(body.id_token as string), sub: 'github|1234567' } as never),
      })),
    );
    const browser = new Browser(makeLinker(), ALICE);
    await browser.navigate(await signInAtTenant(await browser.startLink(), 'github|7654321'));
    assert.equal((await outcomeOf(browser)).code, 'already-linked');
    assert.deepEqual(managementWrites(), []);
  });

  const forged: Array<[string, (claims: Record<string, unknown>) => Record<string, unknown>]> = [
    ['a foreign aud', (claims) => ({ ...claims, aud: 'another-application' })],
    ['another issuer', (claims) => ({ ...claims, iss: 'https://evil.example/' })],
    ['a wrong nonce', (claims) => ({ ...claims, nonce: 'not-the-one-sent' })],
    ['an expired token', (claims) => ({ ...claims, exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['an old auth_time (max_age=0)', (claims) => ({ ...claims, auth_time: Math.floor(Date.now() / 1000) - 600 })],
    ['no auth_time', ({ auth_time: _, ...claims }) => claims],
  ];
  for (const [name, change] of forged) {
    test(`an ID token with ${name}, signed by the tenant's key: refused (bad-response), nothing linked`, async () => {
      server.use(
        alterTokenAnswer(mockHandlers, async (body) => ({
          ...body,
          id_token: await tenant.signingKey.sign(change(jwtPayload(body.id_token as string)) as never),
        })),
      );
      const browser = new Browser(makeLinker(), ALICE);
      await browser.navigate(await signInAtTenant(await browser.startLink(), 'github|7654321'));
      const outcome = await outcomeOf(browser);
      assert.equal(outcome.code, 'bad-response', outcome.message);
      assert.ok(!tenantIdentities(tenant, ALICE).includes('github|7654321'));
      assert.deepEqual(managementWrites(), []);
    });
  }

  test('a tampered ID token (payload changed, signature kept): refused by the JWKS signature check, nothing linked', async () => {
    server.use(
      alterTokenAnswer(mockHandlers, (body) => {
        const [header, , signature] = (body.id_token as string).split('.');
        const claims = { ...jwtPayload(body.id_token as string), sub: 'facebook|10987654321098765' };
        return { ...body, id_token: `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}` };
      }),
    );
    const browser = new Browser(makeLinker(), ALICE);
    await browser.navigate(await signInAtTenant(await browser.startLink(), 'github|7654321'));
    const outcome = await outcomeOf(browser);
    assert.equal(outcome.code, 'bad-response', outcome.message);
    assert.ok(!tenantIdentities(tenant, ALICE).includes('facebook|10987654321098765'));
    assert.ok(!tenantIdentities(tenant, ALICE).includes('github|7654321'));
    assert.deepEqual(managementWrites(), []);
  });
});

describe('unlink guards', () => {
  test("another user's identity: 404 not-linked, checked before any call to Auth0's DELETE", async () => {
    const browser = new Browser(makeLinker(), ALICE);
    await expectError(await browser.unlink('facebook', '10203040506070809'), 404, 'not-linked');
    await expectError(await browser.unlink('github', '7654321'), 404, 'not-linked'); // a user of its own
    assert.ok(tenantIdentities(tenant, CAROL).includes('facebook|10203040506070809'));
    assert.deepEqual(managementWrites(), []);
  });

  test('the primary identity: 400 primary-identity, no DELETE sent', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    await expectError(await browser.unlink('auth0', 'alice0001'), 400, 'primary-identity');
    assert.deepEqual(managementWrites(), []);
    assert.equal(tenantIdentities(tenant, ALICE).length, 3);
  });

  test('a malformed identity path: 400', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    await expectError(await browser.send('DELETE', `${ENDPOINT}/identities/github`), 400, 'bad-request');
    await expectError(await browser.send('DELETE', `${ENDPOINT}/identities/github/1/2`), 400, 'bad-request');
    await expectError(await browser.send('DELETE', `${ENDPOINT}/identities/github/%E0%A4%A`), 400, 'bad-request');
  });
});

describe('signed out', () => {
  test('401 missing-token on every request; the callback answers a 401 page; nothing linked', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const callback = await signInAtTenant(await browser.startLink(), 'github|7654321');
    browser.signOut();
    await expectError(await browser.get(ENDPOINT), 401, 'missing-token');
    await expectError(await browser.postLink({ returnTo: '/a', popup: false }), 401, 'missing-token');
    await expectError(await browser.get(`${ENDPOINT}/result`), 401, 'missing-token');
    await expectError(await browser.get(`${ENDPOINT}/suggestions`), 401, 'missing-token');
    await expectError(await browser.unlink('github', '1234567'), 401, 'missing-token');
    const page = await browser.navigate(callback);
    assert.equal(page.status, 401);
    assert.match(await page.text(), /missing-token/);
    assert.ok(!tenantIdentities(tenant, ALICE).includes('github|7654321'));
    assert.deepEqual(managementWrites(), []);
  });

  test('a user() that throws: 500, not a crash', async () => {
    const linker = makeLinker({ user: () => { throw new Error('session store down'); } });
    const response = await new Browser(linker).get(ENDPOINT);
    assert.equal(response.status, 500);
    assert.doesNotMatch(await response.text(), /session store down/);
  });
});

describe('the tenant failing', () => {
  test('Management API 429: passed on as 429 with Retry-After (code http)', async () => {
    tenant.addFault({ path: '/api/v2/users/*', status: 429, times: 5 });
    const response = await new Browser(makeLinker(), ALICE).get(ENDPOINT);
    await expectError(response, 429, 'http');
    assert.equal(response.headers.get('Retry-After'), '1');
  });

  test('Management API 429 then 200: node-auth0 waits as Retry-After says and retries (maxRetries 1)', async () => {
    tenant.addFault({ path: '/api/v2/users/*', status: 429, times: 1 });
    const started = Date.now();
    const response = await new Browser(makeLinker({ management: { clientId: 'account-linker-m2m', clientSecret: 'm2m-secret-not-for-production', maxRetries: 1 } }), ALICE).get(ENDPOINT);
    assert.equal(response.status, 200);
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After: 1');
  });

  test('Management API 5xx → 502 http; HTML with 200 → 502 bad-response; network failure → 504 network', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    tenant.addFault({ path: '/api/v2/users/*', status: 503 });
    await expectError(await browser.get(ENDPOINT), 502, 'http');
    tenant.addFault({ path: '/api/v2/users/*', status: 200, body: '<!doctype html><title>Oops</title>', contentType: 'text/html' });
    await expectError(await browser.get(ENDPOINT), 502, 'bad-response');
    server.use(http.get(`${TENANT}/api/v2/users/:id`, () => HttpResponse.error()));
    await expectError(await browser.get(ENDPOINT), 504, 'network');
  });

  test('M2M token refused (a wrong secret): 502 http, the secret never in the answer', async () => {
    const response = await new Browser(makeLinker({ management: { clientId: 'account-linker-m2m', clientSecret: 'wrong-secret', maxRetries: 0 } }), ALICE).get(ENDPOINT);
    await expectError(response, 502, 'http');
  });

  test('the token endpoint answering 5xx / HTML / 429 at the callback: /result names http / bad-response, nothing linked', async () => {
    const cases: Array<[{ status: number; body?: string; contentType?: string }, string]> = [
      [{ status: 503 }, 'http'],
      [{ status: 200, body: '<html>maintenance</html>', contentType: 'text/html' }, 'bad-response'],
      [{ status: 429 }, 'http'],
    ];
    for (const [fault, code] of cases) {
      const browser = new Browser(makeLinker(), ALICE);
      const callback = await signInAtTenant(await browser.startLink(), 'github|7654321');
      tenant.addFault({ path: '/oauth/token', method: 'POST', ...fault });
      assert.equal((await browser.navigate(callback)).status, 303);
      const outcome = await outcomeOf(browser);
      assert.equal(outcome.code, code, `${fault.status}: ${outcome.message}`);
    }
    assert.ok(!tenantIdentities(tenant, ALICE).includes('github|7654321'));
  });

  test('the token endpoint unreachable at the callback: /result says network, nothing linked', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    await browser.startLink(); // discovery done while the tenant answers
    const callback = await signInAtTenant(await browser.startLink(), 'github|7654321');
    server.use(http.post(`${TENANT}/oauth/token`, () => HttpResponse.error()));
    assert.equal((await browser.navigate(callback)).status, 303);
    assert.equal((await outcomeOf(browser)).code, 'network');
    assert.ok(!tenantIdentities(tenant, ALICE).includes('github|7654321'));
  });

  test('/result when the Management API fails: an error answer, and the result is kept for the next ask', async () => {
    const browser = new Browser(makeLinker(), ALICE);
    await browser.navigate(await signInAtTenant(await browser.startLink(), 'github|7654321'));
    tenant.addFault({ path: `/api/v2/users/${ALICE}`, method: 'GET', status: 503 });
    await expectError(await browser.get(`${ENDPOINT}/result`), 502, 'http');
    assert.equal((await outcomeOf(browser)).ok, true);
  });

  test("the link call answered 409 (Auth0: \"Specified identity already exists.\"): already-linked", async () => {
    const browser = new Browser(makeLinker(), ALICE);
    const callback = await signInAtTenant(await browser.startLink(), 'github|7654321');
    tenant.addFault({
      path: `/api/v2/users/${ALICE}/identities`,
      method: 'POST',
      status: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'Specified identity already exists.' },
    });
    await browser.navigate(callback);
    const outcome = await outcomeOf(browser);
    assert.deepEqual(outcome, { ok: false, code: 'already-linked', message: 'Specified identity already exists.' });
    assert.ok(!tenantIdentities(tenant, ALICE).includes('github|7654321'));
  });

  test('discovery failing: POST /link answers an error (and a later one works)', async () => {
    const linker = makeLinker();
    tenant.addFault({ path: '/.well-known/openid-configuration', status: 503 });
    const browser = new Browser(linker, ALICE);
    const failed = await browser.postLink({ returnTo: '/a', popup: false });
    assert.ok(failed.status >= 500, String(failed.status));
    assert.equal((await browser.postLink({ returnTo: '/a', popup: false })).status, 200);
  });
});
