/// <reference types="node" />
// node-auth0 (the `auth0` package, unchanged) against the mock. msw/node intercepts the global
// fetch (and jose's JWKS request), so the SDK's https://tenant.example.com reaches the mock tenant.
// `auth0` 7.x ships ManagementClient; its AuthenticationClient lives on as `auth0/legacy` (v4 API).
import { after, before, describe, test } from 'node:test';
import { syncBuiltinESMExports } from 'node:module';
import assert from 'node:assert/strict';
import { ManagementClient, ManagementError, Management } from 'auth0';
import { AuthenticationClient, AuthApiError, IdTokenValidatorError } from 'auth0/legacy';
import {
  DEMO_TOKENS,
  DEMO_USER_IDS,
  M2M_CLIENT_ID,
  M2M_CLIENT_SECRET,
  REGULAR_CLIENT_ID,
  REGULAR_CLIENT_SECRET,
} from '../../../src/mock/index.js';
import { decodeJwt } from '../../../src/mock/tokens.js';
import { ORIGIN, REDIRECT_URI, identityIds, loginWith, pkcePair, secondaryLogin, useMockTenant } from '../helpers.js';

const tenant = useMockTenant();
// The SDK's ID token validator fetches the JWKS with jose's `https.get`, imported as an ES module
// namespace: msw patches the CommonJS `https` object, so publish that patch to ES modules too.
before(() => syncBuiltinESMExports()); // runs after useMockTenant's server.listen()
after(() => syncBuiltinESMExports()); // and after its server.close(): the real https again
const DOMAIN = new URL(ORIGIN).host; // the SDK wants a bare domain and speaks https
const ALICE = DEMO_USER_IDS.alice;
const SPARE_GITHUB = { provider: 'github', user_id: '7654321' } as const;

/** A back-end ManagementClient: it gets its own token by client credentials. No retries on 429/5xx. */
const m2mClient = () =>
  new ManagementClient({ domain: DOMAIN, clientId: M2M_CLIENT_ID, clientSecret: M2M_CLIENT_SECRET, maxRetries: 0 });
/** A ManagementClient with a fixed (e.g. a browser's) access token. */
const tokenClient = (token: string) => new ManagementClient({ domain: DOMAIN, token, maxRetries: 0 });

/** The SDK's typed error: class, status, and Auth0's body. */
async function expectManagementError(
  promise: Promise<unknown>,
  type: new (...args: never[]) => ManagementError,
  statusCode: number,
  body: { message?: string | RegExp; errorCode?: string } = {},
) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof type, `${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`);
    assert.ok(error instanceof ManagementError);
    assert.equal(error.statusCode, statusCode);
    const payload = error.body as { statusCode?: number; message?: string; errorCode?: string };
    assert.equal(payload.statusCode, statusCode);
    if (body.message instanceof RegExp) assert.match(payload.message ?? '', body.message);
    else if (body.message) assert.equal(payload.message, body.message);
    if (body.errorCode) assert.equal(payload.errorCode, body.errorCode);
    return true;
  });
}

describe('node-auth0 AuthenticationClient (auth0/legacy)', () => {
  test('clientCredentialsGrant: an M2M token for the Management API, sub <client_id>@clients', async () => {
    const auth = new AuthenticationClient({ domain: DOMAIN, clientId: M2M_CLIENT_ID, clientSecret: M2M_CLIENT_SECRET });
    const { data } = await auth.oauth.clientCredentialsGrant({ audience: `${ORIGIN}/api/v2/` });
    assert.equal(data.token_type, 'Bearer');
    assert.equal((data as { scope?: string }).scope, 'read:users update:users');
    assert.equal(data.id_token, undefined);
    const claims = decodeJwt(data.access_token)!.payload;
    assert.equal(claims.sub, `${M2M_CLIENT_ID}@clients`);
    assert.equal(claims.gty, 'client-credentials');
    assert.equal(claims.azp, M2M_CLIENT_ID);
    assert.equal(claims.aud, `${ORIGIN}/api/v2/`);
    assert.equal(claims.iss, `${ORIGIN}/`);
  });

  test('clientCredentialsGrant with a wrong secret → AuthApiError 401 invalid_client', async () => {
    const auth = new AuthenticationClient({ domain: DOMAIN, clientId: M2M_CLIENT_ID, clientSecret: 'wrong' });
    await assert.rejects(auth.oauth.clientCredentialsGrant({ audience: `${ORIGIN}/api/v2/` }), (error: unknown) => {
      assert.ok(error instanceof AuthApiError);
      assert.equal(error.statusCode, 401);
      assert.equal(error.error, 'invalid_client');
      return true;
    });
  });

  test('authorizationCodeGrantWithPKCE + the SDK ID token validation (JWKS signature, iss, aud, nonce, auth_time/maxAge)', async () => {
    const { verifier, challenge } = await pkcePair();
    const code = await loginWith('github|7654321', {
      client_id: REGULAR_CLIENT_ID,
      scope: 'openid profile email',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      nonce: 'nonce-42',
      max_age: '60',
    });
    // node-auth0 always authenticates the client (it refuses to send a grant without a secret or
    // assertion): PKCE here is the confidential Regular Web App's.
    const auth = new AuthenticationClient({
      domain: DOMAIN,
      clientId: REGULAR_CLIENT_ID,
      clientSecret: REGULAR_CLIENT_SECRET,
      idTokenSigningAlg: 'RS256',
    });
    const { data } = await auth.oauth.authorizationCodeGrantWithPKCE(
      { code, code_verifier: verifier, redirect_uri: REDIRECT_URI },
      { idTokenValidateOptions: { nonce: 'nonce-42', maxAge: 60 } },
    );
    const claims = decodeJwt(data.id_token!)!.payload;
    assert.equal(claims.sub, 'github|7654321');
    assert.equal(claims.aud, REGULAR_CLIENT_ID);
    assert.equal(claims.nonce, 'nonce-42');
    assert.equal(typeof claims.auth_time, 'number');
  });

  test('the SDK validation really runs: a wrong nonce → IdTokenValidatorError', async () => {
    const { verifier, challenge } = await pkcePair();
    const code = await loginWith('github|7654321', {
      client_id: REGULAR_CLIENT_ID,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      nonce: 'nonce-42',
    });
    const auth = new AuthenticationClient({ domain: DOMAIN, clientId: REGULAR_CLIENT_ID, clientSecret: REGULAR_CLIENT_SECRET });
    await assert.rejects(
      auth.oauth.authorizationCodeGrantWithPKCE(
        { code, code_verifier: verifier, redirect_uri: REDIRECT_URI },
        { idTokenValidateOptions: { nonce: 'another-nonce' } },
      ),
      IdTokenValidatorError,
    );
  });

  test('authorizationCodeGrant with the confidential client secret', async () => {
    const code = await loginWith('google-oauth2|118000000000000000001', { client_id: REGULAR_CLIENT_ID, nonce: 'n-7' });
    const auth = new AuthenticationClient({ domain: DOMAIN, clientId: REGULAR_CLIENT_ID, clientSecret: REGULAR_CLIENT_SECRET });
    const { data } = await auth.oauth.authorizationCodeGrant(
      { code, redirect_uri: REDIRECT_URI },
      { idTokenValidateOptions: { nonce: 'n-7' } },
    );
    assert.equal(decodeJwt(data.id_token!)!.payload.sub, 'google-oauth2|118000000000000000001');
    assert.equal(decodeJwt(data.id_token!)!.payload.aud, REGULAR_CLIENT_ID);
    // No audience asked for: Auth0's opaque access token (a JWE), no JWT to read.
    assert.equal(data.access_token.split('.').length, 5);
    assert.equal(decodeJwt(data.access_token), undefined);
  });

  test('authorizationCodeGrant with a wrong secret → AuthApiError 401 invalid_client', async () => {
    const code = await loginWith('google-oauth2|118000000000000000001', { client_id: REGULAR_CLIENT_ID });
    const auth = new AuthenticationClient({ domain: DOMAIN, clientId: REGULAR_CLIENT_ID, clientSecret: 'not-the-secret' });
    await assert.rejects(auth.oauth.authorizationCodeGrant({ code, redirect_uri: REDIRECT_URI }), (error: unknown) => {
      assert.ok(error instanceof AuthApiError);
      assert.equal(error.statusCode, 401);
      assert.equal(error.error, 'invalid_client');
      return true;
    });
  });
});

describe('node-auth0 ManagementClient', () => {
  test('users.get with a browser token (read:current_user)', async () => {
    const user = await tokenClient(DEMO_TOKENS.alice).users.get(ALICE);
    assert.equal(user.user_id, ALICE);
    assert.deepEqual(identityIds(user.identities as never), [
      'auth0|alice0001',
      'google-oauth2|104223456789012345678',
      'github|1234567',
    ]);
  });

  test('users.identities.link with link_with (a browser token and the secondary login ID token)', async () => {
    const { id_token } = await secondaryLogin('github|7654321');
    const identities = await tokenClient(DEMO_TOKENS.alice).users.identities.link(ALICE, { link_with: id_token });
    assert.ok(identityIds(identities as never).includes('github|7654321'));
  });

  test('server-side link {provider, user_id} with the M2M client (update:users), then unlink', async () => {
    const management = m2mClient();
    const linked = await management.users.identities.link(ALICE, SPARE_GITHUB);
    assert.ok(identityIds(linked as never).includes('github|7654321'));
    assert.equal(tenant.getUser('github|7654321'), undefined, 'the secondary user is folded into alice');
    const remaining = await management.users.identities.delete(ALICE, 'github', '7654321');
    assert.ok(!identityIds(remaining as never).includes('github|7654321'));
    assert.ok(tenant.getUser('github|7654321'), 'a separate user again');
  });

  test('a browser token sending {provider, user_id} → BadRequestError 400 (link_with only)', async () => {
    await expectManagementError(
      tokenClient(DEMO_TOKENS.alice).users.identities.link(ALICE, SPARE_GITHUB),
      Management.BadRequestError,
      400,
      { errorCode: 'invalid_body' },
    );
  });

  test('401 → UnauthorizedError', async () => {
    await expectManagementError(tokenClient(DEMO_TOKENS.expired).users.get(ALICE), Management.UnauthorizedError, 401, {
      message: 'Expired token received for JSON Web Token validation',
    });
  });

  test('403 insufficient_scope → ForbiddenError (an M2M token with read:users only)', async () => {
    // A client grant narrowed to read:users (Auth0: APIs → Machine to Machine → permissions).
    const readOnly = tenant.issueAccessToken(`${M2M_CLIENT_ID}@clients`, {
      scope: 'read:users',
      azp: M2M_CLIENT_ID,
      issuer: `${ORIGIN}/`,
      audience: `${ORIGIN}/api/v2/`,
      gty: 'client-credentials',
    });
    await expectManagementError(tokenClient(readOnly).users.identities.link(ALICE, SPARE_GITHUB), Management.ForbiddenError, 403, {
      errorCode: 'insufficient_scope',
    });
  });

  test('404 → NotFoundError', async () => {
    await expectManagementError(m2mClient().users.get('auth0|nobody'), Management.NotFoundError, 404, {
      errorCode: 'inexistent_user',
    });
  });

  test('409 → ConflictError (the identity is linked already)', async () => {
    await expectManagementError(
      m2mClient().users.identities.link(ALICE, { provider: 'github', user_id: '1234567' }),
      Management.ConflictError,
      409,
      { message: 'Specified identity already exists.' },
    );
  });

  test('429 (tenant.addFault) → TooManyRequestsError with the rate-limit headers', async () => {
    tenant.addFault({ path: '/api/v2/users/*', status: 429 });
    await assert.rejects(tokenClient(DEMO_TOKENS.alice).users.get(ALICE), (error: unknown) => {
      assert.ok(error instanceof Management.TooManyRequestsError);
      assert.equal(error.statusCode, 429);
      assert.equal(error.rawResponse?.headers.get('Retry-After'), '1');
      assert.equal(error.rawResponse?.headers.get('X-RateLimit-Remaining'), '0');
      return true;
    });
  });

  test('503 (tenant.addFault) → ManagementError 503 (users.get types no 5xx class)', async () => {
    tenant.addFault({ path: '/api/v2/users/*', status: 503 });
    await expectManagementError(tokenClient(DEMO_TOKENS.alice).users.get(ALICE), ManagementError, 503);
  });

  test('unlink of the main identity → BadRequestError', async () => {
    await expectManagementError(
      m2mClient().users.identities.delete(ALICE, 'auth0', 'alice0001'),
      Management.BadRequestError,
      400,
      { message: 'Main identity cannot be removed.' },
    );
  });
});

describe('README: node-auth0 against the mock', () => {
  test('the snippet', async () => {
    // --- README snippet start ---
    const management = new ManagementClient({
      domain: 'tenant.example.com', // any host: msw/node answers it
      clientId: 'account-linker-m2m', // the seeded machine-to-machine client
      clientSecret: 'm2m-secret-not-for-production',
    });
    const bob = await management.users.get('auth0|bob0002');
    const identities = await management.users.identities.link(bob.user_id!, { provider: 'github', user_id: '7654321' });
    await management.users.identities.delete(bob.user_id!, 'github', '7654321');
    // --- README snippet end ---
    assert.deepEqual(identityIds(identities as never), ['auth0|bob0002', 'github|7654321']);
    assert.deepEqual(identityIds(tenant.getUser('auth0|bob0002')!.identities), ['auth0|bob0002']);
  });
});
