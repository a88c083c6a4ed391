// The stateful in-memory tenant behind the handlers: users, access tokens, /authorize
// transactions and authorization codes. Link and unlink keep users and identities consistent.
import { DEMO_TOKENS, SEED_USERS, type MockIdentity, type MockUser, type ProfileData } from './seed.js';
import { createSigningKey, decodeJwt, mockAccessToken, randomId, type SigningKey } from './tokens.js';

export interface AccessTokenRecord {
  sub: string;
  scope: string;
  /** The client the token was issued to (a `link_with` ID token's aud must match it). */
  azp: string;
  exp: number;
}

export type TokenCheck =
  | { ok: true; token: AccessTokenRecord }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

/** What /authorize remembers until the person decides on the mock page. */
export interface AuthorizeTransaction {
  id: string;
  clientId: string;
  redirectUri: string;
  responseMode: 'query' | 'web_message';
  state?: string;
  scope: string;
  connection?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  /** Set for the legacy link flow: the user whose access_token came with the request. */
  primaryUserId?: string;
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
  /** Back to the seed: users, tokens, transactions and codes (the signing key is kept). */
  reset(): void;
  users(): MockUser[];
  getUser(userId: string): MockUser | undefined;
  findIdentity(compositeId: string): IdentityMatch | undefined;
  link(primaryUserId: string, secondaryId: string): LinkResult;
  unlink(primaryUserId: string, provider: string, userId: string): UnlinkResult;
  signInChoices(options?: { excludeUserId?: string; connection?: string }): SignInChoice[];
  issueAccessToken(sub: string, options: { scope: string; azp: string; issuer: string }): string;
  checkAccessToken(token: string | null | undefined): TokenCheck;
  createTransaction(tx: Omit<AuthorizeTransaction, 'id'>): AuthorizeTransaction;
  getTransaction(id: string): AuthorizeTransaction | undefined;
  /** Single use: returns the transaction and forgets it. */
  takeTransaction(id: string): AuthorizeTransaction | undefined;
  createCode(grant: Omit<AuthorizationCode, 'code'>): string;
  /** Single use: returns the code's grant and forgets it. */
  takeCode(code: string): AuthorizationCode | undefined;
}

export const ACCESS_TOKEN_LIFETIME = 86400;

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

export function createTenant(options: { now?: () => number } = {}): Tenant {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const signingKey = createSigningKey();
  let users = new Map<string, MockUser>();
  let tokens = new Map<string, AccessTokenRecord>();
  let transactions = new Map<string, AuthorizeTransaction>();
  let codes = new Map<string, AuthorizationCode>();

  function reset() {
    users = new Map(SEED_USERS.map((user) => [user.user_id, structuredClone(user)]));
    tokens = new Map();
    for (const token of Object.values(DEMO_TOKENS)) {
      const { sub, scope, azp, exp } = decodeJwt(token)!.payload as unknown as AccessTokenRecord;
      tokens.set(token, { sub, scope, azp, exp });
    }
    transactions = new Map();
    codes = new Map();
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
      picture: owner.picture,
      nickname: owner.nickname,
    });
    primary.identities.push({ ...identity, profileData });
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
    // The identity becomes a separate user again, its profile restored from profileData.
    const unlinked: MockUser = withoutUndefined({
      user_id: compositeId(identity),
      email: profileData.email,
      name: profileData.name ?? compositeId(identity),
      nickname: profileData.nickname ?? String(identity.user_id),
      picture: profileData.picture ?? '/__mock/avatar/unknown.svg',
      identities: [identity],
    });
    users.set(unlinked.user_id, unlinked);
    return { ok: true, identities: primary.identities, unlinked };
  }

  function signInChoices({ excludeUserId, connection }: { excludeUserId?: string; connection?: string } = {}) {
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
    return connection ? choices.filter((c) => c.identity.connection === connection) : choices;
  }

  function checkAccessToken(token: string | null | undefined): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const record = tokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.exp <= now()) return { ok: false, reason: 'expired' };
    return { ok: true, token: record };
  }

  function issueAccessToken(sub: string, { scope, azp, issuer }: { scope: string; azp: string; issuer: string }) {
    const iat = now();
    const exp = iat + ACCESS_TOKEN_LIFETIME;
    const audience = issuer.replace(/\/$/, '');
    const token = mockAccessToken({
      iss: issuer,
      sub,
      aud: [`${audience}/api/v2/`, `${audience}/userinfo`],
      azp,
      scope,
      iat,
      exp,
    });
    tokens.set(token, { sub, scope, azp, exp });
    return token;
  }

  const take = <T>(map: Map<string, T>, key: string) => {
    const value = map.get(key);
    map.delete(key);
    return value;
  };

  reset();
  return {
    now,
    signingKey,
    reset,
    users: () => [...users.values()],
    getUser: (userId) => users.get(userId),
    findIdentity,
    link,
    unlink,
    signInChoices,
    issueAccessToken,
    checkAccessToken,
    createTransaction(tx) {
      const created = { ...tx, id: randomId() };
      transactions.set(created.id, created);
      return created;
    },
    getTransaction: (id) => transactions.get(id),
    takeTransaction: (id) => take(transactions, id),
    createCode(grant) {
      const code = randomId(24);
      codes.set(code, { ...grant, code });
      return code;
    },
    takeCode: (code) => take(codes, code),
  };
}
