// The server mode demo driven as a person would (issue 18, "Done when"): real pages from the demo
// server, dist/account-linker.js in mode="server", account-linker/server mounted by the demo server
// at /demo/api/identities with the mock's Regular Web App (client secret) and M2M applications, the
// mock's /authorize page reached by a top-level redirect (or in a popup), the callback's 303 back.
// Every response the browser gets in each journey — pages, files, the mock's pages, the server's
// answers, their headers and cookies — is scanned for every token the mock minted
// (test/browser/response-log-plugin.mjs), and the request log (scripts/request-log-plugin.mjs) shows
// what the browser sent.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { isLoopback } from '../../src/protocol/config.js';
import { DEMO_TOKENS, M2M_CLIENT_SECRET, REGULAR_CLIENT_ID, REGULAR_CLIENT_SECRET } from '../../src/mock/seed.js';
import { frame, open, doc, linker, listIs, inLinker, navigateBy, errorText, noticeText } from './demo-frame.js';

const ENDPOINT = '/demo/api/identities';
const ALICE = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];

interface LogEntry {
  url: string;
  method: string;
  headers: Record<string, string>;
  postData: string | null;
}

interface ScannedResponse {
  url: string;
  method: string;
  status: number;
  agent: 'browser' | 'server';
  truncated: boolean;
  bytes: number;
  setCookies: string[];
  location: string | null;
}

interface ScanReport {
  responses: ScannedResponse[];
  leaks: Array<{ url: string; method: string; where: string; needle: string }>;
  controlHits: number;
  needles: number;
  minted: { total: number; duringJourney: number; accessTokensDuringJourney: number; idTokensDuringJourney: number };
  tenantAccessTokens: number;
}

/** What the test names besides the minted tokens: the seed's access tokens, an IdP token, the client secrets. */
const KNOWN_SECRETS = [...Object.values(DEMO_TOKENS), 'ya29.mock-idp-token', REGULAR_CLIENT_SECRET, M2M_CLIENT_SECRET];

/** The paths the server itself calls at the mock tenant (never the browser's). */
const TENANT_PATHS = /^\/(\.well-known\/(openid-configuration|jwks\.json)|oauth\/token|api\/v2\/.*)$/;

const pathOf = (url: string) => new URL(url).pathname;

function eventLog(): string {
  return doc().getElementById('log')!.textContent ?? '';
}

/** What the browser sent (the server's own calls to the tenant at the same origin are left out). */
async function readLog(): Promise<LogEntry[]> {
  const log = ((await executeServerCommand('request-log-read')) ?? []) as LogEntry[];
  return log.filter(({ headers }) => headers['user-agent'] === navigator.userAgent);
}

/**
 * The Done-when: no token in any response the browser got since the test started. Returns the
 * report; `required` are `METHOD /path` the journey must have answered (so the scan saw them).
 */
async function expectNoTokenInResponses(required: string[], linksMade: number): Promise<ScanReport> {
  const report = (await executeServerCommand('response-log-scan', { needles: KNOWN_SECRETS })) as ScanReport;
  const browser = report.responses.filter((r) => r.agent === 'browser');
  const server = report.responses.filter((r) => r.agent === 'server');
  const seen = new Set(browser.map((r) => `${r.method} ${pathOf(r.url)}`));
  for (const one of required) expect(seen.has(one), `the scan saw ${one}; it saw ${[...seen].join(', ')}`).to.be.true;
  expect(browser.filter((r) => r.truncated), 'responses too large to scan').to.deep.equal([]);
  // Every response of the server's own calls is to the tenant: none of the browser's was left out.
  expect(server.map((r) => pathOf(r.url)).filter((path) => !TENANT_PATHS.test(path)), "the server's own calls").to.deep.equal([]);
  // The scan knew every token of the journey: the mock's own count of the access tokens it issued
  // since its reset (the M2M token, one per second-account sign-in) is what the log collected.
  expect(report.minted.accessTokensDuringJourney, 'access tokens collected vs issued').to.equal(report.tenantAccessTokens);
  expect(report.minted.accessTokensDuringJourney, 'the M2M token and one per sign-in').to.equal(1 + linksMade);
  expect(report.minted.idTokensDuringJourney, 'ID tokens of the second sign-ins').to.equal(linksMade);
  // The scan finds what it looks for: the tenant's answers to the server's own calls carry the tokens.
  expect(report.controlHits, "the server's /oauth/token answers found by the scan").to.be.at.least(1 + linksMade);
  expect(report.leaks, 'responses the browser got that carry a token').to.deep.equal([]);
  // Cookies the browser was given: the demo session, the linker's sealed transaction and result, the mock tenant's session.
  for (const cookie of browser.flatMap((r) => r.setCookies)) {
    expect(cookie, 'a cookie the browser got').to.match(/^(demo_user=(alice|bob|carol)|account_linker_(tx|result)=(v1\.[A-Za-z0-9_-]+)?|auth0=[A-Za-z0-9_-]*|did=[A-Za-z0-9_-]*);/);
    expect(cookie).to.match(/; HttpOnly/i);
  }
  return report;
}

/** Requests the element sent to the server: same origin, the header, never a token. */
function expectElementRequests(log: LogEntry[]): void {
  const calls = log.filter(({ url }) => pathOf(url).startsWith(ENDPOINT) && pathOf(url) !== `${ENDPOINT}/callback`);
  expect(calls.length, 'requests to the endpoint').to.be.greaterThan(1);
  for (const call of calls) {
    expect(call.headers['x-account-linker'], `${call.method} ${call.url}`).to.equal('1');
    expect(call.headers['authorization'], `${call.method} ${call.url}`).to.equal(undefined);
    expect(new URL(call.url).origin).to.equal(location.origin);
  }
  const leaky = log.filter(({ url, headers, postData }) =>
    [url, JSON.stringify(headers), postData ?? ''].some((text) => KNOWN_SECRETS.some((secret) => text.includes(secret)) || /[?&#]access_token=/.test(text)),
  );
  expect(leaky.map(({ url }) => url), 'requests that carry a token').to.deep.equal([]);
}

async function unlinkRow(userId: string): Promise<void> {
  const row = [...linker().shadowRoot.querySelectorAll<HTMLElement>('[part~="identity"]')].find((r) => r.dataset['userId'] === userId)!;
  row.querySelector<HTMLButtonElement>('[part~="unlink-button"]')!.click();
  await waitUntil(() => linker().shadowRoot.querySelector('[part~="confirm-unlink"]'));
  inLinker<HTMLButtonElement>('[part~="confirm-unlink"]').click();
}

/** Add account → the mock's /authorize page (top-level, in the frame) → picks `identity` → back. */
async function linkByRedirect(identity: string): Promise<URL> {
  await navigateBy(() => inLinker<HTMLButtonElement>('[part~="add-link"]').click());
  const authorize = new URL(frame.contentWindow!.location.href);
  expect(authorize.pathname).to.equal('/authorize');
  await waitUntil(() => doc().querySelector(`[data-identity="${identity}"]`), `the sign-in page offers no ${identity}`);
  await navigateBy(() => doc().querySelector<HTMLButtonElement>(`[data-identity="${identity}"]`)!.click());
  return authorize;
}

describe('server mode demo, end to end (account-linker/server behind the demo server)', () => {
  beforeEach(async () => {
    const reset = await fetch('/__mock/reset', { method: 'POST' });
    expect(reset.status).to.equal(204);
    await executeServerCommand('request-log-start');
    await executeServerCommand('response-log-start');
  });

  afterEach(async () => {
    await executeServerCommand('response-log-stop');
    const log = await readLog();
    const outside = log.filter(({ url }) => /^(https?|wss?):/.test(url) && !isLoopback(new URL(url).hostname));
    expect(outside.map(({ url }) => url), 'requests that left loopback').to.deep.equal([]);
    frame?.remove();
  });

  it('lists, links a GitHub account by redirect and unlinks it; no token in the page or in any response', async () => {
    await open('/demo/server.html?user=alice');
    await listIs(ALICE, 'the demo list');
    expect(doc().documentElement.outerHTML).not.to.contain('access-token');
    const nav = [...doc().querySelectorAll<HTMLAnchorElement>('nav a[href^="/demo/server.html"], nav a[href^="/demo/server-popup.html"]')].map((a) => a.getAttribute('href'));
    expect(nav, 'the server mode pages in the nav').to.deep.equal(['/demo/server.html?user=alice', '/demo/server-popup.html?user=alice']);

    const authorize = await linkByRedirect('github|7654321');
    // The server built the sign-in: its Regular Web App, its own callback, PKCE, a fresh sign-in, no token.
    const q = (name: string) => authorize.searchParams.get(name);
    expect(q('client_id')).to.equal(REGULAR_CLIENT_ID);
    expect(q('redirect_uri')).to.equal(`${location.origin}${ENDPOINT}/callback`);
    expect(q('code_challenge_method')).to.equal('S256');
    expect(q('prompt')).to.equal('login');
    expect(q('max_age')).to.equal('0');
    expect(q('state')).to.match(/^[A-Za-z0-9_-]{20,}$/);
    expect(q('nonce')).to.match(/^[A-Za-z0-9_-]{20,}$/);
    expect(authorize.searchParams.has('access_token')).to.be.false;

    await listIs([...ALICE, 'github|7654321'], 'after linking');
    await waitUntil(() => eventLog().includes('account-linked'), 'no account-linked event');
    expect(errorText()).to.equal(null);
    expect(noticeText(), 'the linked notice').to.be.a('string').and.not.equal('');
    const back = new URL(frame.contentWindow!.location.href);
    expect(back.pathname).to.equal('/demo/server.html');
    expect([...back.searchParams.keys()], 'account_linker left the address bar').to.deep.equal(['user']);

    await unlinkRow('7654321');
    await listIs(ALICE, 'after unlinking');
    await waitUntil(() => eventLog().includes('account-unlinked'), 'no account-unlinked event');

    // The tenant agrees: a fresh page shows the same list.
    await navigateBy(() => frame.contentWindow!.location.reload());
    await listIs(ALICE, 'after a reload');

    const log = await readLog();
    expectElementRequests(log);
    const links = log.filter(({ url, method }) => method === 'POST' && pathOf(url) === `${ENDPOINT}/link`);
    expect(links.length).to.equal(1);
    expect(links[0]!.headers['content-type']).to.match(/^application\/json/);
    expect(JSON.parse(links[0]!.postData ?? '{}')).to.deep.include({ returnTo: '/demo/server.html?user=alice', popup: false });

    const report = await expectNoTokenInResponses(
      [
        `GET /demo/server.html`,
        `GET ${ENDPOINT}`,
        `POST ${ENDPOINT}/link`,
        'GET /authorize',
        `GET ${ENDPOINT}/callback`,
        `GET ${ENDPOINT}/result`,
        `DELETE ${ENDPOINT}/identities/github/7654321`,
      ],
      1,
    );
    const callback = report.responses.find((r) => r.agent === 'browser' && pathOf(r.url) === `${ENDPOINT}/callback`)!;
    expect(callback.status, 'the callback answers 303').to.equal(303);
    expect(callback.location).to.equal(`${location.origin}/demo/server.html?user=alice&account_linker=done`);
  });

  it('?user=bob signs Bob in: his list, linked by redirect', async () => {
    await open('/demo/server.html?user=bob');
    await listIs(['auth0|bob0002'], "Bob's list");
    expect(doc().querySelector('header')!.textContent).to.contain('Bob Example');
    await linkByRedirect('facebook|10987654321098765');
    await listIs(['auth0|bob0002', 'facebook|10987654321098765'], "Bob's list after linking");
    expect(errorText()).to.equal(null);
    await expectNoTokenInResponses([`GET ${ENDPOINT}/result`], 1);
  });

  it('refuses an account whose email is not verified: unverified-email, the list unchanged', async () => {
    await open('/demo/server.html?user=alice');
    await listIs(ALICE);
    await linkByRedirect('oauth2|gitea|4242');
    await waitUntil(() => errorText(), 'no error shown', { timeout: 8000 });
    expect(linker().shadowRoot.querySelector('[part~="error"]')!.getAttribute('role')).to.equal('alert');
    await waitUntil(() => eventLog().includes('account-linker-error'), 'no account-linker-error event');
    expect(eventLog()).to.contain('"code":"unverified-email"');
    expect(eventLog()).not.to.contain('account-linked');
    await listIs(ALICE);
    expect([...new URL(frame.contentWindow!.location.href).searchParams.keys()]).to.deep.equal(['user']);
    await expectNoTokenInResponses([`GET ${ENDPOINT}/callback`, `GET ${ENDPOINT}/result`], 1);
  });

  it("refuses an identity that belongs to another user (Carol's Facebook): already-linked, the list unchanged", async () => {
    await open('/demo/server.html?user=alice');
    await listIs(ALICE);
    await linkByRedirect('facebook|10203040506070809');
    await waitUntil(() => errorText(), 'no error shown', { timeout: 8000 });
    await waitUntil(() => eventLog().includes('account-linker-error'), 'no account-linker-error event');
    expect(eventLog()).to.contain('"code":"already-linked"');
    await listIs(ALICE);
    await expectNoTokenInResponses([`GET ${ENDPOINT}/result`], 1);
  });

  describe('in a popup', () => {
    /** Wraps the frame's `window.open` to get at the popup the element opens. */
    function capturePopups(): Window[] {
      const win = frame.contentWindow! as Window & typeof globalThis;
      const opened: Window[] = [];
      const original = win.open.bind(win);
      win.open = (...args: Parameters<Window['open']>) => {
        const popup = original(...args);
        if (popup) opened.push(popup);
        return popup;
      };
      return opened;
    }

    function popupPath(popup: Window | undefined): string | undefined {
      try {
        return popup && !popup.closed ? popup.location.pathname : undefined;
      } catch {
        return undefined;
      }
    }

    let opened: Window[] = [];
    afterEach(() => {
      for (const popup of opened) if (!popup.closed) popup.close();
      opened = [];
    });

    async function openPicker(identity: string): Promise<Window> {
      inLinker<HTMLButtonElement>('[part~="add-link"]').click();
      await waitUntil(() => opened.length === 1, 'no popup opened', { timeout: 4000 });
      const popup = opened[0]!;
      await waitUntil(
        () => popupPath(popup) === '/authorize' && popup.document.readyState === 'complete' && popup.document.querySelector(`[data-identity="${identity}"]`),
        `the popup shows no picker (at ${popupPath(popup)})`,
        { timeout: 8000 },
      );
      return popup;
    }

    it('links an identity picked in the popup; the page never navigates; no token in any response', async () => {
      await open('/demo/server-popup.html?user=alice');
      await listIs(ALICE);
      opened = capturePopups();
      let navigations = 0;
      frame.addEventListener('load', () => navigations++);
      const before = frame.contentWindow!.location.href;

      const popup = await openPicker('google-oauth2|118000000000000000001');
      expect(new URL(popup.location.href).searchParams.get('client_id')).to.equal(REGULAR_CLIENT_ID);
      popup.document.querySelector<HTMLButtonElement>('[data-identity="google-oauth2|118000000000000000001"]')!.click();
      await listIs([...ALICE, 'google-oauth2|118000000000000000001'], 'after linking in the popup');
      await waitUntil(() => eventLog().includes('account-linked'), 'no account-linked event');
      expect(errorText()).to.equal(null);
      expect(navigations, 'the page navigated').to.equal(0);
      expect(frame.contentWindow!.location.href).to.equal(before);
      await waitUntil(() => popup.closed, 'the popup stays open after the link', { timeout: 4000 });

      const log = await readLog();
      expectElementRequests(log);
      const link = log.find(({ url, method }) => method === 'POST' && pathOf(url) === `${ENDPOINT}/link`)!;
      expect(JSON.parse(link.postData ?? '{}')).to.deep.include({ popup: true });
      const report = await expectNoTokenInResponses([`POST ${ENDPOINT}/link`, 'GET /authorize', `GET ${ENDPOINT}/callback`, `GET ${ENDPOINT}/result`], 1);
      const callback = report.responses.find((r) => r.agent === 'browser' && pathOf(r.url) === `${ENDPOINT}/callback`)!;
      expect(callback.status, "the popup's callback is the page that tells the opener").to.equal(200);
    });

    it('a popup the person closes is a calm popup-closed notice, the list unchanged', async () => {
      await open('/demo/server-popup.html?user=alice');
      await listIs(ALICE);
      opened = capturePopups();
      const popup = await openPicker('github|7654321');
      popup.close();
      await waitUntil(() => eventLog().includes('popup-closed'), 'no popup-closed event', { timeout: 6000 });
      expect(errorText(), 'a closed popup is no alarm').to.equal(null);
      expect(noticeText()).to.be.a('string').and.not.equal('');
      await listIs(ALICE);
      const results = (await readLog()).filter(({ url }) => pathOf(url) === `${ENDPOINT}/result`);
      expect(results.length, 'GET /result once').to.equal(1);
      await expectNoTokenInResponses([`GET ${ENDPOINT}/result`], 0);
    });
  });
});
