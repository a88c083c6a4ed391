// GET /authorize (the sign-in page, single sign-on, prompt=none, the legacy link's start) and
// POST /authorize/decision (what the person chose on the page).
import { HttpResponse } from 'msw';
import { isAllowedBy } from '../allowed-urls.js';
import { renderAuthorizePage } from '../authorize-page.js';
import { absolute } from '../present.js';
import {
  LINK_ERRORS,
  NO_FRAMING,
  NO_STORE,
  SESSION_COOKIE,
  answer,
  htmlError,
  readCookie,
  sessionCookie,
} from '../responses.js';
import { grantedScopes, type MockUser } from '../seed.js';
import type { IdentityMatch } from '../tenant.js';
import { route, type Route } from './route.js';

/** Scopes that need no API: what a login without `audience` can be granted. */
const OPENID_SCOPES: readonly string[] = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access'];

/** Whether a login is `userId`'s own (`primary`) or linked to it (`linked`); undefined when it is another user's. */
function alreadyTheirs(match: IdentityMatch | undefined, userId: string): 'primary' | 'linked' | undefined {
  if (match?.owner.user_id !== userId) return undefined;
  return match.isPrimary ? 'primary' : 'linked';
}

export const authorizeRoutes: Route[] = [
  route('get', '/authorize', (request, _params, { tenant }) => {
    const url = new URL(request.url);
    const q = (name: string) => url.searchParams.get(name) || undefined;
    // Until client and redirect_uri are trusted, errors are shown here, never redirected.
    const clientId = q('client_id');
    if (!clientId) return htmlError('invalid_request', 'Missing required parameter: client_id');
    const client = tenant.findClient(clientId);
    // A machine-to-machine client has no login: Auth0 refuses it at /authorize too.
    if (!client || !client.grant_types.includes('authorization_code')) {
      return htmlError('invalid_request', `Unknown client: ${clientId}`);
    }
    const redirectUri = q('redirect_uri');
    if (!redirectUri) return htmlError('invalid_request', 'Missing required parameter: redirect_uri');
    if (!isAllowedBy(client.callbacks, redirectUri)) {
      return htmlError(
        'callback_mismatch',
        `The provided redirect_uri is not in the list of allowed callback URLs: ${redirectUri}`,
        'Callback URL mismatch.',
      );
    }
    const state = q('state');
    const mode = q('response_mode') ?? 'query';
    const responseMode = mode === 'web_message' || mode === 'form_post' ? mode : 'query';
    const fail = (error: string, description: string) =>
      answer({ redirectUri, responseMode, state }, { error, error_description: description });

    if (mode !== responseMode) return fail('invalid_request', `Unsupported response_mode: ${mode}`);
    const responseType = q('response_type');
    if (!responseType) return fail('invalid_request', 'Missing required parameter: response_type');
    if (responseType !== 'code') return fail('unsupported_response_type', `Unsupported response type: ${responseType}`);
    const codeChallenge = q('code_challenge');
    const method = q('code_challenge_method') ?? (codeChallenge ? 'plain' : undefined);
    if (method !== undefined && method !== 'S256' && method !== 'plain') {
      return fail('invalid_request', `Unsupported code_challenge_method: ${method}`);
    }
    if (method && !codeChallenge) return fail('invalid_request', 'Missing required parameter: code_challenge');
    const connection = q('connection');
    if (connection && !tenant.connections().includes(connection)) {
      return fail('invalid_request', `The connection was not found: ${connection}`);
    }
    // The only API on the mock is the Management API; without an audience the access token is
    // opaque and carries the OpenID scopes only (Auth0 drops API scopes it cannot attach to an API).
    const audience = q('audience');
    if (audience !== undefined && audience !== `${url.origin}/api/v2/`) {
      return fail('access_denied', `Service not found: ${audience}`);
    }
    const allowed = audience ? client.scopes : client.scopes.filter((s) => OPENID_SCOPES.includes(s));
    const scope = grantedScopes(q('scope') ?? 'openid', allowed);
    const prompts = q('prompt')?.split(' ') ?? [];
    const silent = prompts.includes('none');
    // Single sign-on: with a login session, a code at once for the session's user (`prompt=none`
    // always; otherwise unless the request demands credentials: `prompt=login`, a legacy link, or a
    // `max_age` the session is older than). `prompt=none` without such a session: login_required.
    const session = tenant.getSession(readCookie(request, SESSION_COOKIE));
    const maxAge = q('max_age');
    // max_age=0 (fresh credentials every time, as for a manual link) never passes without a page.
    const fresh =
      session !== undefined &&
      (maxAge === undefined || (Number(maxAge) > 0 && tenant.now() - session.authTime <= Number(maxAge)));
    const linking = url.searchParams.has('access_token');
    const connectionOk = !connection || tenant.getUser(session?.userId ?? '')?.identities[0]?.connection === connection;
    if (silent && (!fresh || linking)) return fail('login_required', 'Login required');
    if (session && fresh && !linking && (silent || (!prompts.includes('login') && connectionOk))) {
      const code = tenant.createCode({
        clientId,
        redirectUri,
        userId: session.userId,
        scope,
        audience,
        nonce: q('nonce'),
        codeChallenge,
        codeChallengeMethod: method,
        authTime: session.authTime,
        sid: session.sid,
      });
      return answer({ redirectUri, responseMode, state }, { code });
    }
    // Legacy link: the signed-in user's Auth0 access token names the primary user. With legacy
    // linking off (every real tenant) the token is ignored and the login is an ordinary one.
    let primary: MockUser | undefined;
    const accessToken = url.searchParams.get('access_token');
    if (accessToken !== null && tenant.settings().legacyLinking) {
      const check = tenant.checkAccessToken(accessToken);
      primary = check.ok ? tenant.getUser(check.token.sub) : undefined;
      if (!primary) return fail('access_denied', 'Invalid main user access_token');
    }

    // Whose logins these are already: the login session's user (the app's own sign-in set it), on
    // a page that is not a legacy link (that one names its primary and lists its identities itself).
    const signedIn = primary ? undefined : tenant.getUser(session?.userId ?? '');
    const origin = url.origin;
    const choices = tenant
      // A plain sign-in offers every account's own login as well; a link page only what can be linked.
      .signInChoices({ excludeUserId: primary?.user_id, connection, databaseLogins: !primary })
      .map((c) => ({
        ...c,
        // A custom social connection (`oauth2|CONNECTION|…`) is known by its connection name.
        provider: c.identity.provider === 'oauth2' ? c.identity.connection : c.identity.provider,
        connection: c.identity.connection,
        picture: absolute(origin, c.picture),
        already: signedIn ? alreadyTheirs(tenant.findIdentity(c.id), signedIn.user_id) : undefined,
      }));
    const tx = tenant.createTransaction({
      clientId,
      redirectUri,
      responseMode,
      state,
      // Only what the client may have: a browser login never gets read:users / update:users.
      scope,
      audience,
      connection,
      nonce: q('nonce'),
      codeChallenge,
      codeChallengeMethod: method,
      primaryUserId: primary?.user_id,
      offered: choices.map((c) => c.id),
    });
    const html = renderAuthorizePage({
      tx: tx.id,
      clientName: client.name,
      connection,
      linkInto: primary,
      choices,
      ...(signedIn ? { signedIn: { name: signedIn.name ?? signedIn.user_id, ...(signedIn.email ? { email: signedIn.email } : {}) } } : {}),
    });
    return HttpResponse.html(html, { headers: { ...NO_STORE, ...NO_FRAMING } });
  }),

  route('post', '/authorize/decision', async (request, _params, { tenant }) => {
    const form = new URLSearchParams(await request.text());
    const tx = tenant.getTransaction(form.get('tx') ?? '');
    if (!tx) return htmlError('invalid_request', 'Unknown or already used transaction. Start again from the application.');
    if (form.get('action') === 'cancel') {
      tenant.takeTransaction(tx.id);
      return answer(tx, { error: 'access_denied', error_description: 'User cancelled the login' });
    }
    const identityId = form.get('identity') ?? '';
    // Only what this transaction's page offered; the transaction survives, so the page can still be used.
    const match = tx.offered?.includes(identityId) ? tenant.findIdentity(identityId) : undefined;
    if (!match) return htmlError('invalid_request', `Unknown identity: ${identityId} (not offered on this page)`);
    tenant.takeTransaction(tx.id);

    let userId = match.owner.user_id; // a login with a linked identity resolves to its primary user
    if (tx.primaryUserId) {
      const result = tenant.link(tx.primaryUserId, identityId);
      if (!result.ok) {
        return answer(tx, { error: 'access_denied', error_description: `Error linking account: ${LINK_ERRORS[result.reason]}` });
      }
      userId = tx.primaryUserId;
    }
    const authTime = tenant.now();
    // The tenant's login session (what a later prompt=none finds); replaces any earlier one.
    tenant.endSession(readCookie(request, SESSION_COOKIE));
    // A legacy link signs the primary in; any other login, the identity chosen (wherever it moves).
    const session = tenant.createSession(userId, authTime, tx.primaryUserId ? undefined : identityId);
    const code = tenant.createCode({
      clientId: tx.clientId,
      redirectUri: tx.redirectUri,
      userId,
      scope: tx.scope,
      audience: tx.audience,
      nonce: tx.nonce,
      codeChallenge: tx.codeChallenge,
      codeChallengeMethod: tx.codeChallengeMethod,
      authTime,
      sid: session.sid,
    });
    const response = answer(tx, { code });
    response.headers.append('Set-Cookie', sessionCookie(request, session.id));
    return response;
  }),
];
