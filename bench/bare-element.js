// The baseline of `npm run bench`: the least a Lit element can do to show the same rows as
// <account-linker> (an <li> with the avatar, the provider's name, the account's name and an unlink
// button), with the same Lit (bundled by bench/run.mjs from node_modules, as rollup.config.mjs
// bundles it into dist/account-linker.js) and a small stylesheet. No validation, no icons, no
// accessibility extras, no network: what is left of the element's time over this one is its own.
import { LitElement, css, html } from 'lit';

// The names <account-linker> shows for the bench's connections (English).
const NAMES = {
  'Username-Password-Authentication': 'Email and password',
  'google-oauth2': 'Google',
  github: 'GitHub',
  facebook: 'Facebook',
  windowslive: 'Microsoft',
  linkedin: 'LinkedIn',
  sms: 'Phone (SMS)',
  email: 'Email code',
};

export class BareLinker extends LitElement {
  static properties = { identities: { attribute: false } };

  static styles = css`
    :host {
      display: block;
      font: 0.9375rem/1.4 system-ui, sans-serif;
      border: 1px solid #d1d9e0;
      border-radius: 8px;
      padding: 1rem;
      max-inline-size: 36rem;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: grid;
      grid-template-columns: auto minmax(0, 1fr) auto;
      align-items: center;
      gap: 0.75rem;
      padding: 0.625rem 0;
      border-block-end: 1px solid #d1d9e0;
    }
    img {
      inline-size: 2.25rem;
      block-size: 2.25rem;
      border-radius: 50%;
    }
    .who {
      display: flex;
      flex-direction: column;
      min-inline-size: 0;
    }
    .who span {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .provider {
      font-weight: 600;
    }
  `;

  constructor() {
    super();
    this.identities = [];
  }

  /** What the unlink button does here: the row goes, at once (no confirmation, no request). */
  remove(key) {
    this.identities = this.identities.filter((identity) => `${identity.provider}|${identity.user_id}` !== key);
  }

  render() {
    return html`<ul>
      ${this.identities.map((identity, index) => {
        const key = `${identity.provider}|${identity.user_id}`;
        const profile = identity.profileData ?? {};
        return html`<li data-key=${key}>
          <img src=${profile.picture} alt="" width="36" height="36" loading="lazy" />
          <span class="who"
            ><span class="provider">${NAMES[identity.connection] ?? identity.connection}</span
            ><span class="name">${profile.email ?? profile.name ?? profile.nickname ?? String(identity.user_id)}</span></span
          >
          <button type="button" ?disabled=${index === 0} @click=${() => this.remove(key)}>Unlink</button>
        </li>`;
      })}
    </ul>`;
  }
}

customElements.define('bare-linker', BareLinker);
