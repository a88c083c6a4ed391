// Helpers for the Management API mode tests: an ordered request log, a link started with the add
// button, a real authorization code from the mock's /authorize page, and hand-made ID tokens.
import { expect, oneEvent } from '@open-wc/testing';
import { http } from 'msw';
import type { AccountLinker } from '../../src/account-linker.js';
import { DEMO_USER_IDS } from '../../src/mock/index.js';
import { CLIENT_ID, ORIGIN, linker, loaded, part, worker, type Attrs } from './helpers.js';

export const ALICE_IDS = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];
export const ALICE_PATH = `/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.alice)}`;
export const AUDIENCE = `${ORIGIN}/api/v2/`;
export const SCOPES = 'read:current_user update:current_user_identities';
export const PENDING_KEY = 'account-linker:pending';

/** An <account-linker mode="management"> for alice. */
export function mlinker(attrs: Attrs = {}): Promise<AccountLinker> {
  return linker({ mode: 'management', ...attrs });
}

export interface Logged {
  method: string;
  url: URL;
  /** `METHOD pathname`, the pathname as sent (still URL-encoded). */
  line: string;
  headers: Headers;
  body: string;
}

/**
 * Records, in order, every request to the tenant (preflights and avatar pictures aside), then lets the handlers
 * registered before it answer. Handlers added with `worker.use` AFTER this one run first and are
 * not seen: call it after the overrides.
 */
export function recordAll(): Logged[] {
  const seen: Logged[] = [];
  worker.use(
    http.all(`${ORIGIN}/*`, async ({ request }) => {
      const url = new URL(request.url);
      // Avatars are pictures the rows show, not calls of the component.
      if (request.method === 'OPTIONS' || url.pathname.startsWith('/__mock/avatar/')) return undefined;
      seen.push({
        method: request.method,
        url,
        line: `${request.method} ${url.pathname}`,
        headers: request.headers,
        body: await request.clone().text(),
      });
      return undefined;
    }),
  );
  return seen;
}

/** Clicks the element's (first, or `connection`'s) add link with `account-link` cancelled; the URL. */
export async function addLinkUrl(el: AccountLinker, connection?: string): Promise<URL> {
  el.addEventListener('account-link', (e) => e.preventDefault(), { once: true });
  const selector = connection ? `[part~="add-link"][data-connection="${connection}"]` : '[part~="add-link"]';
  setTimeout(() => el.shadowRoot!.querySelector<HTMLElement>(selector)!.click());
  const { detail } = await oneEvent(el, 'account-link');
  return new URL(detail.url);
}

/** Starts a link by redirect from an element that then goes away (the page leaves for /authorize). */
export async function startLink(attrs: Attrs = {}): Promise<URL> {
  const el = await mlinker(attrs);
  await loaded(el);
  const url = await addLinkUrl(el);
  el.remove();
  return url;
}

/**
 * What a person does on the mock's /authorize page, through the real handlers: load the page for
 * `authorizeUrl` (asked with `response_mode=web_message`, so the answer is readable HTML rather
 * than a 302), pick `identity`, and read the authorization response the page posts.
 */
export async function decide(authorizeUrl: URL | string, identity: string): Promise<{ code: string; state: string }> {
  const url = new URL(String(authorizeUrl));
  url.searchParams.set('response_mode', 'web_message');
  const page = await fetch(url);
  const pageHtml = await page.text();
  expect(page.status, `the /authorize page: ${pageHtml.slice(0, 300)}`).to.equal(200);
  const tx = /name="tx" value="([^"]+)"/.exec(pageHtml)?.[1];
  expect(tx, 'the /authorize page holds a transaction').to.be.a('string');
  const decision = await fetch(`${ORIGIN}/authorize/decision`, {
    method: 'POST',
    body: new URLSearchParams({ tx: tx!, identity }),
  });
  const answer = await decision.text();
  const data = /postMessage\((\{.*\}), "/s.exec(answer)?.[1];
  expect(data, `the decision page posts an answer: ${answer.slice(0, 300)}`).to.be.a('string');
  const message = JSON.parse(data!) as { type: string; response: { code?: string; state?: string; error?: string; error_description?: string } };
  expect(message.response.error, message.response.error_description).to.be.undefined;
  return { code: message.response.code!, state: message.response.state! };
}

const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A JWT made by hand (not signed by the tenant). */
export function craftJwt(header: Record<string, unknown>, payload: Record<string, unknown>, signature = 'c2lnbmF0dXJl'): string {
  return `${b64url(header)}.${b64url(payload)}.${signature}`;
}

/** Claims of an ID token the element would accept for `nonce` (only the signature is not Auth0's). */
export function idClaims(nonce: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: `${ORIGIN}/`,
    sub: 'github|7654321',
    aud: CLIENT_ID,
    iat: now,
    exp: now + 3600,
    auth_time: now,
    nonce,
    email: 'octo-spare@users.noreply.github.com',
    email_verified: true,
    ...more,
  };
}

/** The pending links the element keeps in sessionStorage across the redirect. */
export function pendingLinks(): Record<string, Record<string, unknown>> {
  return JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '{}') as Record<string, Record<string, unknown>>;
}

export function clearPending(): void {
  sessionStorage.removeItem(PENDING_KEY);
}

/** `provider|user_id` of each identity the tenant lists for a user. */
export function tenantIds(identities: { provider: string; user_id: string | number }[] | undefined): string[] {
  return (identities ?? []).map((i) => `${i.provider}|${i.user_id}`);
}

/** The notice is on show: rendered, not visually hidden, with role=status. */
export function visibleNotice(el: AccountLinker): HTMLElement {
  const notice = part(el, 'notice');
  expect(notice, 'a notice is shown').to.exist;
  expect(notice!.getAttribute('role')).to.equal('status');
  const box = notice!.getBoundingClientRect();
  expect(box.width > 0 && box.height > 0, 'the notice has a size').to.be.true;
  expect(getComputedStyle(notice!).visibility).to.equal('visible');
  expect(notice!.classList.contains('visually-hidden')).to.be.false;
  return notice!;
}

/** S256 of a PKCE verifier, base64url. */
export async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A node as a short string (null when absent). Assertions compare these, never the nodes: a failed
 * assertion whose actual value is an element hangs the test run while it is serialized.
 */
export function shown(node: Element | null | undefined): string | null {
  if (!node) return null;
  const attrs = ['part', 'data-code', 'data-key', 'role']
    .filter((name) => node.hasAttribute(name))
    .map((name) => ` ${name}="${node.getAttribute(name)}"`)
    .join('');
  return `<${node.localName}${attrs}> ${(node.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 120)}`;
}

/** Focus is inside `el` (the document sees the host), on one of `targets` in its shadow root. */
export function expectFocusIn(el: HTMLElement, targets: (Element | null | undefined)[]): void {
  expect(document.activeElement === el, `the document's focus is on ${shown(document.activeElement)}`).to.be.true;
  const inner = el.shadowRoot!.activeElement;
  expect(
    targets.some((target) => !!target && target === inner),
    `focus is on ${shown(inner)}, not on one of ${targets.map(shown).join(' | ')}`,
  ).to.be.true;
}
