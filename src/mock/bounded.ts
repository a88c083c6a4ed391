// A map whose entries expire and whose size is capped: what the tenant keeps per request
// (/authorize transactions, codes, sessions, refresh tokens, issued access tokens) stays bounded
// however many requests come. Entries are kept in insertion order, which is their expiry order
// (each store gives all its entries one lifetime), so a sweep stops at the first live entry.

export class BoundedMap<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #limit: number;
  readonly #now: () => number;

  /** `limit`: the most entries kept (the oldest go first); `now`: seconds since the epoch. */
  constructor(limit: number, now: () => number) {
    this.#limit = limit;
    this.#now = now;
  }

  /** Adds an entry that lives until `expiresAt` (seconds); drops expired ones, then the oldest past the limit. */
  set(key: string, value: V, expiresAt: number): void {
    this.sweep();
    this.#entries.delete(key);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size < this.#limit) break;
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, expiresAt });
  }

  /** The live entry; an expired one is dropped and reads as absent. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Returns the live entry and forgets it (single use). */
  take(key: string): V | undefined {
    const value = this.get(key);
    this.#entries.delete(key);
    return value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops the expired entries at the front (the oldest). */
  sweep(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#entries.delete(key);
    }
  }

  /** Live and not yet swept entries, oldest first. */
  *entries(): IterableIterator<[string, V]> {
    for (const [key, entry] of this.#entries) yield [key, entry.value];
  }

  get size(): number {
    return this.#entries.size;
  }
}
