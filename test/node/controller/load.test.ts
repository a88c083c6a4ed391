/// <reference types="node" />
// Loading the list: legacy (/userinfo), management (GET /api/v2/users/{id}) and auto, which picks
// management for a token whose aud names {origin}/api/v2/ and legacy for an opaque one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CLIENT_ID, DEMO_TOKENS, DEMO_USER_IDS } from '../../../src/mock/index.js';
import { ALICE_START, ORIGIN, Page, sent, useMockTenant } from './harness.js';

const { tenant, requests } = useMockTenant();

/** An opaque (JWE-shaped) token of the demo client for `sub`, as a login without audience gets. */
const opaqueFor = (sub: string) => tenant.grantAccessToken(sub, { scope: 'openid profile email', azp: DEMO_CLIENT_ID, issuer: `${ORIGIN}/` });

describe('controller: load', () => {
  test('hostUpdated() after configure() starts the load once; the host is asked to render', async () => {
    const page = new Page();
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.configure({ mode: 'management' });
    assert.equal(page.c.phase, 'idle', 'nothing runs before the host updates');
    assert.ok(page.host.updates > 0);
    await page.settle();
    assert.equal(page.starts.length, 1);
    assert.equal(page.c.phase, 'ready');
    assert.deepEqual(page.ids(), ALICE_START);
    assert.deepEqual(page.c.status, { say: 'loaded', count: 3 });
    assert.equal(page.c.error, undefined);
  });

  test('legacy: GET /userinfo with the bearer token; the profile user is the primary', async () => {
    const page = new Page();
    page.c.tokens.value = DEMO_TOKENS.carol;
    page.configure({ mode: 'legacy' });
    await page.settle();
    assert.equal(page.c.phase, 'ready');
    assert.deepEqual(page.ids(), ['auth0|carol0003', 'facebook|10203040506070809']);
    const [get] = sent(requests, 'GET', `${ORIGIN}/userinfo`);
    assert.ok(get);
    assert.equal(get.headers.get('authorization'), `Bearer ${DEMO_TOKENS.carol}`);
    assert.equal(page.c.isPrimary(page.c.list![0]!), true);
    assert.equal(page.c.isPrimary(page.c.list![1]!), false);
    assert.equal(sent(requests, 'GET', `${ORIGIN}/api/v2/`).length, 0);
  });

  test('management: GET /api/v2/users/{sub} with the bearer token', async () => {
    const page = new Page();
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.configure({ mode: 'management' });
    await page.settle();
    const [get] = sent(requests, 'GET', `${ORIGIN}/api/v2/users/`);
    assert.equal(new URL(get!.url).pathname, '/api/v2/users/auth0%7Calice0001');
    assert.equal(get!.headers.get('authorization'), `Bearer ${DEMO_TOKENS.alice}`);
    assert.equal(sent(requests, 'GET', `${ORIGIN}/userinfo`).length, 0);
    assert.equal(page.c.isPrimary(page.c.list![0]!), true);
  });

  test('auto: the demo token (aud names the Management API) loads in management mode', async () => {
    const page = new Page();
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.configure(); // mode defaults to auto
    await page.settle();
    assert.equal(page.c.config?.mode, 'auto');
    assert.deepEqual(page.ids(), ALICE_START);
    assert.equal(sent(requests, 'GET', `${ORIGIN}/api/v2/users/`).length, 1);
    assert.equal(sent(requests, 'GET', `${ORIGIN}/userinfo`).length, 0);
  });

  test('auto: an opaque token loads in legacy mode (/userinfo)', async () => {
    const token = await opaqueFor(DEMO_USER_IDS.bob);
    const page = new Page();
    page.c.tokens.value = token;
    page.configure();
    await page.settle();
    assert.equal(page.c.phase, 'ready', JSON.stringify(page.c.error));
    assert.deepEqual(page.ids(), ['auth0|bob0002']);
    assert.equal(sent(requests, 'GET', `${ORIGIN}/userinfo`).length, 1);
    assert.equal(sent(requests, 'GET', `${ORIGIN}/api/v2/`).length, 0);
  });

  test('auto: a token provider is asked, and its token decides the mode', async () => {
    const page = new Page();
    let asked = 0;
    page.c.tokens.provider = () => {
      asked++;
      return DEMO_TOKENS.bob;
    };
    page.configure();
    await page.settle();
    assert.ok(asked >= 1);
    assert.deepEqual(page.ids(), ['auth0|bob0002']);
    assert.equal(sent(requests, 'GET', `${ORIGIN}/api/v2/users/`).length, 1);
  });

  test('no token: missing-token, phase failed, nothing sent; a token then loads the list', async () => {
    const page = new Page();
    page.configure({ mode: 'management' });
    await page.settle();
    assert.equal(page.c.phase, 'failed');
    assert.equal(page.c.error?.error.code, 'missing-token');
    assert.deepEqual(page.errors(), ['missing-token']);
    assert.equal(requests.length, 0);
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.c.tokenChanged();
    await page.settle();
    assert.equal(page.c.phase, 'ready');
    assert.deepEqual(page.ids(), ALICE_START);
    assert.equal(page.c.error, undefined, 'the token error is gone');
  });

  test('a 5xx is shown with retry; load() again recovers', async () => {
    tenant.addFault({ method: 'GET', path: '/api/v2/users/*', status: 503 });
    const page = new Page();
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.configure({ mode: 'management' });
    await page.settle();
    assert.equal(page.c.phase, 'failed');
    assert.equal(page.c.error?.retry, true, JSON.stringify(page.c.error));
    assert.equal(await page.c.load(), true);
    assert.equal(page.c.error, undefined);
    assert.deepEqual(page.ids(), ALICE_START);
  });

  test('an invalid configuration is an error and nothing is sent', async () => {
    const page = new Page();
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.c.configure({ domain: 'http://tenant.example.com', clientId: DEMO_CLIENT_ID });
    await page.settle();
    assert.equal(page.c.error?.error.code, 'invalid-config');
    assert.equal(page.c.config, undefined);
    assert.deepEqual(page.errors(), ['invalid-config']);
    assert.equal(requests.length, 0);
  });

  test('give(): a server-rendered list is shown and nothing is fetched', async () => {
    const page = new Page();
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.c.give({ identities: [{ provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication', isSocial: false }] });
    page.configure({ mode: 'management' });
    await page.settle();
    assert.equal(page.c.phase, 'ready');
    assert.deepEqual(page.ids(), ['auth0|alice0001']);
    assert.equal(requests.length, 0);
  });
});
