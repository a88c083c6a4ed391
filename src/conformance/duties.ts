// What the conformance run checks, and the small helpers its duties share: the options, the duty
// list (one line of output each), and reading a server's answers.

export interface ConformanceOptions {
  /** The app's origin, `http://localhost:3000`. */
  app: string;
  /** The element's `endpoint`, a path: `/account/identities`. */
  endpoint: string;
  /** The mock tenant's origin; default: where the app's sign-in or its first /authorize URL leads. */
  tenant?: string;
  /** A path (or URL) of the app that starts its sign-in. */
  login?: string;
  /** The first session's cookies (`name=value; …`), instead of signing in with `login`. */
  cookie?: string;
  /** The second session's cookies, instead of signing in with `login`. */
  otherCookie?: string;
  user?: string;
  otherUser?: string;
  /** The accounts the journeys link (each unlinked again); default: the seed's spare accounts. */
  link?: string[];
  unverified?: string;
  /**
   * Another user's account with the user's email, verified: `/suggestions` must list it, and no
   * longer once it is linked. Default: the seed's, when `user` is the seed's default user.
   */
  suggested?: string;
  /** Another user's account with the user's email, NOT verified: never suggested. Default as `suggested`. */
  notSuggested?: string;
  /** The page the journeys return to. */
  returnTo?: string;
  /** Per-request timeout, milliseconds. */
  timeout?: number;
}

export type Status = 'ok' | 'FAIL' | 'skip';

export interface DutyResult {
  duty: string;
  status: Status;
  detail: string;
}

/** The duties in the order they run and print (and `sign-in`, the sessions they need, first). */
export const DUTIES = [
  ['sign-in', 'the sessions the duties run in'],
  ['signed-out', 'signed out: 401 missing-token on every route'],
  ['list', 'GET {endpoint}: the user object, no IdP token in it'],
  ['csrf-header', 'POST/DELETE without X-Account-Linker: 1 → 403 csrf'],
  ['csrf-origin', 'POST/DELETE with a foreign Origin → 403 csrf'],
  ['csrf-fetch-site', 'POST/DELETE without Origin, Sec-Fetch-Site cross-site or same-site → 403 csrf'],
  ['return-to', 'returnTo //evil, /\\evil, https://evil refused'],
  ['link-url', 'POST /link → the tenant\'s /authorize URL with state, nonce, PKCE S256, prompt=login, max_age=0'],
  ['link-journey', 'a link: the tenant\'s page → callback → 303 to returnTo with account_linker=done only → /result ok'],
  ['result-single-use', '/result answers once, then 204'],
  ['callback-replay', 'a replayed callback: 400, nothing linked again'],
  ['unlink', 'DELETE of a linked identity: 200, gone from the list'],
  ['callback-other-session', 'a callback with another session\'s state: 400, nothing linked'],
  ['code-injection', 'another session\'s code with this session\'s state: refused, nothing linked'],
  ['unverified-email', 'an account whose email is not verified: refused (unverified-email)'],
  ['own-account', 'the user\'s own account: refused (already-linked)'],
  ['unlink-foreign', 'DELETE of another user\'s identity: refused, the other user keeps it'],
  ['unlink-primary', 'DELETE of the primary identity: refused (primary-identity)'],
  ['suggestions', 'GET /suggestions (when the route exists): a verified same-email account listed, an unverified one and the user\'s own never, no token; once linked, not listed'],
  ['no-tokens', 'no token of the tenant in any answer, header, Set-Cookie or URL of the run'],
] as const;

export type Duty = (typeof DUTIES)[number][0];

/** A duty not met: the line says why. */
export class Fail extends Error {}
/** A duty that cannot be checked with what was given. */
export class Skip extends Error {}

export function fail(why: string): never {
  throw new Fail(why);
}

export interface Listed {
  userId: string | undefined;
  ids: string[];
}

export type Json = Record<string, unknown>;

export const idOf = (identity: { provider?: unknown; user_id?: unknown }) => `${String(identity.provider)}|${String(identity.user_id)}`;
/** `provider|id` split at the first `|` (an id may hold more). */
export const split = (id: string) => {
  const at = id.indexOf('|');
  return { provider: id.slice(0, at), userId: id.slice(at + 1) };
};
export const deletePath = (id: string) => {
  const { provider, userId } = split(id);
  return `/identities/${encodeURIComponent(provider)}/${encodeURIComponent(userId)}`;
};

export async function bodyOf(response: Response): Promise<{ text: string; json: Json | undefined }> {
  const text = await response.text();
  try {
    const json: unknown = JSON.parse(text);
    return { text, json: typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Json) : undefined };
  } catch {
    return { text, json: undefined };
  }
}

export const short = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 100)}…` : flat;
};

/** `{code, message}` with `status` (a number, or a predicate) and, when given, `code`. Returns "STATUS code". */
export async function expectError(response: Response, what: string, status: number | ((s: number) => boolean), code?: string): Promise<string> {
  const { text, json } = await bodyOf(response);
  const statusOk = typeof status === 'number' ? response.status === status : status(response.status);
  const expected = `${typeof status === 'number' ? status : '4xx'}${code ? ` {code: "${code}"}` : ''}`;
  if (!statusOk) fail(`${what}: ${response.status} ${short(text)} (expected ${expected})`);
  if (code !== undefined && json?.code !== code) fail(`${what}: ${response.status} with code ${JSON.stringify(json?.code)} (expected ${expected})`);
  return `${response.status}${json?.code ? ` ${String(json.code)}` : ''}`;
}
