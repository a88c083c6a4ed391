// The English sentences of the errors that come with a server's answer (a refusal, a bad answer, a
// failed link): a chunk with the setup messages (english-texts.ts), so a page that never meets one
// never loads them. What can fail with no network stays in strings.ts, said at once. Other
// languages carry all of theirs in their own table.
import type { LaterReason } from './strings.js';

export const ENGLISH_ERRORS: Record<LaterReason, string> = {
  tokenExpired: 'The access token has expired. Sign in again and retry.',
  someIdentitiesInvalid: 'Some linked accounts could not be shown because their data is malformed.',
  unauthorized: 'The sign-in server did not accept the access token (401). Sign in again and retry.',
  forbidden: 'The access token is not allowed to do this (403).',
  notFound: 'The sign-in server could not find this account (404).',
  rateLimited: 'Too many requests (429). Wait a moment.',
  serverError: 'The sign-in server had a problem. Try again later.',
  badResponse: 'The sign-in server sent an answer this component cannot read.',
  noIdentities: 'The profile has no list of linked accounts.',
  stateMismatch: 'This sign-in response does not belong to a link started here, or it was used already. Nothing was changed.',
  stateExpired: 'The link took too long (over 10 minutes). Nothing was changed; please try again.',
  authorizeFailed: 'The account could not be linked.',
  primaryIdentity: 'The primary account cannot be unlinked.',
  tokenRejected: 'The sign-in server did not accept the access token (401): it has expired or is invalid. Sign in again and retry.',
  unownedResource: 'The access token belongs to another user than the one shown (403). Sign in again as that user.',
  alreadyLinked: 'That account already belongs to another user, so it cannot be linked here. Sign in with a different account.',
  sameAccount: 'That is the account you are signed in with, or one already linked to it. Choose a different account.',
  unverifiedEmail: 'That account\'s email address is not verified, so it was not linked. Verify it first, then try again.',
  idTokenInvalid: 'The sign-in answer for the second account did not pass the security checks, so nothing was linked.',
  exchangeFailed: 'The sign-in of the second account could not be completed, so nothing was linked.',
  signedOut: 'You are signed out. Sign in again, then retry.',
};
