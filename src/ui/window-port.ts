import { LinkerError } from '../protocol/errors.js';
import type { ReturnParams } from '../protocol/pending-link.js';
import { readPopupMessage } from '../protocol/popup-message.js';
import type { BrowserPort, PopupHandle } from '../controller/port.js';

// The real page behind `BrowserPort`: its address, navigation and the /authorize popup.

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
