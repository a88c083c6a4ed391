/// <reference types="node" />
// linker.express() in a real Express 5 app on a loopback port (and in a bare node:http server),
// driven with fetch as a browser would; the tenant is the mock in msw/node, reached over plain http
// on a loopback origin (openid-client's allowInsecureRequests and node-auth0's fetch, for a mock only).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { DEMO_USER_IDS } from '../../../src/mock/index.js';
import { accountLinker, type AccountLinker } from '../../../src/server/index.js';
import { ENDPOINT, identityIds, linkerOptions, readCookie, tenantIdentities, useTenant } from './helpers.js';

const { tenant } = useTenant();
/** A loopback http tenant: msw answers it (nothing listens there). */
const HTTP_TENANT = 'http://localhost:4999';
const ALICE = DEMO_USER_IDS.alice;

class Jar {
  readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/Max-Age=0/i.test(line) || !value) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header = () => [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Authorize page → pick → the tenant's redirect back (a callback URL on the app). */
async function pick(authorizeUrl: string, identity: string): Promise<string> {
  const html = await (await fetch(authorizeUrl)).text();
  const tx = /name="tx" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(tx, html.slice(0, 300));
  const decision = await fetch(new URL('/authorize/decision', authorizeUrl), { method: 'POST', redirect: 'manual', body: new URLSearchParams({ tx, identity }) });
  assert.equal(decision.status, 302);
  return decision.headers.get('Location')!;
}

function client(base: string, jar: Jar) {
  const send = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(new URL(path, base), {
      method,
      redirect: 'manual',
      headers: {
        'X-Account-Linker': '1',
        ...(method !== 'GET' ? { Origin: base } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        Cookie: jar.header(),
        ...headers,
      },
      ...(body !== undefined ? { body } : {}),
    });
    jar.take(response);
    return response;
  };
  return { send };
}

/** The whole journey through a running server: list, link (redirect), result, unlink. */
async function journey(base: string) {
  const jar = new Jar();
  jar.cookies.set('app_session', encodeURIComponent(ALICE));
  const { send } = client(base, jar);
  const list = await send('GET', ENDPOINT);
  assert.equal(list.status, 200);
  assert.equal(((await list.json()) as { user_id: string }).user_id, ALICE);

  const started = await send('POST', `${ENDPOINT}/link`, JSON.stringify({ returnTo: '/account', popup: false }));
  assert.equal(started.status, 200, await started.clone().text());
  const { url } = (await started.json()) as { url: string };
  assert.ok(url.startsWith(`${HTTP_TENANT}/authorize?`), url);
  assert.equal(new URL(url).searchParams.get('redirect_uri'), `${base}${ENDPOINT}/callback`);
  assert.ok([...jar.cookies.keys()].includes('account_linker_tx'), 'http loopback app: no __Secure- prefix');

  const callback = await pick(url, 'github|7654321');
  assert.ok(callback.startsWith(`${base}${ENDPOINT}/callback?`));
  const back = await fetch(callback, { redirect: 'manual', headers: { Cookie: jar.header() } });
  jar.take(back);
  assert.equal(back.status, 303, await back.clone().text());
  assert.equal(back.headers.get('Location'), `${base}/account?account_linker=done`);

  const result = await send('GET', `${ENDPOINT}/result`);
  assert.equal(result.status, 200);
  const outcome = (await result.json()) as { ok: boolean; identities: Array<{ provider: string; user_id: string }> };
  assert.equal(outcome.ok, true, JSON.stringify(outcome));
  assert.ok(identityIds(outcome.identities).includes('github|7654321'));

  const removed = await send('DELETE', `${ENDPOINT}/identities/github/7654321`);
  assert.equal(removed.status, 200);
  assert.ok(!tenantIdentities(tenant, ALICE).includes('github|7654321'));
  return { send, jar };
}

describe('Express 5', () => {
  let server: Server;
  let base: string;
  let linker: AccountLinker;
  before(async () => {
    const app = express();
    app.use(express.json());
    // The app's own session: here a cookie naming the user, read into req.userId.
    app.use((req, _res, next) => {
      (req as unknown as { userId?: string }).userId = readCookie(req.headers.cookie ?? null, 'app_session');
      next();
    });
    app.use((req, res, next) => void linker.express()(req, res, next));
    app.get('/account', (_req, res) => void res.type('text/plain').send('the account page'));
    // The app's own error handler (express.json's 400 for malformed JSON lands here, quietly).
    app.use((error: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(error.status ?? 500).json({ code: 'bad-request', message: 'The body is not valid JSON.' });
    });
    server = createServer(app);
    base = await listen(server);
    linker = accountLinker(
      linkerOptions({
        domain: HTTP_TENANT,
        baseURL: base,
        user: (_request, native) => (native as { userId?: string }).userId ?? null,
      }),
    );
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('list, link, result and unlink through express.json() and the adapter; user() gets Express req', async () => {
    await journey(base);
  });

  test("a path that is not the linker's goes on to the app's own routes", async () => {
    const response = await fetch(`${base}/account`);
    assert.equal(await response.text(), 'the account page');
    assert.equal((await fetch(`${base}/nowhere`)).status, 404);
  });

  test('a body parsed by express.json that is too big, or malformed JSON (Express answers), nothing started', async () => {
    const jar = new Jar();
    jar.cookies.set('app_session', encodeURIComponent(ALICE));
    const { send } = client(base, jar);
    const big = await send('POST', `${ENDPOINT}/link`, JSON.stringify({ returnTo: '/a', popup: false, pad: 'x'.repeat(6000) }));
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as { code: string }).code, 'bad-request');
    const bad = await send('POST', `${ENDPOINT}/link`, '{"returnTo":');
    assert.equal(bad.status, 400);
    assert.ok(!jar.cookies.has('account_linker_tx'));
  });

  test('CSRF over the wire: a cross-site POST is refused', async () => {
    const jar = new Jar();
    jar.cookies.set('app_session', encodeURIComponent(ALICE));
    const { send } = client(base, jar);
    const response = await send('POST', `${ENDPOINT}/link`, JSON.stringify({ returnTo: '/a', popup: false }), { Origin: 'https://evil.example' });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { code: string }).code, 'csrf');
  });

  test('signed out: 401 missing-token', async () => {
    const response = await fetch(`${base}${ENDPOINT}`, { headers: { 'X-Account-Linker': '1' } });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { code: string }).code, 'missing-token');
  });
});

describe('node:http without a body parser', () => {
  let server: Server;
  let base: string;
  let linker: AccountLinker;
  before(async () => {
    server = createServer((req, res) => void linker.express()(req, res));
    base = await listen(server);
    linker = accountLinker(
      linkerOptions({
        domain: HTTP_TENANT,
        baseURL: base,
        user: (request) => readCookie(request.headers.get('Cookie'), 'app_session') ?? null,
      }),
    );
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('the whole journey with the body read from the stream', async () => {
    await journey(base);
  });

  test('a chunked request body (no Content-Length) is read from the stream, within the limit', async () => {
    const { request } = await import('node:http');
    const send = (body: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(`${base}${ENDPOINT}/link`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Account-Linker': '1', Origin: base, Cookie: `app_session=${encodeURIComponent(ALICE)}` },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        // Two writes without a length: Transfer-Encoding: chunked.
        req.write(body.slice(0, 10));
        req.end(body.slice(10));
      });
    const ok = await send(JSON.stringify({ returnTo: '/account', popup: true }));
    assert.equal(ok.status, 200, ok.text);
    assert.match(ok.text, /^\{"url":"http:\/\/localhost:4999\/authorize\?/);
    const big = await send(JSON.stringify({ returnTo: '/a', popup: false, pad: 'x'.repeat(8000) }));
    assert.equal(big.status, 413, big.text);
  });

  test('other paths: 404; a streamed body over the limit: 413', async () => {
    assert.equal((await fetch(`${base}/elsewhere`)).status, 404);
    const jar = new Jar();
    jar.cookies.set('app_session', encodeURIComponent(ALICE));
    const { send } = client(base, jar);
    const big = await send('POST', `${ENDPOINT}/link`, JSON.stringify({ returnTo: '/a', popup: false, pad: 'x'.repeat(6000) }));
    assert.equal(big.status, 413);
  });
});
