/// <reference types="node" />
// The mock on a network (issue 23, M1 and M5): a Host that is not a plain `name[:port]` gets 400
// before routing; what is routed (a control or not) is read from the URL dispatched, never from the
// raw path; the controls refuse a network request from elsewhere on their own, Origin or not;
// servers bound to loopback answer loopback Host names only. Also: the stand-alone 404's
// Referrer-Policy, and framing of the sign-in page.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import Koa from 'koa';
import { getResponse } from 'msw';
import { createHandlers, createTenant, DEMO_CLIENT_ID } from '../../../src/mock/index.js';
import { markNetworkRequest } from '../../../src/mock/loopback.js';
import { hostGuard, loopbackHosts, mockMiddleware, type MockMiddlewareOptions } from '../../../src/mock/middleware.js';
import { startMockServer, type MockServer } from '../../../src/mock/standalone/server.js';

interface Raw {
  status: number;
  headers: string;
  body: string;
}

/** One raw HTTP/1.1 request, bytes as given (fetch and node:http would normalise `..` or refuse odd Hosts). */
function raw(port: number, method: string, path: string, host: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, 'Connection: close', 'Content-Length: 0'];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]), headers: head, body: rest.join('\r\n\r\n') });
    });
    socket.on('error', reject);
  });
}

/** A Koa server on 127.0.0.1 with `middleware` over its own tenant. */
function koaServer(options: MockMiddlewareOptions = {}, guard?: Parameters<typeof hostGuard>[0]) {
  const tenant = createTenant();
  const app = new Koa();
  if (guard) app.use(hostGuard(guard) as unknown as Koa.Middleware);
  app.use(mockMiddleware(createHandlers(tenant), options) as unknown as Koa.Middleware);
  app.use((ctx) => {
    ctx.body = 'the app';
  });
  const server = http.createServer(app.callback());
  let port = 0;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  beforeEach(() => {
    tenant.reset();
    tenant.configure({ legacyLinking: false }); // a reset would turn it back on: the witness
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { tenant, port: () => port };
}

describe('M1: the middleware and a crafted Host', () => {
  const { tenant, port } = koaServer();
  const untouched = () => assert.equal(tenant.settings().legacyLinking, false, 'the tenant was not reset');

  test('Host "x/__mock/reset?" on POST /.well-known/jwks.json → 400 before routing; nothing reset', async () => {
    const answer = await raw(port(), 'POST', '/.well-known/jwks.json', 'x/__mock/reset?');
    assert.equal(answer.status, 400);
    assert.match(answer.body, /invalid_request/);
    untouched();
  });

  test('other Hosts that are no plain name[:port] → 400', async () => {
    for (const host of ['x?y', 'x#y', 'user@x', 'x y', 'x:port', 'x:123456', '[::1', 'x/']) {
      assert.equal((await raw(port(), 'GET', '/.well-known/jwks.json', host)).status, 400, host);
    }
    untouched();
  });

  test('a path that dots its way to a control is routed as that control, and guarded as one', async () => {
    const path = '/api/v2/users/../../../__mock/reset';
    const rebound = await raw(port(), 'POST', path, `rebound.example:${port()}`);
    assert.equal(rebound.status, 403, 'a rebound name does not reach the reset');
    untouched();
    const local = await raw(port(), 'POST', path, `localhost:${port()}`);
    assert.equal(local.status, 204, 'on this machine it is the reset');
    assert.equal(tenant.settings().legacyLinking, true);
  });

  test('an absolute-form request target is refused', async () => {
    const answer = await raw(port(), 'POST', `http://127.0.0.1:${port()}/__mock/reset`, `rebound.example:${port()}`);
    assert.notEqual(answer.status, 204);
    untouched();
  });

  test('plain Hosts still work: names, IPv4, IPv6, with and without a port', async () => {
    for (const host of ['localhost', `localhost:${port()}`, '127.0.0.1', `[::1]:${port()}`, 'tenant.example.com', 'my_host.local:80']) {
      assert.equal((await raw(port(), 'GET', '/.well-known/jwks.json', host)).status, 200, host);
    }
  });
});

describe('M1: controls turned off are off under any path', () => {
  const { tenant, port } = koaServer({ controls: false });

  test('a dotted path to /__mock/reset from this machine is still refused', async () => {
    const answer = await raw(port(), 'POST', '/api/v2/users/../../../__mock/reset', `localhost:${port()}`);
    assert.equal(answer.status, 403);
    assert.match(answer.body, /controls are off/);
    assert.equal(tenant.settings().legacyLinking, false, 'the tenant was not reset');
  });
});

describe('M1: the control handlers refuse on their own', () => {
  const tenant = createTenant();
  const handlers = createHandlers(tenant);
  const reset = (client?: { localAddress: string; host: string }, headers: Record<string, string> = {}) => {
    const request = new Request('http://127.0.0.1:4400/__mock/reset', { method: 'POST', headers });
    return getResponse(handlers, client ? markNetworkRequest(request, client) : request);
  };

  test('a network request from a non-loopback address, without Origin → 403', async () => {
    const answer = (await reset({ localAddress: '192.0.2.7', host: '127.0.0.1:4400' }))!;
    assert.equal(answer.status, 403);
    assert.match(await answer.text(), /loopback/);
  });

  test('a network request with a foreign Host → 403; with a loopback one on loopback → 204', async () => {
    assert.equal((await reset({ localAddress: '127.0.0.1', host: 'rebound.example:4400' }))!.status, 403);
    assert.equal((await reset({ localAddress: '::ffff:127.0.0.1', host: 'localhost:4400' }))!.status, 204);
  });

  test('in-process requests (msw in Node, the service worker) pass as before; another Origin still does not', async () => {
    assert.equal((await reset())!.status, 204);
    assert.equal((await reset(undefined, { Origin: 'http://evil.example' }))!.status, 403);
  });
});

describe('M5: a middleware for a loopback-bound server', () => {
  const { port } = koaServer({ hosts: loopbackHosts('auth.example.test') }, loopbackHosts('auth.example.test'));

  test('loopback names and the named extra host pass; a rebound name gets 403 on every path', async () => {
    for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`, `[::1]:${port()}`, 'auth.example.test', 'AUTH.example.test']) {
      assert.equal((await raw(port(), 'GET', '/.well-known/jwks.json', host)).status, 200, host);
    }
    for (const path of ['/.well-known/jwks.json', '/demo/', '/userinfo']) {
      const answer = await raw(port(), 'GET', path, `rebound.example:${port()}`);
      assert.equal(answer.status, 403, path);
      assert.match(answer.headers, /Referrer-Policy: no-referrer/i);
    }
  });
});

describe('M5: the stand-alone server', () => {
  let loopback: MockServer;
  let issued: MockServer;
  before(async () => {
    loopback = await startMockServer({ handlers: createHandlers(createTenant()), port: 0, host: '127.0.0.1' });
    issued = await startMockServer({
      handlers: createHandlers(createTenant()),
      port: 0,
      host: '127.0.0.1',
      issuer: new URL('https://auth.example.test/'),
    });
  });
  after(async () => {
    await loopback.close();
    await issued.close();
  });

  test('bound to loopback: loopback Host names only, on every path', async () => {
    assert.equal((await raw(loopback.port, 'GET', '/.well-known/jwks.json', `localhost:${loopback.port}`)).status, 200);
    for (const path of ['/.well-known/jwks.json', '/authorize', '/nothing-here', '/__mock/settings']) {
      assert.equal((await raw(loopback.port, 'GET', path, `rebound.example:${loopback.port}`)).status, 403, path);
    }
  });

  test('a Host that is no plain name → 400, before routing', async () => {
    assert.equal((await raw(loopback.port, 'POST', '/.well-known/jwks.json', 'x/__mock/reset?')).status, 400);
  });

  test('--issuer adds its host name', async () => {
    assert.equal((await raw(issued.port, 'GET', '/.well-known/jwks.json', 'auth.example.test')).status, 200);
    assert.equal((await raw(issued.port, 'GET', '/.well-known/jwks.json', `localhost:${issued.port}`)).status, 200);
    assert.equal((await raw(issued.port, 'GET', '/.well-known/jwks.json', 'other.example.test')).status, 403);
  });

  test('the 404 carries Referrer-Policy: no-referrer', async () => {
    const answer = await raw(loopback.port, 'GET', '/nothing-here', `127.0.0.1:${loopback.port}`);
    assert.equal(answer.status, 404);
    assert.match(answer.headers, /Referrer-Policy: no-referrer/i);
  });
});

describe('framing: the sign-in page as Auth0 guards it, the silent answer framable', () => {
  const tenant = createTenant();
  const handlers = createHandlers(tenant);
  const authorize = (extra: Record<string, string>, cookie?: string) => {
    const query = new URLSearchParams({ client_id: DEMO_CLIENT_ID, redirect_uri: 'http://localhost:8000/account', response_type: 'code', state: 's', ...extra });
    return getResponse(handlers, new Request(`https://tenant.example.com/authorize?${query}`, { headers: cookie ? { Cookie: cookie } : {} }));
  };

  test('the sign-in page and its error page: framed only by their own origin and loopback pages', async () => {
    for (const answer of [await authorize({}), await authorize({ redirect_uri: 'https://evil.example/' })]) {
      assert.equal(answer!.headers.get('Content-Security-Policy'), "frame-ancestors 'self' http://localhost:* http://127.0.0.1:* http://[::1]:*");
    }
  });

  test('prompt=none with web_message (auth0-spa-js\' hidden iframe) is framable by the application', async () => {
    const session = tenant.createSession('auth0|alice0001', tenant.now());
    const answer = (await authorize({ prompt: 'none', response_mode: 'web_message' }, `auth0=${session.id}`))!;
    assert.equal(answer.status, 200);
    assert.match(await answer.text(), /authorization_response/);
    assert.equal(answer.headers.get('X-Frame-Options'), null);
    assert.equal(answer.headers.get('Content-Security-Policy'), null);
  });
});
