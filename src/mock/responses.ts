// What every route shares: Auth0's answer shapes (OAuth and Management API errors, the /userinfo
// 401, the /authorize result by response mode, injected faults), CORS as Auth0 answers it, and
// reading requests (JSON or form bodies, Basic credentials, the session cookie, bearer tokens).
// Status codes and error bodies are Auth0's, as its docs and recorded answers show them.
import { HttpResponse } from 'msw';
import { renderErrorPage, renderFormPostPage, renderWebMessagePage } from './authorize-page.js';
import type { AuthorizeTransaction, Fault, LinkResult } from './store.js';
import type { JsonObject } from './tokens.js';

export const NO_STORE = { 'Cache-Control': 'no-store' };
export const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Keeps the page's URL (codes, states, tokens in legacy links) out of Referer headers. */
export const REFERRER_POLICY = 'no-referrer';

// ---- responses ------------------------------------------------------------------------------

/**
 * CORS as Auth0 answers it: an allowed web origin of one of the tenant's applications is echoed;
 * any other origin (and a request without one) gets no CORS headers. The answer depends on
 * `Origin`, so every response says so to caches.
 */
export function withCors(response: Response, request: Request, allowed: (origin: string) => boolean): Response {
  const origin = request.headers.get('Origin');
  response.headers.append('Vary', 'Origin');
  if (!origin || !allowed(origin)) return response;
  response.headers.set('Access-Control-Allow-Origin', origin);
  response.headers.set(
    'Access-Control-Expose-Headers',
    'WWW-Authenticate, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
  );
  return response;
}

export function preflight(request: Request, allowed: (origin: string) => boolean): Response {
  const origin = request.headers.get('Origin');
  if (!origin || !allowed(origin)) return withCors(new HttpResponse(null, { status: 204 }), request, allowed);
  return withCors(
    new HttpResponse(null, {
      status: 204,
      headers: {
        'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': request.headers.get('Access-Control-Request-Headers') ?? 'Authorization, Content-Type',
        'Access-Control-Max-Age': '600',
      },
    }),
    request,
    allowed,
  );
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  HttpResponse.json(body as JsonObject, { status, headers });

/** Authentication API errors: `{error, error_description}`. */
export const oauthError = (status: number, error: string, description: string, headers: Record<string, string> = {}) =>
  json({ error, error_description: description }, status, { ...NO_STORE, ...headers });

/** Management API v2 errors: `{statusCode, error, message, errorCode?}`. */
export const apiErrorBody = (statusCode: number, message: string, errorCode?: string) => ({
  statusCode,
  error: STATUS_TEXT[statusCode] ?? 'Error',
  message,
  ...(errorCode ? { errorCode } : {}),
});
export const apiError = (statusCode: number, message: string, errorCode?: string) =>
  json(apiErrorBody(statusCode, message, errorCode), statusCode);

/**
 * The tenant's own pages (the sign-in page and its error page) may not be framed by a site:
 * Auth0 sends `X-Frame-Options: deny` against clickjacking. The mock allows its own origin and
 * pages of this machine (loopback), where the demo and the browser tests show the whole journey
 * in a frame (the stand-alone mock is another loopback origin than the app framing it). No
 * `X-Frame-Options`: it cannot name several origins, and `frame-ancestors` overrides it anyway.
 * The `web_message` answer, which a silent login (`prompt=none`, auth0-spa-js) loads in a hidden
 * iframe of the application, carries no such header: it must load framed by another origin.
 */
export const NO_FRAMING = {
  'Content-Security-Policy': "frame-ancestors 'self' http://localhost:* http://127.0.0.1:* http://[::1]:*",
};

export const htmlError = (error: string, description: string, heading?: string) =>
  HttpResponse.html(renderErrorPage(error, description, heading), { status: 400, headers: { ...NO_STORE, ...NO_FRAMING } });

/**
 * /userinfo's 401 as recorded from Auth0: plain text `Unauthorized`; the reason travels only in
 * `WWW-Authenticate` (RFC 6750: no error code when no token came at all).
 */
export const userinfoUnauthorized = (description?: string) =>
  new HttpResponse('Unauthorized', {
    status: 401,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'WWW-Authenticate': description
        ? `Bearer error="invalid_token", error_description="${description}"`
        : 'Bearer',
    },
  });

export const TOKEN_PROBLEMS = {
  missing: 'Missing access token.',
  unknown: 'Invalid access token.',
  expired: 'The access token expired.',
} as const;

/** Result of /authorize: a redirect with query parameters, a web_message page for popups, or a form_post page. */
export function answer(
  tx: Pick<AuthorizeTransaction, 'redirectUri' | 'responseMode' | 'state'>,
  params: Record<string, string>,
): Response {
  const response = { ...params, ...(tx.state !== undefined ? { state: tx.state } : {}) };
  if (tx.responseMode === 'form_post') {
    return HttpResponse.html(renderFormPostPage(tx.redirectUri, response), { headers: NO_STORE });
  }
  if (tx.responseMode === 'web_message') {
    return HttpResponse.html(renderWebMessagePage(new URL(tx.redirectUri).origin, response), { headers: NO_STORE });
  }
  const location = new URL(tx.redirectUri);
  for (const [name, value] of Object.entries(response)) location.searchParams.set(name, value);
  return new HttpResponse(null, { status: 302, headers: { Location: location.href, ...NO_STORE } });
}

export const LINK_ERRORS: Record<Exclude<LinkResult, { ok: true }>['reason'], string> = {
  'primary-not-found': 'The user does not exist.',
  'secondary-not-found': 'Provided secondary account not found.',
  same: 'Main identity and the new one are the same.',
  'already-linked': 'Specified identity already exists.',
  'linked-elsewhere': 'The account is already linked to another user.',
};

/** What an injected fault answers. 429 gets rate-limit headers unless the fault names its own. */
export function faultResponse(fault: Fault, pathname: string, now: number): Response {
  const headers = new Headers();
  if (fault.status === 429) {
    // Auth0 sends these with every 429; the values here are the mock's own (inferred).
    headers.set('Retry-After', '1');
    headers.set('X-RateLimit-Limit', '10');
    headers.set('X-RateLimit-Remaining', '0');
    headers.set('X-RateLimit-Reset', String(now + 1));
  }
  let body: string | null = null;
  let contentType: string | undefined;
  if (fault.body !== undefined) {
    const text = typeof fault.body === 'string';
    body = text ? (fault.body as string) : JSON.stringify(fault.body);
    contentType = text ? 'text/plain; charset=utf-8' : 'application/json';
  } else if (fault.status >= 400) {
    // Auth0-shaped defaults (inferred wording): Management errors on /api/v2, OAuth errors elsewhere.
    const limited = fault.status === 429;
    const message = limited ? 'Global limit has been reached' : (STATUS_TEXT[fault.status] ?? `HTTP ${fault.status}`);
    const code = limited ? 'too_many_requests' : (STATUS_TEXT[fault.status] ?? 'error').toLowerCase().replace(/\W+/g, '_');
    body = JSON.stringify(
      pathname.startsWith('/api/v2/')
        ? apiErrorBody(fault.status, message, limited ? code : undefined)
        : { error: code, error_description: message },
    );
    contentType = 'application/json';
  }
  if (fault.contentType) contentType = fault.contentType;
  if (contentType) headers.set('Content-Type', contentType);
  for (const [name, value] of Object.entries(fault.headers ?? {})) headers.set(name, value);
  // These statuses cannot carry a body.
  if ([204, 205, 304].includes(fault.status)) body = null;
  return new HttpResponse(body, { status: fault.status, headers });
}

// ---- request reading ------------------------------------------------------------------------

/** `Authorization: Basic …` of client_secret_basic: id and secret, each form-URL-decoded (RFC 6749 §2.3.1). */
export function basicCredentials(request: Request): { clientId: string; clientSecret: string } | undefined {
  const encoded = /^Basic\s+(\S+)\s*$/i.exec(request.headers.get('Authorization') ?? '')?.[1];
  if (!encoded) return undefined;
  let decoded: string;
  try {
    decoded = atob(encoded);
  } catch {
    return undefined;
  }
  const at = decoded.indexOf(':');
  if (at < 0) return undefined;
  const form = (value: string) => {
    try {
      return decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      return value;
    }
  };
  return { clientId: form(decoded.slice(0, at)), clientSecret: form(decoded.slice(at + 1)) };
}

/** The tenant's login-session cookie (Auth0 names its own `auth0`). */
export const SESSION_COOKIE = 'auth0';
const SESSION_LIFETIME = 3 * 24 * 3600; // Auth0's default inactivity timeout: 3 days

export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('Cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

/** Over https, `SameSite=None; Secure` (a cross-site iframe must send it, as Auth0 sets it); over http, `Lax`. */
export function sessionCookie(request: Request, value: string, maxAge = SESSION_LIFETIME): string {
  const secure = new URL(request.url).protocol === 'https:';
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; ${secure ? 'SameSite=None; Secure' : 'SameSite=Lax'}`;
}

export const bearer = (request: Request) =>
  /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('Authorization') ?? '')?.[1];

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type JsonBody = { ok: true; value: JsonObject } | { ok: false; problem: 'content-type' | 'malformed' };

export async function readJson(request: Request): Promise<JsonBody> {
  if (!/^application\/(.+\+)?json\b/i.test(request.headers.get('Content-Type') ?? '')) {
    return { ok: false, problem: 'content-type' };
  }
  try {
    const value: unknown = JSON.parse(await request.text());
    return isObject(value) ? { ok: true, value } : { ok: false, problem: 'malformed' };
  } catch {
    return { ok: false, problem: 'malformed' };
  }
}

/** /oauth/token accepts JSON or form bodies, as Auth0 does. Values must be strings. */
export async function readParams(request: Request): Promise<Record<string, string> | undefined> {
  const type = request.headers.get('Content-Type') ?? '';
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
    return Object.fromEntries(new URLSearchParams(await request.text()));
  }
  const body = await readJson(request);
  if (!body.ok) return undefined;
  return Object.fromEntries(Object.entries(body.value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
