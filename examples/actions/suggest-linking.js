// An Auth0 post-login Action (Actions → Library → Build Custom, trigger "Login / Post Login"):
// at an interactive login, when other users of the tenant have this login's email and both
// emails are verified, the login is paused and the person is sent to the app's page that offers
// to sign in with the existing account instead (where <account-linker>'s suggestions link the two
// after a fresh sign-in to each). The page gets a short-lived session_token signed with a secret
// shared with the app, naming the other accounts by connection only.
//
// It never links (an email match proves nothing about who holds the other account: only signing
// in to it does) and never blocks a login: no verified email, a lookup that fails (403 without
// read:users, 429, a network error) or a non-interactive login simply continue. See
// docs/actions.md for the whole recipe.
//
// Secrets (Action → Secrets):
//   AUTH0_DOMAIN        the tenant's own domain (tenant.eu.auth0.com), for the Management API
//   M2M_CLIENT_ID,      a machine-to-machine application with read:users on the Management API
//   M2M_CLIENT_SECRET
//   LINKING_SECRET      at least 32 random characters, shared with the app (signs both ways)
//   LINKING_PAGE_URL    the app's page, https://app.example.com/link-accounts
//   LINKING_CLIENT_ID   optional: the application account-linker/server signs second accounts in
//                       with; its logins are the linking itself and are never sent to the page
// Dependency (Action → Dependencies): auth0 7.1.0, the version this repository tests with.
const { ManagementClient } = require('auth0');

/** Browser logins through /authorize: the only ones a page can be shown in. */
const INTERACTIVE = new Set(['oidc-basic-profile', 'oidc-hybrid-profile', 'oidc-implicit-profile']);
/** The page says "you have another account"; more than a few is not a list for a login. */
const MAX_CANDIDATES = 5;
/** The session token's lifetime: long enough to read the page, short enough not to be replayed later. */
const TOKEN_SECONDS = 300;
const TOKEN_CACHE_KEY = 'account-linking-m2m-token';

/** A Management API token, kept in the Actions cache until a minute before it expires. */
async function managementToken(event, api) {
  const cached = api.cache.get(TOKEN_CACHE_KEY);
  if (cached && typeof cached.value === 'string') return cached.value;
  const domain = event.secrets.AUTH0_DOMAIN;
  const response = await fetch(`https://${domain}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: event.secrets.M2M_CLIENT_ID,
      client_secret: event.secrets.M2M_CLIENT_SECRET,
      audience: `https://${domain}/api/v2/`,
    }),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Skipped(`the token endpoint answered ${response.status}`);
  const { access_token: token, expires_in: lifetime } = await response.json();
  if (typeof token !== 'string') throw new Skipped('the token endpoint answered without a token');
  const seconds = typeof lifetime === 'number' ? lifetime : 3600;
  if (seconds > 120) api.cache.set(TOKEN_CACHE_KEY, token, { expires_at: Date.now() + (seconds - 60) * 1000 });
  return token;
}

/** Why a login was not sent to the page; said in the Action's log (never a token). */
class Skipped extends Error {}

/** Other users whose verified email is this login's verified email, by their own (primary) identity. */
async function verifiedDuplicates(event, api) {
  const { user } = event;
  const email = user.email;
  const management = new ManagementClient({
    domain: event.secrets.AUTH0_DOMAIN,
    token: () => managementToken(event, api),
    // One try: a login waits for this Action, and a suggestion is not worth a slow login.
    maxRetries: 0,
    timeoutInSeconds: 5,
  });
  // Auth0's email parameter is case-sensitive, and it stores database users' emails in lower case.
  const emails = [...new Set([email, email.toLowerCase()])];
  let found;
  try {
    found = (await Promise.all(emails.map((one) => management.users.listUsersByEmail({ email: one })))).flat();
  } catch (error) {
    if (error instanceof Skipped) throw error;
    const status = typeof error?.statusCode === 'number' ? error.statusCode : undefined;
    if (status === 403) throw new Skipped('the Management API answered 403: the application needs read:users');
    throw new Skipped(status ? `the Management API answered ${status}` : 'the Management API could not be reached');
  }
  const candidates = [];
  const seen = new Set();
  for (const other of found) {
    if (!other || other.user_id === user.user_id || other.email_verified !== true) continue;
    if (typeof other.email !== 'string' || other.email.toLowerCase() !== email.toLowerCase()) continue;
    const identities = Array.isArray(other.identities) ? other.identities : [];
    const own = identities.find((identity) => `${identity.provider}|${identity.user_id}` === other.user_id) ?? identities[0];
    if (!own || typeof own.connection !== 'string' || seen.has(other.user_id)) continue;
    seen.add(other.user_id);
    candidates.push({ provider: own.provider, connection: own.connection });
    if (candidates.length === MAX_CANDIDATES) break;
  }
  return candidates;
}

/**
 * Handler that will be called during the execution of a PostLogin flow.
 * @param {Event} event - Details about the user and the context in which they are logging in.
 * @param {PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
exports.onExecutePostLogin = async (event, api) => {
  const { user, secrets } = event;
  if (!INTERACTIVE.has(event.transaction?.protocol)) return;
  // Silent authentication cannot show a page.
  if (String(event.request?.query?.prompt ?? '').split(' ').includes('none')) return;
  // The second sign-in of a link: the person is linking already.
  if (secrets.LINKING_CLIENT_ID && event.client?.client_id === secrets.LINKING_CLIENT_ID) return;
  // The page's own "sign in with my existing account" login asks for no second interruption.
  if (event.request?.query?.account_linking === 'skip') return;
  if (user.app_metadata?.account_linking_dismissed === true) return;
  if (typeof user.email !== 'string' || user.email === '' || user.email_verified !== true) return;

  let candidates;
  try {
    candidates = await verifiedDuplicates(event, api);
  } catch (error) {
    console.log(`account linking: no suggestion at this login (${error instanceof Skipped ? error.message : 'unexpected error'})`);
    return;
  }
  if (candidates.length === 0) return;

  const sessionToken = api.redirect.encodeToken({
    secret: secrets.LINKING_SECRET,
    expiresInSeconds: TOKEN_SECONDS,
    payload: { email: user.email, candidates },
  });
  api.redirect.sendUserTo(secrets.LINKING_PAGE_URL, { query: { session_token: sessionToken } });
};

/**
 * Handler that will be invoked when this action is resuming after an external redirect.
 * @param {Event} event - Details about the user and the context in which they are logging in.
 * @param {PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
exports.onContinuePostLogin = async (event, api) => {
  let answer;
  try {
    // Signature (HS256, LINKING_SECRET), expiry, and its `state` equal to this login's.
    answer = api.redirect.validateToken({ secret: event.secrets.LINKING_SECRET, tokenParameterName: 'session_token' });
  } catch {
    // The page's answer only says whether to ask again: without a valid one, nothing is recorded,
    // and the login (already authenticated before the redirect) goes on as it was.
    console.log('account linking: the page\'s answer did not validate; nothing recorded');
    return;
  }
  if (answer.sub !== event.user.user_id) {
    console.log('account linking: the page answered for another user; nothing recorded');
    return;
  }
  if (answer.dismiss === true) api.user.setAppMetadata('account_linking_dismissed', true);
};
