import { LinkerError } from './errors.js';
import { decodeJwt, stringList } from './jwt.js';

/** What the second account's ID token must say before it is sent to Auth0 as `link_with`. */
export interface IdTokenExpectations {
  /** `https://DOMAIN/` (the tenant's origin with a trailing slash). */
  issuer: string;
  clientId: string;
  nonce: string;
  /** Seconds; when set, `auth_time` must be present and this recent (plus leeway). */
  maxAge?: number;
  /** Seconds since the epoch. */
  now?: number;
  /** Clock skew allowed, in seconds (auth0-spa-js uses 60). */
  leeway?: number;
}

export interface IdTokenClaims {
  sub: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
}

const refuse = (detail: string): never => {
  throw new LinkerError('bad-response', 'idTokenInvalid', detail);
};

/**
 * The checks a browser can make on an ID token it just got from the token endpoint (the
 * signature is Auth0's to check when it receives `link_with`): alg, iss, aud/azp, nonce, exp, iat
 * and auth_time against max_age. Throws `bad-response` naming the failed claim.
 */
export function checkIdToken(idToken: unknown, expected: IdTokenExpectations): IdTokenClaims {
  if (typeof idToken !== 'string' || !idToken) return refuse('no ID token in the answer');
  const decoded = decodeJwt(idToken);
  if (!decoded) return refuse('the ID token is not a JWT');
  const { header, payload } = decoded;
  const now = expected.now ?? Math.floor(Date.now() / 1000);
  const leeway = expected.leeway ?? 60;
  if (header['alg'] !== 'RS256') return refuse('the ID token is not signed with RS256');
  if (payload['iss'] !== expected.issuer) return refuse('the ID token has the wrong issuer (iss)');
  const sub = payload['sub'];
  if (typeof sub !== 'string' || !sub) return refuse('the ID token has no subject (sub)');
  const audiences = stringList(payload['aud']);
  if (!audiences.includes(expected.clientId)) return refuse('the ID token is for another application (aud)');
  if (audiences.length > 1 && payload['azp'] !== expected.clientId) return refuse('the ID token has the wrong azp');
  if (payload['nonce'] !== expected.nonce) return refuse('the ID token does not answer this request (nonce)');
  const exp = payload['exp'];
  if (typeof exp !== 'number' || exp + leeway < now) return refuse('the ID token has expired (exp)');
  const iat = payload['iat'];
  if (typeof iat !== 'number') return refuse('the ID token has no issue time (iat)');
  // Issued "in the future" beyond the clock skew: not an answer to a request made just now.
  if (iat - leeway > now) return refuse('the ID token was issued in the future (iat)');
  const nbf = payload['nbf'];
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf - leeway > now)) return refuse('the ID token is not valid yet (nbf)');
  const authTime = payload['auth_time'];
  // Asked with max_age, the answer must say when the person signed in (OIDC Core 3.1.2.1).
  if (expected.maxAge !== undefined) {
    if (typeof authTime !== 'number' || authTime + expected.maxAge + leeway < now) {
      return refuse('the sign-in is not recent enough (auth_time)');
    }
  }
  const email = typeof payload['email'] === 'string' ? payload['email'] : undefined;
  const name = typeof payload['name'] === 'string' ? payload['name'] : undefined;
  return {
    sub,
    emailVerified: payload['email_verified'] === true,
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
  };
}
