/// <reference types="node" />
// examples/actions/suggest-linking.js, the post-login Action, run as Auth0 runs it: its two
// handlers called with an `event` and an `api` made below as Auth0 documents them, against the
// mock tenant's real Management API and token endpoint (msw/node, the demo seed: Alice's own Apple
// sign-up shares her verified email, an impostor's forum sign-up shares it unverified). The app's
// half (examples/actions/continue-token.mjs) reads what the Action sends and answers /continue;
// the fake's encodeToken/validateToken are jose's HS256, another implementation than the app's.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { setupServer } from 'msw/node';
import { jwtVerify, SignJWT, decodeJwt } from 'jose';
import { createHandlers, createTenant, DEMO_USER_IDS, M2M_CLIENT_ID, M2M_CLIENT_SECRET, REGULAR_CLIENT_ID, SPARE_USER_IDS } from '../../src/mock/index.js';
import { continueForm, readSessionToken } from '../../examples/actions/continue-token.mjs';

const require = createRequire(import.meta.url);
const action = require('../../examples/actions/suggest-linking.js') as {
  onExecutePostLogin(event: LoginEvent, api: LoginApi): Promise<void>;
  onContinuePostLogin(event: LoginEvent, api: LoginApi): Promise<void>;
};

const HOST = 'tenant.example.com';
const TENANT = `https://${HOST}`;
const PAGE = 'https://app.example.com/link-accounts';
const SECRET = randomBytes(32).toString('hex');
const LINKING_CLIENT_ID = 'account-linker-linking';
const ALICE = DEMO_USER_IDS.alice;
const APPLE = SPARE_USER_IDS.aliceApple;
const IMPOSTOR = SPARE_USER_IDS.aliceImpostor;

const tenant = createTenant();
const server = setupServer(...createHandlers(tenant));
const requests: string[] = [];
server.events.on('request:start', ({ request }) => void requests.push(`${request.method} ${new URL(request.url).pathname}`));
before(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  tenant.reset();
  requests.length = 0;
});
after(() => server.close());

/**
 * The `event` of a post-login Action, as Auth0 documents it (Actions → post-login → Event
 * object), with the fields this Action reads: `user` (the Management API's user object:
 * user_id, email, email_verified, identities, app_metadata), `client` (the application logged in
 * to), `request` (the /authorize request: hostname, query), `transaction` (protocol, state), and
 * `secrets` (the Action's secrets). A /continue adds the page's POSTed body to `request.body`.
 */
interface LoginEvent {
  user: Record<string, unknown> & { user_id: string; email?: string; email_verified?: boolean; app_metadata: Record<string, unknown> };
  client: { client_id: string; name: string };
  request: { hostname: string; method: string; ip: string; query: Record<string, string>; body: Record<string, string> };
  transaction: { protocol: string; state: string };
  secrets: Record<string, string>;
}

/** The `api` of a post-login Action, as Auth0 documents it (API object), with what the Action calls. */
interface LoginApi {
  redirect: {
    encodeToken(options: { secret: string; expiresInSeconds?: number; payload: Record<string, unknown> }): string;
    sendUserTo(url: string, options?: { query?: Record<string, string> }): void;
    validateToken(options: { secret: string; tokenParameterName?: string }): Record<string, unknown>;
  };
  cache: { get(key: string): { value: string; expires_at: number } | undefined; set(key: string, value: string, options?: { expires_at?: number; ttl?: number }): { type: 'success' } };
  user: { setAppMetadata(key: string, value: unknown): void };
  access: { deny(reason: string): void };
}

/** What a login did to Auth0's state: where it was sent, what it recorded, what it said. */
interface Outcome {
  redirect?: URL;
  appMetadata: Record<string, unknown>;
  denied?: string;
  logs: string[];
}

/** One Actions cache per test (Auth0 keeps it per Action across executions). */
let actionsCache = new Map<string, { value: string; expires_at: number }>();
beforeEach(() => (actionsCache = new Map()));

/**
 * A login of `userId` through the Action: `event`/`api` built as above; `jwt` (HS256, jose) plays
 * Auth0's encodeToken (iss the tenant's host, sub the user, iat, exp) and validateToken (the
 * signature, exp, iat, iss, sub present, `state` equal to the transaction's: Auth0's documented checks).
 */
async function login(
  userId: string,
  options: { protocol?: string; query?: Record<string, string>; clientId?: string; appMetadata?: Record<string, unknown>; continueBody?: Record<string, string>; state?: string } = {},
): Promise<{ outcome: Outcome; event: LoginEvent; api: LoginApi }> {
  const stored = tenant.getUser(userId);
  assert.ok(stored, userId);
  const user = { ...structuredClone(stored), app_metadata: options.appMetadata ?? {} };
  const event: LoginEvent = {
    user: user as LoginEvent['user'],
    client: { client_id: options.clientId ?? REGULAR_CLIENT_ID, name: 'Account Linker Regular Web App' },
    request: { hostname: HOST, method: options.continueBody ? 'POST' : 'GET', ip: '203.0.113.7', query: options.query ?? {}, body: options.continueBody ?? {} },
    transaction: { protocol: options.protocol ?? 'oidc-basic-profile', state: options.state ?? randomBytes(16).toString('base64url') },
    secrets: {
      AUTH0_DOMAIN: HOST,
      M2M_CLIENT_ID,
      M2M_CLIENT_SECRET,
      LINKING_SECRET: SECRET,
      LINKING_PAGE_URL: PAGE,
      LINKING_CLIENT_ID,
    },
  };
  const outcome: Outcome = { appMetadata: {}, logs: [] };
  const pending: Promise<string>[] = [];
  const api: LoginApi = {
    redirect: {
      encodeToken({ secret, expiresInSeconds = 900, payload }) {
        // Auth0's encodeToken is synchronous; jose signs asynchronously, so the token is made here
        // and read back when the redirect is looked at (after the handler returns).
        const now = Math.floor(Date.now() / 1000);
        const placeholder = `pending-token-${pending.length}`;
        pending.push(
          new SignJWT({ ...payload })
            .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
            .setIssuer(HOST)
            .setSubject(event.user.user_id)
            .setIssuedAt(now)
            .setExpirationTime(now + expiresInSeconds)
            .sign(new TextEncoder().encode(secret)),
        );
        return placeholder;
      },
      sendUserTo(url, { query = {} } = {}) {
        assert.equal(outcome.redirect, undefined, 'one redirect per Action');
        const target = new URL(url);
        for (const [name, value] of Object.entries(query)) target.searchParams.set(name, value);
        target.searchParams.set('state', event.transaction.state); // Auth0 adds it
        outcome.redirect = target;
      },
      validateToken({ secret, tokenParameterName = 'session_token' }) {
        const token = event.request.body[tokenParameterName] ?? event.request.query[tokenParameterName];
        if (!token) throw new Error('No session token');
        const claims = validated.get(token);
        if (!claims) throw new Error('The session token is invalid');
        if (claims.secret !== secret) throw new Error('The session token is invalid: signature');
        return claims.payload;
      },
    },
    cache: {
      get(key) {
        const entry = actionsCache.get(key);
        return entry && entry.expires_at > Date.now() ? entry : undefined;
      },
      set(key, value, { expires_at, ttl } = {}) {
        actionsCache.set(key, { value, expires_at: expires_at ?? Date.now() + (ttl ?? 15 * 60 * 1000) });
        return { type: 'success' };
      },
    },
    user: { setAppMetadata: (key, value) => void (outcome.appMetadata[key] = value) },
    access: { deny: (reason) => void (outcome.denied = reason) },
  };
  // validateToken is synchronous at Auth0: the POSTed token is checked (jose) before the handler runs.
  const validated = new Map<string, { secret: string; payload: Record<string, unknown> }>();
  const posted = options.continueBody?.session_token;
  if (posted) {
    for (const candidate of [SECRET, 'another-secret-of-the-same-length-000000000000000']) {
      try {
        const { payload } = await jwtVerify(posted, new TextEncoder().encode(candidate), { algorithms: ['HS256'], requiredClaims: ['iss', 'sub', 'iat', 'exp', 'state'] });
        if (payload.state !== event.transaction.state) break;
        validated.set(posted, { secret: candidate, payload: payload as Record<string, unknown> });
        break;
      } catch {
        // not this secret, or expired
      }
    }
  }
  const log = console.log;
  console.log = (...args: unknown[]) => void outcome.logs.push(args.map(String).join(' '));
  try {
    if (options.continueBody) await action.onContinuePostLogin(event, api);
    else await action.onExecutePostLogin(event, api);
  } finally {
    console.log = log;
  }
  if (outcome.redirect) {
    const placeholder = outcome.redirect.searchParams.get('session_token');
    const index = placeholder?.startsWith('pending-token-') ? Number(placeholder.slice('pending-token-'.length)) : -1;
    if (index >= 0) outcome.redirect.searchParams.set('session_token', await pending[index]!);
  }
  return { outcome, event, api };
}

const lookups = () => requests.filter((r) => r.startsWith('GET /api/v2/users-by-email'));

describe('onExecutePostLogin: a verified duplicate sends the login to the page', () => {
  test("Alice's separate Apple login: sent to the page with a session_token naming her database account (not the impostor's)", async () => {
    const { outcome } = await login(APPLE);
    assert.ok(outcome.redirect, outcome.logs.join('\n'));
    assert.equal(`${outcome.redirect.origin}${outcome.redirect.pathname}`, PAGE);
    assert.deepEqual([...outcome.redirect.searchParams.keys()].sort(), ['session_token', 'state']);
    const token = outcome.redirect.searchParams.get('session_token')!;
    // The app's reading of it (node:crypto), then jose's.
    const read = readSessionToken(token, { secret: SECRET, tenantHost: HOST });
    assert.deepEqual(read, { sub: APPLE, email: 'alice@example.com', candidates: [{ provider: 'auth0', connection: 'Username-Password-Authentication' }] });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), { algorithms: ['HS256'] });
    assert.ok(payload.exp! - payload.iat! <= 300, 'short-lived');
    assert.ok(!token.includes('4242') && !JSON.stringify(decodeJwt(token)).includes(IMPOSTOR.split('|')[1]!), 'nothing of the impostor');
    assert.equal(outcome.denied, undefined);
    assert.deepEqual(outcome.appMetadata, {});
  });

  test("Alice's own login: her Apple account is the candidate; the lookup asks Auth0 once (her email is lower case)", async () => {
    const { outcome } = await login(ALICE);
    const read = readSessionToken(outcome.redirect!.searchParams.get('session_token')!, { secret: SECRET, tenantHost: HOST });
    assert.deepEqual(read.candidates, [{ provider: 'apple', connection: 'apple' }]);
    assert.deepEqual(lookups(), ['GET /api/v2/users-by-email']);
  });

  test('the app refuses a token signed with another secret, expired, or from another tenant', async () => {
    const { outcome } = await login(APPLE);
    const token = outcome.redirect!.searchParams.get('session_token')!;
    assert.throws(() => readSessionToken(token, { secret: 'x'.repeat(64), tenantHost: HOST }), /signature/);
    assert.throws(() => readSessionToken(token, { secret: SECRET, tenantHost: HOST, now: Date.now() + 301_000 }), /expired/);
    assert.throws(() => readSessionToken(token, { secret: SECRET, tenantHost: 'other.example.com' }), /issuer/);
    const [head, body] = token.split('.');
    assert.throws(() => readSessionToken(`${head}.${body}.`, { secret: SECRET, tenantHost: HOST }), /signature/);
  });
});

describe('onExecutePostLogin: no redirect, the login continues', () => {
  test('an unverified duplicate only (Alice after her Apple account is linked: the impostor remains) → no redirect', async () => {
    assert.ok(tenant.link(ALICE, APPLE).ok);
    const { outcome } = await login(ALICE);
    assert.equal(outcome.redirect, undefined);
    assert.equal(lookups().length, 1, 'looked up, and the impostor was found and left out');
  });

  test("the impostor's own login (email unverified) → no redirect, and no lookup at all", async () => {
    const { outcome } = await login(IMPOSTOR);
    assert.equal(outcome.redirect, undefined);
    assert.deepEqual(lookups(), []);
  });

  test('nobody shares the email (Bob) → no redirect', async () => {
    assert.equal((await login(DEMO_USER_IDS.bob)).outcome.redirect, undefined);
  });

  for (const [what, status] of [
    ['403 (the application lacks read:users)', 403],
    ['429 (rate limit)', 429],
    ['503', 503],
  ] as const) {
    test(`users-by-email answers ${what} → the login continues (no redirect, no deny), one log line without a token`, async () => {
      tenant.addFault({ method: 'GET', path: '/api/v2/users-by-email', status, times: 2, ...(status === 429 ? { headers: { 'Retry-After': '30' } } : {}) });
      const { outcome } = await login(APPLE);
      assert.equal(outcome.redirect, undefined);
      assert.equal(outcome.denied, undefined);
      assert.equal(outcome.logs.length, 1);
      assert.match(outcome.logs[0]!, new RegExp(`answered ${status}`));
      if (status === 403) assert.match(outcome.logs[0]!, /read:users/);
      assert.doesNotMatch(outcome.logs[0]!, /eyJ|secret/i);
    });
  }

  test('the token endpoint answers 429 → the login continues', async () => {
    tenant.addFault({ method: 'POST', path: '/oauth/token', status: 429 });
    const { outcome } = await login(APPLE);
    assert.equal(outcome.redirect, undefined);
    assert.equal(outcome.denied, undefined);
    assert.match(outcome.logs.join('\n'), /token endpoint answered 429/);
  });

  for (const [what, options] of [
    ['a refresh-token exchange (no browser)', { protocol: 'oauth2-refresh-token' }],
    ['a Resource Owner Password grant', { protocol: 'oauth2-password' }],
    ['silent authentication (prompt=none)', { query: { prompt: 'none' } }],
    ["the linking application's own second sign-in", { clientId: LINKING_CLIENT_ID }],
    ["the page's own 'sign in with my existing account' login", { query: { account_linking: 'skip' } }],
    ['a person who asked not to be asked again', { appMetadata: { account_linking_dismissed: true } }],
  ] as const) {
    test(`${what} → no redirect and no lookup`, async () => {
      const { outcome } = await login(APPLE, options);
      assert.equal(outcome.redirect, undefined);
      assert.deepEqual(requests, []);
    });
  }

  test('the Management API token is fetched once and kept in the Actions cache across logins', async () => {
    await login(APPLE);
    await login(ALICE);
    assert.equal(requests.filter((r) => r === 'POST /oauth/token').length, 1);
    assert.equal(lookups().length, 2);
  });
});

describe('onContinuePostLogin: the page answers through /continue', () => {
  /** The whole round: the login is sent to the page, the page answers, the login resumes. */
  async function roundTrip(answer: (page: { state: string; sub: string }) => { action: string; fields: Record<string, string> }) {
    const { outcome, event } = await login(APPLE);
    const state = outcome.redirect!.searchParams.get('state')!;
    const { sub } = readSessionToken(outcome.redirect!.searchParams.get('session_token')!, { secret: SECRET, tenantHost: HOST });
    const form = answer({ state, sub });
    // The page posts to /continue with the state Auth0 gave it, whatever its token says.
    assert.equal(continueForm({ tenantHost: HOST, state, sub, secret: SECRET }).action, `${TENANT}/continue?state=${encodeURIComponent(state)}`);
    return (await login(APPLE, { continueBody: form.fields, state: event.transaction.state })).outcome;
  }

  test('"do not ask again": validated (signature, state, sub) and recorded in app_metadata; the login goes on', async () => {
    const resumed = await roundTrip(({ state, sub }) => continueForm({ tenantHost: HOST, state, sub, secret: SECRET, dismiss: true }));
    assert.deepEqual(resumed.appMetadata, { account_linking_dismissed: true });
    assert.equal(resumed.denied, undefined);
  });

  test('"continue": validated, nothing recorded', async () => {
    const resumed = await roundTrip(({ state, sub }) => continueForm({ tenantHost: HOST, state, sub, secret: SECRET }));
    assert.deepEqual(resumed.appMetadata, {});
    assert.deepEqual(resumed.logs, []);
  });

  for (const [what, forge] of [
    ['signed with another secret', ({ state, sub }: { state: string; sub: string }) => continueForm({ tenantHost: HOST, state, sub, secret: 'another-secret-of-the-same-length-000000000000000', dismiss: true })],
    ["another login's state", ({ sub }: { state: string; sub: string }) => continueForm({ tenantHost: HOST, state: 'another-state', sub, secret: SECRET, dismiss: true })],
    ['expired', ({ state, sub }: { state: string; sub: string }) => continueForm({ tenantHost: HOST, state, sub, secret: SECRET, dismiss: true, now: Date.now() - 10 * 60 * 1000 })],
    ['for another user', ({ state }: { state: string; sub: string }) => continueForm({ tenantHost: HOST, state, sub: ALICE, secret: SECRET, dismiss: true })],
  ] as const) {
    test(`an answer ${what}: nothing recorded, the login not denied (it was authenticated before the redirect)`, async () => {
      const resumed = await roundTrip(forge);
      assert.deepEqual(resumed.appMetadata, {});
      assert.equal(resumed.denied, undefined);
      assert.equal(resumed.logs.length, 1);
    });
  }
});
