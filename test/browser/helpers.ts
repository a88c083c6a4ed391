import './readable-failures.js';
import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import { http, type HttpHandler } from 'msw';
import { startMockWorker, tenant, worker } from '../../src/mock/browser.js';
import { DEMO_CLIENT_ID, DEMO_TOKENS } from '../../src/mock/index.js';
import type { AccountLinker } from '../../src/account-linker.js';
import type { AccountLinkerErrorDetail } from '../../src/events.js';
import '../../src/index.js';

export { tenant, worker };
export const DOMAIN = 'tenant.example.com';
export const ORIGIN = `https://${DOMAIN}`;
export const CLIENT_ID = DEMO_CLIENT_ID;
export const ALICE = DEMO_TOKENS.alice;

/** Starts the mock service worker once per test file and gives each test a fresh tenant. */
export function useMock(): void {
  before(async () => {
    await startMockWorker();
  });
  beforeEach(() => tenant.reset());
  afterEach(() => worker.resetHandlers());
}

export interface Attrs {
  domain?: string;
  clientId?: string;
  token?: string;
  connections?: string;
  identities?: string;
  userId?: string;
  unlinkPath?: string;
  state?: string;
  redirectUri?: string;
  mode?: string;
  popup?: boolean;
  allowUnverifiedEmail?: boolean;
}

/** An <account-linker> for alice against the mock tenant; attrs override or (undefined) drop. */
export async function linker(attrs: Attrs = {}): Promise<AccountLinker> {
  const a: Attrs = { domain: DOMAIN, clientId: CLIENT_ID, token: ALICE, ...attrs };
  return fixture<AccountLinker>(html`<account-linker
    domain=${a.domain ?? ''}
    client-id=${a.clientId ?? ''}
    access-token=${a.token ?? ''}
    connections=${a.connections ?? ''}
    unlink-path=${a.unlinkPath ?? ''}
    user-id=${a.userId ?? ''}
    state=${a.state ?? ''}
    redirect-uri=${a.redirectUri ?? ''}
    identities=${a.identities ?? nothing}
    mode=${a.mode ?? 'legacy'}
    ?popup=${a.popup ?? false}
    ?allow-unverified-email=${a.allowUnverifiedEmail ?? false}
  ></account-linker>`);
}

export function part<T extends HTMLElement = HTMLElement>(el: AccountLinker, name: string, root: ParentNode = el.shadowRoot!): T | null {
  return root.querySelector<T>(`[part~="${name}"]`);
}

export function parts<T extends HTMLElement = HTMLElement>(el: AccountLinker, name: string, root: ParentNode = el.shadowRoot!): T[] {
  return [...root.querySelectorAll<T>(`[part~="${name}"]`)];
}

export function rows(el: AccountLinker): HTMLElement[] {
  return parts(el, 'identity');
}

/** The `provider|user_id` of each row, in order. */
export function rowIds(el: AccountLinker): string[] {
  return rows(el).map((row) => `${row.dataset['provider']}|${row.dataset['userId']}`);
}

export function row(el: AccountLinker, id: string): HTMLElement {
  const found = rows(el).find((r) => `${r.dataset['provider']}|${r.dataset['userId']}` === id);
  if (!found) throw new Error(`no row ${id} in ${rowIds(el).join(', ')}`);
  return found;
}

export async function loaded(el: AccountLinker): Promise<void> {
  await waitUntil(() => rows(el).length > 0 || part(el, 'error') || part(el, 'empty'), 'the list did not load', { timeout: 5000 });
  await el.updateComplete;
}

/** Waits for rows, whatever else is shown. */
export async function listed(el: AccountLinker): Promise<void> {
  await waitUntil(() => rows(el).length > 0, 'no identities were listed', { timeout: 5000 });
  await el.updateComplete;
}

export async function errorShown(el: AccountLinker): Promise<HTMLElement> {
  await waitUntil(() => part(el, 'error'), 'no error was shown', { timeout: 5000 });
  await el.updateComplete;
  return part<HTMLElement>(el, 'error')!;
}

/** Collects every account-linker-error that reaches the document. */
export function collectErrors(): { list: AccountLinkerErrorDetail[]; stop: () => void } {
  const list: AccountLinkerErrorDetail[] = [];
  const listener = (event: Event) => list.push((event as CustomEvent<AccountLinkerErrorDetail>).detail);
  document.addEventListener('account-linker-error', listener);
  return { list, stop: () => document.removeEventListener('account-linker-error', listener) };
}

export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** Records the requests to a path, then lets the real mock handler answer them. */
export function record(method: 'get' | 'post' | 'delete', path: string): Recorded[] {
  const seen: Recorded[] = [];
  const handler: HttpHandler = http[method](`*${path}`, async ({ request }) => {
    seen.push({ method: request.method, url: new URL(request.url), headers: request.headers, body: await request.clone().text() });
    return undefined;
  });
  worker.use(handler);
  return seen;
}

/** Starts a link with the add link, stops the navigation, and returns the state it sent. */
export async function startLink(el: AccountLinker): Promise<string> {
  el.addEventListener('account-link', (e) => e.preventDefault(), { once: true });
  setTimeout(() => part(el, 'add-link')!.click());
  const { detail } = await oneEvent(el, 'account-link');
  return new URL(detail.url).searchParams.get('state')!;
}

/** Runs with the address bar set to `search`, then puts it back. */
export async function withLocation<T>(search: string, run: () => Promise<T>): Promise<T> {
  const original = window.location.href;
  const url = new URL(original);
  for (const [key, value] of new URLSearchParams(search)) url.searchParams.set(key, value);
  history.replaceState(history.state, '', url.href);
  try {
    return await run();
  } finally {
    history.replaceState(history.state, '', original);
  }
}

/** Lets pending tasks run (not an animation frame: background pages get none). */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The page's own timers and clock, taken before any test can fake them (sinon.useFakeTimers).
const realSetTimeout = window.setTimeout.bind(window);
const realNow = performance.now.bind(performance);

/**
 * waitUntil on the real clock, for tests that fake the timers: polls every 10 ms of real time and
 * gives up after `timeout` ms of it, whatever the faked clock says.
 */
export async function waitUntilReal(predicate: () => unknown, message: string, { timeout = 5000 } = {}): Promise<void> {
  const started = realNow();
  while (!predicate()) {
    if (realNow() - started > timeout) throw new Error(`Timeout: ${message} (${timeout} ms of real time)`);
    await new Promise((resolve) => realSetTimeout(resolve, 10));
  }
}
