// The setup messages: what a developer writing the tag needs to fix (attributes, the token, the
// tenant's set-up). English in every language (their words are attribute names and OAuth terms),
// led by the language's own `setupError` sentence. In the English texts' chunk (english-texts.ts): a
// page set up right never loads it; the element waits for it before it shows or reports such an error.
import type { SetupReason } from '../protocol/errors.js';

export const SETUP_TEXTS: Record<SetupReason, string> = {
  domainMissing: 'The "domain" attribute is required (for example "your-tenant.auth0.com").',
  domainInvalid: 'The "domain" attribute must be a host name like "your-tenant.auth0.com" or an origin like "https://login.example.com".',
  domainInsecure: 'The "domain" must use https (plain http is allowed only for localhost).',
  clientIdMissing: 'The "client-id" attribute is required.',
  redirectUriInvalid: 'The "redirect-uri" must be an absolute URL without a fragment.',
  redirectUriInsecure: 'The "redirect-uri" must use https (plain http is allowed only for localhost).',
  scopeInvalid: 'The "scope" attribute must be a space-separated list of scopes.',
  connectionsInvalid: 'The "connections" attribute must be a space-separated list of connection names.',
  unlinkPathInvalid: 'The "unlink-path" must be a path starting with "/".',
  modeUnsupported: 'The "mode" must be "auto", "server", "management" or "legacy".',
  storageUnavailable: 'This browser could not keep the link\'s state (its sessionStorage is full or blocked), so linking did not start. Use popup, or free the storage.',
  endpointMissing: 'Server mode needs the "endpoint" attribute: the path where this site\'s server answers for the element.',
  endpointInvalid: 'The "endpoint" must be a path or a URL of this page\'s own origin.',
  csrf: 'This site\'s server refused the request as cross-site (csrf).',
  identitiesInvalid: 'The "identities" attribute must be a JSON array of Auth0 identities.',
  userIdInvalid: 'The "user-id" must look like "provider|id".',
  tokenMissing: 'No access token: set the "access-token" attribute, the accessToken property or a tokenProvider.',
  tokenMalformed: 'The access token is malformed: pass the raw Auth0 access token, without "Bearer".',
  tokenProviderFailed: 'The tokenProvider did not return an access token.',
  tokenProviderTimeout: 'The tokenProvider did not answer within 30 seconds. Try again.',
  tokenLate: 'The sign-in came back, but no access token was given within 10 seconds, so the link could not be finished. Set the token sooner and try again.',
  unknownIdentity: 'That account is not in the list.',
  userIdUnknown: 'Cannot tell whose accounts to show: set the "user-id" attribute, or use an access token whose "sub" names the user.',
  redirected: 'The sign-in server answered with a redirect, which this component does not follow (it would carry the access token elsewhere).',
  legacyUnsupported: 'This tenant no longer links accounts through the Authentication API (Auth0 turned it off on 2017-03-01). Use mode="management".',
  tokenOpaque: 'This access token cannot call the Management API: it is not a JWT (the login asked for no audience).',
  tokenAudience: 'This access token is not for the Management API (its audience has no ".../api/v2/").',
  tokenScopes: 'This access token lacks a scope the Management API needs.',
  scopeRefused: 'The Management API refused the access token: a scope is missing (403).',
};

/** How to get a Management API token: the audience and scopes to ask for, and where. */
export const managementTokenHelp = (audience: string, scopes: string): string =>
  `Ask for audience "${audience}" and scopes "${scopes}". auth0-spa-js: createAuth0Client({ authorizationParams: { audience, scope } }). A server app: add audience and scope to its login request (ASP.NET Core: options.Audience and options.Scope; express-openid-connect: authorizationParams).`;
