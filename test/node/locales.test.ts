// The built-in languages: which tag gets which table, that every table is complete and says
// everything English says (counts by Intl.PluralRules, names and code kept) but the setup messages
// and managementTokenHelp, which stay English, and the loader: one load per language, English when
// a load fails.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createLocaleLoader, LOCALES, resolveLocale, type Locale, type LocaleLoaders, type LocaleModule } from '../../src/i18n/locale.js';
import { SETUP_TEXTS } from '../../src/i18n/setup-texts.js';
import { ENGLISH_ERRORS } from '../../src/i18n/english-errors.js';
import { defaultStrings, mergeStrings, type LocaleStrings, type SetupReason } from '../../src/i18n/strings.js';
import de from '../../src/i18n/locales/de.js';
import es from '../../src/i18n/locales/es.js';
import fr from '../../src/i18n/locales/fr.js';
import he from '../../src/i18n/locales/he.js';
import ja from '../../src/i18n/locales/ja.js';
import ptBR from '../../src/i18n/locales/pt-BR.js';

const TABLES: Record<Exclude<Locale, 'en'>, LocaleStrings> = { de, fr, es, ja, 'pt-BR': ptBR, he };
type Table = Record<string, unknown>;

/** The setup messages (`SetupReason`), which every language leaves in English; the type check keeps the list whole. */
const SETUP_REASONS = [
  'domainMissing',
  'domainInvalid',
  'domainInsecure',
  'clientIdMissing',
  'redirectUriInvalid',
  'redirectUriInsecure',
  'scopeInvalid',
  'connectionsInvalid',
  'unlinkPathInvalid',
  'modeUnsupported',
  'identitiesInvalid',
  'userIdInvalid',
  'userIdUnknown',
  'unknownIdentity',
  'tokenMissing',
  'tokenMalformed',
  'tokenProviderFailed',
  'tokenProviderTimeout',
  'tokenLate',
  'redirected',
  'legacyUnsupported',
  'tokenOpaque',
  'tokenAudience',
  'tokenScopes',
  'scopeRefused',
  'storageUnavailable',
  'endpointMissing',
  'endpointInvalid',
  'csrf',
] as const satisfies readonly SetupReason[];
const setupListIsWhole: [Exclude<SetupReason, (typeof SETUP_REASONS)[number]>] extends [never] ? true : never = true;
void setupListIsWhole;
const SETUP = new Set<string>(SETUP_REASONS);
/** English's person-facing errors: those said at once (strings.ts) and those of the chunk (english-errors.ts). */
const ENGLISH = { ...defaultStrings.errors, ...ENGLISH_ERRORS };
/** What a language's table holds: English's keys but managementTokenHelp, English's errors but the setup ones. */
const LOCALE_KEYS = Object.keys(defaultStrings).sort();
const LOCALE_ERRORS = Object.keys(ENGLISH).filter((reason) => !SETUP.has(reason)).sort();

/** Arguments for a function of the table: texts where it takes texts, a count where it takes one. */
const NUMERIC = new Set(['retryAfter', 'loaded']);
const argsFor = (key: string, fn: (...args: never[]) => unknown) =>
  Array.from({ length: fn.length }, (_, i) => (NUMERIC.has(key) ? 7 : `ARG${i}-value`));

describe('resolveLocale', () => {
  const cases: Array<[string | null | undefined, Locale]> = [
    ['en', 'en'],
    ['en-US', 'en'],
    ['de', 'de'],
    ['de-AT', 'de'],
    ['de-CH', 'de'],
    ['DE-at', 'de'],
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['es', 'es'],
    ['es-419', 'es'],
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['pt', 'pt-BR'],
    ['pt-BR', 'pt-BR'],
    ['pt-br', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['he', 'he'],
    ['he-IL', 'he'],
    ['HE_il', 'he'],
    ['de_AT', 'de'],
    ['  ja  ', 'ja'],
    ['zh', 'en'],
    ['zh-Hant-TW', 'en'],
    ['x-klingon', 'en'],
    ['deutsch', 'en'],
    ['💥', 'en'],
    ['', 'en'],
    [null, 'en'],
    [undefined, 'en'],
  ];
  for (const [tag, locale] of cases) {
    it(`${JSON.stringify(tag)} → ${locale}`, () => assert.equal(resolveLocale(tag), locale));
  }

  it('resolves to each built-in language and no other', () => {
    assert.deepEqual(new Set(cases.map(([, locale]) => locale)), new Set(LOCALES));
  });

  it('resolves each language of the list by its own tag and its primary subtag with any region', () => {
    for (const locale of LOCALES) {
      assert.equal(resolveLocale(locale), locale);
      assert.equal(resolveLocale(`${locale.split('-')[0]}-ZZ`), locale);
    }
  });
});

describe('the language tables', () => {
  const english = defaultStrings as unknown as Table;

  it('are one file under src/i18n/locales/ per entry of LOCALES but English, each checked below', () => {
    const files = readdirSync(new URL('../../src/i18n/locales/', import.meta.url)).map((name) => name.replace(/\.ts$/, ''));
    const others = LOCALES.filter((locale) => locale !== 'en');
    assert.deepEqual(files.sort(), [...others].sort());
    assert.deepEqual(Object.keys(TABLES).sort(), [...others].sort());
  });

  for (const [locale, strings] of Object.entries(TABLES)) {
    const table = strings as unknown as Table;

    describe(locale, () => {
      it('has exactly the keys of English but the setup messages and managementTokenHelp, with the same kinds and function arities', () => {
        assert.deepEqual(Object.keys(table).sort(), LOCALE_KEYS);
        for (const key of LOCALE_KEYS) {
          assert.equal(typeof table[key], typeof english[key], key);
          if (typeof english[key] === 'function') {
            assert.equal((table[key] as () => string).length, (english[key] as () => string).length, `${key} arity`);
          }
        }
        assert.deepEqual(Object.keys(strings.providers).sort(), Object.keys(defaultStrings.providers).sort());
        assert.deepEqual(Object.keys(strings.errors).sort(), LOCALE_ERRORS);
      });

      it('has every text translated, non-empty and different from English', () => {
        const texts = (source: Table, prefix = ''): Array<[string, string]> =>
          Object.entries(source).flatMap(([key, value]): Array<[string, string]> =>
            typeof value === 'string' ? [[prefix + key, value]] : typeof value === 'object' && value ? texts(value as Table, `${prefix}${key}.`) : [],
          );
        const englishTexts = new Map(texts(english));
        for (const [key, value] of texts(table)) {
          assert.ok(value.trim(), `${key} is empty`);
          assert.notEqual(value, englishTexts.get(key), `${key} is still English`);
        }
      });

      it('has every function return a non-empty text that includes what it was given', () => {
        for (const [key, value] of Object.entries(table)) {
          if (typeof value !== 'function') continue;
          const fn = value as (...args: unknown[]) => unknown;
          const args = argsFor(key, fn as never);
          const text = fn(...args);
          assert.equal(typeof text, 'string', key);
          assert.ok((text as string).trim(), `${key} is empty`);
          assert.notEqual(text, (english[key] as (...args: unknown[]) => unknown)(...args), `${key} is still English`);
          for (const arg of args) assert.ok((text as string).includes(String(arg)), `${key} drops ${arg}: ${text}`);
        }
      });

      it('keeps the attribute names and values that English quotes', () => {
        for (const reason of LOCALE_ERRORS) {
          const message = ENGLISH[reason as keyof typeof ENGLISH]!;
          const quoted = [...message.matchAll(/"([^"]+)"/g)].map((match) => match[1]!);
          for (const name of quoted) {
            assert.ok(strings.errors[reason as keyof typeof strings.errors].includes(name), `${reason} lost "${name}"`);
          }
        }
      });

      it('keeps the HTTP status that English gives in parentheses', () => {
        for (const reason of LOCALE_ERRORS) {
          const message = ENGLISH[reason as keyof typeof ENGLISH]!;
          for (const [status] of message.matchAll(/\(\d{3}\)/g)) {
            assert.ok(strings.errors[reason as keyof typeof strings.errors].includes(status), `${reason} lost ${status}`);
          }
        }
      });

      it('leaves brand names as they are', () => {
        assert.ok(strings.addConnection('GitHub').includes('GitHub'));
      });

      it('once loaded, leaves the setup messages to the English setup texts, with its own setupError', () => {
        const loaded = mergeStrings(strings);
        // No language (English neither) carries them: they come from setup-texts.ts, in English.
        for (const reason of SETUP_REASONS) assert.equal(loaded.errors[reason], undefined, reason);
        for (const reason of SETUP_REASONS) assert.ok(SETUP_TEXTS[reason], reason);
        assert.ok(loaded.setupError.trim() && loaded.setupError !== defaultStrings.setupError);
      });
    });
  }
});

describe('counts (Intl.PluralRules)', () => {
  const loaded = (strings: Pick<LocaleStrings, 'loaded'>) => [0, 1, 2, 5, 21].map((count) => strings.loaded(count));

  it('English: one for 1 only', () => {
    assert.deepEqual(loaded(defaultStrings), [
      '0 linked accounts.',
      '1 linked account.',
      '2 linked accounts.',
      '5 linked accounts.',
      '21 linked accounts.',
    ]);
    assert.equal(defaultStrings.retryAfter(1), 'Try again in 1 second.');
    assert.equal(defaultStrings.retryAfter(30), 'Try again in 30 seconds.');
  });

  it('German: one for 1 only', () => {
    assert.deepEqual(loaded(de), ['0 verknüpfte Konten.', '1 verknüpftes Konto.', '2 verknüpfte Konten.', '5 verknüpfte Konten.', '21 verknüpfte Konten.']);
    assert.match(de.retryAfter(1), /1 Sekunde /);
    assert.match(de.retryAfter(30), /30 Sekunden /);
  });

  it('French: one for 0 and 1', () => {
    assert.deepEqual(loaded(fr), ['0 compte associé.', '1 compte associé.', '2 comptes associés.', '5 comptes associés.', '21 comptes associés.']);
    assert.match(fr.retryAfter(1), /1 seconde\./);
    assert.match(fr.retryAfter(30), /30 secondes\./);
  });

  it('Spanish: one for 1 only', () => {
    assert.deepEqual(loaded(es), ['0 cuentas vinculadas.', '1 cuenta vinculada.', '2 cuentas vinculadas.', '5 cuentas vinculadas.', '21 cuentas vinculadas.']);
    assert.match(es.retryAfter(1), /1 segundo\./);
  });

  it('Brazilian Portuguese: one for 0 and 1', () => {
    assert.deepEqual(loaded(ptBR), ['0 conta vinculada.', '1 conta vinculada.', '2 contas vinculadas.', '5 contas vinculadas.', '21 contas vinculadas.']);
    assert.match(ptBR.retryAfter(2), /2 segundos\./);
  });

  it('Hebrew: one for 1 only (two and other read alike with their numeral)', () => {
    assert.deepEqual(new Intl.PluralRules('he').resolvedOptions().pluralCategories.sort(), ['one', 'other', 'two']);
    assert.deepEqual(loaded(he), ['0 חשבונות מקושרים.', 'חשבון מקושר אחד.', '2 חשבונות מקושרים.', '5 חשבונות מקושרים.', '21 חשבונות מקושרים.']);
    assert.equal(he.retryAfter(1), 'נסו שוב בעוד שנייה אחת.');
    assert.equal(he.retryAfter(2), 'נסו שוב בעוד 2 שניות.');
    assert.equal(he.retryAfter(30), 'נסו שוב בעוד 30 שניות.');
  });

  it('Japanese: one form', () => {
    assert.deepEqual(new Intl.PluralRules('ja').resolvedOptions().pluralCategories, ['other']);
    assert.deepEqual(loaded(ja), [0, 1, 2, 5, 21].map((count) => `リンク済みのアカウントは ${count} 件です。`));
  });
});

describe('createLocaleLoader', () => {
  /** Fake chunks: each counts its loads; `fail` ones reject as a missing chunk would. */
  function fakeLoaders(fail: Array<keyof LocaleLoaders> = [], tables: Partial<Record<keyof LocaleLoaders, unknown>> = {}) {
    const calls: string[] = [];
    const loaders = Object.fromEntries(
      (Object.keys(TABLES) as Array<keyof LocaleLoaders>).map((locale) => [
        locale,
        async (): Promise<LocaleModule> => {
          calls.push(locale);
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (fail.includes(locale)) throw new TypeError(`Failed to fetch dynamically imported module: ${locale}`);
          return { default: (locale in tables ? tables[locale] : TABLES[locale]) as LocaleStrings };
        },
      ]),
    ) as LocaleLoaders;
    return { calls, loaders };
  }

  it('gives English at once, loading nothing', async () => {
    const { calls, loaders } = fakeLoaders();
    const loader = createLocaleLoader(loaders);
    assert.equal(loader.peek('en'), defaultStrings);
    assert.equal(await loader.load('en'), defaultStrings);
    assert.deepEqual(calls, []);
  });

  it('loads each language once, however many ask at the same time or later', async () => {
    const { calls, loaders } = fakeLoaders();
    const loader = createLocaleLoader(loaders);
    assert.equal(loader.peek('de'), undefined);
    const [a, b] = await Promise.all([loader.load('de'), loader.load('de')]);
    const c = await loader.load('de');
    assert.equal(a, b);
    assert.equal(a, c);
    assert.equal(loader.peek('de'), a);
    assert.equal(a.unlink, 'Trennen');
    await loader.load('ja');
    assert.deepEqual(calls, ['de', 'ja']);
  });

  it('falls back to English when a chunk fails, without rejecting, and does not ask again', async (t) => {
    const warn = t.mock.method(console, 'warn', () => {});
    const { calls, loaders } = fakeLoaders(['fr']);
    const loader = createLocaleLoader(loaders);
    assert.equal(await loader.load('fr'), defaultStrings);
    assert.equal(await loader.load('fr'), defaultStrings);
    assert.deepEqual(calls, ['fr']);
    assert.equal(warn.mock.callCount(), 1);
    assert.match(String(warn.mock.calls[0]!.arguments[0]), /"fr".*English/);
    // The other languages are not affected.
    assert.equal((await loader.load('es')).unlink, 'Desvincular');
  });

  it('fills a stale or partial chunk with English rather than leaving texts out', async () => {
    const { loaders } = fakeLoaders([], { es: { unlink: 'Desvincular', errors: { network: 'Sin red.' } }, ja: null });
    const loader = createLocaleLoader(loaders);
    const es = await loader.load('es');
    assert.equal(es.unlink, 'Desvincular');
    assert.equal(es.errors.network, 'Sin red.');
    assert.equal(es.errors.popupBlocked, defaultStrings.errors.popupBlocked);
    assert.ok(es.errors.popupBlocked);
    assert.equal(es.retry, defaultStrings.retry);
    assert.equal(await loader.load('ja'), defaultStrings);
  });

  it('loads the real chunks by dynamic import', async () => {
    const loader = createLocaleLoader();
    for (const [locale, table] of Object.entries(TABLES)) {
      const loaded = await loader.load(locale as Locale);
      assert.equal(loaded.listLabel, table.listLabel, locale);
      assert.equal(loaded.errors.network, table.errors.network, locale);
    }
  });
});
