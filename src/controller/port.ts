// What the flow needs from the page, as an interface: the controller stays free of the DOM and its
// Node tests hand it a fake. The real page is `src/ui/window-port.ts`.
import type { ReturnParams } from '../protocol/return-url.js';
import type { PopupExpectation } from '../protocol/popup-message.js';
import type { KeyValueStore } from './suggestions.js';

/** A popup opened for /authorize. */
export interface PopupHandle {
  /** Sends the popup to `url` once `response` listens (an answer at once is not lost). */
  navigate(url: string): void;
  /** Resolves with the answer; rejects `popup-closed` or `popup-timeout`; `signal` stops the wait. */
  response(expected: PopupExpectation, options: { timeoutMs: number; signal?: AbortSignal }): Promise<ReturnParams>;
  close(): void;
}

/**
 * Everything the flow needs from the page: its address, navigation and popups. The flow code only
 * sees this interface, so it stays free of the DOM (and its tests can hand it a fake).
 */
export interface BrowserPort {
  href(): string;
  /** Rewrites the address bar without a navigation. */
  replaceUrl(url: string): void;
  assign(url: string): void;
  /** Must be called synchronously in the click's task, or the popup blocker stops it. */
  openPopup(): PopupHandle | undefined;
  /** Where hidden suggestions are remembered (the page's `localStorage`); none: for the page's life. */
  storage?(): KeyValueStore | undefined;
}

export const POPUP_TIMEOUT_MS = 120_000;
