import { buildAuthorizeUrl } from '../protocol/authorize.js';
import type { ModeConfig } from '../protocol/mode-config.js';
import { LinkerError } from '../protocol/errors.js';
import { request } from '../protocol/http.js';
import { identityKey, parseProfile } from '../protocol/identity.js';
import type { TenantMode } from './mode.js';

/** Main identity errors from the server mean the same as our own primary check. */
function isPrimaryRefusal(error: unknown): boolean {
  return error instanceof LinkerError && error.status === 400 && /main identity/i.test(error.detail ?? '');
}

/**
 * The deprecated Authentication API flow: `/authorize?access_token=…` links, `POST /unlink`
 * unlinks, `GET /userinfo` lists. Auth0 turned it off for every tenant on 2017-03-01, so it
 * says so (`legacy-unsupported`) when a tenant answers as today's tenants do.
 */
export function legacyMode(config: ModeConfig): TenantMode {
  const loadProfile = async (token: string, signal?: AbortSignal) => {
    const body = await request(new URL('/userinfo', config.origin).href, { token, ...(signal ? { signal } : {}) });
    if (typeof body === 'object' && body !== null && !Array.isArray(body) && !('identities' in body)) {
      // An OIDC-conformant /userinfo: this tenant lists identities only through the Management API.
      throw new LinkerError('legacy-unsupported', 'legacyUnsupported');
    }
    return parseProfile(body);
  };

  return {
    checkToken() {
      // Any Auth0 access token: the Authentication API does not say which it accepts.
    },

    loadProfile,

    popupExpectation: (state) => ({ origin: config.origin, state }),

    async startLink(token, { state, connection, responseMode }) {
      const extra: Record<string, string> = responseMode === 'web_message' ? { response_mode: responseMode } : {};
      return { url: buildAuthorizeUrl(config, { state, connection, accessToken: token, extra }), secrets: {} };
    },

    async completeLink(token, _response, pending, signal) {
      // Auth0 linked the accounts during /authorize, if it still does: the list must have grown.
      const profile = await loadProfile(token, signal);
      const known = pending?.known;
      if (known && profile.identities.every((identity) => known.includes(identityKey(identity)))) {
        throw new LinkerError('legacy-unsupported', 'legacyUnsupported');
      }
      return profile;
    },

    async unlink(token, identity) {
      try {
        await request(new URL(config.unlinkPath, config.origin).href, {
          method: 'POST',
          json: { access_token: token, user_id: identityKey(identity) },
          readBody: false,
        });
        return undefined;
      } catch (error) {
        if (isPrimaryRefusal(error)) {
          const { detail, status } = error as LinkerError;
          throw new LinkerError('primary-identity', 'primaryIdentity', detail, status);
        }
        throw error;
      }
    },
  };
}
