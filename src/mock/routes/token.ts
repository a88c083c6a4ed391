// POST /oauth/token: authorization code (with PKCE or a client secret), refresh token (rotation,
// reuse detection), client credentials (the Management API token of a machine-to-machine client).
import { emailClaims, profileClaims } from '../present.js';
import { NO_STORE, basicCredentials, json, oauthError, readParams } from '../responses.js';
import { grantedScopes, type MockUser } from '../seed.js';
import { ACCESS_TOKEN_LIFETIME, type Tenant } from '../store.js';
import { base64urlEncode } from '../tokens.js';
import { route, type Route } from './route.js';

const ID_TOKEN_LIFETIME = 36000;

/**
 * A client secret compared in constant time: both sides hashed (SHA-256, so the lengths match and
 * nothing of the secret's length leaks), then every byte compared. Web Crypto only, as the
 * handlers also run in a service worker (Node's `timingSafeEqual` does the same on digests).
 */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const digest = async (text: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  let difference = 0;
  for (let index = 0; index < a.length; index += 1) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

async function pkceMatches(verifier: string, challenge: string, method: 'S256' | 'plain') {
  if (method === 'plain') return verifier === challenge;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64urlEncode(new Uint8Array(digest)) === challenge;
}

/** Access token (opaque without `audience`), and an ID token when `openid` was granted, for a user login. */
async function issueTokens(
  tenant: Tenant,
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

export const tokenRoutes: Route[] = [
  route('post', '/oauth/token', async (request, _params, { tenant }) => {
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
      if (!(await sameSecret(secret, client.client_secret))) return oauthError(401, 'invalid_client', 'Invalid client credentials');
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
      // Rotation: single use; a reused one revokes its family. Another client's token is refused
      // and left unused (its owner's next use is no reuse).
      const refresh = tenant.takeRefreshToken(token, client_id);
      const owner = refresh ? tenant.getUser(refresh.userId) : undefined;
      if (!refresh || !owner) return oauthError(403, 'invalid_grant', 'Unknown or invalid refresh token.');
      // The successor is minted at once, with no await since the check: a concurrent reuse that
      // revokes the family revokes it too.
      const successor = tenant.createRefreshToken({ ...refresh, scope: refresh.scope });
      // A narrower `scope` may be asked for; never a wider one.
      const scope = params.scope ? grantedScopes(params.scope, refresh.scope.split(/\s+/)) : refresh.scope;
      const body = await issueTokens(tenant, owner, {
        clientId: client_id,
        scope,
        origin,
        authTime: refresh.authTime,
        audience: refresh.audience,
        sid: refresh.sid,
      });
      body.refresh_token = successor;
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

    const body = await issueTokens(tenant, user, {
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
  }),
];
