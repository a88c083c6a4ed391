import { isModeChoice, MODES, scopeFor, type Mode, type ModeChoice } from '../modes/index.js';
import { LinkerError } from './errors.js';
import type { ConfigInput, LinkerConfig } from './config-types.js';
import { isSecureUrl } from './secure-url.js';

export type { ConfigInput, LinkerConfig } from './config-types.js';
export { isLoopback, isSecureUrl } from './secure-url.js';

export type { Mode, ModeChoice };

/**
 * Every configuration input, once: the element declares these as its reactive properties (an
 * attribute name where it differs) and re-reads the configuration when one changes. The compiler
 * checks that the table names exactly the keys of `ConfigInput`.
 */
export const CONFIG_ATTRIBUTES = {
  domain: { type: String },
  clientId: { type: String, attribute: 'client-id' },
  redirectUri: { type: String, attribute: 'redirect-uri' },
  scope: { type: String },
  connections: { type: String },
  unlinkPath: { type: String, attribute: 'unlink-path' },
  mode: { type: String },
  userId: { type: String, attribute: 'user-id' },
  popup: { type: Boolean },
  allowUnverifiedEmail: { type: Boolean, attribute: 'allow-unverified-email' },
  endpoint: { type: String },
} as const satisfies { [K in keyof Required<ConfigInput>]: { type: StringConstructor | BooleanConstructor; attribute?: string } };

export const CONFIG_KEYS = Object.keys(CONFIG_ATTRIBUTES) as Array<keyof ConfigInput>;

/** The scope each mode sends when the host names none. */
export const DEFAULT_SCOPE = Object.fromEntries(Object.entries(MODES).map(([mode, { defaultScope }]) => [mode, defaultScope])) as Record<Mode, string>;

const CONNECTION = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
// After URL parsing, host names are ASCII (IDNA) or bracketed IPv6.
const HOSTNAME = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])$/i;
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/; // RFC 6749 scope-token

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

/** Server mode's endpoint: a path, or a URL of the page's own origin (the element sends nothing elsewhere). */
export function normalizeEndpoint(endpoint: string | null | undefined, pageUrl: string): string {
  const given = (endpoint ?? '').trim();
  if (!given) throw new LinkerError('invalid-config', 'endpointMissing');
  let url: URL;
  try {
    url = new URL(given, pageUrl);
  } catch {
    throw new LinkerError('invalid-config', 'endpointInvalid');
  }
  if (url.origin !== new URL(pageUrl).origin || url.search || url.hash || given.includes('\\') || given.startsWith('//')) {
    throw new LinkerError('invalid-config', 'endpointInvalid');
  }
  return url.href.replace(/\/+$/, '');
}

/** Reads and checks every input at once, so the element shows the first problem clearly. */
export function readConfig(input: ConfigInput, pageUrl: string): LinkerConfig {
  const choice = (input.mode ?? '').trim() || 'auto';
  if (!isModeChoice(choice)) throw new LinkerError('invalid-config', 'modeUnsupported');
  // `auto` with an endpoint is server mode: the page's server does the work, with no token here.
  const mode: ModeChoice = choice === 'auto' && (input.endpoint ?? '').trim() ? 'server' : choice;
  const common = readCommon(input);
  if (mode !== 'auto' && !MODES[mode].tenant) {
    const origin = new URL(pageUrl).origin;
    return {
      ...common,
      origin,
      clientId: '',
      redirectUri: '',
      mode,
      scope: '',
      endpoint: normalizeEndpoint(input.endpoint, pageUrl),
    };
  }
  const origin = normalizeDomain(input.domain);
  const clientId = (input.clientId ?? '').trim();
  if (!clientId) throw new LinkerError('invalid-config', 'clientIdMissing');
  const redirectUri = normalizeRedirectUri(input.redirectUri, pageUrl);
  return {
    ...common,
    origin,
    clientId,
    redirectUri,
    mode,
    // `auto` sends the host's scope (or legacy's default) until the token decides the mode.
    scope: scopeFor(mode === 'auto' ? 'legacy' : mode, common.requestedScope),
  };
}

/** The inputs every mode reads the same way. */
function readCommon(input: ConfigInput) {
  const requestedScope = (input.scope ?? '').trim().split(/\s+/).filter(Boolean);
  if (requestedScope.some((s) => !SCOPE.test(s))) throw new LinkerError('invalid-config', 'scopeInvalid');

  const connections = [...new Set((input.connections ?? '').trim().split(/\s+/).filter(Boolean))];
  if (connections.some((c) => !CONNECTION.test(c))) {
    throw new LinkerError('invalid-config', 'connectionsInvalid');
  }

  const unlinkPath = (input.unlinkPath ?? '').trim() || '/unlink';
  if (!/^\/(?!\/)[^?#\s\\]*$/.test(unlinkPath)) throw new LinkerError('invalid-config', 'unlinkPathInvalid');

  const userId = (input.userId ?? '').trim() || undefined;
  if (userId !== undefined && !/^[^|\s]+\|.+$/.test(userId)) {
    throw new LinkerError('invalid-config', 'userIdInvalid');
  }
  return {
    requestedScope,
    connections,
    unlinkPath,
    ...(userId ? { userId } : {}),
    popup: !!input.popup,
    allowUnverifiedEmail: !!input.allowUnverifiedEmail,
  };
}
