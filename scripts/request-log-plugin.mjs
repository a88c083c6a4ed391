// A test-runner plugin that records every request a test page (and its frames) makes, seen by
// the browser itself through DevTools, so end-to-end tests can prove nothing leaves loopback.
// Each entry notes whether a service worker (the msw mock) answered it.
export function requestLogPlugin() {
  const logs = new Map();
  return {
    name: 'request-log',
    async executeCommand({ command, session }) {
      if (command === 'request-log-start') {
        if (!logs.has(session.id)) {
          const entries = [];
          const byRequest = new WeakMap();
          logs.set(session.id, entries);
          const page = session.browser.getPage(session.id);
          page.on('request', (request) => {
            const entry = { url: request.url(), fromServiceWorker: false };
            byRequest.set(request, entry);
            entries.push(entry);
          });
          page.on('response', (response) => {
            const entry = byRequest.get(response.request());
            if (entry) entry.fromServiceWorker = response.fromServiceWorker();
          });
        }
        logs.get(session.id).length = 0;
        return true;
      }
      if (command === 'request-log-read') return logs.get(session.id) ?? [];
      return undefined;
    },
  };
}
