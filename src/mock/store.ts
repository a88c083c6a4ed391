// The stateful in-memory tenant behind the handlers: users, access tokens, /authorize
// transactions and authorization codes, tenant settings and injected faults. Link and unlink keep
// users and identities consistent. What requests leave behind (transactions, codes, sessions,
// tokens) expires and is capped, so no stream of requests grows the tenant without bound.
import { isAllowedBy } from './allowed-urls.js';
import { BoundedMap } from './bounded.js';
import { DEMO_SEED, type MockClient, type MockIdentity, type MockUser, type ProfileData, type TenantSeed } from './seed.js';
import { base64urlEncode, createSigningKey, decodeJwt, mockAccessToken, randomId, type SigningKey } from './tokens.js';

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

/** A canned answer for the next matching request(s): see `Tenant.addFault`. */
export interface FaultSpec {
  /** HTTP method, any case; omitted: every method except OPTIONS (preflights still pass). */
  method?: string;
  /** Exact pathname (`/userinfo`), or a prefix ending in `*` (`/api/v2/*`). Matched against the
   * pathname as sent and URL-decoded (`auth0|x` matches `auth0%7Cx`). */
  path: string;
  /** 200–599. */
  status: number;
  /** A string is sent as is (default `text/plain`); anything else as JSON. Omitted: an Auth0-shaped
   * JSON error for 4xx/5xx, nothing for 2xx/3xx. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** How many matching requests get this answer; default 1. */
  times?: number;
}

/** A pending fault as the tenant keeps it. */
export interface Fault extends Omit<FaultSpec, 'times'> {
  remaining: number;
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

/** Splits `provider|id` on the FIRST pipe only: ids may contain pipes (`oidc|corp|employee-42`). */
export function splitCompositeId(compositeId: string): { provider: string; userId: string } | undefined {
  const at = compositeId.indexOf('|');
  if (at <= 0 || at === compositeId.length - 1) return undefined;
  return { provider: compositeId.slice(0, at), userId: compositeId.slice(at + 1) };
}

/** `user_id` is a string or a number: always compare as strings. */
export const sameIdentity = (identity: MockIdentity, provider: string, userId: string | number) =>
  identity.provider === provider && String(identity.user_id) === String(userId);

export const compositeId = (identity: MockIdentity) => `${identity.provider}|${identity.user_id}`;

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** Checks a fault spec; returns a problem, or undefined when it is usable. */
export function faultProblem(spec: unknown): string | undefined {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return 'A fault must be an object.';
  const { method, path, status, contentType, headers, times } = spec as Record<string, unknown>;
  if (method !== undefined && (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method))) return 'method must be an HTTP method name.';
  if (typeof path !== 'string' || !path.startsWith('/')) return 'path must be a pathname starting with "/".';
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    return 'status must be an integer from 200 to 599.';
  }
  if (contentType !== undefined && typeof contentType !== 'string') return 'contentType must be a string.';
  if (
    headers !== undefined &&
    (typeof headers !== 'object' || headers === null || Array.isArray(headers) ||
      Object.values(headers).some((value) => typeof value !== 'string'))
  ) {
    return 'headers must map names to strings.';
  }
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) {
    return 'times must be a positive integer.';
  }
  return undefined;
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

function faultMatches(fault: Fault, method: string, pathname: string): boolean {
  const verb = method.toUpperCase();
  if (fault.method ? fault.method.toUpperCase() !== verb : verb === 'OPTIONS') return false;
  const candidates = [pathname, safeDecode(pathname)];
  if (fault.path.endsWith('*')) {
    const prefix = fault.path.slice(0, -1);
    return candidates.some((candidate) => candidate.startsWith(prefix));
  }
  return candidates.includes(fault.path);
}

/** A user whose only identity is not a database login: what the /authorize page offers. */
const isSpare = (user: MockUser) => user.identities.length === 1 && user.identities[0]?.provider !== 'auth0';

/** `seed`: the applications and users to start from (and return to on `reset()`); the demo tenant by default. */
export function createTenant(options: { now?: () => number; seed?: TenantSeed } = {}): Tenant {
  const seed = structuredClone(options.seed ?? DEMO_SEED);
  const connections = [...new Set(seed.users.flatMap((user) => user.identities.map((identity) => identity.connection)))];
  const webOrigins = seed.clients.flatMap((client) => client.web_origins);
  const kept: string[] = [];
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const signingKey = createSigningKey();
  const bounded = <V>() => new BoundedMap<V>(MAX_PENDING, now);
  let users = new Map<string, MockUser>();
  /** The seed's tokens and kept ones: never dropped. */
  let fixedTokens = new Map<string, AccessTokenRecord>();
  /** Issued tokens, kept a lifetime past `exp` (they answer "expired" rather than "unknown" that long). */
  let tokens = bounded<AccessTokenRecord>();
  let transactions = bounded<AuthorizeTransaction>();
  let codes = bounded<AuthorizationCode>();
  let sessions = bounded<LoginSession>();
  let refreshTokens = bounded<RefreshGrant & { used: boolean }>();
  let revokedFamilies = bounded<true>();
  let settings: TenantSettings = { ...DEFAULT_SETTINGS };
  let faults: Fault[] = [];
  const isoNow = () => new Date(now() * 1000).toISOString();

  function reset() {
    users = new Map(seed.users.map((user) => [user.user_id, structuredClone(user)]));
    fixedTokens = new Map();
    for (const token of [...(seed.tokens ?? []), ...kept]) {
      const { sub, scope, azp, exp } = decodeJwt(token)!.payload as unknown as AccessTokenRecord;
      fixedTokens.set(token, { sub, scope, azp, exp });
    }
    tokens = bounded();
    transactions = bounded();
    codes = bounded();
    sessions = bounded();
    refreshTokens = bounded();
    revokedFamilies = bounded();
    settings = { ...DEFAULT_SETTINGS };
    faults = [];
  }

  function findIdentity(id: string): IdentityMatch | undefined {
    const parts = splitCompositeId(id);
    if (!parts) return undefined;
    for (const owner of users.values()) {
      const index = owner.identities.findIndex((i) => sameIdentity(i, parts.provider, parts.userId));
      if (index >= 0) return { owner, identity: owner.identities[index]!, isPrimary: index === 0 };
    }
    return undefined;
  }

  function link(primaryUserId: string, secondaryId: string): LinkResult {
    const primary = users.get(primaryUserId);
    if (!primary) return { ok: false, reason: 'primary-not-found' };
    const match = findIdentity(secondaryId);
    if (!match) return { ok: false, reason: 'secondary-not-found' };
    if (match.owner === primary) return { ok: false, reason: match.isPrimary ? 'same' : 'already-linked' };
    // Only a user that is nothing but this one login can be folded into another.
    if (!match.isPrimary || match.owner.identities.length > 1) return { ok: false, reason: 'linked-elsewhere' };
    const { owner, identity } = match;
    const profileData: ProfileData = withoutUndefined({
      name: owner.name,
      email: owner.email,
      email_verified: owner.email_verified,
      picture: owner.picture,
      nickname: owner.nickname,
    });
    primary.identities.push({ ...identity, profileData });
    primary.updated_at = isoNow();
    users.delete(owner.user_id); // Auth0 removes the secondary user: its logins now resolve to the primary
    return { ok: true, identities: primary.identities };
  }

  function unlink(primaryUserId: string, provider: string, userId: string): UnlinkResult {
    const primary = users.get(primaryUserId);
    if (!primary) return { ok: false, reason: 'user-not-found' };
    const index = primary.identities.findIndex((i) => sameIdentity(i, provider, userId));
    if (index === 0) return { ok: false, reason: 'main-identity' };
    if (index < 0) return { ok: false, reason: 'not-linked' };
    const [removed] = primary.identities.splice(index, 1);
    const { profileData = {}, ...identity } = removed!;
    primary.updated_at = isoNow();
    // The identity becomes a separate user again, its profile restored from profileData. Seeded
    // secondaries carry no email_verified: like every seed email, they count as verified.
    const unlinked: MockUser = withoutUndefined({
      user_id: compositeId(identity),
      email: profileData.email,
      email_verified: profileData.email === undefined ? undefined : (profileData.email_verified ?? true),
      name: profileData.name ?? compositeId(identity),
      nickname: profileData.nickname ?? String(identity.user_id),
      picture: profileData.picture ?? '/__mock/avatar/unknown.svg',
      updated_at: isoNow(),
      identities: [identity],
    });
    users.set(unlinked.user_id, unlinked);
    return { ok: true, identities: primary.identities, unlinked };
  }

  function signInChoices({
    excludeUserId,
    connection,
    databaseLogins = false,
  }: { excludeUserId?: string; connection?: string; databaseLogins?: boolean } = {}) {
    const choices: SignInChoice[] = [];
    const all = [...users.values()];
    const add = (identity: MockIdentity, profile: { name?: string; email?: string; picture?: string }) =>
      choices.push(
        withoutUndefined({
          id: compositeId(identity),
          identity,
          name: profile.name ?? compositeId(identity),
          email: profile.email,
          picture: profile.picture ?? '/__mock/avatar/unknown.svg',
        }),
      );
    for (const user of all.filter(isSpare)) add(user.identities[0]!, user);
    // Secondaries of other users: choosing one shows how "already belongs to someone" is refused.
    for (const user of all) {
      if (user.user_id === excludeUserId) continue;
      for (const identity of user.identities.slice(1)) add(identity, identity.profileData ?? {});
    }
    // Any account can sign in: its own (database) login, e.g. to try "the same account as the primary".
    if (databaseLogins) {
      for (const user of all) {
        const [own] = user.identities;
        if (own?.provider === 'auth0' && user.user_id !== excludeUserId) add(own, user);
      }
    }
    return connection ? choices.filter((c) => c.identity.connection === connection) : choices;
  }

  function checkAccessToken(token: string | null | undefined): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const record = fixedTokens.get(token) ?? tokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.exp <= now()) return { ok: false, reason: 'expired' };
    return { ok: true, token: record };
  }

  function issueAccessToken(
    sub: string,
    { scope, azp, issuer, audience: aud, gty }: { scope: string; azp: string; issuer: string; audience?: string | string[]; gty?: string },
  ) {
    const iat = now();
    const exp = iat + ACCESS_TOKEN_LIFETIME;
    const audience = issuer.replace(/\/$/, '');
    const token = mockAccessToken({
      iss: issuer,
      sub,
      aud: aud ?? [`${audience}/api/v2/`, `${audience}/userinfo`],
      azp,
      scope,
      iat,
      exp,
      ...(gty ? { gty } : {}),
    });
    const api = (Array.isArray(aud) ? aud[0] : aud) ?? `${audience}/api/v2/`;
    remember(token, { sub, scope, azp, exp, audience: api });
    return token;
  }

  async function grantAccessToken(sub: string, { scope, azp, issuer, audience, userinfo, gty }: AccessTokenOptions) {
    const iat = now();
    const exp = iat + ACCESS_TOKEN_LIFETIME;
    let token: string;
    if (audience === undefined) {
      // Auth0's opaque tokens are JWEs (`dir`, A256GCM) only Auth0 can read: five segments, never a
      // JWT. Here the "encrypted" parts are random; the token is known by lookup only.
      const header = base64urlEncode(JSON.stringify({ alg: 'dir', enc: 'A256GCM', iss: issuer }));
      token = `${header}..${randomId(12)}.${randomId(96)}.${randomId(16)}`;
    } else {
      token = await signingKey.sign({
        iss: issuer,
        sub,
        aud: userinfo ? [audience, `${issuer}userinfo`] : audience,
        iat,
        exp,
        scope,
        ...(gty ? { gty } : {}),
        azp,
      });
    }
    remember(token, { sub, scope, azp, exp, ...(audience ? { audience } : {}) });
    return token;
  }

  const remember = (token: string, record: AccessTokenRecord) => tokens.set(token, record, record.exp + ACCESS_TOKEN_LIFETIME);

  /** Reuse detection: the family's tokens go, and the family is remembered as revoked (no new ones). */
  function revokeFamily(family: string) {
    revokedFamilies.set(family, true, now() + REFRESH_TOKEN_LIFETIME);
    for (const [key, value] of [...refreshTokens.entries()]) if (value.family === family) refreshTokens.delete(key);
  }

  reset();
  return {
    now,
    signingKey,
    reset,
    users: () => [...users.values()],
    clients: () => structuredClone([...seed.clients]),
    findClient: (clientId) => seed.clients.find((client) => client.client_id === clientId),
    connections: () => [...connections],
    isAllowedOrigin: (origin) => isAllowedBy(webOrigins, origin, 'origin'),
    exportState: () => ({ users: structuredClone([...users.values()]), settings: { ...settings } }),
    importState(state) {
      users = new Map(state.users.map((user) => [user.user_id, structuredClone(user)]));
      settings = { ...DEFAULT_SETTINGS, ...state.settings };
    },
    getUser: (userId) => users.get(userId),
    findIdentity,
    link,
    unlink,
    signInChoices,
    settings: () => ({ ...settings }),
    configure(changes) {
      if (changes.legacyLinking !== undefined && typeof changes.legacyLinking !== 'boolean') {
        throw new TypeError('legacyLinking must be a boolean.');
      }
      if (changes.legacyLinking !== undefined) settings = { ...settings, legacyLinking: changes.legacyLinking };
      return { ...settings };
    },
    addFault(spec) {
      const problem = faultProblem(spec);
      if (problem) throw new TypeError(problem);
      const { times = 1, ...rest } = spec;
      faults.push({ ...structuredClone(rest), remaining: times });
    },
    clearFaults() {
      faults = [];
    },
    faults: () => faults.map((fault) => structuredClone(fault)),
    takeFault(method, pathname) {
      const fault = faults.find((f) => faultMatches(f, method, pathname));
      if (!fault) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
      return structuredClone(fault);
    },
    issueAccessToken,
    grantAccessToken,
    checkAccessToken,
    keepAccessToken(token) {
      const record = tokens.get(token);
      if (!record || !decodeJwt(token)) throw new TypeError('Only a JWT access token this tenant issued can be kept.');
      kept.push(token);
      fixedTokens.set(token, record);
    },
    createTransaction(tx) {
      const created = { ...tx, ...(tx.offered ? { offered: [...tx.offered] } : {}), id: randomId() };
      transactions.set(created.id, created, now() + TRANSACTION_LIFETIME);
      return created;
    },
    getTransaction: (id) => transactions.get(id),
    takeTransaction: (id) => transactions.take(id),
    createCode(grant) {
      const code = randomId(24);
      codes.set(code, { ...grant, code }, now() + CODE_LIFETIME);
      return code;
    },
    takeCode: (code) => codes.take(code),
    createSession(userId, authTime, identityId) {
      const session = { id: randomId(24), sid: randomId(16), userId, authTime, ...(identityId ? { identityId } : {}) };
      sessions.set(session.id, session, now() + SESSION_LIFETIME);
      return { ...session };
    },
    getSession: (id) => {
      const session = id ? sessions.get(id) : undefined;
      if (!session) return undefined;
      const userId = session.identityId ? findIdentity(session.identityId)?.owner.user_id : session.userId;
      return userId && users.has(userId) ? { ...session, userId } : undefined;
    },
    endSession: (id) => void (id && sessions.delete(id)),
    createRefreshToken(grant) {
      if (grant.family !== undefined && revokedFamilies.get(grant.family)) {
        throw new Error('This refresh token family was revoked (a token of it was reused): no new token is minted.');
      }
      const token = `v1.${randomId(32)}`;
      refreshTokens.set(token, { ...grant, family: grant.family ?? randomId(), used: false }, now() + REFRESH_TOKEN_LIFETIME);
      return token;
    },
    takeRefreshToken(token, clientId) {
      const record = refreshTokens.get(token);
      if (!record || revokedFamilies.get(record.family)) return undefined;
      // Another client's token proves nothing about that client's session: refused, and left as it was.
      if (clientId !== undefined && record.clientId !== clientId) return undefined;
      if (record.used) {
        revokeFamily(record.family);
        return undefined;
      }
      record.used = true;
      const { used: _used, ...grant } = record;
      return grant;
    },
    sweep() {
      for (const store of [tokens, transactions, codes, sessions, refreshTokens, revokedFamilies]) store.sweep();
    },
    pending: () => ({
      transactions: transactions.size,
      codes: codes.size,
      sessions: sessions.size,
      refreshTokens: refreshTokens.size,
      revokedFamilies: revokedFamilies.size,
      accessTokens: tokens.size,
    }),
  };
}
