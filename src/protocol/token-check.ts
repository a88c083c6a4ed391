// The primary's access token as the element takes it: trimmed, refused when it cannot be an access
// token (spaces, "Bearer …", expired), or asked of the page's provider within a bound. A chunk of
// its own (token-source.ts loads it as soon as a token or provider is set).
import { LinkerError } from './errors.js';
import { jwtClaims, type TokenProvider } from './token.js';

/** Trims the token and rejects shapes that cannot be an access token (spaces, "Bearer …"). */
export function checkToken(token: unknown, now = Date.now()): string {
  if (typeof token !== 'string' || !token.trim()) throw new LinkerError('missing-token', 'tokenMissing');
  const value = token.trim();
  if (/\s/.test(value) || /[^\x21-\x7E]/.test(value)) throw new LinkerError('missing-token', 'tokenMalformed');
  const exp = jwtClaims(value)?.['exp'];
  if (typeof exp === 'number' && exp * 1000 <= now) throw new LinkerError('missing-token', 'tokenExpired');
  return value;
}

/** The token from the property, else from the provider; always checked. */
export const TOKEN_PROVIDER_TIMEOUT_MS = 30_000;

export async function resolveToken(
  token: string | undefined,
  provider: TokenProvider | undefined,
  timeoutMs = TOKEN_PROVIDER_TIMEOUT_MS,
): Promise<string> {
  if (token?.trim() || !provider) return checkToken(token);
  let provided: unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // A provider that never settles must not leave the element loading for good.
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LinkerError('missing-token', 'tokenProviderTimeout')), timeoutMs);
    });
    provided = await Promise.race([Promise.resolve().then(provider), late]);
  } catch (error) {
    if (error instanceof LinkerError) throw error;
    throw new LinkerError('missing-token', 'tokenProviderFailed');
  } finally {
    clearTimeout(timer);
  }
  if (typeof provided !== 'string' || !provided.trim()) {
    throw new LinkerError('missing-token', 'tokenProviderFailed');
  }
  return checkToken(provided);
}
