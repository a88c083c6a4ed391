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
import { frame, open, doc, linker, listIs, inLinker, navigateBy, errorText, noticeText, shown, watchNavigations } from './demo-frame.js';

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

// "Also yours?" (issue 21): Alice's own Sign in with Apple, a separate user with her verified email,
// is suggested; the impostor (her email, unverified, at the `forum` connection) never is.
const APPLE = 'apple|001842.5c3d9ab6e1f04b7d8a2c6e9f0b1d3a57.1402';
const IMPOSTOR_TRACES = ['forum', '6666', 'not-alice'];
const HIDDEN_KEY = 'account-linker:hidden-suggestions';

function suggestionSection(): HTMLElement | null {
  return linker()?.shadowRoot?.querySelector<HTMLElement>('[part~="suggestions"]') ?? null;
}

/**
 * The section's markup, or null: what an assertion may compare (a node of the frame is of another
 * realm, which readable-failures.ts does not recognise, and serialising it takes the browser down).
 */
function sectionMarkup(): string | null {
  return suggestionSection()?.outerHTML ?? null;
}

/** The `provider|user_id` of each suggestion on show. */
function suggested(): string[] {
  const root = linker()?.shadowRoot;
  return root ? [...root.querySelectorAll<HTMLElement>('[part~="suggestion"]')].map((row) => row.dataset['key'] ?? '') : [];
}

async function suggestionsAre(expected: string[]): Promise<void> {
  const same = () => JSON.stringify(suggested()) === JSON.stringify(expected);
  try {
    await waitUntil(same, 'the suggestions', { timeout: 8000 });
  } catch (error) {
    if (error instanceof Error) error.message = `Timeout: the suggestions: ${JSON.stringify(suggested())}, not ${JSON.stringify(expected)}; list: ${JSON.stringify(shown())}`;
    throw error;
  }
}

/** The accounts a sign-in page offers. */
function offered(page: Document): string[] {
  return [...page.querySelectorAll<HTMLElement>('[data-identity]')].map((button) => button.dataset['identity'] ?? '');
}

/**
 * Waits until the page on show sent GET {endpoint}/suggestions (the request log) and got its answer
 * (the page's own resource timing, written once the body is in), then until the element has had
 * its turns to read it (JSON, the hidden ones' hashes, a render). Only then can an absent section
 * mean that nothing is suggested rather than nothing yet.
 */
async function suggestionsAnswered(sentBefore: number): Promise<void> {
  const url = new URL(`${ENDPOINT}/suggestions`, location.origin).href;
  await waitUntil(async () => (await suggestionRequests()) > sentBefore, 'the page sent no GET /suggestions', { timeout: 8000 });
  const win = frame.contentWindow!;
  await waitUntil(
    () => win.performance.getEntriesByName(url).some((entry) => (entry as PerformanceResourceTiming).responseEnd > 0),
    'GET /suggestions was not answered',
    { timeout: 8000 },
  );
  // Answered, so logged (the log is written as the request arrives).
  const count = await suggestionRequests();
  for (let turn = 0; turn < 3; turn++) {
    await new Promise((resolve) => win.requestAnimationFrame(() => win.setTimeout(resolve, 0)));
    await (linker() as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  }
  expect(await suggestionRequests(), 'GET /suggestions once per page load').to.equal(count);
}

async function suggestionRequests(): Promise<number> {
  return (await readLog()).filter(({ url, method }) => method === 'GET' && pathOf(url) === `${ENDPOINT}/suggestions`).length;
}

/** No trace of the impostor in the element or the page. */
function expectNoImpostor(): void {
  const html = linker().shadowRoot.innerHTML;
  for (const trace of IMPOSTOR_TRACES) {
    expect(html, `the element shows ${trace}`).not.to.contain(trace);
    expect(doc().documentElement.outerHTML, `the page shows ${trace}`).not.to.contain(trace);
  }
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

  describe('"Also yours?" suggestions (issue 21)', () => {
    beforeEach(() => localStorage.removeItem(HIDDEN_KEY));
    afterEach(() => localStorage.removeItem(HIDDEN_KEY));

    it("suggests Alice's own Apple account, never the impostor; Link signs in to it and links it, for good", async () => {
      await open('/demo/server.html?user=alice');
      await listIs(ALICE);
      await suggestionsAre([APPLE]);
      const section = suggestionSection()!;
      expect(section.getAttribute('role')).to.equal('group');
      expect(section.textContent!.trim(), 'the section has a title').not.to.equal('');
      const row = section.querySelector<HTMLElement>('[part~="suggestion"]')!;
      expect(row.dataset['provider']).to.equal('apple');
      expect(row.dataset['connection']).to.equal('apple');
      expect(row.querySelector('[part~="provider"]')!.textContent).to.contain('Apple');
      const button = inLinker<HTMLButtonElement>(`[part~="add-link"][data-suggested="${APPLE}"]`);
      expect(section.contains(button), 'its Link is in the section').to.be.true;
      expect(button.dataset['connection']).to.equal('apple');
      expect(row.querySelector('[part~="hide-suggestion"]') !== null, 'its Hide').to.be.true;
      expect(shown(), 'a suggestion is not a row of the list').to.deep.equal(ALICE);
      expectNoImpostor();

      await navigateBy(() => button.click());
      const authorize = new URL(frame.contentWindow!.location.href);
      expect(authorize.pathname).to.equal('/authorize');
      const q = (name: string) => authorize.searchParams.get(name);
      expect(q('connection')).to.equal('apple');
      expect(q('login_hint')).to.equal('alice@example.com');
      expect(q('prompt')).to.equal('login');
      expect(q('client_id')).to.equal(REGULAR_CLIENT_ID);
      expect(q('redirect_uri')).to.equal(`${location.origin}${ENDPOINT}/callback`);
      expect(q('state')).to.match(/^[A-Za-z0-9_-]{20,}$/);
      expect(q('code_challenge')).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(q('code_challenge_method')).to.equal('S256');
      expect(authorize.searchParams.has('access_token')).to.be.false;
      await waitUntil(() => doc().querySelector(`[data-identity="${APPLE}"]`), 'the sign-in page offers no Apple login');
      expect(offered(doc()), 'the sign-in page offers the Apple login only').to.deep.equal([APPLE]);

      await navigateBy(() => doc().querySelector<HTMLButtonElement>(`[data-identity="${APPLE}"]`)!.click());
      expect(new URL(frame.contentWindow!.location.href).pathname).to.equal('/demo/server.html');
      await listIs([...ALICE, APPLE], 'after linking the suggestion');
      await waitUntil(() => eventLog().includes('account-linked'), 'no account-linked event');
      expect(errorText()).to.equal(null);
      // Linked, it is no suggestion: not on the page back (which shows the list GET /result
      // answered, with no load, so it does not ask for suggestions), nor once the server is asked again.
      expect(sectionMarkup(), 'the section after the link').to.equal(null);
      expectNoImpostor();

      const before = await suggestionRequests();
      await navigateBy(() => frame.contentWindow!.location.reload());
      await listIs([...ALICE, APPLE], 'after a reload');
      await suggestionsAnswered(before);
      expect(sectionMarkup(), 'the section after a reload').to.equal(null);
      expect(suggested()).to.deep.equal([]);
      expectNoImpostor();

      const log = await readLog();
      expectElementRequests(log);
      const links = log.filter(({ url, method }) => method === 'POST' && pathOf(url) === `${ENDPOINT}/link`);
      expect(links.length).to.equal(1);
      expect(JSON.parse(links[0]!.postData ?? '{}')).to.deep.include({ connection: 'apple', loginHint: 'alice@example.com', returnTo: '/demo/server.html?user=alice', popup: false });
      await expectNoTokenInResponses(
        [
          'GET /demo/server.html',
          `GET ${ENDPOINT}`,
          `GET ${ENDPOINT}/suggestions`,
          `POST ${ENDPOINT}/link`,
          'GET /authorize',
          `GET ${ENDPOINT}/callback`,
          `GET ${ENDPOINT}/result`,
        ],
        1,
      );
    });

    it('Bob, whose email no other account has: the suggestions are asked for, no section shows', async () => {
      await open('/demo/server.html?user=bob');
      await listIs(['auth0|bob0002'], "Bob's list");
      await suggestionsAnswered(0);
      expect(sectionMarkup(), "Bob's section").to.equal(null);
      expect(suggested()).to.deep.equal([]);
      expect(errorText()).to.equal(null);
      expectElementRequests(await readLog());
      await expectNoTokenInResponses([`GET ${ENDPOINT}`, `GET ${ENDPOINT}/suggestions`], 0);
    });

    // Only Alice has a same-email account in the seed: no other user's own suggestions to see here.
    it('Hide: gone at once, and still gone after a reload (remembered in this browser, as a hash)', async () => {
      await open('/demo/server.html?user=alice');
      await listIs(ALICE);
      await suggestionsAre([APPLE]);
      inLinker<HTMLButtonElement>(`[part~="suggestion"][data-key="${APPLE}"] [part~="hide-suggestion"]`).click();
      await waitUntil(() => suggestionSection() === null, 'the section stays after Hide');
      await listIs(ALICE, 'the list after Hide');
      await waitUntil(() => localStorage.getItem(HIDDEN_KEY), 'Hide wrote nothing to localStorage');
      const stored = JSON.parse(localStorage.getItem(HIDDEN_KEY)!) as unknown;
      expect(stored, 'one hash').to.be.an('array').with.lengthOf(1);
      expect((stored as string[])[0]).to.match(/^[0-9a-f]{24}$/);
      for (const trace of ['apple', 'alice', '001842']) expect(localStorage.getItem(HIDDEN_KEY)).not.to.contain(trace);

      let before = await suggestionRequests();
      await navigateBy(() => frame.contentWindow!.location.reload());
      await listIs(ALICE, 'after a reload');
      await suggestionsAnswered(before);
      expect(sectionMarkup(), 'a hidden suggestion after a reload').to.equal(null);
      const hidden = (await readLog()).filter(({ url }) => pathOf(url).startsWith(ENDPOINT) || pathOf(url) === '/authorize');
      expect(hidden.map(({ url, postData }) => url + (postData ?? '')).join('\n'), 'the hash is never sent').not.to.contain((stored as string[])[0]);

      // Control: the server still suggests it; only this browser's memory keeps it away.
      localStorage.removeItem(HIDDEN_KEY);
      before = await suggestionRequests();
      await navigateBy(() => frame.contentWindow!.location.reload());
      await listIs(ALICE, 'after forgetting the hidden ones');
      await suggestionsAre([APPLE]);
      expect(await suggestionRequests()).to.equal(before + 1);
      expectNoImpostor();
      expectElementRequests(await readLog());
      await expectNoTokenInResponses([`GET ${ENDPOINT}/suggestions`], 0);
    });
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

    /** Clicks `button` (the add button unless told) and waits for the popup's picker offering `identity`. */
    async function openPicker(identity: string, button = '[part~="add-link"]'): Promise<Window> {
      inLinker<HTMLButtonElement>(button).click();
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
      const page = watchNavigations();

      const popup = await openPicker('google-oauth2|118000000000000000001');
      expect(new URL(popup.location.href).searchParams.get('client_id')).to.equal(REGULAR_CLIENT_ID);
      popup.document.querySelector<HTMLButtonElement>('[data-identity="google-oauth2|118000000000000000001"]')!.click();
      await listIs([...ALICE, 'google-oauth2|118000000000000000001'], 'after linking in the popup');
      await waitUntil(() => eventLog().includes('account-linked'), 'no account-linked event');
      expect(errorText()).to.equal(null);
      page.expectStayed();
      await waitUntil(() => popup.closed, 'the popup stays open after the link', { timeout: 4000 });

      const log = await readLog();
      expectElementRequests(log);
      const link = log.find(({ url, method }) => method === 'POST' && pathOf(url) === `${ENDPOINT}/link`)!;
      expect(JSON.parse(link.postData ?? '{}')).to.deep.include({ popup: true });
      const report = await expectNoTokenInResponses([`POST ${ENDPOINT}/link`, 'GET /authorize', `GET ${ENDPOINT}/callback`, `GET ${ENDPOINT}/result`], 1);
      const callback = report.responses.find((r) => r.agent === 'browser' && pathOf(r.url) === `${ENDPOINT}/callback`)!;
      expect(callback.status, "the popup's callback is the page that tells the opener").to.equal(200);
    });

    it('links an "Also yours?" suggestion in the popup: the row added, the section gone, the page never navigates (issue 21)', async () => {
      await open('/demo/server-popup.html?user=alice');
      await listIs(ALICE);
      await suggestionsAre([APPLE]);
      opened = capturePopups();
      const page = watchNavigations();

      const popup = await openPicker(APPLE, `[part~="add-link"][data-suggested="${APPLE}"]`);
      const authorize = new URL(popup.location.href);
      expect(authorize.searchParams.get('connection')).to.equal('apple');
      expect(authorize.searchParams.get('login_hint')).to.equal('alice@example.com');
      expect(offered(popup.document), 'what the popup offers').to.deep.equal([APPLE]);
      popup.document.querySelector<HTMLButtonElement>(`[data-identity="${APPLE}"]`)!.click();
      await listIs([...ALICE, APPLE], 'after linking the suggestion in the popup');
      await waitUntil(() => eventLog().includes('account-linked'), 'no account-linked event');
      expect(errorText()).to.equal(null);
      expect(sectionMarkup(), 'the section once its one suggestion is linked').to.equal(null);
      page.expectStayed();
      await waitUntil(() => popup.closed, 'the popup stays open after the link', { timeout: 4000 });

      const log = await readLog();
      expectElementRequests(log);
      const link = log.find(({ url, method }) => method === 'POST' && pathOf(url) === `${ENDPOINT}/link`)!;
      expect(JSON.parse(link.postData ?? '{}')).to.deep.include({ connection: 'apple', loginHint: 'alice@example.com', popup: true });
      await expectNoTokenInResponses([`GET ${ENDPOINT}/suggestions`, `POST ${ENDPOINT}/link`, 'GET /authorize', `GET ${ENDPOINT}/callback`, `GET ${ENDPOINT}/result`], 1);
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
