// The options of `accountLinker(…)`, checked once at start: a bad one is refused with an Error that
// names it, so a misconfigured app fails when it boots, not on a person's first click.

/** The signed-in user's Auth0 id (`provider|id`), from the app's own session; null when nobody is signed in. */
export type UserResolver = (request: Request, native?: unknown) => string | null | undefined | Promise<string | null | undefined>;

/** The machine-to-machine application the server links with (Management API: `read:users update:users`). */
export interface ManagementOptions {
  clientId: string;
  clientSecret: string;
  /** Retries of a Management API call answered 429/5xx (node-auth0 waits as `Retry-After` says). Default 1. */
  maxRetries?: number;
  /** Per-request timeout in seconds. Default 10. */
  timeoutInSeconds?: number;
}

export interface AccountLinkerOptions {
  /** `tenant.eu.auth0.com` (https implied) or an origin `https://login.example.com`; `http://` only for a loopback host (a mock). */
  domain: string;
  /** The confidential (Regular Web) application the app signs in with. */
  clientId: string;
  clientSecret: string;
  management: ManagementOptions;
  /** The app's origin, `https://app.example.com` (http only for a loopback host). */
  baseURL: string;
  /** The path the element's `endpoint` names, e.g. `/account/identities`; the callback is `baseURL + endpoint + '/callback'`. */
  endpoint: string;
  /** At least 32 characters: seals the transaction and result cookies. */
  secret: string;
  /** The signed-in user's Auth0 id from the app's session (`native`: the framework's request, e.g. Express's `req`). */
  user: UserResolver;
  /** Milliseconds since the epoch; for tests. Default `Date.now`. */
  now?: () => number;
}

/** The options once checked, with what follows from them. */
export interface ResolvedOptions {
  /** The tenant's origin, `https://tenant.eu.auth0.com` (or a loopback `http://` origin). */
  issuerOrigin: string;
  /** Whether the tenant is reached over plain http (a loopback mock only). */
  insecureTenant: boolean;
  clientId: string;
  clientSecret: string;
  management: Required<ManagementOptions>;
  /** The app's origin, without a trailing slash. */
  appOrigin: string;
  secure: boolean;
  /** The endpoint path, without a trailing slash. */
  endpoint: string;
  /** `appOrigin + endpoint + '/callback'`. */
  callbackURL: string;
  secret: string;
  user: UserResolver;
  now: () => number;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
/** A host name (letters, digits, hyphens, dots), optionally with a port. */
const HOST = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;

export const isLoopbackHost = (hostname: string) => LOOPBACK.test(hostname);

const fail = (name: string, problem: string): never => {
  throw new Error(`accountLinker: option "${name}" ${problem}`);
};

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(name, 'is required (a non-empty string).');
  return (value as string).trim();
}

/** An origin (scheme, host, port, nothing else); http only for a loopback host. */
function parseOrigin(value: string, name: string, example: string): { origin: string; insecure: boolean } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(name, `must be ${example} (got ${JSON.stringify(value)}).`);
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    fail(name, `must be an origin only, no path, query or credentials (got ${JSON.stringify(value)}).`);
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) fail(name, `may use http:// only for a loopback host (localhost, 127.0.0.1, [::1]); use https:// (got ${JSON.stringify(value)}).`);
    return { origin: url.origin, insecure: true };
  }
  if (url.protocol !== 'https:') fail(name, `must use https:// (got ${JSON.stringify(value)}).`);
  return { origin: url.origin, insecure: false };
}

function parseDomain(value: unknown): { origin: string; insecure: boolean } {
  const domain = requireString(value, 'domain');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(domain)) return parseOrigin(domain, 'domain', 'a host like tenant.eu.auth0.com or an https:// origin');
  if (!HOST.test(domain)) fail('domain', `must be a host like tenant.eu.auth0.com or an https:// origin (got ${JSON.stringify(domain)}).`);
  return { origin: `https://${domain.toLowerCase()}`, insecure: false };
}

function parseEndpoint(value: unknown): string {
  const endpoint = requireString(value, 'endpoint');
  if (!endpoint.startsWith('/') || endpoint.startsWith('//') || /[?#\\\s%]/.test(endpoint) || /(^|\/)\.\.?(\/|$)/.test(endpoint)) {
    fail('endpoint', `must be a path like /account/identities (got ${JSON.stringify(endpoint)}).`);
  }
  if (!/^[A-Za-z0-9/_.~-]+$/.test(endpoint)) fail('endpoint', `may hold letters, digits and / _ . ~ - only (got ${JSON.stringify(endpoint)}).`);
  const trimmed = endpoint.replace(/\/+$/, '');
  if (trimmed === '') fail('endpoint', 'must not be the root path "/".');
  return trimmed;
}

function parseRetries(value: unknown): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 5) fail('management.maxRetries', 'must be an integer from 0 to 5.');
  return value as number;
}

function parseTimeout(value: unknown): number {
  if (value === undefined) return 10;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 120) fail('management.timeoutInSeconds', 'must be a number of seconds from 1 to 120.');
  return value as number;
}

/** Checks every option; throws an Error naming the first bad one. */
export function resolveOptions(options: AccountLinkerOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new Error('accountLinker: options are required.');
  const tenant = parseDomain(options.domain);
  const clientId = requireString(options.clientId, 'clientId');
  const clientSecret = requireString(options.clientSecret, 'clientSecret');
  const management = options.management as ManagementOptions | undefined;
  if (typeof management !== 'object' || management === null) fail('management', 'is required: { clientId, clientSecret } of a machine-to-machine application.');
  const managementClientId = requireString(management!.clientId, 'management.clientId');
  const managementClientSecret = requireString(management!.clientSecret, 'management.clientSecret');
  const app = parseOrigin(requireString(options.baseURL, 'baseURL'), 'baseURL', "the app's origin, like https://app.example.com");
  const endpoint = parseEndpoint(options.endpoint);
  if (typeof options.secret !== 'string' || options.secret.length < 32) fail('secret', 'must be a string of at least 32 characters (e.g. 32 random bytes, hex or base64).');
  if (typeof options.user !== 'function') fail('user', "must be a function (request, native) => the signed-in user's Auth0 id, or null.");
  if (options.now !== undefined && typeof options.now !== 'function') fail('now', 'must be a function returning milliseconds.');
  return {
    issuerOrigin: tenant.origin,
    insecureTenant: tenant.insecure,
    clientId,
    clientSecret,
    management: {
      clientId: managementClientId,
      clientSecret: managementClientSecret,
      maxRetries: parseRetries(management!.maxRetries),
      timeoutInSeconds: parseTimeout(management!.timeoutInSeconds),
    },
    appOrigin: app.origin,
    secure: !app.insecure,
    endpoint,
    callbackURL: `${app.origin}${endpoint}/callback`,
    secret: options.secret,
    user: options.user,
    now: options.now ?? Date.now,
  };
}
