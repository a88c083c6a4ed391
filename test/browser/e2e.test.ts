// The demo driven as a person would: real pages from the demo server, dist/account-linker.js, the
// real top-level navigation to the mock's /authorize page and back, inside a frame of this page.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { isLoopback } from '../../src/config.js';
import { frame, open, doc, linker, listIs, inLinker, navigateBy, errorText } from './demo-frame.js';

const ALICE = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];

describe('the demo, end to end', () => {
  beforeEach(async () => {
    await executeServerCommand('request-log-start');
    const reset = await fetch('/__mock/reset', { method: 'POST' });
    expect(reset.status).to.equal(204);
  });

  afterEach(async () => {
    const log = ((await executeServerCommand('request-log-read')) ?? []) as { url: string; fromServiceWorker: boolean }[];
    // Answered on this machine: a loopback server, or the mock in the service worker.
    const outside = log.filter(({ url, fromServiceWorker }) => /^(https?|wss?):/.test(url) && !isLoopback(new URL(url).hostname) && !fromServiceWorker);
    expect(outside.map(({ url }) => url), 'requests that left loopback').to.deep.equal([]);
    expect(log.length, 'the request log saw the run').to.be.greaterThan(3);
    frame?.remove();
  });

  it('adds a GitHub account through the mock /authorize and unlinks it again', async () => {
    await open('/demo/index.html?user=alice');
    await listIs(ALICE, 'the demo list');

    await navigateBy(() => inLinker<HTMLButtonElement>('[part~="add-link"]').click());
    const authorize = new URL(frame.contentWindow!.location.href);
    expect(authorize.pathname).to.equal('/authorize');
    expect(authorize.searchParams.get('state')).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(doc().body.textContent).to.contain('Account Linker Demo');

    await navigateBy(() => doc().querySelector<HTMLButtonElement>('[data-identity="github|7654321"]')!.click());
    await listIs([...ALICE, 'github|7654321'], 'after linking');
    const back = new URL(frame.contentWindow!.location.href);
    expect(back.pathname).to.equal('/demo/index.html');
    expect([...back.searchParams.keys()]).to.deep.equal(['user']);
    expect(doc().getElementById('log')!.textContent).to.contain('account-linked');
    expect(errorText()).to.equal(null);

    const row = [...linker().shadowRoot.querySelectorAll<HTMLElement>('[part~="identity"]')].find((r) => r.dataset['userId'] === '7654321')!;
    row.querySelector<HTMLButtonElement>('[part~="unlink-button"]')!.click();
    await waitUntil(() => linker().shadowRoot.querySelector('[part~="confirm-unlink"]'));
    inLinker<HTMLButtonElement>('[part~="confirm-unlink"]').click();
    await listIs(ALICE, 'after unlinking');

    // The tenant agrees: a fresh page shows the same list.
    await navigateBy(() => frame.contentWindow!.location.reload());
    await listIs(ALICE, 'after a reload');
    expect(doc().documentElement.outerHTML).not.to.contain('access-token=');
  });

  it('cancel at /authorize comes back with a calm notice and the list unchanged', async () => {
    await open('/demo/index.html?user=alice');
    await listIs(ALICE);
    await navigateBy(() => inLinker<HTMLButtonElement>('[part~="add-link"]').click());
    await navigateBy(() => doc().querySelector<HTMLButtonElement>('[data-action="cancel"]')!.click());
    const notice = () => linker()?.shadowRoot.querySelector<HTMLElement>('[part~="notice"]')?.textContent ?? '';
    await waitUntil(() => notice(), 'no notice after cancel', { timeout: 8000 });
    expect(notice()).to.contain('cancelled');
    expect(errorText()).to.be.null;
    await listIs(ALICE);
    expect(new URL(frame.contentWindow!.location.href).searchParams.has('error')).to.be.false;
    expect(doc().getElementById('log')!.textContent).to.contain('authorize-error');
  });

  it('a reload in the middle of the flow loses nothing', async () => {
    await open('/demo/connections.html?user=alice');
    await listIs(ALICE);
    // Four connections not linked yet: they are in the add menu.
    inLinker<HTMLButtonElement>('[part~="add-link"][aria-haspopup="menu"]').click();
    await waitUntil(() => linker().shadowRoot.querySelector('[part~="add-menu"]'), 'the add menu did not open');
    await navigateBy(() => inLinker<HTMLButtonElement>('[part~="add-menu"] [data-connection="facebook"]').click());
    expect(new URL(frame.contentWindow!.location.href).searchParams.get('connection')).to.equal('facebook');
    // Reload the /authorize page itself.
    await navigateBy(() => frame.contentWindow!.location.reload());
    const choices = [...doc().querySelectorAll<HTMLElement>('[data-identity]')].map((b) => b.dataset['identity']);
    expect(choices).to.include('facebook|10987654321098765');
    expect(choices.every((id) => id!.startsWith('facebook|'))).to.be.true;
    await navigateBy(() => doc().querySelector<HTMLButtonElement>('[data-identity="facebook|10987654321098765"]')!.click());
    await listIs([...ALICE, 'facebook|10987654321098765'], 'after linking');
    // Reload the page after the return: the link stays, no stale state is reported.
    await navigateBy(() => frame.contentWindow!.location.reload());
    await listIs([...ALICE, 'facebook|10987654321098765'], 'after a reload');
    expect(errorText()).to.equal(null);
  });

  it('links into a server-rendered page, whose next render shows the new identity', async () => {
    await open('/demo/server-rendered.html?user=bob');
    await listIs(['auth0|bob0002']);
    await navigateBy(() => inLinker<HTMLButtonElement>('[part~="add-link"]').click());
    await navigateBy(() => doc().querySelector<HTMLButtonElement>('[data-identity="sms|15555550123"]')!.click());
    await listIs(['auth0|bob0002', 'sms|15555550123'], 'after linking');
    expect(linker().getAttribute('identities')).to.contain('15555550123');
    expect(errorText()).to.equal(null);
  });

  it('refuses to link an identity that belongs to another user, and says so', async () => {
    await open('/demo/index.html?user=bob');
    await listIs(['auth0|bob0002']);
    await navigateBy(() => inLinker<HTMLButtonElement>('[part~="add-link"]').click());
    const taken = doc().querySelector<HTMLButtonElement>('[data-identity="facebook|10203040506070809"]');
    expect(taken, 'carol\'s facebook is offered as a sign-in').to.exist;
    await navigateBy(() => taken!.click());
    await waitUntil(() => errorText(), 'no error', { timeout: 8000 });
    expect(errorText()).to.contain('Error linking account');
    await listIs(['auth0|bob0002']);
  });

  it('a static page lists and unlinks against the mock in a service worker', async () => {
    await open('/demo/static.html');
    await listIs(ALICE);
    const row = [...linker().shadowRoot.querySelectorAll<HTMLElement>('[part~="identity"]')].find((r) => r.dataset['provider'] === 'github')!;
    row.querySelector<HTMLButtonElement>('[part~="unlink-button"]')!.click();
    await waitUntil(() => linker().shadowRoot.querySelector('[part~="confirm-unlink"]'));
    inLinker<HTMLButtonElement>('[part~="confirm-unlink"]').click();
    await listIs(ALICE.slice(0, 2), 'after unlinking');
    const log = ((await executeServerCommand('request-log-read')) ?? []) as { url: string; fromServiceWorker: boolean }[];
    const unlink = log.filter(({ url }) => url === 'https://tenant.example.com/unlink');
    expect(unlink.map((entry) => entry.fromServiceWorker)).to.deep.equal([true]);
    // Add account explains itself instead of leaving for an /authorize nobody answers.
    inLinker<HTMLButtonElement>('[part~="add-link"]').click();
    await waitUntil(() => doc().getElementById('link-note')!.textContent);
    expect(new URL(frame.contentWindow!.location.href).pathname).to.equal('/demo/static.html');
  });
});
