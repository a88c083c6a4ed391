/** Random values and PKCE (RFC 7636) on WebCrypto: no library, the same in browsers and Node. */

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 256 bits from the platform CSPRNG, base64url: an unguessable `state`, `nonce` or verifier. */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** `BASE64URL(SHA-256(verifier))`, the S256 `code_challenge`. */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** A fresh verifier (43 characters, the RFC's minimum entropy) and its S256 challenge. */
export async function createPkce(): Promise<Pkce> {
  const verifier = randomToken(32);
  return { verifier, challenge: await codeChallenge(verifier) };
}
