// How an error is told in full (describe-error.ts: the table's sentence, the token help, the
// server's detail scrubbed of tokens) is a chunk, fetched with the first error or calm notice to
// tell. The controller shows an error once it is here; should it not come (offline), the error is
// said by its table's sentence alone, with no detail and nothing of a server's text.
import { lazyChunk } from '../lazy.js';
import type { LinkerError } from '../protocol/errors.js';
import type { ErrorText } from './describe-error.js';
import type { AccountLinkerStrings } from './strings.js';

const chunk = lazyChunk(() => import('./describe-error.js'));

/** Here: an error can be told at once. */
export const describerLoaded = (): boolean => !!chunk.module;

export const loadDescriber = () => chunk.load();

export function describeErrorParts(error: LinkerError, strings: AccountLinkerStrings, secrets: readonly string[] = [], origin?: string): ErrorText {
  return chunk.module?.describeErrorParts(error, strings, secrets, origin) ?? { sentence: (strings.errors as Record<string, string | undefined>)[error.reason] ?? strings.errors.requestFailed };
}

export function describeError(error: LinkerError, strings: AccountLinkerStrings, secrets: readonly string[] = [], origin?: string): string {
  return chunk.module?.describeError(error, strings, secrets, origin) ?? describeErrorParts(error, strings).sentence;
}
