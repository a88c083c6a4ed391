// The Management API's user routes: GET /api/v2/users/:id, POST …/identities (link_with, or
// {provider, user_id} with update:users), DELETE …/identities/:provider/:user_id, and
// GET /api/v2/users-by-email (read:users).
import { presentIdentities, presentUser } from '../present.js';
import { LINK_ERRORS, apiError, bearer, json, readJson } from '../responses.js';
import type { MockUser } from '../seed.js';
import type { AccessTokenRecord, LinkResult, Tenant } from '../store.js';
import { decodeJwt } from '../tokens.js';
import { param, route, type Route } from './route.js';

const READ_SCOPES = ['read:users', 'read:current_user'];
const IDENTITY_SCOPES = ['update:users', 'update:current_user_identities'];
/** How far ahead of the tenant's clock a `link_with` token's `iat`/`nbf` may be, in seconds. */
const CLOCK_SKEW = 60;

type ApiAuth = { ok: true; token: AccessTokenRecord; user: MockUser } | { ok: false; response: Response };

/** The bearer token's checks in Auth0's order: format, validity, then scope. */
function apiToken(
  tenant: Tenant,
  request: Request,
  scopes: string[],
): { ok: true; token: AccessTokenRecord; granted: string[] } | { ok: false; response: Response } {
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
  return { ok: true, token: check.token, granted };
}

/** Management API checks in Auth0's order: token, scope, subject (for *:current_user), user. */
function authorizeApi(tenant: Tenant, request: Request, userId: string, scopes: string[]): ApiAuth {
  const auth = apiToken(tenant, request, scopes);
  if (!auth.ok) return auth;
  // The first scope is the admin one (read:users / update:users): it may act on any user.
  if (!auth.granted.includes(scopes[0]!) && userId !== auth.token.sub) {
    return {
      ok: false,
      response: apiError(403, 'User to be acted on does not match subject in bearer token.', 'unowned_resource'),
    };
  }
  const user = tenant.getUser(userId);
  if (!user) return { ok: false, response: apiError(404, 'The user does not exist.', 'inexistent_user') };
  return { ok: true, token: auth.token, user };
}

/** The Management API's answer to a link (by `link_with` or by `{provider, user_id}`). */
function linkAnswer(result: LinkResult, request: Request): Response {
  if (!result.ok) {
    // Already ours, or someone else's: both are "already exists" for the Management API.
    const conflict = result.reason === 'already-linked' || result.reason === 'linked-elsewhere';
    return apiError(conflict ? 409 : 400, conflict ? 'Specified identity already exists.' : LINK_ERRORS[result.reason]);
  }
  return json(presentIdentities(result.identities, new URL(request.url).origin), 201);
}

/** A plausible email, as Auth0's query validation asks for one (`format: email`; the check is the mock's). */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** `fields` / `include_fields` as the Management API reads them: the user with only (or without) those fields. */
function selectFields(user: MockUser, fields: string | null, include: string | null): Partial<MockUser> {
  const names = (fields ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  if (!names.length) return user;
  const keep = include !== 'false';
  return Object.fromEntries(Object.entries(user).filter(([name]) => names.includes(name) === keep));
}

export const managementRoutes: Route[] = [
  // Users by email: an array of full user objects (identities included), `[]` when none. The email
  // is compared case-sensitively, as Auth0 documents; it stores database users' emails in lower case.
  route('get', '/api/v2/users-by-email', (request, _params, { tenant }) => {
    const auth = apiToken(tenant, request, ['read:users']);
    if (!auth.ok) return auth.response;
    const query = new URL(request.url).searchParams;
    const email = query.get('email');
    if (email === null || email === '') {
      return apiError(400, "Query validation error: 'Missing required property: email'.", 'invalid_query_string');
    }
    if (!EMAIL.test(email)) {
      return apiError(
        400,
        `Query validation error: 'Object didn't pass validation for format email: ${email}' on property email (Email address to search for (case-sensitive)).`,
        'invalid_query_string',
      );
    }
    const include = query.get('include_fields');
    if (include !== null && include !== 'true' && include !== 'false') {
      return apiError(400, "Query validation error: 'Expected type boolean but found type string' on property include_fields.", 'invalid_query_string');
    }
    const origin = new URL(request.url).origin;
    const found = tenant.users().filter((user) => user.email === email);
    return json(found.map((user) => selectFields(presentUser(user, origin), query.get('fields'), include)));
  }),


  route('get', '/api/v2/users/:id', (request, params, { tenant }) => {
    const auth = authorizeApi(tenant, request, param(params, 'id'), READ_SCOPES);
    if (!auth.ok) return auth.response;
    return json(presentUser(auth.user, new URL(request.url).origin));
  }),

  route('post', '/api/v2/users/:id/identities', async (request, params, { tenant }) => {
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
    const { aud, exp, sub, iss, nbf, iat } = jwt.payload;
    // Signed by this tenant's key is not enough: it must be this tenant's ID token (its issuer).
    if (iss !== `${new URL(request.url).origin}/`) return apiError(400, 'JWT (link_with) has an invalid issuer.');
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(auth.token.azp)) {
      return apiError(400, "JWT (link_with) audience must match the bearer token's azp.");
    }
    const now = tenant.now();
    if (typeof exp !== 'number' || exp <= now) return apiError(400, 'JWT (link_with) has expired.');
    if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now + CLOCK_SKEW)) return apiError(400, 'JWT (link_with) is not valid yet.');
    if (typeof iat !== 'number' || iat > now + CLOCK_SKEW) return apiError(400, 'JWT (link_with) has an invalid iat.');
    return linkAnswer(tenant.link(auth.user.user_id, typeof sub === 'string' ? sub : ''), request);
  }),

  route('delete', '/api/v2/users/:id/identities/:provider/:user_id', (request, params, { tenant }) => {
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
  }),
];
