/// <reference types="node" />
// Management API v2: GET user, POST identities {link_with}, DELETE identities, with Auth0's
// `{statusCode, error, message, errorCode?}` error bodies.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CLIENT_ID, DEMO_TOKENS, DEMO_USER_IDS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import { base64urlEncode } from '../../../src/mock/tokens.js';
import { bearer, identityIds, secondaryLogin, url, useMockTenant } from '../helpers.js';

const tenant = useMockTenant();
const enc = encodeURIComponent;
const ALICE = `/api/v2/users/${enc(DEMO_USER_IDS.alice)}`;

async function expectApiError(response: Response, statusCode: number, message: string, errorCode?: string) {
  assert.equal(response.status, statusCode);
  assert.match(response.headers.get('Content-Type') ?? '', /^application\/json/);
  const error = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' }[statusCode];
  assert.deepEqual(await response.json(), { statusCode, error, message, ...(errorCode ? { errorCode } : {}) });
}

const link = (userPath: string, body: unknown, token: string = DEMO_TOKENS.alice) =>
  fetch(url(`${userPath}/identities`), {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const unlink = (provider: string, userId: string | number, token: string = DEMO_TOKENS.alice) =>
  fetch(url(`${ALICE}/identities/${enc(provider)}/${enc(String(userId))}`), { method: 'DELETE', headers: bearer(token) });

const limitedToken = (sub: string, scope: string) =>
  tenant.issueAccessToken(sub, { scope, azp: DEMO_CLIENT_ID, issuer: 'https://tenant.example.com/' });

/** An ID token signed by the tenant's own key, for cases a login cannot produce. */
const idToken = (claims: Record<string, unknown>) =>
  tenant.signingKey.sign({ iss: 'https://tenant.example.com/', aud: DEMO_CLIENT_ID, iat: 1, exp: 4102444800, ...claims });

describe('authentication and authorisation (every Management route)', () => {
  const routes: Array<[string, (token?: string) => Promise<Response>]> = [
    ['GET user', (t) => fetch(url(ALICE), { headers: t ? bearer(t) : {} })],
    ['POST identities', (t) => link(ALICE, { link_with: 'x' }, t ?? '')],
    ['DELETE identity', (t) => unlink('github', 1234567, t ?? '')],
  ];
  for (const [name, call] of routes) {
    test(`${name}: missing or unknown token → 401 "Invalid token"`, async () => {
      await expectApiError(await call(), 401, 'Invalid token');
      await expectApiError(await call('eyJhbGciOiJSUzI1NiJ9.e30.c2ln'), 401, 'Invalid token');
    });

    test(`${name}: a token that is not a JWT → 400 "Bad HTTP authentication header format"`, async () => {
      await expectApiError(await call('not-a-token'), 400, 'Bad HTTP authentication header format', 'Bearer');
    });

    test(`${name}: an expired token → 401 "Expired token received for JSON Web Token validation"`, async () => {
      await expectApiError(await call(DEMO_TOKENS.expired), 401, 'Expired token received for JSON Web Token validation');
    });

    test(`${name}: another user's id → 403 subject mismatch, unowned_resource`, async () => {
      await expectApiError(
        await call(DEMO_TOKENS.bob),
        403,
        'User to be acted on does not match subject in bearer token.',
        'unowned_resource',
      );
    });
  }

  test('missing scope → 403 insufficient_scope', async () => {
    const token = limitedToken(DEMO_USER_IDS.alice, 'openid profile');
    await expectApiError(
      await fetch(url(ALICE), { headers: bearer(token) }),
      403,
      'Insufficient scope, expected any of: read:users,read:current_user',
      'insufficient_scope',
    );
    await expectApiError(
      await link(ALICE, { link_with: 'x' }, token),
      403,
      'Insufficient scope, expected any of: update:users,update:current_user_identities',
      'insufficient_scope',
    );
    await expectApiError(
      await unlink('github', 1234567, token),
      403,
      'Insufficient scope, expected any of: update:users,update:current_user_identities',
      'insufficient_scope',
    );
  });

  test('the token\'s own user no longer exists → 404 inexistent_user', async () => {
    const token = limitedToken(SPARE_USER_IDS.github, 'read:current_user');
    tenant.link(DEMO_USER_IDS.bob, SPARE_USER_IDS.github);
    await expectApiError(
      await fetch(url(`/api/v2/users/${enc(SPARE_USER_IDS.github)}`), { headers: bearer(token) }),
      404,
      'The user does not exist.',
      'inexistent_user',
    );
  });
});

describe('GET /api/v2/users/:id', () => {
  test('→ 200 the user with identities, without IdP tokens', async () => {
    const response = await fetch(url(ALICE), { headers: bearer(DEMO_TOKENS.alice) });
    assert.equal(response.status, 200);
    const user = await response.json();
    assert.equal(user.user_id, DEMO_USER_IDS.alice);
    assert.equal(user.picture, 'https://tenant.example.com/__mock/avatar/alice.svg');
    assert.deepEqual(identityIds(user.identities), ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567']);
    assert.equal(user.identities[1].access_token, undefined);
    assert.equal(user.identities[2].user_id, 1234567);
  });

  test('an unencoded pipe in the path works too', async () => {
    const response = await fetch(url(`/api/v2/users/${DEMO_USER_IDS.carol}`), { headers: bearer(DEMO_TOKENS.carol) });
    assert.equal(response.status, 200);
    assert.equal((await response.json()).identities.length, 2);
  });
});

describe('POST /api/v2/users/:id/identities', () => {
  test('link_with a secondary ID token → 201 identities; the secondary user is gone', async () => {
    const { id_token } = await secondaryLogin(SPARE_USER_IDS.github);
    const response = await link(ALICE, { link_with: id_token });
    assert.equal(response.status, 201);
    const identities = await response.json();
    assert.deepEqual(identityIds(identities).at(-1), 'github|7654321');
    assert.equal(identities.at(-1).user_id, 7654321);
    assert.equal(identities.at(-1).profileData.picture, 'https://tenant.example.com/__mock/avatar/octo-spare.svg');
    assert.equal(identities[1].access_token, undefined);
    assert.equal(tenant.getUser(SPARE_USER_IDS.github), undefined);
  });

  test('the same ID token again → 409 "Specified identity already exists."', async () => {
    const { id_token } = await secondaryLogin(SPARE_USER_IDS.microsoft);
    assert.equal((await link(ALICE, { link_with: id_token })).status, 201);
    await expectApiError(await link(ALICE, { link_with: id_token }), 409, 'Specified identity already exists.');
  });

  test("an identity that belongs to someone else → 409 and nothing changes", async () => {
    const { id_token } = await secondaryLogin('facebook|10203040506070809'); // signs in as carol
    await expectApiError(await link(ALICE, { link_with: id_token }), 409, 'Specified identity already exists.');
    assert.equal(tenant.getUser(DEMO_USER_IDS.carol)?.identities.length, 2);
    assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3);
  });

  test('an ID token of the main user → 400 "Main identity and the new one are the same."', async () => {
    await expectApiError(
      await link(ALICE, { link_with: await idToken({ sub: DEMO_USER_IDS.alice }) }),
      400,
      'Main identity and the new one are the same.',
    );
  });

  test('an ID token of an unknown user → 400 "Provided secondary account not found."', async () => {
    await expectApiError(
      await link(ALICE, { link_with: await idToken({ sub: 'github|999' }) }),
      400,
      'Provided secondary account not found.',
    );
  });

  test('an HS256 (or alg none) token → 400 "JWT (link_with) must have an alg of RS256."', async () => {
    for (const alg of ['HS256', 'none']) {
      const forged = `${base64urlEncode(JSON.stringify({ alg, typ: 'JWT' }))}.${base64urlEncode(
        JSON.stringify({ sub: SPARE_USER_IDS.google, aud: DEMO_CLIENT_ID, exp: 4102444800 }),
      )}.c2ln`;
      await expectApiError(await link(ALICE, { link_with: forged }), 400, 'JWT (link_with) must have an alg of RS256.');
    }
    assert.ok(tenant.getUser(SPARE_USER_IDS.google));
  });

  test('an RS256 token with a forged payload → 400, not linked', async () => {
    const genuine = await idToken({ sub: SPARE_USER_IDS.facebook });
    const [h, , s] = genuine.split('.');
    const forged = `${h}.${base64urlEncode(JSON.stringify({ sub: SPARE_USER_IDS.google, aud: DEMO_CLIENT_ID, exp: 4102444800 }))}.${s}`;
    await expectApiError(await link(ALICE, { link_with: forged }), 400, 'JWT (link_with) has an invalid signature.');
    assert.ok(tenant.getUser(SPARE_USER_IDS.google));
  });

  test("aud different from the access token's azp → 400", async () => {
    await expectApiError(
      await link(ALICE, { link_with: await idToken({ sub: SPARE_USER_IDS.google, aud: 'another-client' }) }),
      400,
      "JWT (link_with) audience must match the bearer token's azp.",
    );
  });

  test('an expired ID token → 400', async () => {
    await expectApiError(
      await link(ALICE, { link_with: await idToken({ sub: SPARE_USER_IDS.google, exp: 1 }) }),
      400,
      'JWT (link_with) has expired.',
    );
  });

  test('not a JWT → 400 malformed', async () => {
    await expectApiError(await link(ALICE, { link_with: 'abc' }), 400, 'JWT (link_with) is malformed.');
  });

  test('malformed JSON → 400 "Invalid request payload JSON format"', async () => {
    await expectApiError(await link(ALICE, '{"link_with":'), 400, 'Invalid request payload JSON format');
  });

  test('no link_with → 400 invalid_body', async () => {
    await expectApiError(
      await link(ALICE, { provider: 'github', user_id: '7654321' }),
      400,
      "Payload validation error: 'Missing required property: link_with'.",
      'invalid_body',
    );
  });
});

describe('DELETE /api/v2/users/:id/identities/:provider/:user_id', () => {
  test('→ 200 the remaining identities; the identity is its own user again', async () => {
    const response = await unlink('github', 1234567);
    assert.equal(response.status, 200);
    assert.deepEqual(identityIds(await response.json()), ['auth0|alice0001', 'google-oauth2|104223456789012345678']);
    assert.equal(tenant.getUser('github|1234567')?.identities[0]?.user_id, 1234567);
  });

  test('URL-encoded segments: a user_id containing a pipe', async () => {
    assert.ok(tenant.link(DEMO_USER_IDS.alice, SPARE_USER_IDS.oidc).ok);
    const response = await unlink('oidc', 'corp|employee-42');
    assert.equal(response.status, 200);
    assert.ok(!identityIds(await response.json()).includes(SPARE_USER_IDS.oidc));
    assert.ok(tenant.getUser(SPARE_USER_IDS.oidc));
  });

  test('the main identity → 400 "Main identity cannot be removed."', async () => {
    await expectApiError(await unlink('auth0', 'alice0001'), 400, 'Main identity cannot be removed.');
    assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3);
  });

  test('an identity not linked to the user → 404', async () => {
    await expectApiError(await unlink('facebook', '10203040506070809'), 404, 'The identity does not exist.');
    assert.equal(tenant.getUser(DEMO_USER_IDS.carol)?.identities.length, 2);
  });
});
