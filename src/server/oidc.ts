// The second account's sign-in, with openid-client: discovery of the tenant, the /authorize URL
// (PKCE S256, state, nonce, prompt=login, max_age=0), the code exchange with the client secret,
// and the ID token's validation: its signature by the tenant's JWKS (non-repudiation checks on),
// iss, aud, nonce, exp and auth_time against max_age=0. Plain http is allowed only for a loopback
// tenant (a mock), through openid-client's own `allowInsecureRequests`.
import * as client from 'openid-client';
import { LinkerError } from './errors.js';
import type { ResolvedOptions } from './options.js';

/** The claims of a validated ID token that linking needs. */
export interface SecondAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  verifier: string;
}

/** What the second sign-in is steered by: the connection to use, and an email for the page to pre-fill. */
export interface AuthorizationHints {
  connection?: string;
  loginHint?: string;
}

export interface Oidc {
  authorizationRequest(hints?: AuthorizationHints): Promise<AuthorizationRequest>;
  /**
   * Exchanges the code of `callbackQuery` (the callback's query string) and validates the ID
   * token; the tokens are dropped here, only the claims leave.
   */
  finish(callbackQuery: URLSearchParams, checks: { state: string; nonce: string; verifier: string }): Promise<SecondAccount>;
}

export const SCOPE = 'openid profile email';

const VALIDATION_CODES = new Set([
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_JWS_SIGNATURE_VERIFICATION_FAILED',
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_PARSE_ERROR',
  'OAUTH_UNSUPPORTED_OPERATION',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
  'OAUTH_MISSING_SERVER_METADATA',
]);

/** What a failure of discovery, the exchange or the validation means for the person. */
export function oidcFailure(error: unknown): LinkerError {
  if (error instanceof LinkerError) return error;
  if (error instanceof client.ResponseBodyError) {
    if (error.error === 'invalid_grant') {
      return new LinkerError('state-mismatch', 'Auth0 did not accept the sign-in for this session (the code is unknown, used or not issued to it).');
    }
    if (error.status === 429) {
      const retryAfter = error.response.headers.get('Retry-After') ?? undefined;
      return new LinkerError('http', 'Auth0 is receiving too many requests; try again shortly.', {
        status: 429,
        ...(retryAfter && /^\d{1,5}$/.test(retryAfter) ? { retryAfter } : {}),
      });
    }
    return new LinkerError('http', `Auth0 refused the sign-in (${error.error}).`);
  }
  if (error instanceof client.ClientError) {
    if (error.code === 'OAUTH_RESPONSE_IS_NOT_JSON') return new LinkerError('bad-response', 'Auth0 answered with something that is not JSON.');
    if (error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') return new LinkerError('http', 'Auth0 answered with an unexpected status; try again later.');
    if (error.code && VALIDATION_CODES.has(error.code)) {
      return new LinkerError('bad-response', `The other account's ID token did not pass validation: ${error.message}.`);
    }
  }
  if (error instanceof TypeError || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))) {
    return new LinkerError('network', 'Auth0 could not be reached.');
  }
  return new LinkerError('bad-response', 'The sign-in with Auth0 could not be completed.');
}

export function createOidc(options: ResolvedOptions): Oidc {
  let configuration: Promise<client.Configuration> | undefined;
  const config = () => {
    configuration ??= client
      .discovery(new URL(`${options.issuerOrigin}/`), options.clientId, undefined, client.ClientSecretPost(options.clientSecret), {
        execute: [
          // Verify the ID token's signature with the tenant's JWKS, not only trust TLS.
          client.enableNonRepudiationChecks,
          ...(options.insecureTenant ? [client.allowInsecureRequests] : []),
        ],
        timeout: options.management.timeoutInSeconds,
      })
      .catch((error: unknown) => {
        configuration = undefined; // try again on the next request
        throw error;
      });
    return configuration;
  };

  return {
    async authorizationRequest({ connection, loginHint } = {}) {
      let url: URL;
      const state = client.randomState();
      const nonce = client.randomNonce();
      const verifier = client.randomPKCECodeVerifier();
      try {
        url = client.buildAuthorizationUrl(await config(), {
          redirect_uri: options.callbackURL,
          response_type: 'code',
          scope: SCOPE,
          state,
          nonce,
          code_challenge: await client.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          prompt: 'login',
          max_age: '0',
          ...(connection ? { connection } : {}),
          ...(loginHint ? { login_hint: loginHint } : {}),
        });
      } catch (error) {
        throw oidcFailure(error);
      }
      return { url: url.href, state, nonce, verifier };
    },

    async finish(callbackQuery, checks) {
      // The URL the tenant redirected to, rebuilt from baseURL: exactly the redirect_uri sent,
      // whatever proxy the request came through.
      const current = new URL(options.callbackURL);
      for (const [name, value] of callbackQuery) current.searchParams.append(name, value);
      try {
        const tokens = await client.authorizationCodeGrant(await config(), current, {
          pkceCodeVerifier: checks.verifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          maxAge: 0,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims || typeof claims.sub !== 'string') throw new LinkerError('bad-response', 'Auth0 sent no ID token.');
        return {
          sub: claims.sub,
          ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
          ...(claims.email_verified !== undefined ? { email_verified: claims.email_verified === true } : {}),
        };
      } catch (error) {
        throw oidcFailure(error);
      }
    },
  };
}
