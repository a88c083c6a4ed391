import { LinkerError } from './errors.js';
import type { ReturnParams } from './pending-link.js';
import { readPopupMessage, type PopupExpectation } from './popup-message.js';

/** A popup opened for /authorize. */
export interface PopupHandle {
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
}

export const POPUP_TIMEOUT_MS = 120_000;
const POLL_MS = 500;

function popupFeatures(): string {
  const width = 480;
  const height = 640;
  const left = Math.max(0, Math.round(window.screenX + (window.outerWidth - width) / 2));
  const top = Math.max(0, Math.round(window.screenY + (window.outerHeight - height) / 2));
  return `popup,width=${width},height=${height},left=${left},top=${top}`;
}

function handle(popup: Window): PopupHandle {
  return {
    navigate(url) {
      popup.location.href = url;
    },
    close() {
      try {
        popup.close();
      } catch {
        // Already closed, or its opener link was cut: nothing to do.
      }
    },
    response(expected, { timeoutMs, signal }) {
      return new Promise<ReturnParams>((resolve, reject) => {
        const finish = (settle: () => void) => {
          window.removeEventListener('message', onMessage);
          clearInterval(poll);
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          settle();
        };
        const onMessage = (event: MessageEvent) => {
          const response = readPopupMessage(event, expected);
          if (response) finish(() => resolve(response));
        };
        const onAbort = () => finish(() => reject(new DOMException('aborted', 'AbortError')));
        window.addEventListener('message', onMessage);
        signal?.addEventListener('abort', onAbort, { once: true });
        // A Cross-Origin-Opener-Policy may keep `closed` false for good: then the timeout decides.
        const poll = setInterval(() => {
          let closed = false;
          try {
            closed = popup.closed;
          } catch {
            closed = false;
          }
          if (closed) finish(() => reject(new LinkerError('popup-closed', 'popupClosed')));
        }, POLL_MS);
        const timer = setTimeout(() => finish(() => reject(new LinkerError('popup-timeout', 'popupTimeout'))), timeoutMs);
      });
    },
  };
}

/** The real page. */
export const windowPort: BrowserPort = {
  href: () => window.location.href,
  replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
  assign: (url) => window.location.assign(url),
  openPopup() {
    let popup: Window | null = null;
    try {
      popup = window.open('', 'account-linker-authorize', popupFeatures());
    } catch {
      popup = null;
    }
    return popup ? handle(popup) : undefined;
  },
};
