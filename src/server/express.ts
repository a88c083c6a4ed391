// The adapter for Express (4 and 5) and plain node:http: the node request becomes a Fetch Request
// (its URL built on `baseURL`, never on the Host header), the Response is written back, Set-Cookie
// headers one by one. A path that is not the handler's own goes to `next()` untouched (its body
// unread); without `next` (node:http) it gets a 404. A body already parsed by a body parser
// (express.json, express.text, express.raw) is used as parsed.
import type { Handler } from './handler.js';
import { MAX_BODY_BYTES } from './responses.js';

/** What the adapter uses of node's IncomingMessage (Express's `req`). */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  method?: string | undefined;
  url?: string | undefined;
  /** Express: the URL before any mount path was stripped. */
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Set by a body parser. */
  body?: unknown;
  readableEnded?: boolean;
}

/** What the adapter uses of node's ServerResponse (Express's `res`). */
export interface NodeResponseLike {
  statusCode: number;
  headersSent?: boolean;
  setHeader(name: string, value: string | string[]): unknown;
  end(chunk?: Uint8Array): unknown;
}

export type NodeNext = (error?: unknown) => void;

/** An Express middleware, also usable as a node:http request listener. */
export type NodeHandler = (req: NodeRequestLike, res: NodeResponseLike, next?: NodeNext) => Promise<void>;

const encoder = new TextEncoder();
/** Headers of the connection, not of the request (HTTP/1.1 §7.6.1; HTTP/2 pseudo-headers are skipped too). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection']);

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return encoder.encode(chunk);
  return new Uint8Array(0);
}

/** The body, read from the stream (at most a byte over the limit is kept) or taken from a body parser. */
async function bodyOf(req: NodeRequestLike): Promise<Uint8Array | string | undefined> {
  if (req.body !== undefined && req.body !== null) {
    if (req.body instanceof Uint8Array || typeof req.body === 'string') return req.body;
    // express.json's result: a JSON body again (an empty object when no body came at all).
    if (typeof req.body === 'object' && (Object.keys(req.body).length > 0 || req.readableEnded)) return JSON.stringify(req.body);
  }
  if (req.readableEnded) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = toBytes(chunk);
    if (size <= MAX_BODY_BYTES) chunks.push(bytes); // beyond the limit: drained, not kept
    size += bytes.byteLength;
  }
  const kept = Math.min(size, MAX_BODY_BYTES + 1);
  const out = new Uint8Array(kept);
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, kept - at);
    out.set(part, at);
    at += part.byteLength;
    if (at >= kept) break;
  }
  return out;
}

export function nodeAdapter(handler: Handler, appOrigin: string): NodeHandler {
  return async (req, res, next) => {
    try {
      const url = new URL(req.originalUrl ?? req.url ?? '/', appOrigin);
      if (url.origin !== appOrigin || !handler.owns(url.pathname)) {
        if (next) return next();
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(encoder.encode('Not found'));
        return;
      }
      const method = (req.method ?? 'GET').toUpperCase();
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (name.startsWith(':') || value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
        for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
      }
      const declared = Number(headers.get('Content-Length') ?? '0');
      const hasBody = method !== 'GET' && method !== 'HEAD';
      // A body declared larger than the limit is not read at all: the handler answers 413.
      const body = hasBody && !(declared > MAX_BODY_BYTES) ? await bodyOf(req) : undefined;
      if (body !== undefined) headers.delete('Content-Length');
      const request = new Request(url, { method, headers, ...(body !== undefined ? { body: body as BodyInit } : {}) });
      const response = await handler.fetch(request, req);
      if (!response) {
        if (next) return next();
        res.statusCode = 404;
        res.end();
        return;
      }
      res.statusCode = response.status;
      const cookies = response.headers.getSetCookie();
      response.headers.forEach((value, name) => {
        if (name.toLowerCase() !== 'set-cookie') res.setHeader(name, value);
      });
      if (cookies.length) res.setHeader('Set-Cookie', cookies);
      res.end(new Uint8Array(await response.arrayBuffer()));
    } catch (error) {
      if (next) return next(error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    }
  };
}
