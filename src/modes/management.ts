import { buildAuthorizeUrl } from '../protocol/authorize.js';
import type { ModeConfig } from '../protocol/mode-config.js';
import { LinkerError } from '../protocol/errors.js';
import { request } from '../protocol/http.js';
import { checkIdToken } from '../protocol/id-token.js';
import { identityKey, parseIdentities, parseProfile, type Identity } from '../protocol/identity.js';
import { checkManagementToken } from '../protocol/management-token.js';
import { scrub } from '../protocol/redaction.js';
import { createPkce, randomToken } from '../protocol/pkce.js';
import { tokenSubject } from '../protocol/token.js';
import type { TenantMode } from './mode.js';

/** Every manual link asks the second account to sign in again (Auth0's guidance). */
const MAX_AGE = 0;

/** Turns the Management API's documented refusals into the codes the element explains. */
function explain(error: unknown): unknown {
  if (!(error instanceof LinkerError) || error.code !== 'http') return error;
  const { status, detail, extra } = error;
  const code = extra.errorCode;
  const again = (c: ConstructorParameters<typeof LinkerError>[0], r: ConstructorParameters<typeof LinkerError>[1]) =>
    new LinkerError(c, r, detail, status, extra);
  if (status === 400 && (code === 'Bearer' || /authentication header format/i.test(detail ?? ''))) return again('insufficient-scope', 'tokenOpaque');
  if (status === 400 && /main identity cannot be removed/i.test(detail ?? '')) return again('primary-identity', 'primaryIdentity');
  if (status === 400 && /main identity and the new one are the same/i.test(detail ?? '')) return again('already-linked', 'sameAccount');
  if (status === 401) return again('missing-token', 'tokenRejected');
  if (status === 403 && (code === 'insufficient_scope' || /insufficient scope/i.test(detail ?? ''))) return again('insufficient-scope', 'scopeRefused');
  if (status === 403 && (code === 'unowned_resource' || /does not match subject/i.test(detail ?? ''))) return again('http', 'unownedResource');
  if (status === 409) return again('already-linked', 'alreadyLinked');
  return error;
}

async function explained<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw explain(error);
  }
}

/**
 * The Management API v2 flow real tenants serve: the list from `GET /api/v2/users/{id}`, a link by
 * a fresh login of the second account (code + PKCE + nonce) whose ID token goes to
 * `POST …/identities` as `link_with`, an unlink by `DELETE …/identities/{provider}/{id}`.
 */
export function managementMode(config: ModeConfig): TenantMode {
  const userId = (token: string): string => {
    const id = config.userId ?? tokenSubject(token);
    if (!id) throw new LinkerError('invalid-config', 'userIdUnknown');
    return id;
  };
  const userUrl = (token: string, ...more: string[]) =>
    [`${config.origin}/api/v2/users`, userId(token), ...more].map((s, i) => (i ? encodeURIComponent(s) : s)).join('/');

  const loadProfile = async (token: string, signal?: AbortSignal) => {
    const body = await explained(() => request(userUrl(token), { token, ...(signal ? { signal } : {}) }));
    return parseProfile(body);
  };

  return {
    checkToken: checkManagementToken,

    loadProfile,

    popupExpectation: (state) => ({ origin: config.origin, state }),

    async startLink(_token, { state, connection, responseMode }) {
      const { verifier, challenge } = await createPkce();
      const nonce = randomToken();
      const extra: Record<string, string> = {
        nonce,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        prompt: 'login',
        max_age: String(MAX_AGE),
        ...(responseMode === 'web_message' ? { response_mode: responseMode } : {}),
      };
      return { url: buildAuthorizeUrl(config, { state, connection, extra }), secrets: { codeVerifier: verifier, nonce } };
    },

    async completeLink(token, response, pending, signal) {
      if (!response.code || !pending?.codeVerifier || !pending.nonce) {
        throw new LinkerError('state-mismatch', 'stateMismatch');
      }
      const primary = userId(token);
      // Exchange as a public client: the second account's tokens live only in this function.
      const exchanged = await request(`${config.origin}/oauth/token`, {
        method: 'POST',
        form: {
          grant_type: 'authorization_code',
          client_id: config.clientId,
          code: response.code,
          code_verifier: pending.codeVerifier,
          redirect_uri: pending.redirectUri,
        },
        ...(signal ? { signal } : {}),
      }).catch((error: unknown) => {
        throw error instanceof LinkerError && error.code === 'http'
          ? new LinkerError('authorize-error', 'exchangeFailed', error.detail, error.status, error.extra)
          : error;
      });
      const idToken = (exchanged as { id_token?: unknown } | null)?.id_token;
      const claims = checkIdToken(idToken, {
        issuer: `${config.origin}/`,
        clientId: config.clientId,
        nonce: pending.nonce,
        maxAge: MAX_AGE,
      });
      if (claims.sub === primary) throw new LinkerError('already-linked', 'sameAccount');
      if (claims.email && !claims.emailVerified && !config.allowUnverifiedEmail) {
        throw new LinkerError('unverified-email', 'unverifiedEmail', claims.email);
      }
      const body = await explained(() =>
        request(userUrl(token, 'identities'), {
          method: 'POST',
          token,
          json: { link_with: idToken },
          ...(signal ? { signal } : {}),
        }),
      ).catch((error: unknown) => {
        // A server that echoes `link_with` must not put the second account's token on the page:
        // the same scrub as for the primary's token (every encoding, any 12+ character piece).
        if (error instanceof LinkerError && error.detail) {
          throw new LinkerError(error.code, error.reason, scrub(error.detail, [idToken as string]), error.status, error.extra);
        }
        throw error;
      });
      // The link's answer lists identities only: the primary's email, name and picture come from the
      // user object the page showed when the link started (kept with the pending link).
      return { ...pending.profile, identities: parseIdentities(body) };
    },

    async unlink(token, identity: Identity) {
      const { provider, user_id } = identity;
      const body = await explained(() =>
        request(userUrl(token, 'identities', provider, String(user_id)), { method: 'DELETE', token }),
      );
      const rest = parseIdentities(body);
      // A 200 that still lists the identity did not unlink it.
      if (rest.some((item) => identityKey(item) === identityKey(identity))) {
        throw new LinkerError('bad-response', 'badResponse', 'the identity is still listed');
      }
      return rest;
    },
  };
}
