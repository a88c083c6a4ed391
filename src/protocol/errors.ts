/** The codes of `account-linker-error`, fixed by the public contract. */
export type ErrorCode =
  | 'invalid-config'
  | 'missing-token'
  | 'network'
  | 'http'
  | 'bad-response'
  | 'state-mismatch'
  | 'authorize-error'
  | 'primary-identity'
  | 'legacy-unsupported'
  | 'insufficient-scope'
  | 'already-linked'
  | 'unverified-email'
  | 'popup-blocked'
  | 'popup-closed'
  | 'popup-timeout'
  | 'csrf';

/**
 * Setup problems: told to the developer who writes the tag, in English in every language (their
 * words are attribute names, properties and OAuth terms).
 */
export type SetupReason =
  | 'domainMissing'
  | 'domainInvalid'
  | 'domainInsecure'
  | 'clientIdMissing'
  | 'redirectUriInvalid'
  | 'redirectUriInsecure'
  | 'scopeInvalid'
  | 'connectionsInvalid'
  | 'unlinkPathInvalid'
  | 'modeUnsupported'
  | 'identitiesInvalid'
  | 'userIdInvalid'
  | 'userIdUnknown'
  | 'unknownIdentity'
  | 'tokenMissing'
  | 'tokenMalformed'
  | 'tokenProviderFailed'
  | 'tokenProviderTimeout'
  | 'tokenLate'
  | 'redirected'
  | 'legacyUnsupported'
  | 'tokenOpaque'
  | 'tokenAudience'
  | 'tokenScopes'
  | 'scopeRefused'
  | 'storageUnavailable'
  | 'endpointMissing'
  | 'endpointInvalid'
  | 'csrf';

/** Why it failed, finer than the code: each reason has one message in the strings table. */
export type ErrorReason =
  | SetupReason
  | 'tokenExpired'
  | 'someIdentitiesInvalid'
  | 'network'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'rateLimited'
  | 'serverError'
  | 'requestFailed'
  | 'badResponse'
  | 'noIdentities'
  | 'stateMismatch'
  | 'stateExpired'
  | 'authorizeFailed'
  | 'primaryIdentity'
  | 'tokenRejected'
  | 'unownedResource'
  | 'alreadyLinked'
  | 'sameAccount'
  | 'unverifiedEmail'
  | 'idTokenInvalid'
  | 'exchangeFailed'
  | 'popupBlocked'
  | 'popupClosed'
  | 'popupTimeout'
  | 'cancelled'
  | 'signedOut';

/**
 * Every failure the component can meet, typed. Protocol modules throw it; the element turns it
 * into one message (from the strings table) and one `account-linker-error` event.
 */
export class LinkerError extends Error {
  override readonly name = 'LinkerError';
  constructor(
    readonly code: ErrorCode,
    readonly reason: ErrorReason,
    /** Extra text from the server or the parser, shown after the message. Never holds a token. */
    readonly detail?: string,
    readonly status?: number,
    /** Extra facts from the server: Auth0's `errorCode` and a 429's `Retry-After` (seconds). */
    readonly extra: { errorCode?: string; retryAfter?: number; serverSaid?: boolean } = {},
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
  }
}

/** Whatever was thrown, as a LinkerError (unexpected errors become `bad-response`). */
export function toLinkerError(error: unknown): LinkerError {
  if (error instanceof LinkerError) return error;
  return new LinkerError('bad-response', 'badResponse', error instanceof Error ? error.message : undefined);
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The server says the identity is not (or no longer) linked. */
export function isNotLinked(error: unknown): boolean {
  return (
    error instanceof LinkerError &&
    error.code === 'http' &&
    (error.status === 404 || (error.status === 400 && /not linked|does not exist|not found/i.test(error.detail ?? '')))
  );
}
