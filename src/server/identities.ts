// The routes on the signed-in user's own identities: the list, unlink, and suggestions. Every
// answer goes through present.ts (no IdP token, no field the element does not need).
import { LinkerError } from './errors.js';
import type { Management } from './management.js';
import { compositeId, presentUser, primaryIdentity, suggestionOf, type Identity } from './present.js';
import { json } from './responses.js';

export interface IdentityRoutes {
  /** `GET {endpoint}`: the user object. */
  list(userId: string): Promise<Response>;
  /** `DELETE {endpoint}/identities/{provider}/{user_id}`: only the user's own, never the primary. */
  unlink(userId: string, provider: string, secondaryId: string): Promise<Response>;
  /** `GET {endpoint}/suggestions`: other users whose verified email is the user's verified email. */
  suggestions(userId: string): Promise<Response>;
}

export function identityRoutes(management: Management): IdentityRoutes {
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
      const identities = await management.unlink(userId, provider, secondaryId);
      return json(presentUser(user, identities));
    },

    async suggestions(userId) {
      const user = await management.getUser(userId);
      const email = user.email;
      if (typeof email !== 'string' || email === '' || user.email_verified !== true) return json({ suggestions: [] });
      // Auth0's `email` parameter is case-sensitive and database emails are stored in lower case.
      const emails = [...new Set([email, email.toLowerCase()])];
      const found = (await Promise.all(emails.map((candidate) => management.usersByEmail(candidate)))).flat();
      const mine = new Set(user.identities.map(compositeId));
      const seen = new Set<string>();
      const out: Identity[] = [];
      for (const other of found) {
        if (other.user_id === userId || other.email_verified !== true || typeof other.email !== 'string') continue;
        if (other.email.toLowerCase() !== email.toLowerCase()) continue;
        const suggestion = suggestionOf(other);
        if (!suggestion) continue;
        const id = compositeId(suggestion);
        if (mine.has(id) || seen.has(id)) continue;
        seen.add(id);
        out.push(suggestion);
      }
      return json({ suggestions: out });
    },
  };
}
