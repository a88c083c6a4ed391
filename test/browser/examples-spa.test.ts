// examples/spa/ as a person uses it, loaded through the demo server (the test runner's), against
// the stand-alone tenant (`account-linker-mock`, examples/seed.json, its own origin and port,
// given to the page as ?tenant=): auth0-spa-js signs Ada in by redirect on the tenant's page, the
// element gets its tokens from tokenProvider, links Google in a popup and unlinks it.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { frame, open, linker, listIs, inLinker, navigateBy } from './demo-frame.js';

interface Started {
  issuer: string;
  tokens: Record<string, string>;
}

const ADA = 'auth0|ada';
const GOOGLE = 'google-oauth2|110000000000000000042';

/** The frame's document, or null while it shows the tenant's page (another origin). */
const page = () => {
  try {
    return frame.contentDocument;
  } catch {
    return null;
  }
};
const statusText = () => page()?.getElementById('status')?.textContent?.trim() ?? '';

/** Forgets what auth0-spa-js keeps on this origin (the frame shares it). */
function forgetSpaState(): void {
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0]?.trim();
    if (name && /^(auth0\.|_legacy_auth0\.)/.test(name)) document.cookie = `${name}=; Max-Age=0; Path=/`;
  }
  for (const storage of [sessionStorage, localStorage]) {
    for (const key of Object.keys(storage)) if (key.startsWith('a0.spajs')) storage.removeItem(key);
  }
}

describe('examples/spa (auth0-spa-js + tokenProvider) against account-linker-mock', () => {
  let tenant: string;

  beforeEach(async function () {
    this.timeout(30000);
    forgetSpaState();
    tenant = new URL(((await executeServerCommand('mock-server-start')) as Started).issuer).origin;
  });

  afterEach(async () => {
    frame?.remove();
    forgetSpaState();
    await executeServerCommand('mock-server-stop');
  });

  it('signs in by redirect, lists with tokens from tokenProvider, links in a popup and unlinks', async function () {
    this.timeout(40000);
    await open(`/examples/spa/index.html?tenant=${encodeURIComponent(tenant)}`);
    await waitUntil(() => statusText() === 'Signed out', `status: ${statusText()}`, { timeout: 8000 });

    await navigateBy(() => page()!.getElementById('sign-in')!.click());
    // The tenant's sign-in page, on its own origin: a person picks Ada there.
    await executeServerCommand('mock-server-pick', { identity: ADA });
    await waitUntil(() => statusText() === 'Signed in as Ada Lovelace', `status: ${statusText()}`, { timeout: 10000 });
    const address = new URL(frame.contentWindow!.location.href);
    expect([...address.searchParams.keys()], 'the code is out of the address bar').to.deep.equal(['tenant']);

    await listIs([ADA, 'github|1815'], 'the list from the tenant');
    expect(linker().getAttribute('domain') ?? (linker() as unknown as { domain: string }).domain).to.equal(tenant);
    expect(page()!.documentElement.outerHTML, 'no token in the page').to.not.match(/eyJ[\w-]+\.eyJ/);

    inLinker<HTMLButtonElement>('[part~="add-link"]').click();
    await executeServerCommand('mock-server-pick', { identity: GOOGLE });
    await listIs([ADA, 'github|1815', GOOGLE], 'after linking in the popup');
    expect(frame.contentWindow!.location.pathname, 'the page never left').to.equal('/examples/spa/index.html');

    const row = [...linker().shadowRoot.querySelectorAll<HTMLElement>('[part~="identity"]')].find((r) => r.dataset['provider'] === 'google-oauth2')!;
    row.querySelector<HTMLButtonElement>('[part~="unlink-button"]')!.click();
    await waitUntil(() => linker().shadowRoot.querySelector('[part~="confirm-unlink"]'), 'no confirmation');
    inLinker<HTMLButtonElement>('[part~="confirm-unlink"]').click();
    await listIs([ADA, 'github|1815'], 'after unlinking');
  });

  it('takes ?tenant= only for a loopback http origin', async () => {
    await open(`/examples/spa/index.html?tenant=${encodeURIComponent('https://evil.example')}`);
    await waitUntil(() => statusText() === 'Signed out', `status: ${statusText()}`, { timeout: 8000 });
    page()!.getElementById('sign-in')!.click();
    // auth0-spa-js keeps the sign-in it starts in sessionStorage (shared with this page) and leaves.
    const key = 'a0.spajs.txs.my-spa';
    await waitUntil(() => sessionStorage.getItem(key), 'no sign-in started');
    const started = JSON.parse(sessionStorage.getItem(key)!) as { audience?: string; redirect_uri?: string };
    expect(started.audience, 'the default tenant, not the one in the link').to.equal('http://127.0.0.1:4400/api/v2/');
  });
});
