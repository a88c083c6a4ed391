/// <reference types="node" />
// The demo server answers only its own loopback names (issue 23, M5: DNS rebinding). Bound to
// loopback, a request whose Host is not localhost, 127.0.0.1 or [::1] with the server's port gets
// 400 — the pages, the mock tenant, the server mode endpoint alike; HOST naming another interface
// turns the check off. Over real sockets, with the demo server as `npm start` configures it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDevServer } from '@web/dev-server';

// demo/server.mjs is plain JavaScript (no declarations): its one export used here, typed.
const demoServer = '../../demo/server.mjs';
const { isOwnLoopbackHost } = (await import(demoServer)) as { isOwnLoopbackHost: (host: string | undefined, port: number) => boolean };

type DevServer = Awaited<ReturnType<typeof startDevServer>>;

/** The demo server with web-dev-server.config.mjs as loaded with `env` (on a free port). */
async function startDemoServer(env: Record<string, string | undefined>, tag: string): Promise<DevServer> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    const { default: config } = await import(`../../web-dev-server.config.mjs?demo-host-${tag}`);
    return await startDevServer({
      config: { ...config, port: 0, open: false },
      readCliArgs: false,
      readFileConfig: false,
      logStartMessage: false,
      autoExitProcess: false,
    });
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** A request to 127.0.0.1:port with the Host header `host` (fetch does not let a Host be chosen). */
function get(port: number, path: string, host: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method, headers: { ...headers, Host: host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('isOwnLoopbackHost', () => {
  test('localhost, 127.0.0.1 and [::1] with the server port', () => {
    for (const host of ['localhost:8000', '127.0.0.1:8000', '[::1]:8000', 'LOCALHOST:8000']) assert.equal(isOwnLoopbackHost(host, 8000), true, host);
  });

  test('any other name, another port, a missing port (unless 80), or no Host at all', () => {
    for (const host of [
      'evil.example:8000',
      'localhost.evil.example:8000',
      'evil.localhost:8000',
      '127.0.0.2:8000',
      '192.168.1.10:8000',
      '[::2]:8000',
      'localhost:8001',
      'localhost',
      'localhost:8000/',
      'user@localhost:8000',
      '',
      undefined,
    ]) {
      assert.equal(isOwnLoopbackHost(host, 8000), false, String(host));
    }
    assert.equal(isOwnLoopbackHost('localhost', 80), true, 'no port: 80');
  });
});

describe('the demo server bound to loopback', { timeout: 30_000 }, () => {
  let server: DevServer;
  let port = 0;
  before(async () => {
    server = await startDemoServer({ HOST: undefined }, 'loopback');
    port = (server.server!.address() as AddressInfo).port;
  });
  after(() => server.stop());

  test('answers its own loopback names', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const page = await get(port, '/demo/server.html', host);
      assert.equal(page.status, 200, host);
      assert.match(page.body, /<account-linker mode="server" endpoint="\/demo\/api\/identities">/);
    }
  });

  test('400 for a rebound name, or its own name on another port: pages, mock, server mode endpoint and controls', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `localhost:${port + 1}`, `attacker.test:${port}`]) {
      for (const path of ['/demo/', '/demo/server.html', '/demo/api/identities', '/authorize?client_id=x', '/.well-known/jwks.json']) {
        const answer = await get(port, path, host, { Cookie: 'demo_user=alice', 'X-Account-Linker': '1' });
        assert.equal(answer.status, 400, `${host} ${path}`);
        assert.doesNotMatch(answer.body, /alice/i, `${host} ${path}`);
      }
      assert.equal((await get(port, '/__mock/reset', host, {}, 'POST')).status, 400, `${host} POST /__mock/reset`);
    }
  });

  test('the server mode endpoint works on the own name: its calls to the mock at the same origin pass the check', async () => {
    const list = await get(port, '/demo/api/identities', `127.0.0.1:${port}`, { Cookie: 'demo_user=alice', 'X-Account-Linker': '1', 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(list.status, 200, list.body);
    assert.equal((JSON.parse(list.body) as { user_id: string }).user_id, 'auth0|alice0001');
    const signedOut = await get(port, '/demo/api/identities', `127.0.0.1:${port}`, { 'X-Account-Linker': '1' });
    assert.equal(signedOut.status, 401, 'no demo session: not signed in');
  });
});

describe('the demo server with HOST naming another interface', { timeout: 30_000 }, () => {
  test('does not check the Host name (the LAN reaches it by its own name)', async () => {
    const open = await startDemoServer({ HOST: '0.0.0.0' }, 'lan');
    try {
      const port = (open.server!.address() as AddressInfo).port;
      assert.equal((await get(port, '/demo/management.html', `demo-box.lan:${port}`)).status, 200);
    } finally {
      await open.stop();
    }
  });
});
