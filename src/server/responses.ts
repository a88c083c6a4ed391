// The JSON answers of the endpoint and the bounded reading of a request body.
import { errorBody, LinkerError, unexpected } from './errors.js';

/** The largest `POST {endpoint}/link` body accepted. */
export const MAX_BODY_BYTES = 4096;

const JSON_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Type': 'application/json; charset=utf-8',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export function json(body: unknown, status = 200, cookies: string[] = [], extra: Record<string, string> = {}): Response {
  const headers = new Headers({ ...JSON_HEADERS, ...extra });
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return new Response(JSON.stringify(body), { status, headers });
}

/** `{code, message}` with the code's status (and a tenant's `Retry-After` passed on). */
export function errorResponse(error: LinkerError, extra: Record<string, string> = {}): Response {
  return json(errorBody(error), error.status, [], { ...(error.retryAfter ? { 'Retry-After': error.retryAfter } : {}), ...extra });
}

/** A LinkerError as it is; anything else (a bug) as a 500 whose text stays on the server. */
export const asLinkerError = (error: unknown) => (error instanceof LinkerError ? error : unexpected());

/** Reads at most `limit` bytes of the body; undefined when there are more. */
export async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('Content-Length') ?? '0');
  if (declared > limit) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}
