// The stand-alone tenant (`account-linker-mock`, the built command in a real process on its own
// origin) used by this page as an app would: <account-linker mode="management"> lists, links in a
// popup on the tenant's own /authorize page, and unlinks, all over real cross-origin HTTP (CORS).
import './readable-failures.js';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createAuth0Client } from '@auth0/auth0-spa-js';
import { executeServerCommand } from '@web/test-runner-commands';
import type { AccountLinker } from '../../src/account-linker.js';
import '../../src/index.js';

interface Started {
  issuer: string;
  tokens: Record<string, string>;
}

const ADA = 'auth0|ada';
const GOOGLE = 'google-oauth2|110000000000000000042';

function rows(el: AccountLinker): string[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="identity"]')].map((row) => `${row.dataset['provider']}|${row.dataset['userId']}`);
}

async function listIs(el: AccountLinker, expected: string[], what: string): Promise<void> {
  const error = () => el.shadowRoot!.querySelector('[part~="error"]')?.textContent?.trim();
  await waitUntil(() => JSON.stringify(rows(el)) === JSON.stringify(expected), `${what}: ${JSON.stringify(rows(el))}; error: ${error()}`, {
    timeout: 10000,
  });
}

describe('account-linker-mock: a real tenant process on another origin', () => {
  let server: Started;
  let origin: string;

  before(async () => {
    server = (await executeServerCommand('mock-server-start')) as Started;
    origin = new URL(server.issuer).origin;
  });

  after(async () => {
    const exit = (await executeServerCommand('mock-server-stop')) as { code: number | null; signal: string | null };
    expect(exit, 'SIGTERM ends it cleanly').to.deep.equal({ code: 0, signal: null });
  });

  it('the element in management mode lists, links in a popup, and unlinks', async () => {
    expect(origin).to.not.equal(location.origin);
    const el = await fixture<AccountLinker>(html`<account-linker
      mode="management"
      popup
      domain=${origin}
      client-id="my-spa"
      redirect-uri=${`${location.origin}/`}
      access-token=${server.tokens[ADA]!}
    ></account-linker>`);
    await listIs(el, [ADA, 'github|1815'], 'the list from GET /api/v2/users/…');

    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="add-link"]')!.click();
    // A person picks the Google account on the tenant's page in the popup.
    await executeServerCommand('mock-server-pick', { identity: GOOGLE });
    await listIs(el, [ADA, 'github|1815', GOOGLE], 'after linking');

    const row = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="identity"]')].find((r) => r.dataset['provider'] === 'google-oauth2')!;
    row.querySelector<HTMLButtonElement>('[part~="unlink-button"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="confirm-unlink"]'), 'no confirmation');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="confirm-unlink"]')!.click();
    await listIs(el, [ADA, 'github|1815'], 'after unlinking');

    // The tenant agrees, read straight from it (readable at all: its CORS check passed).
    const response = await fetch(`${origin}/api/v2/users/${encodeURIComponent(ADA)}`, { headers: { Authorization: `Bearer ${server.tokens[ADA]}` } });
    const user = (await response.json()) as { identities: Array<{ provider: string; user_id: string | number }> };
    expect(user.identities.map((i) => `${i.provider}|${i.user_id}`)).to.deep.equal([ADA, 'github|1815']);
  });

  it('auth0-spa-js signs in to it in a popup: ID token checked (RS256 via the JWKS, iss, aud), a Management API token', async () => {
    const client = await createAuth0Client({
      domain: origin, // http://127.0.0.1:PORT: spa-js keeps a scheme it is given
      clientId: 'my-spa',
      authorizationParams: { redirect_uri: `${location.origin}/`, audience: `${origin}/api/v2/`, scope: 'openid profile email read:current_user' },
    });
    const popup = window.open('', 'mock-server-spa-js', 'width=400,height=600');
    expect(popup, 'window.open').to.not.equal(null);
    try {
      // prompt=login: the tenant has a login session from the element's link (single sign-on).
      const login = client.loginWithPopup({ authorizationParams: { prompt: 'login' } }, { popup: popup!, timeoutInSeconds: 15 });
      await executeServerCommand('mock-server-pick', { identity: 'auth0|grace' });
      await login;
    } finally {
      popup!.close();
    }
    expect((await client.getUser())?.sub).to.equal('auth0|grace');
    expect((await client.getIdTokenClaims())?.iss).to.equal(`${origin}/`);
    const token = await client.getTokenSilently();
    const me = await fetch(`${origin}/api/v2/users/${encodeURIComponent('auth0|grace')}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).to.equal(200);
  });

  it('this page may read the tenant (an allowed web origin) but not use its controls (another origin)', async () => {
    const jwks = await fetch(`${origin}/.well-known/jwks.json`);
    expect(jwks.status).to.equal(200);
    // The controls refuse a cross-origin page and send no CORS headers: the browser shows nothing.
    let refused: unknown;
    try {
      await fetch(`${origin}/__mock/reset`, { method: 'POST' });
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(TypeError);
  });
});
