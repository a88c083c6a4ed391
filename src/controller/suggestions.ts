// "Also yours?": which of the accounts the server suggests (other users that share the signed-in
// user's verified email) the person has not hidden. A chunk: only server mode suggests anything.
// Hidden ones are remembered in this browser only, never sent anywhere, and as hashes of the user
// and the account: a shared computer's storage does not say which accounts belong together.
import { identityKey, type Identity } from '../protocol/identity.js';
import type { LinkerMode } from '../modes/mode.js';

/** `localStorage`, or a stand-in (tests); undefined: remembered for this page only. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEY = 'account-linker:hidden-suggestions';
/** The most recent ones are kept: an old hidden suggestion may come back, a full storage never. */
const KEEP = 200;

async function fingerprint(userId: string, identity: Identity): Promise<string | undefined> {
  try {
    const data = new TextEncoder().encode(`${userId}\n${identityKey(identity)}`);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    return Array.from(digest.subarray(0, 12), (byte) => byte.toString(16).padStart(2, '0')).join('');
  } catch {
    // No SubtleCrypto (a page on plain http): nothing is written, the page still hides it.
    return undefined;
  }
}

class HiddenSuggestions {
  /** Hidden in this page: `user\nprovider|id`. */
  #here = new Set<string>();

  constructor(private readonly store: KeyValueStore | undefined) {}

  #stored(): string[] {
    try {
      const value: unknown = JSON.parse(this.store?.getItem(KEY) ?? '[]');
      return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    } catch {
      return [];
    }
  }

  /** Those of `found` the person has not hidden, for this user. */
  async visible(userId: string, found: readonly Identity[]): Promise<Identity[]> {
    const stored = new Set(this.#stored());
    const prints = await Promise.all(found.map((identity) => fingerprint(userId, identity)));
    return found.filter((identity, at) => !this.#here.has(`${userId}\n${identityKey(identity)}`) && !(prints[at] && stored.has(prints[at])));
  }

  async hide(userId: string, identity: Identity): Promise<void> {
    this.#here.add(`${userId}\n${identityKey(identity)}`);
    const print = await fingerprint(userId, identity);
    if (!print || !this.store) return;
    try {
      this.store.setItem(KEY, JSON.stringify([...this.#stored().filter((item) => item !== print), print].slice(-KEEP)));
    } catch {
      // A full or blocked storage: hidden for this page only.
    }
  }
}

/** The suggestions on offer for the user on show: the mode's, less those hidden. */
export class Suggestions {
  items: Identity[] = [];
  #hidden: HiddenSuggestions;

  constructor(store: KeyValueStore | undefined) {
    this.#hidden = new HiddenSuggestions(store);
  }

  /** Asks the mode (after a load): those to offer, for the caller to keep if still wanted. */
  async load(mode: LinkerMode, userId: string, signal: AbortSignal): Promise<Identity[]> {
    return this.#hidden.visible(userId, (await mode.suggestions?.(signal)) ?? []);
  }

  /** Gone from `items` at once; remembered once its hash is written. */
  hide(userId: string, identity: Identity): Promise<void> {
    const key = identityKey(identity);
    this.items = this.items.filter((item) => identityKey(item) !== key);
    return this.#hidden.hide(userId, identity);
  }
}
