// The Management API demo pages driven as a person would: real pages from the demo server,
// dist/account-linker.js in mode="management", the mock's /authorize page reached by a top-level
// redirect (or in a popup), the code exchanged at /oauth/token and linked with POST …/identities.
// The request log (scripts/request-log-plugin.mjs) shows what the browser really sent: what reached
// the test server, and what it tried to send anywhere else.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { isLoopback } from '../../src/protocol/config.js';
import { DEMO_CLIENT_ID, DEMO_TOKENS } from '../../src/mock/seed.js';
import { frame, open, doc, linker, listIs, inLinker, navigateBy, errorText, noticeText, watchNavigations } from './demo-frame.js';

interface LogEntry {
  url: string;
  method: string;
  headers: Record<string, string>;
  postData: string | null;
}

function eventLog(): string {
  return doc().getElementById('log')!.textContent ?? '';
}

async function readLog(): Promise<LogEntry[]> {
  return ((await executeServerCommand('request-log-read')) ?? []) as LogEntry[];
}

async function unlinkRow(userId: string): Promise<void> {
  const row = [...linker().shadowRoot.querySelectorAll<HTMLElement>('[part~="identity"]')].find((r) => r.dataset['userId'] === userId)!;
  row.querySelector<HTMLButtonElement>('[part~="unlink-button"]')!.click();
  await waitUntil(() => linker().shadowRoot.querySelector('[part~="confirm-unlink"]'));
  inLinker<HTMLButtonElement>('[part~="confirm-unlink"]').click();
}

/** The token never travels in a URL: not the seeded one, nor any `access_token=` parameter. */
function expectNoTokenInUrls(log: LogEntry[], extra: string[] = []): void {
  const leaky = [...log.map(({ url }) => url), ...extra].filter(
    (url) => url.includes(DEMO_TOKENS.alice) || /[?&#]access_token=/.test(url),
  );
  expect(leaky, 'URLs that carry an access token').to.deep.equal([]);
}

const ALICE = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];
const ALICE_USER = `/api/v2/users/${encodeURIComponent('auth0|alice0001')}`;

describe('the Management API demo, end to end', () => {
  beforeEach(async () => {
    await executeServerCommand('request-log-start');
    const reset = await fetch('/__mock/reset', { method: 'POST' });
    expect(reset.status).to.equal(204);
  });

  afterEach(async () => {
    const log = await readLog();
    const outside = log.filter(({ url }) => /^(https?|wss?):/.test(url) && !isLoopback(new URL(url).hostname));
    expect(outside.map(({ url }) => url), 'requests that left loopback').to.deep.equal([]);
    expect(log.some(({ url }) => new URL(url).pathname === '/__mock/reset'), 'the request log saw the run').to.be.true;
    frame?.remove();
  });

  it('links a GitHub account by redirect, with PKCE and the primary token only in headers, and unlinks it', async () => {
    await open('/demo/management.html?user=alice');
    await listIs(ALICE, 'the demo list');

    await navigateBy(() => inLinker<HTMLButtonElement>('[part~="add-link"]').click());
    const authorize = new URL(frame.contentWindow!.location.href);
    expect(authorize.pathname).to.equal('/authorize');
    const q = (name: string) => authorize.searchParams.get(name);
    expect(q('response_type')).to.equal('code');
    expect(q('client_id')).to.equal(DEMO_CLIENT_ID);
    expect(q('redirect_uri')).to.equal(`${location.origin}/demo/management.html?user=alice`);
    expect(q('scope')!.split(' ')).to.include.members(['openid', 'profile', 'email']);
    expect(q('state')).to.match(/^[A-Za-z0-9_-]{20,}$/);
    expect(q('nonce')).to.match(/^[A-Za-z0-9_-]{20,}$/);
    expect(q('code_challenge')).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(q('code_challenge_method')).to.equal('S256');
    expect(q('prompt')).to.equal('login');
    expect(q('max_age')).to.equal('0');
    expect(authorize.searchParams.has('access_token')).to.be.false;
    expect(authorize.searchParams.has('response_mode')).to.be.false;
    expect(doc().body.textContent).to.contain('Account Linker Demo');

    await navigateBy(() => doc().querySelector<HTMLButtonElement>('[data-identity="github|7654321"]')!.click());
    await listIs([...ALICE, 'github|7654321'], 'after linking');
    const back = new URL(frame.contentWindow!.location.href);
    expect(back.pathname).to.equal('/demo/management.html');
    expect([...back.searchParams.keys()]).to.deep.equal(['user']);
    expect(eventLog()).to.contain('account-linked');
    expect(errorText()).to.equal(null);

    await unlinkRow('7654321');
    await listIs(ALICE, 'after unlinking');
    expect(eventLog()).to.contain('account-unlinked');

    // The tenant agrees: a fresh page shows the same list.
    await navigateBy(() => frame.contentWindow!.location.reload());
    await listIs(ALICE, 'after a reload');
    expect(doc().documentElement.outerHTML).not.to.contain('access-token=');
    expect(doc().documentElement.outerHTML).not.to.contain(DEMO_TOKENS.alice);

    const log = await readLog();
    expectNoTokenInUrls(log);
    const bearer = `Bearer ${DEMO_TOKENS.alice}`;

    const exchanges = log.filter(({ url }) => new URL(url).pathname === '/oauth/token');
    expect(exchanges.map(({ method }) => method), '/oauth/token calls').to.deep.equal(['POST']);
    const exchange = new URLSearchParams(exchanges[0]!.postData ?? '');
    const exchangeBody = exchanges[0]!.postData?.trim().startsWith('{')
      ? new Map(Object.entries(JSON.parse(exchanges[0]!.postData!) as Record<string, string>))
      : exchange;
    expect(exchangeBody.get('grant_type')).to.equal('authorization_code');
    expect(exchangeBody.get('client_id')).to.equal(DEMO_CLIENT_ID);
    expect(exchangeBody.get('code_verifier')).to.match(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(exchangeBody.get('redirect_uri')).to.equal(`${location.origin}/demo/management.html?user=alice`);
    expect(exchangeBody.has('client_secret')).to.be.false;

    const links = log.filter(({ url, method }) => method === 'POST' && new URL(url).pathname === `${ALICE_USER}/identities`);
    expect(links.length, 'POST …/identities calls').to.equal(1);
    expect(links[0]!.headers['authorization']).to.equal(bearer);
    const linkWith = (JSON.parse(links[0]!.postData ?? '{}') as { link_with?: string }).link_with;
    expect(linkWith, 'link_with is an ID token').to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(linkWith).not.to.equal(DEMO_TOKENS.alice);

    const unlinks = log.filter(({ url, method }) => method === 'DELETE' && new URL(url).pathname === `${ALICE_USER}/identities/github/7654321`);
    expect(unlinks.length, 'DELETE …/identities/github/7654321 calls').to.equal(1);
    expect(unlinks[0]!.headers['authorization']).to.equal(bearer);

    const loads = log.filter(({ url, method }) => method === 'GET' && new URL(url).pathname === ALICE_USER);
    expect(loads.length, 'GET /api/v2/users/… calls').to.be.greaterThan(0);
    expect(loads.every(({ headers }) => headers['authorization'] === bearer)).to.be.true;
    // Legacy endpoints are not used in this mode.
    expect(log.filter(({ url }) => ['/userinfo', '/unlink'].includes(new URL(url).pathname))).to.deep.equal([]);
  });

  it('cancel at /authorize (from a page button naming GitHub) comes back calmly, the list unchanged', async () => {
    await open('/demo/management.html?user=alice');
    await listIs(ALICE);
    await navigateBy(() => doc().querySelector<HTMLButtonElement>('#link-with [data-connection="github"]')!.click());
    const authorize = new URL(frame.contentWindow!.location.href);
    expect(authorize.pathname).to.equal('/authorize');
    expect(authorize.searchParams.get('connection')).to.equal('github');
    const choices = [...doc().querySelectorAll<HTMLElement>('[data-identity]')].map((b) => b.dataset['identity']!);
    expect(choices).to.include('github|7654321');
    expect(choices.every((id) => id.startsWith('github|'))).to.be.true;

    await navigateBy(() => doc().querySelector<HTMLButtonElement>('[data-action="cancel"]')!.click());
    await waitUntil(() => noticeText() || errorText(), 'nothing shown after cancel', { timeout: 8000 });
    expect(errorText(), 'a cancel is no alarm').to.equal(null);
    expect(linker().shadowRoot.querySelector('[part~="notice"]')!.getAttribute('role')).to.equal('status');
    await listIs(ALICE);
    const back = new URL(frame.contentWindow!.location.href);
    expect([...back.searchParams.keys()]).to.deep.equal(['user']);
    expect(eventLog()).to.contain('authorize-error');
    const log = await readLog();
    expectNoTokenInUrls(log);
    expect(log.filter(({ url }) => new URL(url).pathname === '/oauth/token'), 'no exchange after a cancel').to.deep.equal([]);
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

    it('links an identity picked in the popup; the page never navigates', async () => {
      await open('/demo/popup.html?user=alice');
      await listIs(ALICE);
      opened = capturePopups();
      const page = watchNavigations();

      inLinker<HTMLButtonElement>('[part~="add-link"]').click();
      await waitUntil(() => opened.length === 1, 'no popup opened', { timeout: 4000 });
      const popup = opened[0]!;
      await waitUntil(
        () => popupPath(popup) === '/authorize' && popup.document.readyState === 'complete' && popup.document.querySelector('[data-identity="github|7654321"]'),
        `the popup shows no picker (at ${popupPath(popup)})`,
        { timeout: 8000 },
      );
      const authorize = new URL(popup.location.href);
      expect(authorize.searchParams.get('response_mode')).to.equal('web_message');
      expect(authorize.searchParams.get('code_challenge_method')).to.equal('S256');
      expect(authorize.searchParams.get('prompt')).to.equal('login');
      expect(authorize.searchParams.has('access_token')).to.be.false;

      popup.document.querySelector<HTMLButtonElement>('[data-identity="github|7654321"]')!.click();
      // Where the popup is when the wait gives up tells a lost answer (still open at
      // /authorize/decision, which posted it) from a slow one.
      await listIs([...ALICE, 'github|7654321'], () => `after linking in the popup (the popup at ${popupPath(popup) ?? 'closed'})`);
      expect(errorText()).to.equal(null);
      expect(eventLog()).to.contain('account-linked');
      page.expectStayed();
      await waitUntil(() => popup.closed, 'the popup stays open after the link', { timeout: 4000 });

      const log = await readLog();
      // The popup's own requests are in the log too, so the check below covers them.
      expect(log.some(({ url, method }) => method === 'POST' && new URL(url).pathname === '/authorize/decision'), 'the popup\'s requests are logged').to.be.true;
      expectNoTokenInUrls(log, [authorize.href]);
      expect(log.filter(({ url }) => new URL(url).pathname === '/oauth/token').length, '/oauth/token calls').to.equal(1);
      const links = log.filter(({ url, method }) => method === 'POST' && new URL(url).pathname === `${ALICE_USER}/identities`);
      expect(links.map(({ headers }) => headers['authorization'])).to.deep.equal([`Bearer ${DEMO_TOKENS.alice}`]);
    });

    it('a popup the person closes is a calm notice, the list unchanged', async () => {
      await open('/demo/popup.html?user=alice');
      await listIs(ALICE);
      opened = capturePopups();
      inLinker<HTMLButtonElement>('[part~="add-link"]').click();
      await waitUntil(() => opened.length === 1, 'no popup opened', { timeout: 4000 });
      await waitUntil(() => popupPath(opened[0]) === '/authorize', 'the popup never reached /authorize', { timeout: 8000 });
      opened[0]!.close();
      await waitUntil(() => eventLog().includes('popup-closed'), 'no popup-closed event', { timeout: 4000 });
      expect(errorText(), 'a closed popup is no alarm').to.equal(null);
      expect(noticeText()).to.be.a('string').and.not.equal('');
      await listIs(ALICE);
      expect(new URL(frame.contentWindow!.location.href).pathname).to.equal('/demo/popup.html');
    });
  });
});
