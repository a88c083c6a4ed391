import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { http, HttpResponse, delay } from 'msw';
import { DEMO_TOKENS, DEMO_USER_IDS } from '../../src/mock/index.js';
import { AccountLinker } from '../../src/account-linker.js';
import type { AccountLinkDetail, AccountUnlinkDetail, AccountUnlinkedDetail } from '../../src/events.js';
import {
  ALICE,
  ORIGIN,
  collectErrors,
  linker,
  listed,
  loaded,
  part,
  parts,
  record,
  row,
  rowIds,
  rows,
  tenant,
  useMock,
  worker,
  tick,
} from './helpers.js';

const ALICE_IDS = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];

describe('<account-linker> legacy mode', () => {
  useMock();

  describe('the identity list', () => {
    it('loads the identities from GET {domain}/userinfo with the token as a Bearer header', async () => {
      const seen = record('get', '/userinfo');
      const el = await linker();
      await loaded(el);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
      expect(seen).to.have.length(1);
      expect(seen[0]!.url.origin).to.equal(ORIGIN);
      expect(seen[0]!.headers.get('authorization')).to.equal(`Bearer ${ALICE}`);
    });

    it('marks the primary identity with a badge and a disabled unlink that says why', async () => {
      const el = await linker();
      await loaded(el);
      const primary = row(el, 'auth0|alice0001');
      expect(part(el, 'primary-badge', primary)).to.exist;
      const button = part<HTMLButtonElement>(el, 'unlink-button', primary)!;
      expect(button.disabled).to.be.true;
      const hint = el.shadowRoot!.getElementById(button.getAttribute('aria-describedby')!);
      expect(hint?.textContent).to.match(/cannot be unlinked/);
      for (const id of ALICE_IDS.slice(1)) {
        const other = row(el, id);
        expect(part(el, 'primary-badge', other)).to.be.null;
        expect(part<HTMLButtonElement>(el, 'unlink-button', other)!.disabled).to.be.false;
      }
    });

    it('shows a numeric user_id as text and keeps it a number in `identities`', async () => {
      const el = await linker();
      await loaded(el);
      expect(row(el, 'github|1234567').dataset['userId']).to.equal('1234567');
      expect(el.identities!.find((i) => i.provider === 'github')!.user_id).to.equal(1234567);
    });

    it('drops IdP tokens that Auth0 puts in identities', async () => {
      const el = await linker();
      await loaded(el);
      const google = el.identities!.find((i) => i.provider === 'google-oauth2') as unknown as Record<string, unknown>;
      expect(google).to.exist;
      expect(google['access_token']).to.be.undefined;
      expect(el.shadowRoot!.innerHTML).not.to.contain('ya29.');
    });

    it('renders the `identities` attribute without fetching anything', async () => {
      const seen = record('get', '/userinfo');
      const identities = JSON.stringify([
        { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication', isSocial: false },
        { provider: 'github', user_id: 1234567, connection: 'github', isSocial: true, profileData: { name: 'Octo Cat' } },
      ]);
      const el = await linker({ identities });
      await loaded(el);
      await tick();
      expect(rowIds(el)).to.deep.equal(['auth0|alice0001', 'github|1234567']);
      expect(part(el, 'account-name', row(el, 'github|1234567'))!.textContent).to.equal('Octo Cat');
      expect(seen).to.have.length(0);
    });

    it('takes the primary from `user-id`, else from the token `sub`, else the first identity', async () => {
      const identities = JSON.stringify([
        { provider: 'github', user_id: 1234567, connection: 'github', isSocial: true },
        { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication', isSocial: false },
      ]);
      const bySub = await linker({ identities });
      await loaded(bySub);
      expect(part(bySub, 'primary-badge', row(bySub, 'auth0|alice0001'))).to.exist;

      const byAttr = await linker({ identities, userId: 'github|1234567' });
      await loaded(byAttr);
      expect(part(byAttr, 'primary-badge', row(byAttr, 'github|1234567'))).to.exist;

      const opaque = await linker({ identities, token: 'opaque-token-without-claims' });
      await loaded(opaque);
      expect(part(opaque, 'primary-badge', rows(opaque)[0]!)).to.exist;
      expect(parts(opaque, 'primary-badge')).to.have.length(1);
    });

    it('asks `tokenProvider` when there is no access token', async () => {
      const seen = record('get', '/userinfo');
      let asked = 0;
      const el = await linker({ token: '' });
      el.tokenProvider = async () => {
        asked += 1;
        return DEMO_TOKENS.bob;
      };
      await loaded(el);
      await el.reload();
      expect(asked).to.be.greaterThan(0);
      expect(rowIds(el)).to.deep.equal([`${DEMO_USER_IDS.bob}`]);
      expect(seen.at(-1)!.headers.get('authorization')).to.equal(`Bearer ${DEMO_TOKENS.bob}`);
    });

    it('drops the "no access token" error as soon as a token source is given, before the list loads', async () => {
      const el = await linker({ token: '' });
      await waitUntil(() => part(el, 'error')?.dataset['code'] === 'missing-token', 'no missing-token error', { timeout: 5000 });
      el.tokenProvider = () => new Promise<string>(() => undefined); // never answers: the load waits
      await el.updateComplete;
      await waitUntil(() => part(el, 'loading'), 'no skeleton while the token is awaited', { timeout: 5000 });
      expect(part(el, 'error'), 'a stale "no access token" beside the skeleton').to.be.null;
    });

    it('loads once a token arrives after the element is on the page', async () => {
      const errors = collectErrors();
      const el = await linker({ token: '' });
      el.accessToken = DEMO_TOKENS.carol;
      await listed(el);
      errors.stop();
      expect(rowIds(el)).to.deep.equal([DEMO_USER_IDS.carol, 'facebook|10203040506070809']);
      expect(part(el, 'error')).to.be.null;
    });

    it('finishes loading when it is moved in the page mid-load', async () => {
      worker.use(
        // A wider window only: the move follows the fixture at once, the answer a network turn away.
        http.get('*/userinfo', async () => {
          await delay(100);
          return undefined;
        }),
      );
      const el = await linker();
      const elsewhere = document.createElement('div');
      document.body.append(elsewhere);
      elsewhere.append(el);
      await listed(el);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
      elsewhere.remove();
    });

    it('keeps the token out of the DOM: the attribute is read once and removed', async () => {
      const el = await linker();
      await loaded(el);
      expect(el.hasAttribute('access-token')).to.be.false;
      expect(el.accessToken).to.equal(ALICE);
      expect(document.documentElement.outerHTML).not.to.contain(ALICE);
      expect(el.shadowRoot!.innerHTML).not.to.contain(ALICE);
    });

    it('reloads on `reload()` and shows the server-side change', async () => {
      const el = await linker();
      await loaded(el);
      tenant.link(DEMO_USER_IDS.alice, 'github|7654321');
      await el.reload();
      expect(rowIds(el)).to.deep.equal([...ALICE_IDS, 'github|7654321']);
    });

    it('reloads when the tenant changes, not when only the connections or scope change', async () => {
      const seen = record('get', '/userinfo');
      const el = await linker();
      await loaded(el);
      el.connections = 'github';
      el.scope = 'openid email';
      await el.updateComplete;
      // A reload would be asked for here; nothing marks its absence (the other tenant's, below, is waited for).
      await tick(50);
      expect(seen).to.have.length(1);
      el.domain = 'https://tenant.example.com/';
      await el.updateComplete;
      // The same: no event marks a reload not asked for.
      await tick(50);
      expect(seen).to.have.length(1);
      el.domain = 'other-tenant.example.com';
      await el.updateComplete;
      // The other tenant's request, however long a busy machine takes to send it (no timer race).
      await waitUntil(() => seen.length > 1, 'no request to the other tenant', { timeout: 5000 });
      await listed(el);
      expect(seen.map((r) => r.url.origin)).to.deep.equal([ORIGIN, 'https://other-tenant.example.com']);
    });

    it('uses host-provided strings', async () => {
      const el = await linker({ connections: 'facebook' });
      el.strings = { addConnection: (p) => `Verknüpfen: ${p}`, primaryBadge: 'Haupt' };
      await loaded(el);
      await el.updateComplete;
      expect(part(el, 'add-link')!.textContent!.trim()).to.equal('Verknüpfen: Facebook');
      expect(part(el, 'primary-badge')!.textContent).to.equal('Haupt');
      expect(part(el, 'unlink-button')!.textContent!.trim()).to.equal('Unlink');
    });
  });

  describe('adding an account', () => {
    it('shows one "Add account" link without `connections`', async () => {
      const el = await linker();
      await loaded(el);
      const links = parts(el, 'add-link');
      expect(links).to.have.length(1);
      expect(links[0]!.textContent!.trim()).to.equal('Add account');
      expect(links[0]!.hasAttribute('data-connection')).to.be.false;
    });

    it('shows one add link per connection (up to three not linked yet)', async () => {
      const el = await linker({ connections: 'apple facebook windowslive' });
      await loaded(el);
      const links = parts(el, 'add-link');
      expect(links.map((l) => l.dataset['connection'])).to.deep.equal(['apple', 'facebook', 'windowslive']);
      expect(links.map((l) => l.textContent!.trim())).to.deep.equal(['Add Apple account', 'Add Facebook account', 'Add Microsoft account']);
    });

    it('fires a cancelable `account-link` with a correctly encoded /authorize URL', async () => {
      const redirectUri = 'https://app.example.com/account?tab=linked&x=a b';
      const el = await linker({ connections: 'facebook', redirectUri, clientId: 'client&id=1' });
      await loaded(el);
      el.addEventListener('account-link', (e) => e.preventDefault());
      setTimeout(() => part(el, 'add-link')!.click());
      const event = await oneEvent(el, 'account-link');
      const detail = event.detail as AccountLinkDetail;
      expect(event.cancelable).to.be.true;
      expect(event.bubbles && event.composed).to.be.true;
      expect(detail.connection).to.equal('facebook');
      const url = new URL(detail.url);
      expect(url.origin + url.pathname).to.equal(`${ORIGIN}/authorize`);
      const q = url.searchParams;
      expect(q.get('response_type')).to.equal('code');
      expect(q.get('client_id')).to.equal('client&id=1');
      expect(q.get('redirect_uri')).to.equal(new URL(redirectUri).href);
      expect(q.get('scope')).to.equal('openid');
      expect(q.get('connection')).to.equal('facebook');
      expect(q.get('access_token')).to.equal(ALICE);
      expect(q.get('state')).to.match(/^[A-Za-z0-9_-]{40,}$/);
      expect(detail.url).to.contain('client_id=client%26id%3D1');
      // Cancelled: the page is still here and the token is still not in the DOM.
      expect(document.documentElement.outerHTML).not.to.contain(ALICE);
    });

    it('defaults redirect_uri to this page without query and hash', async () => {
      const el = await linker();
      await loaded(el);
      el.addEventListener('account-link', (e) => e.preventDefault());
      setTimeout(() => part(el, 'add-link')!.click());
      const { detail } = await oneEvent(el, 'account-link');
      expect(new URL(detail.url).searchParams.get('redirect_uri')).to.equal(window.location.origin + window.location.pathname);
    });

    it('sends a new state on every link, or the server-made `state` when given', async () => {
      const el = await linker();
      await loaded(el);
      el.addEventListener('account-link', (e) => e.preventDefault());
      const states: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        setTimeout(() => part(el, 'add-link')!.click());
        const { detail } = await oneEvent(el, 'account-link');
        states.push(new URL(detail.url).searchParams.get('state')!);
      }
      expect(states[0]).not.to.equal(states[1]);

      const fixed = await linker({ state: 'server-made-state-123' });
      await loaded(fixed);
      fixed.addEventListener('account-link', (e) => e.preventDefault());
      setTimeout(() => part(fixed, 'add-link')!.click());
      const { detail } = await oneEvent(fixed, 'account-link');
      expect(new URL(detail.url).searchParams.get('state')).to.equal('server-made-state-123');
    });

    it('generates a state again once a server-made `state` is removed', async () => {
      const el = await linker({ state: 'server-made' });
      await loaded(el);
      el.removeAttribute('state');
      await el.updateComplete;
      el.addEventListener('account-link', (e) => e.preventDefault());
      setTimeout(() => part(el, 'add-link')!.click());
      const { detail } = await oneEvent(el, 'account-link');
      expect(new URL(detail.url).searchParams.get('state')).to.match(/^[A-Za-z0-9_-]{43}$/);
    });

    it('sends the `scope` it is given', async () => {
      const el = await linker();
      el.scope = 'openid profile';
      await loaded(el);
      el.addEventListener('account-link', (e) => e.preventDefault());
      setTimeout(() => part(el, 'add-link')!.click());
      const { detail } = await oneEvent(el, 'account-link');
      expect(new URL(detail.url).searchParams.get('scope')).to.equal('openid profile');
    });
  });

  describe('unlinking', () => {
    it('asks inline, then on confirm POSTs {access_token, user_id} and removes the row', async () => {
      const seen = record('post', '/unlink');
      const el = await linker();
      await loaded(el);
      part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
      await el.updateComplete;
      const confirm = part<HTMLButtonElement>(el, 'confirm-unlink', row(el, 'github|1234567'))!;
      expect(confirm).to.exist;
      expect(el.shadowRoot!.activeElement).to.equal(confirm);
      expect(seen).to.have.length(0);

      const unlinked = oneEvent(el, 'account-unlinked');
      confirm.click();
      const { detail } = (await unlinked) as CustomEvent<AccountUnlinkedDetail>;
      expect(seen).to.have.length(1);
      expect(seen[0]!.url.href).to.equal(`${ORIGIN}/unlink`);
      expect(seen[0]!.headers.get('content-type')).to.contain('application/json');
      expect(JSON.parse(seen[0]!.body)).to.deep.equal({ access_token: ALICE, user_id: 'github|1234567' });
      expect(detail.identity.provider).to.equal('github');
      expect(detail.identities.map((i) => `${i.provider}|${i.user_id}`)).to.deep.equal(ALICE_IDS.slice(0, 2));
      await el.updateComplete;
      expect(rowIds(el)).to.deep.equal(ALICE_IDS.slice(0, 2));
      expect(part(el, 'status')!.textContent).to.match(/GitHub .* unlinked/);
      // The server agrees.
      expect(tenant.getUser(DEMO_USER_IDS.alice)!.identities.map((i) => `${i.provider}|${i.user_id}`)).to.deep.equal(ALICE_IDS.slice(0, 2));
    });

    it('cancel closes the confirmation without a request and gives focus back', async () => {
      const seen = record('post', '/unlink');
      const el = await linker();
      await loaded(el);
      part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
      await el.updateComplete;
      part(el, 'cancel-unlink')!.click();
      await el.updateComplete;
      await tick();
      expect(part(el, 'confirm-unlink')).to.be.null;
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'unlink-button', row(el, 'github|1234567')));
      expect(seen).to.have.length(0);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
    });

    it('fires a cancelable `account-unlink`; cancelling it sends nothing', async () => {
      const seen = record('post', '/unlink');
      const el = await linker();
      await loaded(el);
      el.addEventListener('account-unlink', (e) => e.preventDefault());
      part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
      await el.updateComplete;
      setTimeout(() => part(el, 'confirm-unlink')!.click());
      const event = (await oneEvent(el, 'account-unlink')) as CustomEvent<AccountUnlinkDetail>;
      expect(event.cancelable).to.be.true;
      expect(event.detail.identity.user_id).to.equal(1234567);
      await tick();
      expect(seen).to.have.length(0);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
    });

    it('sends exactly one request when confirm is clicked twice, and disables the row meanwhile', async () => {
      const seen = record('post', '/unlink');
      worker.use(
        // A wider window only: the busy row is checked right after the clicks, the answer a network turn away.
        http.post('*/unlink', async () => {
          await delay(150);
          return undefined;
        }),
      );
      const el = await linker();
      await loaded(el);
      part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
      await el.updateComplete;
      const confirm = part<HTMLButtonElement>(el, 'confirm-unlink')!;
      const done = oneEvent(el, 'account-unlinked');
      confirm.click();
      confirm.click();
      confirm.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
      await el.updateComplete;
      const busyRow = row(el, 'github|1234567');
      expect(busyRow.getAttribute('aria-busy')).to.equal('true');
      expect(part<HTMLButtonElement>(el, 'confirm-unlink', busyRow)!.disabled).to.be.true;
      expect(part<HTMLButtonElement>(el, 'cancel-unlink', busyRow)!.disabled).to.be.true;
      await done;
      expect(seen).to.have.length(1);
    });

    it('uses `unlink-path`', async () => {
      const seen = record('post', '/login/unlink');
      const el = await linker({ unlinkPath: '/login/unlink' });
      await loaded(el);
      part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
      await el.updateComplete;
      const done = oneEvent(el, 'account-unlinked');
      part(el, 'confirm-unlink')!.click();
      await done;
      expect(seen.map((r) => r.url.pathname)).to.deep.equal(['/login/unlink']);
    });

    it('keeps pipes after the first one in user_id (oidc|corp|employee-42)', async () => {
      tenant.link(DEMO_USER_IDS.alice, 'oidc|corp|employee-42');
      const seen = record('post', '/unlink');
      const el = await linker();
      await loaded(el);
      expect(rowIds(el)).to.include('oidc|corp|employee-42');
      part(el, 'unlink-button', row(el, 'oidc|corp|employee-42'))!.click();
      await el.updateComplete;
      const done = oneEvent(el, 'account-unlinked');
      part(el, 'confirm-unlink')!.click();
      await done;
      expect(JSON.parse(seen[0]!.body).user_id).to.equal('oidc|corp|employee-42');
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
    });

    it('refuses to unlink the primary identity with `primary-identity`, sending nothing', async () => {
      const seen = record('post', '/unlink');
      const errors = collectErrors();
      const el = await linker();
      await loaded(el);
      await el.unlink('auth0|alice0001');
      errors.stop();
      expect(errors.list.map((e) => e.code)).to.deep.equal(['primary-identity']);
      expect(part(el, 'error')!.textContent).to.contain('primary account cannot be unlinked');
      expect(seen).to.have.length(0);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
    });

    it('maps the server refusing the main identity to `primary-identity`', async () => {
      const errors = collectErrors();
      // The host says github is primary; the server knows better.
      const el = await linker({ userId: 'github|1234567' });
      await loaded(el);
      part(el, 'unlink-button', row(el, 'auth0|alice0001'))!.click();
      await el.updateComplete;
      part(el, 'confirm-unlink')!.click();
      await new Promise((resolve) => el.addEventListener('account-linker-error', resolve, { once: true }));
      errors.stop();
      expect(errors.list[0]).to.include({ code: 'primary-identity', status: 400 });
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
    });

    it('moves focus to the next unlink button after an unlink, else to the add link', async () => {
      const el = await linker();
      await loaded(el);
      part(el, 'unlink-button', row(el, 'google-oauth2|104223456789012345678'))!.click();
      await el.updateComplete;
      let done = oneEvent(el, 'account-unlinked');
      part(el, 'confirm-unlink')!.click();
      await done;
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'unlink-button', row(el, 'github|1234567')));

      part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
      await el.updateComplete;
      done = oneEvent(el, 'account-unlinked');
      part(el, 'confirm-unlink')!.click();
      await done;
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'add-link'));
    });
  });

  it('fires every event with bubbles and composed, so a document listener hears them', async () => {
    const heard: string[] = [];
    const names = ['account-link', 'account-unlink', 'account-unlinked'] as const;
    const listener = (e: Event) => {
      if (e.bubbles && e.composed) heard.push(e.type);
      if (e.type === 'account-link') e.preventDefault();
    };
    for (const name of names) document.addEventListener(name, listener);
    try {
      const el = await linker();
      await loaded(el);
      setTimeout(() => part(el, 'add-link')!.click());
      await oneEvent(el, 'account-link');
      part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
      await el.updateComplete;
      const done = oneEvent(el, 'account-unlinked');
      part(el, 'confirm-unlink')!.click();
      await done;
    } finally {
      for (const name of names) document.removeEventListener(name, listener);
    }
    expect(heard).to.deep.equal(['account-link', 'account-unlink', 'account-unlinked']);
  });

  it('never writes the token to the console', async () => {
    const original = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
    const lines: string[] = [];
    for (const key of Object.keys(original) as (keyof typeof original)[]) {
      console[key] = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    }
    try {
      worker.use(http.post('*/unlink', () => HttpResponse.json({ error: 'server_error', error_description: `bad ${ALICE}` }, { status: 500 })));
      const el = await linker();
      await loaded(el);
      el.addEventListener('account-link', (e) => e.preventDefault());
      setTimeout(() => part(el, 'add-link')!.click());
      await oneEvent(el, 'account-link');
      part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
      await el.updateComplete;
      part(el, 'confirm-unlink')!.click();
      await new Promise((resolve) => el.addEventListener('account-linker-error', resolve, { once: true }));
      await el.updateComplete;
      // The server echoed the token: the message shows the error without it.
      expect(part(el, 'error')!.textContent).to.contain('bad');
      expect(el.shadowRoot!.innerHTML).not.to.contain(ALICE);
    } finally {
      Object.assign(console, original);
    }
    expect(lines.filter((line) => line.includes(ALICE))).to.deep.equal([]);
  });

  it('picks up properties set before the element was defined', async () => {
    const early = document.createElement('account-linker-late') as AccountLinker;
    Object.assign(early, { domain: 'tenant.example.com', clientId: 'account-linker-demo', accessToken: ALICE });
    early.tokenProvider = undefined;
    document.body.append(early);
    customElements.define('account-linker-late', class extends AccountLinker {});
    try {
      await listed(early);
      expect(rowIds(early)).to.deep.equal(ALICE_IDS);
      expect(early.accessToken).to.equal(ALICE);
    } finally {
      early.remove();
    }
  });

  it('registers the class for the tag, once, even when the entry loads twice', async () => {
    // A second copy of the entry (as when two bundles include it) must not throw.
    // @ts-expect-error -- the query makes it a second module instance; TS cannot resolve it.
    await import('../../src/index.js?again');
    expect(document.createElement('account-linker')).to.be.instanceOf(AccountLinker);
    expect(customElements.get('account-linker')).to.equal(AccountLinker);
  });
});
