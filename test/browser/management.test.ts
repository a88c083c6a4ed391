// mode="management" against the real msw handlers: the list from GET /api/v2/users/{id}, a link by
// redirect (PKCE + nonce, code exchanged at /oauth/token, POST …/identities {link_with}), the ID
// token checks and refusals, and an unlink by DELETE …/identities/{provider}/{user_id}.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { DEMO_SCOPE, DEMO_USER_IDS, SPARE_USER_IDS } from '../../src/mock/index.js';
import type { AccountLinker } from '../../src/account-linker.js';
import type { ErrorCode } from '../../src/protocol/errors.js';
import type { AccountLinkedDetail, AccountUnlinkedDetail } from '../../src/events.js';
import {
  ALICE,
  CLIENT_ID,
  DOMAIN,
  ORIGIN,
  collectErrors,
  errorShown,
  listed,
  loaded,
  part,
  row,
  rowIds,
  rows,
  tenant,
  tick,
  useMock,
  withLocation,
  worker,
  type Attrs,
} from './helpers.js';
import {
  ALICE_IDS,
  ALICE_PATH,
  AUDIENCE,
  PENDING_KEY,
  SCOPES,
  addLinkUrl,
  clearPending,
  craftJwt,
  decide,
  expectFocusIn,
  idClaims,
  mlinker,
  pendingLinks,
  recordAll,
  s256,
  shown,
  startLink,
  tenantIds,
  visibleNotice,
  type Logged,
} from './management-helpers.js';

const GITHUB_SPARE = SPARE_USER_IDS.github;
const CAROL_FACEBOOK = 'facebook|10203040506070809';

function aliceInTenant(): string[] {
  return tenantIds(tenant.getUser(DEMO_USER_IDS.alice)?.identities);
}

/** The tenant is as seeded for alice and the spare: nothing was linked. */
function expectNothingLinked(spare: string = GITHUB_SPARE): void {
  expect(aliceInTenant(), 'alice in the tenant').to.deep.equal(ALICE_IDS);
  expect(tenant.getUser(spare), `${spare} is still a user of its own`).to.exist;
}

function lines(log: Logged[]): string[] {
  return log.map((entry) => entry.line);
}

/** A token the element would send (JWT for the Management API) with some claims changed. */
function accessTokenWith(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  return craftJwt(
    { alg: 'RS256', typ: 'JWT', kid: 'mock' },
    {
      iss: `${ORIGIN}/`,
      sub: DEMO_USER_IDS.alice,
      aud: [AUDIENCE, `${ORIGIN}/userinfo`],
      azp: CLIENT_ID,
      scope: DEMO_SCOPE,
      iat: now,
      exp: now + 3600,
      ...claims,
    },
  );
}

/** Creates the return page's element for `code`/`state`; resolves once it shows a list. */
async function returnWith(
  code: string,
  state: string,
  attrs: Attrs = {},
): Promise<{ el: AccountLinker; linked: AccountLinkedDetail[] }> {
  const linked: AccountLinkedDetail[] = [];
  const onLinked = (e: Event) => linked.push((e as CustomEvent<AccountLinkedDetail>).detail);
  document.addEventListener('account-linked', onLinked);
  try {
    return await withLocation(`code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`, async () => {
      const el = await mlinker(attrs);
      await waitUntil(() => linked.length > 0 || part(el, 'error'), 'the return neither linked nor failed', { timeout: 8000 });
      await listed(el);
      // The view moves focus after account-linked, once it rendered: the return's last step.
      if (linked.length) await waitUntil(() => el.shadowRoot!.activeElement, 'focus did not move into the element after account-linked', { timeout: 5000 });
      await el.updateComplete;
      return { el, linked };
    });
  } finally {
    document.removeEventListener('account-linked', onLinked);
  }
}

describe('<account-linker mode="management">', () => {
  useMock();
  beforeEach(() => clearPending());
  afterEach(() => clearPending());

  describe('loading the list', () => {
    it('GETs /api/v2/users/auth0%7Calice0001 with the token as a Bearer header, and nothing else', async () => {
      const log = recordAll();
      const el = await mlinker();
      await loaded(el);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
      expect(lines(log)).to.deep.equal([`GET ${ALICE_PATH}`]);
      expect(log[0]!.url.origin).to.equal(ORIGIN);
      expect(log[0]!.url.search).to.equal('');
      expect(log[0]!.headers.get('authorization')).to.equal(`Bearer ${ALICE}`);
      expect(part(el, 'primary-badge', row(el, 'auth0|alice0001'))).to.exist;
      expect(shown(part(el, 'error'))).to.equal(null);
    });

    it('uses user-id rather than the token\'s sub', async () => {
      // A token of bob's allowed to read any user (read:users): the path decides whose list shows.
      const token = tenant.issueAccessToken(DEMO_USER_IDS.bob, {
        scope: `read:users ${SCOPES}`,
        azp: CLIENT_ID,
        issuer: `${ORIGIN}/`,
      });
      const log = recordAll();
      const el = await mlinker({ token, userId: DEMO_USER_IDS.alice });
      await loaded(el);
      expect(lines(log)).to.deep.equal([`GET ${ALICE_PATH}`]);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
      // Without user-id, the same token lists its own user.
      const own = await mlinker({ token });
      await loaded(own);
      expect(lines(log)[1]).to.equal(`GET /api/v2/users/${encodeURIComponent(DEMO_USER_IDS.bob)}`);
      expect(rowIds(own)).to.deep.equal(['auth0|bob0002']);
    });

    describe('a token the Management API would refuse is reported before any request', () => {
      const cases: [string, string, RegExp][] = [
        ['an opaque token (a login without audience)', 'opaque-access-token-0123456789abcdef', /not a JWT/],
        ['a token for /userinfo only', accessTokenWith({ aud: `${ORIGIN}/userinfo` }), /not for the Management API/],
        ['a token for another API', accessTokenWith({ aud: 'https://api.example.com/' }), /not for the Management API/],
        [
          'a token without update:current_user_identities',
          accessTokenWith({ scope: 'openid profile email read:current_user' }),
          /lacks a scope.*\(update:current_user_identities\)/,
        ],
        ['a token without any Management API scope', accessTokenWith({ scope: 'openid profile email' }), /lacks a scope.*\(read:current_user update:current_user_identities\)/],
      ];
      for (const [name, token, message] of cases) {
        it(`${name}: insufficient-scope naming the audience and the scopes`, async () => {
          const log = recordAll();
          const errors = collectErrors();
          const el = await mlinker({ token });
          const alert = await errorShown(el);
          // A request or a second error would follow the refusal; nothing marks their absence.
          await tick(50);
          errors.stop();
          expect(log.map((l) => `${l.line}`), 'requests sent').to.deep.equal([]);
          expect(alert.getAttribute('role')).to.equal('alert');
          expect(alert.dataset['code']).to.equal('insufficient-scope');
          expect(errors.list.map((e) => e.code)).to.deep.equal(['insufficient-scope']);
          const text = errors.list[0]!.message;
          expect(text).to.match(message);
          expect(text).to.contain(`"${AUDIENCE}"`);
          expect(text).to.contain(`"${SCOPES}"`);
          // On show: the sentence first; the token help and the detail behind the disclosure.
          const lead = alert.querySelector(':scope > p')!.textContent!;
          const technical = alert.querySelector('details')!.textContent!;
          expect(text.startsWith(`${lead} `), `"${text}" starts with "${lead}"`).to.be.true;
          expect(technical).to.contain(text.slice(lead.length + 1).replace(/ \(([^()]*)\)$/, ''));
          const detail = /\(([^()]*)\)$/.exec(text)?.[1];
          if (detail) expect(technical).to.contain(detail);
          expect(text).not.to.contain(token);
          expect(rows(el)).to.have.length(0);
        });
      }
    });

    describe('server answers', () => {
      const apiError = (statusCode: number, error: string, message: string, errorCode?: string) => ({
        statusCode,
        error,
        message,
        ...(errorCode ? { errorCode } : {}),
      });
      const fault = (spec: Parameters<typeof tenant.addFault>[0]) => () => tenant.addFault({ method: 'GET', ...spec });
      const cases: [string, () => void, ErrorCode, number | undefined, RegExp[]][] = [
        [
          '400 "Bad HTTP authentication header format" (errorCode Bearer)',
          fault({ path: '/api/v2/users/*', status: 400, body: apiError(400, 'Bad Request', 'Bad HTTP authentication header format', 'Bearer') }),
          'insufficient-scope',
          400,
          [/not a JWT/, new RegExp(AUDIENCE.replace(/[./]/g, '\\$&')), /read:current_user update:current_user_identities/],
        ],
        [
          '403 insufficient_scope',
          fault({
            path: '/api/v2/users/*',
            status: 403,
            body: apiError(403, 'Forbidden', 'Insufficient scope, expected any of: read:users,read:current_user', 'insufficient_scope'),
          }),
          'insufficient-scope',
          403,
          [/refused the access token: a scope is missing/, /read:current_user update:current_user_identities/],
        ],
        [
          '401 Invalid token',
          fault({ path: '/api/v2/users/*', status: 401, body: apiError(401, 'Unauthorized', 'Invalid token') }),
          'missing-token',
          401,
          [/did not accept the access token \(401\)/, /Invalid token/],
        ],
        [
          '403 unowned_resource',
          fault({
            path: '/api/v2/users/*',
            status: 403,
            body: apiError(403, 'Forbidden', 'User to be acted on does not match subject in bearer token.', 'unowned_resource'),
          }),
          'http',
          403,
          [/belongs to another user than the one shown \(403\)/],
        ],
        [
          '429 with Retry-After: 30',
          fault({ path: '/api/v2/users/*', status: 429, headers: { 'Retry-After': '30' } }),
          'http',
          429,
          [/Too many requests/, /Try again in 30 seconds\./],
        ],
        ['500', fault({ path: '/api/v2/users/*', status: 500 }), 'http', 500, [/had a problem/]],
        [
          'an HTML page',
          fault({ path: '/api/v2/users/*', status: 200, body: '<!doctype html><html><body>Log in</body></html>', contentType: 'text/html; charset=utf-8' }),
          'bad-response',
          undefined,
          [/cannot read/],
        ],
        [
          'a network failure',
          () => worker.use(http.get(`${ORIGIN}/api/v2/users/*`, () => HttpResponse.error(), { once: true })),
          'network',
          undefined,
          [/Could not reach/],
        ],
      ];
      for (const [name, arrange, code, status, messages] of cases) {
        it(`${name} → ${code}, at start and on a reload that keeps the list`, async () => {
          const errors = collectErrors();
          try {
            arrange();
            const el = await mlinker();
            const alert = await errorShown(el);
            expect(alert.dataset['code']).to.equal(code);
            for (const message of messages) expect(alert.textContent!.replace(/\s+/g, ' ')).to.match(message);
            expect(errors.list.map((e) => [e.code, e.status])).to.deep.equal([[code, status]]);
            expect(rows(el)).to.have.length(0);
            // Only what can help (contract): "Try again" after a network failure, a server's failure
            // or a rate limit; no add link without a list.
            const retryable = code === 'network' || (status ?? 0) >= 500 || status === 429;
            if (retryable) expect(part(el, 'retry'), 'retry').to.exist;
            else expect(part(el, 'retry'), 'no retry').to.be.null;
            expect(part(el, 'add-link')).to.be.null;

            // The answer was a one-off: the next load works.
            await el.reload();
            await el.updateComplete;
            expect(rowIds(el)).to.deep.equal(ALICE_IDS);
            expect(shown(part(el, 'error'))).to.equal(null);

            errors.list.length = 0;
            arrange();
            await el.reload();
            await el.updateComplete;
            expect(part(el, 'error')?.dataset['code']).to.equal(code);
            for (const message of messages) expect(errors.list[0]?.message).to.match(message);
            expect(errors.list.map((e) => [e.code, e.status])).to.deep.equal([[code, status]]);
            expect(rowIds(el), 'the list on show').to.deep.equal(ALICE_IDS);
            expect(aliceInTenant()).to.deep.equal(ALICE_IDS);
          } finally {
            errors.stop();
          }
        });
      }

      it('a token the tenant does not know: the real 401 → missing-token', async () => {
        const errors = collectErrors();
        const el = await mlinker({ token: accessTokenWith({}) });
        const alert = await errorShown(el);
        errors.stop();
        expect(errors.list.map((e) => [e.code, e.status])).to.deep.equal([['missing-token', 401]]);
        // The sentence names the status; the server's text is in the disclosure after it.
        expect(alert.querySelector(':scope > p')!.textContent).to.match(/\(401\)/);
        expect(alert.querySelector('details')!.textContent).to.contain('Invalid token');
      });

      it('another user\'s id: the real 403 unowned_resource', async () => {
        const errors = collectErrors();
        const el = await mlinker({ userId: DEMO_USER_IDS.bob });
        const alert = await errorShown(el);
        errors.stop();
        expect(errors.list.map((e) => [e.code, e.status])).to.deep.equal([['http', 403]]);
        expect(alert.textContent).to.match(/belongs to another user than the one shown/);
      });
    });
  });

  describe('linking by redirect', () => {
    it('the add link\'s URL: code + PKCE S256, state, nonce, prompt=login, max_age=0, and never a token', async () => {
      const el = await mlinker();
      await loaded(el);
      const log = recordAll();
      const before = window.location.href;
      const url = await addLinkUrl(el);
      const q = url.searchParams;
      expect(`${url.origin}${url.pathname}`).to.equal(`${ORIGIN}/authorize`);
      expect(q.get('response_type')).to.equal('code');
      expect(q.get('client_id')).to.equal(CLIENT_ID);
      expect(q.get('redirect_uri')).to.equal(`${location.origin}${location.pathname}`);
      expect(q.get('scope')).to.equal('openid profile email');
      expect(q.get('state')).to.match(/^[A-Za-z0-9_-]{20,}$/);
      expect(q.get('nonce')).to.match(/^[A-Za-z0-9_-]{20,}$/);
      expect(q.get('nonce')).not.to.equal(q.get('state'));
      expect(q.get('code_challenge')).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('code_challenge_method')).to.equal('S256');
      expect(q.get('prompt')).to.equal('login');
      expect(q.get('max_age')).to.equal('0');
      expect(q.has('connection')).to.be.false;
      expect(q.has('access_token')).to.be.false;
      expect(q.has('response_mode')).to.be.false;
      expect(url.href).not.to.contain(ALICE);
      // The cancelled event: no navigation, no request.
      expect(window.location.href).to.equal(before);
      expect(lines(log)).to.deep.equal([]);

      // Kept for the return: the verifier behind the challenge and the nonce, never the token.
      const pending = pendingLinks()[q.get('state')!]!;
      expect(pending, 'the pending link').to.exist;
      expect(await s256(pending['codeVerifier'] as string)).to.equal(q.get('code_challenge'));
      expect(pending['nonce']).to.equal(q.get('nonce'));
      expect(sessionStorage.getItem(PENDING_KEY)).not.to.contain(ALICE);

      // The mock tenant's /authorize accepts it.
      const { state } = await decide(url, GITHUB_SPARE);
      expect(state).to.equal(q.get('state'));
    });

    it('sends connection= for a connection\'s add link', async () => {
      const el = await mlinker({ connections: 'facebook windowslive' });
      await loaded(el);
      const url = await addLinkUrl(el, 'windowslive');
      expect(url.searchParams.get('connection')).to.equal('windowslive');
      expect(url.searchParams.get('scope')).to.equal('openid profile email');
      expect(url.searchParams.has('access_token')).to.be.false;
    });

    it('on return: one code exchange with the verifier, one POST …/identities {link_with}, no GET, the new row focused', async () => {
      const url = await startLink();
      const { code, state } = await decide(url, GITHUB_SPARE);
      const log = recordAll();
      const errors = collectErrors();
      const { el, linked } = await returnWith(code, state);
      // A GET of the list after the link would be the fault here; nothing marks its absence.
      await tick(50);
      errors.stop();

      expect(errors.list, 'errors').to.deep.equal([]);
      expect(lines(log)).to.deep.equal(['POST /oauth/token', `POST ${ALICE_PATH}/identities`]);

      const [exchange, link] = log as [Logged, Logged];
      expect(exchange.url.origin).to.equal(ORIGIN);
      expect(exchange.headers.get('authorization'), 'the primary token never goes to /oauth/token').to.be.null;
      expect(exchange.headers.get('content-type')).to.match(/^application\/x-www-form-urlencoded/);
      const form = new URLSearchParams(exchange.body);
      expect(form.get('grant_type')).to.equal('authorization_code');
      expect(form.get('client_id')).to.equal(CLIENT_ID);
      expect(form.get('code')).to.equal(code);
      expect(form.get('redirect_uri')).to.equal(url.searchParams.get('redirect_uri'));
      expect(await s256(form.get('code_verifier')!)).to.equal(url.searchParams.get('code_challenge'));
      expect(form.has('client_secret')).to.be.false;
      expect(exchange.body).not.to.contain(ALICE);

      expect(link.headers.get('authorization')).to.equal(`Bearer ${ALICE}`);
      const body = JSON.parse(link.body) as { link_with: string };
      expect(Object.keys(body)).to.deep.equal(['link_with']);
      const [header, payload] = body.link_with.split('.').slice(0, 2).map((p) => JSON.parse(atob(p.replace(/-/g, '+').replace(/_/g, '/'))));
      expect(header.alg).to.equal('RS256');
      expect(payload.sub).to.equal(GITHUB_SPARE);
      expect(payload.aud).to.equal(CLIENT_ID);
      expect(payload.nonce).to.equal(url.searchParams.get('nonce'));

      expect(linked).to.have.length(1);
      expect(linked[0]!.code).to.equal(code);
      expect(linked[0]!.identities.map((i) => `${i.provider}|${i.user_id}`)).to.deep.equal([...ALICE_IDS, GITHUB_SPARE]);
      expect(rowIds(el)).to.deep.equal([...ALICE_IDS, GITHUB_SPARE]);
      const added = row(el, GITHUB_SPARE);
      expect(added.hasAttribute('data-added')).to.be.true;
      expect(shown(part(el, 'error'))).to.equal(null);
      expect(visibleNotice(el).textContent).to.match(/GitHub \(octo-spare@users\.noreply\.github\.com\) is now linked/);

      // Focus is in the element: the new row (or the notice), never <body>.
      expectFocusIn(el, [added, part(el, 'notice')]);

      // The address bar is clean, the state used up, the tenant linked.
      expect(new URLSearchParams(location.search).has('code')).to.be.false;
      expect(new URLSearchParams(location.search).has('state')).to.be.false;
      expect(pendingLinks()[state]).to.be.undefined;
      expect(aliceInTenant()).to.deep.equal([...ALICE_IDS, GITHUB_SPARE]);
      expect(tenant.getUser(GITHUB_SPARE)).to.be.undefined;
    });

    it('survives a reload in the middle: the pending link is in sessionStorage, and the return completes once', async () => {
      const first = await mlinker();
      await loaded(first);
      const url = await addLinkUrl(first);
      const state = url.searchParams.get('state')!;
      // The page unloads for /authorize.
      first.remove();
      expect(Object.keys(pendingLinks())).to.deep.equal([state]);
      const { code } = await decide(url, GITHUB_SPARE);

      const log = recordAll();
      const errors = collectErrors();
      const linked: AccountLinkedDetail[] = [];
      const onLinked = (e: Event) => linked.push((e as CustomEvent<AccountLinkedDetail>).detail);
      document.addEventListener('account-linked', onLinked);
      try {
        await withLocation(`code=${code}&state=${state}`, async () => {
          // The return page has two elements for the same tenant and client: one of them finishes.
          const page = await fixture<HTMLElement>(html`<div>
            <account-linker mode="management" domain=${DOMAIN} client-id=${CLIENT_ID} access-token=${ALICE}></account-linker>
            <account-linker mode="management" domain=${DOMAIN} client-id=${CLIENT_ID} access-token=${ALICE}></account-linker>
          </div>`);
          const [a, b] = [...page.querySelectorAll<AccountLinker>('account-linker')] as [AccountLinker, AccountLinker];
          await waitUntil(() => linked.length > 0, 'nothing linked', { timeout: 8000 });
          await listed(a);
          await listed(b);
          await waitUntil(() => [a, b].some((el) => rowIds(el).includes(GITHUB_SPARE)), 'the new row in neither element', { timeout: 5000 });
          const finisher = rowIds(a).includes(GITHUB_SPARE) ? a : b;
          expect(rowIds(finisher)).to.deep.equal([...ALICE_IDS, GITHUB_SPARE]);
        });
        // The same return once more (Back, or a reload of the return URL): the state is used up.
        await withLocation(`code=${code}&state=${state}`, async () => {
          const again = await mlinker();
          await errorShown(again);
          await listed(again);
          expect(part(again, 'error')!.dataset['code']).to.equal('state-mismatch');
          expect(rowIds(again)).to.deep.equal([...ALICE_IDS, GITHUB_SPARE]);
        });
      } finally {
        document.removeEventListener('account-linked', onLinked);
        errors.stop();
      }
      expect(linked).to.have.length(1);
      expect(errors.list.map((e) => e.code)).to.deep.equal(['state-mismatch']);
      expect(lines(log).filter((l) => l.startsWith('POST'))).to.deep.equal(['POST /oauth/token', `POST ${ALICE_PATH}/identities`]);
      expect(aliceInTenant()).to.deep.equal([...ALICE_IDS, GITHUB_SPARE]);
    });

    describe('refusals: nothing is linked and the list is intact', () => {
      /** The return for a refused link: the error, the events, the requests after the return. */
      async function refused(code: string, state: string, expected: ErrorCode, attrs: Attrs = {}) {
        const log = recordAll();
        const errors = collectErrors();
        try {
          const { el, linked } = await returnWith(code, state, attrs);
          const alert = await errorShown(el);
          await listed(el);
          expect(linked, 'account-linked').to.have.length(0);
          expect(alert.getAttribute('role')).to.equal('alert');
          expect(alert.dataset['code']).to.equal(expected);
          expect(errors.list.map((e) => e.code)).to.deep.equal([expected]);
          expect(rowIds(el), 'the list on show').to.deep.equal(ALICE_IDS);
          expect(new URLSearchParams(location.search).has('code')).to.be.false;
          return { el, alert, message: errors.list[0]!.message, status: errors.list[0]!.status, log };
        } finally {
          errors.stop();
        }
      }

      it('a nonce that is not the one sent (the stored nonce tampered with) → bad-response, no link request', async () => {
        const url = await startLink();
        const { code, state } = await decide(url, GITHUB_SPARE);
        const stored = pendingLinks();
        stored[state]!['nonce'] = 'a-nonce-this-page-never-sent';
        sessionStorage.setItem(PENDING_KEY, JSON.stringify(stored));
        const { message, log } = await refused(code, state, 'bad-response');
        expect(message).to.match(/did not pass the security checks.*\(the ID token does not answer this request \(nonce\)\)/);
        expect(lines(log).filter((l) => l.startsWith('POST'))).to.deep.equal(['POST /oauth/token']);
        expectNothingLinked();
      });

      describe('an ID token crafted by a token endpoint', () => {
        const now = () => Math.floor(Date.now() / 1000);
        const cases: [string, (nonce: string) => string, RegExp][] = [
          ['with another nonce', () => craftJwt({ alg: 'RS256', typ: 'JWT' }, idClaims('another-nonce')), /\(nonce\)/],
          ['for another application (aud)', (n) => craftJwt({ alg: 'RS256', typ: 'JWT' }, idClaims(n, { aud: 'another-client' })), /another application \(aud\)/],
          ['from another issuer', (n) => craftJwt({ alg: 'RS256', typ: 'JWT' }, idClaims(n, { iss: 'https://evil.example.com/' })), /wrong issuer \(iss\)/],
          ['with alg none', (n) => craftJwt({ alg: 'none', typ: 'JWT' }, idClaims(n), ''), /not signed with RS256/],
          ['signed HS256', (n) => craftJwt({ alg: 'HS256', typ: 'JWT' }, idClaims(n)), /not signed with RS256/],
          ['for several audiences without azp', (n) => craftJwt({ alg: 'RS256', typ: 'JWT' }, idClaims(n, { aud: [CLIENT_ID, 'another-client'] })), /wrong azp/],
          [
            'from a sign-in long ago (auth_time, with max_age=0)',
            (n) => craftJwt({ alg: 'RS256', typ: 'JWT' }, idClaims(n, { auth_time: now() - 3600 })),
            /not recent enough \(auth_time\)/,
          ],
          [
            'that expired',
            (n) => craftJwt({ alg: 'RS256', typ: 'JWT' }, idClaims(n, { iat: now() - 7200, exp: now() - 3600 })),
            /has expired \(exp\)/,
          ],
        ];
        for (const [name, idToken, message] of cases) {
          it(`${name} → bad-response, nothing sent to …/identities`, async () => {
            const url = await startLink();
            const token = idToken(url.searchParams.get('nonce')!);
            worker.use(
              http.post(`${ORIGIN}/oauth/token`, () =>
                HttpResponse.json({ access_token: 'second-account-token', id_token: token, token_type: 'Bearer', expires_in: 86400 }),
              ),
            );
            const result = await refused('any-code', url.searchParams.get('state')!, 'bad-response');
            expect(result.message).to.match(/did not pass the security checks/);
            expect(result.message).to.match(message);
            expect(result.message).not.to.contain(token);
            expect(lines(result.log).filter((l) => l.startsWith('POST'))).to.deep.equal(['POST /oauth/token']);
            expectNothingLinked();
          });
        }

        it('(control: the same token with every claim right passes the checks; only the tenant refuses its signature)', async () => {
          const url = await startLink();
          const token = craftJwt({ alg: 'RS256', typ: 'JWT' }, idClaims(url.searchParams.get('nonce')!));
          worker.use(http.post(`${ORIGIN}/oauth/token`, () => HttpResponse.json({ id_token: token, token_type: 'Bearer' })));
          const result = await refused('any-code', url.searchParams.get('state')!, 'http');
          expect(result.status).to.equal(400);
          expect(result.message).to.match(/invalid signature/);
          expect(lines(result.log).filter((l) => l.startsWith('POST'))).to.deep.equal(['POST /oauth/token', `POST ${ALICE_PATH}/identities`]);
          expectNothingLinked();
        });
      });

      it('an account whose email is not verified → unverified-email', async () => {
        const url = await startLink();
        const { code, state } = await decide(url, SPARE_USER_IDS.unverified);
        const { message, log } = await refused(code, state, 'unverified-email');
        expect(message).to.match(/email address is not verified, so it was not linked.*una@example\.com/);
        expect(lines(log).filter((l) => l.startsWith('POST'))).to.deep.equal(['POST /oauth/token']);
        expectNothingLinked(SPARE_USER_IDS.unverified);
      });

      it('the same account as the primary → already-linked', async () => {
        const url = await startLink();
        const { code, state } = await decide(url, DEMO_USER_IDS.alice);
        const { message, log } = await refused(code, state, 'already-linked');
        expect(message).to.match(/the account you are signed in with/);
        expect(lines(log).filter((l) => l.startsWith('POST'))).to.deep.equal(['POST /oauth/token']);
        expectNothingLinked();
      });

      it('an account that belongs to another user (409) → already-linked', async () => {
        const url = await startLink();
        // Carol's Facebook login: it signs in as carol, whose account has two identities.
        const { code, state } = await decide(url, CAROL_FACEBOOK);
        const { message, status, log } = await refused(code, state, 'already-linked');
        expect(status).to.equal(409);
        expect(message).to.match(/belongs to another user/);
        expect(lines(log).filter((l) => l.startsWith('POST'))).to.deep.equal(['POST /oauth/token', `POST ${ALICE_PATH}/identities`]);
        expectNothingLinked();
        expect(tenantIds(tenant.getUser(DEMO_USER_IDS.carol)?.identities)).to.deep.equal(['auth0|carol0003', CAROL_FACEBOOK]);
      });
    });

    it('with allow-unverified-email, the unverified account is linked', async () => {
      const url = await startLink();
      const { code, state } = await decide(url, SPARE_USER_IDS.unverified);
      const log = recordAll();
      const errors = collectErrors();
      const { el, linked } = await returnWith(code, state, { allowUnverifiedEmail: true });
      errors.stop();
      expect(errors.list).to.deep.equal([]);
      expect(linked).to.have.length(1);
      expect(lines(log)).to.deep.equal(['POST /oauth/token', `POST ${ALICE_PATH}/identities`]);
      expect(rowIds(el)).to.deep.equal([...ALICE_IDS, SPARE_USER_IDS.unverified]);
      expect(aliceInTenant()).to.deep.equal([...ALICE_IDS, SPARE_USER_IDS.unverified]);
    });
  });

  describe('unlinking', () => {
    async function unlinkRow(el: AccountLinker, id: string): Promise<AccountUnlinkedDetail> {
      const errors = collectErrors();
      try {
        part(el, 'unlink-button', row(el, id))!.click();
        await el.updateComplete;
        const unlinked = oneEvent(el, 'account-unlinked');
        part(el, 'confirm-unlink')!.click();
        await waitUntil(() => errors.list.length || !rowIds(el).includes(id), `${id} is still listed`, { timeout: 5000 });
        expect(errors.list, 'errors while unlinking').to.deep.equal([]);
        const { detail } = await unlinked;
        await el.updateComplete;
        return detail as AccountUnlinkedDetail;
      } finally {
        errors.stop();
      }
    }

    it('DELETEs …/identities/oidc/corp%7Cemployee-42 (the id as one segment) and shows the list the 200 returns', async () => {
      expect(tenant.link(DEMO_USER_IDS.alice, SPARE_USER_IDS.oidc).ok).to.be.true;
      const el = await mlinker();
      await loaded(el);
      expect(rowIds(el)).to.deep.equal([...ALICE_IDS, SPARE_USER_IDS.oidc]);
      const log = recordAll();
      const detail = await unlinkRow(el, SPARE_USER_IDS.oidc);
      // A GET of the list after the DELETE would be the fault here; nothing marks its absence.
      await tick(50);
      expect(lines(log)).to.deep.equal([`DELETE ${ALICE_PATH}/identities/oidc/corp%7Cemployee-42`]);
      expect(log[0]!.headers.get('authorization')).to.equal(`Bearer ${ALICE}`);
      expect(detail.identity.user_id).to.equal('corp|employee-42');
      expect(detail.identities.map((i) => `${i.provider}|${i.user_id}`)).to.deep.equal(ALICE_IDS);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
      expect(visibleNotice(el).textContent).to.match(/was unlinked/);
      expect(aliceInTenant()).to.deep.equal(ALICE_IDS);
      expect(tenant.getUser(SPARE_USER_IDS.oidc)).to.exist;
    });

    it('encodes every character of a user_id that would change the path (/ ? # %)', async () => {
      // An id the seed does not have, put straight into alice's profile in the tenant.
      const odd = { provider: 'oidc', user_id: 'corp/team?x=1#2%', connection: 'corp-oidc', isSocial: false };
      tenant.getUser(DEMO_USER_IDS.alice)!.identities.push(odd);
      const el = await mlinker();
      await loaded(el);
      const log = recordAll();
      await unlinkRow(el, 'oidc|corp/team?x=1#2%');
      expect(lines(log)).to.deep.equal([`DELETE ${ALICE_PATH}/identities/oidc/corp%2Fteam%3Fx%3D1%232%25`]);
      expect(log[0]!.url.search).to.equal('');
      expect(log[0]!.url.hash).to.equal('');
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
      expect(aliceInTenant()).to.deep.equal(ALICE_IDS);
    });

    it('the DELETE answer is the list (what it says is shown, nothing is fetched)', async () => {
      const el = await mlinker();
      await loaded(el);
      // A server whose answer also drops Google (another tab unlinked it): the element believes it.
      worker.use(
        http.delete(`${ORIGIN}/api/v2/users/:id/identities/:provider/:userId`, () =>
          HttpResponse.json([
            { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication', isSocial: false },
          ]),
        ),
      );
      const log = recordAll();
      const detail = await unlinkRow(el, 'github|1234567');
      // A GET after the DELETE would undo what its answer said; nothing marks its absence.
      await tick(50);
      expect(lines(log)).to.deep.equal([`DELETE ${ALICE_PATH}/identities/github/1234567`]);
      expect(detail.identities.map((i) => `${i.provider}|${i.user_id}`)).to.deep.equal(['auth0|alice0001']);
      expect(rowIds(el)).to.deep.equal(['auth0|alice0001']);
    });
  });
});
