// The seven languages: chosen by `lang` (the element's, an ancestor's, `<html>`'s), followed when it
// changes, overridden by `strings`, loaded on demand (an English page loads no language chunk),
// English when a chunk cannot load, counts by Intl.PluralRules, and axe-clean in German.
// The tests on `dist/` (built pages in frames) need `npm run build` first.
import { ENGLISH_ERRORS } from '../../src/i18n/english-errors.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { nothing } from 'lit';
import { delay, http, HttpResponse, passthrough } from 'msw';
import { DEMO_TOKENS } from '../../src/mock/index.js';
import type { AccountLinker } from '../../src/account-linker.js';
import { LOCALES, type Locale } from '../../src/i18n/locale.js';
import { defaultStrings } from '../../src/i18n/strings.js';
import { ALICE, CLIENT_ID, DOMAIN, collectErrors, errorShown, listed, part, row, tick, useMock, worker } from './helpers.js';

/** What each language says on a loaded list: the add link, an unlink button, the list's name, the badge. */
const TEXTS = {
  en: { add: 'Add account', unlink: 'Unlink', list: 'Linked accounts', badge: 'Primary', loaded3: '3 linked accounts.' },
  de: { add: 'Konto hinzufügen', unlink: 'Trennen', list: 'Verknüpfte Konten', badge: 'Hauptkonto', loaded3: '3 verknüpfte Konten.' },
  fr: { add: 'Ajouter un compte', unlink: 'Dissocier', list: 'Comptes associés', badge: 'Principal', loaded3: '3 comptes associés.' },
  es: { add: 'Añadir cuenta', unlink: 'Desvincular', list: 'Cuentas vinculadas', badge: 'Principal', loaded3: '3 cuentas vinculadas.' },
  ja: { add: 'アカウントを追加', unlink: 'リンク解除', list: 'リンク済みのアカウント', badge: 'メイン', loaded3: 'リンク済みのアカウントは 3 件です。' },
  'pt-BR': { add: 'Adicionar conta', unlink: 'Desvincular', list: 'Contas vinculadas', badge: 'Principal', loaded3: '3 contas vinculadas.' },
  he: { add: 'הוספת חשבון', unlink: 'ניתוק', list: 'חשבונות מקושרים', badge: 'ראשי', loaded3: '3 חשבונות מקושרים.' },
} as const satisfies Record<Locale, unknown>;
type Lang = keyof typeof TEXTS;

const GITHUB = 'github|1234567';

/** An <account-linker> for alice (or `token`'s user), with `lang` on it when given. */
function localized(lang?: string, token = ALICE): Promise<AccountLinker> {
  return fixture<AccountLinker>(html`<account-linker mode="legacy"
    lang=${lang ?? nothing}
    domain=${DOMAIN}
    client-id=${CLIENT_ID}
    access-token=${token}
  ></account-linker>`);
}

const text = (node: Element | null | undefined) => node?.textContent?.trim() ?? '';

/** The texts on show, as in TEXTS. */
function shownTexts(el: AccountLinker) {
  return {
    add: text(part(el, 'add-link')),
    unlink: text(part(el, 'unlink-button', row(el, GITHUB))),
    list: part(el, 'list')?.getAttribute('aria-label') ?? '',
    badge: text(part(el, 'primary-badge')),
    loaded3: text(part(el, 'status')),
  };
}

async function speaks(el: AccountLinker, lang: Lang): Promise<void> {
  const expected = TEXTS[lang];
  await waitUntil(
    () => JSON.stringify(shownTexts(el)) === JSON.stringify(expected),
    `not in ${lang}: ${JSON.stringify(shownTexts(el))}`,
    { timeout: 5000 },
  );
}

/** Requests for language chunks this page made (built `dist/locales/…` or source `src/i18n/locales/…`). */
function localeRequests(win: Window = window): string[] {
  return win.performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => /\/locales\//.test(name));
}

const originalLang = document.documentElement.getAttribute('lang');
function restoreDocumentLang(): void {
  if (originalLang === null) document.documentElement.removeAttribute('lang');
  else document.documentElement.setAttribute('lang', originalLang);
}

/** A page of its own (a frame: fresh modules, fresh cache) that loads the built element. */
const frames: HTMLIFrameElement[] = [];
async function builtPage(lang: string, body: string, head = ''): Promise<Window & typeof globalThis> {
  const frame = document.createElement('iframe');
  frames.push(frame);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.srcdoc = `<!doctype html><html lang="${lang}"><head>
    <script>
      window.failures = [];
      addEventListener('error', (event) => failures.push(String(event.message)));
      addEventListener('unhandledrejection', (event) => failures.push(String(event.reason)));
      addEventListener('account-linker-error', (event) => failures.push(event.detail.code));
      window.warnings = [];
      const warn = console.warn.bind(console);
      console.warn = (...args) => { warnings.push(String(args[0])); warn(...args); };
    </script>
    ${head}
    <script type="module" src="/dist/account-linker.js"></script>
  </head><body>${body}</body></html>`;
  document.body.append(frame);
  await loaded;
  return frame.contentWindow as Window & typeof globalThis;
}

/** A server-rendered element: two identities, nothing fetched. */
const SERVER_RENDERED = `<account-linker mode="legacy" domain="${DOMAIN}" client-id="${CLIENT_ID}" redirect-uri="https://app.example.com/account" user-id="auth0|alice0001" identities='${JSON.stringify([
  { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication', isSocial: false, profileData: { email: 'alice@example.com' } },
  { provider: 'github', user_id: 1234567, connection: 'github', isSocial: true, profileData: { nickname: 'alice' } },
])}'></account-linker>`;

function unlinkTextIn(win: Window): string {
  const el = win.document.querySelector('account-linker');
  return text(el?.shadowRoot?.querySelector('[part~="identity"][data-provider="github"] [part~="unlink-button"]'));
}

describe('<account-linker> languages', () => {
  useMock();
  afterEach(() => {
    restoreDocumentLang();
    frames.splice(0).forEach((frame) => frame.remove());
  });

  // First in this file: no other test has loaded a language yet.
  it('an English page requests no language chunk', async () => {
    const el = await localized();
    await listed(el);
    await speaks(el, 'en');
    // A chunk asked for shows in the resource entries once it answers; nothing marks its absence.
    await tick(100);
    expect(localeRequests()).to.deep.equal([]);
  });

  it('keeps the table on show while the next one loads: never keys, never empty', async () => {
    // Slow down the Spanish chunk (msw sees the page's module requests too).
    let requested = 0;
    worker.use(
      http.get(/\/src\/i18n\/locales\/es\.[jt]s$/, async () => {
        requested++;
        await delay(400);
        return passthrough();
      }),
    );
    const el = await localized('de');
    await listed(el);
    await speaks(el, 'de');
    const seen = new Set<string>();
    const observer = new MutationObserver(() => seen.add(shownTexts(el).unlink));
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
    el.lang = 'es';
    await el.updateComplete;
    // Checked at once (no timer racing the 400 ms): the chunk cannot be here before a network turn.
    expect(shownTexts(el).unlink, 'German while Spanish loads').to.equal('Trennen');
    await speaks(el, 'es');
    observer.disconnect();
    expect([...seen].every((value) => value === 'Trennen' || value === 'Desvincular'), [...seen].join(', ')).to.be.true;
    expect(requested, 'the delayed request').to.equal(1);
  });

  for (const lang of LOCALES.filter((locale) => locale !== 'en')) {
    it(`speaks ${lang} with lang="${lang}" on the element`, async () => {
      const el = await localized(lang);
      await listed(el);
      await speaks(el, lang);
      expect(el.strings.unlink).to.equal(TEXTS[lang].unlink);
    });
  }

  for (const [tag, lang] of [['de-AT', 'de'], ['pt', 'pt-BR'], ['ja', 'ja'], ['fr-CA', 'fr'], ['he-IL', 'he'], ['zh-CN', 'en']] as const) {
    it(`speaks ${lang} with <html lang="${tag}">`, async () => {
      document.documentElement.lang = tag;
      const el = await localized();
      await listed(el);
      await speaks(el, lang);
    });
  }

  it('takes the nearest ancestor\'s lang, and its own over any ancestor\'s', async () => {
    document.documentElement.lang = 'fr';
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ja"><account-linker mode="legacy"
      domain=${DOMAIN} client-id=${CLIENT_ID} access-token=${ALICE}></account-linker
    ><account-linker mode="legacy" lang="de" domain=${DOMAIN} client-id=${CLIENT_ID} access-token=${ALICE}></account-linker></div>`);
    const [inherits, own] = [...wrapper.querySelectorAll('account-linker')] as AccountLinker[];
    await listed(inherits!);
    await listed(own!);
    await speaks(inherits!, 'ja');
    await speaks(own!, 'de');
    // An ancestor's change is followed as well.
    wrapper.lang = 'es';
    await speaks(inherits!, 'es');
    await speaks(own!, 'de');
  });

  it('inside another component\'s shadow root: takes the host\'s lang, and follows its own', async () => {
    const host = await fixture<HTMLDivElement>(html`<div lang="pt-BR"></div>`);
    const el = document.createElement('account-linker') as AccountLinker;
    Object.assign(el, { domain: DOMAIN, clientId: CLIENT_ID, accessToken: ALICE });
    host.attachShadow({ mode: 'open' }).append(el);
    await listed(el);
    await speaks(el, 'pt-BR');
    // No document observer sees into a shadow root: the element's own attribute hook does.
    el.lang = 'ja';
    await speaks(el, 'ja');
  });

  it('follows a change of lang on the element, as attribute or property, and its removal', async () => {
    const el = await localized('de');
    await listed(el);
    await speaks(el, 'de');
    el.lang = 'fr';
    await speaks(el, 'fr');
    el.setAttribute('lang', 'JA-jp');
    await speaks(el, 'ja');
    el.removeAttribute('lang');
    await speaks(el, 'en');
  });

  it('follows a change of <html lang>, and no longer once disconnected', async () => {
    const el = await localized();
    await listed(el);
    await speaks(el, 'en');
    document.documentElement.lang = 'es';
    await speaks(el, 'es');
    document.documentElement.lang = 'de-CH';
    await speaks(el, 'de');
    // A witness still on the page: the one observer of <html lang> serves every element in the same
    // call, so once the witness speaks French a detached element that still followed would have moved.
    const witness = await localized();
    await waitUntil(() => witness.strings.unlink === TEXTS.de.unlink, 'the witness is not in German', { timeout: 5000 });
    const parent = el.parentElement!;
    el.remove();
    document.documentElement.lang = 'fr';
    await waitUntil(() => witness.strings.unlink === TEXTS.fr.unlink, 'the witness did not follow to French', { timeout: 5000 });
    expect(el.strings.unlink, 'detached: not following').to.equal('Trennen');
    // Back in the page: it looks again.
    parent.append(el);
    await speaks(el, 'fr');
    document.documentElement.removeAttribute('lang');
    await speaks(el, 'en');
  });

  it('layers `strings` over German, keeps them over another language, and reads the merged table', async () => {
    const el = await localized('de');
    el.strings = { addAccount: 'Weiteres Konto verknüpfen', errors: { network: 'Keine Verbindung.' } };
    await listed(el);
    await waitUntil(() => text(part(el, 'unlink-button', row(el, GITHUB))) === 'Trennen', 'German', { timeout: 5000 });
    expect(text(part(el, 'add-link'))).to.equal('Weiteres Konto verknüpfen');
    // The merged table: German, the overrides on top, nested tables merged one level deep.
    expect(el.strings.addAccount).to.equal('Weiteres Konto verknüpfen');
    expect(el.strings.unlink).to.equal('Trennen');
    expect(el.strings.errors.network).to.equal('Keine Verbindung.');
    expect(el.strings.errors.tokenExpired).to.match(/^Anmeldung abgelaufen\./);
    expect(el.strings.providers.auth0).to.equal('E-Mail und Passwort');
    expect(Object.keys(el.strings).sort()).to.deep.equal(Object.keys(defaultStrings).sort());
    // Every person-facing error: English's first-load ones and those of its chunk.
    expect(Object.keys(el.strings.errors).sort()).to.deep.equal(Object.keys({ ...defaultStrings.errors, ...ENGLISH_ERRORS }).sort());
    el.lang = 'fr';
    await waitUntil(() => el.strings.unlink === 'Dissocier', 'French', { timeout: 5000 });
    await el.updateComplete;
    expect(text(part(el, 'add-link'))).to.equal('Weiteres Konto verknüpfen');
    expect(el.strings.errors.network).to.equal('Keine Verbindung.');
    // New overrides replace the old ones.
    el.strings = { unlink: 'Retirer' };
    await el.updateComplete;
    expect(text(part(el, 'add-link'))).to.equal('Ajouter un compte');
    expect(text(part(el, 'unlink-button', row(el, GITHUB)))).to.equal('Retirer');
  });

  it('reads the English table merged with overrides on an English page', async () => {
    const el = await localized();
    expect(el.strings.unlink).to.equal('Unlink');
    el.strings = { primaryBadge: 'Main' };
    expect(el.strings.primaryBadge).to.equal('Main');
    expect(el.strings.unlink).to.equal('Unlink');
    el.strings = undefined;
    expect(el.strings).to.deep.equal(defaultStrings);
  });

  it('takes `strings` set before the element was upgraded', async () => {
    const template = document.createElement('template');
    template.innerHTML = `<account-linker mode="legacy" lang="de" domain="${DOMAIN}" client-id="${CLIENT_ID}"></account-linker>`;
    const early = template.content.firstElementChild as AccountLinker;
    expect(early instanceof HTMLElement && !(early as { reload?: unknown }).reload, 'not upgraded yet').to.be.true;
    (early as { strings: unknown }).strings = { addAccount: 'Früh gesetzt' };
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    holder.append(early);
    await early.updateComplete;
    expect(early.strings.addAccount).to.equal('Früh gesetzt');
    await waitUntil(() => early.strings.unlink === 'Trennen', 'German under the early overrides', { timeout: 5000 });
    expect(early.strings.addAccount).to.equal('Früh gesetzt');
  });

  it('says errors in the language on show, also one found before its table arrived', async () => {
    // A configuration error is found at the first render, before the German chunk can arrive.
    const broken = await fixture<AccountLinker>(html`<account-linker mode="legacy" lang="de" client-id=${CLIENT_ID}></account-linker>`);
    const error = await errorShown(broken);
    await waitUntil(() => /Kontenliste falsch eingerichtet\./.test(text(part(broken, 'error'))), text(error), { timeout: 5000 });

    worker.use(http.get('*/userinfo', () => HttpResponse.error()));
    const el = await localized('ja');
    await errorShown(el);
    await waitUntil(() => text(part(el, 'error')).includes('サーバーに接続できません。'), text(part(el, 'error')), { timeout: 5000 });
    expect(text(part(el, 'retry'))).to.equal('再試行');
  });

  it('counts with Intl.PluralRules: one and other, by language', async () => {
    const bob = await localized('de', DEMO_TOKENS.bob);
    await waitUntil(() => text(part(bob, 'status')) === '1 verknüpftes Konto.', text(part(bob, 'status')), { timeout: 5000 });
    bob.lang = 'fr';
    await waitUntil(() => text(part(bob, 'status')) === '1 compte associé.', text(part(bob, 'status')), { timeout: 5000 });
    expect(bob.strings.loaded(0), 'French: 0 is "one"').to.equal('0 compte associé.');
    expect(bob.strings.loaded(2)).to.equal('2 comptes associés.');
    bob.lang = 'ja';
    await waitUntil(() => bob.strings.loaded(1) === 'リンク済みのアカウントは 1 件です。', 'Japanese', { timeout: 5000 });
    bob.lang = 'en';
    await waitUntil(() => text(part(bob, 'status')) === '1 linked account.', text(part(bob, 'status')), { timeout: 5000 });
    expect(bob.strings.loaded(0)).to.equal('0 linked accounts.');
    expect(bob.strings.retryAfter(1)).to.equal('Try again in 1 second.');
  });

  it('in Hebrew on a right-to-left page: every row mirrored (the name toward the right, Unlink toward the left), axe-clean', async () => {
    const pair = await fixture<HTMLDivElement>(html`<div>
      <div lang="he" dir="rtl"><account-linker mode="legacy" domain=${DOMAIN} client-id=${CLIENT_ID} access-token=${ALICE}></account-linker></div>
      <div lang="en" dir="ltr"><account-linker mode="legacy" domain=${DOMAIN} client-id=${CLIENT_ID} access-token=${ALICE}></account-linker></div>
    </div>`);
    const [rtl, ltr] = [...pair.querySelectorAll('account-linker')] as AccountLinker[];
    await listed(rtl!);
    await listed(ltr!);
    await speaks(rtl!, 'he');
    /** Where Unlink sits against the account's name in GitHub's row: centre to centre, in px (> 0: to its right). */
    const offset = (el: AccountLinker) => {
      const github = row(el, GITHUB);
      const centre = (node: Element | null) => {
        const box = node!.getBoundingClientRect();
        return box.left + box.width / 2;
      };
      return centre(part(el, 'unlink-button', github)) - centre(part(el, 'account-name', github));
    };
    expect(offset(ltr!), 'left to right: Unlink right of the name').to.be.above(0);
    expect(offset(rtl!), 'right to left: Unlink left of the name').to.be.below(0);
    expect(getComputedStyle(part(rtl!, 'list')!).direction).to.equal('rtl');
    await expect(rtl!).to.be.accessible();
  });

  it('passes axe in German: the list, a confirmation and an error', async () => {
    const el = await localized('de');
    await listed(el);
    await speaks(el, 'de');
    await expect(el).to.be.accessible();
    part(el, 'unlink-button', row(el, GITHUB))!.click();
    await el.updateComplete;
    expect(text(part(el, 'confirm-unlink'))).to.equal('Ja, trennen');
    await expect(el).to.be.accessible();

    worker.use(http.get('*/userinfo', () => HttpResponse.json({}, { status: 500 })));
    const broken = await localized('de');
    await errorShown(broken);
    await waitUntil(() => text(part(broken, 'dismiss')) === 'Schließen', 'German error', { timeout: 5000 });
    await expect(broken).to.be.accessible();
  });

  describe('the built element (dist/)', () => {
    it('an English page loads account-linker.js and no language chunk', async () => {
      const win = await builtPage('en', SERVER_RENDERED);
      await waitUntil(() => unlinkTextIn(win) === 'Unlink', 'English', { timeout: 5000 });
      // A chunk asked for shows in the resource entries once it answers; nothing marks its absence.
      await tick(100);
      expect(localeRequests(win)).to.deep.equal([]);
      expect(win.failures).to.deep.equal([]);
    });

    it('a German page (de-AT) loads dist/locales/de-*.js next to the module, once for two elements', async () => {
      const win = await builtPage('de-AT', SERVER_RENDERED + SERVER_RENDERED);
      await waitUntil(() => unlinkTextIn(win) === 'Trennen', `German: ${unlinkTextIn(win)}`, { timeout: 5000 });
      const [first, second] = [...win.document.querySelectorAll('account-linker')];
      await waitUntil(() => text(second!.shadowRoot!.querySelector('[part~="add-link"]')) === 'Konto hinzufügen', 'both', { timeout: 5000 });
      expect(text(first!.shadowRoot!.querySelector('[part~="add-link"]'))).to.equal('Konto hinzufügen');
      const requests = localeRequests(win).map((url) => new URL(url).pathname);
      expect(requests).to.have.length(1);
      expect(requests[0]).to.match(/^\/dist\/locales\/de-[\w-]+\.js$/);
      expect(win.failures).to.deep.equal([]);
    });

    it('a language chunk that cannot load leaves the element in English, with no error', async () => {
      // The import map sends the chunks to a path that does not exist: the request 404s.
      const head = `<script type="importmap">{"imports": {"/dist/locales/": "/missing/locales/"}}</script>`;
      const win = await builtPage('ja', SERVER_RENDERED, head);
      await waitUntil(() => win.performance.getEntriesByType('resource').some((e) => e.name.includes('/missing/locales/ja-')), 'the chunk was asked for', {
        timeout: 5000,
      });
      // The loader's last step on a failed chunk: its warning, then English kept.
      await waitUntil(() => win.warnings.some((w) => w.includes('"ja" strings could not be loaded')), `no warning: ${win.warnings.join(' | ')}`, { timeout: 5000 });
      const el = win.document.querySelector('account-linker') as AccountLinker;
      await el.updateComplete;
      expect(unlinkTextIn(win)).to.equal('Unlink');
      expect(el.strings.unlink).to.equal('Unlink');
      expect(text(el.shadowRoot!.querySelector('[part~="add-link"]'))).to.equal('Add account');
      expect(win.failures).to.deep.equal([]);
      // Another language fails the same way (the import map sends every chunk away): still English.
      win.document.documentElement.lang = 'pt-BR';
      await waitUntil(() => win.performance.getEntriesByType('resource').some((e) => e.name.includes('/missing/locales/pt-BR-')), 'asked for pt-BR', {
        timeout: 5000,
      });
      await waitUntil(() => win.warnings.some((w) => w.includes('"pt-BR" strings could not be loaded')), `no warning: ${win.warnings.join(' | ')}`, { timeout: 5000 });
      await el.updateComplete;
      expect(unlinkTextIn(win)).to.equal('Unlink');
      expect(win.failures).to.deep.equal([]);
    });
  });

  it('raises no account-linker-error of its own while switching languages', async () => {
    const errors = collectErrors();
    try {
      const el = await localized('fr');
      await listed(el);
      for (const lang of ['de', 'es', 'ja', 'pt-BR', 'he', 'en', 'fr'] as const) {
        el.lang = lang;
        await speaks(el, lang);
      }
      expect(errors.list).to.deep.equal([]);
    } finally {
      errors.stop();
    }
  });
});

declare global {
  interface Window {
    failures: string[];
    /** The first argument of each console.warn on a built page (a chunk that could not load says so). */
    warnings: string[];
  }
}
