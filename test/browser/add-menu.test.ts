// The add links: only connections not linked yet; more than three in a menu (the WAI-ARIA menu
// button pattern), driven by keyboard and pointer.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { AccountLinker } from '../../src/account-linker.js';
import type { AccountLinkDetail } from '../../src/events.js';
import sinon from 'sinon';
import { ALICE, CLIENT_ID, DOMAIN, errorShown, linker, loaded, part, parts, tick, useMock } from './helpers.js';

// Alice has google-oauth2 and github linked.
const FIVE_NEW = 'facebook windowslive apple sms corp-oidc';

function trigger(el: AccountLinker): HTMLButtonElement {
  const found = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="add-link"][aria-haspopup="menu"]');
  expect(found, 'the menu trigger').to.exist;
  return found!;
}

function menu(el: AccountLinker): HTMLElement | null {
  return part(el, 'add-menu');
}

function items(el: AccountLinker): HTMLButtonElement[] {
  return parts<HTMLButtonElement>(el, 'add-link', menu(el) ?? undefined).filter((item) => item.getAttribute('role') === 'menuitem');
}

function focused(el: AccountLinker): Element | null {
  return el.shadowRoot!.activeElement;
}

async function press(el: AccountLinker, key: string): Promise<void> {
  await sendKeys({ press: key });
  await el.updateComplete;
  await tick();
}

/** Alice's element with five connections to offer, the trigger focused by Tab. */
async function withMenu(): Promise<AccountLinker> {
  const el = await linker({ connections: `github google-oauth2 ${FIVE_NEW}` });
  await loaded(el);
  for (let i = 0; i < 20 && focused(el) !== trigger(el); i++) await sendKeys({ press: 'Tab' });
  expect(focused(el)).to.equal(trigger(el));
  return el;
}

describe('<account-linker> add links and the add menu', () => {
  useMock();
  afterEach(() => resetMouse());

  describe('which connections are offered', () => {
    it('offers only connections not linked yet, each with its icon', async () => {
      const el = await linker({ connections: 'github google-oauth2 facebook' });
      await loaded(el);
      const links = parts(el, 'add-link');
      expect(links.map((l) => l.dataset['connection'])).to.deep.equal(['facebook']);
      expect(part(el, 'provider-icon', links[0])!.dataset['icon']).to.equal('facebook');
      expect(links[0]!.hasAttribute('aria-haspopup')).to.be.false;
      expect(menu(el)).to.be.null;
    });

    it('says so when every connection is linked, and offers no add link', async () => {
      const el = await linker({ connections: 'github google-oauth2' });
      await loaded(el);
      expect(parts(el, 'add-link')).to.have.length(0);
      expect(part(el, 'all-linked')!.textContent).to.equal('Every sign-in method offered here is linked already.');
      await expect(el).to.be.accessible();
    });

    it('offers a connection again once its identity is unlinked', async () => {
      const el = await linker({ connections: 'github facebook' });
      await loaded(el);
      expect(parts(el, 'add-link').map((l) => l.dataset['connection'])).to.deep.equal(['facebook']);
      const done = oneEvent(el, 'account-unlinked');
      await el.unlink('github|1234567');
      await done;
      await el.updateComplete;
      expect(parts(el, 'add-link').map((l) => l.dataset['connection'])).to.deep.equal(['github', 'facebook']);
    });

    it('keeps up to three as buttons; a fourth makes one menu', async () => {
      const three = await linker({ connections: 'github facebook windowslive apple' });
      await loaded(three);
      expect(parts(three, 'add-link').map((l) => l.dataset['connection'])).to.deep.equal(['facebook', 'windowslive', 'apple']);

      const four = await linker({ connections: 'github facebook windowslive apple sms' });
      await loaded(four);
      const links = parts(four, 'add-link');
      expect(links).to.have.length(1);
      expect(links[0]!.hasAttribute('data-connection')).to.be.false;
      expect(links[0]!.getAttribute('aria-haspopup')).to.equal('menu');
      expect(links[0]!.getAttribute('aria-expanded')).to.equal('false');
      expect(links[0]!.textContent!.trim()).to.equal('Add account');
    });
  });

  describe('the menu', () => {
    it('opens on click with one item per connection to offer, each with its icon, focus on the first', async () => {
      const el = await linker({ connections: `github google-oauth2 ${FIVE_NEW}` });
      await loaded(el);
      trigger(el).click();
      await el.updateComplete;
      await tick();
      const opened = menu(el)!;
      expect(opened.getAttribute('role')).to.equal('menu');
      expect(trigger(el).getAttribute('aria-expanded')).to.equal('true');
      expect(trigger(el).getAttribute('aria-controls')).to.equal(opened.id);
      expect(opened.getAttribute('aria-labelledby')).to.equal(trigger(el).id);
      expect(items(el).map((i) => i.dataset['connection'])).to.deep.equal(FIVE_NEW.split(' '));
      expect(items(el).map((i) => part(el, 'provider-icon', i)!.dataset['icon'])).to.deep.equal(['facebook', 'microsoft', 'apple', 'sms', 'letter']);
      expect(items(el).every((i) => i.tabIndex === -1)).to.be.true;
      expect(focused(el)).to.equal(items(el)[0]);
      await expect(el).to.be.accessible();
    });

    it('uses one name per connection: the menu item, the row once linked, the button', async () => {
      const el = await linker({ connections: `github google-oauth2 ${FIVE_NEW}` });
      await loaded(el);
      trigger(el).click();
      await el.updateComplete;
      const names = items(el).map((i) => i.querySelector('span')!.textContent);
      expect(names).to.deep.equal(['Facebook', 'Microsoft', 'Apple', 'Phone (SMS)', 'corp-oidc']);

      const identities = JSON.stringify([
        { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication', isSocial: false },
        { provider: 'sms', user_id: '15555550123', connection: 'sms', isSocial: false },
        { provider: 'oidc', user_id: 'corp|employee-42', connection: 'corp-oidc', isSocial: false },
      ]);
      const listed = await linker({ identities, connections: 'sms corp-oidc facebook' });
      await loaded(listed);
      const rowNames = parts(listed, 'provider').map((p) => p.textContent);
      expect(rowNames.slice(1)).to.deep.equal(['Phone (SMS)', 'corp-oidc']);
      expect(part(listed, 'add-link')!.textContent!.trim()).to.equal('Add Facebook account');
    });

    it('moves with ArrowDown/ArrowUp (wrapping), Home and End', async () => {
      const el = await withMenu();
      await press(el, 'ArrowDown');
      expect(menu(el), 'ArrowDown on the trigger opens it').to.exist;
      const all = items(el);
      expect(focused(el)).to.equal(all[0]);
      await press(el, 'ArrowDown');
      expect(focused(el)).to.equal(all[1]);
      await press(el, 'End');
      expect(focused(el)).to.equal(all[4]);
      await press(el, 'ArrowDown');
      expect(focused(el), 'wraps to the first').to.equal(all[0]);
      await press(el, 'ArrowUp');
      expect(focused(el), 'wraps to the last').to.equal(all[4]);
      await press(el, 'Home');
      expect(focused(el)).to.equal(all[0]);
    });

    it('ArrowUp on the trigger opens on the last item; Escape closes and returns focus to the trigger', async () => {
      const el = await withMenu();
      await press(el, 'ArrowUp');
      expect(focused(el)).to.equal(items(el).at(-1));
      await press(el, 'Escape');
      expect(menu(el)).to.be.null;
      expect(trigger(el).getAttribute('aria-expanded')).to.equal('false');
      expect(focused(el)).to.equal(trigger(el));
    });

    for (const [name, key] of [['Enter', 'Enter'], ['Space', ' ']]) {
      it(`${name} chooses: the link starts for that connection, the menu closes, focus on the trigger`, async () => {
        const el = await withMenu();
        el.addEventListener('account-link', (e) => e.preventDefault());
        await press(el, 'ArrowDown');
        await press(el, 'ArrowDown');
        const chosen = oneEvent(el, 'account-link');
        await sendKeys({ press: key });
        const { detail } = (await chosen) as CustomEvent<AccountLinkDetail>;
        expect(detail.connection).to.equal('windowslive');
        expect(new URL(detail.url).searchParams.get('connection')).to.equal('windowslive');
        await el.updateComplete;
        await tick();
        expect(menu(el)).to.be.null;
        expect(focused(el)).to.equal(trigger(el));
      });
    }

    it('Tab closes it and moves on', async () => {
      const host = await fixture<HTMLElement>(html`<div>
        <account-linker mode="legacy" domain=${DOMAIN} client-id=${CLIENT_ID} access-token=${ALICE} connections=${FIVE_NEW}></account-linker>
        <button id="after">after</button>
      </div>`);
      const el = host.querySelector<AccountLinker>('account-linker')!;
      await loaded(el);
      trigger(el).focus();
      await press(el, 'ArrowDown');
      expect(menu(el)).to.exist;
      await press(el, 'Tab');
      expect(menu(el)).to.be.null;
      expect(document.activeElement).to.equal(host.querySelector('#after'));
    });

    it('a click outside closes it; a click on the trigger toggles it', async () => {
      const el = await linker({ connections: `github google-oauth2 ${FIVE_NEW}` });
      await loaded(el);
      const box = trigger(el).getBoundingClientRect();
      const atTrigger: Parameters<typeof sendMouse>[0] = { type: 'click', position: [Math.round(box.x + 5), Math.round(box.y + 5)] };
      await sendMouse(atTrigger);
      await el.updateComplete;
      await tick();
      expect(menu(el)).to.exist;
      // Inside the menu: it stays. In its top padding, halfway along: not on an item, nor in a
      // rounded corner (a point there is outside the menu's shape, as Firefox hit-tests it).
      const inside = menu(el)!.getBoundingClientRect();
      await sendMouse({ type: 'move', position: [Math.round(inside.x + inside.width / 2), Math.round(inside.y + 2)] });
      await sendMouse({ type: 'down' });
      await sendMouse({ type: 'up' });
      await el.updateComplete;
      expect(menu(el)).to.exist;
      // Outside it: it closes.
      const page = el.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(page.right + 20), Math.round(page.y + 5)] });
      await el.updateComplete;
      expect(menu(el)).to.be.null;
      // The trigger toggles.
      await sendMouse(atTrigger);
      await el.updateComplete;
      await tick();
      expect(menu(el)).to.exist;
      await sendMouse(atTrigger);
      await el.updateComplete;
      expect(menu(el)).to.be.null;
    });

    it('with `popup`, an item opens the window in its own click; a blocked window leaves focus on the trigger', async () => {
      const el = await linker({ mode: 'management', popup: true, connections: `github google-oauth2 ${FIVE_NEW}` });
      await loaded(el);
      const open = sinon.stub(window, 'open').returns(null);
      try {
        trigger(el).click();
        await el.updateComplete;
        items(el)[0]!.click();
        expect(open.callCount, 'window.open called in the click').to.equal(1);
        await errorShown(el);
        await tick();
        expect(part(el, 'error')!.dataset['code']).to.equal('popup-blocked');
        expect(menu(el)).to.be.null;
        expect(focused(el)).to.equal(trigger(el));
      } finally {
        open.restore();
      }
    });

    it('is never clipped: inside an overflow:hidden card 120 px tall every item shows, and it follows a scroll', async () => {
      const card = await fixture<HTMLElement>(html`<div style="height: 120px; overflow: hidden; border: 1px solid; margin-top: 40px;">
        <account-linker mode="legacy" domain=${DOMAIN} client-id=${CLIENT_ID} access-token=${ALICE} connections=${FIVE_NEW}></account-linker>
      </div>`);
      const el = card.querySelector<AccountLinker>('account-linker')!;
      await loaded(el);
      // The trigger inside the card's visible box.
      card.scrollTop = card.scrollHeight;
      trigger(el).click();
      await el.updateComplete;
      await tick();
      const all = items(el);
      expect(all).to.have.length(5);
      const hitsEvery = () =>
        all.every((item) => {
          const box = item.getBoundingClientRect();
          const hit = el.shadowRoot!.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
          return hit === item || item.contains(hit);
        });
      expect(hitsEvery(), 'each item is hit at its centre').to.be.true;
      // At its trigger: under it or above it, 4 px away, along its start edge.
      const at = trigger(el).getBoundingClientRect();
      const box = menu(el)!.getBoundingClientRect();
      expect(Math.min(Math.abs(box.top - at.bottom - 4), Math.abs(at.top - 4 - box.bottom)), 'next to the trigger').to.be.below(1);
      expect(Math.abs(box.left - at.left)).to.be.below(1);
      // The keyboard still moves among the items.
      await press(el, 'ArrowDown');
      expect(focused(el)).to.equal(all[1]);
      await press(el, 'Escape');
      expect(menu(el)).to.be.null;
      expect(focused(el)).to.equal(trigger(el));
    });

    it('opens above its trigger when there is no room below, and follows the page as it scrolls', async () => {
      const page = await fixture<HTMLElement>(html`<div style="padding-top: ${innerHeight - 120}px; padding-bottom: ${innerHeight}px;">
        <account-linker mode="legacy" domain=${DOMAIN} client-id=${CLIENT_ID} access-token=${ALICE} connections=${FIVE_NEW}></account-linker>
      </div>`);
      const el = page.querySelector<AccountLinker>('account-linker')!;
      await loaded(el);
      trigger(el).scrollIntoView({ block: 'end' });
      trigger(el).click();
      await el.updateComplete;
      await tick();
      let at = trigger(el).getBoundingClientRect();
      let box = menu(el)!.getBoundingClientRect();
      expect(box.bottom, 'above the trigger').to.be.at.most(at.top);
      expect(box.top).to.be.at.least(0);
      // Scrolled so that there is room below: it follows its trigger.
      window.scrollBy(0, 300);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      at = trigger(el).getBoundingClientRect();
      box = menu(el)!.getBoundingClientRect();
      expect(Math.min(Math.abs(box.top - at.bottom - 4), Math.abs(at.top - 4 - box.bottom)), 'still at the trigger').to.be.below(1);
      await press(el, 'Escape');
      window.scrollTo(0, 0);
    });

    it('a click on an item starts that connection\'s link, as link(connection) does', async () => {
      const el = await linker({ connections: `github google-oauth2 ${FIVE_NEW}` });
      await loaded(el);
      el.addEventListener('account-link', (e) => e.preventDefault());
      const byMethod = oneEvent(el, 'account-link');
      const started = el.link('corp-oidc');
      const viaMethod = new URL(((await byMethod) as CustomEvent<AccountLinkDetail>).detail.url);
      await started;
      await el.updateComplete;

      trigger(el).click();
      await el.updateComplete;
      const byMenu = oneEvent(el, 'account-link');
      items(el).find((i) => i.dataset['connection'] === 'corp-oidc')!.click();
      const { detail } = (await byMenu) as CustomEvent<AccountLinkDetail>;
      const viaMenu = new URL(detail.url);
      expect(detail.connection).to.equal('corp-oidc');
      for (const name of ['connection', 'client_id', 'redirect_uri', 'scope', 'response_type']) {
        expect(viaMenu.searchParams.get(name), name).to.equal(viaMethod.searchParams.get(name));
      }
    });
  });
});
