import type { ErrorReason, SetupReason } from '../protocol/errors.js';

export type { SetupReason };

/** The errors English says without fetching anything: no server answered (offline, a window). */
export type FirstReason = 'network' | 'requestFailed' | 'popupBlocked' | 'popupClosed' | 'popupTimeout' | 'cancelled';
/** The person-facing errors whose English sentence is fetched with the first one (english-errors.ts). */
export type LaterReason = Exclude<ErrorReason, SetupReason | FirstReason>;

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
  /** Server mode's "Also yours?": the title over other accounts that share the user's verified email. */
  suggestionsTitle: string;
  /** Under it: why they are there, and that linking one means signing in to it. */
  suggestionsHint: string;
  /** A suggestion's button (visible text) and its accessible name, with the account's label. */
  linkSuggestion: string;
  linkSuggestionLabel: (account: string) => string;
  /** Hides a suggestion (remembered in this browser only), and its accessible name. */
  hideSuggestion: string;
  hideSuggestionLabel: (account: string) => string;
  /**
   * Leads an error whose own text this language leaves in English (the setup messages, meant for
   * the developer writing the tag); that English text then sits under the details. Empty in English.
   */
  setupError: string;
  /** Names of providers and connections that need translating; brand names need none. */
  providers: Record<string, string>;
  /**
   * The person-facing errors. A language's table holds all of them; English holds those that can
   * happen with no server's answer (`FirstReason`) and fetches the rest with the first error that
   * needs one (`english-errors.ts`). The setup messages (`SetupReason`, for the developer writing
   * the tag) are English in every language and come in the same chunk (`setup-texts.ts`). A host
   * may override any of them here.
   */
  errors: Record<FirstReason, string> & Partial<Record<ErrorReason, string>>;
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
  suggestionsTitle: 'Also yours?',
  suggestionsHint: 'These accounts share your verified email address. Sign in to one to link it.',
  linkSuggestion: 'Link',
  linkSuggestionLabel: (account) => `Link ${account}`,
  hideSuggestion: 'Hide',
  hideSuggestionLabel: (account) => `Hide ${account}`,
  setupError: '',
  providers: {
    auth0: 'Email and password',
    'Username-Password-Authentication': 'Email and password',
    sms: 'Phone (SMS)',
    email: 'Email code',
  },
  // What can go wrong with no answer from a server (offline, a blocked or closed window): said at
  // once. The other English sentences come with the first error that needs one (english-errors.ts).
  errors: {
    network: 'Could not reach the sign-in server. Check your connection and try again.',
    requestFailed: 'The request failed.',
    popupBlocked: 'The browser blocked the sign-in window. Allow popups for this site and try again.',
    popupClosed: 'The sign-in window was closed; nothing was linked.',
    popupTimeout: 'The sign-in window did not answer within 2 minutes; nothing was linked. Try again.',
    cancelled: 'Linking was cancelled; nothing changed.',
  },
};

/** A language's table (`src/i18n/locales/`): every text but the setup messages, which stay English. */
export type LocaleStrings = Omit<AccountLinkerStrings, 'errors'> & {
  errors: Record<Exclude<ErrorReason, SetupReason>, string>;
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
