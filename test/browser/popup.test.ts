// mode="management" with `popup`: /authorize in a window opened in the click, the answer by
// postMessage from the tenant's origin only, and the three ways a popup ends without an answer.
// window.open is stubbed with a fake window; the code in the answer is a real one from the mock.
import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { DEMO_USER_IDS, SPARE_USER_IDS } from '../../src/mock/index.js';
import type { AccountLinker } from '../../src/account-linker.js';
import type { AccountLinkedDetail } from '../../src/events.js';
import { ALICE, CLIENT_ID, ORIGIN, collectErrors, errorShown, loaded, part, row, rowIds, tenant, tick, useMock, waitUntilReal } from './helpers.js';
import {
  ALICE_IDS,
  ALICE_PATH,
  clearPending,
  decide,
  expectFocusIn,
  mlinker,
  pendingLinks,
  recordAll,
  shown,
  tenantIds,
  visibleNotice,
} from './management-helpers.js';

const GITHUB_SPARE = SPARE_USER_IDS.github;

interface FakePopup {
  closed: boolean;
  closeCalls: number;
  close(): void;
  focus(): void;
  location: { href: string };
}

/** A stand-in for the window window.open returns: records where it is sent, can be closed. */
function fakePopup(onNavigate?: (url: string) => void): { popup: FakePopup; navigated: string[] } {
  const navigated: string[] = [];
  const popup = {
    closed: false,
    closeCalls: 0,
    close() {
      this.closed = true;
      this.closeCalls++;
    },
    focus() {},
    get location(): { href: string } {
      return {
        get href() {
          return navigated.at(-1) ?? 'about:blank';
        },
        set href(value: string) {
          navigated.push(String(value));
          onNavigate?.(String(value));
        },
      };
    },
    set location(value: unknown) {
      navigated.push(String(value));
    },
  };
  return { popup, navigated };
}

function aliceInTenant(): string[] {
  return tenantIds(tenant.getUser(DEMO_USER_IDS.alice)?.identities);
}

function post(origin: string, data: unknown): void {
  window.dispatchEvent(new MessageEvent('message', { origin, data }));
}

describe('<account-linker mode="management" popup>', () => {
  useMock();
  let el: AccountLinker;
  let popup: FakePopup;
  let navigated: string[];
  let open: sinon.SinonStub;
  let pageUrl: string;

  beforeEach(async () => {
    clearPending();
    el = await mlinker({ popup: true });
    await loaded(el);
    ({ popup, navigated } = fakePopup());
    open = sinon.stub(window, 'open').returns(popup as unknown as Window);
    pageUrl = window.location.href;
  });

  afterEach(() => {
    sinon.restore();
    // The page never navigates: not to /authorize, not anywhere.
    expect(window.location.href, 'the page address').to.equal(pageUrl);
  });

  function addButton(): HTMLButtonElement {
    return part<HTMLButtonElement>(el, 'add-link')!;
  }

  /** Clicks add; checks window.open ran in the click itself; waits until the popup is sent to /authorize. */
  async function clickAdd(): Promise<URL> {
    addButton().click();
    // No await between the click and this line: a popup blocker only lets a click's own task open windows.
    expect(open.callCount, 'window.open called synchronously in the click').to.equal(1);
    expect(String(open.firstCall.args[0] ?? '')).not.to.contain('/authorize');
    await waitUntil(() => navigated.length > 0, 'the popup was never sent to /authorize', { timeout: 4000 });
    expect(navigated).to.have.length(1);
    return new URL(navigated[0]!);
  }

  it('opens the window in the click, sends it to /authorize with response_mode=web_message, and links on the right answer only', async () => {
    const url = await clickAdd();
    const q = url.searchParams;
    expect(`${url.origin}${url.pathname}`).to.equal(`${ORIGIN}/authorize`);
    expect(q.get('response_mode')).to.equal('web_message');
    expect(q.get('response_type')).to.equal('code');
    expect(q.get('client_id')).to.equal(CLIENT_ID);
    expect(q.get('code_challenge_method')).to.equal('S256');
    expect(q.get('code_challenge')).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('nonce')).to.match(/^[A-Za-z0-9_-]{20,}$/);
    expect(q.get('prompt')).to.equal('login');
    expect(q.get('max_age')).to.equal('0');
    expect(q.has('access_token')).to.be.false;
    expect(url.href).not.to.contain(ALICE);
    const state = q.get('state')!;
    // The popup's secrets live in memory: nothing for a later page to pick up.
    expect(pendingLinks()[state]).to.be.undefined;

    // What the person does in the popup, through the mock's real /authorize page.
    const { code, state: answered } = await decide(url, GITHUB_SPARE);
    expect(answered).to.equal(state);

    const log = recordAll();
    const errors = collectErrors();
    const linked: AccountLinkedDetail[] = [];
    el.addEventListener('account-linked', (e) => linked.push((e as CustomEvent<AccountLinkedDetail>).detail));
    try {
      // Each of these carries the real code, and each must be ignored.
      post('https://evil.example.com', { type: 'authorization_response', response: { code, state } });
      post(`${ORIGIN}:8443`, { type: 'authorization_response', response: { code, state } });
      post(ORIGIN, { type: 'authorization_error', response: { code, state } });
      post(ORIGIN, { type: 'authorization_response', response: { code, state: `${state}x` } });
      post(ORIGIN, { type: 'authorization_response', response: { code } });
      post(ORIGIN, `{"type":"authorization_response","response":{"code":"${code}","state":"${state}"}}`);
      // Nothing marks a message as ignored: time for one wrongly taken to reach the network, and past a 500 ms poll of the popup.
      await tick(700);
      await el.updateComplete;
      expect(log.map((l) => l.line), 'requests after ignored messages').to.deep.equal([]);
      expect(errors.list, 'errors after ignored messages').to.deep.equal([]);
      expect(shown(part(el, 'error'))).to.equal(null);
      expect(shown(part(el, 'notice'))).to.equal(null);
      expect(addButton().disabled, 'still linking').to.be.true;
      expect(part(el, 'status')!.textContent).to.match(/Finish signing in in the window that opened/);
      expect(popup.closeCalls).to.equal(0);

      post(ORIGIN, { type: 'authorization_response', response: { code, state } });
      await waitUntil(() => linked.length > 0 || part(el, 'error'), 'the right answer did not complete the link', { timeout: 5000 });
      // The element's last step: focus to what came of it, once that is on show.
      await waitUntil(() => el.shadowRoot!.activeElement, 'focus did not move into the element after the link', { timeout: 5000 });
      await el.updateComplete;
    } finally {
      errors.stop();
    }
    expect(errors.list).to.deep.equal([]);
    expect(log.map((l) => l.line)).to.deep.equal(['POST /oauth/token', `POST ${ALICE_PATH}/identities`]);
    expect(new URLSearchParams(log[0]!.body).get('code')).to.equal(code);
    expect(log[1]!.headers.get('authorization')).to.equal(`Bearer ${ALICE}`);
    expect(Object.keys(JSON.parse(log[1]!.body) as object)).to.deep.equal(['link_with']);
    expect(linked).to.have.length(1);
    expect(linked[0]!.identities.map((i) => `${i.provider}|${i.user_id}`)).to.deep.equal([...ALICE_IDS, GITHUB_SPARE]);
    expect(rowIds(el)).to.deep.equal([...ALICE_IDS, GITHUB_SPARE]);
    expect(aliceInTenant()).to.deep.equal([...ALICE_IDS, GITHUB_SPARE]);
    expect(popup.closeCalls, 'the popup is closed once answered').to.be.greaterThan(0);
    expect(addButton().disabled).to.be.false;
    visibleNotice(el);
    expectFocusIn(el, [row(el, GITHUB_SPARE), part(el, 'notice')]);
  });

  it('a property set just before link() applies to that call: el.popup = false; el.link() leaves by redirect', async () => {
    const assigned: string[] = [];
    el.addEventListener('account-link', (event) => {
      assigned.push((event as CustomEvent<{ url: string }>).detail.url);
      event.preventDefault(); // the test page stays where it is
    });
    el.popup = false;
    const started = el.link();
    expect(open.callCount, 'no window for a redirect link').to.equal(0);
    await started;
    expect(assigned).to.have.length(1);
    expect(new URL(assigned[0]!).searchParams.get('response_mode')).to.equal(null);
    el.popup = true;
    void el.link();
    expect(open.callCount, 'the window opens in the same task as the call').to.equal(1);
  });

  it('a blocked popup (window.open returns null) → popup-blocked, suggesting to allow popups', async () => {
    open.returns(null);
    const log = recordAll();
    const errors = collectErrors();
    addButton().click();
    expect(open.callCount).to.equal(1);
    const alert = await errorShown(el);
    // A second error or a request would follow the first; nothing marks their absence.
    await tick(50);
    errors.stop();
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.dataset['code']).to.equal('popup-blocked');
    expect(alert.textContent).to.match(/blocked the sign-in window\. Allow popups for this site/);
    expect(errors.list.map((e) => e.code)).to.deep.equal(['popup-blocked']);
    expect(log).to.deep.equal([]);
    expect(addButton().disabled).to.be.false;
    expect(rowIds(el)).to.deep.equal(ALICE_IDS);
  });

  it('a popup the person closes → popup-closed as a calm notice, focus back on the add button', async () => {
    await clickAdd();
    const log = recordAll();
    const errors = collectErrors();
    addButton().focus();
    popup.closed = true;
    await waitUntil(() => part(el, 'notice'), 'no notice after the popup closed', { timeout: 5000 }); // it polls popup.closed every 500 ms
    // The element's last step: focus back to the button that opened the popup.
    await waitUntil(() => el.shadowRoot!.activeElement === addButton(), `focus did not come back to the add button: ${shown(el.shadowRoot!.activeElement)}`, {
      timeout: 5000,
    });
    await el.updateComplete;
    errors.stop();
    const notice = visibleNotice(el);
    expect(notice.textContent).to.match(/sign-in window was closed; nothing was linked/);
    expect(shown(part(el, 'error')), 'a closed popup is no alarm').to.equal(null);
    expect(shown(el.shadowRoot!.querySelector('[role="alert"]'))).to.equal(null);
    expect(errors.list.map((e) => e.code)).to.deep.equal(['popup-closed']);
    expect(log).to.deep.equal([]);
    expect(addButton().disabled).to.be.false;
    expectFocusIn(el, [addButton()]);
    expect(rowIds(el)).to.deep.equal(ALICE_IDS);
    expect(aliceInTenant()).to.deep.equal(ALICE_IDS);
  });

  it('an error answer from the popup (the person cancelled) is a calm notice too', async () => {
    const url = await clickAdd();
    const errors = collectErrors();
    post(ORIGIN, {
      type: 'authorization_response',
      response: { error: 'access_denied', error_description: 'User cancelled the login', state: url.searchParams.get('state') },
    });
    await waitUntil(() => part(el, 'notice'), 'no notice after the cancel', { timeout: 3000 });
    await el.updateComplete;
    errors.stop();
    expect(shown(part(el, 'error'))).to.equal(null);
    expect(errors.list.map((e) => e.code)).to.deep.equal(['authorize-error']);
    expect(popup.closeCalls).to.be.greaterThan(0);
    expect(rowIds(el)).to.deep.equal(ALICE_IDS);
  });

  it('an answer posted the moment the popup is sent to /authorize is heard: the wait listens first', async () => {
    // A tenant may answer at once, and the wait's code is a chunk that may come later than that:
    // an answer posted before the page listens is lost for good, the element waiting out its
    // 2 minutes (issue 22). Posted inside the navigation itself, the strictest case.
    const errors = collectErrors();
    const answering = fakePopup((url) =>
      post(ORIGIN, {
        type: 'authorization_response',
        response: { error: 'access_denied', error_description: 'User cancelled the login', state: new URL(url).searchParams.get('state') },
      }),
    );
    open.returns(answering.popup as unknown as Window);
    addButton().click();
    await waitUntil(() => part(el, 'notice') || part(el, 'error'), 'the answer posted as the popup was sent on was not heard', { timeout: 5000 });
    await el.updateComplete;
    errors.stop();
    expect(answering.navigated).to.have.length(1);
    expect(shown(part(el, 'error'))).to.equal(null);
    expect(errors.list.map((e) => e.code)).to.deep.equal(['authorize-error']);
    expect(answering.popup.closeCalls, 'the popup is closed once answered').to.be.greaterThan(0);
    expect(rowIds(el)).to.deep.equal(ALICE_IDS);
  });

  it('no answer within 120 s → popup-timeout (fake timers)', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const errors = collectErrors();
    const log = recordAll();
    try {
      addButton().click();
      expect(open.callCount).to.equal(1);
      // On the real clock (the page's is faked): the popup is sent on once the wait's chunk is in.
      await waitUntilReal(() => navigated.length, 'the popup was never sent to /authorize');
      expect(navigated, 'the popup was sent to /authorize').to.have.length(1);

      await clock.tickAsync(120_000 - 1);
      await el.updateComplete;
      expect(shown(part(el, 'error')), 'an error before 120 s').to.equal(null);
      expect(errors.list).to.deep.equal([]);
      expect(addButton().disabled, 'still waiting').to.be.true;

      await clock.tickAsync(1);
      await waitUntilReal(() => part(el, 'error'), 'no error once the 120 s were up');
      await el.updateComplete;
    } finally {
      clock.restore();
      errors.stop();
    }
    const error = part(el, 'error');
    expect(shown(error), 'an error after 120 s').to.match(/^<div part="error" data-code="popup-timeout" role="alert">/);
    expect(error!.textContent).to.match(/did not answer within 2 minutes; nothing was linked/);
    expect(errors.list.map((e) => e.code)).to.deep.equal(['popup-timeout']);
    expect(popup.closeCalls, 'the popup is closed after the timeout').to.be.greaterThan(0);
    expect(log).to.deep.equal([]);
    expect(addButton().disabled).to.be.false;
    expect(rowIds(el)).to.deep.equal(ALICE_IDS);
  });
});
