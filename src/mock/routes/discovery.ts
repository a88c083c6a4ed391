// What clients read before they talk to the tenant: the signing keys (JWKS) and OIDC discovery.
import { json } from '../responses.js';
import { route, type Route } from './route.js';

export const discoveryRoutes: Route[] = [
  route('get', '/.well-known/jwks.json', async (_request, _params, { tenant }) => json(await tenant.signingKey.jwks())),

  // OIDC discovery, the fields an Auth0 tenant lists that the mock serves (no end_session_endpoint:
  // Auth0 lists one only when RP-initiated logout is enabled).
  route('get', '/.well-known/openid-configuration', (request) => {
    const origin = new URL(request.url).origin;
    return json({
      issuer: `${origin}/`,
      authorization_endpoint: `${origin}/authorize`,
      token_endpoint: `${origin}/oauth/token`,
      userinfo_endpoint: `${origin}/userinfo`,
      jwks_uri: `${origin}/.well-known/jwks.json`,
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'web_message', 'form_post'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      code_challenge_methods_supported: ['S256', 'plain'],
      claims_supported: ['aud', 'auth_time', 'email', 'email_verified', 'exp', 'iat', 'iss', 'name', 'nickname', 'nonce', 'picture', 'sub', 'updated_at'],
      request_uri_parameter_supported: false,
    });
  }),
];
