// The primary's access token, in one place: the value the page set, else its provider; and a
// bounded wait for a page that hands the token over a moment after it starts. DOM-free.
import { LinkerError } from '../protocol/errors.js';
import type { TokenProvider } from '../protocol/token.js';

type TokenCheck = typeof import('../protocol/token-check.js');
let check: TokenCheck | undefined;
// A chunk: asked for as soon as a token or a provider is set, so it is here when the token is needed.
const loadCheck = (): Promise<TokenCheck> => import('../protocol/token-check.js').then((module) => (check = module));
const prefetch = (wanted: unknown) => wanted && loadCheck().catch(() => {});

export class TokenSource {
  #value = '';
  #provider: TokenProvider | undefined;
  #waiters = new Set<() => void>();
  /** Every token handed out, so no message can show one (`redaction.ts`). */
  readonly used = new Set<string>();

  get value(): string {
    return this.#value;
  }
  set value(value: string) {
    this.#value = value;
    void prefetch(value);
    this.#wake();
  }

  get provider(): TokenProvider | undefined {
    return this.#provider;
  }
  set provider(provider: TokenProvider | undefined) {
    this.#provider = provider;
    void prefetch(provider);
    this.#wake();
  }

  /** A token or a provider is set. */
  has(): boolean {
    return !!this.#value.trim() || !!this.#provider;
  }

  /** The token, checked (throws `missing-token`), remembered for scrubbing. */
  async get(): Promise<string> {
    const { resolveToken } = check ?? (await loadCheck());
    const token = await resolveToken(this.#value, this.#provider);
    this.used.add(token);
    return token;
  }

  /** Resolves once a token or provider is set, or after `ms`; throws `missing-token` then. */
  async wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.has()) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
    if (!this.has() && !signal?.aborted) throw new LinkerError('missing-token', 'tokenLate');
  }

  /** Every text that must never be shown: the token on the element and those sent. */
  secrets(): string[] {
    return [this.#value, ...this.used];
  }

  #wake(): void {
    if (this.has()) [...this.#waiters].forEach((wake) => wake());
  }
}
