import { LinkerError } from './errors.js';

export type Mode = 'legacy' | 'management';

/** The element's raw inputs, as attributes or properties give them. */
export interface ConfigInput {
  domain?: string | null;
  clientId?: string | null;
  redirectUri?: string | null;
  scope?: string | null;
  connections?: string | null;
  unlinkPath?: string | null;
  mode?: string | null;
  userId?: string | null;
  popup?: boolean | null;
  allowUnverifiedEmail?: boolean | null;
}

/** A checked configuration: every URL absolute and safe to use. */
export interface LinkerConfig {
  /** The tenant's origin, e.g. `https://tenant.auth0.com`. */
  origin: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  connections: string[];
  unlinkPath: string;
  mode: Mode;
  userId?: string;
  /** Authorize in a popup (`response_mode=web_message`) instead of leaving the page. */
  popup: boolean;
  /** Management mode: link a second account whose email is not verified. */
  allowUnverifiedEmail: boolean;
}

/** The scope each mode sends when the host names none. */
export const DEFAULT_SCOPE: Record<Mode, string> = { legacy: 'openid', management: 'openid profile email' };

const CONNECTION = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
// After URL parsing, host names are ASCII (IDNA) or bracketed IPv6.
const HOSTNAME = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])$/i;
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/; // RFC 6749 scope-token

/** localhost, *.localhost, 127.0.0.0/8 and [::1]: the only hosts allowed over plain http. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127(?:\.\d{1,3}){3}$/.test(host)
  );
}

/** https anywhere, http only on loopback. */
export function isSecureUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
}

/** `tenant.auth0.com` or `https://login.example.com` → the origin; throws `invalid-config`. */
export function normalizeDomain(domain: string | null | undefined): string {
  const raw = (domain ?? '').trim();
  if (!raw) throw new LinkerError('invalid-config', 'domainMissing');
  // `host:8443` is a host and a port, not a scheme: only `scheme://` names a scheme.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new LinkerError('invalid-config', 'domainInvalid');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new LinkerError('invalid-config', 'domainInvalid');
  }
  if (
    !url.hostname ||
    url.username ||
    url.password ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash ||
    raw.includes('\\') ||
    !HOSTNAME.test(url.hostname)
  ) {
    throw new LinkerError('invalid-config', 'domainInvalid');
  }
  if (!isSecureUrl(url)) throw new LinkerError('invalid-config', 'domainInsecure');
  return url.origin;
}

/** The explicit redirect URI, or this page's URL without query and hash. */
export function normalizeRedirectUri(redirectUri: string | null | undefined, pageUrl: string): string {
  const given = (redirectUri ?? '').trim();
  let url: URL;
  try {
    url = new URL(given || pageUrl, pageUrl);
  } catch {
    throw new LinkerError('invalid-config', 'redirectUriInvalid');
  }
  if (!given) {
    url.search = '';
    url.hash = '';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new LinkerError('invalid-config', 'redirectUriInvalid');
  }
  // An empty fragment (`…/cb#`) leaves `url.hash` empty: look at the text as well.
  if (url.hash || given.includes('#') || url.username || url.password) {
    throw new LinkerError('invalid-config', 'redirectUriInvalid');
  }
  if (!isSecureUrl(url)) throw new LinkerError('invalid-config', 'redirectUriInsecure');
  return url.href;
}

/** Reads and checks every input at once, so the element shows the first problem clearly. */
export function readConfig(input: ConfigInput, pageUrl: string): LinkerConfig {
  const origin = normalizeDomain(input.domain);
  const clientId = (input.clientId ?? '').trim();
  if (!clientId) throw new LinkerError('invalid-config', 'clientIdMissing');

  const redirectUri = normalizeRedirectUri(input.redirectUri, pageUrl);

  const scope = (input.scope ?? '').trim().split(/\s+/).filter(Boolean);
  if (scope.some((s) => !SCOPE.test(s))) throw new LinkerError('invalid-config', 'scopeInvalid');

  const connections = [...new Set((input.connections ?? '').trim().split(/\s+/).filter(Boolean))];
  if (connections.some((c) => !CONNECTION.test(c))) {
    throw new LinkerError('invalid-config', 'connectionsInvalid');
  }

  const unlinkPath = (input.unlinkPath ?? '').trim() || '/unlink';
  if (!/^\/(?!\/)[^?#\s\\]*$/.test(unlinkPath)) throw new LinkerError('invalid-config', 'unlinkPathInvalid');

  const mode = (input.mode ?? '').trim() || 'legacy';
  if (mode !== 'legacy' && mode !== 'management') throw new LinkerError('invalid-config', 'modeUnsupported');
  // The management flow reads an ID token (`openid`) and refuses unverified emails, which it can
  // only do when the token names the email (`email`): both go out whatever the host asked for.
  if (mode === 'management' && scope.length) {
    if (!scope.includes('email')) scope.unshift('email');
    if (!scope.includes('openid')) scope.unshift('openid');
  }

  const userId = (input.userId ?? '').trim() || undefined;
  if (userId !== undefined && !/^[^|\s]+\|.+$/.test(userId)) {
    throw new LinkerError('invalid-config', 'userIdInvalid');
  }

  return {
    origin,
    clientId,
    redirectUri,
    scope: scope.length ? scope.join(' ') : DEFAULT_SCOPE[mode],
    connections,
    unlinkPath,
    mode,
    ...(userId ? { userId } : {}),
    popup: !!input.popup,
    allowUnverifiedEmail: !!input.allowUnverifiedEmail,
  };
}
