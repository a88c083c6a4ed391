// The Management API, through node-auth0's ManagementClient with the machine-to-machine application:
// the library gets the client-credentials token, caches it until shortly before it expires and
// retries a 429/5xx as `Retry-After` says. Its failures become LinkerErrors here; a 429 that
// outlasts the retries is passed on with its `Retry-After`.
import { ManagementClient, ManagementError, type Management as Auth0Management } from 'auth0';
import { LinkerError } from './errors.js';
import type { ResolvedOptions } from './options.js';

/** An identity as Auth0 lists it (IdP tokens may be among the extra fields: see present.ts). */
export interface Auth0Identity {
  provider: string;
  user_id: string | number;
  connection?: string;
  isSocial?: boolean;
  profileData?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface Auth0User {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  nickname?: string;
  picture?: string;
  identities: Auth0Identity[];
  [field: string]: unknown;
}

export interface Management {
  getUser(userId: string): Promise<Auth0User>;
  /** `POST /api/v2/users/{primary}/identities {provider, user_id}`: the primary's identities after it. */
  link(primaryId: string, provider: string, userId: string): Promise<Auth0Identity[]>;
  /** `DELETE /api/v2/users/{primary}/identities/{provider}/{user_id}`: the identities left. */
  unlink(primaryId: string, provider: string, userId: string): Promise<Auth0Identity[]>;
  /** `GET /api/v2/users-by-email?email=` (`read:users`). */
  usersByEmail(email: string): Promise<Auth0User[]>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isIdentity = (value: unknown): value is Auth0Identity =>
  isObject(value) && typeof value.provider === 'string' && (typeof value.user_id === 'string' || typeof value.user_id === 'number');

const isUser = (value: unknown): value is Auth0User =>
  isObject(value) && typeof value.user_id === 'string' && Array.isArray(value.identities) && value.identities.every(isIdentity);

function identities(value: unknown): Auth0Identity[] {
  if (!Array.isArray(value) || !value.every(isIdentity)) throw badResponse();
  return value;
}

const badResponse = () => new LinkerError('bad-response', 'Auth0 answered with something that is not what the Management API sends.');

/** Auth0's own sentence from a Management API error body, when there is one (it never holds a token). */
function auth0Message(error: ManagementError): string | undefined {
  const body = error.body;
  const message = isObject(body) && typeof body.message === 'string' ? body.message : undefined;
  return message && message.length <= 300 ? message : undefined;
}

/**
 * Auth0 refused the machine-to-machine application (403: a scope it needs is not granted). A
 * LinkerError like any other for the routes that cannot do without the call; the suggestions
 * route tells it apart, because it can answer without them.
 */
export class ManagementForbidden extends LinkerError {}

/** What a failed Management API call means for the person. */
export function managementFailure(error: unknown): LinkerError {
  if (error instanceof LinkerError) return error;
  if (!(error instanceof ManagementError)) return new LinkerError('network', 'Auth0 could not be reached.');
  const status = error.statusCode;
  if (status === undefined) return new LinkerError('network', 'Auth0 could not be reached.');
  if (status >= 200 && status < 400) return badResponse();
  const message = auth0Message(error);
  if (status === 429) {
    const retryAfter = error.rawResponse?.headers.get('Retry-After') ?? undefined;
    const seconds = retryAfter && /^\d{1,5}$/.test(retryAfter) ? retryAfter : undefined;
    return new LinkerError('http', `Auth0 is receiving too many requests; try again${seconds ? ` in ${seconds} s` : ' shortly'}.`, {
      status: 429,
      ...(seconds ? { retryAfter: seconds } : {}),
    });
  }
  if (status === 409) return new LinkerError('already-linked', message ?? 'That account is already linked.');
  if (status === 400 && message === 'Main identity cannot be removed.') return new LinkerError('primary-identity', message);
  if (status === 400 && message === 'Main identity and the new one are the same.') return new LinkerError('already-linked', message);
  if (status === 401 || status === 403) {
    const Refusal = status === 403 ? ManagementForbidden : LinkerError;
    return new Refusal('http', "Auth0 refused the server's Management API application (it needs read:users and update:users).");
  }
  if (status === 404) return new LinkerError('http', message ?? 'Auth0 does not know this user.', { status: 502 });
  if (status >= 500) return new LinkerError('http', `Auth0 answered ${status}; try again later.`);
  return new LinkerError('http', message ?? `Auth0 answered ${status}.`);
}

/**
 * node-auth0 speaks https only; for a loopback http tenant (a mock) its requests are sent to the
 * same host over http through the client's `fetch` option. Never used for any other host.
 */
function loopbackFetch(origin: string): typeof fetch {
  const https = origin.replace(/^http:/, 'https:');
  const rewrite = (url: string) => (url.startsWith(`${https}/`) ? origin + url.slice(https.length) : url);
  return (input, init) => {
    if (typeof input === 'string') return fetch(rewrite(input), init);
    if (input instanceof URL) return fetch(rewrite(input.href), init);
    return fetch(new Request(rewrite(input.url), input), init);
  };
}

export function createManagement(options: ResolvedOptions): Management {
  const { management } = options;
  const client = new ManagementClient({
    domain: new URL(management.origin).host,
    audience: `${management.origin}/api/v2/`,
    clientId: management.clientId,
    clientSecret: management.clientSecret,
    maxRetries: management.maxRetries,
    timeoutInSeconds: management.timeoutInSeconds,
    ...(management.insecure ? { fetch: loopbackFetch(management.origin) } : {}),
  });
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw managementFailure(error);
    }
  };
  return {
    async getUser(userId) {
      const user: unknown = await call(() => client.users.get(userId));
      if (!isUser(user)) throw badResponse();
      return user;
    },
    async link(primaryId, provider, userId) {
      return identities(await call(() => client.users.identities.link(primaryId, { provider: provider as Auth0Management.UserIdentityProviderEnum, user_id: userId })));
    },
    async unlink(primaryId, provider, userId) {
      return identities(await call(() => client.users.identities.delete(primaryId, provider as Auth0Management.UserIdentityProviderEnum, userId)));
    },
    async usersByEmail(email) {
      const users: unknown = await call(() => client.users.listUsersByEmail({ email }));
      if (!Array.isArray(users)) throw badResponse();
      return users.filter(isUser);
    },
  };
}
