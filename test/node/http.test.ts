// The component's request layer and its legacy mode, in Node against msw: every failure typed.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { http, HttpResponse, delay } from 'msw';
import { server, tenant } from '../../src/mock/node.js';
import { DEMO_TOKENS, DEMO_USER_IDS } from '../../src/mock/index.js';
import { errorDetail, request } from '../../src/http.js';
import { legacyMode } from '../../src/api/legacy.js';
import { readConfig } from '../../src/config.js';
import { LinkerError } from '../../src/errors.js';

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
    assert.equal(errorDetail({ error_description: 'x'.repeat(1000) })!.length, 300);
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
        await delay(500);
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

  it('builds the legacy authorize URL with the token', async () => {
    const url = new URL(await mode.authorizeUrl('tok', { state: 's', connection: 'github' }));
    assert.equal(url.searchParams.get('access_token'), 'tok');
    assert.equal(url.searchParams.get('connection'), 'github');
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
});
