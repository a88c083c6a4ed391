// GET /userinfo: the OIDC-conformant, scope-gated profile; the legacy profile (with identities)
// for a pre-OIDC application while the tenant plays the pre-2017 Authentication API.
import { emailClaims, presentUser, profileClaims } from '../present.js';
import { TOKEN_PROBLEMS, bearer, json, userinfoUnauthorized } from '../responses.js';
import { route, type Route } from './route.js';

export const userinfoRoutes: Route[] = [
  route('get', '/userinfo', (request, _params, { tenant }) => {
    const check = tenant.checkAccessToken(bearer(request));
    if (!check.ok) return userinfoUnauthorized(check.reason === 'missing' ? undefined : TOKEN_PROBLEMS[check.reason]);
    const user = tenant.getUser(check.token.sub);
    if (!user) return userinfoUnauthorized('The user of this access token does not exist.');
    const origin = new URL(request.url).origin;
    // The legacy profile is for applications from before OIDC conformance, while the tenant still
    // plays the pre-2017 Authentication API (`legacyLinking`); every other client gets OIDC claims.
    if (tenant.findClient(check.token.azp)?.oidc_conformant !== false || !tenant.settings().legacyLinking) {
      // OIDC-conformant profile: what the token's scopes allow, no identities, no user_id.
      const scopes = check.token.scope.split(/\s+/);
      return json({
        sub: user.user_id,
        ...(scopes.includes('profile') ? profileClaims(user, origin) : {}),
        ...(scopes.includes('email') ? emailClaims(user) : {}),
      });
    }
    const { user_id, name, email, nickname, picture, identities } = presentUser(user, origin, true);
    // The legacy profile exposes IdP tokens (e.g. Google's access_token): consumers must drop them.
    return json({ user_id, sub: user_id, name, email, nickname, picture, identities });
  }),
];
