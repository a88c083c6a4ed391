/// <reference types="node" />
// What the controller's Node tests drive it with: a minimal Lit host (an EventTarget that counts
// `requestUpdate()` and runs `hostUpdated()` as Lit's update would), a fake BrowserPort (an address
// the test sets, navigations recorded, popups whose answer the test gives), an in-memory
// PendingLinks store, and the mock tenant over msw/node with every request recorded.
import { after, afterEach, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createHandlers, createTenant, DEMO_CLIENT_ID, type Tenant } from '../../../src/mock/index.js';
import { LinkerController } from '../../../src/controller/linker-controller.js';
import type { Outcome } from '../../../src/controller/outcome.js';
import type { BrowserPort, PopupHandle } from '../../../src/controller/port.js';
import type { ConfigInput } from '../../../src/protocol/config.js';
import { LinkerError } from '../../../src/protocol/errors.js';
import { PendingLinks, type KeyValueStore, type ReturnParams } from '../../../src/protocol/pending-link.js';
import type { PopupExpectation } from '../../../src/protocol/popup-message.js';
import { defaultStrings } from '../../../src/i18n/strings.js';
import { loadEnglishTexts } from '../../../src/i18n/english-loader.js';
import { loadDescriber } from '../../../src/i18n/describe-loader.js';
import { base64urlEncode } from '../../../src/mock/tokens.js';

// The English texts. chunk, here from the start: a setup error is then said in the same task (the
// element's wait for that chunk is covered by setup-texts.test.ts).
await Promise.all([loadEnglishTexts(), loadDescriber()]);

export const ORIGIN = 'https://tenant.example.com';
export const PAGE = 'https://app.example.com/account';
export const ALICE_START = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];

/** Lit's host, as little of it as the controller uses. */
export class FakeHost extends EventTarget implements ReactiveControllerHost {
  readonly controllers = new Set<ReactiveController>();
  /** How many times the controller asked for a render. */
  updates = 0;
  #scheduled: Promise<boolean> | undefined;
  /** Runs Lit's update (and so `hostUpdated()`) a microtask after `requestUpdate()`, as Lit does. */
  autoUpdate = true;

  addController(controller: ReactiveController): void {
    this.controllers.add(controller);
    controller.hostConnected?.();
  }
  removeController(controller: ReactiveController): void {
    this.controllers.delete(controller);
  }
  requestUpdate(): void {
    this.updates++;
    if (!this.autoUpdate || this.#scheduled) return;
    this.#scheduled = Promise.resolve().then(() => {
      this.#scheduled = undefined;
      this.update();
      return true;
    });
  }
  get updateComplete(): Promise<boolean> {
    return this.#scheduled ?? Promise.resolve(true);
  }
  /** One render: what Lit calls on the controllers around it. */
  update(): void {
    for (const controller of this.controllers) controller.hostUpdate?.();
    for (const controller of this.controllers) controller.hostUpdated?.();
  }
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A popup whose answer the test gives. */
export class FakePopup implements PopupHandle {
  url: string | undefined;
  closed = false;
  expected: PopupExpectation | undefined;
  timeoutMs: number | undefined;
  readonly answer = deferred<ReturnParams>();
  /** Resolves once the controller waits for the answer. */
  readonly waiting = deferred<void>();

  constructor() {
    // Closed before the controller asks for the answer: not an unhandled rejection.
    this.answer.promise.catch(() => undefined);
  }

  navigate(url: string): void {
    this.url = url;
  }
  response(expected: PopupExpectation, options: { timeoutMs: number; signal?: AbortSignal }): Promise<ReturnParams> {
    this.expected = expected;
    this.timeoutMs = options.timeoutMs;
    options.signal?.addEventListener('abort', () => this.answer.reject(new DOMException('stopped', 'AbortError')), { once: true });
    this.waiting.resolve();
    return this.answer.promise;
  }
  close(): void {
    this.closed = true;
  }
  /** The person closed the window without an answer. */
  closeByPerson(): void {
    this.answer.reject(new LinkerError('popup-closed', 'popupClosed'));
  }
}

export class FakePort implements BrowserPort {
  replaced: string[] = [];
  assigned: string[] = [];
  popups: FakePopup[] = [];
  /** False: the popup blocker stops the next `openPopup()`. */
  allowPopups = true;

  /** The page's localStorage for hidden suggestions (undefined: blocked). */
  local: KeyValueStore | undefined = undefined;

  constructor(public address = PAGE) {}

  href(): string {
    return this.address;
  }
  storage(): KeyValueStore | undefined {
    return this.local;
  }
  replaceUrl(url: string): void {
    this.replaced.push(url);
    this.address = url;
  }
  assign(url: string): void {
    this.assigned.push(url);
  }
  openPopup(): PopupHandle | undefined {
    if (!this.allowPopups) return undefined;
    const popup = new FakePopup();
    this.popups.push(popup);
    return popup;
  }
}

export function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

export interface Recorded {
  type: string;
  detail: any;
  cancelable: boolean;
}

/** One page: a host, its port, its controller, the events it fired and every start it ran. */
export class Page {
  readonly host = new FakeHost();
  readonly events: Recorded[] = [];
  readonly controller: LinkerController;
  /** Every `start()` the controller ran from `hostUpdated()` (its promise is not returned there). */
  readonly starts: Promise<Outcome>[] = [];
  /** Listeners that cancel the named events. */
  readonly cancel = new Set<string>();

  constructor(
    readonly port = new FakePort(),
    readonly pending = new PendingLinks(memoryStore()),
  ) {
    for (const type of ['account-link', 'account-linked', 'account-unlink', 'account-unlinked', 'account-linker-error']) {
      this.host.addEventListener(type, (event) => {
        const { detail, cancelable } = event as CustomEvent;
        this.events.push({ type, detail, cancelable });
        if (this.cancel.has(type)) event.preventDefault();
      });
    }
    this.controller = new LinkerController(this.host, port, () => defaultStrings, pending);
    // `hostUpdated()` starts the work with `void this.start()`: keep its promise so tests can wait.
    const start = this.controller.start.bind(this.controller);
    this.controller.start = () => {
      const run = start();
      this.starts.push(run);
      return run;
    };
  }

  get c(): LinkerController {
    return this.controller;
  }

  of(type: string): Recorded[] {
    return this.events.filter((event) => event.type === type);
  }
  errors(): string[] {
    return this.of('account-linker-error').map((event) => event.detail.code);
  }
  ids(): string[] | undefined {
    return this.controller.list?.map((i) => `${i.provider}|${i.user_id}`);
  }

  /** Configures (with the demo client of the mock tenant unless told otherwise). */
  configure(input: ConfigInput = {}): void {
    this.controller.configure({ domain: 'tenant.example.com', clientId: DEMO_CLIENT_ID, redirectUri: PAGE, ...input });
  }

  /** Waits until every update and every start so far (and those they caused) are over. */
  async settle(): Promise<void> {
    for (let seen = -1; seen !== this.starts.length; ) {
      seen = this.starts.length;
      await this.host.updateComplete;
      await Promise.all(this.starts);
      await this.host.updateComplete;
    }
  }
}

// Real timers, whatever `mock.timers` does to the globals later.
const realSetTimeout = globalThis.setTimeout;
export const sleep = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

/** Polls until `check()` holds (for work whose promise the controller keeps to itself). */
export async function until(check: () => boolean, what = 'the condition', ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The mock tenant over msw/node, reset before each test; every request it saw is in `requests`. */
export function useMockTenant(): { tenant: Tenant; server: ReturnType<typeof setupServer>; requests: Request[] } {
  const tenant = createTenant();
  const server = setupServer(...createHandlers(tenant));
  const requests: Request[] = [];
  const recorder = ({ request }: { request: Request }) => void requests.push(request.clone());
  before(() => {
    server.listen({ onUnhandledRequest: 'error' });
    server.events.on('request:start', recorder);
  });
  beforeEach(() => {
    tenant.reset();
    requests.length = 0;
  });
  afterEach(() => server.resetHandlers());
  after(() => {
    server.events.removeListener('request:start', recorder);
    server.close();
  });
  return { tenant, server, requests };
}

/** The requests whose method is `method` and whose URL starts with `prefix`. */
export const sent = (requests: Request[], method: string, prefix: string) =>
  requests.filter((request) => request.method === method && request.url.startsWith(prefix));

/** The browser's part of /authorize: open the URL, choose `identity` on the mock's page. */
export async function chooseOn(url: string, identity: string): Promise<Response> {
  const page = await fetch(url, { redirect: 'manual' });
  const html = await page.text();
  assert.equal(page.status, 200, html);
  const tx = /name="tx" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(tx, 'the page carries a transaction id');
  return fetch(new URL('/authorize/decision', ORIGIN), {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ tx, identity }),
  });
}

/** A redirect-mode authorization as `identity`: the return URL (the page with `code` and `state`). */
export async function returnUrlFor(url: string, identity: string): Promise<string> {
  const response = await chooseOn(url, identity);
  assert.equal(response.status, 302, await response.clone().text());
  return response.headers.get('Location')!;
}

/** The popup's answer (web_message) the mock's page posts, as the window port would read it. */
export async function popupAnswerFor(url: string, identity: string): Promise<ReturnParams> {
  const page = await chooseOn(url, identity);
  assert.equal(page.status, 200);
  const match = /\.postMessage\((\{.*\}), ("[^"]*")\);/.exec(await page.text());
  assert.ok(match, 'the page posts a message');
  const { response } = JSON.parse(match[1]!) as { response: Record<string, string> };
  return {
    state: response['state']!,
    ...(response['code'] ? { code: response['code'] } : {}),
    ...(response['error'] ? { error: response['error'] } : {}),
    ...(response['error_description'] ? { errorDescription: response['error_description'] } : {}),
  };
}

/** An unsigned JWT-shaped access token (for tenants the mock does not play). */
export function jwtFor(claims: Record<string, unknown>): string {
  const part = (value: unknown) => base64urlEncode(JSON.stringify(value));
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}
