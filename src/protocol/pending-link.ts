import { LinkerError } from './errors.js';
/** Which element may take a pending link: the one with the same tenant, client and redirect URI. */
export interface LinkBinding {
  origin: string;
  clientId: string;
  redirectUri: string;
}

/** The secrets of one authorization request (management mode): kept until its single use. */
export interface LinkSecrets {
  codeVerifier?: string;
  nonce?: string;
}

/** What the component remembers across the redirect to /authorize and back. */
export interface PendingLink extends LinkBinding, LinkSecrets {
  state: string;
  connection?: string;
  createdAt: number;
  /** Composite ids listed when the link started, to tell whether the return added one. */
  known?: string[];
  /** The primary's email, name and picture on show when the link started: its row keeps them. */
  profile?: { email?: string; name?: string; nickname?: string; picture?: string };
}

export type TakeResult =
  | { status: 'ok'; link: PendingLink }
  | { status: 'unknown' }
  /** Another element's (another tenant, client or redirect URI): left where it is. */
  | { status: 'foreign' }
  | { status: 'expired'; link: PendingLink };

export function sameBinding(a: LinkBinding, b: LinkBinding): boolean {
  return a.origin === b.origin && a.clientId === b.clientId && a.redirectUri === b.redirectUri;
}

const optionalString = (value: unknown): value is string | undefined => value === undefined || typeof value === 'string';

/** Only the profile's text fields (what `profile` may hold), read back from storage. */
const PROFILE_KEYS = ['email', 'name', 'nickname', 'picture'];
const isTextRecord = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) &&
  Object.entries(value).every(([key, text]) => PROFILE_KEYS.includes(key) && typeof text === 'string');

/** The part of `Storage` the store uses, so tests and private-mode fallbacks can supply one. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const PENDING_KEY = 'account-linker:pending';
export const PENDING_TTL_MS = 10 * 60 * 1000;

/** A store that does not outlive the page: a redirect's return could not find its link there. */
export const FLEETING = Symbol('fleeting');

function memoryStore(): KeyValueStore & { [FLEETING]: true } {
  const map = new Map<string, string>();
  return {
    [FLEETING]: true,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/** sessionStorage, or memory where it is blocked (sandboxed frames, some privacy modes). */
export function defaultStore(): KeyValueStore {
  try {
    const storage = globalThis.sessionStorage;
    const probe = `${PENDING_KEY}:probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return memoryStore();
  }
}

/**
 * Single-use, expiring record of the `state` values this page sent to /authorize. Several may be
 * pending (two tabs, a retried click); each is consumed by its first return.
 */
export class PendingLinks {
  #store: KeyValueStore | undefined;

  /** `store`: sessionStorage (else memory) by default, probed on first use, not by every element. */
  constructor(
    store?: KeyValueStore,
    private readonly now: () => number = () => Date.now(),
    private readonly ttl = PENDING_TTL_MS,
  ) {
    this.#store = store;
  }

  private get store(): KeyValueStore {
    return (this.#store ??= defaultStore());
  }

  /**
   * Keeps a link for its return; throws `invalid-config` (`storageUnavailable`) when it cannot be
   * kept (sessionStorage full or blocked): a link that could not come back is not started.
   */
  save(link: Omit<PendingLink, 'createdAt'>): PendingLink {
    const entry: PendingLink = { ...link, createdAt: this.now() };
    const all = this.fresh(this.read());
    all[entry.state] = entry;
    if ((this.store as { [FLEETING]?: boolean })[FLEETING] || !this.write(all)) {
      throw new LinkerError('invalid-config', 'storageUnavailable');
    }
    return entry;
  }

  take(state: string, binding: LinkBinding): TakeResult {
    const all = this.read();
    const link = Object.prototype.hasOwnProperty.call(all, state) ? all[state] : undefined;
    if (link && !sameBinding(link, binding)) return { status: 'foreign' };
    delete all[state];
    this.write(this.fresh(all));
    if (!link) return { status: 'unknown' };
    return this.isFresh(link) ? { status: 'ok', link } : { status: 'expired', link };
  }

  private isFresh(link: PendingLink): boolean {
    const age = this.now() - link.createdAt;
    return age >= 0 && age <= this.ttl;
  }

  /** The fresh entries, in an object without a prototype: a `state` of `__proto__` is just a key. */
  private fresh(all: Record<string, PendingLink>): Record<string, PendingLink> {
    const out: Record<string, PendingLink> = Object.create(null);
    for (const [state, link] of Object.entries(all)) if (this.isFresh(link)) out[state] = link;
    return out;
  }

  private read(): Record<string, PendingLink> {
    try {
      const parsed: unknown = JSON.parse(this.store.getItem(PENDING_KEY) ?? '{}');
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return Object.create(null);
      const out: Record<string, PendingLink> = Object.create(null);
      for (const [state, value] of Object.entries(parsed as Record<string, unknown>)) {
        const link = value as Partial<PendingLink> | null;
        if (
          link &&
          link.state === state &&
          typeof link.createdAt === 'number' &&
          typeof link.origin === 'string' &&
          typeof link.clientId === 'string' &&
          typeof link.redirectUri === 'string' &&
          optionalString(link.connection) &&
          optionalString(link.codeVerifier) &&
          optionalString(link.nonce) &&
          (link.known === undefined || (Array.isArray(link.known) && link.known.every((k) => typeof k === 'string'))) &&
          (link.profile === undefined || isTextRecord(link.profile))
        ) {
          out[state] = { ...(link as PendingLink) };
        }
      }
      return out;
    } catch {
      return Object.create(null);
    }
  }

  /** False when the store refused (full or blocked). */
  private write(all: Record<string, PendingLink>): boolean {
    try {
      if (Object.keys(all).length) this.store.setItem(PENDING_KEY, JSON.stringify(all));
      else this.store.removeItem(PENDING_KEY);
      return true;
    } catch {
      return false;
    }
  }
}

export { cleanReturnUrl, readReturnParams, returnPath, type ReturnParams } from './return-url.js';
