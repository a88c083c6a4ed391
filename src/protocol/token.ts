import { decodeJwt } from './jwt.js';

export type TokenProvider = () => string | Promise<string>;

// The token's checks (`checkToken`, `resolveToken`) are in token-check.ts, a chunk: a page in
// server mode, or one that gives the element its list, holds no token and never loads them.

/** The payload of a JWT-shaped token, or undefined (Auth0 tokens may be opaque). Not verified. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  return decodeJwt(token)?.payload;
}

/** The token's `sub`, used as the primary user id when nothing better is known. */
export function tokenSubject(token: string | undefined): string | undefined {
  const sub = token ? jwtClaims(token)?.['sub'] : undefined;
  return typeof sub === 'string' && sub.includes('|') ? sub : undefined;
}
