// The SPA demo (demo/spa.html) as a person uses it: the real auth0-spa-js signs in to the mock,
// asks for a Management API token, and the element (tokenProvider, popup) lists, links and unlinks.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { frame, open, doc, linker, listIs, inLinker, navigateBy, errorText } from './demo-frame.js';

const ALICE = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];

const statusText = () => doc().getElementById('status')?.textContent?.trim() ?? '';
const button = (id: string) => doc().getElementById(id) as HTMLButtonElement;

/** Forgets what spa-js keeps on this origin (the tenant's session goes with the reset). */
function forgetSpaState(): void {
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0]?.trim();
    if (name && /^(auth0\.|_legacy_auth0\.|a0\.spajs|_legacy_a0\.spajs)/.test(name)) document.cookie = `${name}=; Max-Age=0; Path=/`;
  }
  localStorage.clear();
  sessionStorage.clear();
}

/**
 * The sign-in requests that reached the tenant since `request-log-start` (the request log,
 * scripts/request-log-plugin.mjs), e.g. `GET /authorize prompt=none web_message`, `POST /oauth/token authorization_code`.
 */
async function signInRequests(): Promise<string[]> {
  const log = ((await executeServerCommand('request-log-read')) ?? []) as { url: string; method: string; postData: string | null }[];
  return log.flatMap(({ url, method, postData }) => {
    const { pathname, searchParams } = new URL(url);
    if (pathname === '/authorize') return [`${method} /authorize prompt=${searchParams.get('prompt')} ${searchParams.get('response_mode')}`];
    if (pathname !== '/oauth/token') return [];
    const body = postData ?? '';
    const grant = body.startsWith('{') ? (JSON.parse(body) as { grant_type?: string }).grant_type : new URLSearchParams(body).get('grant_type');
    return [`${method} /oauth/token ${grant}`];
  });
}

async function signInAsAlice(): Promise<void> {
  await open('/demo/spa.html');
  await waitUntil(() => statusText() === 'Signed out', `status: ${statusText()}`, { timeout: 8000 });
  expect(button('sign-in').hidden).to.be.false;
  await navigateBy(() => button('sign-in').click());
  expect(frame.contentWindow!.location.pathname).to.equal('/authorize');
  const authorize = new URL(frame.contentWindow!.location.href);
  expect(authorize.searchParams.get('client_id')).to.equal('account-linker-spa');
  expect(authorize.searchParams.get('audience')).to.equal(`${location.origin}/api/v2/`);
  await navigateBy(() => doc().querySelector<HTMLButtonElement>('[data-identity="auth0|alice0001"]')!.click());
  await waitUntil(() => statusText().startsWith('Signed in as'), `status: ${statusText()}`, { timeout: 8000 });
}

describe('the SPA demo (auth0-spa-js + tokenProvider)', () => {
  let popups: Window[] = [];

  beforeEach(async () => {
    forgetSpaState();
    expect((await fetch('/__mock/reset', { method: 'POST' })).status).to.equal(204);
  });

  afterEach(() => {
    for (const popup of popups) if (!popup.closed) popup.close();
    popups = [];
    frame?.remove();
    forgetSpaState();
  });

  it('signs in, shows the token for the Management API (never the token), and the element lists the identities', async () => {
    await signInAsAlice();
    expect(statusText()).to.contain('Alice');
    expect(frame.contentWindow!.location.search, 'the code is gone from the address').to.equal('');
    expect(doc().getElementById('token-audience')!.textContent).to.equal(`${location.origin}/api/v2/`);
    expect(doc().getElementById('token-scopes')!.textContent).to.equal(
      'openid profile email read:current_user update:current_user_identities',
    );
    await listIs(ALICE);
    expect(doc().body.innerHTML).to.not.match(/eyJ[\w-]+\.eyJ/);
  });

  it('a reload keeps the session: signed in again silently (prompt=none), never showing the sign-in page', async () => {
    await signInAsAlice();
    await executeServerCommand('request-log-start');
    await open('/demo/spa.html');
    let pages = 0;
    frame.addEventListener('load', () => pages++);
    await waitUntil(() => statusText().startsWith('Signed in as'), `status after reload: ${statusText()}`, { timeout: 8000 });
    expect(pages, 'pages the frame loaded after the demo (a sign-in page would be one)').to.equal(0);
    expect(button('sign-in').hidden, 'the sign-in button').to.be.true;
    // Only the hidden frame's prompt=none and its code's exchange: no /authorize that shows a page.
    expect(await signInRequests()).to.deep.equal(['GET /authorize prompt=none web_message', 'POST /oauth/token authorization_code']);
    const ms = Number(/, (\d+) ms after/.exec(statusText())?.[1]);
    console.log(`[figure] SPA demo: signed in again after a reload in ${ms} ms`);
    await listIs(ALICE);
  });

  it('links in a popup and unlinks, with tokens from tokenProvider; a reload then is still Alice', async () => {
    await signInAsAlice();
    await listIs(ALICE);
    const win = frame.contentWindow! as Window & typeof globalThis;
    const original = win.open.bind(win);
    win.open = (...args: Parameters<Window['open']>) => {
      const popup = original(...args);
      if (popup) popups.push(popup);
      return popup;
    };
    inLinker<HTMLButtonElement>('[part~="add-link"]').click();
    await waitUntil(() => popups.length === 1, 'no popup', { timeout: 4000 });
    const popup = popups[0]!;
    await waitUntil(() => {
      try {
        return popup.document.querySelector('[data-identity="github|7654321"]');
      } catch {
        return null;
      }
    }, 'the picker in the popup', { timeout: 8000 });
    expect(new URL(popup.location.href).searchParams.get('client_id')).to.equal('account-linker-spa');
    popup.document.querySelector<HTMLButtonElement>('[data-identity="github|7654321"]')!.click();
    await listIs([...ALICE, 'github|7654321'], 'after the link');
    expect(errorText()).to.equal(null);

    // The link's sign-in replaced the tenant session with GitHub's, which now belongs to Alice.
    await open('/demo/spa.html');
    await waitUntil(() => statusText().startsWith('Signed in as'), `status after reload: ${statusText()}`, { timeout: 8000 });
    expect(statusText()).to.contain('auth0|alice0001');
    await listIs([...ALICE, 'github|7654321'], 'after the reload');

    const row = [...linker().shadowRoot.querySelectorAll<HTMLElement>('[part~="identity"]')].find((r) => r.dataset['userId'] === '7654321')!;
    row.querySelector<HTMLButtonElement>('[part~="unlink-button"]')!.click();
    await waitUntil(() => linker().shadowRoot.querySelector('[part~="confirm-unlink"]'));
    inLinker<HTMLButtonElement>('[part~="confirm-unlink"]').click();
    await listIs(ALICE, 'after the unlink');
  });

  it('a sign-in cancelled at /authorize comes back as a clear message with the sign-in button, no element', async () => {
    await open('/demo/spa.html');
    await waitUntil(() => statusText() === 'Signed out', `status: ${statusText()}`, { timeout: 8000 });
    await navigateBy(() => button('sign-in').click());
    await navigateBy(() => doc().querySelector<HTMLButtonElement>('[data-action="cancel"]')!.click());
    await waitUntil(() => statusText().startsWith('Sign-in failed'), `status: ${statusText()}`, { timeout: 8000 });
    expect(statusText()).to.contain('User cancelled the login');
    expect(button('sign-in').hidden).to.be.false;
    expect(frame.contentWindow!.location.search).to.equal('');
    expect(linker()).to.equal(null);
  });

  it('signs out through /v2/logout: back on the page, signed out, and a reload stays signed out', async () => {
    await signInAsAlice();
    await navigateBy(() => button('sign-out').click());
    await waitUntil(() => statusText() === 'Signed out', `status: ${statusText()}`, { timeout: 8000 });
    await open('/demo/spa.html');
    await waitUntil(() => statusText() === 'Signed out', `status after reload: ${statusText()}`, { timeout: 8000 });
    expect(linker()).to.equal(null);
  });
});
