// The link flow: `POST {endpoint}/link` starts a transaction (sealed in a cookie) and answers the
// tenant's /authorize URL; `GET {endpoint}/callback` finishes it (validated ID token, the guards,
// the Management API link) and stores the outcome, sealed, for `GET {endpoint}/result`, which
// answers it once. Nothing of the outcome travels in a URL.
import { cookieJar } from './cookies.js';
import { LinkerError, type LinkerErrorCode } from './errors.js';
import type { Management } from './management.js';
import type { Oidc } from './oidc.js';
import type { ResolvedOptions } from './options.js';
import { failurePage, htmlResponse, popupPage } from './pages.js';
import { compositeId, presentIdentity, splitSub, type Identity } from './present.js';
import { asLinkerError, json, MAX_BODY_BYTES, readLimited } from './responses.js';
import { checkReturnTo, returnURL } from './return-to.js';
import { createSealer } from './seal.js';
import type { SuggestionCache } from './suggestion-cache.js';
import { isExpired, TRANSACTION_MEMORY, transactionStore, type LinkTransaction } from './transactions.js';

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

/** A result waits this long for the element to ask for it. */
const RESULT_LIFETIME = 10 * 60 * 1000;
const CONNECTION = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** RFC 5321's longest address path, as Auth0 bounds an email. */
const MAX_LOGIN_HINT = 320;
/** An email: one `@`, something either side, no spaces or control characters. */
const EMAIL = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+$/u;

export interface LinkFlow {
  start(request: Request, userId: string): Promise<Response>;
  callback(request: Request, userId: string): Promise<Response>;
  result(request: Request, userId: string): Promise<Response>;
}

export function linkFlow(options: ResolvedOptions, services: { oidc: Oidc; management: Management; suggestions: SuggestionCache }): LinkFlow {
  const { endpoint, appOrigin, now } = options;
  const { oidc, management, suggestions } = services;
  const txCookie = cookieJar('account_linker_tx', { path: endpoint, secure: options.secure });
  const resultCookie = cookieJar('account_linker_result', { path: endpoint, secure: options.secure });
  const transactions = transactionStore(createSealer(options.secret, 'transactions'));
  const results = createSealer(options.secret, 'result');
  const popup = popupPage(appOrigin);

  /** The body of POST /link, checked: JSON, bounded, `returnTo` an app path. */
  async function readStart(request: Request): Promise<{ returnTo: string; popup: boolean; connection?: string; loginHint?: string }> {
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
    const { connection, returnTo, popup: isPopup, loginHint } = body as Record<string, unknown>;
    const path = checkReturnTo(returnTo, appOrigin);
    if (path === undefined) throw new LinkerError('bad-request', 'returnTo must be a path of this app, like /account.');
    if (isPopup !== undefined && typeof isPopup !== 'boolean') throw new LinkerError('bad-request', 'popup must be true or false.');
    if (connection !== undefined && connection !== null && (typeof connection !== 'string' || !CONNECTION.test(connection))) {
      throw new LinkerError('bad-request', 'connection must be the name of a connection.');
    }
    // The suggestion's email, for the sign-in page to pre-fill: only ever a hint, never trusted.
    if (loginHint !== undefined && loginHint !== null && (typeof loginHint !== 'string' || loginHint.length > MAX_LOGIN_HINT || !EMAIL.test(loginHint))) {
      throw new LinkerError('bad-request', `loginHint must be an email address of at most ${MAX_LOGIN_HINT} characters.`);
    }
    return {
      returnTo: path,
      popup: isPopup === true,
      ...(typeof connection === 'string' ? { connection } : {}),
      ...(typeof loginHint === 'string' ? { loginHint } : {}),
    };
  }

  /** Finishes a link and says how it went; never throws. */
  async function finish(query: URLSearchParams, tx: LinkTransaction, userId: string): Promise<StoredOutcome> {
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

  return {
    async start(request, userId) {
      const { loginHint, ...start } = await readStart(request);
      const authorization = await oidc.authorizationRequest({ ...(start.connection ? { connection: start.connection } : {}), ...(loginHint ? { loginHint } : {}) });
      const at = now();
      // The hint has done its work in the URL: the transaction cookie does not carry it.
      const tx: LinkTransaction = {
        state: authorization.state,
        nonce: authorization.nonce,
        verifier: authorization.verifier,
        userId,
        ...start,
        created: at,
      };
      const existing = await transactions.read(txCookie.read(request), at);
      const sealed = await transactions.write([...existing, tx], at);
      return json({ url: authorization.url }, 200, sealed ? [txCookie.set(sealed, TRANSACTION_MEMORY / 1000)] : []);
    },

    async callback(request, userId) {
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
      const outcome = await finish(url.searchParams, tx, userId);
      // Whatever the outcome, the user's suggestions are read afresh next time (a linked one is gone).
      suggestions.forget(userId);
      const stored: StoredResult = { userId, outcome };
      const cookies = [
        rest ? txCookie.set(rest, TRANSACTION_MEMORY / 1000) : txCookie.clear(),
        resultCookie.set(await results.seal(stored, now() + RESULT_LIFETIME), RESULT_LIFETIME / 1000),
      ];
      if (tx.popup) {
        const page = await popup();
        return htmlResponse(page.html, 200, page.csp, cookies);
      }
      const headers = new Headers({ Location: returnURL(tx.returnTo, appOrigin), 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
      for (const cookie of cookies) headers.append('Set-Cookie', cookie);
      return new Response(null, { status: 303, headers });
    },

    async result(request, userId) {
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
    },
  };
}
