// The stateful in-memory tenant behind the handlers: users, access tokens, /authorize
// transactions and authorization codes, tenant settings and injected faults. Link and unlink keep
// users and identities consistent. What requests leave behind (transactions, codes, sessions,
// tokens) expires and is capped, so no stream of requests grows the tenant without bound. Its
// records and interface are in tenant.ts, faults in faults.ts (both re-exported here).
import { isAllowedBy } from './allowed-urls.js';
import { BoundedMap } from './bounded.js';
import { faultMatches, faultProblem, type Fault } from './faults.js';
import { DEMO_SEED, type MockIdentity, type MockUser, type ProfileData, type TenantSeed } from './seed.js';
import {
  ACCESS_TOKEN_LIFETIME,
  CODE_LIFETIME,
  DEFAULT_SETTINGS,
  MAX_PENDING,
  REFRESH_TOKEN_LIFETIME,
  SESSION_LIFETIME,
  TRANSACTION_LIFETIME,
  type AccessTokenOptions,
  type AccessTokenRecord,
  type AuthorizationCode,
  type AuthorizeTransaction,
  type IdentityMatch,
  type LinkResult,
  type LoginSession,
  type RefreshGrant,
  type SignInChoice,
  type Tenant,
  type TenantSettings,
  type TokenCheck,
  type UnlinkResult,
} from './tenant.js';
import { base64urlEncode, createSigningKey, decodeJwt, mockAccessToken, randomId } from './tokens.js';

export * from './tenant.js';
export { faultProblem, type Fault, type FaultSpec } from './faults.js';

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
