// The component's request layer and its legacy mode, in Node against msw: every failure typed.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { http, HttpResponse, delay } from 'msw';
import { server, tenant } from '../../src/mock/node.js';
import { DEMO_TOKENS, DEMO_USER_IDS, SPARE_USER_IDS } from '../../src/mock/index.js';
import { decide } from './helpers.js';
import { errorDetail, request } from '../../src/protocol/http.js';
import { legacyMode } from '../../src/modes/legacy.js';
import { readConfig } from '../../src/protocol/config.js';
import { LinkerError } from '../../src/protocol/errors.js';
import { identityKey } from '../../src/protocol/identity.js';
import type { PendingLink } from '../../src/protocol/pending-link.js';

const URL_ = 'https://tenant.example.com/userinfo';

before(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => tenant.reset());
afterEach(() => server.resetHandlers());
after(() => server.close());

async function failure(promise: Promise<unknown>): Promise<LinkerError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LinkerError, `not a LinkerError: ${String(error)}`);
    return error;
  }
  assert.fail('expected a failure');
}

describe('request()', () => {
  it('sends the Bearer token and JSON, omits cookies, and parses JSON', async () => {
    let seen: Request | undefined;
    server.use(
      http.post(URL_, async ({ request: req }) => {
        seen = req.clone();
        return HttpResponse.json({ ok: true });
      }),
    );
    assert.deepEqual(await request(URL_, { method: 'POST', token: 't', json: { a: 1 } }), { ok: true });
    assert.equal(seen!.headers.get('authorization'), 'Bearer t');
    assert.equal(seen!.headers.get('content-type'), 'application/json');
    assert.deepEqual(await seen!.json(), { a: 1 });
    assert.equal(seen!.credentials, 'omit');
  });

  const statuses: [number, string][] = [
    [400, 'requestFailed'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'notFound'],
    [429, 'rateLimited'],
    [500, 'serverError'],
    [503, 'serverError'],
  ];
  for (const [status, reason] of statuses) {
    it(`turns ${status} into http/${reason} with the server's message`, async () => {
      server.use(http.get(URL_, () => HttpResponse.json({ error: 'x', error_description: `said ${status}` }, { status })));
      const error = await failure(request(URL_));
      assert.equal(error.code, 'http');
      assert.equal(error.reason, reason);
      assert.equal(error.status, status);
      assert.equal(error.detail, `said ${status}`);
    });
  }

  it('reads Management API error bodies and ignores non-JSON error bodies', async () => {
    assert.equal(errorDetail({ statusCode: 400, error: 'Bad Request', message: 'Main identity cannot be removed.' }), 'Main identity cannot be removed.');
    assert.equal(errorDetail('<html>'), undefined);
    // Kept long enough for the element to scrub an echoed token before it cuts to 300 characters.
    assert.equal(errorDetail({ error_description: 'x'.repeat(1000) })!.length, 1000);
    assert.equal(errorDetail({ error_description: 'x'.repeat(5000) })!.length, 4000);
    assert.equal(errorDetail({ error_description: '  ', message: ' Main ' }), 'Main');
    server.use(http.get(URL_, () => HttpResponse.html('<h1>502</h1>', { status: 502 })));
    const error = await failure(request(URL_));
    assert.equal(error.code, 'http');
    assert.equal(error.detail, undefined);
  });

  it('turns an HTML or broken JSON success into bad-response', async () => {
    server.use(http.get(URL_, () => HttpResponse.html('<html>login</html>')));
    assert.equal((await failure(request(URL_))).code, 'bad-response');
    server.use(http.get(URL_, () => new HttpResponse('{"a":', { headers: { 'Content-Type': 'application/json' } })));
    assert.equal((await failure(request(URL_))).code, 'bad-response');
  });

  it('turns a network failure and a timeout into network', async () => {
    server.use(http.get(URL_, () => HttpResponse.error()));
    assert.equal((await failure(request(URL_))).code, 'network');
    server.use(
      http.get(URL_, async () => {
        await delay(500); // one process, one timer queue: the 50 ms timeout fires first however slow the machine
        return HttpResponse.json({});
      }),
    );
    const error = await failure(request(URL_, { timeoutMs: 50 }));
    assert.equal(error.code, 'network');
    assert.match(error.detail!, /timed out/);
  });

  it('lets an abort through as an abort, not an error to show', async () => {
    server.use(
      http.get(URL_, async () => {
        await delay(500);
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const pending = request(URL_, { signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, (error: unknown) => error instanceof DOMException && error.name === 'AbortError');
  });

  it('sends a form body as application/x-www-form-urlencoded', async () => {
    let seen: Request | undefined;
    server.use(
      http.post(URL_, ({ request: req }) => {
        seen = req.clone();
        return HttpResponse.json({ ok: true });
      }),
    );
    await request(URL_, { method: 'POST', form: { a: '1 2', b: 'x&y=z' } });
    assert.equal(seen!.headers.get('content-type'), 'application/x-www-form-urlencoded');
    assert.equal(seen!.headers.get('authorization'), null);
    assert.equal(await seen!.text(), 'a=1+2&b=x%26y%3Dz');
  });

  it("keeps Auth0's errorCode (Management API) or error (OAuth) in extra", async () => {
    server.use(http.get(URL_, () => HttpResponse.json({ statusCode: 403, message: 'no', errorCode: 'insufficient_scope' }, { status: 403 })));
    assert.deepEqual((await failure(request(URL_))).extra, { errorCode: 'insufficient_scope' });
    server.use(http.get(URL_, () => HttpResponse.json({ error: 'invalid_grant', error_description: 'no' }, { status: 403 })));
    assert.deepEqual((await failure(request(URL_))).extra, { errorCode: 'invalid_grant' });
    server.use(http.get(URL_, () => HttpResponse.json({ error: 'not a code <script>' }, { status: 400 })));
    assert.deepEqual((await failure(request(URL_))).extra, {});
  });

  it('reads Retry-After as seconds or as an HTTP date, and ignores nonsense', async () => {
    const cases: Array<[string, number | undefined]> = [
      ['7', 7],
      ['0', 0],
      [new Date(Date.now() + 30_000).toUTCString(), 30],
      ['soon', undefined],
      ['-5', undefined],
      ['999999', undefined],
      [new Date(Date.now() - 60_000).toUTCString(), undefined],
    ];
    for (const [header, seconds] of cases) {
      server.use(http.get(URL_, () => HttpResponse.json({ error: 'too_many_requests' }, { status: 429, headers: { 'Retry-After': header } })));
      const error = await failure(request(URL_));
      assert.equal(error.reason, 'rateLimited');
      if (seconds === undefined) assert.equal(error.extra.retryAfter, undefined, header);
      // An HTTP date has one-second resolution: allow the clock to tick.
      else assert.ok(Math.abs(error.extra.retryAfter! - seconds) <= 1, `${header} → ${error.extra.retryAfter}`);
    }
  });

  it('never follows a redirect: http/redirected, and the target is not asked', async () => {
    let followed = false;
    server.use(
      http.get(URL_, () => new HttpResponse(null, { status: 302, headers: { Location: 'https://evil.example.com/steal' } })),
      http.get('https://evil.example.com/steal', () => {
        followed = true;
        return HttpResponse.json({ sub: 'x', identities: [] });
      }),
    );
    const error = await failure(request(URL_, { token: 'secret-token' }));
    assert.equal(error.code, 'http');
    assert.equal(error.reason, 'redirected');
    assert.equal(error.status, 302);
    assert.equal(followed, false);
  });

  it('does not read a success body when told not to (legacy /unlink)', async () => {
    server.use(http.post(URL_, () => HttpResponse.html('OK')));
    assert.equal(await request(URL_, { method: 'POST', readBody: false }), undefined);
  });
});

describe('legacy mode against the mock tenant', () => {
  const config = readConfig({ domain: 'tenant.example.com', clientId: 'account-linker-demo' }, 'https://app.example.com/account');
  const mode = legacyMode(config);

  it('loads the profile from /userinfo', async () => {
    const profile = await mode.loadProfile(DEMO_TOKENS.alice);
    assert.equal(profile.userId, DEMO_USER_IDS.alice);
    assert.deepEqual(
      profile.identities.map((i) => `${i.provider}|${i.user_id}`),
      ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'],
    );
  });

  it('builds the legacy authorize URL with the token, and keeps no secrets', async () => {
    const { url, secrets } = await mode.startLink('tok', { state: 's', connection: 'github', responseMode: 'query' });
    const query = new URL(url).searchParams;
    assert.equal(new URL(url).origin + new URL(url).pathname, 'https://tenant.example.com/authorize');
    assert.equal(query.get('access_token'), 'tok');
    assert.equal(query.get('connection'), 'github');
    assert.equal(query.get('state'), 's');
    assert.equal(query.get('scope'), 'openid');
    assert.equal(query.has('response_mode'), false);
    assert.equal(query.has('code_challenge'), false);
    assert.equal(query.has('nonce'), false);
    assert.deepEqual(secrets, {});
    const popup = new URL((await mode.startLink('tok', { state: 's', responseMode: 'web_message' })).url).searchParams;
    assert.equal(popup.get('response_mode'), 'web_message');
    assert.equal(popup.has('connection'), false);
  });

  const pendingFor = (known?: string[]): PendingLink => ({
    state: 's',
    origin: config.origin,
    clientId: config.clientId,
    redirectUri: config.redirectUri,
    createdAt: Date.now(),
    ...(known ? { known } : {}),
  });

  /** The legacy /authorize flow as the browser would run it: the page, then a choice. */
  async function authorizeWith(url: string, identity: string): Promise<URLSearchParams> {
    const page = await fetch(url, { redirect: 'manual' });
    const tx = /name="tx" value="([^"]+)"/.exec(await page.text())?.[1];
    assert.ok(tx, 'the page carries a transaction id');
    const decided = await decide({ tx, identity });
    assert.equal(decided.status, 302);
    return new URL(decided.headers.get('Location')!).searchParams;
  }

  it('completes a link when the reloaded list has a new identity', async () => {
    const known = (await mode.loadProfile(DEMO_TOKENS.alice)).identities.map(identityKey);
    const { url } = await mode.startLink(DEMO_TOKENS.alice, { state: 's1', responseMode: 'query' });
    const back = await authorizeWith(url, SPARE_USER_IDS.github);
    assert.equal(back.get('state'), 's1');
    const profile = await mode.completeLink(DEMO_TOKENS.alice, { state: 's1', code: back.get('code')! }, pendingFor(known));
    assert.deepEqual(profile.identities.map(identityKey), [...known, SPARE_USER_IDS.github]);
  });

  it('says legacy-unsupported when a return adds no identity', async () => {
    const before = (await mode.loadProfile(DEMO_TOKENS.alice)).identities.map(identityKey);
    const error = await failure(mode.completeLink(DEMO_TOKENS.alice, { state: 's', code: 'c' }, pendingFor(before)));
    assert.equal(error.code, 'legacy-unsupported');
    assert.equal(error.reason, 'legacyUnsupported');
  });

  it('says legacy-unsupported when /userinfo has no identities (a tenant of today)', async () => {
    tenant.configure({ legacyLinking: false });
    // Today's tenant ignores the token: the login goes through, nothing is linked.
    const { url } = await mode.startLink(DEMO_TOKENS.alice, { state: 's2', responseMode: 'query' });
    assert.ok((await authorizeWith(url, SPARE_USER_IDS.github)).get('code'));
    for (const run of [
      () => mode.loadProfile(DEMO_TOKENS.alice),
      () => mode.completeLink(DEMO_TOKENS.alice, { state: 's', code: 'c' }, pendingFor([])),
    ]) {
      const error = await failure(run());
      assert.equal(error.code, 'legacy-unsupported');
      assert.equal(error.reason, 'legacyUnsupported');
    }
  });

  it('accepts any token (the Authentication API does not say which)', () => {
    assert.doesNotThrow(() => mode.checkToken('opaque'));
  });

  it('unlinks through POST /unlink and the tenant forgets the identity', async () => {
    const profile = await mode.loadProfile(DEMO_TOKENS.alice);
    await mode.unlink(DEMO_TOKENS.alice, profile.identities[2]!, DEMO_USER_IDS.alice);
    const after = await mode.loadProfile(DEMO_TOKENS.alice);
    assert.equal(after.identities.length, 2);
  });

  it('reports the main identity refusal as primary-identity', async () => {
    const profile = await mode.loadProfile(DEMO_TOKENS.alice);
    const error = await failure(mode.unlink(DEMO_TOKENS.alice, profile.identities[0]!, undefined));
    assert.equal(error.code, 'primary-identity');
    assert.equal(error.status, 400);
  });

  it('reports a bad token as http 401', async () => {
    const error = await failure(mode.loadProfile('forged'));
    assert.equal(error.code, 'http');
    assert.equal(error.status, 401);
  });

  it("takes a 401's reason from WWW-Authenticate when the body is Auth0's plain `Unauthorized`", async () => {
    const error = await failure(mode.loadProfile(DEMO_TOKENS.expired));
    assert.equal(error.status, 401);
    assert.equal(error.detail, 'The access token expired.');
  });
});
