// The English texts' chunk (english-texts.ts: the setup messages and the English sentences of the
// errors that come with a server's answer), loaded once per page when an error first needs it.
import { lazyChunk } from '../lazy.js';
import type { LinkerError } from '../protocol/errors.js';
import type { AccountLinkerStrings } from './strings.js';

const chunk = lazyChunk(() => import('./english-texts.js'));

/** The English texts when they are here. */
export const englishTexts = () => chunk.module;

/** Fetches them once; resolves undefined when the chunk cannot come (the generic sentence is said then). */
export const loadEnglishTexts = () => chunk.load();

/** An error whose sentence is in the English texts' chunk, not loaded yet (`loadEnglishTexts`). */
export function needsEnglishTexts(error: LinkerError, strings: AccountLinkerStrings): boolean {
  return !chunk.module && !error.extra?.serverSaid && !(strings.errors as Record<string, string | undefined>)[error.reason];
}
