import { buildAuthorizeUrl } from '../authorize.js';
import type { LinkerConfig } from '../config.js';
import { LinkerError } from '../errors.js';
import { request } from '../http.js';
import { identityKey, parseProfile } from '../identity.js';
import type { LinkerMode } from './mode.js';

/** Main identity errors from the server mean the same as our own primary check. */
function isPrimaryRefusal(error: unknown): boolean {
  return error instanceof LinkerError && error.status === 400 && /main identity/i.test(error.detail ?? '');
}

/**
 * The deprecated Authentication API flow: `/authorize?access_token=…` links, `POST /unlink`
 * unlinks, `GET /userinfo` lists.
 */
export function legacyMode(config: LinkerConfig): LinkerMode {
  return {
    async loadProfile(token, signal) {
      const body = await request(new URL('/userinfo', config.origin).href, { token, ...(signal ? { signal } : {}) });
      return parseProfile(body);
    },

    async authorizeUrl(token, link) {
      return buildAuthorizeUrl(config, { ...link, accessToken: token });
    },

    async completeLink() {
      // Auth0 linked the accounts during /authorize; the caller reloads the list.
    },

    async unlink(token, identity) {
      try {
        await request(new URL(config.unlinkPath, config.origin).href, {
          method: 'POST',
          json: { access_token: token, user_id: identityKey(identity) },
          readBody: false,
        });
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
