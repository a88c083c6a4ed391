// The real @auth0/auth0-spa-js 2.x, unchanged, against the mock served by the test runner's own
// (loopback http) origin: spa-js takes a `domain` with an `http://` scheme as is, so its issuer is
// `http://localhost:PORT/`, the mock's issuer on that origin.
import { expect, waitUntil } from '@open-wc/testing';
import { createAuth0Client, type Auth0Client, type Auth0ClientOptions } from '@auth0/auth0-spa-js';
import { executeServerCommand } from '@web/test-runner-commands';

/** Offline refresh-token mode (the default; `online` needs DPoP). */
type Options = Auth0ClientOptions & { refreshTokenMode?: 'offline' };
// An OIDC-conformant SPA, as every application created since 2017.
import { SPA_CLIENT_ID as CLIENT_ID } from '../../src/mock/index.js';

const CALLBACK = `${location.origin}/__spa-js-callback`;
const ALICE_LOGIN = 'auth0|alice0001';

const options = (extra: Partial<Options> = {}): Options => ({
  domain: location.origin,
  clientId: CLIENT_ID,
  authorizeTimeoutInSeconds: 5,
  ...extra,
  authorizationParams: { redirect_uri: CALLBACK, scope: 'openid profile email', ...extra.authorizationParams },
});

/** Forgets what spa-js keeps in this page (the tenant's own session is reset on the server). */
function forgetSpaState(): void {
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0]?.trim();
    if (name?.startsWith('auth0.') || name?.startsWith('_legacy_auth0.')) {
      document.cookie = `${name}=; Max-Age=0; Path=/`;
    }
  }
  localStorage.clear();
  sessionStorage.clear();
}

let frames: HTMLIFrameElement[] = [];

/** loginWithRedirect, with the /authorize page in a frame where the person picks Alice's login. */
async function signIn(client: Auth0Client, extra: Record<string, string> = {}): Promise<void> {
  let authorizeUrl = '';
  await client.loginWithRedirect({
    authorizationParams: extra,
    openUrl: (url) => {
      authorizeUrl = url;
    },
  });
  const frame = document.createElement('iframe');
  frames.push(frame);
  frame.src = authorizeUrl;
  document.body.append(frame);
  await waitUntil(() => frame.contentDocument?.querySelector(`[data-identity="${ALICE_LOGIN}"]`), 'the /authorize page', { timeout: 5000 });
  frame.contentDocument!.querySelector<HTMLButtonElement>(`[data-identity="${ALICE_LOGIN}"]`)!.click();
  await waitUntil(() => frame.contentWindow?.location.href.startsWith(CALLBACK), 'back at the callback', { timeout: 5000 });
  await client.handleRedirectCallback(frame.contentWindow!.location.href);
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await run();
  return { value, ms: performance.now() - start };
}

/**
 * The sign-in requests that reached the tenant since `request-log-start` (the request log,
 * scripts/request-log-plugin.mjs), e.g. `GET /authorize prompt=none web_message`, `POST /oauth/token authorization_code`.
 */
async function signInRequests(): Promise<string[]> {
  const log = ((await executeServerCommand('request-log-read')) ?? []) as { url: string; method: string; postData: string | null }[];
  return log.flatMap(({ url, method, postData }) => {
    const { pathname, searchParams } = new URL(url);
    if (pathname === '/authorize') return [`${method} /authorize prompt=${searchParams.get('prompt')} ${searchParams.get('response_mode')}`];
    if (pathname !== '/oauth/token') return [];
    const body = postData ?? '';
    const grant = body.startsWith('{') ? (JSON.parse(body) as { grant_type?: string }).grant_type : new URLSearchParams(body).get('grant_type');
    return [`${method} /oauth/token ${grant}`];
  });
}

/** The answers spa-js's hidden frame posts (`code`, or the error), in order, until `stop`. */
function frameAnswers(): { list: string[]; stop: () => void } {
  const list: string[] = [];
  const listener = ({ origin, data }: MessageEvent) => {
    if (origin === location.origin && data?.type === 'authorization_response') list.push(data.response?.error ?? (data.response?.code ? 'code' : '?'));
  };
  window.addEventListener('message', listener);
  return { list, stop: () => window.removeEventListener('message', listener) };
}

describe('@auth0/auth0-spa-js against the mock', () => {
  beforeEach(async () => {
    forgetSpaState();
    const reset = await fetch('/__mock/reset', { method: 'POST' });
    expect(reset.status).to.equal(204);
  });

  afterEach(() => {
    for (const frame of frames) frame.remove();
    frames = [];
    forgetSpaState();
  });

  it('createAuth0Client settles at once on a fresh page, even with a stale is.authenticated cookie', async () => {
    await executeServerCommand('request-log-start');
    const fresh = await timed(() => createAuth0Client(options()));
    expect(await signInRequests(), 'without the cookie spa-js asks the tenant nothing').to.deep.equal([]);
    expect(await fresh.value.isAuthenticated()).to.equal(false);

    // The hint cookie makes spa-js try prompt=none in its hidden iframe: login_required comes at once.
    document.cookie = `auth0.${CLIENT_ID}.is.authenticated=true; Path=/`;
    await executeServerCommand('request-log-start');
    const answers = frameAnswers();
    const stale = await timed(() => createAuth0Client(options()));
    const answered = [...answers.list];
    answers.stop();
    // What would hold it is a frame that never answers (then it waits authorizeTimeoutInSeconds):
    // its one /authorize answered login_required before createAuth0Client settled.
    expect(await signInRequests()).to.deep.equal(['GET /authorize prompt=none web_message']);
    expect(answered, 'what the hidden frame answered before createAuth0Client settled').to.deep.equal(['login_required']);
    expect(document.cookie, 'spa-js took that answer (login_required drops its hint cookie, a timeout keeps it)').to.not.contain(`auth0.${CLIENT_ID}.is.authenticated`);
    console.log(`[figure] spa-js: createAuth0Client settled in ${Math.round(fresh.ms)} ms fresh, ${Math.round(stale.ms)} ms with a stale cookie`);
    expect(await stale.value.isAuthenticated()).to.equal(false);
    let error: unknown;
    await stale.value.getTokenSilently({ cacheMode: 'off' }).catch((e: unknown) => (error = e));
    expect((error as { error?: string }).error).to.equal('login_required');
  });

  it('signs in by redirect, then a reload signs in silently (prompt=none, web_message), one code exchanged', async () => {
    const client = await createAuth0Client(options());
    await signIn(client);
    expect(await client.isAuthenticated()).to.equal(true);
    const user = await client.getUser();
    expect(user?.sub).to.equal(ALICE_LOGIN);
    expect(user?.email).to.be.a('string');
    const claims = await client.getIdTokenClaims();
    expect(claims?.iss).to.equal(`${location.origin}/`);
    expect(claims?.auth_time).to.be.a('number');
    const first = await client.getTokenSilently();

    // A reload: a new client with an empty (memory) cache finds the tenant's session.
    await executeServerCommand('request-log-start');
    const answers = frameAnswers();
    const reload = await timed(() => createAuth0Client(options()));
    const answered = [...answers.list];
    answers.stop();
    // Silently: one prompt=none in the hidden frame, answered with a code, exchanged once.
    expect(await signInRequests()).to.deep.equal(['GET /authorize prompt=none web_message', 'POST /oauth/token authorization_code']);
    expect(answered, 'what the hidden frame answered before createAuth0Client settled').to.deep.equal(['code']);
    console.log(`[figure] spa-js: a reload signed in silently in ${Math.round(reload.ms)} ms`);
    expect(await reload.value.isAuthenticated()).to.equal(true);
    expect((await reload.value.getUser())?.sub).to.equal(ALICE_LOGIN);
    const silent = await reload.value.getTokenSilently({ cacheMode: 'off' });
    expect(silent).to.be.a('string').and.not.equal(first);
  });

  it('with audience <tenant>/api/v2/: a JWT the Management API takes, its kid in the JWKS; without: an opaque token it refuses', async () => {
    const api = `${location.origin}/api/v2/`;
    const client = await createAuth0Client(
      options({ authorizationParams: { audience: api, scope: 'openid profile email read:current_user update:current_user_identities' } }),
    );
    await signIn(client);
    const token = String(await client.getTokenSilently());
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))));
    const { keys } = (await (await fetch('/.well-known/jwks.json')).json()) as { keys: Array<{ kid: string }> };
    expect(keys.map((key) => key.kid)).to.include(header.kid);
    expect(payload.aud).to.deep.equal([api, `${location.origin}/userinfo`]);
    expect(payload.scope).to.equal('openid profile email read:current_user update:current_user_identities');
    const me = await fetch(`/api/v2/users/${encodeURIComponent(ALICE_LOGIN)}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).to.equal(200);

    // The same session, no audience (a new client, so spa-js's cache cannot answer): opaque.
    const plain = await createAuth0Client(options());
    const opaque = String(await plain.getTokenSilently({ cacheMode: 'off' }));
    expect(opaque.split('.')).to.have.length(5);
    const refused = await fetch(`/api/v2/users/${encodeURIComponent(ALICE_LOGIN)}`, { headers: { Authorization: `Bearer ${opaque}` } });
    expect(refused.status).to.equal(400);
  });

  it('single sign-on: with a tenant session, loginWithRedirect comes straight back without a page', async () => {
    await signIn(await createAuth0Client(options()));
    const second = await createAuth0Client(options());
    let authorizeUrl = '';
    await second.loginWithRedirect({ openUrl: (url) => void (authorizeUrl = url) });
    const frame = document.createElement('iframe');
    frames.push(frame);
    frame.src = authorizeUrl;
    document.body.append(frame);
    await waitUntil(() => frame.contentWindow?.location.href.startsWith(CALLBACK), 'back at the callback, no page to pick on', { timeout: 5000 });
    await second.handleRedirectCallback(frame.contentWindow!.location.href);
    expect((await second.getIdTokenClaims())?.sid).to.be.a('string');
  });

  it('useRefreshTokens: offline_access gives a refresh token, each refresh rotates it, the old one is refused', async () => {
    const refreshing = options({
      useRefreshTokens: true,
      cacheLocation: 'localstorage',
      authorizationParams: { scope: 'openid profile email offline_access' },
    });
    const client = await createAuth0Client(refreshing);
    await signIn(client);
    const refreshToken = () => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('@@auth0spajs@@') && !k.endsWith('@@user@@'))!;
      return (JSON.parse(localStorage.getItem(key)!) as { body: { refresh_token?: string } }).body.refresh_token;
    };
    const before = refreshToken();
    expect(before).to.be.a('string');
    const first = await client.getTokenSilently();
    const second = await client.getTokenSilently({ cacheMode: 'off' });
    expect(second).to.not.equal(first);
    const after = refreshToken();
    expect(after).to.be.a('string').and.not.equal(before);

    const reuse = await fetch('/oauth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: before! }),
    });
    expect(reuse.status).to.equal(403);
    expect((await reuse.json()).error).to.equal('invalid_grant');
  });

  it('loginWithPopup: the mock page in a same-origin popup posts the code to window.opener', async () => {
    const client = await createAuth0Client(options());
    const popup = window.open('', 'spa-js-popup', 'width=400,height=600');
    expect(popup, 'window.open').to.not.equal(null);
    try {
      const login = client.loginWithPopup({}, { popup: popup!, timeoutInSeconds: 10 });
      await waitUntil(() => popup!.document?.querySelector(`[data-identity="${ALICE_LOGIN}"]`), 'the /authorize page in the popup', { timeout: 5000 });
      popup!.document.querySelector<HTMLButtonElement>(`[data-identity="${ALICE_LOGIN}"]`)!.click();
      await login;
    } finally {
      popup!.close();
    }
    expect(await client.isAuthenticated()).to.equal(true);
    expect((await client.getUser())?.sub).to.equal(ALICE_LOGIN);
  });

  it('logout: /v2/logout with returnTo ends the tenant session; a returnTo not allowed is refused', async () => {
    const client = await createAuth0Client(options());
    await signIn(client);
    let logoutUrl = '';
    await client.logout({
      logoutParams: { returnTo: `${location.origin}/` },
      openUrl: (url) => {
        logoutUrl = url;
      },
    });
    const url = new URL(logoutUrl);
    expect(url.origin + url.pathname).to.equal(`${location.origin}/v2/logout`);
    expect(url.searchParams.get('client_id')).to.equal(CLIENT_ID);
    const refused = await fetch(logoutUrl.replace(encodeURIComponent(`${location.origin}/`), encodeURIComponent('https://evil.example/')));
    expect(refused.status).to.equal(400);

    const loggedOut = await fetch(logoutUrl, { redirect: 'manual' });
    expect(loggedOut.type).to.equal('opaqueredirect');
    expect(await client.isAuthenticated()).to.equal(false);
    let error: unknown;
    await client.getTokenSilently({ cacheMode: 'off' }).catch((e: unknown) => (error = e));
    expect((error as { error?: string }).error).to.equal('login_required');
  });
});
