// Server mode: the page's own server does the Auth0 work (`account-linker/server`, or any server
// that answers the contract's table). The element holds no token; it speaks only to `endpoint`, on
// the page's own origin, with the session cookie and `X-Account-Linker: 1`.
import type { ModeConfig } from '../protocol/mode-config.js';
import { LinkerError, type ErrorCode, type ErrorReason } from '../protocol/errors.js';
import { request, type RequestOptions } from '../protocol/http.js';
import { identityKey, parseIdentities, parseIdentity, parseProfile, type Profile } from '../protocol/identity.js';
import { isSecureUrl } from '../protocol/secure-url.js';
import type { LinkerMode } from './mode.js';

/** The host server's codes the element explains in its own words (and the person's language). */
const OWN_WORDS: Partial<Record<ErrorCode, ErrorReason>> = {
  'missing-token': 'signedOut',
  csrf: 'csrf',
  'state-mismatch': 'stateMismatch',
  'unverified-email': 'unverifiedEmail',
  'already-linked': 'alreadyLinked',
  'primary-identity': 'primaryIdentity',
};

/** The element's codes a server may answer with; anything else is reported as `http`. */
const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'missing-token', 'network', 'http', 'bad-response', 'state-mismatch', 'authorize-error', 'primary-identity',
  'insufficient-scope', 'already-linked', 'unverified-email', 'popup-closed', 'csrf',
]);

/** A refusal of the host server (`{code, message}`), as the element reports it. */
function explain(error: unknown): unknown {
  if (!(error instanceof LinkerError) || error.code !== 'http') return error;
  const { status, detail, extra } = error;
  // Not signed in, whatever the body says: "sign in again".
  if (status === 401) return new LinkerError('missing-token', 'signedOut', undefined, status);
  const code = extra.errorCode && CODES.has(extra.errorCode) ? (extra.errorCode as ErrorCode) : 'http';
  const reason = OWN_WORDS[code];
  if (reason) return new LinkerError(code, reason, detail, status, extra);
  // Rate limits and server failures keep their own sentences (and the retry they allow).
  if (status === 429 || (status ?? 0) >= 500 || !detail) return new LinkerError(code, error.reason, detail, status, extra);
  return new LinkerError(code, error.reason, detail, status, { ...extra, serverSaid: true });
}

export function serverMode(config: ModeConfig): LinkerMode {
  const endpoint = config.endpoint!;
  const ask = async (path: string, options: RequestOptions = {}) => {
    try {
      return await request(endpoint + path, { ...options, sameOrigin: true });
    } catch (error) {
      throw explain(error);
    }
  };

  return {
    checkToken() {
      // No token: the server knows the person by its own session.
    },

    loadProfile: async (_token, signal) => parseProfile(await ask('', signal ? { signal } : {})),

    popupExpectation: (state) => ({ origin: config.origin, state, server: true }),
    closedPopupMayHaveLinked: true,

    async startLink(_token, { connection, responseMode, returnTo, loginHint }) {
      const body = await ask('/link', {
        method: 'POST',
        json: { ...(connection ? { connection } : {}), ...(loginHint ? { loginHint } : {}), returnTo, popup: responseMode === 'web_message' },
      });
      const url = (body as { url?: unknown } | null)?.url;
      // Only the way to a sign-in page: https (loopback http for the mock), never a script.
      let parsed: URL | undefined;
      try {
        parsed = typeof url === 'string' ? new URL(url) : undefined;
      } catch {
        parsed = undefined;
      }
      if (!parsed || !isSecureUrl(parsed)) {
        throw new LinkerError('bad-response', 'badResponse', 'the server sent no sign-in URL');
      }
      return { url: parsed.href, secrets: {} };
    },

    async completeLink(_token, response, _pending, signal): Promise<Profile | undefined> {
      const body = await ask('/result', { emptyOk: true, ...(signal ? { signal } : {}) });
      if (body === undefined) {
        if (response.closed) throw new LinkerError('popup-closed', 'popupClosed');
        return undefined;
      }
      const result = body as { ok?: unknown; code?: unknown; message?: unknown; added?: unknown } | null;
      if (result?.ok === false) {
        const code = typeof result.code === 'string' ? result.code : 'http';
        const message = typeof result.message === 'string' ? result.message : undefined;
        // The person said no at the tenant: a calm notice, as in the other modes.
        if ((result as { error?: unknown }).error === 'access_denied') throw new LinkerError('authorize-error', 'cancelled', message);
        throw explain(new LinkerError('http', 'requestFailed', message, undefined, { errorCode: code }));
      }
      if (result?.ok !== true) throw new LinkerError('bad-response', 'badResponse', 'the result has no "ok"');
      // The result lists identities only: the user object (the primary's email, name, picture) is
      // asked for too, so that every row keeps what it showed before the link (on a fresh page too).
      const { identities, skipped } = parseProfile(body);
      const { identities: _listed, skipped: _skipped, ...user } = parseProfile(await ask('', signal ? { signal } : {}));
      const profile: Profile = { ...user, identities, ...(skipped ? { skipped } : {}) };
      const added = result.added === undefined ? undefined : identityKey(parseIdentity(result.added));
      return added ? { ...profile, added } : profile;
    },

    // At most a handful: a suggestion is a hint, and a long list of them would be a server's error.
    suggestions: async (signal) => parseIdentities((await ask('/suggestions', signal ? { signal } : {}) as { suggestions?: unknown } | null)?.suggestions).slice(0, 10),

    async unlink(_token, identity) {
      const path = `/identities/${encodeURIComponent(identity.provider)}/${encodeURIComponent(String(identity.user_id))}`;
      const rest = parseProfile(await ask(path, { method: 'DELETE' })).identities;
      // A 200 that still lists the identity did not unlink it.
      if (rest.some((item) => identityKey(item) === identityKey(identity))) {
        throw new LinkerError('bad-response', 'badResponse', 'the identity is still listed');
      }
      return rest;
    },
  };
}
