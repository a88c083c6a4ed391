// <account-linker mode="server">, against msw handlers of this file that play the host server in the
// browser (no real server): what the element sends (same origin, the session cookie, the header,
// never a token), how it reads the server's answers and refusals, the return (`account_linker=done`
// → GET /result, nothing taken from the URL), the popup's message, and a sign-in URL it must not open.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import sinon from 'sinon';
import { HttpResponse } from 'msw';
import type { AccountLinker } from '../../src/account-linker.js';
import { ENDPOINT, hostServer, type Seen } from './host-server.js';
import { ALICE, collectErrors, errorShown, part, rowIds, tick, useMock, withLocation } from './helpers.js';

const PRIMARY = { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication', isSocial: false };
const GITHUB = { provider: 'github', user_id: 7654321, connection: 'github', isSocial: true, profileData: { nickname: 'octo' } };
const USER = { user_id: 'auth0|alice0001', email: 'alice@example.com', identities: [PRIMARY] };
const SIGN_IN = 'https://tenant.example.com/authorize?client_id=regular&state=s';

const listOf = (identities: unknown[] = USER.identities) => () => HttpResponse.json({ ...USER, identities });
const noResult = () => new HttpResponse(null, { status: 204 });

interface Attrs {
  mode?: string;
  endpoint?: string;
  popup?: boolean;
  token?: string;
  domain?: string;
  clientId?: string;
}

async function serverLinker(a: Attrs = {}): Promise<AccountLinker> {
  return fixture<AccountLinker>(html`<account-linker
    mode=${a.mode ?? 'server'}
    endpoint=${a.endpoint ?? ENDPOINT}
    domain=${a.domain ?? nothing}
    client-id=${a.clientId ?? nothing}
    access-token=${a.token ?? nothing}
    ?popup=${a.popup ?? false}
  ></account-linker>`);
}

async function listedAs(el: AccountLinker, ids: string[]): Promise<void> {
  await waitUntil(() => JSON.stringify(rowIds(el)) === JSON.stringify(ids), `rows: ${JSON.stringify(rowIds(el))}`, { timeout: 5000 });
}

const shadowText = (el: AccountLinker) => el.shadowRoot!.textContent ?? '';
const calls = (seen: Seen[], method: string, path: string) => seen.filter((s) => s.method === method && s.url.pathname === ENDPOINT + path);

describe('<account-linker mode="server">', () => {
  useMock();
  let fetchSpy: sinon.SinonSpy<Parameters<typeof fetch>, ReturnType<typeof fetch>>;
  beforeEach(() => {
    fetchSpy = sinon.spy(window, 'fetch');
  });
  afterEach(() => sinon.restore());

  /** The RequestInit of each fetch the element made to the endpoint. */
  function inits(): Array<{ url: string; init: RequestInit }> {
    return fetchSpy.getCalls()
      .map((call) => ({ url: String(call.args[0] instanceof Request ? call.args[0].url : call.args[0]), init: call.args[1] ?? {} }))
      .filter(({ url }) => new URL(url, location.href).pathname.startsWith(ENDPOINT));
  }

  it('lists from GET {endpoint}: same origin, credentials same-origin, redirect manual, X-Account-Linker: 1, no Authorization', async () => {
    const seen = hostServer({ 'GET ': listOf([PRIMARY, GITHUB]) });
    const el = await serverLinker();
    await listedAs(el, ['auth0|alice0001', 'github|7654321']);
    // Then the suggestions ("Also yours?", suggestions.test.ts), the same way.
    await waitUntil(() => seen.length === 2, 'the suggestions asked for');
    expect(seen.map((s) => `${s.method} ${s.url.href}`)).to.deep.equal([`GET ${location.origin}${ENDPOINT}`, `GET ${location.origin}${ENDPOINT}/suggestions`]);
    const [request] = seen;
    expect(request!.headers.get('X-Account-Linker')).to.equal('1');
    expect(request!.headers.get('Authorization')).to.equal(null);
    const sent = inits();
    expect(sent.length).to.be.greaterThan(0);
    for (const { init } of sent) {
      expect(init.credentials, 'credentials').to.equal('same-origin');
      expect(init.redirect, 'redirect').to.equal('manual');
      expect(new Headers(init.headers).get('X-Account-Linker')).to.equal('1');
      expect(new Headers(init.headers).has('Authorization')).to.be.false;
    }
  });

  it('mode="auto" with an endpoint is server mode: a token and a tenant given are not used', async () => {
    const seen = hostServer({ 'GET ': listOf() });
    const el = await serverLinker({ mode: 'auto', token: ALICE, domain: 'tenant.example.com', clientId: 'abc' });
    await listedAs(el, ['auth0|alice0001']);
    // The list, then the suggestions it may have ("Also yours?"): both of the page's own server.
    await waitUntil(() => seen.length === 2, 'the suggestions asked for');
    expect(seen.map((s) => s.url.origin + s.url.pathname)).to.deep.equal([location.origin + ENDPOINT, location.origin + ENDPOINT + '/suggestions']);
    expect(seen.every((s) => s.headers.get('Authorization') === null)).to.be.true;
    expect(el.shadowRoot!.innerHTML).not.to.contain(ALICE);
  });

  it('an endpoint of another origin is invalid-config, and nothing is sent', async () => {
    const seen = hostServer({ 'GET ': listOf() });
    const errors = collectErrors();
    try {
      const el = await serverLinker({ endpoint: 'https://evil.example.com/account/identities' });
      await errorShown(el);
      await tick(50);
      expect(errors.list.map((e) => e.code)).to.deep.equal(['invalid-config']);
      expect(part(el, 'add-link')).to.equal(null);
    } finally {
      errors.stop();
    }
    expect(seen, 'requests sent').to.deep.equal([]);
  });

  it('401 on any request is missing-token ("sign in again"), whatever the body says', async () => {
    hostServer({ 'GET ': () => HttpResponse.json({ code: 'csrf', message: 'you are evil' }, { status: 401 }) });
    const errors = collectErrors();
    try {
      const el = await serverLinker();
      await errorShown(el);
      expect(errors.list.map((e) => e.code)).to.deep.equal(['missing-token']);
      expect(errors.list[0]!.status).to.equal(401);
      expect(shadowText(el)).not.to.contain('you are evil');
    } finally {
      errors.stop();
    }
  });

  it('403 {code: "csrf"} is csrf', async () => {
    hostServer({ 'GET ': listOf([PRIMARY, GITHUB]), 'DELETE /identities/github/7654321': () => HttpResponse.json({ code: 'csrf', message: 'The request was refused as cross-site.' }, { status: 403 }) });
    const el = await serverLinker();
    await listedAs(el, ['auth0|alice0001', 'github|7654321']);
    const errors = collectErrors();
    try {
      await el.unlink('github|7654321').catch(() => undefined);
      await errorShown(el);
      expect(errors.list.map((e) => e.code)).to.deep.equal(['csrf']);
      expect(rowIds(el), 'the list as it was').to.deep.equal(['auth0|alice0001', 'github|7654321']);
    } finally {
      errors.stop();
    }
  });

  it('unlinks with DELETE {endpoint}/identities/{provider}/{user_id}, segments encoded', async () => {
    const oidc = { provider: 'oidc', user_id: 'corp|employee-42', connection: 'corp-oidc', isSocial: false };
    const seen = hostServer({
      'GET ': listOf([PRIMARY, oidc]),
      'DELETE /identities/oidc/corp%7Cemployee-42': listOf([PRIMARY]),
    });
    const el = await serverLinker();
    await listedAs(el, ['auth0|alice0001', 'oidc|corp|employee-42']);
    await el.unlink('oidc|corp|employee-42');
    await listedAs(el, ['auth0|alice0001']);
    const deletes = seen.filter((s) => s.method === 'DELETE');
    expect(deletes.map((s) => s.url.pathname)).to.deep.equal([`${ENDPOINT}/identities/oidc/corp%7Cemployee-42`]);
    expect(deletes[0]!.headers.get('X-Account-Linker')).to.equal('1');
  });

  describe('the return (account_linker=done)', () => {
    it('{ok: false, code: "unverified-email", message} on /result is that code; the message is shown as text, capped', async () => {
      const message = `That account's email is not verified. <img src=x onerror="window.__pwned=1"> ${'x'.repeat(600)}END`;
      hostServer({ 'GET ': listOf(), 'GET /result': () => HttpResponse.json({ ok: false, code: 'unverified-email', message }) });
      const errors = collectErrors();
      try {
        await withLocation('?account_linker=done', async () => {
          const el = await serverLinker();
          const shown = await errorShown(el);
          expect(errors.list.map((e) => e.code)).to.deep.equal(['unverified-email']);
          expect(shown.getAttribute('role')).to.equal('alert');
          expect(shadowText(el), "the server's words").to.contain("That account's email is not verified.");
          expect(shadowText(el), 'capped').not.to.contain('END');
          expect(el.shadowRoot!.querySelector('img[src="x"]'), 'no markup from the server').to.equal(null);
          expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
          await listedAs(el, ['auth0|alice0001']);
        });
      } finally {
        errors.stop();
      }
    });

    it('/result 204: just the list, no notice, no error, no event', async () => {
      const seen = hostServer({ 'GET ': listOf(), 'GET /result': noResult });
      const errors = collectErrors();
      const linked: Event[] = [];
      document.addEventListener('account-linked', (e) => linked.push(e));
      try {
        await withLocation('?account_linker=done', async () => {
          const el = await serverLinker();
          await listedAs(el, ['auth0|alice0001']);
          await waitUntil(() => calls(seen, 'GET', '/result').length === 1, 'GET /result was not asked');
          await tick(100);
          expect(part(el, 'error')).to.equal(null);
          expect(part(el, 'notice')).to.equal(null);
        });
        expect(errors.list).to.deep.equal([]);
        expect(linked).to.deep.equal([]);
      } finally {
        errors.stop();
      }
    });

    it('{ok: true, added, identities}: the linked notice and account-linked', async () => {
      hostServer({ 'GET ': listOf(), 'GET /result': () => HttpResponse.json({ ok: true, added: GITHUB, identities: [PRIMARY, GITHUB] }) });
      const linked: Event[] = [];
      const listener = (e: Event) => linked.push(e);
      document.addEventListener('account-linked', listener);
      try {
        await withLocation('?account_linker=done', async () => {
          const el = await serverLinker();
          await listedAs(el, ['auth0|alice0001', 'github|7654321']);
          await waitUntil(() => part(el, 'notice'), 'no notice');
          expect(part(el, 'notice')!.getAttribute('role')).to.equal('status');
          await waitUntil(() => linked.length === 1, 'no account-linked');
        });
      } finally {
        document.removeEventListener('account-linked', listener);
      }
    });

    it('nothing from the URL is shown (?account_linker=done&code=x&message=evil), and the address bar loses account_linker', async () => {
      const seen = hostServer({ 'GET ': listOf(), 'GET /result': noResult });
      const errors = collectErrors();
      try {
        await withLocation('?keep=1&account_linker=done&code=unverified-email&message=evil-words-from-a-link&error=x&error_description=evil-description', async () => {
          const el = await serverLinker();
          await listedAs(el, ['auth0|alice0001']);
          await waitUntil(() => calls(seen, 'GET', '/result').length === 1, 'GET /result was not asked');
          await tick(100);
          expect(shadowText(el)).not.to.contain('evil');
          expect(part(el, 'error')).to.equal(null);
          const params = new URLSearchParams(location.search);
          expect(params.has('account_linker'), 'account_linker left the address bar').to.be.false;
          expect(params.get('keep'), 'the page keeps its own parameters').to.equal('1');
        });
        expect(errors.list).to.deep.equal([]);
      } finally {
        errors.stop();
      }
    });
  });

  describe('adding', () => {
    it('POST {endpoint}/link {returnTo, popup}, JSON, then account-link with the server-made URL', async () => {
      const seen = hostServer({ 'GET ': listOf(), 'POST /link': () => HttpResponse.json({ url: SIGN_IN }) });
      const el = await serverLinker();
      await listedAs(el, ['auth0|alice0001']);
      const links: string[] = [];
      el.addEventListener('account-link', (e) => {
        e.preventDefault();
        links.push((e as CustomEvent<{ url: string }>).detail.url);
      });
      part<HTMLButtonElement>(el, 'add-link')!.click();
      await waitUntil(() => links.length === 1, 'no account-link');
      expect(links).to.deep.equal([SIGN_IN]);
      const [post] = calls(seen, 'POST', '/link');
      expect(post!.headers.get('Content-Type')).to.match(/^application\/json/);
      expect(post!.headers.get('X-Account-Linker')).to.equal('1');
      const body = JSON.parse(post!.body) as { returnTo: string; popup: boolean };
      expect(body.popup).to.equal(false);
      expect(body.returnTo).to.equal(location.pathname + location.search);
    });

    for (const [what, url] of [
      ['javascript:', 'javascript:window.__pwned=1'],
      ['http: to a non-loopback host', 'http://evil.example.com/authorize'],
      ['data:', 'data:text/html,<script>window.__pwned=1</script>'],
    ] as const) {
      it(`a /link answer whose url is ${what} is bad-response, and nothing is opened`, async () => {
        hostServer({ 'GET ': listOf(), 'POST /link': () => HttpResponse.json({ url }) });
        const el = await serverLinker();
        await listedAs(el, ['auth0|alice0001']);
        const links: string[] = [];
        // A safety net: were the element to go on, the navigation is cancelled here.
        el.addEventListener('account-link', (e) => {
          e.preventDefault();
          links.push((e as CustomEvent<{ url: string }>).detail.url);
        });
        const errors = collectErrors();
        try {
          part<HTMLButtonElement>(el, 'add-link')!.click();
          await errorShown(el);
          expect(errors.list.map((e) => e.code)).to.deep.equal(['bad-response']);
          expect(links, 'account-link fired').to.deep.equal([]);
          expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
        } finally {
          errors.stop();
        }
      });
    }
  });

  describe('in a popup', () => {
    interface FakePopup {
      closed: boolean;
      close(): void;
      focus(): void;
      location: { href: string };
    }

    function fakePopup(): { popup: FakePopup; navigated: string[] } {
      const navigated: string[] = [];
      const popup = {
        closed: false,
        close() {
          this.closed = true;
        },
        focus() {},
        get location(): { href: string } {
          return {
            get href() {
              return navigated.at(-1) ?? 'about:blank';
            },
            set href(value: string) {
              navigated.push(String(value));
            },
          };
        },
        set location(value: unknown) {
          navigated.push(String(value));
        },
      };
      return { popup, navigated };
    }

    const post = (origin: string, data: unknown) => window.dispatchEvent(new MessageEvent('message', { origin, data }));

    let popup: FakePopup;
    let navigated: string[];
    beforeEach(() => {
      ({ popup, navigated } = fakePopup());
      sinon.stub(window, 'open').returns(popup as unknown as Window);
    });

    it('a popup closed without a message: GET /result once, 204, a calm popup-closed notice', async () => {
      const seen = hostServer({ 'GET ': listOf(), 'POST /link': () => HttpResponse.json({ url: SIGN_IN }), 'GET /result': noResult });
      const el = await serverLinker({ popup: true });
      await listedAs(el, ['auth0|alice0001']);
      const errors = collectErrors();
      try {
        part<HTMLButtonElement>(el, 'add-link')!.click();
        await waitUntil(() => navigated.length === 1, 'the popup was not sent to the sign-in');
        expect(navigated).to.deep.equal([SIGN_IN]);
        expect(JSON.parse(calls(seen, 'POST', '/link')[0]!.body)).to.deep.include({ popup: true });
        popup.closed = true;
        await waitUntil(() => errors.list.length > 0, 'no account-linker-error', { timeout: 4000 });
        await waitUntil(() => part(el, 'notice'), 'no notice');
        expect(errors.list.map((e) => e.code)).to.deep.equal(['popup-closed']);
        expect(part(el, 'error'), 'a closed popup is no alarm').to.equal(null);
        expect(part(el, 'notice')!.getAttribute('role')).to.equal('status');
        await tick(600);
        expect(calls(seen, 'GET', '/result').length, 'GET /result once').to.equal(1);
        expect(rowIds(el)).to.deep.equal(['auth0|alice0001']);
      } finally {
        errors.stop();
      }
    });

    it("a message from another origin is ignored; the page's own origin's message asks /result", async () => {
      const seen = hostServer({
        'GET ': listOf(),
        'POST /link': () => HttpResponse.json({ url: SIGN_IN }),
        'GET /result': () => HttpResponse.json({ ok: true, added: GITHUB, identities: [PRIMARY, GITHUB] }),
      });
      const el = await serverLinker({ popup: true });
      await listedAs(el, ['auth0|alice0001']);
      part<HTMLButtonElement>(el, 'add-link')!.click();
      await waitUntil(() => navigated.length === 1, 'the popup was not sent to the sign-in');
      post('https://evil.example.com', { type: 'account-linker:result' });
      post('https://tenant.example.com', { type: 'account-linker:result' });
      post(location.origin, { type: 'something-else' });
      await tick(700);
      expect(calls(seen, 'GET', '/result'), 'asked /result on a foreign message').to.deep.equal([]);
      expect(rowIds(el)).to.deep.equal(['auth0|alice0001']);
      post(location.origin, { type: 'account-linker:result' });
      await listedAs(el, ['auth0|alice0001', 'github|7654321']);
      expect(calls(seen, 'GET', '/result').length).to.equal(1);
      expect(part(el, 'error')).to.equal(null);
    });

    it('a /link answer whose url is javascript: opens nothing: the popup is closed, bad-response', async () => {
      hostServer({ 'GET ': listOf(), 'POST /link': () => HttpResponse.json({ url: 'javascript:window.__pwned=1' }) });
      const el = await serverLinker({ popup: true });
      await listedAs(el, ['auth0|alice0001']);
      const errors = collectErrors();
      try {
        part<HTMLButtonElement>(el, 'add-link')!.click();
        await errorShown(el);
        expect(errors.list.map((e) => e.code)).to.deep.equal(['bad-response']);
        expect(navigated, 'the popup was sent somewhere').to.deep.equal([]);
        expect(popup.closed, 'the empty popup is closed').to.be.true;
      } finally {
        errors.stop();
      }
    });
  });
});
