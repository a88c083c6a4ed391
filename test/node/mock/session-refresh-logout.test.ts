/// <reference types="node" />
// What auth0-spa-js needs of a tenant: a login session (prompt=none answers at once), refresh tokens
// with rotation (offline_access), and RP-initiated logout (/v2/logout).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CLIENT_ID, DEMO_TOKENS, DEMO_USER_IDS } from '../../../src/mock/index.js';
import { decodeJwt } from '../../../src/mock/tokens.js';
import {
  REDIRECT_URI,
  authorizeQuery,
  decide,
  exchange,
  expectAuthError,

  openAuthorizePage,
  postJson,
  redirectParams,
  url,
  useMockTenant,
} from '../helpers.js';

const tenant = useMockTenant();
const ALICE_LOGIN = DEMO_USER_IDS.alice;

/** A login through the page: the code and the session cookie (`auth0=…`). */
async function signIn(extra: Record<string, string> = {}) {
  const { tx } = await openAuthorizePage(extra);
  const response = await decide({ tx, identity: ALICE_LOGIN });
  const setCookie = response.headers.get('Set-Cookie') ?? '';
  const cookie = /^(auth0=[^;]+)/.exec(setCookie)?.[1];
  assert.ok(cookie, `a session cookie was set (${setCookie})`);
  assert.match(setCookie, /HttpOnly/);
  const code = redirectParams(response).get('code')!;
  return { code, cookie };
}

const silent = (cookie: string | undefined, extra: Record<string, string> = {}) =>
  fetch(url('/authorize', authorizeQuery({ prompt: 'none', ...extra })), {
    redirect: 'manual',
    headers: cookie ? { Cookie: cookie } : {},
  });

describe('login session and prompt=none', () => {
  test('with the session cookie: a code at once, for the same user, with its auth_time', async () => {
    const { cookie } = await signIn();
    const params = redirectParams(await silent(cookie, { nonce: 'n-2' }));
    assert.equal(params.get('state'), 'state-123');
    const response = await exchange({ code: params.get('code')! });
    assert.equal(response.status, 200);
    const claims = decodeJwt((await response.json()).id_token)!.payload;
    assert.equal(claims.sub, ALICE_LOGIN);
    assert.equal(claims.nonce, 'n-2');
    assert.equal(typeof claims.auth_time, 'number');
  });

  test('web_message: the page posts the code to the opener or parent', async () => {
    const { cookie } = await signIn();
    const html = await (await silent(cookie, { response_mode: 'web_message' })).text();
    assert.match(html, /"type":"authorization_response"/);
    assert.match(html, /"code":"/);
    assert.match(html, /window\.opener \|\| window\.parent/);
  });

  test('no cookie, an unknown one, a reset tenant or max_age exceeded → login_required', async () => {
    assert.equal(redirectParams(await silent(undefined)).get('error'), 'login_required');
    assert.equal(redirectParams(await silent('auth0=forged')).get('error'), 'login_required');
    const { cookie } = await signIn();
    assert.equal(redirectParams(await silent(cookie, { max_age: '0' })).get('code'), null);
    tenant.reset();
    assert.equal(redirectParams(await silent(cookie)).get('error'), 'login_required');
  });

  test('single sign-on: with a session, a plain /authorize answers a code at once; the ID token names the session (sid)', async () => {
    const first = await signIn({ nonce: 'n-1' });
    const firstClaims = decodeJwt((await (await exchange({ code: first.code })).json()).id_token)!.payload;
    const response = await fetch(url('/authorize', authorizeQuery({ nonce: 'n-3' })), {
      redirect: 'manual',
      headers: { Cookie: first.cookie },
    });
    assert.equal(response.status, 302, 'no page: the session signs in');
    const claims = decodeJwt((await (await exchange({ code: redirectParams(response).get('code')! })).json()).id_token)!.payload;
    assert.equal(claims.sub, ALICE_LOGIN);
    assert.equal(claims.nonce, 'n-3');
    assert.equal(typeof claims.sid, 'string');
    assert.equal(claims.sid, firstClaims.sid, 'the same session');
    assert.ok(!first.cookie.includes(String(claims.sid)), 'sid is not the cookie secret');
    assert.equal(claims.auth_time, firstClaims.auth_time);
  });

  test('the page still asks, session or not, for prompt=login, max_age=0 or a legacy link', async () => {
    const { cookie } = await signIn();
    const cases: Record<string, string>[] = [{ prompt: 'login' }, { max_age: '0' }, { access_token: DEMO_TOKENS.bob }, {}];
    for (const extra of cases) {
      const headers: Record<string, string> = Object.keys(extra).length ? { Cookie: cookie } : {};
      const response = await fetch(url('/authorize', authorizeQuery(extra)), { redirect: 'manual', headers });
      assert.equal(response.status, 200, JSON.stringify(extra));
      assert.match(await response.text(), /name="tx"/);
    }
  });

  test('a session follows its identity: once that identity is linked into another user, it signs in as that user', async () => {
    const { tx } = await openAuthorizePage();
    const response = await decide({ tx, identity: 'github|7654321' });
    const cookie = /^(auth0=[^;]+)/.exec(response.headers.get('Set-Cookie') ?? '')![1]!;
    const subject = async () => {
      const params = redirectParams(await silent(cookie));
      const tokens = await (await exchange({ code: params.get('code')! })).json();
      return decodeJwt(tokens.id_token)!.payload.sub;
    };
    assert.equal(await subject(), 'github|7654321');
    assert.ok(tenant.link(ALICE_LOGIN, 'github|7654321').ok);
    assert.equal(await subject(), ALICE_LOGIN);
  });

  test('a new sign-in starts a new session: a new sid', async () => {
    const a = await signIn();
    const b = await signIn();
    const sid = async (code: string) => decodeJwt((await (await exchange({ code })).json()).id_token)!.payload.sid;
    assert.notEqual(await sid(a.code), await sid(b.code));
  });
});

describe('/v2/logout', () => {
  test('returnTo allowed: 302 there, the session ends and the cookie is cleared', async () => {
    const { cookie } = await signIn();
    const response = await fetch(url('/v2/logout', { client_id: DEMO_CLIENT_ID, returnTo: REDIRECT_URI }), {
      redirect: 'manual',
      headers: { Cookie: cookie },
    });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('Location'), REDIRECT_URI);
    assert.match(response.headers.get('Set-Cookie') ?? '', /^auth0=;.*Max-Age=0/);
    assert.equal(redirectParams(await silent(cookie)).get('error'), 'login_required');
  });

  test('returnTo not allowed: 400 page, the session stays', async () => {
    const { cookie } = await signIn();
    const response = await fetch(url('/v2/logout', { client_id: DEMO_CLIENT_ID, returnTo: 'https://evil.example/' }), {
      redirect: 'manual',
      headers: { Cookie: cookie },
    });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /Allowed Logout URLs/);
    assert.ok(redirectParams(await silent(cookie)).get('code'));
  });

  test('without returnTo: 200 page', async () => {
    const response = await fetch(url('/v2/logout'), { redirect: 'manual' });
    assert.equal(response.status, 200);
  });
});

describe('refresh tokens', () => {
  const refresh = (refresh_token: string, extra: Record<string, string> = {}) =>
    postJson('/oauth/token', { grant_type: 'refresh_token', client_id: DEMO_CLIENT_ID, refresh_token, ...extra });

  test('only with offline_access', async () => {
    const { code } = await signIn({ scope: 'openid' });
    const body = await (await exchange({ code })).json();
    assert.equal(body.refresh_token, undefined);
  });

  test('rotation: each refresh gives a new one; reusing an old one fails and revokes the family', async () => {
    const { code } = await signIn({ scope: 'openid profile offline_access' });
    const first = await (await exchange({ code })).json();
    assert.equal(typeof first.refresh_token, 'string');

    const second = await refresh(first.refresh_token);
    assert.equal(second.status, 200);
    const body = await second.json();
    assert.notEqual(body.refresh_token, first.refresh_token);
    assert.equal(typeof body.access_token, 'string');
    assert.equal(decodeJwt(body.id_token)!.payload.sub, ALICE_LOGIN);
    assert.equal(body.scope, 'openid profile offline_access');

    await expectAuthError(await refresh(first.refresh_token), 403, 'invalid_grant');
    // Reuse detected: the newest token of the family is revoked too.
    await expectAuthError(await refresh(body.refresh_token), 403, 'invalid_grant');
  });

  test('a narrower scope may be asked for; another client or a missing token is refused', async () => {
    const { code } = await signIn({ scope: 'openid profile offline_access' });
    const { refresh_token } = await (await exchange({ code })).json();
    const narrower = await refresh(refresh_token, { scope: 'openid email' });
    const body = await narrower.json();
    assert.equal(body.scope, 'openid');
    await expectAuthError(
      await postJson('/oauth/token', { grant_type: 'refresh_token', client_id: 'account-linker-regular', client_secret: 'regular-web-app-secret-not-for-production', refresh_token: body.refresh_token }),
      403,
      'invalid_grant',
    );
    await expectAuthError(await refresh(''), 400, 'invalid_request');
  });
});

