// Browser host: the handlers in a service worker, for component tests and a static demo.
// The worker script is public/mockServiceWorker.js, served at /mockServiceWorker.js.
import { setupWorker } from 'msw/browser';
import { handlers, tenant } from './handlers.js';

export const worker = setupWorker(...handlers);

let started: Promise<ServiceWorkerRegistration | undefined> | undefined;

/** Starts the worker once; later calls return the same promise. */
export function startMockWorker(): Promise<ServiceWorkerRegistration | undefined> {
  started ??= worker.start({
    quiet: true,
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
  });
  return started;
}

export { tenant };
// The static demo needs the demo constants from the same bundle.
export { DEMO_CLIENT_ID, DEMO_TOKENS, DEMO_USER_IDS } from './seed.js';
