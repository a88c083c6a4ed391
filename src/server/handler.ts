// The Fetch-API handler: the routes of the contract's "Server mode" table under `endpoint`, and
// `null` for any other path. Every answer is JSON `{…}` or `{code, message}` except the callback's
// (a redirect, the popup page, or a short failure page). No token of any kind is ever put in an
// answer: identities go through present.ts, the tokens of the second sign-in end in oidc.ts, and
// the cookies hold only sealed transactions and outcomes.
import { cookieJar } from './cookies.js';
import { isCrossSiteRead, isSameOriginWrite } from './csrf.js';
import { errorBody, LinkerError, unexpected, type LinkerErrorCode } from './errors.js';
import type { Management } from './management.js';
import type { Oidc } from './oidc.js';
import type { ResolvedOptions } from './options.js';
import { failurePage, htmlResponse, popupPage } from './pages.js';
import { compositeId, presentIdentity, presentUser, primaryIdentity, splitSub, suggestionOf, type Identity } from './present.js';
import { checkReturnTo, returnURL } from './return-to.js';
import { createSealer } from './seal.js';
import { isExpired, transactionStore, type LinkTransaction } from './transactions.js';

/** What `/result` answers after a return. */
export type LinkOutcome =
  | { ok: true; added: Identity; identities: Identity[] }
  | { ok: false; code: LinkerErrorCode; message: string; error?: string };

/** The outcome as the result cookie keeps it (the list is read again when it is asked for). */
type StoredOutcome =
  | { ok: true; provider: string; user_id: string }
  | { ok: false; code: LinkerErrorCode; message: string; error?: string };

interface StoredResult {
  userId: string;
  outcome: StoredOutcome;
}

/** The largest `POST {endpoint}/link` body accepted. */
export const MAX_BODY_BYTES = 4096;
const RESULT_LIFETIME = 10 * 60 * 1000;
const CONNECTION = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

type Route =
  | { name: 'list' | 'link' | 'callback' | 'result' | 'suggestions'; method: string }
  | { name: 'unlink'; method: 'DELETE'; provider: string; userId: string }
  | { name: 'bad-path'; method: 'DELETE' };

const ROUTES: Record<string, Route & { name: 'list' | 'link' | 'callback' | 'result' | 'suggestions' }> = {
  '': { method: 'GET', name: 'list' },
  '/link': { method: 'POST', name: 'link' },
  '/callback': { method: 'GET', name: 'callback' },
  '/result': { method: 'GET', name: 'result' },
  '/suggestions': { method: 'GET', name: 'suggestions' },
};

const JSON_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Type': 'application/json; charset=utf-8',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

function json(body: unknown, status = 200, cookies: string[] = [], extra: Record<string, string> = {}): Response {
  const headers = new Headers({ ...JSON_HEADERS, ...extra });
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return new Response(JSON.stringify(body), { status, headers });
}

function errorResponse(error: LinkerError, extra: Record<string, string> = {}): Response {
  return json(errorBody(error), error.status, [], { ...(error.retryAfter ? { 'Retry-After': error.retryAfter } : {}), ...extra });
}

const asLinkerError = (error: unknown) => (error instanceof LinkerError ? error : unexpected());

/** Reads at most `limit` bytes of the body; undefined when there are more. */
async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('Content-Length') ?? '0');
  if (declared > limit) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

export interface Handler {
  /** Whether `pathname` is one of the handler's own paths (what the adapters check before reading a body). */
  owns(pathname: string): boolean;
  fetch(request: Request, native?: unknown): Promise<Response | null>;
}

export function createHandler(options: ResolvedOptions, services: { oidc: Oidc; management: Management }): Handler {
  const { endpoint, appOrigin, now } = options;
  const { oidc, management } = services;
  const cookiePath = endpoint;
  const txCookie = cookieJar('account_linker_tx', { path: cookiePath, secure: options.secure });
  const resultCookie = cookieJar('account_linker_result', { path: cookiePath, secure: options.secure });
  const transactions = transactionStore(createSealer(options.secret, 'transactions'));
  const results = createSealer(options.secret, 'result');
  const popup = popupPage(appOrigin);

  function route(pathname: string): Route | undefined {
    if (pathname !== endpoint && !pathname.startsWith(`${endpoint}/`)) return undefined;
    const rest = pathname.slice(endpoint.length);
    const fixed = ROUTES[rest];
    if (fixed) return fixed;
    if (!rest.startsWith('/identities/')) return undefined;
    const segments = rest.slice('/identities/'.length).split('/');
    if (segments.length !== 2 || !segments[0] || !segments[1]) return { name: 'bad-path', method: 'DELETE' };
    try {
      return { name: 'unlink', method: 'DELETE', provider: decodeURIComponent(segments[0]), userId: decodeURIComponent(segments[1]) };
    } catch {
      return { name: 'bad-path', method: 'DELETE' };
    }
  }

  // ---- routes ---------------------------------------------------------------------------------

  async function list(userId: string): Promise<Response> {
    return json(presentUser(await management.getUser(userId)));
  }

  async function startLink(request: Request, userId: string): Promise<Response> {
    if (!/^application\/json\s*(;|$)/i.test(request.headers.get('Content-Type') ?? '')) {
      throw new LinkerError('bad-request', 'The body must be JSON (Content-Type: application/json).', { status: 415 });
    }
    const text = await readLimited(request, MAX_BODY_BYTES);
    if (text === undefined) throw new LinkerError('bad-request', `The body is larger than ${MAX_BODY_BYTES} bytes.`, { status: 413 });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new LinkerError('bad-request', 'The body is not valid JSON.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new LinkerError('bad-request', 'The body must be a JSON object.');
    const { connection, returnTo, popup: isPopup } = body as Record<string, unknown>;
    const path = checkReturnTo(returnTo, appOrigin);
    if (path === undefined) throw new LinkerError('bad-request', 'returnTo must be a path of this app, like /account.');
    if (isPopup !== undefined && typeof isPopup !== 'boolean') throw new LinkerError('bad-request', 'popup must be true or false.');
    if (connection !== undefined && connection !== null && (typeof connection !== 'string' || !CONNECTION.test(connection))) {
      throw new LinkerError('bad-request', 'connection must be the name of a connection.');
    }
    const named = typeof connection === 'string' ? connection : undefined;
    const authorization = await oidc.authorizationRequest(named);
    const at = now();
    const tx: LinkTransaction = {
      state: authorization.state,
      nonce: authorization.nonce,
      verifier: authorization.verifier,
      userId,
      returnTo: path,
      popup: isPopup === true,
      ...(named ? { connection: named } : {}),
      created: at,
    };
    const existing = await transactions.read(txCookie.read(request), at);
    const sealed = await transactions.write([...existing, tx], at);
    return json({ url: authorization.url }, 200, sealed ? [txCookie.set(sealed, 3600)] : []);
  }

  /** Finishes a link and says how it went; never throws. */
  async function finishLink(query: URLSearchParams, tx: LinkTransaction, userId: string): Promise<StoredOutcome> {
    if (tx.userId !== userId) {
      return { ok: false, code: 'state-mismatch', message: 'This link was started by another user of this browser; start again.' };
    }
    if (isExpired(tx, now())) {
      return { ok: false, code: 'state-mismatch', message: 'The link took longer than 10 minutes; start again.' };
    }
    const error = query.get('error');
    if (error !== null) {
      const description = (query.get('error_description') ?? error).slice(0, 300);
      return { ok: false, code: 'authorize-error', message: description, error: error.slice(0, 60) };
    }
    if (!query.get('code')) return { ok: false, code: 'bad-response', message: 'Auth0 returned without a code.' };
    try {
      const account = await oidc.finish(query, tx);
      if (account.email !== undefined && account.email_verified !== true) {
        return { ok: false, code: 'unverified-email', message: "The other account's email address is not verified, so it cannot be linked." };
      }
      if (account.sub === userId) {
        return { ok: false, code: 'already-linked', message: 'That is the account you are signed in with.' };
      }
      const parts = splitSub(account.sub);
      if (!parts) return { ok: false, code: 'bad-response', message: "The other account's id is not provider|id." };
      const user = await management.getUser(userId);
      if (user.identities.some((identity) => compositeId(identity) === account.sub)) {
        return { ok: false, code: 'already-linked', message: 'That account is already linked to yours.' };
      }
      await management.link(userId, parts.provider, parts.userId);
      return { ok: true, provider: parts.provider, user_id: parts.userId };
    } catch (error) {
      const failure = asLinkerError(error);
      return { ok: false, code: failure.code, message: failure.message };
    }
  }

  async function callback(request: Request, userId: string): Promise<Response> {
    const url = new URL(request.url);
    const state = url.searchParams.get('state');
    const at = now();
    const all = await transactions.read(txCookie.read(request), at);
    const tx = state ? all.find((candidate) => candidate.state === state) : undefined;
    if (!tx) {
      return failurePage(
        400,
        'state-mismatch',
        'This sign-in was not started from this browser session (or was already used), so nothing was linked. Start again from the app.',
        appOrigin,
      );
    }
    // Single use: the transaction leaves the cookie whatever happens next.
    const rest = await transactions.write(all.filter((candidate) => candidate !== tx), at);
    const outcome = await finishLink(url.searchParams, tx, userId);
    const stored: StoredResult = { userId, outcome };
    const cookies = [
      rest ? txCookie.set(rest, 3600) : txCookie.clear(),
      resultCookie.set(await results.seal(stored, now() + RESULT_LIFETIME), RESULT_LIFETIME / 1000),
    ];
    if (tx.popup) {
      const page = await popup();
      return htmlResponse(page.html, 200, page.csp, cookies);
    }
    const headers = new Headers({ Location: returnURL(tx.returnTo, appOrigin), 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    for (const cookie of cookies) headers.append('Set-Cookie', cookie);
    return new Response(null, { status: 303, headers });
  }

  async function result(request: Request, userId: string): Promise<Response> {
    const stored = await results.open<StoredResult>(resultCookie.read(request), now());
    if (!stored || stored.userId !== userId) return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
    const { outcome } = stored;
    let answer: LinkOutcome;
    if (outcome.ok) {
      const user = await management.getUser(userId); // a failure here keeps the result for a retry
      const identities = user.identities.map(presentIdentity);
      const added =
        identities.find((identity) => identity.provider === outcome.provider && String(identity.user_id) === outcome.user_id) ??
        { provider: outcome.provider, user_id: outcome.user_id, connection: outcome.provider, isSocial: false };
      answer = { ok: true, added, identities };
    } else {
      answer = { ok: false, code: outcome.code, message: outcome.message, ...(outcome.error ? { error: outcome.error } : {}) };
    }
    return json(answer, 200, [resultCookie.clear()]);
  }

  async function unlink(userId: string, provider: string, secondaryId: string): Promise<Response> {
    const user = await management.getUser(userId);
    // Auth0 answers 200 for an identity that is not linked: check against the user's own list first.
    const identity = user.identities.find((candidate) => candidate.provider === provider && String(candidate.user_id) === secondaryId);
    if (!identity) throw new LinkerError('not-linked', 'That identity is not linked to your account.');
    if (identity === primaryIdentity(user) || compositeId(identity) === user.user_id) {
      throw new LinkerError('primary-identity', 'The identity you sign in with first cannot be unlinked.');
    }
    const identities = await management.unlink(userId, provider, secondaryId);
    return json(presentUser(user, identities));
  }

  async function suggestions(userId: string): Promise<Response> {
    const user = await management.getUser(userId);
    const email = user.email;
    if (typeof email !== 'string' || email === '' || user.email_verified !== true) return json({ suggestions: [] });
    // Auth0's `email` parameter is case-sensitive and database emails are stored in lower case.
    const emails = [...new Set([email, email.toLowerCase()])];
    const found = (await Promise.all(emails.map((candidate) => management.usersByEmail(candidate)))).flat();
    const mine = new Set(user.identities.map(compositeId));
    const seen = new Set<string>();
    const out: Identity[] = [];
    for (const other of found) {
      if (other.user_id === userId || other.email_verified !== true || typeof other.email !== 'string') continue;
      if (other.email.toLowerCase() !== email.toLowerCase()) continue;
      const suggestion = suggestionOf(other);
      if (!suggestion) continue;
      const id = compositeId(suggestion);
      if (mine.has(id) || seen.has(id)) continue;
      seen.add(id);
      out.push(suggestion);
    }
    return json({ suggestions: out });
  }

  // ---- dispatch -------------------------------------------------------------------------------

  async function dispatch(request: Request, found: Route, native: unknown): Promise<Response> {
    const method = request.method.toUpperCase();
    const expected = found.method;
    if (method !== expected) {
      return errorResponse(new LinkerError('bad-request', `Use ${expected} here.`, { status: 405 }), { Allow: expected });
    }
    if (method !== 'GET') {
      if (!isSameOriginWrite(request, appOrigin)) {
        return errorResponse(new LinkerError('csrf', 'The request was refused as cross-site.'));
      }
    } else if (found.name !== 'callback' && isCrossSiteRead(request, appOrigin)) {
      return errorResponse(new LinkerError('csrf', 'The request was refused as cross-site.'));
    }
    let userId: string | null | undefined;
    try {
      userId = await options.user(request, native);
    } catch {
      return errorResponse(unexpected());
    }
    if (typeof userId !== 'string' || userId === '') {
      const signedOut = new LinkerError('missing-token', 'You are not signed in; sign in again.');
      return found.name === 'callback'
        ? failurePage(401, signedOut.code, 'You are not signed in any more, so nothing was linked. Sign in again and start again.', appOrigin)
        : errorResponse(signedOut);
    }
    if (found.name === 'bad-path') return errorResponse(new LinkerError('bad-request', 'Use DELETE {endpoint}/identities/{provider}/{user_id}.'));
    try {
      switch (found.name) {
        case 'list':
          return await list(userId);
        case 'link':
          return await startLink(request, userId);
        case 'callback':
          return await callback(request, userId);
        case 'result':
          return await result(request, userId);
        case 'suggestions':
          return await suggestions(userId);
        case 'unlink':
          return await unlink(userId, found.provider, found.userId);
      }
    } catch (error) {
      return errorResponse(asLinkerError(error));
    }
  }

  return {
    owns: (pathname) => route(pathname) !== undefined,
    async fetch(request, native) {
      let pathname: string;
      try {
        pathname = new URL(request.url).pathname;
      } catch {
        return null;
      }
      const found = route(pathname);
      if (!found) return null;
      try {
        return await dispatch(request, found, native);
      } catch {
        return errorResponse(unexpected());
      }
    },
  };
}
