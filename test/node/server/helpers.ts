/// <reference types="node" />
// Shared set-up of the server entry's tests: the mock tenant (its real handlers, in msw/node), an
// app whose session is a cookie naming the signed-in user, a small browser (a cookie jar that
// follows what the server sets), and a person's path through the mock's /authorize page.
import { after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import { getResponse, http, HttpResponse, type RequestHandler } from 'msw';
import {
  createHandlers,
  createTenant,
  DEMO_SEED,
  M2M_CLIENT_ID,
  M2M_CLIENT_SECRET,
  REGULAR_CLIENT_ID,
  REGULAR_CLIENT_SECRET,
  type Tenant,
  type TenantSeed,
} from '../../../src/mock/index.js';
import { accountLinker, type AccountLinker, type AccountLinkerOptions } from '../../../src/server/index.js';

export const TENANT = 'https://tenant.example.com';
export const APP = 'https://app.example.com';
export const ENDPOINT = '/account/identities';
export const SECRET = 'a-test-secret-of-more-than-32-characters!';
export const SESSION_COOKIE = 'app_session';

const isLoopback = (url: string) => /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(url);

/** What the mock saw and answered: every request (method, URL) and the tokens it issued. */
export interface Traffic {
  requests: Array<{ method: string; url: string }>;
  tokens: Set<string>;
}

/** The real mock handlers in msw/node, fresh before each test (the demo seed unless told). */
export interface TestTenant {
  tenant: Tenant;
  server: ReturnType<typeof setupServer>;
  traffic: Traffic;
  /** The mock's own handlers (to answer through them from a test's handler). */
  mockHandlers: RequestHandler[];
}

export function useTenant(options: { seed?: TenantSeed } = {}): TestTenant {
  const tenant = createTenant({ seed: options.seed ?? DEMO_SEED });
  const mockHandlers = createHandlers(tenant);
  const server = setupServer(...mockHandlers);
  const traffic: Traffic = { requests: [], tokens: new Set() };
  server.events.on('request:start', ({ request }) => {
    if (!isLoopback(request.url)) traffic.requests.push({ method: request.method, url: request.url });
  });
  server.events.on('response:mocked', async ({ response }) => {
    try {
      const body = (await response.clone().json()) as Record<string, unknown>;
      for (const name of ['access_token', 'id_token', 'refresh_token']) {
        if (typeof body[name] === 'string') traffic.tokens.add(body[name] as string);
      }
    } catch {
      // not JSON
    }
  });
  before(() => {
    server.listen({
      onUnhandledRequest: (request, print) => {
        if (!isLoopback(request.url)) print.error();
      },
    });
  });
  beforeEach(() => {
    tenant.reset();
    server.resetHandlers();
    traffic.requests.length = 0;
  });
  after(() => server.close());
  return { tenant, server, traffic, mockHandlers };
}

export function linkerOptions(overrides: Partial<AccountLinkerOptions> = {}): AccountLinkerOptions {
  return {
    domain: new URL(TENANT).host,
    clientId: REGULAR_CLIENT_ID,
    clientSecret: REGULAR_CLIENT_SECRET,
    management: { clientId: M2M_CLIENT_ID, clientSecret: M2M_CLIENT_SECRET, maxRetries: 0 },
    baseURL: APP,
    endpoint: ENDPOINT,
    secret: SECRET,
    user: (request) => readCookie(request.headers.get('Cookie'), SESSION_COOKIE) ?? null,
    ...overrides,
  };
}

export const makeLinker = (overrides: Partial<AccountLinkerOptions> = {}): AccountLinker => accountLinker(linkerOptions(overrides));

export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

export interface Seen {
  method: string;
  url: string;
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/**
 * A browser of the app: keeps cookies as the server sets them (Max-Age=0 deletes), sends what the
 * element sends (same origin, `X-Account-Linker: 1`), and records every answer it gets.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  readonly seen: Seen[] = [];

  constructor(readonly linker: AccountLinker, userId?: string) {
    if (userId) this.signIn(userId);
  }

  signIn(userId: string) {
    this.cookies.set(SESSION_COOKIE, encodeURIComponent(userId));
  }

  signOut() {
    this.cookies.delete(SESSION_COOKIE);
  }

  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** A request as the element sends it (override or drop headers with `headers`; null removes one). */
  async send(method: string, path: string, init: { body?: string; headers?: Record<string, string | null> } = {}): Promise<Response> {
    const headers = new Headers();
    const defaults: Record<string, string | null> = {
      'X-Account-Linker': '1',
      'Sec-Fetch-Site': 'same-origin',
      ...(method !== 'GET' ? { Origin: APP } : {}),
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...init.headers,
    };
    for (const [name, value] of Object.entries(defaults)) if (value !== null) headers.set(name, value);
    if (this.cookies.size) headers.set('Cookie', this.cookieHeader());
    const request = new Request(new URL(path, APP), { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) });
    const response = await this.linker.fetch(request);
    assert.ok(response, `the linker answers ${method} ${path}`);
    await this.record(method, request.url, response);
    return response;
  }

  /** A top-level navigation (the tenant's redirect back): no element header, cross-site. */
  async navigate(url: string): Promise<Response> {
    const headers = new Headers({ 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' });
    if (this.cookies.size) headers.set('Cookie', this.cookieHeader());
    const request = new Request(url, { headers });
    const response = await this.linker.fetch(request);
    assert.ok(response, `the linker answers ${url}`);
    await this.record('GET', url, response);
    return response;
  }

  private async record(method: string, url: string, response: Response) {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = await response.clone().text();
    this.seen.push({ method, url, status: response.status, headers: [...response.headers], body });
  }

  get = (path: string, headers: Record<string, string | null> = {}) => this.send('GET', path, { headers });
  postLink = (body: unknown, headers: Record<string, string | null> = {}) =>
    this.send('POST', `${ENDPOINT}/link`, { body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  unlink = (provider: string, userId: string, headers: Record<string, string | null> = {}) =>
    this.send('DELETE', `${ENDPOINT}/identities/${encodeURIComponent(provider)}/${encodeURIComponent(userId)}`, { headers });

  async json<T = Record<string, unknown>>(response: Response): Promise<T> {
    assert.match(response.headers.get('Content-Type') ?? '', /^application\/json/);
    return (await response.json()) as T;
  }

  /** POST /link → its authorize URL. */
  async startLink(body: Record<string, unknown> = { returnTo: '/account', popup: false }): Promise<URL> {
    const response = await this.postLink(body);
    assert.equal(response.status, 200, await response.clone().text());
    const { url } = (await response.json()) as { url: string };
    return new URL(url);
  }
}

/**
 * A person at the mock's /authorize page: opens the URL, picks `identity` (or cancels), and gets
 * the tenant's redirect back; returns the callback URL it points to.
 */
export async function signInAtTenant(authorizeUrl: URL, identity: string | 'cancel'): Promise<string> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  assert.equal(page.status, 200, html);
  const tx = /name="tx" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(tx, 'the sign-in page carries a transaction');
  if (identity !== 'cancel') assert.ok(html.includes(`data-identity="${identity}"`), `the page offers ${identity}`);
  const form: Record<string, string> = identity === 'cancel' ? { tx, action: 'cancel' } : { tx, identity };
  const decision = await fetch(new URL('/authorize/decision', authorizeUrl), { method: 'POST', redirect: 'manual', body: new URLSearchParams(form) });
  assert.equal(decision.status, 302, await decision.text());
  const location = decision.headers.get('Location');
  assert.ok(location?.startsWith(`${APP}${ENDPOINT}/callback?`), `back to the callback: ${location}`);
  return location!;
}

export const identityIds = (identities: Array<{ provider: string; user_id: string | number }>) =>
  identities.map((identity) => `${identity.provider}|${identity.user_id}`);

/** The tenant's list of `userId`'s identities, straight from the store. */
export const tenantIdentities = (tenant: Tenant, userId: string) => identityIds(tenant.getUser(userId)?.identities ?? []);

/** Decodes a JWT's payload (no checks). */
export function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * Replaces the mock's /oauth/token answer for the authorization-code grant with a changed one:
 * `change` gets the real body (id_token and all) and returns the body to send.
 */
export function alterTokenAnswer(
  mockHandlers: RequestHandler[],
  change: (body: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>,
): RequestHandler {
  return http.post(`${TENANT}/oauth/token`, async ({ request }) => {
    const params = new URLSearchParams(await request.clone().text());
    const real = await getResponse(mockHandlers, request);
    assert.ok(real);
    if (params.get('grant_type') !== 'authorization_code' || real.status !== 200) return real;
    return HttpResponse.json(await change((await real.json()) as Record<string, unknown>), { headers: { 'Cache-Control': 'no-store' } });
  });
}

/** IdP tokens as Auth0 lists them in identities for a client granted `read:user_idp_tokens`. */
export const IDP_TOKENS = {
  access_token: 'idp-access-token-must-not-leak',
  refresh_token: 'idp-refresh-token-must-not-leak',
  access_token_secret: 'idp-token-secret-must-not-leak',
  expires_in: 5183999,
} as const;

/**
 * The mock's Management API answers (users, users-by-email, link, unlink) with IdP tokens added to
 * every identity, as Auth0 answers a client granted `read:user_idp_tokens` (the mock never adds them).
 */
export function withIdpTokens(mockHandlers: RequestHandler[]): RequestHandler {
  const add = (identity: unknown) => (typeof identity === 'object' && identity !== null ? { ...identity, ...IDP_TOKENS } : identity);
  const addToUser = (user: unknown) =>
    typeof user === 'object' && user !== null && Array.isArray((user as { identities?: unknown }).identities)
      ? { ...user, identities: (user as { identities: unknown[] }).identities.map(add) }
      : user;
  return http.all(/\/api\/v2\//, async ({ request }) => {
    const real = await getResponse(mockHandlers, request);
    assert.ok(real);
    if (!real.ok) return real;
    const body: unknown = await real.json();
    const changed = Array.isArray(body) ? body.map((item) => ('provider' in (item as object) ? add(item) : addToUser(item))) : addToUser(body);
    return HttpResponse.json(changed as never, { status: real.status });
  });
}
