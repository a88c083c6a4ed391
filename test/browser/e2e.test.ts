// The demo driven as a person would: real pages from the demo server, dist/account-linker.js, the
// real top-level navigation to the mock's /authorize page and back, inside a frame of this page.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { isLoopback } from '../../src/protocol/config.js';
import { frame, open, doc, linker, listIs, inLinker, navigateBy, errorText } from './demo-frame.js';

const ALICE = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];

describe('the demo, end to end', () => {
  beforeEach(async () => {
    await executeServerCommand('request-log-start');
    const reset = await fetch('/__mock/reset', { method: 'POST' });
    expect(reset.status).to.equal(204);
  });

  afterEach(async () => {
    // The request log (scripts/request-log-plugin.mjs): what reached the test server, and what the
    // browser tried to send anywhere else (its proxy refuses that). The service worker's answers reach
    // neither.
    const log = ((await executeServerCommand('request-log-read')) ?? []) as { url: string }[];
    const outside = log.filter(({ url }) => /^(https?|wss?):/.test(url) && !isLoopback(new URL(url).hostname));
    expect(outside.map(({ url }) => url), 'requests that left loopback').to.deep.equal([]);
    expect(log.some(({ url }) => new URL(url).pathname === '/__mock/reset'), 'the request log saw the run').to.be.true;
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
    // msw runs its handlers in the page whose service worker caught the request: the page's own
    // instance of the mock (the same module, imported by a script of the frame) tells what it answered
    // (request:match, which every engine's msw reports; response:mocked is missing in WebKit).
    const answered: string[] = [];
    const win = frame.contentWindow as Window & { answered?: string[]; hooked?: boolean };
    win.answered = answered;
    const hook = doc().createElement('script');
    hook.type = 'module';
    hook.textContent = `import { worker } from '/dist/mock/browser.js';
      worker.events.on('request:match', ({ request }) => window.answered.push(request.method + ' ' + request.url));
      window.hooked = true;`;
    doc().head.append(hook);
    await waitUntil(() => win.hooked, 'the frame\'s mock was not reached');
    const row = [...linker().shadowRoot.querySelectorAll<HTMLElement>('[part~="identity"]')].find((r) => r.dataset['provider'] === 'github')!;
    row.querySelector<HTMLButtonElement>('[part~="unlink-button"]')!.click();
    await waitUntil(() => linker().shadowRoot.querySelector('[part~="confirm-unlink"]'));
    inLinker<HTMLButtonElement>('[part~="confirm-unlink"]').click();
    await listIs(ALICE.slice(0, 2), 'after unlinking');
    expect(answered.filter((request) => request.endsWith('/unlink')), 'unlinks the mock answered').to.deep.equal(['POST https://tenant.example.com/unlink']);
    const log = ((await executeServerCommand('request-log-read')) ?? []) as { url: string }[];
    expect(log.filter(({ url }) => new URL(url).pathname === '/unlink'), 'unlinks that reached the network').to.deep.equal([]);
    // Add account explains itself instead of leaving for an /authorize nobody answers.
    inLinker<HTMLButtonElement>('[part~="add-link"]').click();
    await waitUntil(() => doc().getElementById('link-note')!.textContent);
    expect(new URL(frame.contentWindow!.location.href).pathname).to.equal('/demo/static.html');
  });
});

describe('the request log', () => {
  it('sees a request that would leave loopback, whatever the engine, and it is refused', async () => {
    await executeServerCommand('request-log-start');
    const image = new Image();
    const settled = new Promise((resolve) => (image.onload = image.onerror = resolve));
    image.src = 'https://leak.example/pixel.png';
    await settled;
    const answer = await fetch('http://leak.example/api').catch(() => undefined);
    expect(answer?.ok ?? false, 'nothing answered from outside').to.be.false;
    const log = ((await executeServerCommand('request-log-read')) ?? []) as { url: string; method: string }[];
    const outside = log.filter(({ url }) => new URL(url).hostname === 'leak.example').map(({ method, url }) => `${method} ${url}`);
    expect(outside).to.include('CONNECT https://leak.example:443/');
    expect(outside).to.include('GET http://leak.example/api');
  });
});
