// A test-runner plugin that records every request a test page (and its frames) makes, seen by
// the browser itself through DevTools, so end-to-end tests can prove nothing leaves loopback.
export function requestLogPlugin() {
  const logs = new Map();
  return {
    name: 'request-log',
    async executeCommand({ command, session }) {
      if (command === 'request-log-start') {
        if (!logs.has(session.id)) {
          const urls = [];
          logs.set(session.id, urls);
          session.browser.getPage(session.id).on('request', (request) => urls.push(request.url()));
        }
        logs.get(session.id).length = 0;
        return true;
      }
      if (command === 'request-log-read') return logs.get(session.id) ?? [];
      return undefined;
    },
  };
}
