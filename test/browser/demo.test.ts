// The demo pages as a visitor sees them: nothing widens the page, a favicon, the demo user kept
// across pages (the static page too), and the language, colour and direction switches.
import { expect, waitUntil } from '@open-wc/testing';
import { frame, open, doc, linker, listIs } from './demo-frame.js';

const SETTINGS_KEY = 'account-linker-demo';

function choose(name: string, value: string): void {
  const control = doc().querySelector<HTMLSelectElement>(`.demo-controls select[name="${name}"]`)!;
  control.value = value;
  control.dispatchEvent(new Event('change'));
}

describe('the demo pages', () => {
  beforeEach(async () => {
    localStorage.removeItem(SETTINGS_KEY);
    expect((await fetch('/__mock/reset', { method: 'POST' })).status).to.equal(204);
  });

  afterEach(() => {
    localStorage.removeItem(SETTINGS_KEY);
    frame?.remove();
  });

  it('the event log never widens the page, however long an event is', async () => {
    await open('/demo/management.html');
    await listIs(['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567']);
    const long = 'x'.repeat(5000);
    for (let i = 0; i < 5; i++) {
      linker().dispatchEvent(new CustomEvent('account-linker-error', { bubbles: true, composed: true, detail: { code: 'http', message: long } }));
    }
    await waitUntil(() => (doc().getElementById('log')!.textContent ?? '').length > 20000);
    const root = doc().documentElement;
    expect(root.scrollWidth, 'page width').to.be.at.most(root.clientWidth);
  });

  it('has a favicon (no 404 in the console)', async () => {
    for (const page of ['/demo/management.html', '/demo/static.html', '/demo/spa.html']) {
      await open(page);
      const icon = doc().querySelector<HTMLLinkElement>('link[rel="icon"]');
      expect(icon, page).to.exist;
      const response = await fetch(icon!.href);
      expect(response.status, icon!.href).to.equal(200);
      expect(response.headers.get('Content-Type')).to.match(/^image\/svg\+xml/);
    }
  });

  it('the demo user (?user=bob) travels with every link between pages, and the static page honours it', async () => {
    await open('/demo/management.html?user=bob');
    await listIs(['auth0|bob0002']);
    const links = [...doc().querySelectorAll<HTMLAnchorElement>('nav a[href^="/demo/"]')];
    expect(links.length).to.be.greaterThan(4);
    for (const link of links) expect(new URL(link.href).searchParams.get('user'), link.href).to.equal('bob');
    await open('/demo/static.html?user=bob');
    await listIs(['auth0|bob0002']);
  });

  it('language, colours and direction switch the page and the element, and stay for the next page', async () => {
    await open('/demo/management.html');
    await listIs(['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567']);
    choose('theme', 'dark');
    expect(getComputedStyle(doc().documentElement).colorScheme).to.equal('dark');
    choose('dir', 'rtl');
    expect(doc().documentElement.dir).to.equal('rtl');
    choose('lang', 'de');
    expect(doc().documentElement.lang).to.equal('de');

    await open('/demo/popup.html');
    expect(doc().documentElement.lang).to.equal('de');
    expect(doc().documentElement.dir).to.equal('rtl');
    expect(getComputedStyle(doc().documentElement).colorScheme).to.equal('dark');
    expect(doc().querySelector<HTMLSelectElement>('select[name="lang"]')!.value).to.equal('de');
  });
});
