// JWT helpers of the mock. Runs in browsers, service workers and Node 20 alike, so it only uses
// globalThis.crypto, TextEncoder/TextDecoder and btoa/atob (no Buffer).

export type JsonObject = Record<string, unknown>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function base64urlEncode(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws on characters outside the base64url alphabet. */
export function base64urlDecode(input: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(input)) throw new TypeError('Not base64url');
  const base64 = input.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function randomId(byteLength = 16): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(byteLength)));
}

export interface DecodedJwt {
  header: JsonObject;
  payload: JsonObject;
  /** `header.payload`, the bytes the signature covers. */
  signingInput: string;
  signature: Uint8Array<ArrayBuffer>;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Decodes a compact JWS without verifying it; undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header: unknown = JSON.parse(decoder.decode(base64urlDecode(h)));
    const payload: unknown = JSON.parse(decoder.decode(base64urlDecode(p)));
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload, signingInput: `${h}.${p}`, signature: base64urlDecode(s) };
  } catch {
    return undefined;
  }
}

const encodeSegments = (header: JsonObject, payload: JsonObject) =>
  `${base64urlEncode(JSON.stringify(header))}.${base64urlEncode(JSON.stringify(payload))}`;

export interface AccessTokenClaims {
  iss: string;
  sub: string;
  /** Auth0: an array for user logins (API + /userinfo), a string for client-credentials tokens. */
  aud: string | string[];
  azp: string;
  scope: string;
  iat: number;
  exp: number;
  /** Grant type marker Auth0 adds, e.g. `client-credentials`. */
  gty?: string;
}

/**
 * A JWT-shaped access token. Like Auth0's, clients must treat it as opaque: the tenant validates it
 * by lookup, so the signature segment is a fixed or random stand-in, not a real signature.
 */
export function mockAccessToken(claims: AccessTokenClaims, signature = randomId(32)): string {
  return `${encodeSegments({ alg: 'RS256', typ: 'JWT', kid: 'mock' }, { ...claims })}.${signature}`;
}

export interface PublicJwk {
  kty: string;
  n: string;
  e: string;
  alg: 'RS256';
  use: 'sig';
  kid: string;
}

export interface Jwks {
  keys: PublicJwk[];
}

/** The tenant's RS256 key: generated on first use, then kept (also across tenant resets). */
export interface SigningKey {
  sign(payload: JsonObject): Promise<string>;
  /** True when the token is an RS256 JWS made by this key. */
  verify(token: string): Promise<boolean>;
  jwks(): Promise<Jwks>;
}

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

interface KeyMaterial {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: PublicJwk;
}

async function generateKeyMaterial(): Promise<KeyMaterial> {
  const { privateKey, publicKey } = await crypto.subtle.generateKey(
    { ...RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  );
  const { kty = 'RSA', n = '', e = '' } = await crypto.subtle.exportKey('jwk', publicKey);
  // RFC 7638 thumbprint as kid: stable for the key, different for every tenant's key.
  const thumbprint = await crypto.subtle.digest('SHA-256', encoder.encode(JSON.stringify({ e, kty, n })));
  const kid = base64urlEncode(new Uint8Array(thumbprint)).slice(0, 16);
  return { privateKey, publicKey, jwk: { kty, n, e, alg: 'RS256', use: 'sig', kid } };
}

export function createSigningKey(): SigningKey {
  let material: Promise<KeyMaterial> | undefined;
  const load = () => (material ??= generateKeyMaterial());
  return {
    async sign(payload) {
      const { privateKey, jwk } = await load();
      const signingInput = encodeSegments({ alg: 'RS256', typ: 'JWT', kid: jwk.kid }, payload);
      const signature = await crypto.subtle.sign(RS256, privateKey, encoder.encode(signingInput));
      return `${signingInput}.${base64urlEncode(new Uint8Array(signature))}`;
    },
    async verify(token) {
      const decoded = decodeJwt(token);
      if (!decoded || decoded.header.alg !== 'RS256') return false;
      const { publicKey } = await load();
      return crypto.subtle.verify(RS256, publicKey, decoded.signature, encoder.encode(decoded.signingInput));
    },
    async jwks() {
      return { keys: [{ ...(await load()).jwk }] };
    },
  };
}
