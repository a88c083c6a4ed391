// What the mock tenant holds and what it offers the handlers: its records (tokens, transactions,
// codes, sessions, refresh grants), settings, the `Tenant` interface, and the lifetimes and caps of
// what requests leave behind. The implementation is `createTenant` in store.ts.
import type { Fault, FaultSpec } from './faults.js';
import type { MockClient, MockIdentity, MockUser } from './seed.js';
import type { SigningKey } from './tokens.js';

export interface AccessTokenRecord {
  sub: string;
  scope: string;
  /** The client the token was issued to (a `link_with` ID token's aud must match it). */
  azp: string;
  exp: number;
  /** The API asked for (`<origin>/api/v2/`); absent for an opaque token (a login without `audience`). */
  audience?: string;
}

/** What a new access token is for. */
export interface AccessTokenOptions {
  scope: string;
  azp: string;
  issuer: string;
  /**
   * The API (only the Management API, `<issuer>api/v2/`, exists on the mock). With one the token is
   * an RS256 JWT signed with the JWKS key; without one it is opaque, as Auth0 issues it.
   */
  audience?: string;
  /** `openid` was granted too: a JWT's `aud` then also names `<issuer>userinfo`, as on Auth0. */
  userinfo?: boolean;
  gty?: string;
}

export type TokenCheck =
  | { ok: true; token: AccessTokenRecord }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

/** What /authorize remembers until the person decides on the mock page. */
export interface AuthorizeTransaction {
  id: string;
  clientId: string;
  redirectUri: string;
  responseMode: 'query' | 'web_message' | 'form_post';
  state?: string;
  scope: string;
  /** The API the access token is for (`audience`); absent: an opaque token. */
  audience?: string;
  connection?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  /** Set for the legacy link flow: the user whose access_token came with the request. */
  primaryUserId?: string;
  /** Composite ids of the identities the page offered: the only ones the decision accepts. */
  offered?: readonly string[];
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  /** The user the login resolves to (after a legacy link: the primary). */
  userId: string;
  scope: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  /** Seconds since the epoch: when the person decided on the /authorize page (ID token `auth_time`). */
  authTime?: number;
  audience?: string;
  /** The login session's public id (ID token `sid`). */
  sid?: string;
}

/** A login session of the tenant (Auth0: the `auth0` cookie on the tenant's domain). */
export interface LoginSession {
  /** The cookie's secret value. */
  id: string;
  /** The session's public id, the ID token's `sid` (never the cookie value). */
  sid: string;
  /**
   * The identity the person signed in with (`provider|id`), when known. The session's user is its
   * owner at the time of use: after that identity is linked into another user, the session signs
   * in as that user, as a new login with it would (inferred).
   */
  identityId?: string;
  userId: string;
  /** Seconds since the epoch: when the person last signed in (ID token `auth_time`). */
  authTime: number;
}

/** A refresh token's grant (`offline_access`). Rotation: each one is single use. */
export interface RefreshGrant {
  clientId: string;
  userId: string;
  scope: string;
  authTime?: number;
  audience?: string;
  sid?: string;
  /** Tokens rotated from one login share a family: reusing a used one revokes the family. */
  family: string;
}

/** Tenant-wide switches. */
export interface TenantSettings {
  /**
   * Whether `/authorize?access_token=…` links (and `/userinfo` answers the legacy profile with
   * `identities`). True by default so the legacy demo works; every real tenant has had it off
   * since 2017-03-01.
   */
  legacyLinking: boolean;
}

export const DEFAULT_SETTINGS: Readonly<TenantSettings> = Object.freeze({ legacyLinking: true });

/** What outlives a restart of a stand-alone tenant (`--state`): users with their identities, and settings. */
export interface TenantState {
  users: MockUser[];
  settings: TenantSettings;
}

/** Where an identity lives: its owner, and whether it is the owner's own (primary) identity. */
export interface IdentityMatch {
  owner: MockUser;
  identity: MockIdentity;
  isPrimary: boolean;
}

/** An identity a person can sign in with on the mock /authorize page. */
export interface SignInChoice {
  id: string;
  identity: MockIdentity;
  name: string;
  email?: string;
  picture: string;
}

export type LinkResult =
  | { ok: true; identities: MockIdentity[] }
  | {
      ok: false;
      reason: 'primary-not-found' | 'secondary-not-found' | 'same' | 'already-linked' | 'linked-elsewhere';
    };

export type UnlinkResult =
  | { ok: true; identities: MockIdentity[]; unlinked: MockUser }
  | { ok: false; reason: 'user-not-found' | 'main-identity' | 'not-linked' };

export interface Tenant {
  /** Seconds since the epoch (injectable for tests). */
  now(): number;
  readonly signingKey: SigningKey;
  /** Back to the seed: users, tokens, transactions, codes, settings and faults (the signing key is kept). */
  reset(): void;
  users(): MockUser[];
  /** The applications of the seed (copies). */
  clients(): MockClient[];
  findClient(clientId: string | null | undefined): MockClient | undefined;
  /** The connections the seed's identities name: what `connection=` may name at /authorize. */
  connections(): string[];
  /** CORS: whether `origin` is an allowed web origin of any of the tenant's applications. */
  isAllowedOrigin(origin: string | null | undefined): boolean;
  /** Users and settings, for saving (a copy). */
  exportState(): TenantState;
  /** Replaces users and settings with saved ones; sessions and tokens of missing users stop working. */
  importState(state: TenantState): void;
  getUser(userId: string): MockUser | undefined;
  findIdentity(compositeId: string): IdentityMatch | undefined;
  link(primaryUserId: string, secondaryId: string): LinkResult;
  unlink(primaryUserId: string, provider: string, userId: string): UnlinkResult;
  /**
   * What the /authorize page offers: spare users, then other users' secondaries; with
   * `databaseLogins` (a plain sign-in), then every user's own database login too.
   */
  signInChoices(options?: { excludeUserId?: string; connection?: string; databaseLogins?: boolean }): SignInChoice[];
  /** The current settings (a copy). */
  settings(): TenantSettings;
  /** Changes some settings until the next `reset()`; returns the resulting settings. */
  configure(changes: Partial<TenantSettings>): TenantSettings;
  /** Queues a fault (throws TypeError on an invalid spec). Cleared by `reset()` and `clearFaults()`. */
  addFault(spec: FaultSpec): void;
  clearFaults(): void;
  /** Pending faults, oldest first (copies). */
  faults(): Fault[];
  /** The first pending fault matching the request, counted as used; undefined when none. */
  takeFault(method: string, pathname: string): Fault | undefined;
  /**
   * What /oauth/token hands out: an RS256 JWT signed with the JWKS key when `audience` is set, else
   * an opaque token. Either is accepted by lookup until it expires.
   */
  grantAccessToken(sub: string, options: AccessTokenOptions): Promise<string>;
  /**
   * For tests and seeds: a JWT-shaped Management API token made at once, signed by no key (kid
   * `mock`), accepted by lookup like any other. `audience` defaults to
   * `[<issuer>api/v2/, <issuer>userinfo]`; `gty` marks e.g. client-credentials tokens.
   */
  issueAccessToken(
    sub: string,
    options: { scope: string; azp: string; issuer: string; audience?: string | string[]; gty?: string },
  ): string;
  checkAccessToken(token: string | null | undefined): TokenCheck;
  /** Makes an issued JWT access token outlive `reset()`, like the seed's (the stand-alone server's printed tokens). */
  keepAccessToken(token: string): void;
  createTransaction(tx: Omit<AuthorizeTransaction, 'id'>): AuthorizeTransaction;
  getTransaction(id: string): AuthorizeTransaction | undefined;
  /** Single use: returns the transaction and forgets it. */
  takeTransaction(id: string): AuthorizeTransaction | undefined;
  createCode(grant: Omit<AuthorizationCode, 'code'>): string;
  /** Single use: returns the code's grant and forgets it; undefined once it is older than `CODE_LIFETIME`. */
  takeCode(code: string): AuthorizationCode | undefined;
  /** A new login session (cleared by `reset()`). */
  createSession(userId: string, authTime: number, identityId?: string): LoginSession;
  getSession(id: string | undefined): LoginSession | undefined;
  endSession(id: string | undefined): void;
  /** A new refresh token; `family` continues a rotation. */
  createRefreshToken(grant: Omit<RefreshGrant, 'family'> & { family?: string }): string;
  /**
   * Rotation: returns the grant and marks the token used. A token used before revokes its whole
   * family (Auth0's reuse detection) and returns undefined; so does any token of a revoked family.
   * With `clientId`, a token of another client is refused (undefined) and left unused.
   */
  takeRefreshToken(token: string, clientId?: string): RefreshGrant | undefined;
  /** Drops what expired (transactions, codes, sessions, tokens); requests do it as they come, too. */
  sweep(): void;
  /** How many of each the tenant holds now (all bounded by `MAX_PENDING`). */
  pending(): PendingCounts;
}

export interface PendingCounts {
  transactions: number;
  codes: number;
  sessions: number;
  refreshTokens: number;
  revokedFamilies: number;
  accessTokens: number;
}

export const ACCESS_TOKEN_LIFETIME = 86400;
/**
 * How long an authorization code may wait for its exchange, in seconds. Auth0 does not publish the
 * figure; RFC 6749 §4.1.2 recommends at most ten minutes, which the mock takes *(inferred)*.
 */
export const CODE_LIFETIME = 600;
/** How long a sign-in page (its /authorize transaction) stays usable, in seconds *(inferred)*. */
export const TRANSACTION_LIFETIME = 3600;
/** A login session's lifetime: Auth0's default inactivity timeout, 3 days (the mock counts from sign-in). */
export const SESSION_LIFETIME = 3 * 24 * 3600;
/** A refresh token's (and a revoked family's) lifetime: Auth0's default absolute lifetime, 30 days. */
export const REFRESH_TOKEN_LIFETIME = 30 * 24 * 3600;
/** The most transactions, codes, sessions, refresh tokens or issued access tokens kept at once (each). */
export const MAX_PENDING = 10_000;
