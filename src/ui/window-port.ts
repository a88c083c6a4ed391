import type { BrowserPort, PopupHandle } from '../controller/port.js';

// The real page behind `BrowserPort`: its address, navigation and the /authorize popup.

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
    response: (expected, options) => import('./popup-window.js').then(({ waitForAnswer }) => waitForAnswer(popup, expected, options)),
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
