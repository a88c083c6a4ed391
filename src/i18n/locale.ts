// Which built-in language a BCP 47 tag gets, and its strings table, loaded on demand. DOM-free.
import { defaultStrings, mergeStrings, type AccountLinkerStrings, type LocaleStrings } from './strings.js';

/** The built-in languages. English is in the main bundle; the others are chunks of their own. */
export const LOCALES = ['en', 'de', 'fr', 'es', 'ja', 'pt-BR'] as const;
export type Locale = (typeof LOCALES)[number];

/** A language's table, as its chunk exports it. */
export type LocaleModule = { default: LocaleStrings };
export type LocaleLoaders = Record<Exclude<Locale, 'en'>, () => Promise<LocaleModule>>;

/**
 * Each language is its own file: a page fetches only the one it shows, relative to this module.
 * Adding a language is a file under `src/locales/`, a line here and its name in `LOCALES`.
 */
const LOADERS: LocaleLoaders = {
  de: () => import('./locales/de.js'),
  fr: () => import('./locales/fr.js'),
  es: () => import('./locales/es.js'),
  ja: () => import('./locales/ja.js'),
  'pt-BR': () => import('./locales/pt-BR.js'),
};

/**
 * The built-in language for a language tag, by its primary subtag, case-insensitively: `de-AT`
 * and `de-CH` get German; `pt`, `pt-BR` and `pt-PT` get Brazilian Portuguese (there is no
 * European Portuguese table); anything else (`zh`, `x-klingon`, garbage, empty) gets English.
 */
export function resolveLocale(tag: string | null | undefined): Locale {
  const language = String(tag ?? '').trim().toLowerCase().split(/[-_]/, 1)[0];
  switch (language) {
    case 'de':
    case 'fr':
    case 'es':
    case 'ja':
      return language;
    case 'pt':
      return 'pt-BR';
    default:
      return 'en';
  }
}

/**
 * A loader of tables with its own cache: one request per language per page, whatever the number
 * of elements. A table that fails to load (offline, a missing chunk, a blocked request) is English
 * for the rest of the page, with a warning in the console: never an error and never a blank element.
 */
export function createLocaleLoader(loaders: LocaleLoaders = LOADERS) {
  const pending = new Map<Locale, Promise<AccountLinkerStrings>>();
  const ready = new Map<Locale, AccountLinkerStrings>([['en', defaultStrings]]);
  return {
    /** The table if it has arrived already (English always has), else undefined. */
    peek(locale: Locale): AccountLinkerStrings | undefined {
      return ready.get(locale);
    },
    /** The table; resolves to English when it cannot be loaded. Never rejects. */
    load(locale: Locale): Promise<AccountLinkerStrings> {
      const known = ready.get(locale);
      if (known) return Promise.resolve(known);
      let table = pending.get(locale);
      if (!table) {
        table = Promise.resolve()
          .then(() => loaders[locale as Exclude<Locale, 'en'>]())
          // A table short of a text (a stale chunk) shows it in English rather than nothing.
          .then((module) => mergeStrings(module?.default))
          .catch((error: unknown) => {
            console.warn(`<account-linker>: the "${locale}" strings could not be loaded; showing English.`, error);
            return defaultStrings;
          })
          .then((strings) => {
            ready.set(locale, strings);
            return strings;
          });
        pending.set(locale, table);
      }
      return table;
    },
  };
}

export type LocaleLoader = ReturnType<typeof createLocaleLoader>;

/** The page's one loader, shared by every `<account-linker>`. */
export const locales: LocaleLoader = createLocaleLoader();
