import { LinkerError, isAbort, type ErrorReason } from './errors.js';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Sent as `Authorization: Bearer …`. */
  token?: string;
  /** Sent as a JSON body. */
  json?: unknown;
  /** Sent as an `application/x-www-form-urlencoded` body (the OAuth token endpoint's native form). */
  form?: Record<string, string>;
  /** When false, a successful body is not read (e.g. legacy /unlink, whose body is undocumented). */
  readBody?: boolean;
  signal?: AbortSignal;
  /**
   * Server mode: a request to the page's own server, which knows the person by its session cookie
   * (`credentials: "same-origin"`) and tells it from a cross-site one by `X-Account-Linker: 1`.
   */
  sameOrigin?: boolean;
  /** A 204 is an answer (undefined), not a malformed one. */
  emptyOk?: boolean;
  /** Gives up after this long with a `network` error (default 30 s): a hung request never spins forever. */
  timeoutMs?: number;
}

// Long enough to keep a token the server echoed whole, so the element can scrub it before it cuts.
const MAX_DETAIL = 4000;

function reasonFor(status: number): ErrorReason {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 429) return 'rateLimited';
  if (status >= 500) return 'serverError';
  return 'requestFailed';
}

/** The human part of an Auth0 error body: Authentication API or Management API shape. */
export function errorDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error_description', 'message', 'description', 'error']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, MAX_DETAIL);
  }
  return undefined;
}

/** Auth0's machine-readable code: `errorCode` (Management API) or `error` (OAuth). */
function errorCodeOf(body: unknown): { errorCode?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  // `code`: the element's own codes, as server mode's host server answers them.
  const code = record['errorCode'] ?? record['error'] ?? record['code'];
  return typeof code === 'string' && /^[\w.:-]{1,64}$/.test(code) ? { errorCode: code } : {};
}

/** `Retry-After` as seconds from now (delta-seconds or an HTTP date), when the server sent one. */
function retryAfterOf(response: Response): { retryAfter?: number } {
  const value = response.headers.get('Retry-After')?.trim();
  if (!value) return {};
  const seconds = /^\d+$/.test(value) ? Number(value) : Math.ceil((Date.parse(value) - Date.now()) / 1000);
  return Number.isFinite(seconds) && seconds >= 0 && seconds < 86_400 ? { retryAfter: seconds } : {};
}

/**
 * The reason of a 401 whose body says only `Unauthorized` (Auth0's /userinfo): RFC 6750 puts it in
 * `WWW-Authenticate: Bearer error="…", error_description="…"`.
 */
function challengeDetail(response: Response): string | undefined {
  const challenge = response.headers.get('WWW-Authenticate') ?? '';
  const match = /\berror_description="([^"]{1,300})"/.exec(challenge) ?? /\berror="([^"]{1,64})"/.exec(challenge);
  return match?.[1];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The one place requests are made: every failure comes out as a typed LinkerError
 * (`network`, `http` with the status and the server's message, or `bad-response`).
 * Cookies are never sent, and nothing is logged.
 */
export async function request(url: string, options: RequestOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  if (options.sameOrigin) headers['X-Account-Linker'] = '1';
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  if (options.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';

  // One controller for both the caller's abort and the timeout.
  const controller = new AbortController();
  const outer = options.signal;
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  outer?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? 30_000);
  try {
    return await send(url, options, headers, controller.signal);
  } catch (error) {
    if (timedOut) throw new LinkerError('network', 'network', 'the request timed out');
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

async function send(url: string, options: RequestOptions, headers: Record<string, string>, signal: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
      ...(options.form ? { body: new URLSearchParams(options.form).toString() } : {}),
      credentials: options.sameOrigin ? 'same-origin' : 'omit',
      // A redirect would carry the token (and a body holding it) to wherever it points: never
      // follow one ('manual' hands it back as an opaque redirect, so it can be named as such).
      redirect: 'manual',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new LinkerError('network', 'network');
  }
  // Nothing that answers with a redirect is used, whatever it pointed to.
  if (response.type === 'opaqueredirect' || response.redirected || (response.status >= 300 && response.status < 400)) {
    throw new LinkerError('http', 'redirected', undefined, response.status || undefined);
  }

  if (!response.ok) {
    let body: unknown;
    try {
      body = parseJson(await response.text());
    } catch (error) {
      if (isAbort(error)) throw error;
    }
    throw new LinkerError('http', reasonFor(response.status), errorDetail(body) ?? challengeDetail(response), response.status, {
      ...errorCodeOf(body),
      ...retryAfterOf(response),
    });
  }

  if (options.readBody === false || (options.emptyOk && response.status === 204)) return undefined;
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new LinkerError('network', 'network');
  }
  const type = response.headers.get('Content-Type') ?? '';
  const data = parseJson(text);
  if (data === undefined || /html/i.test(type)) {
    throw new LinkerError('bad-response', 'badResponse', 'the answer is not JSON');
  }
  return data;
}
