import type { LinkerConfig } from './config.js';

/** 256 bits from the platform CSPRNG, base64url: unguessable `state` (and later PKCE/nonce). */
export function randomToken(bytes = 32): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...buffer)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export interface AuthorizeParams {
  state: string;
  connection?: string | undefined;
  /** Legacy mode only: the primary user's access token, which the deprecated protocol requires. */
  accessToken?: string | undefined;
}

/** `{origin}/authorize?response_type=code&client_id&redirect_uri&scope&state[&connection][&access_token]`. */
export function buildAuthorizeUrl(config: LinkerConfig, params: AuthorizeParams): string {
  const url = new URL('/authorize', config.origin);
  const query = url.searchParams;
  query.set('response_type', 'code');
  query.set('client_id', config.clientId);
  query.set('redirect_uri', config.redirectUri);
  query.set('scope', config.scope);
  query.set('state', params.state);
  if (params.connection) query.set('connection', params.connection);
  if (params.accessToken) query.set('access_token', params.accessToken);
  return url.href;
}
