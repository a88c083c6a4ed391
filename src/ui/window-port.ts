import type { BrowserPort, PopupHandle } from '../controller/port.js';

// The real page behind `BrowserPort`: its address, navigation and the /authorize popup.

function popupFeatures(): string {
  const width = 480;
  const height = 640;
  const left = Math.max(0, Math.round(window.screenX + (window.outerWidth - width) / 2));
  const top = Math.max(0, Math.round(window.screenY + (window.outerHeight - height) / 2));
  return `popup,width=${width},height=${height},left=${left},top=${top}`;
}

let popupWait: Promise<typeof import('./popup-window.js')> | undefined;

/**
 * The popup's wait (its chunk), asked for ahead by a page with `popup` and again in the click: the
 * popup is sent on only once it listens, so it should be here by then. Not here (offline): said by
 * `response` when the flow asks for the answer, never an unhandled rejection, and asked again next time.
 */
export function preparePopupWait(): Promise<typeof import('./popup-window.js')> {
  const chunk = (popupWait ??= import('./popup-window.js'));
  chunk.catch(() => {
    if (popupWait === chunk) popupWait = undefined;
  });
  return chunk;
}

function handle(popup: Window): PopupHandle {
  // The popup goes to /authorize only once the wait listens: its chunk is asked for now (in the
  // click) and its listener is attached when `response` is called, which the flow does right after
  // `navigate`. Sent on before that, a quick answer was posted to nobody and lost: the element
  // waited out POPUP_TIMEOUT_MS with the popup left on its answer page (issue 22).
  const chunk = preparePopupWait();
  let listening!: () => void;
  const listens = new Promise<void>((resolve) => (listening = resolve));
  return {
    navigate(url) {
      void listens.then(() => {
        popup.location.href = url;
      });
    },
    close() {
      try {
        popup.close();
      } catch {
        // Already closed, or its opener link was cut: nothing to do.
      }
    },
    response: (expected, options) =>
      chunk.then(({ waitForAnswer }) => {
        // waitForAnswer adds its message listener before it returns.
        const answer = waitForAnswer(popup, expected, options);
        listening();
        return answer;
      }),
  };
}

/** The real page. */
export const windowPort: BrowserPort = {
  href: () => window.location.href,
  replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
  assign: (url) => window.location.assign(url),
  storage() {
    try {
      return window.localStorage;
    } catch {
      // Blocked (cookies off, a sandboxed frame): remembered for this page only.
      return undefined;
    }
  },
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
