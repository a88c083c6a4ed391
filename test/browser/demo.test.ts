// The demo pages as a visitor sees them: nothing widens the page, a favicon, the demo user kept
// across pages (the static page too), and the language, colour and direction switches.
import { expect, waitUntil } from '@open-wc/testing';
import { frame, open, doc, linker, listIs } from './demo-frame.js';

const SETTINGS_KEY = 'account-linker-demo';

type Linker = HTMLElement & { shadowRoot: ShadowRoot };

/** An element of the styling page, by id, once its list shows. */
async function card(id: string): Promise<Linker> {
  const el = doc().getElementById(id) as Linker | null;
  await waitUntil(() => (el?.shadowRoot?.querySelectorAll('[part~="identity"]').length ?? 0) > 0, `the ${id} card's list`, { timeout: 8000 });
  return el!;
}

function partOf(el: Linker, name: string): HTMLElement {
  const found = el.shadowRoot.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`#${el.id} has no part ${name}`);
  return found;
}

function style(element: Element): CSSStyleDeclaration {
  return frame.contentWindow!.getComputedStyle(element);
}

/** The value the CSS shown for a card gives a custom property. */
function declared(css: string, property: string): string {
  const value = new RegExp(`${property}:\\s*([^;]+);`).exec(css)?.[1];
  if (!value) throw new Error(`the CSS shown does not set ${property}:\n${css}`);
  return value;
}

/** `property: value` as the frame's page computes it (light-dark() resolved by its color-scheme). */
function computed(property: 'color' | 'font', value: string): { color: string; fontFamily: string; fontSize: string } {
  const probe = doc().createElement('div');
  probe.style.setProperty(property, value);
  doc().body.append(probe);
  const { color, fontFamily, fontSize } = style(probe);
  probe.remove();
  return { color, fontFamily, fontSize };
}

function choose(name: string, value: string): void {
  const control = doc().querySelector<HTMLSelectElement>(`.demo-controls select[name="${name}"]`)!;
  control.value = value;
  control.dispatchEvent(new Event('change'));
}

describe('the demo pages', () => {
  beforeEach(async () => {
    localStorage.removeItem(SETTINGS_KEY);
    expect((await fetch('/__mock/reset', { method: 'POST' })).status).to.equal(204);
  });

  afterEach(() => {
    localStorage.removeItem(SETTINGS_KEY);
    frame?.remove();
  });

  it('the event log never widens the page, however long an event is', async () => {
    await open('/demo/management.html');
    await listIs(['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567']);
    const long = 'x'.repeat(5000);
    for (let i = 0; i < 5; i++) {
      linker().dispatchEvent(new CustomEvent('account-linker-error', { bubbles: true, composed: true, detail: { code: 'http', message: long } }));
    }
    await waitUntil(() => (doc().getElementById('log')!.textContent ?? '').length > 20000);
    const root = doc().documentElement;
    expect(root.scrollWidth, 'page width').to.be.at.most(root.clientWidth);
  });

  it('has a favicon (no 404 in the console)', async () => {
    for (const page of ['/demo/management.html', '/demo/static.html', '/demo/spa.html']) {
      await open(page);
      const icon = doc().querySelector<HTMLLinkElement>('link[rel="icon"]');
      expect(icon, page).to.exist;
      const response = await fetch(icon!.href);
      expect(response.status, icon!.href).to.equal(200);
      expect(response.headers.get('Content-Type')).to.match(/^image\/svg\+xml/);
    }
  });

  it('the demo user (?user=bob) travels with every link between pages, and the static page honours it', async () => {
    await open('/demo/management.html?user=bob');
    await listIs(['auth0|bob0002']);
    const links = [...doc().querySelectorAll<HTMLAnchorElement>('nav a[href^="/demo/"]')];
    expect(links.length).to.be.greaterThan(4);
    for (const link of links) expect(new URL(link.href).searchParams.get('user'), link.href).to.equal('bob');
    await open('/demo/static.html?user=bob');
    await listIs(['auth0|bob0002']);
  });

  it('language, colours and direction switch the page and the element, and stay for the next page', async () => {
    await open('/demo/management.html');
    await listIs(['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567']);
    choose('theme', 'dark');
    expect(getComputedStyle(doc().documentElement).colorScheme).to.equal('dark');
    choose('dir', 'rtl');
    expect(doc().documentElement.dir).to.equal('rtl');
    choose('lang', 'de');
    expect(doc().documentElement.lang).to.equal('de');

    await open('/demo/popup.html');
    expect(doc().documentElement.lang).to.equal('de');
    expect(doc().documentElement.dir).to.equal('rtl');
    expect(getComputedStyle(doc().documentElement).colorScheme).to.equal('dark');
    expect(doc().querySelector<HTMLSelectElement>('select[name="lang"]')!.value).to.equal('de');
  });

  it('the styling page shows, under each card, the very CSS that styles it', async () => {
    await open('/demo/styling.html');
    const shown = [...doc().querySelectorAll<HTMLElement>('pre code[data-css]')];
    expect(shown.map((code) => code.dataset['css'])).to.deep.equal(['brand-css', 'compact-css', 'failure-css']);
    for (const code of shown) {
      const source = doc().getElementById(code.dataset['css']!) as HTMLStyleElement;
      expect(source.sheet?.cssRules.length, `${source.id} applies`).to.be.greaterThan(0);
      await waitUntil(() => code.textContent !== '', `${source.id} shown`);
      expect(code.textContent, `the text shown for ${source.id}`).to.equal(source.textContent!.trim());
      // Every rule shown styles an element that is on the page.
      for (const rule of source.sheet!.cssRules) {
        const selector = (rule as CSSStyleRule).selectorText.replace(/::part\([\w-]+\)/g, '');
        expect(doc().querySelector(selector), selector).to.exist;
      }
    }
  });

  it('the styling page: custom properties and ::part() rules reach the element, light and dark', async () => {
    await open('/demo/styling.html');
    const [plain, brand, compact] = [await card('default'), await card('brand'), await card('compact')];
    const css = (id: string) => doc().querySelector(`code[data-css="${id}-css"]`)!.textContent!;
    await waitUntil(() => css('brand') !== '', 'the CSS shown');

    // Brand: the accent, radius and font the CSS shown declares, in each scheme; the default keeps its own.
    for (const theme of ['light', 'dark']) {
      choose('theme', theme);
      const accent = computed('color', declared(css('brand'), '--account-linker-accent-color')).color;
      expect(style(partOf(brand, 'add-link')).backgroundColor, `${theme}: brand add button`).to.equal(accent);
      expect(style(partOf(brand, 'primary-badge')).color, `${theme}: brand badge`).to.equal(accent);
      expect(style(partOf(plain, 'add-link')).backgroundColor, `${theme}: default add button`).not.to.equal(accent);
    }
    const radius = declared(css('brand'), '--account-linker-radius');
    expect(style(brand).borderTopLeftRadius).to.equal(radius);
    expect(style(plain).borderTopLeftRadius).to.equal('8px');
    const font = computed('font', declared(css('brand'), '--account-linker-font'));
    expect(font.fontFamily).to.match(/Georgia/);
    expect(style(partOf(brand, 'provider')).fontFamily).to.equal(font.fontFamily);
    expect(style(brand).fontSize).to.equal(font.fontSize);
    expect(style(plain).fontFamily).not.to.equal(font.fontFamily);

    // Compact: the parts take the page's ::part() rules; the default's do not.
    expect(css('compact')).to.contain('::part(provider-icon) {\n  border-radius: 50%;');
    expect(style(partOf(compact, 'provider-icon')).borderTopLeftRadius).to.equal('50%');
    expect(style(partOf(plain, 'provider-icon')).borderTopLeftRadius).not.to.equal('50%');
    expect(css('compact')).to.contain('::part(identity) {\n  padding-block: 0.25rem;');
    expect(style(partOf(compact, 'identity')).paddingTop).to.equal('4px');
    expect(style(partOf(plain, 'identity')).paddingTop).not.to.equal('4px');
    expect(style(partOf(compact, 'primary-badge')).textTransform).to.equal('uppercase');
    expect(style(partOf(compact, 'unlink-button')).minHeight).to.equal('28px');

    // The failing card shows its error part as the page styles it.
    const failure = doc().getElementById('failure') as Linker;
    await waitUntil(() => failure.shadowRoot?.querySelector('[part~="error"]'), 'the failure card\'s error', { timeout: 8000 });
    expect(style(partOf(failure, 'error')).borderTopWidth).to.equal('0px');
    expect(style(partOf(failure, 'error')).borderInlineStartWidth).to.equal('4px');
    expect(style(partOf(failure, 'dismiss')).borderTopLeftRadius).to.equal('999px');
  });

  it('the styling page: an unlink in one card shows its styled notice, and the other cards follow', async () => {
    await open('/demo/styling.html');
    const [plain, brand, compact] = [await card('default'), await card('brand'), await card('compact')];
    compact.shadowRoot.querySelector<HTMLButtonElement>('[data-provider="github"] [part~="unlink-button"]')!.click();
    await waitUntil(() => compact.shadowRoot.querySelector('[part~="confirm-unlink"]'), 'the confirmation');
    compact.shadowRoot.querySelector<HTMLButtonElement>('[part~="confirm-unlink"]')!.click();
    await waitUntil(() => compact.shadowRoot.querySelector('[part~="notice"]'), 'the notice', { timeout: 8000 });
    expect(style(partOf(compact, 'notice')).fontStyle).to.equal('italic');
    for (const other of [plain, brand]) {
      await waitUntil(() => !other.shadowRoot.querySelector('[data-provider="github"]'), `#${other.id} reloads`, { timeout: 8000 });
    }
  });
});
