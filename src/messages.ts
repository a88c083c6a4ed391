import type { LinkerError } from './errors.js';
import { managementAudience, MANAGEMENT_SCOPES } from './management-token.js';
import type { AccountLinkerStrings } from './strings.js';

const MAX_DETAIL = 300;

/** Removes every given secret from a text (servers may echo what they were sent). */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('…');
  return out;
}

/**
 * The one message for an error: the strings table's sentence, how to fix a Management API token,
 * when to retry, then the server's detail (scrubbed of tokens).
 */
export function describeError(
  error: LinkerError,
  strings: AccountLinkerStrings,
  secrets: readonly string[] = [],
  origin?: string,
): string {
  const parts = [strings.errors[error.reason] ?? strings.errors.requestFailed];
  if (error.code === 'insufficient-scope' && origin) {
    parts.push(strings.managementTokenHelp(managementAudience(origin), MANAGEMENT_SCOPES.join(' ')));
  }
  const retryAfter = error.extra?.retryAfter;
  if (retryAfter !== undefined) parts.push(strings.retryAfter(retryAfter));
  const message = parts.join(' ');
  const detail = error.detail ? scrub(error.detail, secrets).slice(0, MAX_DETAIL) : '';
  return detail ? `${message} (${detail})` : message;
}
