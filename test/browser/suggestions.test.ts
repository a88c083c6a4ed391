// Server mode's "Also yours?" (issue 21): the accounts the page's own server suggests (other users
// that share the signed-in user's verified email) under the list, against msw handlers of this
// file that play the host server. Linking one is the normal link with its connection (and the
// account's email as a hint); hiding one is remembered in this browser, as hashes; a server that
// cannot suggest leaves the section away without an error. The journey through the real server and
// the mock's sign-in page is in e2e-server.test.ts.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { HttpResponse } from 'msw';
import type { AccountLinker } from '../../src/account-linker.js';
import type { AccountLinkDetail } from '../../src/events.js';
import { collectErrors, part, rowIds, tick, useMock, worker } from './helpers.js';
import { ENDPOINT, hostServer, type Answer, type Seen } from './host-server.js';

const PRIMARY = { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication', isSocial: false };
const GITHUB = { provider: 'github', user_id: 7654321, connection: 'github', isSocial: true, profileData: { nickname: 'octo' } };
const USER = { user_id: 'auth0|alice0001', email: 'alice@example.com', email_verified: true, identities: [PRIMARY] };
const APPLE = {
  provider: 'apple',
  user_id: '001842.5c3d.1402',
  connection: 'apple',
  isSocial: true,
  profileData: { email: 'alice@example.com', name: 'Alice (Apple)' },
};
const GOOGLE = {
  provider: 'google-oauth2',
  user_id: '1098',
  connection: 'google-oauth2',
  isSocial: true,
  profileData: { email: 'alice@example.com', name: 'Alice G' },
};
const HIDDEN_KEY = 'account-linker:hidden-suggestions';
const SIGN_IN = 'https://tenant.example.com/authorize?client_id=regular&state=s';

const listOf = (identities: unknown[] = USER.identities) => () => HttpResponse.json({ ...USER, identities });
const suggesting = (suggestions: unknown) => () => HttpResponse.json({ suggestions });

async function serverLinker(lang?: string): Promise<AccountLinker> {
  return fixture<AccountLinker>(html`<account-linker mode="server" endpoint=${ENDPOINT} lang=${lang ?? 'en'}></account-linker>`);
}

const suggested = (el: AccountLinker) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="suggestion"]')].map((item) => item.dataset['key']);
const linkButton = (el: AccountLinker, key: string) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="add-link"][data-suggested="${CSS.escape(key)}"]`);

async function suggestionsShown(el: AccountLinker, keys: string[]): Promise<void> {
  await waitUntil(() => JSON.stringify(suggested(el)) === JSON.stringify(keys), `suggestions: ${JSON.stringify(suggested(el))}`, { timeout: 5000 });
}

/** Waits for the list and for the suggestions' answer, then lets the view settle. */
async function settled(el: AccountLinker, seen: Seen[]): Promise<void> {
  await waitUntil(() => rowIds(el).length > 0, 'the list', { timeout: 5000 });
  await waitUntil(() => seen.some((s) => s.path === '/suggestions'), 'the suggestions asked for', { timeout: 5000 });
  await tick(50);
  await el.updateComplete;
}

describe('<account-linker mode="server">: "Also yours?"', () => {
  useMock();
  beforeEach(() => localStorage.removeItem(HIDDEN_KEY));
  after(() => localStorage.removeItem(HIDDEN_KEY));

  it('shows the suggestions under the list: mark, provider, account, Link (add-link, data-connection, data-suggested) and Hide', async () => {
    const seen = hostServer({ 'GET ': listOf(), 'GET /suggestions': suggesting([APPLE, GOOGLE]) });
    const el = await serverLinker();
    await suggestionsShown(el, ['apple|001842.5c3d.1402', 'google-oauth2|1098']);
    const section = part(el, 'suggestions')!;
    expect(section.getAttribute('role')).to.equal('group');
    expect(section.textContent).to.contain('Also yours?');
    // After the list and the add button: it is a hint, not the main thing.
    const list = part(el, 'list')!;
    expect(list.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.greaterThan(0);
    const [apple] = section.querySelectorAll<HTMLElement>('[part~="suggestion"]');
    expect(apple!.querySelector('[part~="provider-icon"]')).to.not.equal(null);
    expect(part(el, 'account-name', apple)!.textContent).to.equal('alice@example.com');
    const link = linkButton(el, 'apple|001842.5c3d.1402')!;
    expect(link.dataset['connection']).to.equal('apple');
    expect(link.textContent!.trim()).to.equal('Link');
    expect(link.getAttribute('aria-label')).to.equal('Link Apple (alice@example.com)');
    expect(part(el, 'hide-suggestion', apple)!.getAttribute('aria-label')).to.equal('Hide Apple (alice@example.com)');
    expect(seen.filter((s) => s.path === '/suggestions').map((s) => s.method)).to.deep.equal(['GET']);
    await expect(el).to.be.accessible();
  });

  it('Link starts the normal server-mode link with the connection and the account email as the hint', async () => {
    const seen = hostServer({
      'GET ': listOf(),
      'GET /suggestions': suggesting([APPLE]),
      'POST /link': () => HttpResponse.json({ url: SIGN_IN }),
    });
    const el = await serverLinker();
    await suggestionsShown(el, ['apple|001842.5c3d.1402']);
    // Stopped before navigating: the request is what matters here.
    const link = new Promise<AccountLinkDetail>((resolve) =>
      el.addEventListener('account-link', (event) => {
        event.preventDefault();
        resolve(event.detail);
      }, { once: true }),
    );
    linkButton(el, 'apple|001842.5c3d.1402')!.click();
    const detail = await link;
    expect(detail).to.deep.equal({ url: SIGN_IN, connection: 'apple' });
    const posts = seen.filter((s) => s.method === 'POST' && s.path === '/link');
    expect(posts.length).to.equal(1);
    expect(JSON.parse(posts[0]!.body)).to.deep.equal({ connection: 'apple', loginHint: 'alice@example.com', returnTo: location.pathname + location.search, popup: false });
  });

  it('leaves out what is on the list already, and one just linked leaves the suggestions at once', async () => {
    hostServer({ 'GET ': listOf([PRIMARY, GITHUB]), 'GET /suggestions': suggesting([APPLE, { ...GITHUB }]) });
    const el = await serverLinker();
    await suggestionsShown(el, ['apple|001842.5c3d.1402']);
    // The host gives a list with Apple in it (as after a link): no longer suggested.
    el.identities = [PRIMARY, GITHUB, APPLE];
    await el.updateComplete;
    expect(suggested(el)).to.deep.equal([]);
    expect(part(el, 'suggestions')).to.equal(null);
  });

  it('Hide removes it, moves focus to the next Link, and is remembered in this browser as hashes only', async () => {
    const seen = hostServer({ 'GET ': listOf(), 'GET /suggestions': suggesting([APPLE, GOOGLE]) });
    const el = await serverLinker();
    await suggestionsShown(el, ['apple|001842.5c3d.1402', 'google-oauth2|1098']);
    const errors = collectErrors();
    part(el, 'hide-suggestion')!.click();
    await suggestionsShown(el, ['google-oauth2|1098']);
    await waitUntil(() => el.shadowRoot!.activeElement === linkButton(el, 'google-oauth2|1098'), 'focus on the next Link');
    await waitUntil(() => localStorage.getItem(HIDDEN_KEY), 'remembered');
    const stored = localStorage.getItem(HIDDEN_KEY)!;
    expect(JSON.parse(stored)).to.have.length(1);
    expect(stored).to.match(/^\["[0-9a-f]{24}"\]$/);
    for (const clear of ['alice', 'apple', '001842', 'auth0']) expect(stored).not.to.contain(clear);
    errors.stop();
    expect(errors.list).to.deep.equal([]);
    // Nothing was sent about it.
    expect(seen.filter((s) => s.method !== 'GET')).to.deep.equal([]);

    // A new page for the same user: still hidden. The last one hidden: focus on the add button.
    el.remove();
    const again = await serverLinker();
    await suggestionsShown(again, ['google-oauth2|1098']);
    part(again, 'hide-suggestion')!.click();
    await waitUntil(() => part(again, 'suggestions') === null, 'the section goes with its last one');
    await waitUntil(() => again.shadowRoot!.activeElement === part(again, 'add-link'), 'focus on the add button');
  });

  it('hidden for one user is not hidden for another', async () => {
    hostServer({ 'GET ': listOf(), 'GET /suggestions': suggesting([APPLE]) });
    const el = await serverLinker();
    await suggestionsShown(el, ['apple|001842.5c3d.1402']);
    part(el, 'hide-suggestion')!.click();
    await waitUntil(() => localStorage.getItem(HIDDEN_KEY), 'remembered');
    el.remove();
    worker.resetHandlers();
    hostServer({
      'GET ': () => HttpResponse.json({ user_id: 'auth0|bob0002', email: 'bob@example.com', identities: [{ ...PRIMARY, user_id: 'bob0002' }] }),
      'GET /suggestions': suggesting([APPLE]),
    });
    const bob = await serverLinker();
    await suggestionsShown(bob, ['apple|001842.5c3d.1402']);
  });

  const quiet: Array<[string, Answer]> = [
    ['403 (no read:users at the tenant)', () => HttpResponse.json({ code: 'http', message: 'Insufficient scope' }, { status: 403 })],
    ['429', () => HttpResponse.json({ code: 'http', message: 'slow down' }, { status: 429, headers: { 'Retry-After': '5' } })],
    ['500', () => HttpResponse.html('<h1>oops</h1>', { status: 500 })],
    ['404 (an older server)', () => HttpResponse.json({ code: 'http', message: 'no such route' }, { status: 404 })],
    ['not JSON', () => new HttpResponse('<html>', { headers: { 'Content-Type': 'text/html' } })],
    ['no suggestions array', () => HttpResponse.json({ suggestions: 'alice' })],
    ['a network failure', () => HttpResponse.error()],
  ];
  for (const [name, answer] of quiet) {
    it(`a server that cannot suggest (${name}): no section, no error, the list as it was`, async () => {
      const seen = hostServer({ 'GET ': listOf([PRIMARY, GITHUB]), 'GET /suggestions': answer });
      const errors = collectErrors();
      const el = await serverLinker();
      await settled(el, seen);
      errors.stop();
      expect(part(el, 'suggestions')).to.equal(null);
      expect(part(el, 'error')).to.equal(null);
      expect(errors.list).to.deep.equal([]);
      expect(rowIds(el)).to.deep.equal(['auth0|alice0001', 'github|7654321']);
    });
  }

  it('skips malformed suggestions, keeps at most ten, and shows hostile text as inert, cleaned text', async () => {
    const many = Array.from({ length: 14 }, (_, at) => ({ ...GOOGLE, user_id: `g${at}` }));
    const hostile = { ...APPLE, profileData: { email: 'alice\u202Emoc.elgoog@example.com<img src=x onerror=alert(1)>' } };
    hostServer({ 'GET ': listOf(), 'GET /suggestions': suggesting([{ provider: 'x|y', user_id: 1 }, 'nope', hostile, ...many]) });
    const el = await serverLinker();
    await waitUntil(() => suggested(el).length > 0, 'suggestions', { timeout: 5000 });
    expect(suggested(el).length).to.equal(10);
    expect(suggested(el)[0]).to.equal('apple|001842.5c3d.1402');
    const name = part(el, 'account-name', el.shadowRoot!.querySelector('[part~="suggestion"]')!)!;
    expect(name.textContent).not.to.contain('\u202E');
    expect(el.shadowRoot!.querySelector('img[src="x"]')).to.equal(null);
  });

  it('speaks the page language (Hebrew, right to left)', async () => {
    hostServer({ 'GET ': listOf(), 'GET /suggestions': suggesting([APPLE]) });
    const el = await serverLinker('he');
    await suggestionsShown(el, ['apple|001842.5c3d.1402']);
    await waitUntil(() => part(el, 'suggestions')!.textContent!.includes('גם שלכם?'), 'Hebrew title', { timeout: 5000 });
    expect(linkButton(el, 'apple|001842.5c3d.1402')!.textContent!.trim()).to.equal('קישור');
  });

  it('a page that is not in server mode never asks for suggestions', async () => {
    const seen = hostServer({});
    const el = await fixture<AccountLinker>(html`<account-linker identities=${JSON.stringify([PRIMARY, GITHUB])}></account-linker>`);
    await el.updateComplete;
    await tick(100);
    expect(seen).to.deep.equal([]);
    expect(part(el, 'suggestions')).to.equal(null);
  });
});
