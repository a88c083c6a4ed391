import type { ModeConfig } from './mode-config.js';

export { randomToken } from './pkce.js';

export interface AuthorizeParams {
  state: string;
  connection?: string | undefined;
  /** Legacy mode only: the primary user's access token, which the deprecated protocol requires. */
  accessToken?: string | undefined;
  /** Management mode: `nonce`, `code_challenge`, `prompt`, `max_age`, `response_mode`… */
  extra?: Record<string, string>;
}

/** `{origin}/authorize?response_type=code&client_id&redirect_uri&scope&state[&connection][&…]`. */
export function buildAuthorizeUrl(config: ModeConfig, params: AuthorizeParams): string {
  const url = new URL('/authorize', config.origin);
  const query = url.searchParams;
  query.set('response_type', 'code');
  query.set('client_id', config.clientId);
  query.set('redirect_uri', config.redirectUri);
  query.set('scope', config.scope);
  query.set('state', params.state);
  for (const [key, value] of Object.entries(params.extra ?? {})) query.set(key, value);
  if (params.connection) query.set('connection', params.connection);
  if (params.accessToken) query.set('access_token', params.accessToken);
  return url.href;
}
