// The built file draws the same icons and writes the same texts as the source. The tests of the
// element run its TypeScript; these run dist/account-linker.js as a page would, so a minifier that
// mangles a template (`<circle/><circle/>` read as nested circles, the space of " · HTTP 503"
// trimmed away) fails here.
import { expect, waitUntil } from '@open-wc/testing';
import { render } from 'lit';
import { http, HttpResponse } from 'msw';
import { AccountLinker } from '../../src/account-linker.js';
import { startMockWorker, worker } from '../../src/mock/browser.js';
import { DEMO_CLIENT_ID, DEMO_TOKENS } from '../../src/mock/index.js';
import { providerIcon } from '../../src/ui/provider-icons.js';

const PROVIDERS = [
  ['google-oauth2', 'google-oauth2'],
  ['github', 'github'],
  ['facebook', 'facebook'],
  ['apple', 'apple'],
  ['windowslive', 'windowslive'],
  ['twitter', 'twitter'],
  ['linkedin', 'linkedin'],
  ['gitlab', 'gitlab'],
  ['auth0', 'Username-Password-Authentication'],
  ['sms', 'sms'],
  ['email', 'email'],
  ['samlp', 'corp-saml'],
  ['oauth2', 'my-custom-idp'],
] as const;

/** An element tree as text: tags, attributes (sorted) and text; no comments, no whitespace. */
function shape(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent!.trim();
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  const element = node as Element;
  const attributes = [...element.attributes].map((a) => `${a.name}=${a.value}`).sort().join(' ');
  const children = [...element.childNodes].map(shape).filter(Boolean).join('');
  return `<${element.localName} ${attributes}>${children}</${element.localName}>`;
}

describe('dist/account-linker.js', () => {
  it('draws every provider icon exactly as the source does, with no shape inside another', async () => {
    await import(new URL('/dist/account-linker.js', location.href).href);
    const el = document.createElement('account-linker') as HTMLElement & { identities: unknown; updateComplete: Promise<boolean> };
    el.setAttribute('domain', 'tenant.example.com');
    el.setAttribute('client-id', 'abc');
    el.setAttribute('mode', 'management');
    el.identities = PROVIDERS.map(([provider, connection], i) => ({ provider, connection, user_id: `u${i}`, isSocial: true }));
    document.body.append(el);
    await el.updateComplete;
    const icons = [...el.shadowRoot!.querySelectorAll('[part~="identity"] [part~="provider-icon"]')];
    expect(icons.length).to.equal(PROVIDERS.length);
    for (const [i, icon] of icons.entries()) {
      const [provider, connection] = PROVIDERS[i]!;
      const nested = icon.querySelector(':is(path, circle, rect, text) > *');
      expect(nested, `${provider}: a shape inside a shape`).to.equal(null);
      const name = el.shadowRoot!.querySelectorAll('[part~="provider"]')[i]!.textContent!.trim();
      const box = document.createElement('div');
      render(providerIcon(name, connection, provider), box);
      expect(shape(icon), provider).to.equal(shape(box.firstElementChild!));
    }
    el.remove();
  });

  it('writes the same texts as the source, spaces included: rows, a failed load and its details', async () => {
    await import(new URL('/dist/account-linker.js', location.href).href);
    if (!customElements.get('source-account-linker')) customElements.define('source-account-linker', class extends AccountLinker {});
    await startMockWorker();
    worker.use(http.get('*/userinfo', () => HttpResponse.json({ error: 'temporarily_unavailable' }, { status: 503 })));
    try {
      const shown: string[][] = [];
      for (const tag of ['account-linker', 'source-account-linker']) {
        const make = () => {
          const el = document.createElement(tag) as HTMLElement & { updateComplete: Promise<boolean>; identities: unknown };
          el.setAttribute('mode', 'legacy');
          el.setAttribute('domain', 'tenant.example.com');
          el.setAttribute('client-id', DEMO_CLIENT_ID);
          el.setAttribute('access-token', DEMO_TOKENS.alice);
          el.setAttribute('connections', 'github facebook');
          return el;
        };
        const texts: string[] = [];
        // A failed load: the sentence, and the details opened.
        const failed = make();
        document.body.append(failed);
        const error = () => failed.shadowRoot!.querySelector<HTMLElement>('[part~="error"]');
        await waitUntil(error, `${tag} shows no error`);
        error()!.querySelector('details')!.open = true;
        await failed.updateComplete;
        texts.push(error()!.innerText);
        failed.remove();
        // Rows and the add buttons, from identities given.
        const listed = make();
        listed.identities = PROVIDERS.slice(0, 3).map(([provider, connection], i) => ({ provider, connection, user_id: `u${i}`, isSocial: true, profileData: { email: `p${i}@example.com` } }));
        document.body.append(listed);
        const list = () => listed.shadowRoot!.querySelector<HTMLElement>('[part~="list"]');
        await waitUntil(list, `${tag} shows no list`);
        texts.push(listed.shadowRoot!.querySelector<HTMLElement>('[part~="list"]')!.innerText);
        texts.push(listed.shadowRoot!.querySelector<HTMLElement>('[part~="actions"]')!.innerText);
        listed.remove();
        shown.push(texts);
      }
      expect(shown[0]![0]).to.contain(' · HTTP 503');
      expect(shown[0]).to.deep.equal(shown[1]);
    } finally {
      worker.resetHandlers();
    }
  });
});
