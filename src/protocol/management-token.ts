import { isSecureUrl } from './secure-url.js';
import { LinkerError } from './errors.js';
import { decodeJwt, stringList } from './jwt.js';

/** What the primary's access token needs for client-side linking with the Management API. */
export const MANAGEMENT_SCOPES = ['read:current_user', 'update:current_user_identities'] as const;

/** `https://TENANT/api/v2/`: the audience to ask for, named in the error so a developer can copy it. */
export function managementAudience(origin: string): string {
  return `${origin}/api/v2/`;
}

/** `https://HOST/api/v2/` (or loopback http, for the mock). */
function isManagementAudience(aud: string): boolean {
  try {
    const url = new URL(aud);
    return url.pathname === '/api/v2/' && !url.search && !url.hash && isSecureUrl(url);
  } catch {
    return false;
  }
}

/**
 * Refuses, before any request, a token the Management API would refuse: opaque (a login without
 * `audience`), for another API, or without the scopes. `insufficient-scope` names what is missing.
 */
export function checkManagementToken(token: string): void {
  const claims = decodeJwt(token)?.payload;
  if (!claims) throw new LinkerError('insufficient-scope', 'tokenOpaque');
  // Any tenant's /api/v2/ (a custom domain's token names the canonical tenant host).
  if (!stringList(claims['aud']).some(isManagementAudience)) {
    throw new LinkerError('insufficient-scope', 'tokenAudience');
  }
  const granted = new Set(typeof claims['scope'] === 'string' ? claims['scope'].split(/\s+/) : stringList(claims['scp']));
  const missing = MANAGEMENT_SCOPES.filter((scope) => !granted.has(scope));
  if (missing.length) throw new LinkerError('insufficient-scope', 'tokenScopes', missing.join(' '));
}

/** `auto` mode's test: a JWT whose audience names this tenant's Management API. */
export function isManagementToken(token: string, origin: string): boolean {
  return stringList(decodeJwt(token)?.payload['aud']).includes(managementAudience(origin));
}
