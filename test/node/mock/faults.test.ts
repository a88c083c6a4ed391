/// <reference types="node" />
// Injected faults: POST /__mock/fault and tenant.addFault() answer the next matching requests with
// a canned response (rate limits, outages, odd bodies) instead of the real one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_TOKENS, DEMO_USER_IDS, isMockPath } from '../../../src/mock/index.js';
import { bearer, postJson, url, useMockTenant } from '../helpers.js';

const tenant = useMockTenant();
const ALICE = `/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.alice)}`;
const getAlice = (headers: Record<string, string> = {}) => fetch(url(ALICE), { headers: { ...bearer(DEMO_TOKENS.alice), ...headers } });
const userinfo = () => fetch(url('/userinfo'), { headers: bearer(DEMO_TOKENS.alice) });

describe('POST /__mock/fault', () => {
  test('→ 204; the next matching request gets the fault (CORS kept), the one after is real again', async () => {
    const set = await postJson('/__mock/fault', { method: 'GET', path: ALICE, status: 503, body: { down: true } });
    assert.equal(set.status, 204);
    assert.equal(await set.text(), '');
    const faulted = await getAlice({ Origin: 'http://localhost:9000' });
    assert.equal(faulted.status, 503);
    assert.match(faulted.headers.get('Content-Type') ?? '', /^application\/json/);
    assert.deepEqual(await faulted.json(), { down: true });
    assert.equal(faulted.headers.get('Access-Control-Allow-Origin'), 'http://localhost:9000');
    assert.equal((await getAlice()).status, 200);
  });

  test('times: the fault answers that many requests', async () => {
    await postJson('/__mock/fault', { path: '/userinfo', status: 500, times: 2 });
    assert.equal((await userinfo()).status, 500);
    assert.equal((await userinfo()).status, 500);
    assert.equal((await userinfo()).status, 200);
  });

  test('429 without headers gets Retry-After and X-RateLimit-*, exposed to scripts; a Management-shaped body on /api/v2', async () => {
    await postJson('/__mock/fault', { path: '/api/v2/*', status: 429 });
    const before = Math.floor(Date.now() / 1000);
    const response = await getAlice({ Origin: 'http://localhost:9000' });
    assert.equal(response.status, 429);
    assert.match(response.headers.get('Retry-After') ?? '', /^\d+$/);
    assert.match(response.headers.get('X-RateLimit-Limit') ?? '', /^\d+$/);
    assert.equal(response.headers.get('X-RateLimit-Remaining'), '0');
    assert.ok(Number(response.headers.get('X-RateLimit-Reset')) >= before);
    const exposed = response.headers.get('Access-Control-Expose-Headers') ?? '';
    for (const name of ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']) {
      assert.match(exposed, new RegExp(name), name);
    }
    const body = await response.json();
    assert.equal(body.statusCode, 429);
    assert.equal(body.error, 'Too Many Requests');
    assert.equal(typeof body.message, 'string');
  });

  test('the fault\'s own headers win; a string body is sent as text unless contentType says otherwise', async () => {
    await postJson('/__mock/fault', { path: '/userinfo', status: 429, body: 'slow down', headers: { 'Retry-After': '7' } });
    const limited = await userinfo();
    assert.equal(limited.headers.get('Retry-After'), '7');
    assert.match(limited.headers.get('Content-Type') ?? '', /^text\/plain/);
    assert.equal(await limited.text(), 'slow down');
    await postJson('/__mock/fault', { path: '/userinfo', status: 200, body: '<html>login</html>', contentType: 'text/html' });
    const html = await userinfo();
    assert.equal(html.status, 200);
    assert.equal(html.headers.get('Content-Type'), 'text/html');
    assert.equal(await html.text(), '<html>login</html>');
  });

  test('a default error body outside /api/v2 is {error, error_description}', async () => {
    await postJson('/__mock/fault', { path: '/oauth/token', status: 502 });
    const response = await postJson('/oauth/token', {});
    assert.equal(response.status, 502);
    const body = await response.json();
    assert.equal(typeof body.error, 'string');
    assert.equal(typeof body.error_description, 'string');
  });

  test('method and path must match; a path matches URL-decoded too; prefixes end in *', async () => {
    await postJson('/__mock/fault', { method: 'DELETE', path: `/api/v2/users/${DEMO_USER_IDS.alice}/identities/*`, status: 500 });
    assert.equal((await getAlice()).status, 200, 'GET is not DELETE');
    assert.equal((await userinfo()).status, 200, 'other path');
    const del = await fetch(url(`${ALICE}/identities/github/1234567`), { method: 'DELETE', headers: bearer(DEMO_TOKENS.alice) });
    assert.equal(del.status, 500);
    assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3, 'the real handler never ran');
  });

  test('an exact path does not match longer paths', async () => {
    await postJson('/__mock/fault', { path: '/api/v2/users', status: 500 });
    assert.equal((await getAlice()).status, 200);
    assert.equal(tenant.faults().length, 1, 'still pending');
  });

  test('preflights pass unless the fault names OPTIONS', async () => {
    const preflight = () =>
      fetch(url('/userinfo'), { method: 'OPTIONS', headers: { Origin: 'http://localhost:9000', 'Access-Control-Request-Method': 'GET' } });
    await postJson('/__mock/fault', { path: '/userinfo', status: 500 });
    assert.equal((await preflight()).status, 204);
    assert.equal((await userinfo()).status, 500);
    await postJson('/__mock/fault', { method: 'options', path: '/userinfo', status: 403 });
    assert.equal((await preflight()).status, 403);
  });

  test('/__mock/reset clears pending faults; DELETE /__mock/fault does too', async () => {
    await postJson('/__mock/fault', { path: '/userinfo', status: 500 });
    assert.equal((await fetch(url('/__mock/reset'), { method: 'POST' })).status, 204);
    assert.equal((await userinfo()).status, 200);
    await postJson('/__mock/fault', { path: '/userinfo', status: 500 });
    assert.equal((await fetch(url('/__mock/fault'), { method: 'DELETE' })).status, 204);
    assert.equal((await userinfo()).status, 200);
  });

  test('the mock\'s controls are never faulted', async () => {
    await postJson('/__mock/fault', { path: '/__mock/*', status: 500, times: 5 });
    assert.equal((await fetch(url('/__mock/reset'), { method: 'POST' })).status, 204);
    await postJson('/__mock/fault', { path: '/__mock/*', status: 500, times: 5 });
    assert.equal((await postJson('/__mock/settings', { legacyLinking: false })).status, 204);
    assert.equal((await postJson('/__mock/fault', { path: '/userinfo', status: 500 })).status, 204);
    assert.equal((await fetch(url('/__mock/avatar/alice.svg'))).status, 500, 'avatars are not controls');
  });

  test('an invalid fault → 400 invalid_request, nothing queued', async () => {
    const bad: unknown[] = [
      { status: 500 },
      { path: 'userinfo', status: 500 },
      { path: '/userinfo', status: 99 },
      { path: '/userinfo', status: 600 },
      { path: '/userinfo', status: '500' },
      { path: '/userinfo', status: 500, times: 0 },
      { path: '/userinfo', status: 500, headers: { 'Retry-After': 1 } },
      { path: '/userinfo', status: 500, method: 'GET /x' },
      '[1]',
      '{',
    ];
    for (const body of bad) {
      const response = await postJson('/__mock/fault', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal((await response.json()).error, 'invalid_request');
    }
    assert.deepEqual(tenant.faults(), []);
  });

  test('the new control paths are mock paths (the dev-server middleware answers them)', () => {
    assert.equal(isMockPath('/__mock/fault'), true);
    assert.equal(isMockPath('/__mock/settings'), true);
  });
});

describe('tenant.addFault (in-process, for browser tests)', () => {
  test('queues a fault without HTTP; faults() lists it with remaining; clearFaults() drops it', async () => {
    tenant.addFault({ path: '/userinfo', status: 401, body: { error: 'invalid_token', error_description: 'x' }, times: 3 });
    assert.deepEqual(tenant.faults(), [
      { path: '/userinfo', status: 401, body: { error: 'invalid_token', error_description: 'x' }, remaining: 3 },
    ]);
    assert.equal((await userinfo()).status, 401);
    assert.equal(tenant.faults()[0]?.remaining, 2);
    tenant.clearFaults();
    assert.equal((await userinfo()).status, 200);
  });

  test('faults answer in order; reset() clears them', async () => {
    tenant.addFault({ path: '/userinfo', status: 500 });
    tenant.addFault({ path: '/userinfo', status: 503 });
    assert.equal((await userinfo()).status, 500);
    assert.equal((await userinfo()).status, 503);
    tenant.addFault({ path: '/userinfo', status: 500 });
    tenant.reset();
    assert.equal((await userinfo()).status, 200);
  });

  test('an invalid spec throws TypeError', () => {
    assert.throws(() => tenant.addFault({ path: 'nope', status: 500 }), TypeError);
    assert.throws(() => tenant.addFault({ path: '/x', status: 42 }), TypeError);
    assert.deepEqual(tenant.faults(), []);
  });

  test('a later change to the spec object does not change the queued fault', async () => {
    const spec = { path: '/userinfo', status: 500, body: { a: 1 } };
    tenant.addFault(spec);
    spec.body.a = 2;
    spec.status = 200;
    const response = await userinfo();
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), { a: 1 });
  });
});
