// The routes on the signed-in user's own identities: the list, unlink, and suggestions. Every
// answer goes through present.ts (no IdP token, no field the element does not need).
import { LinkerError } from './errors.js';
import { ManagementForbidden, type Auth0User, type Management } from './management.js';
import { compositeId, presentUser, primaryIdentity, suggestionOf, type Identity } from './present.js';
import { json } from './responses.js';
import type { SuggestionCache } from './suggestion-cache.js';

export interface IdentityRoutes {
  /** `GET {endpoint}`: the user object. */
  list(userId: string): Promise<Response>;
  /** `DELETE {endpoint}/identities/{provider}/{user_id}`: only the user's own, never the primary. */
  unlink(userId: string, provider: string, secondaryId: string): Promise<Response>;
  /** `GET {endpoint}/suggestions`: other users whose verified email is the user's verified email. */
  suggestions(userId: string): Promise<Response>;
}

/** The most suggestions one answer holds: a section of the page, not a directory of the tenant. */
export const MAX_SUGGESTIONS = 10;

/** Said once per linker: the tenant refused users-by-email (or the user), so no suggestions are shown. */
const missingScopeWarning = (endpoint: string) =>
  `account-linker: GET ${endpoint}/suggestions answers no suggestions because Auth0 refused the Management API ` +
  'application (403): grant it the read:users scope (Auth0 Dashboard → Applications → APIs → Auth0 Management API → ' +
  'Machine to Machine Applications). The element shows no suggestions section until then.';

/** Other users whose verified email is `user`'s verified email: their own identity each, at most MAX_SUGGESTIONS. */
async function findSuggestions(management: Management, user: Auth0User): Promise<Identity[]> {
  const email = user.email;
  if (typeof email !== 'string' || email === '' || user.email_verified !== true) return [];
  // Auth0's `email` parameter is case-sensitive and database emails are stored in lower case.
  const emails = [...new Set([email, email.toLowerCase()])];
  const found = (await Promise.all(emails.map((candidate) => management.usersByEmail(candidate)))).flat();
  const mine = new Set(user.identities.map(compositeId));
  const seen = new Set<string>();
  const out: Identity[] = [];
  for (const other of found) {
    if (out.length === MAX_SUGGESTIONS) break;
    if (other.user_id === user.user_id || other.email_verified !== true || typeof other.email !== 'string') continue;
    if (other.email.toLowerCase() !== email.toLowerCase()) continue;
    const suggestion = suggestionOf(other);
    if (!suggestion) continue;
    const id = compositeId(suggestion);
    if (mine.has(id) || seen.has(id)) continue;
    seen.add(id);
    out.push(suggestion);
  }
  return out;
}

export interface IdentityRouteOptions {
  /** The endpoint's path, for the server log. */
  endpoint: string;
  cache: SuggestionCache;
  /** Where the one warning about a missing scope goes. Default `console.warn`. */
  warn?: (message: string) => void;
}

export function identityRoutes(management: Management, { endpoint, cache, warn = console.warn }: IdentityRouteOptions): IdentityRoutes {
  let warned = false;
  return {
    async list(userId) {
      return json(presentUser(await management.getUser(userId)));
    },

    async unlink(userId, provider, secondaryId) {
      const user = await management.getUser(userId);
      // Auth0 answers 200 for an identity that is not linked: check against the user's own list first.
      const identity = user.identities.find((candidate) => candidate.provider === provider && String(candidate.user_id) === secondaryId);
      if (!identity) throw new LinkerError('not-linked', 'That identity is not linked to your account.');
      if (identity === primaryIdentity(user) || compositeId(identity) === user.user_id) {
        throw new LinkerError('primary-identity', 'The identity you sign in with first cannot be unlinked.');
      }
      try {
        const identities = await management.unlink(userId, provider, secondaryId);
        return json(presentUser(user, identities));
      } finally {
        // After the call (a suggestions request meanwhile may have cached the old state), and
        // even when it failed: Auth0 may have unlinked before the answer was lost.
        cache.forget(userId);
      }
    },

    async suggestions(userId) {
      const cached = cache.get(userId);
      if (cached) return json({ suggestions: cached });
      let suggestions: Identity[];
      try {
        suggestions = await findSuggestions(management, await management.getUser(userId));
      } catch (error) {
        // Without read:users there is nothing to suggest; the section is optional, the list is not.
        if (!(error instanceof ManagementForbidden)) throw error;
        if (!warned) warn(missingScopeWarning(endpoint));
        warned = true;
        suggestions = [];
      }
      cache.set(userId, suggestions);
      return json({ suggestions });
    },
  };
}
