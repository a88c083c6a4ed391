// Rows: the provider's icon, its name and the account's; long text cut on one line; the phone
// layout; the loading skeleton; and the feedback around a link (the new row, notices, errors).
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { emulateMedia, setViewport } from './engine.js';
import { delay, http, HttpResponse } from 'msw';
import { DEMO_TOKENS, DEMO_USER_IDS } from '../../src/mock/index.js';
import type { AccountLinker } from '../../src/account-linker.js';
import { errorShown, linker, listed, loaded, part, parts, row, rowIds, rows, startLink, tenant, useMock, withLocation, worker } from './helpers.js';

const ALICE_IDS = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];

/** One identity of each provider the tenants know, as a host would print them. */
const EVERY_PROVIDER: [provider: string, connection: string, icon: string][] = [
  ['auth0', 'Username-Password-Authentication', 'database'],
  ['google-oauth2', 'google-oauth2', 'google'],
  ['github', 'github', 'github'],
  ['facebook', 'facebook', 'facebook'],
  ['apple', 'apple', 'apple'],
  ['windowslive', 'windowslive', 'microsoft'],
  ['microsoft-account', 'microsoft-account', 'microsoft'],
  ['twitter', 'twitter', 'x'],
  ['linkedin', 'linkedin', 'linkedin'],
  ['gitlab', 'gitlab', 'gitlab'],
  ['sms', 'sms', 'sms'],
  ['email', 'email', 'email'],
  ['samlp', 'corp-saml', 'enterprise'],
  ['oidc', 'corp-oidc', 'enterprise'],
  ['waad', 'contoso', 'enterprise'],
  ['adfs', 'corp-adfs', 'enterprise'],
  ['oauth2', 'gitea', 'letter'],
];

function identitiesOf(list: typeof EVERY_PROVIDER): string {
  return JSON.stringify(list.map(([provider, connection], i) => ({ provider, user_id: `id${i}`, connection, isSocial: true })));
}

/** The element inside a box of `width` px, as a phone-width column of a page shows it. */
async function inBox(width: number, identities: string): Promise<{ box: HTMLElement; el: AccountLinker }> {
  const box = await fixture<HTMLElement>(html`<div style="width: ${width}px"></div>`);
  const el = document.createElement('account-linker') as AccountLinker;
  el.setAttribute('domain', 'tenant.example.com');
  el.setAttribute('client-id', 'account-linker-demo');
  el.setAttribute('identities', identities);
  box.append(el);
  await listed(el);
  return { box, el };
}

/** The danger colour, light and dark. */
const DANGER = ['rgb(207, 34, 46)', 'rgb(248, 81, 73)'];

const LONG_EMAIL = `${'a-very-long-mailbox-name-without-any-space'.repeat(4)}@an-even-longer-domain-name.example.com`;

describe('<account-linker> rows', () => {
  useMock();
  after(async () => {
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  describe('what a row shows', () => {
    it('shows every known provider\'s icon, and a letter for anything else', async () => {
      const el = await linker({ identities: identitiesOf(EVERY_PROVIDER) });
      await listed(el);
      const shown = rows(el).map((r) => part(el, 'provider-icon', r)!);
      expect(shown.map((icon) => icon.dataset['icon'])).to.deep.equal(EVERY_PROVIDER.map(([, , icon]) => icon));
      const marks = new Map<string, string>();
      for (const icon of shown) {
        expect(icon.localName).to.equal('svg');
        expect(icon.getAttribute('aria-hidden')).to.equal('true');
        const { width, height } = icon.getBoundingClientRect();
        expect(width, 'icon width').to.be.within(20, 24);
        expect(height, 'icon height').to.be.within(20, 24);
        marks.set(icon.dataset['icon']!, icon.innerHTML);
      }
      // Each kind its own drawing.
      expect(new Set(marks.values()).size).to.equal(marks.size);
      // A custom OAuth2 connection is named by its connection, its icon its initial.
      const gitea = rows(el).at(-1)!;
      expect(part(el, 'provider', gitea)!.textContent).to.equal('gitea');
      expect(part(el, 'provider-icon', gitea)!.querySelector('text')!.textContent).to.equal('G');
    });

    it('shows the icon, the provider\'s name, then the account: the primary\'s email from the profile', async () => {
      const el = await linker();
      await loaded(el);
      const seen = rows(el).map((r) => [part(el, 'provider', r)!.textContent, part(el, 'account-name', r)!.textContent]);
      expect(seen).to.deep.equal([
        ['Email and password', 'alice@example.com'],
        ['Google', 'alice.example@gmail.com'],
        ['GitHub', 'alice@users.noreply.github.com'],
      ]);
      for (const r of rows(el)) {
        const order = [part(el, 'provider-icon', r), part(el, 'provider', r), part(el, 'account-name', r)];
        for (let i = 1; i < order.length; i++) {
          expect(order[i - 1]!.compareDocumentPosition(order[i]!) & Node.DOCUMENT_POSITION_FOLLOWING, 'icon, name, account').to.not.equal(0);
        }
      }
    });

    it('the primary row of Auth0\'s whole user object reads the user\'s email', async () => {
      const identities = JSON.stringify({
        user_id: 'auth0|alice0001',
        email: 'alice@example.com',
        identities: [{ provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication', isSocial: false }],
      });
      const el = await linker({ identities });
      await listed(el);
      expect(part(el, 'account-name')!.textContent).to.equal('alice@example.com');
    });

    it('names an account by email, else name, else nickname; the bare id only when there is nothing else', async () => {
      const identities = JSON.stringify([
        { provider: 'auth0', user_id: 'me', connection: 'Username-Password-Authentication', isSocial: false },
        { provider: 'github', user_id: 1, connection: 'github', isSocial: true, profileData: { nickname: 'octo', name: 'Octo Cat' } },
        { provider: 'github', user_id: 2, connection: 'github', isSocial: true, profileData: { nickname: 'octo-2' } },
        { provider: 'github', user_id: 3, connection: 'github', isSocial: true, profileData: { email: 'e@x.example', name: 'N' } },
        { provider: 'github', user_id: 4, connection: 'github', isSocial: true },
      ]);
      const el = await linker({ identities, userId: 'auth0|me' });
      await listed(el);
      const names = rows(el).slice(1).map((r) => part(el, 'account-name', r)!.textContent);
      expect(names).to.deep.equal(['Octo Cat', 'octo-2', 'e@x.example', '4']);
    });

    it('cuts a long email with an ellipsis on one line; the full text is in its title and the unlink button\'s name', async () => {
      const short = await inBox(375, identitiesOf([['github', 'github', 'github']]));
      const list = JSON.stringify([
        { provider: 'github', user_id: 1, connection: 'github', isSocial: true, profileData: { email: LONG_EMAIL } },
      ]);
      const { el, box } = await inBox(375, list);
      const name = part(el, 'account-name')!;
      const style = getComputedStyle(name);
      expect(name.scrollWidth, 'the text overflows its box').to.be.greaterThan(name.clientWidth);
      expect(style.textOverflow).to.equal('ellipsis');
      expect(style.whiteSpace).to.equal('nowrap');
      expect(name.getBoundingClientRect().height, 'one line').to.be.below(parseFloat(style.lineHeight) * 1.5);
      expect(name.title).to.equal(LONG_EMAIL);
      expect(part(el, 'unlink-button')!.getAttribute('aria-label')).to.equal(`Unlink GitHub (${LONG_EMAIL})`);
      // The element is as wide as with a short name, and the page does not scroll sideways.
      expect(el.getBoundingClientRect().width).to.equal(short.el.getBoundingClientRect().width);
      expect(el.getBoundingClientRect().width).to.be.at.most(box.getBoundingClientRect().width);
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
    });

    it('never breaks a name mid-word, nor lets a long provider name push the button', async () => {
      const list = JSON.stringify([
        { provider: 'oidc', user_id: 'x', connection: `corp-${'sso'.repeat(30)}`, isSocial: false, profileData: { name: 'Someone' } },
        { provider: 'github', user_id: 1, connection: 'github', isSocial: true, profileData: { name: 'x' } },
      ]);
      const { el } = await inBox(375, list);
      const [first, second] = rows(el) as [HTMLElement, HTMLElement];
      const provider = part(el, 'provider', first)!;
      expect(provider.scrollWidth).to.be.greaterThan(provider.clientWidth);
      expect(part(el, 'unlink-button', first)!.getBoundingClientRect().right).to.equal(part(el, 'unlink-button', second)!.getBoundingClientRect().right);
    });
  });

  describe('at phone width (375 px)', () => {
    before(() => setViewport({ width: 375, height: 700 }));
    after(() => setViewport({ width: 800, height: 600 }));

    it('a compact unlink button at the same end of every row; the account name has the whole line under it; the primary\'s beside its reason', async () => {
      tenant.link(DEMO_USER_IDS.alice, 'oidc|corp|employee-42');
      const el = await linker();
      await loaded(el);
      expect(document.documentElement.scrollWidth).to.be.at.most(375);
      const boxes = parts(el, 'unlink-button').map((button) => button.getBoundingClientRect());
      expect(boxes).to.have.length(4);
      for (const box of boxes) {
        expect(box.left, 'left edge').to.equal(boxes[0]!.left);
        expect(box.width, 'width').to.equal(boxes[0]!.width);
        expect(box.height, 'compact').to.be.at.most(32);
      }
      const [primary, ...others] = rows(el);
      for (const r of others) {
        const button = part(el, 'unlink-button', r)!.getBoundingClientRect();
        const provider = part(el, 'provider', r)!.getBoundingClientRect();
        const name = part(el, 'account-name', r)!.getBoundingClientRect();
        expect(button.top, 'the button on the provider\'s line').to.be.below(provider.bottom);
        expect(name.top, 'the account name under it').to.be.at.least(button.bottom - 1);
        expect(name.right, 'the account name runs under the button').to.be.at.least(button.right - 1);
      }
      // The primary's provider line and name have the whole width; its disabled button sits by the reason.
      const button = part(el, 'unlink-button', primary)!.getBoundingClientRect();
      const hint = part(el, 'hint', primary)!.getBoundingClientRect();
      expect(button.top).to.be.at.least(part(el, 'account-name', primary)!.getBoundingClientRect().bottom - 1);
      expect(button.top, 'level with its reason').to.be.below(hint.bottom);
      expect(hint.right).to.be.at.most(button.left);
    });

    it('shows an account name of up to 32 characters whole', async () => {
      const names = [
        'alice.example@gmail.com',
        'alice@users.noreply.github.com',
        'maximilian.mustermann@outlook.de',
        'Dr. Maximiliane Musterfrau-Weber',
        'sebastian.lindqvist@hotmail.com',
      ];
      const identities = JSON.stringify([
        { provider: 'auth0', user_id: 'me', connection: 'Username-Password-Authentication', isSocial: false, profileData: { email: 'me@example.com' } },
        ...names.map((name, i) => ({ provider: 'github', user_id: i, connection: 'github', isSocial: true, profileData: name.includes('@') ? { email: name } : { name } })),
      ]);
      const el = await linker({ identities, userId: 'auth0|me' });
      await listed(el);
      expect(document.documentElement.scrollWidth).to.be.at.most(375);
      for (const [i, name] of names.entries()) {
        expect(name.length).to.be.at.most(32);
        const shown = part(el, 'account-name', row(el, `github|${i}`))!;
        expect(shown.textContent).to.equal(name);
        expect(shown.title).to.equal(name);
        expect(shown.scrollWidth, `${name} is cut`).to.be.at.most(shown.clientWidth);
      }
      // The provider's line too: "Email and password" and its badge.
      const provider = part(el, 'provider', row(el, 'auth0|me'))!;
      expect(provider.scrollWidth, 'Email and password is cut').to.be.at.most(provider.clientWidth);
    });

    it('the primary\'s disabled unlink is neutral, not a faded red, and its reason is shown', async () => {
      const el = await linker();
      await loaded(el);
      const primary = part<HTMLButtonElement>(el, 'unlink-button', row(el, 'auth0|alice0001'))!;
      const other = part<HTMLButtonElement>(el, 'unlink-button', row(el, 'github|1234567'))!;
      const muted = getComputedStyle(part(el, 'account-name')!).color;
      expect(primary.disabled).to.be.true;
      expect(getComputedStyle(primary).color).to.equal(muted);
      expect(getComputedStyle(primary).color).not.to.equal(getComputedStyle(other).color);
      expect(getComputedStyle(primary).opacity).to.equal('1');
      const hint = el.shadowRoot!.getElementById(primary.getAttribute('aria-describedby')!)!;
      expect(hint.getBoundingClientRect().height).to.be.greaterThan(0);
      expect(hint.textContent).to.match(/cannot be unlinked/);
    });
  });

  describe('loading', () => {
    after(() => setViewport({ width: 800, height: 600 }));
    for (const width of [800, 375]) it(`shows a skeleton of the list's size: nothing moves when the list arrives (${width} px)`, async () => {
      await setViewport({ width, height: 700 });
      let answer: () => void = () => undefined;
      const arrived = new Promise<void>((resolve) => (answer = resolve));
      worker.use(
        http.get('*/userinfo', async () => {
          await arrived;
          return undefined;
        }),
      );
      const el = await linker({ token: DEMO_TOKENS.carol });
      await waitUntil(() => part(el, 'loading'), 'no skeleton');
      const skeleton = part(el, 'loading')!;
      expect(skeleton.textContent).to.contain('Loading linked accounts');
      const before = el.getBoundingClientRect();
      const button = part(el, 'add-link')!.getBoundingClientRect();
      answer();
      await listed(el);
      expect(rows(el)).to.have.length(2);
      const after = el.getBoundingClientRect();
      expect(Math.abs(after.height - before.height), `height ${before.height} → ${after.height}`).to.be.below(1);
      expect(after.width).to.equal(before.width);
      expect(Math.abs(part(el, 'add-link')!.getBoundingClientRect().top - button.top)).to.be.below(1);
    });
  });

  describe('feedback', () => {
    async function linkGithubSpare(): Promise<AccountLinker> {
      const el = await linker();
      await loaded(el);
      const state = await startLink(el);
      el.remove();
      tenant.link(DEMO_USER_IDS.alice, 'github|7654321');
      return withLocation(`code=c&state=${state}`, async () => {
        const back = await linker();
        await oneEvent(back, 'account-linked');
        await back.updateComplete;
        return back;
      });
    }

    it('marks the new row, which glows once; with reduced motion only the mark stays', async () => {
      const el = await linkGithubSpare();
      const added = row(el, 'github|7654321');
      expect(added.hasAttribute('data-added')).to.be.true;
      expect(getComputedStyle(added).animationName).to.equal('added');
      expect(getComputedStyle(added, '::before').content).to.not.equal('none');
      expect(part(el, 'notice')!.textContent).to.match(/GitHub \(octo-spare@users\.noreply\.github\.com\) is now linked/);
      expect(el.shadowRoot!.activeElement).to.equal(added);
      for (const other of ALICE_IDS) expect(row(el, other).hasAttribute('data-added')).to.be.false;

      // Where the engine can emulate reduced motion (not WebKit: README, "Browsers").
      if (await emulateMedia({ reducedMotion: 'reduce' })) {
        try {
          expect(getComputedStyle(added).animationName).to.equal('none');
          expect(getComputedStyle(added, '::before').content).to.not.equal('none');
        } finally {
          await emulateMedia({ reducedMotion: 'no-preference' });
        }
      }
      await expect(el).to.be.accessible();
    });

    it('an error leads with a sentence; the code, status and server text are behind a disclosure', async () => {
      worker.use(http.get('*/userinfo', () => HttpResponse.json({ error: 'server_error', error_description: 'db shard 7 timed out' }, { status: 503 })));
      const el = await linker();
      const alert = await errorShown(el);
      const sentence = alert.querySelector(':scope > p')!;
      expect(sentence.textContent).to.equal('The sign-in server had a problem. Try again later.');
      const details = alert.querySelector<HTMLDetailsElement>('details')!;
      expect(details.getAttribute('part')).to.equal('error-details');
      expect(details.open).to.be.false;
      const summary = details.querySelector('summary')!;
      expect(summary.textContent).to.equal('Technical details');
      const technical = [...details.querySelectorAll('p')];
      expect(technical.map((p) => p.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(['http · HTTP 503', 'db shard 7 timed out']);
      expect(technical.some((p) => p.checkVisibility()), 'hidden until opened').to.be.false;
      await expect(el).to.be.accessible();

      // The keyboard opens it: Tab to the summary, Enter.
      for (let i = 0; i < 10 && el.shadowRoot!.activeElement !== summary; i++) await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(summary);
      await sendKeys({ press: 'Enter' });
      expect(details.open).to.be.true;
      expect(technical.every((p) => p.checkVisibility()), 'shown once opened').to.be.true;
      await expect(el).to.be.accessible();
      await sendKeys({ press: ' ' });
      expect(details.open).to.be.false;
    });

    it('a cancel at /authorize is a calm notice: not red, not an alert, the sentence alone', async () => {
      const el = await linker();
      await loaded(el);
      const state = await startLink(el);
      el.remove();
      await withLocation(`error=access_denied&error_description=User%20did%20not%20authorize%20the%20request&state=${state}`, async () => {
        const back = await linker();
        await waitUntil(() => part(back, 'notice'), 'no notice');
        await listed(back);
        const notice = part(back, 'notice')!;
        expect(notice.getAttribute('role')).to.equal('status');
        expect(notice.textContent).to.equal('Linking was cancelled; nothing changed.');
        expect(part(back, 'error')).to.be.null;
        expect(back.shadowRoot!.querySelector('[role="alert"]')).to.be.null;
        const style = getComputedStyle(notice);
        for (const color of [style.color, style.borderInlineStartColor, style.borderTopColor, style.backgroundColor]) {
          expect(color, 'no red in a calm notice').not.to.be.oneOf(DANGER);
        }
        expect(rowIds(back)).to.deep.equal(ALICE_IDS);
      });
    });
  });

  it('shows the account\'s picture, else nothing (no initials); the names stay in line', async () => {
    const photo = 'https://tenant.example.com/photos/linus.svg';
    worker.use(http.get(photo, () => new HttpResponse('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#3a6"/></svg>', { headers: { 'Content-Type': 'image/svg+xml' } })));
    const el = await fixture<AccountLinker>(html`<account-linker domain="tenant.example.com" client-id="abc" mode="management"></account-linker>`);
    el.identities = [
      { provider: 'github', user_id: '1', connection: 'github', isSocial: true, profileData: { name: 'Grace', picture: `${location.origin}/no-such-picture.png` } },
      { provider: 'gitlab', user_id: '2', connection: 'gitlab', isSocial: true, profileData: { name: 'Linus', picture: photo } },
      { provider: 'github', user_id: '3', connection: 'github', isSocial: true, profileData: { name: 'Ada' } },
      // Auth0's generated initials (and the mock's) are no picture.
      { provider: 'github', user_id: '4', connection: 'github', isSocial: true, profileData: { name: 'Bo', picture: 'https://cdn.auth0.com/avatars/bo.png' } },
      { provider: 'github', user_id: '5', connection: 'github', isSocial: true, profileData: { name: 'Cy', picture: 'https://tenant.example.com/__mock/avatar/cy.svg' } },
    ];
    await el.updateComplete;
    await waitUntil(() => !part(el, 'avatar', row(el, 'github|1')), 'the broken picture stayed');
    for (const id of ['github|3', 'github|4', 'github|5']) expect(part(el, 'avatar', row(el, id)), `${id}: nothing`).to.be.null;
    expect(el.shadowRoot!.textContent).not.to.match(/\b[GLABC]\b/);
    const good = part(el, 'avatar', row(el, 'gitlab|2'))!;
    expect(good.localName).to.equal('img');
    expect(good.getAttribute('src')).to.equal(photo);
    // The names start at the same place in every row, with a picture or without.
    const starts = rows(el).map((r) => part(el, 'account-name', r)!.getBoundingClientRect().left);
    expect(new Set(starts).size, `${starts}`).to.equal(1);
    // Without any picture, the names come right after the mark.
    const bare = await linker({ identities: identitiesOf([['github', 'github', 'github']]) });
    await listed(bare);
    expect(part(bare, 'avatar')).to.be.null;
    const gap = part(bare, 'provider')!.getBoundingClientRect().left - part(bare, 'provider-icon')!.getBoundingClientRect().right;
    expect(gap).to.be.below(16);
  });

  it('a Gravatar that would fall back to Auth0\'s initials falls back to nothing', async () => {
    const { personalPicture } = await import('../../src/ui/row.js');
    const gravatar = 'https://s.gravatar.com/avatar/0bc83cb571cd1c50ba6f3e8a78ef1346?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fal.png';
    expect(personalPicture(gravatar)).to.equal('https://s.gravatar.com/avatar/0bc83cb571cd1c50ba6f3e8a78ef1346?s=480&r=pg&d=404');
    expect(personalPicture('https://lh3.googleusercontent.com/a/photo=s96-c')).to.equal('https://lh3.googleusercontent.com/a/photo=s96-c');
    expect(personalPicture('https://cdn.auth0.com/avatars/al.png')).to.be.undefined;
  });

  it('Unlink is quiet until confirmed: a neutral button; the confirming one is red', async () => {
    const el = await linker();
    await loaded(el);
    const unlink = part(el, 'unlink-button', row(el, 'github|1234567'))!;
    const style = getComputedStyle(unlink);
    for (const color of [style.color, style.borderTopColor, style.backgroundColor]) expect(color, 'no red before the confirmation').not.to.be.oneOf(DANGER);
    expect(style.color).to.equal(getComputedStyle(el).color);
    unlink.click();
    await el.updateComplete;
    expect(getComputedStyle(part(el, 'confirm-unlink')!).backgroundColor).to.be.oneOf(DANGER);
  });

  it('an unlink removes that row alone: the rows after it keep their elements and their avatars', async () => {
    const el = await linker();
    await loaded(el);
    const ids = rowIds(el);
    expect(ids).to.have.length(3);
    const before = new Map(rows(el).map((r) => [`${r.dataset['provider']}|${r.dataset['userId']}`, r]));
    const avatar = part(el, 'avatar', before.get(ids[2]!)!);
    await el.unlink(ids[1]!);
    await el.updateComplete;
    expect(rowIds(el)).to.deep.equal([ids[0], ids[2]]);
    for (const id of [ids[0]!, ids[2]!]) expect(row(el, id), `${id} kept its element`).to.equal(before.get(id));
    expect(part(el, 'avatar', row(el, ids[2]!)), 'the avatar was not re-made').to.equal(avatar);
  });

  it('after a failed unlink the live region no longer says "Unlinking…"; a 429 says "try again" once', async () => {
    worker.use(http.post('*/unlink', async () => {
      await delay(10);
      return HttpResponse.json({ error: 'too_many_requests', error_description: 'Global limit has been reached' }, { status: 429, headers: { 'Retry-After': '5' } });
    }));
    const el = await linker();
    await loaded(el);
    part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
    await el.updateComplete;
    part(el, 'confirm-unlink')!.click();
    await el.updateComplete;
    expect(part(el, 'status')!.textContent).to.match(/Unlinking/);
    const alert = await errorShown(el);
    const sentence = alert.querySelector(':scope > p')!.textContent!;
    expect(sentence).to.equal('Too many requests (429). Wait a moment. Try again in 5 seconds.');
    expect(sentence.match(/try again/gi)).to.have.length(1);
    expect(part(el, 'status')!.textContent, 'the live region').not.to.match(/Unlinking/);
    expect(rowIds(el)).to.deep.equal(ALICE_IDS);
  });

  it('keeps the server\'s error text out of the sentence when an unlink fails', async () => {
    worker.use(http.post('*/unlink', async () => {
      await delay(10);
      return HttpResponse.json({ error: 'bad_request', error_description: 'Identity is locked by policy X-42' }, { status: 400 });
    }));
    const el = await linker();
    await loaded(el);
    part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
    await el.updateComplete;
    part(el, 'confirm-unlink')!.click();
    const alert = await errorShown(el);
    expect(alert.querySelector(':scope > p')!.textContent).not.to.contain('X-42');
    expect(alert.querySelector('details')!.textContent).to.contain('Identity is locked by policy X-42');
    expect(rowIds(el)).to.deep.equal(ALICE_IDS);
  });
});
