// The English texts' chunk (english-texts.ts: the setup messages and the English sentences of the
// errors that come with a server's answer), loaded once per page when an error first needs it.
import type { LinkerError } from '../protocol/errors.js';
import type { AccountLinkerStrings } from './strings.js';

type EnglishTexts = typeof import('./english-texts.js');

let loaded: EnglishTexts | undefined;
let loading: Promise<EnglishTexts | undefined> | undefined;

/** The English texts when they are here. */
export const englishTexts = (): EnglishTexts | undefined => loaded;

/** Fetches them once; resolves undefined when the chunk cannot come (the generic sentence is said then). */
export function loadEnglishTexts(): Promise<EnglishTexts | undefined> {
  return (loading ??= import('./english-texts.js').then(
    (module) => (loaded = module),
    () => undefined,
  ));
}

/** An error whose sentence is in the English texts' chunk, not loaded yet (`loadEnglishTexts`). */
export function needsEnglishTexts(error: LinkerError, strings: AccountLinkerStrings): boolean {
  return !loaded && !error.extra?.serverSaid && !(strings.errors as Record<string, string | undefined>)[error.reason];
}
