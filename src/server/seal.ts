// Sealed values for cookies: AES-256-GCM under a key derived by HKDF-SHA-256 from the app's secret,
// one key per purpose (a transaction cookie cannot be replayed as a result cookie), the purpose also
// bound as additional data, the expiry inside the ciphertext. Format: `v1.` + base64url(iv ‖ ct ‖ tag).
// Web Crypto only: the same code runs on Node, Deno, Bun and edge runtimes.

const VERSION = 'v1';
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Seals and opens values of one purpose (e.g. `transactions`) with keys derived from `secret`. */
export interface Sealer {
  seal(value: unknown, expiresAt: number): Promise<string>;
  /** The value, or undefined when the text is not ours, was tampered with, or has expired at `now`. */
  open<T>(text: string | undefined, now: number): Promise<T | undefined>;
}

export function createSealer(secret: string, purpose: string): Sealer {
  const aad = encoder.encode(`account-linker ${VERSION} ${purpose}`);
  const key = (async () => {
    const material = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
    return crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('account-linker/server'), info: aad },
      material,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
  })();

  return {
    async seal(value, expiresAt) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const plain = encoder.encode(JSON.stringify({ exp: expiresAt, value }));
      const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, await key, plain));
      const out = new Uint8Array(IV_BYTES + sealed.length);
      out.set(iv);
      out.set(sealed, IV_BYTES);
      return `${VERSION}.${base64url(out)}`;
    },
    async open<T>(text: string | undefined, now: number) {
      if (!text || !text.startsWith(`${VERSION}.`) || text.length > 8192) return undefined;
      const bytes = fromBase64url(text.slice(VERSION.length + 1));
      if (!bytes || bytes.length <= IV_BYTES + 16) return undefined;
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: aad },
          await key,
          bytes.slice(IV_BYTES),
        );
        const { exp, value } = JSON.parse(decoder.decode(plain)) as { exp: unknown; value: T };
        return typeof exp === 'number' && exp > now ? value : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
