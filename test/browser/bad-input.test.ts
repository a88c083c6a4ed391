import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { DEMO_TOKENS } from '../../src/mock/index.js';
import type { AccountLinker } from '../../src/account-linker.js';
import type { ErrorCode } from '../../src/protocol/errors.js';
import type { AccountUnlinkedDetail } from '../../src/events.js';
import {
  collectErrors,
  errorShown,
  linker,
  loaded,
  part,
  row,
  rowIds,
  rows,
  worker,
  useMock,
  type Attrs,
} from './helpers.js';

const ALICE_IDS = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];

/** Creates the element, waits for its error, and checks the message, the event and the role. */
async function expectFailure(attrs: Attrs, code: ErrorCode, message: RegExp): Promise<AccountLinker> {
  const errors = collectErrors();
  try {
    const el = await linker(attrs);
    const shown = await errorShown(el);
    expect(shown.getAttribute('role')).to.equal('alert');
    expect(errors.list.map((e) => e.code)).to.include(code);
    const said = errors.list.find((e) => e.code === code)!.message;
    expect(said).to.match(message);
    // On show, the same message: its sentence first, its detail "(…)" in the disclosure.
    const lead = shown.querySelector(':scope > p')!.textContent!;
    expect(said.startsWith(lead), `"${said}" starts with "${lead}"`).to.be.true;
    const detail = /\(([^()]*)\)$/.exec(said.slice(lead.length))?.[1];
    if (detail) expect(shown.querySelector('details')!.textContent).to.contain(detail);
    return el;
  } finally {
    errors.stop();
  }
}

/** Opens the confirmation on github and confirms; resolves with the error event's detail. */
async function unlinkGithub(el: AccountLinker) {
  part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
  await el.updateComplete;
  setTimeout(() => part(el, 'confirm-unlink')!.click());
  const event = await oneEvent(el, 'account-linker-error');
  await el.updateComplete;
  return event.detail as { code: ErrorCode; message: string; status?: number };
}

describe('<account-linker> with bad input', () => {
  useMock();

  describe('configuration', () => {
    const cases: [string, Attrs, RegExp][] = [
      ['a missing domain', { domain: '' }, /"domain" attribute is required/],
      ['a domain with spaces', { domain: 'not a domain' }, /must be a host name/],
      ['a domain with a path', { domain: 'tenant.example.com/authorize' }, /must be a host name/],
      ['an ftp domain', { domain: 'ftp://tenant.example.com' }, /must be a host name/],
      ['an http domain that is not loopback', { domain: 'http://tenant.example.com' }, /must use https/],
      ['a missing client id', { clientId: '' }, /"client-id" attribute is required/],
      ['a javascript: redirect-uri', { redirectUri: 'javascript:alert(1)' }, /"redirect-uri" must be an absolute URL/],
      ['an http redirect-uri that is not loopback', { redirectUri: 'http://app.example.com/cb' }, /"redirect-uri" must use https/],
      ['a connection name with spaces or symbols', { connections: 'github <b>' }, /"connections" attribute/],
      ['an unlink-path that is a URL', { unlinkPath: 'https://evil.example.com/unlink' }, /"unlink-path"/],
      ['a user-id without a provider', { userId: 'alice0001' }, /"user-id"/],
    ];
    for (const [name, attrs, message] of cases) {
      it(`reports ${name} as invalid-config and sends nothing`, async () => {
        let requests = 0;
        // To any server but the page's own (which serves the element's chunks, the setup texts among them).
        const onRequest = ({ request }: { request: Request }) => void (new URL(request.url).origin !== location.origin && (requests += 1));
        worker.events.on('request:start', onRequest);
        try {
          const el = await expectFailure(attrs, 'invalid-config', message);
          expect(rows(el)).to.have.length(0);
          expect(part(el, 'add-link')).to.be.null;
          expect(requests).to.equal(0);
        } finally {
          worker.events.removeListener('request:start', onRequest);
        }
      });
    }

    it('accepts http://localhost and http://127.0.0.1 (the mock) and an https origin', async () => {
      for (const domain of ['https://tenant.example.com', 'http://localhost:1', 'http://127.0.0.1:1']) {
        const errors = collectErrors();
        const el = await linker({ domain, identities: '[]' });
        await el.updateComplete;
        errors.stop();
        expect(errors.list.filter((e) => e.code === 'invalid-config'), domain).to.deep.equal([]);
        expect(part(el, 'add-link'), domain).to.exist;
      }
    });

    it('reports an unknown `mode` as invalid-config, naming the two modes', async () => {
      const errors = collectErrors();
      const el = await linker();
      (el as { mode: string }).mode = 'v3'; // what an attribute can say, whatever the type
      const shown = await errorShown(el);
      errors.stop();
      expect(shown.textContent).to.match(/"management".*"legacy"/);
      expect(errors.list.at(-1)!.code).to.equal('invalid-config');
    });

    it('recovers when a bad configuration is fixed', async () => {
      const el = await expectFailure({ domain: '' }, 'invalid-config', /required/);
      el.domain = 'tenant.example.com';
      await el.updateComplete;
      expect(part(el, 'error')).to.be.null;
      await loaded(el);
      await el.updateComplete;
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
      expect(part(el, 'error')).to.be.null;
    });
  });

  describe('tokens', () => {
    it('reports a missing token as missing-token', async () => {
      await expectFailure({ token: '' }, 'missing-token', /No access token/);
    });

    it('reports an expired JWT without sending it', async () => {
      let requests = 0;
      const onRequest = () => (requests += 1);
      worker.events.on('request:start', onRequest);
      try {
        await expectFailure({ token: DEMO_TOKENS.expired }, 'missing-token', /expired/);
        expect(requests).to.equal(0);
      } finally {
        worker.events.removeListener('request:start', onRequest);
      }
    });

    it('reports "Bearer …" pasted as the token', async () => {
      await expectFailure({ token: `Bearer ${DEMO_TOKENS.alice}` }, 'missing-token', /without "Bearer"/);
    });

    it('reports a token the server rejects as http 401', async () => {
      const el = await expectFailure({ token: 'not-a-real-token' }, 'http', /401/);
      // The same token would fail again: no "Try again" (contract), sign in again instead.
      expect(part(el, 'retry')).to.be.null;
    });

    it('reports a tokenProvider that throws', async () => {
      const errors = collectErrors();
      const el = await linker({ token: '' });
      el.tokenProvider = () => Promise.reject(new Error('login required'));
      await el.reload();
      errors.stop();
      expect(errors.list.at(-1)!.code).to.equal('missing-token');
      expect(part(el, 'error')!.textContent).to.match(/tokenProvider/);
    });
  });

  describe('the identities attribute', () => {
    it('reports invalid JSON', async () => {
      const el = await expectFailure({ identities: '[{"provider":' }, 'invalid-config', /JSON array of Auth0 identities/);
      expect(rows(el)).to.have.length(0);
    });

    it('reports an object that is neither a list nor a user object', async () => {
      const el = await expectFailure({ identities: '{"provider":"github"}' }, 'invalid-config', /JSON array of Auth0 identities/);
      expect(rows(el)).to.have.length(0);
    });

    const valid = '{"provider":"auth0","user_id":"alice0001","connection":"Username-Password-Authentication"}';
    for (const [name, bad] of [
      ['an identity without provider', '{"user_id":"1","connection":"x"}'],
      ['a null user_id', '{"provider":"github","user_id":null,"connection":"github"}'],
      ['a boolean user_id', '{"provider":"github","user_id":true,"connection":"github"}'],
      ['a string isSocial', '{"provider":"github","user_id":"1","connection":"github","isSocial":"yes"}'],
      ['a duplicate identity', '{"provider":"auth0","user_id":"alice0001"}'],
    ]) {
      it(`shows the valid identities and reports ${name} once`, async () => {
        const el = await expectFailure({ identities: `[${valid},${bad}]` }, 'invalid-config', /could not be shown.*\(1\)/);
        expect(rowIds(el)).to.deep.equal(['auth0|alice0001']);
      });
    }

    it('keeps the list on show when a later value is bad', async () => {
      const el = await linker({ identities: '[{"provider":"github","user_id":1,"connection":"github"}]' });
      await loaded(el);
      const errors = collectErrors();
      el.setAttribute('identities', 'nope');
      await errorShown(el);
      errors.stop();
      expect(errors.list.map((e) => e.code)).to.deep.equal(['invalid-config']);
      expect(rowIds(el)).to.deep.equal(['github|1']);
    });
  });

  describe('server answers while loading', () => {
    const answers: [string, () => Response, ErrorCode, RegExp, number | undefined][] = [
      ['401', () => HttpResponse.json({ error: 'invalid_token', error_description: 'expired' }, { status: 401 }), 'http', /401.*expired/, 401],
      ['403', () => HttpResponse.json({ error: 'forbidden' }, { status: 403 }), 'http', /not allowed.*403/, 403],
      ['429', () => HttpResponse.json({ error: 'too_many_requests' }, { status: 429 }), 'http', /Too many requests/, 429],
      ['500', () => new HttpResponse('oops', { status: 500 }), 'http', /had a problem/, 500],
      ['an HTML body', () => HttpResponse.html('<html><body>Login</body></html>'), 'bad-response', /cannot read/, 200],
      ['invalid JSON', () => new HttpResponse('{"user_id": ', { headers: { 'Content-Type': 'application/json' } }), 'bad-response', /cannot read/, 200],
      ['a profile without identities (OIDC /userinfo)', () => HttpResponse.json({ sub: 'auth0|x' }), 'legacy-unsupported', /no longer links accounts .*mode="management"/, undefined],
      ['identities of the wrong shape', () => HttpResponse.json({ identities: [{ provider: 5 }] }), 'bad-response', /could not be shown/, undefined],
      ['identities that are not a list', () => HttpResponse.json({ identities: 'all' }), 'bad-response', /cannot read/, undefined],
      ['a network failure', () => HttpResponse.error(), 'network', /Could not reach/, undefined],
    ];
    for (const [name, answer, code, message, status] of answers) {
      it(`shows ${name} as ${code}`, async () => {
        worker.use(http.get('*/userinfo', answer));
        const errors = collectErrors();
        const el = await linker();
        await errorShown(el);
        errors.stop();
        expect(part(el, 'error')!.textContent!.replace(/\s+/g, ' ')).to.match(message);
        expect(errors.list).to.have.length(1);
        expect(errors.list[0]!.code).to.equal(code);
        expect(errors.list[0]!.status).to.equal(code === 'http' ? status : undefined);
        expect(rows(el)).to.have.length(0);
        // Never blank, and only what can help (contract): no add link without a list; "Try again"
        // after a network failure, a server's failure or a rate limit, and only then.
        expect(part(el, 'add-link') === null, 'an add link only beside a list (here: an empty one)').to.equal(part(el, 'empty') === null);
        const retryable = code === 'network' || (status ?? 0) >= 500 || status === 429;
        if (retryable) expect(part(el, 'retry'), 'retry').to.exist;
        else expect(part(el, 'retry'), 'no retry').to.be.null;
      });
    }

    it('keeps the list as it was when a reload fails, and retry recovers', async () => {
      const el = await linker();
      await loaded(el);
      worker.use(http.get('*/userinfo', () => HttpResponse.json({ error: 'server_error' }, { status: 500 }), { once: true }));
      const errors = collectErrors();
      await el.reload();
      errors.stop();
      expect(errors.list.map((e) => e.code)).to.deep.equal(['http']);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
      part(el, 'retry')!.click();
      // The retry's load answers the error, however long a busy machine takes (no 50 ms race).
      await waitUntil(() => !part(el, 'error'), 'the retry did not clear the error', { timeout: 8000 });
      await loaded(el);
      expect(part(el, 'error')).to.be.null;
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
    });
  });

  describe('server answers while unlinking', () => {
    const answers: [string, () => Response, ErrorCode, RegExp][] = [
      ['401', () => HttpResponse.json({ error: 'invalid_token', error_description: 'Invalid token' }, { status: 401 }), 'http', /401.*Invalid token/],
      ['403', () => HttpResponse.json({ error: 'forbidden', error_description: 'nope' }, { status: 403 }), 'http', /403.*nope/],
      ['429', () => new HttpResponse(null, { status: 429 }), 'http', /Too many requests/],
      ['500', () => HttpResponse.html('<h1>Internal error</h1>', { status: 500 }), 'http', /had a problem/],
      ['a network failure', () => HttpResponse.error(), 'network', /Could not reach/],
    ];
    for (const [name, answer, code, message] of answers) {
      it(`keeps the list unchanged on ${name}`, async () => {
        const el = await linker();
        await loaded(el);
        worker.use(http.post('*/unlink', answer));
        const detail = await unlinkGithub(el);
        expect(detail.code).to.equal(code);
        expect(detail.message).to.match(message);
        expect(part(el, 'error')!.textContent!.replace(/\s+/g, ' ')).to.match(message);
        expect(rowIds(el)).to.deep.equal(ALICE_IDS);
        expect(part<HTMLButtonElement>(el, 'unlink-button', row(el, 'github|1234567'))!.disabled).to.be.false;
      });
    }

    it('removes a ghost row: an unlink answered "not linked" reloads the list', async () => {
      // The server-rendered list still shows github|999, which the tenant no longer links.
      const el = await linker({
        identities: JSON.stringify([
          { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication' },
          { provider: 'github', user_id: 1234567, connection: 'github' },
          { provider: 'github', user_id: 999, connection: 'github' },
        ]),
      });
      await loaded(el);
      const errors = collectErrors();
      part(el, 'unlink-button', row(el, 'github|999'))!.click();
      await el.updateComplete;
      setTimeout(() => part(el, 'confirm-unlink')!.click());
      const { detail } = (await oneEvent(el, 'account-unlinked')) as CustomEvent<AccountUnlinkedDetail>;
      errors.stop();
      expect(detail.identity.user_id).to.equal(999);
      await el.updateComplete;
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
      expect(errors.list).to.deep.equal([]);
      expect(part(el, 'error')).to.be.null;
    });
  });

  describe('profile data', () => {
    const hostile = [
      { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication' },
      {
        provider: 'github',
        user_id: 1,
        connection: 'github',
        profileData: { name: '<script>window.__pwned = 1</script>', picture: 'javascript:window.__pwned=2' },
      },
      {
        provider: 'google-oauth2',
        user_id: '2',
        connection: 'google-oauth2',
        profileData: { email: '<img src=x onerror="window.__pwned=3">', picture: 'data:text/html,<script>window.__pwned=4</script>' },
      },
      {
        provider: 'facebook',
        user_id: '3',
        connection: 'facebook',
        profileData: { name: 'Plain', picture: 'http://evil.example.com/tracker.png' },
      },
    ];

    it('renders HTML in names as text and loads no unsafe picture', async () => {
      (window as unknown as Record<string, unknown>)['__pwned'] = undefined;
      const requested: string[] = [];
      const onRequest = ({ request }: { request: Request }) => requested.push(request.url);
      worker.events.on('request:start', onRequest);
      const el = await linker({ identities: JSON.stringify(hostile) });
      await loaded(el);
      // Checked at once too: a broken <img> would be swapped for the initial after its error event.
      expect(el.shadowRoot!.querySelectorAll('img')).to.have.length(0);
      // A picture's request would start soon after the render; nothing marks its absence.
      await new Promise((resolve) => setTimeout(resolve, 100));
      worker.events.removeListener('request:start', onRequest);
      expect(requested.filter((url) => !url.startsWith(window.location.origin))).to.deep.equal([]);
      expect(part(el, 'account-name', row(el, 'github|1'))!.textContent).to.equal('<script>window.__pwned = 1</script>');
      expect(part(el, 'account-name', row(el, 'google-oauth2|2'))!.textContent).to.equal('<img src=x onerror="window.__pwned=3">');
      expect(el.shadowRoot!.querySelectorAll('script')).to.have.length(0);
      expect(el.shadowRoot!.querySelectorAll('img')).to.have.length(0);
      // No picture that could be shown: no avatar at all (no initials either).
      for (const id of ['github|1', 'google-oauth2|2', 'facebook|3']) {
        expect(part(el, 'avatar', row(el, id)), id).to.equal(null);
      }
      expect((window as unknown as Record<string, unknown>)['__pwned']).to.be.undefined;
    });

    it('shows an https picture', async () => {
      // A photo (the mock's own avatars are initials, which the element does not show).
      const photo = 'https://tenant.example.com/photos/octo.svg';
      worker.use(http.get(photo, () => new HttpResponse('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>', { headers: { 'Content-Type': 'image/svg+xml' } })));
      const el = await linker({
        identities: JSON.stringify([{ provider: 'github', user_id: 1, connection: 'github', profileData: { picture: photo } }]),
      });
      await loaded(el);
      const img = part<HTMLImageElement>(el, 'avatar')!;
      expect(img.tagName).to.equal('IMG');
      expect(img.getAttribute('src')).to.equal(photo);
      expect(img.alt).to.equal('');
    });
  });
});
