/// <reference types="node" />
// Shared setup for the mock's Node tests: a fresh tenant per file behind msw/node, reset before
// each test, and small helpers that drive /authorize as the mock page's form would.
import { after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import { createHandlers, createTenant, DEMO_CLIENT_ID, type Tenant } from '../../src/mock/index.js';
import { base64urlDecode, base64urlEncode, decodeJwt, type Jwks } from '../../src/mock/tokens.js';

export const ORIGIN = 'https://tenant.example.com';
export const REDIRECT_URI = 'http://localhost:8000/account';

export function useMockTenant(): Tenant {
  const tenant = createTenant();
  const server = setupServer(...createHandlers(tenant));
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => tenant.reset());
  after(() => server.close());
  return tenant;
}

export const url = (path: string, query: Record<string, string> = {}) => {
  const result = new URL(path, ORIGIN);
  for (const [name, value] of Object.entries(query)) result.searchParams.set(name, value);
  return result.href;
};

export const authorizeQuery = (extra: Record<string, string> = {}) => ({
  response_type: 'code',
  client_id: DEMO_CLIENT_ID,
  redirect_uri: REDIRECT_URI,
  scope: 'openid',
  state: 'state-123',
  ...extra,
});

export const getAuthorize = (query: Record<string, string>) => fetch(url('/authorize', query), { redirect: 'manual' });

/** GET /authorize that must show the page; returns its HTML and transaction id. */
export async function openAuthorizePage(extra: Record<string, string> = {}) {
  const response = await getAuthorize(authorizeQuery(extra));
  const html = await response.text();
  assert.equal(response.status, 200, html);
  const tx = /name="tx" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(tx, 'the page carries a transaction id');
  return { html, tx };
}

export const decide = (fields: Record<string, string>) =>
  fetch(url('/authorize/decision'), { method: 'POST', redirect: 'manual', body: new URLSearchParams(fields) });

/** The query of a 302 to the redirect_uri (asserts the redirect goes there). */
export function redirectParams(response: Response): URLSearchParams {
  assert.equal(response.status, 302);
  const location = new URL(response.headers.get('Location') ?? '');
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI);
  return location.searchParams;
}

/** Authorize → choose `identity` on the page → the code from the redirect. */
export async function loginWith(identity: string, extra: Record<string, string> = {}) {
  const { tx } = await openAuthorizePage(extra);
  const params = redirectParams(await decide({ tx, identity }));
  const code = params.get('code');
  assert.ok(code, `a code came back (${params})`);
  return code;
}

export const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url(path), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export async function pkcePair() {
  const verifier = base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64urlEncode(new Uint8Array(digest)) };
}

export const exchange = (fields: Record<string, string>) =>
  postJson('/oauth/token', { grant_type: 'authorization_code', client_id: DEMO_CLIENT_ID, redirect_uri: REDIRECT_URI, ...fields });

/** A second login as `identity` (management flow, PKCE + nonce): its tokens. */
export async function secondaryLogin(identity: string) {
  const { verifier, challenge } = await pkcePair();
  const code = await loginWith(identity, { code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n-1' });
  const response = await exchange({ code, code_verifier: verifier });
  assert.equal(response.status, 200);
  return (await response.json()) as { access_token: string; id_token: string };
}

export const identityIds = (identities: Array<{ provider: string; user_id: string | number }>) =>
  identities.map((i) => `${i.provider}|${i.user_id}`);

/** An Authentication API error answer: status, JSON, `{error, error_description}`. */
export async function expectAuthError(response: Response, status: number, error: string, description?: string) {
  assert.equal(response.status, status);
  assert.match(response.headers.get('Content-Type') ?? '', /^application\/json/);
  const body = await response.json();
  assert.equal(body.error, error);
  assert.equal(typeof body.error_description, 'string');
  if (description) assert.equal(body.error_description, description);
}

/** Verifies an RS256 JWS against the tenant's published JWKS, as a relying party would. */
export async function verifyWithJwks(token: string): Promise<boolean> {
  const jwt = decodeJwt(token)!;
  const jwks = (await (await fetch(url('/.well-known/jwks.json'))).json()) as Jwks;
  const jwk = jwks.keys.find((k) => k.kid === jwt.header.kid);
  assert.ok(jwk, 'the kid is published');
  const key = await crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  const [h, p, s] = token.split('.') as [string, string, string];
  return crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, base64urlDecode(s), new TextEncoder().encode(`${h}.${p}`));
}
