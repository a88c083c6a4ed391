// msw handlers that stand in for an Auth0 tenant. Routes match the exact pathname on ANY origin:
// the tenant is https://tenant.example.com under the service worker and http://localhost:PORT
// behind the dev server. Status codes and error bodies follow /work/shared/reference/protocol.md.
import { http, HttpResponse, type HttpCustomPredicate, type PathParams, type RequestHandler } from 'msw';
import { renderAuthorizePage, renderErrorPage, renderFormPostPage, renderWebMessagePage } from './authorize-page.js';
import { isAllowedBy } from './allowed-urls.js';
import {
  grantedScopes,
  type MockIdentity,
  type MockUser,
} from './seed.js';
import {
  ACCESS_TOKEN_LIFETIME,
  createTenant,
  faultProblem,
  splitCompositeId,
  type AccessTokenRecord,
  type AuthorizeTransaction,
  type Fault,
  type FaultSpec,
  type LinkResult,
  type Tenant,
} from './store.js';
import { base64urlEncode, decodeJwt, type JsonObject } from './tokens.js';

/** Exact paths the mock answers, and prefixes of its parameterised paths (for hosts that filter). */
export const MOCK_PATHS = [
  '/authorize',
  '/authorize/decision',
  '/oauth/token',
  '/userinfo',
  '/unlink',
  '/login/unlink',
  '/v2/logout',
  '/.well-known/jwks.json',
  '/.well-known/openid-configuration',
  '/__mock/reset',
  '/__mock/settings',
  '/__mock/fault',
] as const;
/** The mock's own controls: never answered by an injected fault, so a test can always recover. */
export const CONTROL_PATHS: readonly string[] = ['/__mock/reset', '/__mock/settings', '/__mock/fault'];
const MOCK_PREFIXES = ['/api/v2/users/', '/__mock/avatar/'];

export const isMockPath = (pathname: string) =>
  (MOCK_PATHS as readonly string[]).includes(pathname) || MOCK_PREFIXES.some((p) => pathname.startsWith(p));

const ID_TOKEN_LIFETIME = 36000;
const NO_STORE = { 'Cache-Control': 'no-store' };
const STATUS_TEXT: Record<number, string> = {
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

type Params = Record<string, string | readonly string[] | undefined>;
type Resolver = (request: Request, params: Params) => Response | Promise<Response>;

const param = (params: Params, name: string) => {
  const value = params[name];
  return typeof value === 'string' ? value : '';
};

// ---- responses ------------------------------------------------------------------------------

/** Keeps the page's URL (codes, states, tokens in legacy links) out of Referer headers. */
const REFERRER_POLICY = 'no-referrer';

/**
 * CORS as Auth0 answers it: an allowed web origin of one of the tenant's applications is echoed;
 * any other origin (and a request without one) gets no CORS headers. The answer depends on
 * `Origin`, so every response says so to caches.
 */
function withCors(response: Response, request: Request, allowed: (origin: string) => boolean): Response {
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

function preflight(request: Request, allowed: (origin: string) => boolean): Response {
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

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  HttpResponse.json(body as JsonObject, { status, headers });

/** Authentication API errors: `{error, error_description}`. */
const oauthError = (status: number, error: string, description: string, headers: Record<string, string> = {}) =>
  json({ error, error_description: description }, status, { ...NO_STORE, ...headers });

/** Management API v2 errors: `{statusCode, error, message, errorCode?}`. */
const apiErrorBody = (statusCode: number, message: string, errorCode?: string) => ({
  statusCode,
  error: STATUS_TEXT[statusCode] ?? 'Error',
  message,
  ...(errorCode ? { errorCode } : {}),
});
const apiError = (statusCode: number, message: string, errorCode?: string) =>
  json(apiErrorBody(statusCode, message, errorCode), statusCode);

const htmlError = (error: string, description: string, heading?: string) =>
  HttpResponse.html(renderErrorPage(error, description, heading), { status: 400, headers: NO_STORE });

/**
 * /userinfo's 401 as recorded from Auth0: plain text `Unauthorized`; the reason travels only in
 * `WWW-Authenticate` (RFC 6750: no error code when no token came at all).
 */
const userinfoUnauthorized = (description?: string) =>
  new HttpResponse('Unauthorized', {
    status: 401,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'WWW-Authenticate': description
        ? `Bearer error="invalid_token", error_description="${description}"`
        : 'Bearer',
    },
  });

const TOKEN_PROBLEMS = {
  missing: 'Missing access token.',
  unknown: 'Invalid access token.',
  expired: 'The access token expired.',
} as const;

/** Result of /authorize: a redirect with query parameters, a web_message page for popups, or a form_post page. */
function answer(
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

// ---- request reading ------------------------------------------------------------------------

/** `Authorization: Basic …` of client_secret_basic: id and secret, each form-URL-decoded (RFC 6749 §2.3.1). */
function basicCredentials(request: Request): { clientId: string; clientSecret: string } | undefined {
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
const SESSION_COOKIE = 'auth0';
const SESSION_LIFETIME = 3 * 24 * 3600; // Auth0's default inactivity timeout: 3 days

function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('Cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

/** Over https, `SameSite=None; Secure` (a cross-site iframe must send it, as Auth0 sets it); over http, `Lax`. */
function sessionCookie(request: Request, value: string, maxAge = SESSION_LIFETIME): string {
  const secure = new URL(request.url).protocol === 'https:';
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; ${secure ? 'SameSite=None; Secure' : 'SameSite=Lax'}`;
}

const bearer = (request: Request) =>
  /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('Authorization') ?? '')?.[1];

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type JsonBody = { ok: true; value: JsonObject } | { ok: false; problem: 'content-type' | 'malformed' };

async function readJson(request: Request): Promise<JsonBody> {
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
async function readParams(request: Request): Promise<Record<string, string> | undefined> {
  const type = request.headers.get('Content-Type') ?? '';
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
    return Object.fromEntries(new URLSearchParams(await request.text()));
  }
  const body = await readJson(request);
  if (!body.ok) return undefined;
  return Object.fromEntries(Object.entries(body.value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

// ---- presenting users -----------------------------------------------------------------------

const absolute = (origin: string, picture: string) => (picture.startsWith('/') ? origin + picture : picture);

function presentIdentity(identity: MockIdentity, origin: string, idpTokens: boolean): MockIdentity {
  const { access_token, profileData, ...rest } = identity;
  return {
    ...rest,
    ...(idpTokens && access_token ? { access_token } : {}),
    ...(profileData
      ? { profileData: { ...profileData, ...(profileData.picture ? { picture: absolute(origin, profileData.picture) } : {}) } }
      : {}),
  };
}

const presentIdentities = (identities: MockIdentity[], origin: string, idpTokens = false) =>
  identities.map((identity) => presentIdentity(identity, origin, idpTokens));

function presentUser(user: MockUser, origin: string, idpTokens = false): MockUser {
  return {
    ...user,
    picture: absolute(origin, user.picture),
    identities: presentIdentities(user.identities, origin, idpTokens),
  };
}

/** OIDC `profile` claims (ID token and OIDC-conformant /userinfo). */
const profileClaims = (user: MockUser, origin: string) => ({
  name: user.name,
  nickname: user.nickname,
  picture: absolute(origin, user.picture),
  ...(user.updated_at ? { updated_at: user.updated_at } : {}),
});

/** OIDC `email` claims: `email_verified` always travels with `email`. */
const emailClaims = (user: MockUser) =>
  user.email ? { email: user.email, email_verified: user.email_verified ?? false } : {};

// ---- helpers shared by routes ---------------------------------------------------------------

const LINK_ERRORS: Record<Exclude<LinkResult, { ok: true }>['reason'], string> = {
  'primary-not-found': 'The user does not exist.',
  'secondary-not-found': 'Provided secondary account not found.',
  same: 'Main identity and the new one are the same.',
  'already-linked': 'Specified identity already exists.',
  'linked-elsewhere': 'The account is already linked to another user.',
};

/** The Management API's answer to a link (by `link_with` or by `{provider, user_id}`). */
function linkAnswer(result: LinkResult, request: Request): Response {
  if (!result.ok) {
    // Already ours, or someone else's: both are "already exists" for the Management API.
    const conflict = result.reason === 'already-linked' || result.reason === 'linked-elsewhere';
    return apiError(conflict ? 409 : 400, conflict ? 'Specified identity already exists.' : LINK_ERRORS[result.reason]);
  }
  return json(presentIdentities(result.identities, new URL(request.url).origin), 201);
}

async function pkceMatches(verifier: string, challenge: string, method: 'S256' | 'plain') {
  if (method === 'plain') return verifier === challenge;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64urlEncode(new Uint8Array(digest)) === challenge;
}

/** Scopes that need no API: what a login without `audience` can be granted. */
const OPENID_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access'];
const READ_SCOPES = ['read:users', 'read:current_user'];
const IDENTITY_SCOPES = ['update:users', 'update:current_user_identities'];

type ApiAuth = { ok: true; token: AccessTokenRecord; user: MockUser } | { ok: false; response: Response };

/** Management API checks in Auth0's order: token, scope, subject (for *:current_user), user. */
function authorizeApi(tenant: Tenant, request: Request, userId: string, scopes: string[]): ApiAuth {
  const token = bearer(request);
  // An opaque token (a login without `audience`) is refused before any lookup.
  if (token !== undefined && token.split('.').length !== 3) {
    return { ok: false, response: apiError(400, 'Bad HTTP authentication header format', 'Bearer') };
  }
  const check = tenant.checkAccessToken(token);
  if (!check.ok) {
    const message = check.reason === 'expired' ? 'Expired token received for JSON Web Token validation' : 'Invalid token';
    return { ok: false, response: apiError(401, message) };
  }
  const granted = check.token.scope.split(/\s+/);
  if (!scopes.some((scope) => granted.includes(scope))) {
    return {
      ok: false,
      response: apiError(403, `Insufficient scope, expected any of: ${scopes.join(',')}`, 'insufficient_scope'),
    };
  }
  // The first scope is the admin one (read:users / update:users): it may act on any user.
  if (!granted.includes(scopes[0]!) && userId !== check.token.sub) {
    return {
      ok: false,
      response: apiError(403, 'User to be acted on does not match subject in bearer token.', 'unowned_resource'),
    };
  }
  const user = tenant.getUser(userId);
  if (!user) return { ok: false, response: apiError(404, 'The user does not exist.', 'inexistent_user') };
  return { ok: true, token: check.token, user };
}

/** What an injected fault answers. 429 gets rate-limit headers unless the fault names its own. */
function faultResponse(fault: Fault, pathname: string, now: number): Response {
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

function avatarSvg(slug: string): string {
  const initials = slug
    .split('-')
    .map((word) => word.charAt(0).toUpperCase())
    .join('')
    .slice(0, 2);
  let hue = 0;
  for (const char of slug) hue = (hue * 31 + char.charCodeAt(0)) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img" aria-label="${initials}"><rect width="64" height="64" fill="hsl(${hue}, 45%, 40%)"/><text x="32" y="32" dy=".35em" text-anchor="middle" font-family="system-ui, sans-serif" font-size="26" fill="#fff">${initials}</text></svg>`;
}

// ---- the handlers ---------------------------------------------------------------------------

export function createHandlers(tenant: Tenant): RequestHandler[] {
  const routes: Array<['get' | 'post' | 'delete', string, Resolver]> = [];
  const route = (method: 'get' | 'post' | 'delete', path: string, resolve: Resolver) =>
    routes.push([method, path, resolve]);

  /** Access token (opaque without `audience`), and an ID token when `openid` was granted, for a user login. */
  async function issueTokens(
    user: MockUser,
    options: { clientId: string; scope: string; origin: string; authTime?: number; nonce?: string; audience?: string; sid?: string },
  ): Promise<Record<string, unknown>> {
    const { clientId, scope, origin, authTime, nonce, audience, sid } = options;
    const issuer = `${origin}/`;
    const scopes = scope.split(/\s+/);
    const body: Record<string, unknown> = {
      access_token: await tenant.grantAccessToken(user.user_id, {
        scope,
        azp: clientId,
        issuer,
        audience,
        userinfo: scopes.includes('openid'),
      }),
    };
    if (scopes.includes('openid')) {
      const iat = tenant.now();
      body.id_token = await tenant.signingKey.sign({
        iss: issuer,
        sub: user.user_id,
        aud: clientId,
        iat,
        exp: iat + ID_TOKEN_LIFETIME,
        ...(authTime !== undefined ? { auth_time: authTime } : {}),
        ...(nonce ? { nonce } : {}),
        ...(sid ? { sid } : {}),
        ...(scopes.includes('profile') ? profileClaims(user, origin) : {}),
        ...(scopes.includes('email') ? emailClaims(user) : {}),
      });
    }
    return body;
  }

  route('get', '/authorize', (request) => {
    const url = new URL(request.url);
    const q = (name: string) => url.searchParams.get(name) || undefined;
    // Until client and redirect_uri are trusted, errors are shown here, never redirected.
    const clientId = q('client_id');
    if (!clientId) return htmlError('invalid_request', 'Missing required parameter: client_id');
    const client = tenant.findClient(clientId);
    // A machine-to-machine client has no login: Auth0 refuses it at /authorize too.
    if (!client || !client.grant_types.includes('authorization_code')) {
      return htmlError('invalid_request', `Unknown client: ${clientId}`);
    }
    const redirectUri = q('redirect_uri');
    if (!redirectUri) return htmlError('invalid_request', 'Missing required parameter: redirect_uri');
    if (!isAllowedBy(client.callbacks, redirectUri)) {
      return htmlError(
        'callback_mismatch',
        `The provided redirect_uri is not in the list of allowed callback URLs: ${redirectUri}`,
        'Callback URL mismatch.',
      );
    }
    const state = q('state');
    const mode = q('response_mode') ?? 'query';
    const responseMode = mode === 'web_message' || mode === 'form_post' ? mode : 'query';
    const fail = (error: string, description: string) =>
      answer({ redirectUri, responseMode, state }, { error, error_description: description });

    if (mode !== responseMode) return fail('invalid_request', `Unsupported response_mode: ${mode}`);
    const responseType = q('response_type');
    if (!responseType) return fail('invalid_request', 'Missing required parameter: response_type');
    if (responseType !== 'code') return fail('unsupported_response_type', `Unsupported response type: ${responseType}`);
    const codeChallenge = q('code_challenge');
    const method = q('code_challenge_method') ?? (codeChallenge ? 'plain' : undefined);
    if (method !== undefined && method !== 'S256' && method !== 'plain') {
      return fail('invalid_request', `Unsupported code_challenge_method: ${method}`);
    }
    if (method && !codeChallenge) return fail('invalid_request', 'Missing required parameter: code_challenge');
    const connection = q('connection');
    if (connection && !tenant.connections().includes(connection)) {
      return fail('invalid_request', `The connection was not found: ${connection}`);
    }
    // The only API on the mock is the Management API; without an audience the access token is
    // opaque and carries the OpenID scopes only (Auth0 drops API scopes it cannot attach to an API).
    const audience = q('audience');
    if (audience !== undefined && audience !== `${url.origin}/api/v2/`) {
      return fail('access_denied', `Service not found: ${audience}`);
    }
    const allowed = audience ? client.scopes : client.scopes.filter((s) => OPENID_SCOPES.includes(s));
    const scope = grantedScopes(q('scope') ?? 'openid', allowed);
    const prompts = q('prompt')?.split(' ') ?? [];
    const silent = prompts.includes('none');
    // Single sign-on: with a login session, a code at once for the session's user (`prompt=none`
    // always; otherwise unless the request demands credentials: `prompt=login`, a legacy link, or a
    // `max_age` the session is older than). `prompt=none` without such a session: login_required.
    const session = tenant.getSession(readCookie(request, SESSION_COOKIE));
    const maxAge = q('max_age');
    // max_age=0 (fresh credentials every time, as for a manual link) never passes without a page.
    const fresh =
      session !== undefined &&
      (maxAge === undefined || (Number(maxAge) > 0 && tenant.now() - session.authTime <= Number(maxAge)));
    const linking = url.searchParams.has('access_token');
    const connectionOk = !connection || tenant.getUser(session?.userId ?? '')?.identities[0]?.connection === connection;
    if (silent && (!fresh || linking)) return fail('login_required', 'Login required');
    if (session && fresh && !linking && (silent || (!prompts.includes('login') && connectionOk))) {
      const code = tenant.createCode({
        clientId,
        redirectUri,
        userId: session.userId,
        scope,
        audience,
        nonce: q('nonce'),
        codeChallenge,
        codeChallengeMethod: method,
        authTime: session.authTime,
        sid: session.sid,
      });
      return answer({ redirectUri, responseMode, state }, { code });
    }
    // Legacy link: the signed-in user's Auth0 access token names the primary user. With legacy
    // linking off (every real tenant) the token is ignored and the login is an ordinary one.
    let primary: MockUser | undefined;
    const accessToken = url.searchParams.get('access_token');
    if (accessToken !== null && tenant.settings().legacyLinking) {
      const check = tenant.checkAccessToken(accessToken);
      primary = check.ok ? tenant.getUser(check.token.sub) : undefined;
      if (!primary) return fail('access_denied', 'Invalid main user access_token');
    }

    const origin = url.origin;
    const choices = tenant
      // A plain sign-in offers every account's own login as well; a link page only what can be linked.
      .signInChoices({ excludeUserId: primary?.user_id, connection, databaseLogins: !primary })
      .map((c) => ({
        ...c,
        // A custom social connection (`oauth2|CONNECTION|…`) is known by its connection name.
        provider: c.identity.provider === 'oauth2' ? c.identity.connection : c.identity.provider,
        picture: absolute(origin, c.picture),
      }));
    const tx = tenant.createTransaction({
      clientId,
      redirectUri,
      responseMode,
      state,
      // Only what the client may have: a browser login never gets read:users / update:users.
      scope,
      audience,
      connection,
      nonce: q('nonce'),
      codeChallenge,
      codeChallengeMethod: method,
      primaryUserId: primary?.user_id,
      offered: choices.map((c) => c.id),
    });
    const html = renderAuthorizePage({
      tx: tx.id,
      clientName: client.name,
      connection,
      linkInto: primary,
      choices,
    });
    return HttpResponse.html(html, { headers: NO_STORE });
  });

  route('post', '/authorize/decision', async (request) => {
    const form = new URLSearchParams(await request.text());
    const tx = tenant.getTransaction(form.get('tx') ?? '');
    if (!tx) return htmlError('invalid_request', 'Unknown or already used transaction. Start again from the application.');
    if (form.get('action') === 'cancel') {
      tenant.takeTransaction(tx.id);
      return answer(tx, { error: 'access_denied', error_description: 'User cancelled the login' });
    }
    const identityId = form.get('identity') ?? '';
    // Only what this transaction's page offered; the transaction survives, so the page can still be used.
    const match = tx.offered?.includes(identityId) ? tenant.findIdentity(identityId) : undefined;
    if (!match) return htmlError('invalid_request', `Unknown identity: ${identityId} (not offered on this page)`);
    tenant.takeTransaction(tx.id);

    let userId = match.owner.user_id; // a login with a linked identity resolves to its primary user
    if (tx.primaryUserId) {
      const result = tenant.link(tx.primaryUserId, identityId);
      if (!result.ok) {
        return answer(tx, { error: 'access_denied', error_description: `Error linking account: ${LINK_ERRORS[result.reason]}` });
      }
      userId = tx.primaryUserId;
    }
    const authTime = tenant.now();
    // The tenant's login session (what a later prompt=none finds); replaces any earlier one.
    tenant.endSession(readCookie(request, SESSION_COOKIE));
    // A legacy link signs the primary in; any other login, the identity chosen (wherever it moves).
    const session = tenant.createSession(userId, authTime, tx.primaryUserId ? undefined : identityId);
    const code = tenant.createCode({
      clientId: tx.clientId,
      redirectUri: tx.redirectUri,
      userId,
      scope: tx.scope,
      audience: tx.audience,
      nonce: tx.nonce,
      codeChallenge: tx.codeChallenge,
      codeChallengeMethod: tx.codeChallengeMethod,
      authTime,
      sid: session.sid,
    });
    const response = answer(tx, { code });
    response.headers.append('Set-Cookie', sessionCookie(request, session.id));
    return response;
  });

  route('post', '/oauth/token', async (request) => {
    const params = await readParams(request);
    if (!params) return oauthError(400, 'invalid_request', 'The body must be JSON or application/x-www-form-urlencoded.');
    const { grant_type, code, redirect_uri, code_verifier } = params;
    if (!grant_type) return oauthError(400, 'invalid_request', 'Missing required parameter: grant_type');
    if (grant_type !== 'authorization_code' && grant_type !== 'client_credentials' && grant_type !== 'refresh_token') {
      return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grant_type}`);
    }
    // client_secret_basic: `Authorization: Basic base64(client_id:client_secret)` (form-encoded parts).
    const basic = basicCredentials(request);
    const client_id = basic?.clientId ?? params.client_id;
    if (!client_id) return oauthError(400, 'invalid_request', 'Missing required parameter: client_id');
    const client = tenant.findClient(client_id);
    if (!client) return oauthError(401, 'invalid_client', `Unknown client: ${client_id}`);
    if (client.client_secret !== undefined) {
      // A confidential client authenticates with its secret, in the body or by Basic (not both ways differently).
      const secret = basic?.clientSecret ?? params.client_secret;
      if (!secret) return oauthError(401, 'invalid_client', 'Client authentication is required');
      if (secret !== client.client_secret) return oauthError(401, 'invalid_client', 'Invalid client credentials');
    }
    if (!client.grant_types.includes(grant_type)) {
      return oauthError(403, 'unauthorized_client', `Grant type '${grant_type}' not allowed for the client.`);
    }
    const origin = new URL(request.url).origin;
    const issuer = `${origin}/`;
    if (grant_type === 'client_credentials') {
      const audience = params.audience;
      if (!audience) return oauthError(400, 'invalid_request', 'Missing required parameter: audience');
      if (audience !== `${origin}/api/v2/`) {
        return oauthError(403, 'access_denied', `Service not found: ${audience}`);
      }
      // Everything the client grant allows for this API (Auth0: Applications → APIs → permissions).
      const scope = client.scopes.join(' ');
      const access_token = await tenant.grantAccessToken(`${client_id}@clients`, {
        scope,
        azp: client_id,
        issuer,
        audience,
        gty: 'client-credentials',
      });
      return json({ access_token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME, scope }, 200, NO_STORE);
    }
    if (grant_type === 'refresh_token') {
      const token = params.refresh_token;
      if (!token) return oauthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
      const refresh = tenant.takeRefreshToken(token); // rotation: single use; a reused one revokes its family
      const owner = refresh && refresh.clientId === client_id ? tenant.getUser(refresh.userId) : undefined;
      if (!refresh || !owner) return oauthError(403, 'invalid_grant', 'Unknown or invalid refresh token.');
      // A narrower `scope` may be asked for; never a wider one.
      const scope = params.scope ? grantedScopes(params.scope, refresh.scope.split(/\s+/)) : refresh.scope;
      const body = await issueTokens(owner, {
        clientId: client_id,
        scope,
        origin,
        authTime: refresh.authTime,
        audience: refresh.audience,
        sid: refresh.sid,
      });
      body.refresh_token = tenant.createRefreshToken({ ...refresh, scope: refresh.scope });
      return json({ ...body, token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME, scope }, 200, NO_STORE);
    }
    if (!code) return oauthError(400, 'invalid_request', 'Missing required parameter: code');
    const grant = tenant.takeCode(code); // single use, even when the exchange below fails
    const user = grant && grant.clientId === client_id ? tenant.getUser(grant.userId) : undefined;
    if (!grant || !user) return oauthError(403, 'invalid_grant', 'Invalid authorization code');
    if (redirect_uri !== grant.redirectUri) {
      return oauthError(403, 'invalid_grant', 'The redirect_uri does not match the one sent to /authorize.');
    }
    if (grant.codeChallenge) {
      const ok = code_verifier && (await pkceMatches(code_verifier, grant.codeChallenge, grant.codeChallengeMethod ?? 'plain'));
      if (!ok) return oauthError(403, 'invalid_grant', 'Failed to verify code verifier');
    }

    const body = await issueTokens(user, {
      clientId: client_id,
      scope: grant.scope,
      origin,
      authTime: grant.authTime,
      nonce: grant.nonce,
      audience: grant.audience,
      sid: grant.sid,
    });
    if (grant.scope.split(/\s+/).includes('offline_access') && client.grant_types.includes('refresh_token')) {
      body.refresh_token = tenant.createRefreshToken({
        clientId: client_id,
        userId: user.user_id,
        scope: grant.scope,
        authTime: grant.authTime,
        audience: grant.audience,
        sid: grant.sid,
      });
    }
    return json({ ...body, token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME, scope: grant.scope }, 200, NO_STORE);
  });

  route('get', '/userinfo', (request) => {
    const check = tenant.checkAccessToken(bearer(request));
    if (!check.ok) return userinfoUnauthorized(check.reason === 'missing' ? undefined : TOKEN_PROBLEMS[check.reason]);
    const user = tenant.getUser(check.token.sub);
    if (!user) return userinfoUnauthorized('The user of this access token does not exist.');
    const origin = new URL(request.url).origin;
    // The legacy profile is for applications from before OIDC conformance, while the tenant still
    // plays the pre-2017 Authentication API (`legacyLinking`); every other client gets OIDC claims.
    if (tenant.findClient(check.token.azp)?.oidc_conformant !== false || !tenant.settings().legacyLinking) {
      // OIDC-conformant profile: what the token's scopes allow, no identities, no user_id.
      const scopes = check.token.scope.split(/\s+/);
      return json({
        sub: user.user_id,
        ...(scopes.includes('profile') ? profileClaims(user, origin) : {}),
        ...(scopes.includes('email') ? emailClaims(user) : {}),
      });
    }
    const { user_id, name, email, nickname, picture, identities } = presentUser(user, origin, true);
    // The legacy profile exposes IdP tokens (e.g. Google's access_token): consumers must drop them.
    return json({ user_id, sub: user_id, name, email, nickname, picture, identities });
  });

  const legacyUnlink: Resolver = async (request) => {
    const body = await readJson(request);
    if (!body.ok) {
      return oauthError(
        400,
        'invalid_request',
        body.problem === 'content-type' ? 'Content-Type must be application/json.' : 'The body must be a JSON object.',
      );
    }
    const { access_token, user_id } = body.value;
    const check = tenant.checkAccessToken(typeof access_token === 'string' ? access_token : undefined);
    if (!check.ok) return oauthError(401, 'invalid_token', TOKEN_PROBLEMS[check.reason]);
    if (user_id === undefined || user_id === null || user_id === '') {
      return oauthError(400, 'invalid_request', 'Missing required parameter: user_id');
    }
    const parts = typeof user_id === 'string' ? splitCompositeId(user_id) : undefined;
    if (!parts) return oauthError(400, 'invalid_request', 'user_id must be "provider|id".');
    const result = tenant.unlink(check.token.sub, parts.provider, parts.userId);
    if (!result.ok) {
      if (result.reason === 'main-identity') return oauthError(400, 'invalid_request', 'Main identity cannot be removed.');
      if (result.reason === 'user-not-found') return oauthError(404, 'not_found', 'The user does not exist.');
      return oauthError(404, 'not_found', `The identity ${user_id} is not linked to this user.`);
    }
    return json({ message: 'Successfully unlinked user account' });
  };
  route('post', '/unlink', legacyUnlink);
  route('post', '/login/unlink', legacyUnlink);

  route('get', '/api/v2/users/:id', (request, params) => {
    const auth = authorizeApi(tenant, request, param(params, 'id'), READ_SCOPES);
    if (!auth.ok) return auth.response;
    return json(presentUser(auth.user, new URL(request.url).origin));
  });

  route('post', '/api/v2/users/:id/identities', async (request, params) => {
    const auth = authorizeApi(tenant, request, param(params, 'id'), IDENTITY_SCOPES);
    if (!auth.ok) return auth.response;
    const body = await readJson(request);
    if (!body.ok) return apiError(400, 'Invalid request payload JSON format');
    const { link_with: linkWith, provider, user_id: secondaryUserId } = body.value;
    // Server-side linking by id: only with update:users (a client-credentials token). A browser's
    // update:current_user_identities token may only send link_with (Auth0, 2018-10-19): its
    // `{provider, user_id}` gets the 400 below.
    if (linkWith === undefined && provider !== undefined && auth.token.scope.split(/\s+/).includes('update:users')) {
      if (typeof provider !== 'string' || !provider) {
        return apiError(400, "Payload validation error: 'Expected type string but found type " + typeof provider + "' on property provider.", 'invalid_body');
      }
      if ((typeof secondaryUserId !== 'string' && typeof secondaryUserId !== 'number') || secondaryUserId === '') {
        return apiError(400, "Payload validation error: 'Missing required property: user_id'.", 'invalid_body');
      }
      const result = tenant.link(auth.user.user_id, `${provider}|${secondaryUserId}`);
      return linkAnswer(result, request);
    }
    if (typeof linkWith !== 'string' || !linkWith) {
      return apiError(400, "Payload validation error: 'Missing required property: link_with'.", 'invalid_body');
    }
    // "(inferred)" messages below: Auth0 documents the rule, not the wording.
    const jwt = decodeJwt(linkWith);
    if (!jwt) return apiError(400, 'JWT (link_with) is malformed.');
    if (jwt.header.alg !== 'RS256') return apiError(400, 'JWT (link_with) must have an alg of RS256.');
    if (!(await tenant.signingKey.verify(linkWith))) return apiError(400, 'JWT (link_with) has an invalid signature.');
    const { aud, exp, sub } = jwt.payload;
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(auth.token.azp)) {
      return apiError(400, "JWT (link_with) audience must match the bearer token's azp.");
    }
    if (typeof exp !== 'number' || exp <= tenant.now()) return apiError(400, 'JWT (link_with) has expired.');
    return linkAnswer(tenant.link(auth.user.user_id, typeof sub === 'string' ? sub : ''), request);
  });

  route('delete', '/api/v2/users/:id/identities/:provider/:user_id', (request, params) => {
    const auth = authorizeApi(tenant, request, param(params, 'id'), IDENTITY_SCOPES);
    if (!auth.ok) return auth.response;
    // msw hands over the path segments URL-decoded: `auth0%7Cx` → `auth0|x`.
    const result = tenant.unlink(auth.user.user_id, param(params, 'provider'), param(params, 'user_id'));
    if (!result.ok) {
      return result.reason === 'main-identity'
        ? apiError(400, 'Main identity cannot be removed.')
        : apiError(404, 'The identity does not exist.');
    }
    return json(presentIdentities(result.identities, new URL(request.url).origin));
  });

  // RP-initiated logout: ends the session; `returnTo` must be one of the client's allowed logout
  // URLs, else Auth0's error page.
  route('get', '/v2/logout', (request) => {
    const url = new URL(request.url);
    const returnTo = url.searchParams.get('returnTo') || undefined;
    const clientId = url.searchParams.get('client_id') || undefined;
    const client = clientId === undefined ? undefined : tenant.findClient(clientId);
    if (clientId !== undefined && !client) return htmlError('invalid_request', `Unknown client: ${clientId}`);
    // Without client_id Auth0 checks the tenant's own list; the mock: any application's.
    const logoutUrls = client ? client.allowed_logout_urls : tenant.clients().flatMap((c) => c.allowed_logout_urls);
    if (returnTo !== undefined && !isAllowedBy(logoutUrls, returnTo)) {
      return htmlError(
        'invalid_request',
        `The "returnTo" querystring parameter "${returnTo}" is not defined as a valid URL in "Allowed Logout URLs".`,
      );
    }
    tenant.endSession(readCookie(request, SESSION_COOKIE));
    const headers = new Headers(NO_STORE);
    headers.append('Set-Cookie', sessionCookie(request, '', 0));
    if (returnTo === undefined) {
      headers.set('Content-Type', 'text/html; charset=utf-8');
      return new HttpResponse('<!doctype html><title>Logged out</title><p>You are logged out.</p>', { status: 200, headers });
    }
    headers.set('Location', returnTo);
    return new HttpResponse(null, { status: 302, headers });
  });

  route('get', '/.well-known/jwks.json', async () => json(await tenant.signingKey.jwks()));

  // OIDC discovery, the fields an Auth0 tenant lists that the mock serves (no end_session_endpoint:
  // Auth0 lists one only when RP-initiated logout is enabled).
  route('get', '/.well-known/openid-configuration', (request) => {
    const origin = new URL(request.url).origin;
    return json({
      issuer: `${origin}/`,
      authorization_endpoint: `${origin}/authorize`,
      token_endpoint: `${origin}/oauth/token`,
      userinfo_endpoint: `${origin}/userinfo`,
      jwks_uri: `${origin}/.well-known/jwks.json`,
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'web_message', 'form_post'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      code_challenge_methods_supported: ['S256', 'plain'],
      claims_supported: ['aud', 'auth_time', 'email', 'email_verified', 'exp', 'iat', 'iss', 'name', 'nickname', 'nonce', 'picture', 'sub', 'updated_at'],
      request_uri_parameter_supported: false,
    });
  });

  route('get', '/__mock/avatar/:file', (_request, params) => {
    const slug = /^([a-z0-9-]{1,40})\.svg$/.exec(param(params, 'file'))?.[1];
    if (!slug) return new HttpResponse('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    return new HttpResponse(avatarSvg(slug), {
      headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' },
    });
  });

  const noContent = () => new HttpResponse(null, { status: 204 });
  const controlError = (description: string) => oauthError(400, 'invalid_request', description);

  route('post', '/__mock/reset', () => {
    tenant.reset();
    return noContent();
  });

  route('get', '/__mock/settings', () => json(tenant.settings(), 200, NO_STORE));

  route('post', '/__mock/settings', async (request) => {
    const body = await readJson(request);
    if (!body.ok) return controlError('The body must be a JSON object.');
    const unknown = Object.keys(body.value).filter((key) => key !== 'legacyLinking');
    if (unknown.length) return controlError(`Unknown setting: ${unknown.join(', ')}`);
    const { legacyLinking } = body.value;
    if (legacyLinking !== undefined && typeof legacyLinking !== 'boolean') return controlError('legacyLinking must be a boolean.');
    tenant.configure(legacyLinking === undefined ? {} : { legacyLinking });
    return noContent();
  });

  route('post', '/__mock/fault', async (request) => {
    const body = await readJson(request);
    if (!body.ok) return controlError('The body must be a JSON object.');
    const problem = faultProblem(body.value);
    if (problem) return controlError(problem);
    tenant.addFault(body.value as unknown as FaultSpec);
    return noContent();
  });

  route('delete', '/__mock/fault', () => {
    tenant.clearFaults();
    return noContent();
  });

  /** A pending fault for this request answers instead of the route (never for the controls). */
  const faulted = (request: Request): Response | undefined => {
    const { pathname } = new URL(request.url);
    if (CONTROL_PATHS.includes(pathname)) return undefined;
    const fault = tenant.takeFault(request.method, pathname);
    return fault && faultResponse(fault, pathname, tenant.now());
  };

  const finish = (response: Response) => {
    response.headers.set('Referrer-Policy', REFERRER_POLICY);
    return response;
  };

  // One OPTIONS handler per path, however many methods it has.
  const paths = [...new Set(routes.map(([, path]) => path))];
  return [
    ...routes.map(([method, path, resolve]) =>
      http[method](exactPath(path), async ({ request, params }) => {
        if (CONTROL_PATHS.includes(path)) {
          // The controls: same origin only, and no CORS (a cross-origin page cannot reset the tenant).
          return finish(crossOrigin(request) ? controlRefused() : await resolve(request, params));
        }
        return finish(withCors(faulted(request) ?? (await resolve(request, params)), request, tenant.isAllowedOrigin));
      }),
    ),
    ...paths.map((path) =>
      http.options(exactPath(path), ({ request }) => {
        if (CONTROL_PATHS.includes(path)) {
          return finish(crossOrigin(request) ? controlRefused() : new HttpResponse(null, { status: 204 }));
        }
        const fault = faulted(request);
        return finish(fault ? withCors(fault, request, tenant.isAllowedOrigin) : preflight(request, tenant.isAllowedOrigin));
      }),
    ),
  ];
}

/**
 * A predicate matching exactly `pattern`'s pathname (`:name` segments are parameters, handed over
 * URL-decoded), on any origin: `/api/v2/users/x/unlink` is not `/unlink`.
 */
function exactPath(pattern: string): HttpCustomPredicate<PathParams> {
  const parts = pattern.split('/');
  return ({ request }) => {
    const segments = new URL(request.url).pathname.split('/');
    const params: Record<string, string> = {};
    const no = { matches: false, params };
    if (segments.length !== parts.length) return no;
    for (const [index, part] of parts.entries()) {
      const segment = segments[index]!;
      if (!part.startsWith(':')) {
        if (segment !== part) return no;
        continue;
      }
      if (!segment) return no;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return no;
      }
    }
    return { matches: true, params };
  };
}

/** A request another origin made (a browser sends `Origin`: a page elsewhere, or `null`). */
function crossOrigin(request: Request): boolean {
  const origin = request.headers.get('Origin');
  return origin !== null && origin !== new URL(request.url).origin;
}

const controlRefused = () =>
  oauthError(403, 'access_denied', 'The mock controls answer requests from their own origin only.');

/** The default tenant and its handlers, shared by the browser worker, Node and the dev server. */
export const tenant = createTenant();
export const handlers: RequestHandler[] = createHandlers(tenant);
