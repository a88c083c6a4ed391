// The token scan: what in an answer of the app is a token of the tenant. The mock's tokens have
// shapes of their own: JWTs (ID tokens, access tokens, the M2M token) whose payload names the
// tenant as `iss`, opaque tokens that are JWEs whose header names it, and refresh tokens `v1.` +
// exactly 43 characters (a longer `v1.…` is a sealed cookie of account-linker/server, not a
// token); the seed's client secrets and IdP tokens are known strings. The app's own encrypted
// session cookie names nothing of the tenant, so it is not mistaken for one.

/** Percent-encoded runs decoded (a token may sit in a URL or a cookie value). */
function decodePercent(text: string): string {
  return text.replace(/(%[0-9A-F]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function base64url(segment: string): string {
  try {
    return Buffer.from(segment, 'base64url').toString('utf8');
  } catch {
    return '';
  }
}

/** What in `text` is a token of the tenant at `tenant` (its origin) or one of `secrets`: a short description of each. */
export function tokensIn(text: string, tenant: string, secrets: readonly string[] = []): string[] {
  const found: string[] = [];
  const host = new URL(tenant).host;
  for (const candidate of new Set([text, decodePercent(text)])) {
    for (const secret of secrets) if (candidate.includes(secret)) found.push(`a secret of the tenant's seed (${secret.slice(0, 12)}…)`);
    // JWT / JWE segments: a JSON object's base64url starts with `eyJ`.
    for (const [segment] of candidate.matchAll(/eyJ[A-Za-z0-9_-]{8,}/g)) {
      const json = base64url(segment);
      if (json.includes(tenant) || json.includes(`"iss":"https://${host}/"`) || json.includes(`//${host}/`)) {
        const claims = /"(iss|sub|aud|azp|gty)"/.test(json) ? 'a token of the tenant' : 'a token header of the tenant';
        found.push(`${claims}: ${json.slice(0, 80)}…`);
      }
    }
    for (const [token] of candidate.matchAll(/(?<![A-Za-z0-9_.-])v1\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_.-])/g)) found.push(`a refresh token of the mock (${token.slice(0, 10)}…)`);
  }
  return [...new Set(found)];
}
