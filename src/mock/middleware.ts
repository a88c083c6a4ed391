// Dev-server host: Koa middleware for @web/dev-server and @web/test-runner that answers the mock's
// paths with the msw handlers through msw's getResponse(), so real top-level navigations to
// /authorize work (a service worker never sees a navigation to another origin).
// Koa types are declared locally: only the few members used here.
import { getResponse, type RequestHandler } from 'msw';
import { CONTROL_PATHS, handlers as defaultHandlers, isMockPath } from './handlers.js';
import { isLoopbackAddress, isLoopbackHost, isPlainHost, markNetworkRequest } from './loopback.js';

export interface MockContext {
  method: string;
  /** Path and query, e.g. `/authorize?client_id=…`. */
  url: string;
  /** Path only. */
  path: string;
  protocol: string;
  /** Host and port. */
  host: string;
  headers: Record<string, string | string[] | undefined>;
  /** The Node request stream: the raw body (`httpVersionMajor` is 2 under HTTP/2) and its connection. */
  req: AsyncIterable<Uint8Array> & { httpVersionMajor?: number; socket?: { localAddress?: string } };
  status: number;
  body: unknown;
  set(field: string, value: string): void;
}

export type MockMiddleware = (ctx: MockContext, next: () => Promise<unknown>) => Promise<void>;

/** The largest request body the mock reads: 1 MB. Larger ones get 413 (nothing the mock takes is near it). */
export const MAX_BODY_BYTES = 1024 * 1024;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'expect']);
// Koa computes these itself from the body it is given.
const SKIPPED_RESPONSE_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'content-encoding']);

// Koa only sends binary bodies given as Buffer (a plain Uint8Array would be serialised as JSON).
const NodeBuffer = (globalThis as unknown as { Buffer?: { from(data: ArrayBuffer): Uint8Array } }).Buffer;

/** The body, or undefined as soon as it grows past `limit` bytes (the rest is never read). */
async function readBody(stream: AsyncIterable<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  // Not `for await`: leaving that loop early destroys the request, and with it the socket the 413
  // must go out on. The rest of the body is simply left unread.
  const iterator = stream[Symbol.asyncIterator]();
  for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
    length += step.value.byteLength;
    if (length > limit) return undefined;
    chunks.push(step.value);
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function toRequest(ctx: MockContext, target: URL, body: Uint8Array<ArrayBuffer> | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(ctx.headers)) {
    // HTTP/2 pseudo-headers (`:method`, `:path`, `:authority`, …) are no header names for `Headers`.
    if (value === undefined || name.startsWith(':') || HOP_BY_HOP.has(name.toLowerCase())) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(target, {
    method: ctx.method,
    headers,
    ...(body ? { body } : {}),
  });
}

/** 413, before (Content-Length) or while (streamed bytes) the body is read. */
function tooLarge(ctx: MockContext): void {
  ctx.body = JSON.stringify({ error: 'request_too_large', error_description: `The request body is larger than ${MAX_BODY_BYTES} bytes.` });
  ctx.status = 413;
  ctx.set('Content-Type', 'application/json');
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  // HTTP/1.1: do not drain the rest of the body, close (HTTP/2 forbids the header; its stream ends).
  if ((ctx.req.httpVersionMajor ?? 1) < 2) ctx.set('Connection', 'close');
}

/** The Host header as sent (`:authority` under HTTP/2): a host may rewrite `ctx.host`, e.g. to a public issuer. */
function sentHost(ctx: Pick<MockContext, 'headers'>): string | undefined {
  const host = ctx.headers[':authority'] ?? ctx.headers.host;
  return Array.isArray(host) ? host[0] : host;
}

/**
 * The controls answer a request made on this machine only: arrived on a loopback address, with a
 * loopback Host.
 */
function onThisMachine(ctx: MockContext): boolean {
  return isLoopbackAddress(ctx.req.socket?.localAddress) && isLoopbackHost(sentHost(ctx));
}

function refuse(ctx: Pick<MockContext, 'body' | 'status' | 'set'>, status: number, error: string, why: string): void {
  ctx.body = JSON.stringify({ error, error_description: why });
  ctx.status = status;
  ctx.set('Content-Type', 'application/json');
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
}

const controlsRefused = (ctx: MockContext, why: string) => refuse(ctx, 403, 'access_denied', why);

/** Which `Host` names a server answers: `name[:port]` as sent. */
export type HostRule = (host: string) => boolean;

/** Loopback names only (`localhost`, 127.x, `[::1]`, any port), plus `extra` hosts (`name[:port]`, e.g. a public issuer's). */
export const loopbackHosts =
  (...extra: string[]): HostRule =>
  (host) =>
    isLoopbackHost(host) || extra.some((allowed) => allowed.toLowerCase() === host.toLowerCase());

/**
 * The Host check every request of a server gets before routing: 400 when the Host (as sent, or as
 * the server reads it) is not a plain `name[:port]`, 403 when `allow` refuses the name (a page whose
 * own name was rebound to 127.0.0.1: DNS rebinding). Returns false when it answered.
 */
export function checkHost(ctx: Pick<MockContext, 'headers' | 'host' | 'body' | 'status' | 'set'>, allow?: HostRule): boolean {
  const sent = sentHost(ctx);
  if ((sent !== undefined && !isPlainHost(sent)) || !isPlainHost(ctx.host)) {
    refuse(ctx, 400, 'invalid_request', 'The Host header must be a plain host name with an optional port.');
    return false;
  }
  if (allow && !allow(sent ?? ctx.host)) {
    refuse(ctx, 403, 'access_denied', `This server answers its own host names only (loopback ones, or its issuer's), not ${sent ?? ctx.host}.`);
    return false;
  }
  return true;
}

/**
 * Koa middleware for a whole server (mount it first): every request gets `checkHost`. E.g. a demo
 * server bound to loopback: `hostGuard(loopbackHosts())`.
 */
export function hostGuard(allow?: HostRule): MockMiddleware {
  return async (ctx, next) => {
    if (checkHost(ctx, allow)) await next();
  };
}

export interface MockMiddlewareOptions {
  maxBodyBytes?: number;
  /**
   * `false` turns the controls (`/__mock/reset`, `/__mock/settings`, `/__mock/fault`) off, e.g. for
   * a server bound to a non-loopback address. On, they still answer loopback requests only.
   */
  controls?: boolean;
  /**
   * Which Host names the mock answers (e.g. `loopbackHosts()` for a server bound to loopback, so a
   * rebound DNS name cannot drive it); others get 403. Default: any plain `name[:port]`.
   */
  hosts?: HostRule;
}

export function mockMiddleware(handlers: RequestHandler[] = defaultHandlers, options: MockMiddlewareOptions = {}): MockMiddleware {
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const controls = options.controls ?? true;
  return async (ctx, next) => {
    // Other requests pass untouched: their bodies are never consumed here.
    if (!isMockPath(ctx.path)) return void (await next());
    // The URL the handlers get is built from the Host: nothing but a plain name may go into it, and
    // what is routed (a control or not) is read from that URL, never from the raw path.
    if (!checkHost(ctx, options.hosts)) return;
    let target: URL;
    try {
      if (!ctx.url.startsWith('/')) throw new TypeError('not origin-form');
      target = new URL(`${ctx.protocol}://${ctx.host}${ctx.url}`);
    } catch {
      return refuse(ctx, 400, 'invalid_request', 'The request target must be a path.');
    }
    if (!isMockPath(target.pathname)) return void (await next());
    if (CONTROL_PATHS.includes(target.pathname)) {
      if (!controls) return controlsRefused(ctx, 'The mock controls are off: this server listens on a non-loopback address.');
      if (!onThisMachine(ctx)) return controlsRefused(ctx, 'The mock controls answer on a loopback address and Host name only.');
    }
    const hasBody = ctx.method !== 'GET' && ctx.method !== 'HEAD';
    let body: Uint8Array<ArrayBuffer> | undefined;
    if (hasBody) {
      const declared = ctx.headers['content-length'];
      if (typeof declared === 'string' && Number(declared) > limit) return tooLarge(ctx);
      body = await readBody(ctx.req, limit); // a chunked body (or a lying length) is counted as it comes
      if (!body) return tooLarge(ctx);
    }
    const request = markNetworkRequest(toRequest(ctx, target, body), {
      localAddress: ctx.req.socket?.localAddress,
      host: sentHost(ctx),
    });
    const response = await getResponse(handlers, request);
    if (!response) return void (await next());

    const payload = response.body ? await response.arrayBuffer() : null;
    // Order matters in Koa: a null body turns the status into 204 and drops Content-Type, so the
    // body goes first, then the status (a 302 stays a 302), then the headers.
    ctx.body = payload === null ? null : NodeBuffer ? NodeBuffer.from(payload) : new TextDecoder().decode(payload);
    ctx.status = response.status;
    response.headers.forEach((value, name) => {
      if (!SKIPPED_RESPONSE_HEADERS.has(name)) ctx.set(name, value);
    });
  };
}
