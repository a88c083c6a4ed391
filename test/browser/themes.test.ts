// Themes: light and dark as the page declares (else as the OS), the documented custom properties
// and parts, forced colours, reduced motion, and right-to-left.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { http } from 'msw';
import type { AccountLinker } from '../../src/account-linker.js';
import { emulateForcedColors, emulateMedia } from './engine.js';
import { linker, loaded, part, parts, row, useMock, worker } from './helpers.js';

const LIGHT_BG = 'rgb(255, 255, 255)';
const DARK_BG = 'rgb(13, 17, 23)';

/** A colour as the browser resolves it here (system colours included). */
function resolved(color: string): string {
  const probe = document.createElement('div');
  probe.style.color = color;
  document.body.append(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  return value;
}

/**
 * The OS scheme (emulated) and the page's declaration. False when the OS does not say `os` and the
 * engine cannot make it (WebKit: README, "Browsers"): the test then skips itself.
 */
async function scheme(os: 'light' | 'dark' | 'no-preference', page: string): Promise<boolean> {
  const emulated = await emulateMedia({ colorScheme: os });
  document.documentElement.style.colorScheme = page;
  return emulated || os === 'no-preference' || matchMedia(`(prefers-color-scheme: ${os})`).matches;
}

/** The relative luminance of an `rgb()` colour (WCAG). */
function luminance(color: string): number {
  const [r, g, b] = color.match(/[\d.]+/g)!.slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

describe('<account-linker> themes', () => {
  useMock();
  afterEach(async () => {
    await scheme('no-preference', '');
    document.documentElement.removeAttribute('dir');
  });

  describe('light and dark follow the page, else the OS', () => {
    const cases: [page: string, os: 'light' | 'dark', expected: string][] = [
      ['light', 'dark', LIGHT_BG],
      ['dark', 'light', DARK_BG],
      ['', 'dark', DARK_BG],
      ['', 'light', LIGHT_BG],
      ['light dark', 'dark', DARK_BG],
      ['light dark', 'light', LIGHT_BG],
    ];
    for (const [page, os, expected] of cases) {
      it(`page color-scheme "${page || '(none)'}", OS ${os}: ${expected === LIGHT_BG ? 'light' : 'dark'}`, async function () {
        if (!(await scheme(os, page))) this.skip();
        const el = await linker();
        await loaded(el);
        expect(getComputedStyle(el).backgroundColor).to.equal(expected);
        const text = getComputedStyle(el).color;
        expect(text).to.equal(expected === LIGHT_BG ? 'rgb(31, 35, 40)' : 'rgb(230, 237, 243)');
        // The parts follow too: the account names' muted colour is the scheme's.
        expect(getComputedStyle(part(el, 'account-name')!).color).to.equal(expected === LIGHT_BG ? 'rgb(89, 99, 110)' : 'rgb(145, 152, 161)');
      });
    }

    it('follows a page that changes its declaration, once the element renders again', async function () {
      if (!(await scheme('dark', ''))) this.skip();
      const el = await linker();
      await loaded(el);
      expect(getComputedStyle(el).backgroundColor).to.equal(DARK_BG);
      document.documentElement.style.colorScheme = 'light';
      await el.reload();
      await el.updateComplete;
      expect(getComputedStyle(el).backgroundColor).to.equal(LIGHT_BG);
    });

    it('keeps every brand tile visible on the dark card, its mark on it', async function () {
      if (!(await scheme('dark', ''))) this.skip();
      const kinds = [['google-oauth2', 'google'], ['github', 'github'], ['facebook', 'facebook'], ['apple', 'apple'], ['twitter', 'x'], ['gitlab', 'gitlab'], ['windowslive', 'microsoft'], ['linkedin', 'linkedin']];
      const identities = JSON.stringify(kinds.map(([provider], i) => ({ provider, user_id: `u${i}`, connection: provider, isSocial: true })));
      const el = await linker({ identities });
      await loaded(el);
      await waitUntil(() => parts(el, 'provider-icon').every((icon) => icon.querySelector('path')), 'no marks');
      const card = luminance(getComputedStyle(el).backgroundColor);
      for (const [, kind] of kinds) {
        const icon = parts(el, 'provider-icon').find((i) => i.dataset['icon'] === kind)!;
        const tile = luminance(getComputedStyle(icon).backgroundColor);
        expect(contrast(tile, card), `${kind}: tile on the dark card`).to.be.at.least(3);
        const marks = [...icon.querySelectorAll('path')].map((path) => luminance(getComputedStyle(path).fill));
        expect(Math.max(...marks.map((mark) => contrast(mark, tile))), `${kind}: mark on its tile`).to.be.at.least(2.5);
      }
    });

    it('lets the page\'s own rule for the element win', async function () {
      if (!(await scheme('light', ''))) this.skip();
      const wrapper = await fixture<HTMLElement>(html`<div><style>.dark-card { color-scheme: dark; }</style></div>`);
      const el = await linker();
      el.classList.add('dark-card');
      wrapper.append(el);
      await el.updateComplete;
      expect(getComputedStyle(el).backgroundColor).to.equal(DARK_BG);
    });

    for (const os of ['light', 'dark'] as const) {
      it(`passes axe in ${os}`, async function () {
        if (!(await scheme(os, 'light dark'))) this.skip();
        const el = await linker({ connections: 'github google-oauth2 facebook windowslive apple sms' });
        await loaded(el);
        part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
        await el.updateComplete;
        await expect(el).to.be.accessible();
      });
    }
  });

  describe('custom properties and parts', () => {
    /** The confirming button of GitHub's row (Unlink is quiet until then). */
    const confirming = (el: AccountLinker) => {
      if (!part(el, 'confirm-unlink')) {
        part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
        (el as unknown as { performUpdate(): void }).performUpdate();
      }
      return part(el, 'confirm-unlink')!;
    };
    const PROPERTIES: [name: string, value: string, read: (el: AccountLinker) => string, expected?: string][] = [
      ['--account-linker-color', 'rgb(1, 2, 3)', (el) => getComputedStyle(el).color],
      ['--account-linker-background', 'rgb(4, 5, 6)', (el) => getComputedStyle(el).backgroundColor],
      ['--account-linker-muted-color', 'rgb(7, 8, 9)', (el) => getComputedStyle(part(el, 'account-name')!).color],
      ['--account-linker-border-color', 'rgb(10, 11, 12)', (el) => getComputedStyle(el).borderTopColor],
      ['--account-linker-subtle-color', 'rgb(13, 14, 15)', (el) => getComputedStyle(part(el, 'unlink-button', row(el, 'auth0|alice0001'))!).backgroundColor],
      ['--account-linker-accent-color', 'rgb(16, 17, 18)', (el) => getComputedStyle(part(el, 'add-link')!).backgroundColor],
      ['--account-linker-accent-contrast', 'rgb(19, 20, 21)', (el) => getComputedStyle(part(el, 'add-link')!).color],
      ['--account-linker-danger-color', 'rgb(22, 23, 24)', (el) => getComputedStyle(confirming(el)).backgroundColor],
      ['--account-linker-radius', '3px', (el) => getComputedStyle(el).borderTopLeftRadius],
      ['--account-linker-avatar-size', '40px', (el) => getComputedStyle(part(el, 'avatar')!).width],
      ['--account-linker-icon-size', '20px', (el) => getComputedStyle(part(el, 'provider-icon')!).width],
      ['--account-linker-gap', '7px', (el) => getComputedStyle(part(el, 'identity')!).columnGap],
      ['--account-linker-font', 'italic 700 18px/2 serif', (el) => getComputedStyle(el).font, 'italic 700 18px / 36px serif'],
      ['--account-linker-padding', '5px', (el) => getComputedStyle(el).paddingTop],
      ['--account-linker-max-width', '300px', (el) => getComputedStyle(el).maxWidth],
    ];

    for (const [name, value, read, expected] of PROPERTIES) {
      it(`${name} sets what it documents`, async () => {
        // The mock's pictures are initials, which the element does not show: a row with a photo.
        const photo = { provider: 'github', user_id: '1', connection: 'github', isSocial: true, profileData: { picture: 'https://tenant.example.com/photos/p.png' } };
        const el = await linker({ connections: 'facebook', ...(name === '--account-linker-avatar-size' ? { identities: JSON.stringify([photo]) } : {}) });
        await loaded(el);
        const before = read(el);
        el.style.setProperty(name, value);
        expect(before).not.to.equal(expected ?? value);
        expect(read(el)).to.equal(expected ?? value);
      });
    }

    it('the manifest documents exactly these properties, and the parts', async () => {
      const manifest = await (await fetch('/custom-elements.json')).json();
      const element = manifest.modules.flatMap((m: { declarations?: unknown[] }) => m.declarations ?? []).find((d: { tagName?: string }) => d.tagName === 'account-linker');
      const properties = element.cssProperties.map((p: { name: string }) => p.name).sort();
      expect(properties).to.deep.equal(PROPERTIES.map(([name]) => name).sort());
      const partNames = element.cssParts.map((p: { name: string }) => p.name);
      for (const name of ['provider-icon', 'add-menu', 'notice', 'error-details', 'all-linked', 'loading', 'add-link', 'unlink-button']) {
        expect(partNames, name).to.include(name);
      }
    });
  });

  describe('forced colours', () => {
    // Not in WebKit, which cannot emulate forced colours (README, "Browsers").
    before(async function () {
      if (!(await emulateForcedColors(true))) this.skip();
    });
    after(() => emulateForcedColors(false));

    it('uses system colours with visible borders, icons included', async () => {
      expect(matchMedia('(forced-colors: active)').matches, 'forced colours emulated').to.be.true;
      const el = await linker({ connections: 'facebook' });
      await loaded(el);
      const canvasText = resolved('CanvasText');
      const canvas = resolved('Canvas');
      const host = getComputedStyle(el);
      expect(host.borderTopStyle).to.equal('solid');
      expect(host.borderTopColor).to.equal(canvasText);
      for (const button of parts(el, 'unlink-button')) {
        const style = getComputedStyle(button);
        expect(style.borderTopStyle).to.equal('solid');
        expect(parseFloat(style.borderTopWidth)).to.be.at.least(1);
        expect(style.borderTopColor).not.to.equal(canvas);
      }
      expect(getComputedStyle(part(el, 'unlink-button', row(el, 'auth0|alice0001'))!).color).to.equal(resolved('GrayText'));
      const icon = part(el, 'provider-icon')!;
      // The tile is the icon's background (Canvas) in an outline of text colour; the mark is text colour.
      const tile = getComputedStyle(icon);
      expect(tile.backgroundColor).to.equal(canvas);
      expect(tile.outlineStyle).to.equal('solid');
      expect(tile.outlineColor).to.equal(canvasText);
      expect(getComputedStyle(icon.querySelector('path')!).fill).to.equal(canvasText);
      await expect(el).to.be.accessible();
      // Brand marks too, Microsoft's four colours included.
      const brands = await linker({ identities: JSON.stringify([['windowslive', 1], ['github', 2], ['google-oauth2', 3]].map(([provider, id]) => ({ provider, connection: provider, user_id: id, isSocial: true }))) });
      await loaded(brands);
      await waitUntil(() => parts(brands, 'provider-icon').every((i) => i.querySelector('path')), 'no marks');
      for (const path of parts(brands, 'provider-icon').flatMap((i) => [...i.querySelectorAll('path')])) expect(getComputedStyle(path).fill).to.equal(canvasText);
    });
  });

  describe('reduced motion', () => {
    after(() => emulateMedia({ reducedMotion: 'no-preference' }));

    it('the loading skeleton pulses, unless motion is reduced', async function () {
      worker.use(http.get('*/userinfo', () => new Promise<never>(() => undefined)));
      const el = await linker();
      await waitUntil(() => part(el, 'loading'), 'no skeleton');
      const ghost = part(el, 'loading')!.querySelector('.ghost')!;
      expect(getComputedStyle(ghost).animationName).to.equal('pulse');
      // Not in WebKit, which cannot emulate reduced motion (README, "Browsers").
      if (!(await emulateMedia({ reducedMotion: 'reduce' }))) this.skip();
      expect(getComputedStyle(ghost).animationName).to.equal('none');
    });
  });

  describe('right to left', () => {
    async function expectMirrored(el: AccountLinker): Promise<void> {
      for (const r of [row(el, 'github|1234567'), row(el, 'auth0|alice0001')]) {
        const button = part(el, 'unlink-button', r)!.getBoundingClientRect();
        const name = part(el, 'account-name', r)!.getBoundingClientRect();
        const icon = part(el, 'provider-icon', r)!.getBoundingClientRect();
        expect(button.right, 'the unlink button on the left').to.be.at.most(name.left);
        expect(icon.left, 'the icon on the right').to.be.at.least(name.right);
      }
    }

    it('from the element\'s dir', async () => {
      const el = await linker();
      el.setAttribute('dir', 'rtl');
      await loaded(el);
      await expectMirrored(el);
      await expect(el).to.be.accessible();
    });

    it('cuts a long left-to-right email at its end, the row still right to left', async () => {
      const email = `${'someone.with.a.long.name'.repeat(4)}@example.com`;
      const identities = JSON.stringify([
        { provider: 'auth0', user_id: 'me', connection: 'Username-Password-Authentication', isSocial: false },
        { provider: 'github', user_id: 1, connection: 'github', isSocial: true, profileData: { email } },
        { provider: 'github', user_id: 2, connection: 'github', isSocial: true, profileData: { name: 'Una' } },
      ]);
      const el = await linker({ identities });
      el.setAttribute('dir', 'rtl');
      el.style.width = '375px';
      await loaded(el);
      const [long, short] = [row(el, 'github|1'), row(el, 'github|2')].map((r) => part(el, 'account-name', r)!);
      expect(getComputedStyle(long!).direction, 'the email keeps its own direction').to.equal('ltr');
      expect(long!.scrollWidth).to.be.greaterThan(long!.clientWidth);
      // Its start shows: the text begins at the box's left edge and runs out on the right.
      const range = document.createRange();
      range.selectNodeContents(long!);
      expect(Math.round(range.getClientRects()[0]!.left)).to.equal(Math.round(long!.getBoundingClientRect().left));
      // A short name sits on the row's right, by the icon.
      const box = short!.getBoundingClientRect();
      range.selectNodeContents(short!);
      expect(Math.round(range.getBoundingClientRect().right)).to.equal(Math.round(box.right));
    });

    it('from the document\'s dir', async () => {
      document.documentElement.setAttribute('dir', 'rtl');
      const el = await linker();
      await loaded(el);
      await expectMirrored(el);
      await expect(el).to.be.accessible();
    });
  });
});
