// The element attacked: each test is a defect found by an attacker or a bad network, reproduced.
import { expect, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import sinon from 'sinon';
import { DEMO_USER_IDS } from '../../src/mock/index.js';
import type { AccountLinkedDetail } from '../../src/events.js';
import { engineInfo } from './engine.js';
import {
  ALICE,
  collectErrors,
  errorShown,
  linker,
  listed,
  loaded,
  part,
  record,
  row,
  rowIds,
  startLink,
  tenant,
  tick,
  useMock,
  withLocation,
  worker,
} from './helpers.js';

const ALICE_IDS = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];

function pieces(token: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 12 <= token.length; i += 6) out.push(token.slice(i, i + 12));
  return out;
}

describe('<account-linker> under attack', () => {
  useMock();

  describe('a token echoed by the server', () => {
    const echo = (token: string) => [
      token,
      encodeURIComponent(token),
      btoa(token),
      btoa(token).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
      `${'x'.repeat(280)}${token}`,
    ];
    for (const [i, form] of ['raw', 'URL-encoded', 'base64', 'base64url', 'cut at 300 characters'].entries()) {
      it(`never shows a tokenProvider's token (${form}) in the alert or the event`, async () => {
        worker.use(http.get('*/userinfo', ({ request }) => {
          const token = /Bearer (\S+)/.exec(request.headers.get('Authorization') ?? '')![1]!;
          return HttpResponse.json({ error: 'invalid_token', error_description: `bad token ${echo(token)[i]}` }, { status: 401 });
        }));
        const errors = collectErrors();
        const el = await linker({ token: '' });
        el.tokenProvider = async () => `  ${ALICE}  `;
        await waitUntil(() => errors.list.some((e) => e.code === 'http'), 'the 401 was not reported', { timeout: 5000 });
        errors.stop();
        const shown = await errorShown(el);
        expect(shown.textContent).to.contain('bad token');
        const texts = [shown.textContent ?? '', ...errors.list.map((e) => e.message)];
        for (const text of texts) for (const piece of pieces(ALICE)) expect(text).not.to.contain(piece);
      });
    }
  });

  describe('redirects', () => {
    // A redirect from the mock reaches the element as an opaque redirect, which it names, except in
    // WebKit: there a service worker's redirect answer to a `redirect: 'manual'` fetch fails the
    // fetch outright (the Fetch standard says opaque redirect), so the element can only say it could
    // not reach the server. Nothing is followed either way (README, "Browsers").
    let redirectNamed = true;
    before(async () => {
      redirectNamed = (await engineInfo()).engine !== 'webkit';
    });

    it('does not follow a 307 on /unlink and does not report success', async () => {
      const elsewhere: string[] = [];
      worker.use(
        http.post('*/unlink', () => new HttpResponse(null, { status: 307, headers: { Location: 'https://evil.example/steal' } })),
        http.post('https://evil.example/steal', async ({ request }) => {
          elsewhere.push(await request.text());
          return HttpResponse.json({});
        }),
      );
      const el = await linker();
      await loaded(el);
      let unlinked = false;
      el.addEventListener('account-unlinked', () => (unlinked = true));
      const errors = collectErrors();
      await el.unlink('github|1234567');
      errors.stop();
      expect(unlinked).to.be.false;
      expect(elsewhere).to.deep.equal([]);
      expect(errors.list.map((e) => e.code)).to.deep.equal([redirectNamed ? 'http' : 'network']);
      if (redirectNamed) expect(part(el, 'error')!.textContent).to.match(/redirect/);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
    });

    it('does not render another origin\'s list after a 302 on /userinfo', async () => {
      worker.use(
        http.get('*/userinfo', () => new HttpResponse(null, { status: 302, headers: { Location: 'https://evil.example/list' } })),
        http.get('https://evil.example/list', () => HttpResponse.json({ user_id: 'x|1', identities: [{ provider: 'x', user_id: '1' }] })),
      );
      const el = await linker();
      const shown = await errorShown(el);
      if (redirectNamed) expect(shown.textContent).to.match(/redirect/);
      expect(rowIds(el)).to.deep.equal([]);
    });
  });

  it('takes only its own state: two elements of two tenants on one page', async () => {
    const a = await linker();
    await loaded(a);
    const state = await startLink(a);
    a.remove();
    tenant.link(DEMO_USER_IDS.alice, 'github|7654321');
    await withLocation(`code=for-a&state=${state}`, async () => {
      const errors = collectErrors();
      let linked = 0;
      document.addEventListener('account-linked', () => linked++);
      // B belongs to another tenant: it must leave A's state alone and say nothing.
      const b = await linker({ domain: 'other-tenant.example.com' });
      await loaded(b);
      // B would take the state in its own start, an error or a link soon after; nothing marks their absence.
      await tick(50);
      expect(errors.list).to.deep.equal([]);
      expect(linked).to.equal(0);
      expect(new URLSearchParams(location.search).get('state')).to.equal(state);
      // A, back on the page, still finishes its link.
      const again = await linker();
      await waitUntil(() => linked === 1, 'A did not finish its link', { timeout: 5000 });
      errors.stop();
      expect(rowIds(again)).to.include('github|7654321');
    });
  });

  it('waits for a token that arrives after the return starts, then finishes the link', async () => {
    const first = await linker();
    await loaded(first);
    const state = await startLink(first);
    first.remove();
    tenant.link(DEMO_USER_IDS.alice, 'github|7654321');
    await withLocation(`code=late&state=${state}`, async () => {
      const errors = collectErrors();
      const linked = new Promise<CustomEvent<AccountLinkedDetail>>((resolve) =>
        document.addEventListener('account-linked', (e) => resolve(e as CustomEvent<AccountLinkedDetail>), { once: true }),
      );
      const el = await linker({ token: '' });
      setTimeout(() => (el.tokenProvider = () => ALICE), 50);
      const { detail } = await linked;
      errors.stop();
      expect(detail.code).to.equal('late');
      expect(errors.list).to.deep.equal([]);
      expect(rowIds(el)).to.include('github|7654321');
    });
  });

  it('bounds a tokenProvider that never settles: missing-token, buttons usable again', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    try {
      const errors = collectErrors();
      const el = await linker({ token: '' });
      el.tokenProvider = () => new Promise<string>(() => {});
      await el.updateComplete;
      await clock.tickAsync(30_000);
      await errorShown(el);
      errors.stop();
      expect(errors.list.map((e) => e.code)).to.include('missing-token');
      expect(part(el, 'error')!.textContent).to.match(/30 seconds/);
      expect(part(el, 'loading')).to.be.null;
      // The list never loaded: no add link (contract), the error's own buttons are usable.
      expect(part(el, 'add-link')).to.be.null;
      expect(part<HTMLButtonElement>(el, 'dismiss')!.disabled).to.be.false;
    } finally {
      clock.restore();
    }
  });

  it('drops the answer of work begun under another tenant', async () => {
    // The unlink is on the network when the tenant changes, and its answer held until the new
    // tenant's list is on show: the order the test means, however slow the machine.
    let sent = false;
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    const loads = record('get', '/userinfo');
    worker.use(
      http.post('*/unlink', async () => {
        sent = true;
        await held;
        return undefined;
      }),
    );
    const el = await linker();
    await loaded(el);
    const pending = el.unlink('github|1234567');
    await waitUntil(() => sent, 'the unlink was never sent', { timeout: 5000 });
    // Another tenant (the mock answers every origin alike, so its list still has github).
    el.domain = 'second-tenant.example.com';
    await el.updateComplete;
    await waitUntil(() => loads.some((r) => r.url.hostname === 'second-tenant.example.com'), 'the new tenant was not asked', { timeout: 5000 });
    await waitUntil(() => part(el, 'list')?.getAttribute('aria-busy') === 'false', 'the new tenant did not load', { timeout: 5000 });
    const before = rowIds(el);
    expect(before).to.include('github|1234567');
    answer();
    await pending;
    await el.updateComplete;
    expect(rowIds(el)).to.deep.equal(before);
  });

  describe('names that spoof or break the layout', () => {
    const hostile = JSON.stringify([
      { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication' },
      { provider: 'github', user_id: 1, connection: 'github', profileData: { email: 'alice\u202Emoc.elgoog@' } },
      { provider: `evil\u202E${'p'.repeat(3000)}`, user_id: 'x'.repeat(100_000), connection: 'evil' },
    ]);

    it('drops bidi controls from names and isolates server text', async () => {
      const el = await linker({ identities: hostile });
      await listed(el);
      const name = part(el, 'account-name', row(el, 'github|1'))!;
      expect(name.textContent!.trim()).to.equal('alicemoc.elgoog@');
      expect(getComputedStyle(name).unicodeBidi).to.equal('isolate');
      expect(name.getAttribute('dir'), 'its direction is its own text\'s').to.equal('auto');
    });

    it('never widens the page, whatever the lengths', async () => {
      const el = await linker({ identities: hostile });
      el.style.display = 'block';
      el.style.width = '375px';
      await listed(el);
      expect(el.scrollWidth).to.be.at.most(400);
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth + 1);
      const rows = el.shadowRoot!.querySelectorAll('[part~="identity"]');
      const last = rows[rows.length - 1] as HTMLElement;
      expect(last.getBoundingClientRect().height).to.be.below(200);
      expect(part(el, 'account-name', last)!.textContent!.trim().length).to.be.at.most(80);
    });
  });
});
