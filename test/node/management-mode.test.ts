// managementMode against the mock tenant's real handlers in Node: the authorize URL, the code
// exchange, the ID token checks, POST/DELETE identities, and how every refusal is explained.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { server, tenant } from '../../src/mock/node.js';
import { DEMO_CLIENT_ID, DEMO_TOKENS, DEMO_USER_IDS, SPARE_USER_IDS } from '../../src/mock/index.js';
import { managementMode } from '../../src/modes/management.js';
import type { LinkRequest } from '../../src/modes/mode.js';
import { readConfig, type ConfigInput } from '../../src/protocol/config.js';
import { LinkerError } from '../../src/protocol/errors.js';
import { identityKey, type Identity } from '../../src/protocol/identity.js';
import type { PendingLink } from '../../src/protocol/pending-link.js';
import { readPopupMessage } from '../../src/protocol/popup-message.js';
import { decide } from './helpers.js';

const ORIGIN = 'https://tenant.example.com';
const PAGE = 'https://app.example.com/account';
const ALICE_START = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];

const configFor = (input: ConfigInput = {}) =>
  readConfig({ domain: 'tenant.example.com', clientId: DEMO_CLIENT_ID, redirectUri: PAGE, mode: 'management', ...input }, PAGE);
const mode = managementMode(configFor());

/** Every request the mock saw in this test (cloned, so bodies can be read afterwards). */
let seen: Request[] = [];
const recorder = ({ request }: { request: Request }) => void seen.push(request.clone());

before(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', recorder);
});
beforeEach(() => {
  tenant.reset();
  seen = [];
});
afterEach(() => server.resetHandlers());
after(() => {
  server.events.removeListener('request:start', recorder);
  server.close();
});

async function failure(promise: Promise<unknown>): Promise<LinkerError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LinkerError, `not a LinkerError: ${String(error)}`);
    return error;
  }
  assert.fail('expected a failure');
}

function expectError(error: LinkerError, code: string, reason: string, status?: number): void {
  assert.equal(error.code, code, `${error.code}/${error.reason}: ${error.detail}`);
  assert.equal(error.reason, reason);
  if (status !== undefined) assert.equal(error.status, status);
}

const sent = (method: string, pathPart: string) =>
  seen.filter((request) => request.method === method && new URL(request.url).pathname.includes(pathPart));

const aliceIds = async () => (await mode.loadProfile(DEMO_TOKENS.alice)).identities.map(identityKey);

let counter = 0;
/** startLink with a fresh state, and the PendingLink the controller would keep. */
async function start(request: Partial<LinkRequest> = {}, linkMode = mode) {
  const state = `state-${++counter}`;
  const { url, secrets } = await linkMode.startLink(DEMO_TOKENS.alice, { state, responseMode: 'query', ...request });
  const pending: PendingLink = { state, origin: ORIGIN, clientId: DEMO_CLIENT_ID, redirectUri: PAGE, createdAt: Date.now(), ...secrets };
  return { url, secrets, state, pending };
}

/** The browser's part: open the URL from startLink, choose `identity` on the mock page. */
async function chooseOn(url: string, identity: string): Promise<Response> {
  const page = await fetch(url, { redirect: 'manual' });
  const html = await page.text();
  assert.equal(page.status, 200, html);
  const tx = /name="tx" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(tx, 'the page carries a transaction id');
  return decide({ tx, identity });
}

/** A redirect-mode authorization as `identity`: the code from the return URL. */
async function codeFor(url: string, identity: string, state: string): Promise<string> {
  const response = await chooseOn(url, identity);
  assert.equal(response.status, 302);
  const location = new URL(response.headers.get('Location')!);
  assert.equal(`${location.origin}${location.pathname}`, PAGE);
  assert.equal(location.searchParams.get('state'), state);
  const code = location.searchParams.get('code');
  assert.ok(code, `a code came back (${location.search})`);
  return code;
}

/** The whole link: start, authorize as `identity`, complete. */
async function linkAs(identity: string, linkMode = mode, token: string = DEMO_TOKENS.alice) {
  const { url, state, pending } = await start({}, linkMode);
  const code = await codeFor(url, identity, state);
  return linkMode.completeLink(token, { state, code }, pending);
}

describe('management mode: the authorize URL', () => {
  it('asks for a fresh login with PKCE S256 and a nonce, and never carries a token', async () => {
    const { url, secrets, state } = await start({ connection: 'github' });
    const parsed = new URL(url);
    assert.equal(`${parsed.origin}${parsed.pathname}`, `${ORIGIN}/authorize`);
    const query = parsed.searchParams;
    assert.equal(query.get('response_type'), 'code');
    assert.equal(query.get('client_id'), DEMO_CLIENT_ID);
    assert.equal(query.get('redirect_uri'), PAGE);
    assert.equal(query.get('scope'), 'openid profile email');
    assert.equal(query.get('state'), state);
    assert.equal(query.get('connection'), 'github');
    assert.equal(query.get('code_challenge_method'), 'S256');
    assert.ok(secrets.codeVerifier && secrets.nonce);
    assert.equal(query.get('code_challenge'), createHash('sha256').update(secrets.codeVerifier).digest('base64url'));
    assert.equal(query.get('nonce'), secrets.nonce);
    assert.equal(query.get('prompt'), 'login');
    assert.equal(query.get('max_age'), '0');
    assert.equal(query.has('access_token'), false);
    assert.equal(query.has('response_mode'), false);
    assert.ok(!url.includes(DEMO_TOKENS.alice));
    assert.ok(!url.includes(secrets.codeVerifier), 'the verifier stays home');
  });

  it('asks for response_mode=web_message for a popup', async () => {
    const query = new URL((await start({ responseMode: 'web_message' })).url).searchParams;
    assert.equal(query.get('response_mode'), 'web_message');
    assert.equal(query.has('connection'), false);
  });

  it('makes new secrets for every request', async () => {
    const a = await start();
    const b = await start();
    assert.notEqual(a.secrets.codeVerifier, b.secrets.codeVerifier);
    assert.notEqual(a.secrets.nonce, b.secrets.nonce);
  });

  it('refuses an opaque or non-Management token before any request', () => {
    assert.throws(() => mode.checkToken('opaque'), { code: 'insufficient-scope', reason: 'tokenOpaque' });
    assert.doesNotThrow(() => mode.checkToken(DEMO_TOKENS.alice));
  });
});

describe('management mode: the list', () => {
  it("loads the user named by the token's sub from GET /api/v2/users/{id}", async () => {
    const profile = await mode.loadProfile(DEMO_TOKENS.alice);
    assert.equal(profile.userId, DEMO_USER_IDS.alice);
    assert.deepEqual(profile.identities.map(identityKey), ALICE_START);
    const [request] = sent('GET', '/api/v2/users/');
    assert.equal(new URL(request!.url).pathname, '/api/v2/users/auth0%7Calice0001');
    assert.equal(request!.headers.get('authorization'), `Bearer ${DEMO_TOKENS.alice}`);
  });

  it('needs a user id: from user-id, else the token', async () => {
    expectError(await failure(mode.loadProfile('opaque-token')), 'invalid-config', 'userIdUnknown');
    assert.equal(seen.length, 0, 'nothing was sent');
  });
});

describe('management mode: linking', () => {
  it('exchanges the code with its verifier, links with the ID token, and returns the 201 list', async () => {
    const { url, state, pending } = await start();
    const code = await codeFor(url, SPARE_USER_IDS.github, state);
    const profile = await mode.completeLink(DEMO_TOKENS.alice, { state, code }, pending);
    assert.deepEqual(profile.identities.map(identityKey), [...ALICE_START, SPARE_USER_IDS.github]);

    const [exchange] = sent('POST', '/oauth/token');
    assert.ok(exchange, 'the code was exchanged');
    assert.equal(exchange.headers.get('content-type'), 'application/x-www-form-urlencoded');
    assert.equal(exchange.headers.get('authorization'), null, "the primary's token is not sent to /oauth/token");
    const form = Object.fromEntries(new URLSearchParams(await exchange.text()));
    assert.deepEqual(form, {
      grant_type: 'authorization_code',
      client_id: DEMO_CLIENT_ID,
      code,
      code_verifier: pending.codeVerifier,
      redirect_uri: PAGE,
    });

    const [link] = sent('POST', '/identities');
    assert.equal(new URL(link!.url).pathname, '/api/v2/users/auth0%7Calice0001/identities');
    assert.equal(link!.headers.get('authorization'), `Bearer ${DEMO_TOKENS.alice}`);
    const body = (await link!.json()) as { link_with: string };
    assert.deepEqual(Object.keys(body), ['link_with']);
    assert.equal(body.link_with.split('.').length, 3);

    assert.deepEqual(await aliceIds(), [...ALICE_START, SPARE_USER_IDS.github]);
    assert.equal(tenant.getUser(SPARE_USER_IDS.github), undefined, 'the secondary user was folded in');
  });

  it('links through a popup: the web_message answer, read as the element reads it', async () => {
    const { url, state, pending } = await start({ responseMode: 'web_message' });
    const page = await chooseOn(url, SPARE_USER_IDS.google);
    assert.equal(page.status, 200);
    const match = /\.postMessage\((\{.*\}), ("[^"]*")\);/.exec(await page.text());
    assert.ok(match, 'the page posts a message');
    const response = readPopupMessage({ origin: ORIGIN, data: JSON.parse(match[1]!) }, { origin: ORIGIN, state });
    assert.ok(response?.code);
    const profile = await mode.completeLink(DEMO_TOKENS.alice, response, pending);
    assert.deepEqual(profile.identities.map(identityKey), [...ALICE_START, SPARE_USER_IDS.google]);
  });

  it('refuses a wrong verifier at the exchange (authorize-error), and links nothing', async () => {
    const { url, state, pending } = await start();
    const code = await codeFor(url, SPARE_USER_IDS.github, state);
    const error = await failure(mode.completeLink(DEMO_TOKENS.alice, { state, code }, { ...pending, codeVerifier: 'x'.repeat(43) }));
    expectError(error, 'authorize-error', 'exchangeFailed', 403);
    assert.equal(error.extra.errorCode, 'invalid_grant');
    assert.equal(sent('POST', '/identities').length, 0);
    assert.deepEqual(await aliceIds(), ALICE_START);
  });

  it('refuses an ID token for another nonce, and links nothing', async () => {
    const { url, state, pending } = await start();
    const code = await codeFor(url, SPARE_USER_IDS.github, state);
    const error = await failure(mode.completeLink(DEMO_TOKENS.alice, { state, code }, { ...pending, nonce: 'another-nonce' }));
    expectError(error, 'bad-response', 'idTokenInvalid');
    assert.match(error.detail!, /nonce/);
    assert.equal(sent('POST', '/identities').length, 0);
    assert.deepEqual(await aliceIds(), ALICE_START);
    assert.ok(tenant.getUser(SPARE_USER_IDS.github), 'the second account is still its own user');
  });

  it('refuses a return without a code or without the kept secrets (state-mismatch)', async () => {
    const { pending, state } = await start();
    for (const [response, kept] of [
      [{ state }, pending],
      [{ state, code: 'c' }, { ...pending, codeVerifier: undefined }],
      [{ state, code: 'c' }, { ...pending, nonce: undefined }],
    ] as const) {
      expectError(await failure(mode.completeLink(DEMO_TOKENS.alice, response, kept)), 'state-mismatch', 'stateMismatch');
    }
    assert.equal(seen.length, 0, 'nothing was sent');
  });

  it('refuses an account with an unverified email, unless allow-unverified-email', async () => {
    const error = await failure(linkAs(SPARE_USER_IDS.unverified));
    expectError(error, 'unverified-email', 'unverifiedEmail');
    assert.equal(error.detail, 'una@example.com');
    assert.equal(sent('POST', '/identities').length, 0);
    assert.deepEqual(await aliceIds(), ALICE_START);

    const allowing = managementMode(configFor({ allowUnverifiedEmail: true }));
    const profile = await linkAs(SPARE_USER_IDS.unverified, allowing);
    assert.deepEqual(profile.identities.map(identityKey), [...ALICE_START, SPARE_USER_IDS.unverified]);
  });

  it('refuses the primary account itself as already-linked, before asking the API', async () => {
    const error = await failure(linkAs(DEMO_USER_IDS.alice));
    expectError(error, 'already-linked', 'sameAccount');
    assert.equal(sent('POST', '/identities').length, 0);
    // A login with one of alice's own secondaries is alice too.
    expectError(await failure(linkAs('github|1234567')), 'already-linked', 'sameAccount');
    assert.deepEqual(await aliceIds(), ALICE_START);
  });

  it("explains the API's 409 (an identity owned by another user) as already-linked", async () => {
    const error = await failure(linkAs('facebook|10203040506070809'));
    expectError(error, 'already-linked', 'alreadyLinked', 409);
    assert.equal(sent('POST', '/identities').length, 1);
    assert.deepEqual(await aliceIds(), ALICE_START);
    assert.deepEqual(tenant.getUser(DEMO_USER_IDS.carol)!.identities.map((i) => identityKey(i)), [DEMO_USER_IDS.carol, 'facebook|10203040506070809']);
  });

  it("explains the API's own same-account refusal as already-linked", async () => {
    tenant.addFault({
      method: 'POST',
      path: '/api/v2/users/*',
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'Main identity and the new one are the same.' },
    });
    expectError(await failure(linkAs(SPARE_USER_IDS.github)), 'already-linked', 'sameAccount', 400);
  });
});

describe('management mode: the second account\'s tokens stay out of messages', () => {
  it('cuts an echoed link_with out of an error detail', async () => {
    let idToken = '';
    server.use(
      http.post('*/api/v2/users/:id/identities', async ({ request }) => {
        idToken = ((await request.json()) as { link_with: string }).link_with;
        return HttpResponse.json({ statusCode: 400, error: 'Bad Request', message: `Cannot link ${idToken} now.` }, { status: 400 });
      }),
    );
    const error = await failure(linkAs(SPARE_USER_IDS.github));
    assert.ok(idToken.length > 100, 'the handler saw the ID token');
    expectError(error, 'http', 'requestFailed', 400);
    assert.equal(error.detail, 'Cannot link … now.');
    assert.ok(!error.message.includes(idToken));
  });
});

describe('management mode: unlinking', () => {
  it('keeps an id with a pipe as one encoded path segment', async () => {
    await linkAs(SPARE_USER_IDS.oidc);
    seen = [];
    const identity: Identity = { provider: 'oidc', user_id: 'corp|employee-42', connection: 'corp', isSocial: false };
    const rest = await mode.unlink(DEMO_TOKENS.alice, identity, DEMO_USER_IDS.alice);
    assert.deepEqual(rest!.map(identityKey), ALICE_START);
    const [request] = sent('DELETE', '/identities/');
    const path = new URL(request!.url).pathname;
    assert.ok(path.includes('oidc/corp%7Cemployee-42'), path);
    assert.equal(path, '/api/v2/users/auth0%7Calice0001/identities/oidc/corp%7Cemployee-42');
    assert.equal(request!.headers.get('authorization'), `Bearer ${DEMO_TOKENS.alice}`);
    assert.ok(tenant.getUser(SPARE_USER_IDS.oidc), 'a separate user again');
  });

  it('unlinks a numeric id', async () => {
    const profile = await mode.loadProfile(DEMO_TOKENS.alice);
    const rest = await mode.unlink(DEMO_TOKENS.alice, profile.identities[2]!, DEMO_USER_IDS.alice);
    assert.deepEqual(rest!.map(identityKey), ALICE_START.slice(0, 2));
  });

  it('reports the main identity refusal as primary-identity', async () => {
    const profile = await mode.loadProfile(DEMO_TOKENS.alice);
    expectError(await failure(mode.unlink(DEMO_TOKENS.alice, profile.identities[0]!, undefined)), 'primary-identity', 'primaryIdentity', 400);
  });

  it('does not believe a 200 that still lists the identity', async () => {
    const profile = await mode.loadProfile(DEMO_TOKENS.alice);
    tenant.addFault({ method: 'DELETE', path: '/api/v2/users/*', status: 200, body: profile.identities });
    expectError(await failure(mode.unlink(DEMO_TOKENS.alice, profile.identities[2]!, undefined)), 'bad-response', 'badResponse');
  });
});

describe('management mode: refusals explained', () => {
  const limited = (scope: string) =>
    tenant.issueAccessToken(DEMO_USER_IDS.alice, { scope, azp: DEMO_CLIENT_ID, issuer: `${ORIGIN}/` });
  const alice = managementMode(configFor({ userId: DEMO_USER_IDS.alice }));

  it('400 Bad HTTP authentication header format (an opaque token) → insufficient-scope', async () => {
    const error = await failure(alice.loadProfile('opaque-token'));
    expectError(error, 'insufficient-scope', 'tokenOpaque', 400);
    assert.equal(error.extra.errorCode, 'Bearer');
    // The message alone is enough.
    tenant.addFault({ path: '/api/v2/*', status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'Bad HTTP authentication header format' } });
    expectError(await failure(alice.loadProfile(DEMO_TOKENS.alice)), 'insufficient-scope', 'tokenOpaque', 400);
  });

  it('403 insufficient_scope → insufficient-scope', async () => {
    const token = limited('openid profile email');
    const error = await failure(mode.loadProfile(token));
    expectError(error, 'insufficient-scope', 'scopeRefused', 403);
    assert.equal(error.extra.errorCode, 'insufficient_scope');
    const profile = await mode.loadProfile(DEMO_TOKENS.alice);
    expectError(
      await failure(mode.unlink(limited('openid read:current_user'), profile.identities[2]!, undefined)),
      'insufficient-scope',
      'scopeRefused',
      403,
    );
  });

  it('401 → missing-token', async () => {
    expectError(await failure(alice.loadProfile(DEMO_TOKENS.expired)), 'missing-token', 'tokenRejected', 401);
    expectError(await failure(alice.loadProfile('eyJhbGciOiJSUzI1NiJ9.e30.c2ln')), 'missing-token', 'tokenRejected', 401);
  });

  it('403 unowned_resource → http, unownedResource', async () => {
    const asBob = managementMode(configFor({ userId: DEMO_USER_IDS.bob }));
    const error = await failure(asBob.loadProfile(DEMO_TOKENS.alice));
    expectError(error, 'http', 'unownedResource', 403);
    assert.equal(error.extra.errorCode, 'unowned_resource');
  });

  it('429 → http rateLimited, with Retry-After in extra', async () => {
    tenant.addFault({ path: '/api/v2/*', status: 429 });
    const error = await failure(mode.loadProfile(DEMO_TOKENS.alice));
    expectError(error, 'http', 'rateLimited', 429);
    assert.deepEqual(error.extra, { errorCode: 'too_many_requests', retryAfter: 1 });
    tenant.addFault({ method: 'POST', path: '/api/v2/users/*', status: 429, headers: { 'Retry-After': '12' } });
    const linking = await failure(linkAs(SPARE_USER_IDS.github));
    expectError(linking, 'http', 'rateLimited', 429);
    assert.equal(linking.extra.retryAfter, 12);
    assert.deepEqual(await aliceIds(), ALICE_START);
  });

  it('a redirect → http redirected, not followed', async () => {
    tenant.addFault({ path: '/api/v2/*', status: 302, headers: { Location: `${ORIGIN}/userinfo` } });
    expectError(await failure(mode.loadProfile(DEMO_TOKENS.alice)), 'http', 'redirected', 302);
    assert.equal(sent('GET', '/userinfo').length, 0);
  });

  it('other statuses stay http with the server message', async () => {
    tenant.addFault({ path: '/api/v2/*', status: 503 });
    const error = await failure(mode.loadProfile(DEMO_TOKENS.alice));
    expectError(error, 'http', 'serverError', 503);
    assert.equal(error.detail, 'Service Unavailable');
  });
});
