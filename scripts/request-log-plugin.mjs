// A test-runner plugin that records every request a test page (and its frames) makes, seen by
// the browser itself through DevTools, so end-to-end tests can prove nothing leaves loopback and
// check what was sent. Each entry: `url`, `method`, request `headers` (lower-case keys),
// `postData` (the body as text, or null when there is none), and `fromServiceWorker` (whether a
// service worker, the msw mock, answered it). Requests of popups the page opens are recorded too.
function lowerCaseKeys(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = String(value);
  return out;
}

function entryOf({ url, method, headers, postData }) {
  return { url, method, headers: lowerCaseKeys(headers), postData: postData ?? null, fromServiceWorker: false };
}

/**
 * A popup's requests, through a DevTools session of its own: puppeteer's `popup` event comes too
 * late (often after the popup is gone) to see them.
 */
async function recordPopup(target, entries) {
  let session;
  try {
    session = await target.createCDPSession();
    session.on('Network.requestWillBeSent', ({ request }) => {
      entries.push(entryOf({ ...request, postData: request.postData ?? request.postDataEntries?.map((e) => (e.bytes ? Buffer.from(e.bytes, 'base64').toString() : '')).join('') }));
    });
    await session.send('Network.enable');
  } catch {
    // The popup closed before it could be watched: nothing more to record.
  }
}

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
            const entry = entryOf({ url: request.url(), method: request.method(), headers: request.headers(), postData: request.postData() });
            byRequest.set(request, entry);
            entries.push(entry);
          });
          page.on('response', (response) => {
            const entry = byRequest.get(response.request());
            if (entry) entry.fromServiceWorker = response.fromServiceWorker();
          });
          page.browser().on('targetcreated', (target) => {
            if (target.type() === 'page' && target.opener() === page.target()) void recordPopup(target, entries);
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
