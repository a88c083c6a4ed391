// What the browser may see of Auth0's users and identities: an allow-list of fields. IdP tokens
// (`access_token`, `refresh_token`, `access_token_secret`, `expires_in`) and everything else Auth0
// keeps about a user (metadata, IPs, login counts) stay on the server.
import type { Auth0Identity, Auth0User } from './management.js';

/** The identity the element renders: Auth0's object without IdP tokens. */
export interface Identity {
  provider: string;
  user_id: string | number;
  connection: string;
  isSocial: boolean;
  profileData?: ProfileData;
}

export interface ProfileData {
  name?: string;
  email?: string;
  email_verified?: boolean;
  picture?: string;
  nickname?: string;
  given_name?: string;
  family_name?: string;
  phone_number?: string;
  username?: string;
}

/** The signed-in user as `GET {endpoint}` answers it. */
export interface PresentedUser {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  nickname?: string;
  picture?: string;
  identities: Identity[];
}

const PROFILE_FIELDS = ['name', 'email', 'picture', 'nickname', 'given_name', 'family_name', 'phone_number', 'username'] as const;

function presentProfile(profile: unknown): ProfileData | undefined {
  if (typeof profile !== 'object' || profile === null) return undefined;
  const source = profile as Record<string, unknown>;
  const out: ProfileData = {};
  for (const field of PROFILE_FIELDS) if (typeof source[field] === 'string') out[field] = source[field] as string;
  if (typeof source.email_verified === 'boolean') out.email_verified = source.email_verified;
  return Object.keys(out).length ? out : undefined;
}

export function presentIdentity(identity: Auth0Identity): Identity {
  const profileData = presentProfile(identity.profileData);
  return {
    provider: identity.provider,
    user_id: identity.user_id,
    connection: typeof identity.connection === 'string' ? identity.connection : identity.provider,
    isSocial: identity.isSocial === true,
    ...(profileData ? { profileData } : {}),
  };
}

export function presentUser(user: Auth0User, identities: Auth0Identity[] = user.identities): PresentedUser {
  return {
    user_id: user.user_id,
    ...(typeof user.email === 'string' ? { email: user.email } : {}),
    ...(typeof user.email_verified === 'boolean' ? { email_verified: user.email_verified } : {}),
    ...(typeof user.name === 'string' ? { name: user.name } : {}),
    ...(typeof user.nickname === 'string' ? { nickname: user.nickname } : {}),
    ...(typeof user.picture === 'string' ? { picture: user.picture } : {}),
    identities: identities.map(presentIdentity),
  };
}

/** `provider|user_id`, compared as strings (GitHub ids are numbers). */
export const compositeId = (identity: { provider: string; user_id: string | number }) => `${identity.provider}|${String(identity.user_id)}`;

/** Splits a `provider|id` on the first pipe only: `oauth2|gitea|4242` is provider `oauth2`, id `gitea|4242`. */
export function splitSub(sub: string): { provider: string; userId: string } | undefined {
  const at = sub.indexOf('|');
  if (at <= 0 || at === sub.length - 1) return undefined;
  return { provider: sub.slice(0, at), userId: sub.slice(at + 1) };
}

/** The primary identity: the one whose `provider|user_id` is the user's id, else the first. */
export function primaryIdentity(user: Auth0User): Auth0Identity | undefined {
  return user.identities.find((identity) => compositeId(identity) === user.user_id) ?? user.identities[0];
}

/**
 * A suggestion: another user's own (primary) identity, with that user's name, email and picture
 * as `profileData` so the element can say whose account it is.
 */
export function suggestionOf(user: Auth0User): Identity | undefined {
  const primary = primaryIdentity(user);
  if (!primary) return undefined;
  const identity = presentIdentity(primary);
  const profileData = presentProfile({ ...user, ...(identity.profileData ?? {}) });
  return { ...identity, ...(profileData ? { profileData } : {}) };
}
