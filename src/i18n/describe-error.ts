import type { LinkerError } from '../protocol/errors.js';
import { managementAudience, MANAGEMENT_SCOPES } from '../protocol/management-token.js';
import { scrub } from '../protocol/redaction.js';
import { englishTexts } from './english-loader.js';
import type { AccountLinkerStrings } from './strings.js';

const MAX_DETAIL = 300;

/** An error told in pieces: what a person reads first, and what a developer needs. */
export interface ErrorText {
  /** The strings table's sentence (and when to retry): shown first. */
  sentence: string;
  /** How to fix a Management API token (`insufficient-scope`). */
  help?: string;
  /** The server's (or the check's) detail, scrubbed of tokens and cut to length. */
  detail?: string;
}

export function describeErrorParts(
  error: LinkerError,
  strings: AccountLinkerStrings,
  secrets: readonly string[] = [],
  origin?: string,
): ErrorText {
  const retryAfter = error.extra?.retryAfter;
  const texts = englishTexts();
  // Server mode's host server words its own refusals: its message is the sentence.
  const own = error.extra?.serverSaid && error.detail ? scrub(error.detail, secrets).slice(0, MAX_DETAIL) : undefined;
  const overridden = (strings.errors as Record<string, string | undefined>)[error.reason];
  const setup = (texts?.SETUP_TEXTS as Record<string, string> | undefined)?.[error.reason];
  const english = (texts?.ENGLISH_ERRORS as Record<string, string> | undefined)?.[error.reason];
  let sentence = own ?? overridden ?? english ?? setup ?? strings.errors.requestFailed;
  const help: string[] = [];
  // A setup message (English in every language): the language's own lead sentence, the English under the details.
  if (strings.setupError && !own && !overridden && !english && setup) {
    help.push(sentence);
    sentence = strings.setupError;
  }
  const text: ErrorText = { sentence: retryAfter === undefined ? sentence : `${sentence} ${strings.retryAfter(retryAfter)}` };
  if (error.code === 'insufficient-scope' && origin && texts) {
    help.push(texts.managementTokenHelp(managementAudience(origin), MANAGEMENT_SCOPES.join(' ')));
  }
  if (help.length) text.help = help.join(' ');
  const detail = error.detail && !own ? scrub(error.detail, secrets).slice(0, MAX_DETAIL) : '';
  if (detail) text.detail = detail;
  return text;
}

/**
 * The one message for an error (the event's `message`): the strings table's sentence, how to fix
 * a Management API token, when to retry, then the server's detail (scrubbed of tokens).
 */
export function describeError(
  error: LinkerError,
  strings: AccountLinkerStrings,
  secrets: readonly string[] = [],
  origin?: string,
): string {
  const { sentence, help, detail } = describeErrorParts(error, strings, secrets, origin);
  const message = help ? `${sentence} ${help}` : sentence;
  return detail ? `${message} (${detail})` : message;
}
