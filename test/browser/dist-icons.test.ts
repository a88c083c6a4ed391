// The built file draws the same icons as the source. The tests of the element run its TypeScript;
// this one runs dist/account-linker.js as a page would, so a minifier that mangles the svg``
// templates (e.g. `<circle/><circle/>` read as nested circles) fails here.
import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { providerIcon } from '../../src/provider-icons.js';

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
});
