// What happened, as data: the controller records these, and `i18n/describe.ts` says them in the
// language on show when the element renders. A language change is then only a new render.
import type { LinkerError } from '../protocol/errors.js';
import type { Identity } from '../protocol/identity.js';

/** A text on show: the live region's (`status`) or the visible, polite one (`notice`). */
export type Said =
  | { say: 'loading' }
  | { say: 'loaded'; count: number }
  | { say: 'linking' }
  | { say: 'popupWaiting' }
  | { say: 'linked'; identity?: Identity | undefined }
  | { say: 'unlinking'; identity: Identity }
  | { say: 'unlinked'; identity: Identity }
  /** A failure the person chose (a cancel, a closed popup): its sentence, calmly. */
  | { say: 'calm'; error: LinkerError }
  /** The same, whole (sentence and detail), for the live region. */
  | { say: 'calmDetail'; error: LinkerError };

/** An error on show: `retry` when trying again may help (a network, 5xx or 429 failure). */
export interface ShownError {
  error: LinkerError;
  retry: boolean;
  /** A load failed: the next load that succeeds answers it. */
  load: boolean;
}

/** What `link()`, `unlink()` and `reload()` resolve to, and what the view moves focus by. */
export type Outcome =
  | { is: 'linked'; added?: string | undefined }
  | { is: 'unlinked'; index: number }
  | { is: 'loaded' }
  /** Left for /authorize (the page goes on elsewhere). */
  | { is: 'navigating' }
  /** A listener cancelled the event, or the person did. */
  | { is: 'cancelled' }
  | { is: 'failed' }
  /** Nothing was done: another link or unlink of it is running, or the work was overtaken. */
  | { is: 'none' };

/** Outcomes that are not failures, shown calmly (`role="status"`). */
export const CALM: ReadonlySet<string> = new Set(['popup-closed']);

/** How long a return waits for the host to give a token. */
export const RETURN_TOKEN_WAIT_MS = 10_000;
