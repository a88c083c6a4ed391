import type { ErrorReason, SetupReason } from '../protocol/errors.js';

export type { SetupReason };

/**
 * Every user-visible text of `<account-linker>`. English lives here; the other languages are in
 * `src/i18n/locales/` (each a complete `AccountLinkerStrings`, loaded on demand). Hosts override any
 * subset through the `strings` property; functions take the values they interpolate (always
 * rendered as text, never HTML). Texts with a count choose their form with `Intl.PluralRules`.
 */
export interface AccountLinkerStrings {
  /** Accessible name of the identity list. */
  listLabel: string;
  loading: string;
  empty: string;
  addAccount: string;
  addConnection: (provider: string) => string;
  primaryBadge: string;
  primaryHint: string;
  unlink: string;
  unlinkLabel: (account: string) => string;
  confirmPrompt: (account: string) => string;
  confirmUnlink: string;
  cancelUnlink: string;
  unlinking: (account: string) => string;
  unlinked: (account: string) => string;
  linked: string;
  /** The visible notice after a link, naming the account. */
  linkedAccount: (account: string) => string;
  /** While the code is exchanged and the link is made. */
  linking: string;
  /** While the popup is open. */
  popupWaiting: string;
  /** Appended to a rate-limit error: the server's `Retry-After`, in seconds (a count: plural forms). */
  retryAfter: (seconds: number) => string;
  /** The live region's text once the list is loaded (a count: plural forms). */
  loaded: (count: number) => string;
  retry: string;
  dismiss: string;
  /** The summary of the disclosure that holds an error's technical detail (code, status, server text). */
  errorDetails: string;
  /** Instead of the add links, when every connection in `connections` is linked already. */
  allLinked: string;
  /**
   * Leads an error whose own text this language leaves in English (the setup messages, meant for
   * the developer writing the tag); that English text then sits under the details. Empty in English.
   */
  setupError: string;
  /** Names of providers and connections that need translating; brand names need none. */
  providers: Record<string, string>;
  /**
   * The person-facing errors; the setup messages (`SetupReason`, for the developer writing the tag)
   * are English in every language and live in `setup-texts.ts`, loaded when one is first needed. A
   * host may still override any of them here.
   */
  errors: Record<Exclude<ErrorReason, SetupReason>, string> & Partial<Record<SetupReason, string>>;
}

const plural = new Intl.PluralRules('en');

/** English, the built-in table and the fallback of every other language. */
export const defaultStrings: AccountLinkerStrings = {
  listLabel: 'Linked accounts',
  loading: 'Loading linked accounts…',
  empty: 'No accounts are linked yet.',
  addAccount: 'Add account',
  addConnection: (provider) => `Add ${provider} account`,
  primaryBadge: 'Primary',
  primaryHint: 'You signed up with this account, so it cannot be unlinked.',
  unlink: 'Unlink',
  unlinkLabel: (account) => `Unlink ${account}`,
  confirmPrompt: (account) => `Unlink ${account}? You will no longer be able to sign in with it.`,
  confirmUnlink: 'Yes, unlink',
  cancelUnlink: 'Cancel',
  unlinking: (account) => `Unlinking ${account}…`,
  unlinked: (account) => `${account} was unlinked.`,
  linked: 'The account was linked.',
  linkedAccount: (account) => `${account} is now linked.`,
  linking: 'Linking the account…',
  popupWaiting: 'Finish signing in in the window that opened.',
  retryAfter: (seconds) => `Try again in ${seconds} ${plural.select(seconds) === 'one' ? 'second' : 'seconds'}.`,
  loaded: (count) => (plural.select(count) === 'one' ? `${count} linked account.` : `${count} linked accounts.`),
  retry: 'Try again',
  dismiss: 'Dismiss',
  errorDetails: 'Technical details',
  allLinked: 'Every sign-in method offered here is linked already.',
  setupError: '',
  providers: {
    auth0: 'Email and password',
    'Username-Password-Authentication': 'Email and password',
    sms: 'Phone (SMS)',
    email: 'Email code',
  },
  errors: {
    tokenExpired: 'The access token has expired. Sign in again and retry.',
    someIdentitiesInvalid: 'Some linked accounts could not be shown because their data is malformed.',
    network: 'Could not reach the sign-in server. Check your connection and try again.',
    unauthorized: 'The sign-in server did not accept the access token (401). Sign in again and retry.',
    forbidden: 'The access token is not allowed to do this (403).',
    notFound: 'The sign-in server could not find this account (404).',
    rateLimited: 'Too many requests (429). Wait a moment.',
    serverError: 'The sign-in server had a problem. Try again later.',
    requestFailed: 'The request failed.',
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
    popupBlocked: 'The browser blocked the sign-in window. Allow popups for this site and try again.',
    popupClosed: 'The sign-in window was closed; nothing was linked.',
    popupTimeout: 'The sign-in window did not answer within 2 minutes; nothing was linked. Try again.',
    cancelled: 'Linking was cancelled; nothing changed.',
    signedOut: 'You are signed out. Sign in again, then retry.',
  },
};

/** A language's table (`src/i18n/locales/`): every text but the setup messages, which stay English. */
export type LocaleStrings = Omit<AccountLinkerStrings, 'errors'> & {
  errors: Omit<AccountLinkerStrings['errors'], SetupReason>;
};

/**
 * What a host sets as `strings`: any texts, and any entries of the nested `providers` and
 * `errors` (merged one level deep, so `{errors: {network: '…'}}` changes that message alone).
 */
export type AccountLinkerStringsOverrides = Partial<Omit<AccountLinkerStrings, 'providers' | 'errors'>> & {
  providers?: Partial<AccountLinkerStrings['providers']>;
  errors?: Partial<AccountLinkerStrings['errors']>;
};

/**
 * A table with overrides on top (nested `providers` and `errors` merged one level deep); `base`
 * is the active language's table, English by default.
 */
export function mergeStrings(
  overrides: AccountLinkerStringsOverrides | null | undefined,
  base: AccountLinkerStrings = defaultStrings,
): AccountLinkerStrings {
  if (!overrides || typeof overrides !== 'object') return base;
  return {
    ...base,
    ...overrides,
    providers: { ...base.providers, ...overrides.providers } as AccountLinkerStrings['providers'],
    errors: { ...base.errors, ...overrides.errors },
  };
}
