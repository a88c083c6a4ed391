// How the tenant shows its users: Management API profiles (pictures made absolute, IdP tokens
// only where the legacy profile had them) and the OIDC claims of ID tokens and /userinfo.
import type { MockIdentity, MockUser } from './seed.js';

/** A seed picture path (`/__mock/avatar/…`) on the request's origin. */
export const absolute = (origin: string, picture: string) => (picture.startsWith('/') ? origin + picture : picture);

function presentIdentity(identity: MockIdentity, origin: string, idpTokens: boolean): MockIdentity {
  const { access_token, profileData, ...rest } = identity;
  return {
    ...rest,
    ...(idpTokens && access_token ? { access_token } : {}),
    ...(profileData
      ? { profileData: { ...profileData, ...(profileData.picture ? { picture: absolute(origin, profileData.picture) } : {}) } }
      : {}),
  };
}

export const presentIdentities = (identities: MockIdentity[], origin: string, idpTokens = false) =>
  identities.map((identity) => presentIdentity(identity, origin, idpTokens));

export function presentUser(user: MockUser, origin: string, idpTokens = false): MockUser {
  return {
    ...user,
    picture: absolute(origin, user.picture),
    identities: presentIdentities(user.identities, origin, idpTokens),
  };
}

/** OIDC `profile` claims (ID token and OIDC-conformant /userinfo). */
export const profileClaims = (user: MockUser, origin: string) => ({
  name: user.name,
  nickname: user.nickname,
  picture: absolute(origin, user.picture),
  ...(user.updated_at ? { updated_at: user.updated_at } : {}),
});

/** OIDC `email` claims: `email_verified` always travels with `email`. */
export const emailClaims = (user: MockUser) =>
  user.email ? { email: user.email, email_verified: user.email_verified ?? false } : {};
