// Dev-server host: Koa middleware for @web/dev-server and @web/test-runner that answers the mock's
// paths with the msw handlers through msw's getResponse(), so real top-level navigations to
// /authorize work (a service worker never sees a navigation to another origin).
// Koa types are declared locally: only the few members used here.
import { getResponse, type RequestHandler } from 'msw';
import { handlers as defaultHandlers, isMockPath } from './handlers.js';

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
  /** The Node request stream: the raw body. */
  req: AsyncIterable<Uint8Array>;
  status: number;
  body: unknown;
  set(field: string, value: string): void;
}

export type MockMiddleware = (ctx: MockContext, next: () => Promise<unknown>) => Promise<void>;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'expect']);
// Koa computes these itself from the body it is given.
const SKIPPED_RESPONSE_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'content-encoding']);

// Koa only sends binary bodies given as Buffer (a plain Uint8Array would be serialised as JSON).
const NodeBuffer = (globalThis as unknown as { Buffer?: { from(data: ArrayBuffer): Uint8Array } }).Buffer;

async function readBody(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function toRequest(ctx: MockContext, body: Uint8Array<ArrayBuffer> | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(ctx.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return new Request(`${ctx.protocol}://${ctx.host}${ctx.url}`, {
    method: ctx.method,
    headers,
    ...(body ? { body } : {}),
  });
}

export function mockMiddleware(handlers: RequestHandler[] = defaultHandlers): MockMiddleware {
  return async (ctx, next) => {
    // Other requests pass untouched: their bodies are never consumed here.
    if (!isMockPath(ctx.path)) return void (await next());
    const hasBody = ctx.method !== 'GET' && ctx.method !== 'HEAD';
    const request = toRequest(ctx, hasBody ? await readBody(ctx.req) : undefined);
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
