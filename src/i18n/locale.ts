// Which built-in language a BCP 47 tag gets, and its strings table, loaded on demand. DOM-free.
import { defaultStrings, mergeStrings, type AccountLinkerStrings, type LocaleStrings } from './strings.js';

/** A language's table, as its chunk exports it. */
export type LocaleModule = { default: LocaleStrings };

/**
 * The built-in languages, one entry each: its loader (a chunk of its own, which a page fetches only
 * when it shows that language, relative to this module) and any other primary subtags it answers
 * for. English is in the main bundle. Adding a language is a file under `locales/` and an entry
 * here; `LOCALES` and `resolveLocale` follow from this list.
 */
const LANGUAGES = {
  en: null, // built in
  de: () => import('./locales/de.js'),
  fr: () => import('./locales/fr.js'),
  es: () => import('./locales/es.js'),
  ja: () => import('./locales/ja.js'),
  // There is no European Portuguese table: `pt` and `pt-PT` get Brazilian Portuguese.
  'pt-BR': () => import('./locales/pt-BR.js'),
  he: () => import('./locales/he.js'),
} as const satisfies Record<string, null | (() => Promise<LocaleModule>)>;

export type Locale = keyof typeof LANGUAGES;
export const LOCALES = Object.keys(LANGUAGES) as Locale[];
export type LocaleLoaders = Record<Exclude<Locale, 'en'>, () => Promise<LocaleModule>>;
const LOADERS = LANGUAGES as unknown as LocaleLoaders;

/**
 * The built-in language for a language tag, by its primary subtag, case-insensitively: `de-AT`
 * and `de-CH` get German; `pt`, `pt-BR` and `pt-PT` get Brazilian Portuguese (a language's entry
 * answers for its primary subtag); anything else (`zh`, `x-klingon`, garbage, empty) gets English.
 */
export function resolveLocale(tag: string | null | undefined): Locale {
  const language = String(tag ?? '').trim().toLowerCase().split(/[-_]/, 1)[0];
  return LOCALES.find((locale) => locale.toLowerCase().split('-', 1)[0] === language) ?? 'en';
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
