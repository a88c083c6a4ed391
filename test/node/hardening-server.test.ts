/// <reference types="node" />
// Hardening of the demo server and the Koa middleware (issue "Hardening", items 13, 14, 15, 16,
// 17), over real sockets: the demo server as `npm start` configures it, and the middleware on
// HTTP/1.1 and HTTP/2.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import http2 from 'node:http2';
import { networkInterfaces } from 'node:os';
import net, { type AddressInfo } from 'node:net';
import Koa from 'koa';
import { startDevServer } from '@web/dev-server';
import * as middleware from '../../src/mock/middleware.js';

const { mockMiddleware } = middleware;
import { tenant } from '../../src/mock/handlers.js';
import { DEMO_TOKENS, DEMO_USER_IDS } from '../../src/mock/index.js';

type DevServer = Awaited<ReturnType<typeof startDevServer>>;

const MAX_BODY_BYTES = 1024 * 1024;

/** The demo server with web-dev-server.config.mjs as loaded with `env` (on a free port). */
async function startDemoServer(env: Record<string, string | undefined> = {}, tag = 'default'): Promise<DevServer> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete process.env[name];
  try {
    const { default: config } = await import(`../../web-dev-server.config.mjs?${tag}`);
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

const addressOf = (server: DevServer) => server.server!.address() as AddressInfo;

/** A raw HTTP/1.1 request (fetch would normalise `..` and `%2e` away). */
function rawGet(port: number, path: string, host = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1]), body: data.split('\r\n\r\n').slice(1).join('\r\n\r\n') }));
    socket.on('error', reject);
  });
}

const lanAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.on('connect', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => (socket.destroy(), resolve(false)));
  });
}

beforeEach(() => tenant.reset());

describe('13. the demo server', { timeout: 30_000 }, () => {
  let server: DevServer;
  let port = 0;
  let base = '';
  before(async () => {
    server = await startDemoServer({ HOST: undefined });
    port = addressOf(server).port;
    base = `http://127.0.0.1:${port}`;
  });
  after(() => server.stop());

  test('listens on 127.0.0.1 only by default: not reachable at a LAN address', async (t) => {
    assert.equal(addressOf(server).address, '127.0.0.1');
    const lan = lanAddress();
    if (!lan) return t.skip('no LAN interface on this machine');
    assert.equal(await connects(lan, port), false, `${lan}:${port} must refuse connections`);
  });

  test('HOST opts in to another interface', async () => {
    const open = await startDemoServer({ HOST: '0.0.0.0' }, 'lan');
    try {
      assert.equal(addressOf(open).address, '0.0.0.0');
    } finally {
      await open.stop();
    }
  });

  test('never serves .git or any other dot path, however it is spelled', async () => {
    for (const path of [
      '/.git/config',
      '/.git/HEAD',
      '/.gitignore',
      '/%2egit/config',
      '/%2Egit/HEAD',
      '/demo/../.git/config',
      '/demo/%2e%2e/.git/config',
      '/demo/%2e%2e/package.json',
      '/.ci/',
      '/dist/.hidden',
      '/.well-known/other',
    ]) {
      const { status, body } = await rawGet(port, path);
      assert.equal(status, 404, `${path}: ${body.slice(0, 80)}`);
      assert.doesNotMatch(body, /\[core\]|ref: refs/, path);
    }
  });

  test('serves only what the demo needs', async () => {
    for (const path of [
      '/package.json',
      '/src/mock/seed.ts',
      '/test/node/helpers.ts',
      '/node_modules/msw/package.json',
      '/node_modules/@auth0/auth0-spa-js/package.json',
      '/README.md',
    ]) {
      assert.equal((await fetch(`${base}${path}`)).status, 404, path);
    }
    for (const path of [
      '/demo/',
      '/demo/management.html',
      '/demo/demo.css',
      '/demo/demo.js',
      '/demo/spa.html',
      '/demo/spa.js',
      // The SPA demo's auth0-spa-js, and nothing else of node_modules.
      '/node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.esm.js',
      '/mockServiceWorker.js',
      '/.well-known/jwks.json',
    ]) {
      assert.equal((await fetch(`${base}${path}`)).status, 200, path);
    }
    assert.equal((await fetch(`${base}/`, { redirect: 'manual' })).status, 302);
  });

  test('the demo still works on its own origin: the mock answers and resets', async () => {
    const userinfo = await fetch(`${base}/userinfo`, { headers: { Authorization: `Bearer ${DEMO_TOKENS.alice}` } });
    assert.equal(userinfo.status, 200);
    tenant.configure({ legacyLinking: false });
    assert.equal((await fetch(`${base}/__mock/reset`, { method: 'POST', headers: { Origin: base } })).status, 204);
    assert.equal(tenant.settings().legacyLinking, true);
  });

  test('14. /__mock/reset from another origin, or under another path, does nothing', async () => {
    tenant.configure({ legacyLinking: false });
    const cross = await fetch(`${base}/__mock/reset`, { method: 'POST', headers: { Origin: 'http://192.0.2.7:8000' } });
    assert.equal(cross.status, 403);
    assert.equal(cross.headers.get('Access-Control-Allow-Origin'), null);
    assert.equal((await fetch(`${base}/api/v2/users/x/__mock/reset`, { method: 'POST' })).status, 404);
    assert.equal(tenant.settings().legacyLinking, false);

    const unlink = await fetch(`${base}/api/v2/users/x/y/z/unlink`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ access_token: DEMO_TOKENS.alice, user_id: 'github|1234567' }),
    });
    assert.equal(unlink.status, 404);
    assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3);
  });
});

describe('15. request bodies over 1 MB are refused with 413', { timeout: 30_000 }, () => {
  let server: http.Server;
  let port = 0;
  before(async () => {
    const app = new Koa();
    app.use(mockMiddleware() as unknown as Koa.Middleware);
    server = http.createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const unlinkBody = (size: number) => {
    const body = JSON.stringify({ access_token: DEMO_TOKENS.alice, user_id: 'github|1234567', pad: '' });
    return body.replace('"pad":""', `"pad":"${'x'.repeat(Math.max(0, size - body.length))}"`);
  };

  test('the limit is 1 MB', () => assert.equal((middleware as { MAX_BODY_BYTES?: number }).MAX_BODY_BYTES, MAX_BODY_BYTES));

  test('a declared Content-Length over the limit → 413 before the body is read', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/unlink`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: unlinkBody(MAX_BODY_BYTES + 1),
    });
    assert.equal(response.status, 413);
    assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3, 'not processed');
  });

  test('exactly 1 MB still passes', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/unlink`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: unlinkBody(MAX_BODY_BYTES),
    });
    assert.equal(response.status, 200);
  });

  test('a chunked body that never ends is cut off once it passes the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/__mock/fault',
        headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      });
      request.on('response', (response) => {
        resolve(response.statusCode ?? 0);
        response.resume();
        request.destroy();
      });
      request.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      // 1.25 MB written, and the request is never ended: only counting the stream can answer.
      for (let i = 0; i < 20; i++) request.write(chunk);
      setTimeout(() => {
        request.destroy();
        reject(new Error('no answer: the whole body is being waited for'));
      }, 5000).unref();
    });
    assert.equal(status, 413);
    assert.deepEqual(tenant.faults(), []);
  });
});

describe('17. the middleware on HTTP/2', { timeout: 30_000 }, () => {
  let server: http2.Http2Server;
  let client: http2.ClientHttp2Session;
  before(async () => {
    const app = new Koa();
    app.use(mockMiddleware() as unknown as Koa.Middleware);
    server = http2.createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  after(async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function request(headers: http2.OutgoingHttpHeaders, body?: string) {
    return new Promise<{ status: number; headers: http2.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const stream = client.request(headers);
      let data = '';
      let responseHeaders: http2.IncomingHttpHeaders = {};
      stream.setEncoding('utf8');
      stream.on('response', (h) => (responseHeaders = h));
      stream.on('data', (chunk) => (data += chunk));
      stream.on('end', () => resolve({ status: Number(responseHeaders[':status']), headers: responseHeaders, body: data }));
      stream.on('error', reject);
      stream.setTimeout(5000, () => (stream.close(), reject(new Error('no answer'))));
      stream.end(body);
    });
  }

  test('GET /userinfo answers 200, not 500 (pseudo-headers are not copied)', async () => {
    const response = await request({ ':method': 'GET', ':path': '/userinfo', authorization: `Bearer ${DEMO_TOKENS.alice}` });
    assert.equal(response.status, 200, response.body);
    assert.equal(JSON.parse(response.body).user_id, DEMO_USER_IDS.alice);
  });

  test('POST with a body, a redirect, and a 413 work too', async () => {
    const unlink = await request(
      { ':method': 'POST', ':path': '/unlink', 'content-type': 'application/json' },
      JSON.stringify({ access_token: DEMO_TOKENS.alice, user_id: 'github|1234567' }),
    );
    assert.equal(unlink.status, 200, unlink.body);
    const page = await request({ ':method': 'GET', ':path': '/authorize?client_id=nobody' });
    assert.equal(page.status, 400);
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    const big = await request({ ':method': 'POST', ':path': '/unlink', 'content-type': 'application/json' }, 'x'.repeat(MAX_BODY_BYTES + 1));
    assert.equal(big.status, 413);
  });
});
