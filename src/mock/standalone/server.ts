/// <reference types="node" />
// The stand-alone host: the mock tenant on its own origin, over node:http or node:https. Requests
// go through the same middleware as the dev server (body limits, controls on loopback only), so
// this file only adapts Node's request and response to it.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'msw';
import { isLoopbackAddress } from '../loopback.js';
import { checkHost, loopbackHosts, mockMiddleware, type MockContext } from '../middleware.js';

export interface MockServerOptions {
  handlers: RequestHandler[];
  port: number;
  host: string;
  /** The public URL (`--issuer`): every request is answered as if made to it (issuer, links, cookies). */
  issuer?: URL;
  tls?: { cert: string; key: string };
  /**
   * Once a request is answered, before the answer goes out: what it changed is saved before the
   * client can see it (`--state`), and it is logged.
   */
  onAnswer?: (info: { method: string; path: string; status: number; ms: number }) => void;
}

export interface MockServer {
  server: Server;
  /** The port really bound (useful with port 0). */
  port: number;
  /** What a client uses when no `issuer` was given: `http(s)://host:port/`. */
  url: URL;
  /** Whether /__mock/reset and the other controls answer (only when bound to loopback). */
  controls: boolean;
  close(): Promise<void>;
}

/** `host` as it goes in a URL: IPv6 in brackets; every-interface addresses shown as 127.0.0.1. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

type Headers = Map<string, string | string[]>;

/** Node's request as the middleware's context; the answer collects in `headers`, `status`, `body`. */
function adapt(req: IncomingMessage, base: URL, issuer: URL | undefined): { ctx: MockContext; headers: Headers } {
  const url = req.url ?? '/';
  const headers: Headers = new Map();
  const ctx: MockContext = {
    method: req.method ?? 'GET',
    url,
    path: url.split('?')[0]!,
    protocol: (issuer ?? base).protocol.slice(0, -1),
    // Without --issuer the tenant is whatever name the client used (localhost or 127.0.0.1).
    host: issuer?.host ?? req.headers.host ?? base.host,
    headers: req.headers,
    req,
    status: 404,
    body: undefined,
    set(field, value) {
      const name = field.toLowerCase();
      const before = headers.get(name);
      headers.set(name, name === 'set-cookie' && before !== undefined ? [...[before].flat(), value] : value);
    },
  };
  return { ctx, headers };
}

function send({ status, body }: MockContext, headers: Headers, res: ServerResponse): void {
  const bytes = body === undefined || body === null ? undefined : typeof body === 'string' ? Buffer.from(body) : (body as Uint8Array);
  for (const [name, value] of headers) res.setHeader(name, value);
  if (bytes) res.setHeader('Content-Length', bytes.byteLength);
  res.statusCode = status;
  res.end(bytes);
}

const notFound = (ctx: MockContext) => {
  ctx.status = 404;
  ctx.body = 'Not found';
  ctx.set('Content-Type', 'text/plain; charset=utf-8');
  ctx.set('Referrer-Policy', 'no-referrer');
};

/** Listens and resolves once bound. */
export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const { handlers, host, issuer, tls, onAnswer } = options;
  const controls = isLoopbackAddress(host) || host === 'localhost';
  // Bound to loopback, the tenant answers loopback names only (and the --issuer's): a page whose
  // own name was rebound to 127.0.0.1 cannot drive it. Bound elsewhere, any plain name.
  const hosts = controls ? loopbackHosts(...(issuer ? [issuer.host] : [])) : undefined;
  const middleware = mockMiddleware(handlers, { controls, ...(hosts ? { hosts } : {}) });
  let base = new URL(`${tls ? 'https' : 'http'}://${urlHost(host)}/`);

  const listener = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const { ctx, headers } = adapt(req, base, issuer);
    try {
      // Every path, not only the mock's: a bad or foreign Host gets 400 / 403 before routing.
      if (checkHost(ctx, hosts)) await middleware(ctx, async () => notFound(ctx));
    } catch {
      // A request no URL can be made of (a Host header like `a b`), or a body cut short.
      ctx.status = 400;
      ctx.body = 'Bad request';
      ctx.set('Content-Type', 'text/plain; charset=utf-8');
    }
    onAnswer?.({ method: ctx.method, path: ctx.path, status: ctx.status, ms: performance.now() - started });
    if (!res.headersSent && !res.destroyed) send(ctx, headers, res);
  };
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener) : createHttpServer(listener);
  // Keep-alive sockets would hold close() open until their timeout.
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  base = new URL(`${base.protocol}//${urlHost(host)}:${port}/`);
  return {
    server,
    port,
    url: base,
    controls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
