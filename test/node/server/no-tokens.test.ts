/// <reference types="node" />
// No token ever reaches the browser: every answer of a whole journey (list, link by redirect and by
// popup, result, suggestions, unlink, failures) is scanned — status, every header (Location and
// Set-Cookie included) and body — for every token the mock issued in the meantime (the M2M token,
// the second account's access and ID tokens), their parts, and the IdP tokens of the seed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_USER_IDS, M2M_CLIENT_SECRET, REGULAR_CLIENT_SECRET } from '../../../src/mock/index.js';
import { Browser, ENDPOINT, IDP_TOKENS, makeLinker, SECRET, signInAtTenant, useTenant, withIdpTokens } from './helpers.js';

const { traffic, server, mockHandlers } = useTenant();

function needles(tokens: Set<string>): string[] {
  const out = new Set<string>(['ya29.mock-idp-token', 'ya29.other-idp-token', M2M_CLIENT_SECRET, REGULAR_CLIENT_SECRET, SECRET]);
  for (const value of Object.values(IDP_TOKENS)) if (typeof value === 'string') out.add(value);
  for (const token of tokens) {
    out.add(token);
    // A JWT's payload and signature are each unique to it (the header is shared by all of them).
    const parts = token.split('.');
    if (parts.length >= 3) for (const part of parts.slice(1)) if (part.length >= 16) out.add(part);
  }
  return [...out];
}

describe('no token in any answer', () => {
  test('a whole journey: every response scanned for every token the tenant issued', async () => {
    server.use(withIdpTokens(mockHandlers)); // Auth0's identities with IdP tokens, as for read:user_idp_tokens
    const browser = new Browser(makeLinker(), DEMO_USER_IDS.alice);
    await browser.get(ENDPOINT);
    await browser.get(`${ENDPOINT}/suggestions`);
    // redirect link
    await browser.navigate(await signInAtTenant(await browser.startLink({ returnTo: '/account', popup: false }), 'github|7654321'));
    await browser.get(`${ENDPOINT}/result`);
    // popup link
    await browser.navigate(await signInAtTenant(await browser.startLink({ returnTo: '/account', popup: true }), 'google-oauth2|118000000000000000001'));
    await browser.get(`${ENDPOINT}/result`);
    // refused link (own account) and a cancel
    await browser.navigate(await signInAtTenant(await browser.startLink(), 'auth0|alice0001'));
    await browser.get(`${ENDPOINT}/result`);
    await browser.navigate(await signInAtTenant(await browser.startLink(), 'cancel'));
    await browser.get(`${ENDPOINT}/result`);
    await browser.unlink('github', '7654321');
    await browser.unlink('auth0', 'alice0001');
    await browser.get(ENDPOINT);

    const issued = [...traffic.tokens];
    assert.ok(issued.length >= 6, `the mock issued tokens during the journey (${issued.length})`);
    assert.ok(issued.some((token) => token.split('.').length === 3), 'JWTs among them');
    assert.ok(browser.seen.length >= 16);
    const search = needles(traffic.tokens);
    for (const seen of browser.seen) {
      const text = [String(seen.status), ...seen.headers.map(([name, value]) => `${name}: ${value}`), seen.body].join('\n');
      for (const needle of search) assert.ok(!text.includes(needle), `${seen.method} ${seen.url} carries a secret (${needle.slice(0, 12)}…)`);
      assert.doesNotMatch(seen.body, /"(access_token|id_token|refresh_token|access_token_secret|expires_in)"/, `${seen.method} ${seen.url}`);
      assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, `no JWT at all in ${seen.method} ${seen.url}`);
      for (const [name, value] of seen.headers) {
        if (name.toLowerCase() !== 'set-cookie') continue;
        assert.match(value, /; HttpOnly/, 'cookies are HttpOnly');
        assert.match(value, /; SameSite=Lax/);
        assert.match(value, /; Secure/, 'https app: Secure');
        assert.match(value, /^__Secure-account_linker_(tx|result)=(v1\.[A-Za-z0-9_-]+)?;/, `only sealed values: ${value.slice(0, 60)}`);
        assert.match(value, new RegExp(`; Path=${ENDPOINT}(;|$)`));
      }
    }
  });

  test("answers that carry no outcome set no cookie (the app's own are never touched)", async () => {
    const browser = new Browser(makeLinker(), DEMO_USER_IDS.alice);
    for (const response of [await browser.get(ENDPOINT), await browser.get(`${ENDPOINT}/suggestions`), await browser.get(`${ENDPOINT}/result`), await browser.unlink('github', '1234567')]) {
      assert.deepEqual(response.headers.getSetCookie(), []);
    }
    for (const seen of browser.seen) {
      assert.ok(!seen.headers.some(([name, value]) => name === 'set-cookie' && value.startsWith('app_session')), 'never the app session');
    }
  });
});
