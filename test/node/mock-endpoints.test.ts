/// <reference types="node" />
// JWKS, avatars, reset, CORS, and the default tenant/handlers of src/mock/node.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_TOKENS, DEMO_USER_IDS, isMockPath } from '../../src/mock/index.js';
import { bearer, postJson, url, useMockTenant } from './helpers.js';

const tenant = useMockTenant();

test('GET /.well-known/jwks.json → one RSA signing key', async () => {
  const response = await fetch(url('/.well-known/jwks.json'));
  assert.equal(response.status, 200);
  assert.match(response.headers.get('Content-Type') ?? '', /^application\/json/);
  const { keys } = await response.json();
  assert.equal(keys.length, 1);
  assert.deepEqual(Object.keys(keys[0]).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
  assert.equal(keys[0].alg, 'RS256');
  assert.equal(keys[0].d, undefined, 'no private part');
});

test('GET /__mock/avatar/<slug>.svg → an SVG with initials', async () => {
  const response = await fetch(url('/__mock/avatar/octo-spare.svg'));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('Content-Type'), 'image/svg+xml');
  const svg = await response.text();
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, />OS<\/text>/);
});

test('GET /__mock/avatar with a bad name → 404', async () => {
  assert.equal((await fetch(url('/__mock/avatar/..%2Fsecret.svg'))).status, 404);
  assert.equal((await fetch(url('/__mock/avatar/alice.png'))).status, 404);
});

test('POST /__mock/reset → 204 and the tenant is back to the seed', async () => {
  await postJson('/unlink', { access_token: DEMO_TOKENS.alice, user_id: 'github|1234567' });
  assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 2);
  const response = await fetch(url('/__mock/reset'), { method: 'POST' });
  assert.equal(response.status, 204);
  assert.equal(await response.text(), '');
  assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3);
});

test('OPTIONS preflight → 204 with permissive CORS headers', async () => {
  for (const path of ['/userinfo', '/unlink', '/oauth/token', '/api/v2/users/auth0%7Calice0001/identities/github/1']) {
    const response = await fetch(url(path), {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:9000',
        'Access-Control-Request-Method': 'DELETE',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    assert.equal(response.status, 204, path);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), 'http://localhost:9000');
    assert.match(response.headers.get('Access-Control-Allow-Methods') ?? '', /DELETE/);
    assert.equal(response.headers.get('Access-Control-Allow-Headers'), 'authorization,content-type');
  }
});

test('responses carry CORS headers, errors included', async () => {
  const ok = await fetch(url('/userinfo'), { headers: { ...bearer(DEMO_TOKENS.alice), Origin: 'http://127.0.0.1:5000' } });
  assert.equal(ok.headers.get('Access-Control-Allow-Origin'), 'http://127.0.0.1:5000');
  const denied = await fetch(url('/userinfo'));
  assert.equal(denied.headers.get('Access-Control-Allow-Origin'), '*');
  assert.match(denied.headers.get('Access-Control-Expose-Headers') ?? '', /WWW-Authenticate/);
});

test('isMockPath names the mock paths and nothing else', () => {
  for (const path of ['/authorize', '/authorize/decision', '/oauth/token', '/userinfo', '/unlink', '/login/unlink',
    '/.well-known/jwks.json', '/__mock/reset', '/__mock/avatar/a.svg', '/api/v2/users/x/identities']) {
    assert.equal(isMockPath(path), true, path);
  }
  for (const path of ['/', '/demo/index.html', '/src/mock/handlers.ts', '/mockServiceWorker.js', '/authorize.html']) {
    assert.equal(isMockPath(path), false, path);
  }
});
