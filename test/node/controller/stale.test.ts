/// <reference types="node" />
// Stale answers (issue 23 E1–E3): work begun under one tenant, client or user never sends or shows
// anything once the configuration (or the token's `sub`, without user-id) changed; the new
// configuration's list loads instead.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { http, HttpResponse } from 'msw';
import { DEMO_TOKENS, DEMO_USER_IDS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import { PendingLinks } from '../../../src/protocol/pending-link.js';
import type { Identity } from '../../../src/protocol/identity.js';
import {
  ALICE_START,
  FakePort,
  ORIGIN,
  Page,
  deferred,
  jwtFor,
  memoryStore,
  returnUrlFor,
  sent,
  sleep,
  until,
  useMockTenant,
  type Deferred,
} from './harness.js';

const { server, requests } = useMockTenant();

const OTHER = 'https://other.example.com';
const ZED = 'auth0|zed0009';
const ZED_IDENTITIES = [{ provider: 'auth0', user_id: 'zed0009', connection: 'Username-Password-Authentication', isSocial: false }];
/** A Management API token of the other tenant (which the mock does not play: the test serves it). */
const OTHER_TOKEN = jwtFor({
  iss: `${OTHER}/`,
  sub: ZED,
  aud: [`${OTHER}/api/v2/`],
  scope: 'read:current_user update:current_user_identities',
  exp: 4102444800,
});

/** The other tenant: its user, and a /oauth/token that must never be asked. */
function serveOtherTenant(): void {
  server.use(
    http.get(`${OTHER}/api/v2/users/:id`, ({ params }) =>
      params['id'] === ZED ? HttpResponse.json({ user_id: ZED, email: 'zed@other.example', identities: ZED_IDENTITIES }) : new HttpResponse(null, { status: 404 }),
    ),
    http.post(`${OTHER}/oauth/token`, () => HttpResponse.json({ error: 'invalid_grant' }, { status: 403 })),
    http.post(`${OTHER}/api/v2/users/:id/identities`, () => HttpResponse.json([], { status: 201 })),
  );
}

/** A management link started on one page (the mock's tenant), authorized as github: the return URL. */
async function returnUrl(store: ReturnType<typeof memoryStore>): Promise<string> {
  const page = new Page(new FakePort(), new PendingLinks(store));
  page.c.tokens.value = DEMO_TOKENS.alice;
  page.configure({ mode: 'management' });
  await page.settle();
  await page.c.link();
  return returnUrlFor(page.port.assigned[0]!, SPARE_USER_IDS.github);
}

const codeOf = (href: string) => new URL(href).searchParams.get('code')!;

async function sentCode(requestsList: Request[], code: string): Promise<boolean> {
  for (const request of requestsList) {
    if (request.method === 'POST' && (await request.clone().text()).includes(code)) return true;
  }
  return false;
}

describe('controller: stale answers', () => {
  test('E1: a management return waits for its token, then domain changes: the code goes nowhere, the new list loads', async () => {
    serveOtherTenant();
    const store = memoryStore();
    const back = await returnUrl(store);
    requests.length = 0;
    const page = new Page(new FakePort(back), new PendingLinks(store));
    page.configure({ mode: 'management' }); // no token yet: the return waits for it
    await page.host.updateComplete;
    await until(() => page.port.replaced.length === 1, 'the return to clean the address bar');

    page.configure({ mode: 'management', domain: 'other.example.com' });
    await page.host.updateComplete;
    page.c.tokens.value = OTHER_TOKEN;
    page.c.tokenChanged();
    await page.settle();
    await until(() => page.c.phase === 'ready', 'the new list');

    assert.equal(sent(requests, 'POST', `${OTHER}/oauth/token`).length, 0, "nothing to the new tenant's /oauth/token");
    assert.equal(sent(requests, 'POST', `${ORIGIN}/oauth/token`).length, 0);
    assert.equal(await sentCode(requests, codeOf(back)), false, 'the code is sent nowhere');
    assert.deepEqual(page.ids(), ['auth0|zed0009']);
    assert.equal(page.of('account-linked').length, 0);
    assert.notEqual(page.c.status?.say, 'linking');
  });

  test('E1: the token and the new domain arrive in the same task: the code goes nowhere', async () => {
    serveOtherTenant();
    const store = memoryStore();
    const back = await returnUrl(store);
    requests.length = 0;
    const page = new Page(new FakePort(back), new PendingLinks(store));
    page.configure({ mode: 'management' });
    await page.host.updateComplete;
    await until(() => page.port.replaced.length === 1, 'the return to clean the address bar');

    page.c.tokens.value = OTHER_TOKEN; // wakes the waiting return…
    page.c.tokenChanged();
    page.configure({ mode: 'management', domain: 'other.example.com' }); // …which must see the change
    await page.settle();
    await until(() => page.c.phase === 'ready', 'the new list');

    assert.equal(sent(requests, 'POST', `${OTHER}/oauth/token`).length, 0);
    assert.equal(await sentCode(requests, codeOf(back)), false);
    assert.deepEqual(page.ids(), ['auth0|zed0009']);
  });

  test('E1: client-id changes while the return waits: nothing is exchanged', async () => {
    const store = memoryStore();
    const back = await returnUrl(store);
    requests.length = 0;
    const page = new Page(new FakePort(back), new PendingLinks(store));
    page.configure({ mode: 'management' });
    await page.host.updateComplete;
    await until(() => page.port.replaced.length === 1, 'the return to clean the address bar');
    page.configure({ mode: 'management', clientId: 'another-client' });
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.c.tokenChanged();
    await page.settle();
    await until(() => page.c.phase === 'ready', 'the list');
    assert.equal(sent(requests, 'POST', `${ORIGIN}/oauth/token`).length, 0);
    assert.deepEqual(page.ids(), ALICE_START);
  });

  test('E3: a load waiting for its token, then domain changes: nothing sent to the old tenant, the new list loads', async () => {
    serveOtherTenant();
    const page = new Page();
    const asked: Deferred<string>[] = [];
    page.c.tokens.provider = () => {
      const next = deferred<string>();
      asked.push(next);
      return next.promise;
    };
    page.configure({ mode: 'management' });
    await page.host.updateComplete;
    await until(() => asked.length === 1, 'the first load to ask for its token');

    page.configure({ mode: 'management', domain: 'other.example.com' });
    await page.host.updateComplete;
    await until(() => asked.length === 2, 'the new load to ask for its token');
    asked[0]!.resolve(DEMO_TOKENS.alice); // the old load's token comes late
    asked[1]!.resolve(OTHER_TOKEN);
    await page.settle();

    assert.equal(sent(requests, 'GET', ORIGIN).length, 0, 'nothing to the old tenant');
    assert.equal(sent(requests, 'GET', `${OTHER}/api/v2/users/`).length, 1);
    assert.deepEqual(page.ids(), ['auth0|zed0009']);
    assert.equal(page.c.phase, 'ready');
    assert.equal(page.c.error, undefined);
  });

  test('E3: domain changes while a return is exchanging its code: no link at the old tenant afterwards, the new list loads, "linking" does not stay', async () => {
    serveOtherTenant();
    const store = memoryStore();
    const back = await returnUrl(store);
    requests.length = 0;
    const gate = deferred<void>();
    const exchanging = deferred<void>();
    // Holds the exchange, then lets the mock answer it (a resolver that returns nothing falls through).
    server.use(
      http.post(`${ORIGIN}/oauth/token`, async () => {
        exchanging.resolve();
        await gate.promise;
      }),
    );
    const page = new Page(new FakePort(back), new PendingLinks(store));
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.configure({ mode: 'management' });
    await page.host.updateComplete;
    await exchanging.promise;
    assert.equal(page.c.status?.say, 'linking');

    page.c.tokens.value = OTHER_TOKEN;
    page.c.tokenChanged();
    page.configure({ mode: 'management', domain: 'other.example.com' });
    gate.resolve();
    await page.settle();
    await until(() => page.c.phase === 'ready', 'the new list');
    await sleep(50);

    assert.deepEqual(page.ids(), ['auth0|zed0009']);
    assert.notEqual(page.c.status?.say, 'linking');
    assert.equal(page.of('account-linked').length, 0);
    assert.equal(page.c.added, undefined);
    assert.equal(sent(requests, 'POST', `${OTHER}/`).length, 0);
  });

  test(
    'E3: domain changes while a return is exchanging its code: the old link is not finished (POST …/identities not sent)',
    async () => {
      serveOtherTenant();
      const store = memoryStore();
      const back = await returnUrl(store);
      requests.length = 0;
      const gate = deferred<void>();
      const exchanging = deferred<void>();
      server.use(
        http.post(`${ORIGIN}/oauth/token`, async () => {
          exchanging.resolve();
          await gate.promise;
        }),
      );
      const page = new Page(new FakePort(back), new PendingLinks(store));
      page.c.tokens.value = DEMO_TOKENS.alice;
      page.configure({ mode: 'management' });
      await page.host.updateComplete;
      await exchanging.promise;
      page.c.tokens.value = OTHER_TOKEN;
      page.c.tokenChanged();
      page.configure({ mode: 'management', domain: 'other.example.com' });
      gate.resolve();
      await page.settle();
      await until(() => page.c.phase === 'ready', 'the new list');
      await sleep(50);
      assert.equal(sent(requests, 'POST', `${ORIGIN}/api/v2/`).length, 0);
    },
  );

  test("E2: without user-id, a token with another sub is another user: the last one's rows go, the new list loads", async () => {
    const page = new Page();
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.configure({ mode: 'management' });
    await page.settle();
    assert.deepEqual(page.ids(), ALICE_START);

    page.c.tokens.value = DEMO_TOKENS.bob;
    page.c.tokenChanged();
    assert.equal(page.c.list, undefined, "alice's rows are gone at once");
    await page.settle();
    assert.deepEqual(page.ids(), ['auth0|bob0002']);
    const [get] = sent(requests, 'GET', `${ORIGIN}/api/v2/users/auth0%7Cbob0002`);
    assert.ok(get);
    assert.equal(page.c.isPrimary(page.c.list![0]!), true);
  });

  test("E2: alice's load still running when bob's token comes: alice's list is never shown", async () => {
    const gate = deferred<void>();
    server.use(
      http.get(`${ORIGIN}/api/v2/users/${encodeURIComponent(DEMO_USER_IDS.alice)}`, async () => {
        await gate.promise;
      }),
    );
    const page = new Page();
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.configure({ mode: 'management' });
    await page.host.updateComplete;
    await until(() => sent(requests, 'GET', `${ORIGIN}/api/v2/users/auth0%7Calice0001`).length === 1, "alice's load");
    // Bob's token arrives before alice's list was shown: the subject on show is not known yet.
    page.c.tokens.value = DEMO_TOKENS.bob;
    page.c.tokenChanged();
    await page.settle();
    gate.resolve();
    await page.settle();
    await until(() => page.c.phase === 'ready', 'a list');
    await sleep(50);
    assert.deepEqual(page.ids(), ['auth0|bob0002']);
  });

  test(
    "E2: after the user changed, unlink() of the last user's row sends nothing and fires no account-unlinked",
    async () => {
      const page = new Page();
      page.c.tokens.value = DEMO_TOKENS.alice;
      page.configure({ mode: 'management' });
      await page.settle();
      const alices: Identity = page.c.list!.find((i) => i.provider === 'github')!;
      page.c.tokens.value = DEMO_TOKENS.bob;
      page.c.tokenChanged();
      await page.settle();
      requests.length = 0;
      const outcome = await page.c.unlink(alices);
      assert.equal(page.of('account-unlinked').length, 0, 'no account-unlinked for a row bob never had');
      assert.equal(sent(requests, 'DELETE', ORIGIN).length, 0, 'nothing sent');
      assert.notEqual(outcome.is, 'unlinked');
    },
  );

  test('the user-id given: another token of the same user is not a change of user', async () => {
    const page = new Page();
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.configure({ mode: 'management', userId: DEMO_USER_IDS.alice });
    await page.settle();
    requests.length = 0;
    page.c.tokens.value = DEMO_TOKENS.alice;
    page.c.tokenChanged();
    await page.settle();
    assert.deepEqual(page.ids(), ALICE_START);
    assert.equal(requests.length, 0, 'a ready list is not reloaded');
  });
});
