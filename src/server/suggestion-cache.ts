// The suggestions of each user, kept briefly in this process: the element asks for them on every
// load, and each answer costs two Management API calls (the user, then users-by-email) out of the
// tenant's rate limit. A link or an unlink by the user drops their entry, so an account just linked
// is not suggested again from memory. Bounded: the oldest entries go first.
import type { Identity } from './present.js';

/** How long an answer is reused. */
export const SUGGESTIONS_TTL_MS = 30_000;
/** The most users remembered at once. */
export const SUGGESTIONS_MAX_USERS = 1000;

export interface SuggestionCache {
  get(userId: string): Identity[] | undefined;
  set(userId: string, suggestions: Identity[]): void;
  forget(userId: string): void;
  readonly size: number;
}

export function suggestionCache(now: () => number, ttl = SUGGESTIONS_TTL_MS, max = SUGGESTIONS_MAX_USERS): SuggestionCache {
  // A Map iterates in insertion order, and `set` re-inserts: the first key is the oldest entry.
  const entries = new Map<string, { until: number; suggestions: Identity[] }>();
  return {
    get(userId) {
      const entry = entries.get(userId);
      if (!entry) return undefined;
      if (entry.until <= now()) {
        entries.delete(userId);
        return undefined;
      }
      return structuredClone(entry.suggestions);
    },
    set(userId, suggestions) {
      entries.delete(userId);
      const at = now();
      for (const [key, entry] of entries) {
        if (entries.size < max && entry.until > at) break;
        entries.delete(key);
      }
      entries.set(userId, { until: at + ttl, suggestions: structuredClone(suggestions) });
    },
    forget(userId) {
      entries.delete(userId);
    },
    get size() {
      return entries.size;
    },
  };
}
