/// <reference types="node" />
// JWKS, avatars, reset, CORS, and the default tenant/handlers of src/mock/node.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_TOKENS, DEMO_USER_IDS, createTenant, isMockPath } from '../../../src/mock/index.js';
import { bearer, postJson, url, useMockTenant } from '../helpers.js';

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

test('responses carry CORS headers for an allowed web origin, errors included', async () => {
  const ok = await fetch(url('/userinfo'), { headers: { ...bearer(DEMO_TOKENS.alice), Origin: 'http://127.0.0.1:5000' } });
  assert.equal(ok.headers.get('Access-Control-Allow-Origin'), 'http://127.0.0.1:5000');
  assert.match(ok.headers.get('Vary') ?? '', /Origin/);
  const denied = await fetch(url('/userinfo'), { headers: { Origin: 'https://app.example.com' } });
  assert.equal(denied.status, 401);
  assert.equal(denied.headers.get('Access-Control-Allow-Origin'), 'https://app.example.com');
  assert.match(denied.headers.get('Access-Control-Expose-Headers') ?? '', /WWW-Authenticate/);
});

test('CORS as Auth0 answers it: no headers for an origin no application allows, nor without Origin', async () => {
  for (const origin of ['https://evil.example', 'http://app.example.com', 'https://app.example.com:8443', 'null', undefined]) {
    const headers: Record<string, string> = { ...bearer(DEMO_TOKENS.alice), ...(origin ? { Origin: origin } : {}) };
    const response = await fetch(url('/userinfo'), { headers });
    assert.equal(response.status, 200, String(origin));
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), null, String(origin));
    assert.equal(response.headers.get('Access-Control-Expose-Headers'), null, String(origin));
    assert.match(response.headers.get('Vary') ?? '', /Origin/, 'caches must key on Origin');
    const preflight = await fetch(url('/userinfo'), {
      method: 'OPTIONS',
      headers: { ...(origin ? { Origin: origin } : {}), 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), null, String(origin));
    assert.equal(preflight.headers.get('Access-Control-Allow-Headers'), null, String(origin));
  }
});

test('the allowed web origins are the tenant applications\' own', async () => {
  const client = (id: string, web_origins: string[]) => ({
    client_id: id, name: id, app_type: 'spa' as const, token_endpoint_auth_method: 'none' as const,
    grant_types: ['authorization_code' as const], scopes: ['openid'], oidc_conformant: true,
    callbacks: [], web_origins, allowed_logout_urls: [],
  });
  const own = createTenant({ seed: { clients: [client('a', ['https://a.example']), client('b', ['http://localhost:*'])], users: [] } });
  assert.equal(own.isAllowedOrigin('https://a.example'), true);
  assert.equal(own.isAllowedOrigin('http://localhost:1234'), true);
  assert.equal(own.isAllowedOrigin('http://127.0.0.1:1234'), false, 'only what the seed allows');
  assert.equal(own.isAllowedOrigin('https://app.example.com'), false, 'nothing of the demo seed');
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
