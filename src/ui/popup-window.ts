// Waiting for the /authorize popup's answer: its message (checked by popup-message.ts), its
// closing, or the time running out. Loaded with the first popup, not by every page.
import type { PopupExpectation } from '../protocol/popup-message.js';
import { readPopupMessage } from '../protocol/popup-message.js';
import { LinkerError } from '../protocol/errors.js';
import type { ReturnParams } from '../protocol/return-url.js';

const POLL_MS = 500;

export function waitForAnswer(
  popup: Window,
  expected: PopupExpectation,
  { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<ReturnParams> {
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
}
