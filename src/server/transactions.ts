// Link transactions: what the callback needs to finish a link this browser session started (state,
// nonce, PKCE verifier, the user it started for, where to return, popup or not). They live sealed
// in one cookie, so the server keeps no state: several may coexist (two tabs), bounded in number
// and size, each single use and valid for 10 minutes. An expired one is kept a while longer so that
// its callback can still return the person to the app and say `state-mismatch`.
import type { Sealer } from './seal.js';

export interface LinkTransaction {
  state: string;
  nonce: string;
  verifier: string;
  /** The signed-in user the link was started for. */
  userId: string;
  /** An app path (checked by `returnTo.ts`'s rule). */
  returnTo: string;
  popup: boolean;
  connection?: string;
  /** Milliseconds since the epoch. */
  created: number;
}

/** A transaction may be finished within 10 minutes of its start. */
export const TRANSACTION_LIFETIME = 10 * 60 * 1000;
/** How long an expired transaction still says where to return (the cookie's lifetime). */
export const TRANSACTION_MEMORY = 60 * 60 * 1000;
/** At most this many at once, the newest kept. */
export const MAX_TRANSACTIONS = 8;
/** …and at most this much JSON, so that the sealed cookie stays well under 4 KB. */
const MAX_JSON = 2400;

export const isExpired = (tx: LinkTransaction, now: number) => now - tx.created > TRANSACTION_LIFETIME || tx.created > now + 60_000;

function isTransaction(value: unknown): value is LinkTransaction {
  const tx = value as LinkTransaction;
  return (
    typeof tx === 'object' && tx !== null &&
    typeof tx.state === 'string' && typeof tx.nonce === 'string' && typeof tx.verifier === 'string' &&
    typeof tx.userId === 'string' && typeof tx.returnTo === 'string' && typeof tx.popup === 'boolean' &&
    typeof tx.created === 'number' && (tx.connection === undefined || typeof tx.connection === 'string')
  );
}

export interface TransactionStore {
  /** The transactions in the cookie's value (none when absent, tampered with or too old). */
  read(cookie: string | undefined, now: number): Promise<LinkTransaction[]>;
  /** The sealed cookie value for `list` (the newest kept within the bounds), or undefined when empty. */
  write(list: LinkTransaction[], now: number): Promise<string | undefined>;
}

export function transactionStore(sealer: Sealer): TransactionStore {
  return {
    async read(cookie, now) {
      const value = await sealer.open<unknown>(cookie, now);
      if (!Array.isArray(value)) return [];
      return value.filter(isTransaction).filter((tx) => now - tx.created <= TRANSACTION_MEMORY);
    },
    async write(list, now) {
      let kept = list.filter((tx) => now - tx.created <= TRANSACTION_MEMORY).sort((a, b) => a.created - b.created);
      kept = kept.slice(-MAX_TRANSACTIONS);
      while (kept.length > 1 && JSON.stringify(kept).length > MAX_JSON) kept = kept.slice(1);
      if (kept.length === 0) return undefined;
      return sealer.seal(kept, kept[kept.length - 1]!.created + TRANSACTION_MEMORY);
    },
  };
}
