// One identity's row: its mark, picture, names, badge, and the unlink button or its inline
// confirmation. A pure template: the element hands it what to show and what to call.
import { html, nothing, type TemplateResult } from 'lit';
import type { AccountLinkerStrings } from '../i18n/strings.js';
import type { LinkerController } from '../controller/linker-controller.js';
import { accountName, displayText, identityKey, safeImageUrl, type Identity, type IdentityProfile } from '../protocol/identity.js';
import { connectionName } from '../protocol/providers.js';
import { providerIcon } from './provider-icons.js';

export interface RowView {
  identity: Identity;
  key: string;
  primary: boolean;
  busy: boolean;
  confirming: boolean;
  added: boolean;
  /** The provider's display name, cleaned and capped. */
  provider: string;
  /** The account's email, name or nickname: whole (`full`) and as shown. */
  full: string;
  name: string;
  /** "Provider (name)": the unlink button's accessible name and the confirmation's words. */
  label: string;
  profile: IdentityProfile;
  /** A picture that is safe to load and has not failed. */
  picture: string | undefined;
}

/**
 * What a row shows of `identity`, from the controller's record: `confirming` is the row asking to
 * unlink, `broken` the pictures that failed to load.
 */
export function rowView(
  identity: Identity,
  flow: LinkerController,
  strings: AccountLinkerStrings,
  confirming: string | undefined,
  broken: ReadonlySet<string>,
): RowView {
  const key = identityKey(identity);
  const profile = flow.profileOf(identity);
  const full = displayText(accountName(identity, profile), 256);
  const picture = safeImageUrl(profile.picture);
  return {
    identity,
    key,
    primary: flow.isPrimary(identity),
    busy: flow.busy.has(key),
    confirming: confirming === key,
    added: flow.added === key,
    provider: displayText(connectionName(identity.connection, strings.providers), 48),
    full,
    name: displayText(full),
    label: flow.accountLabel(identity, strings),
    profile,
    picture: picture && !broken.has(picture) ? picture : undefined,
  };
}

export interface RowActions {
  ask(identity: Identity): void;
  confirm(identity: Identity): void;
  cancel(identity: Identity): void;
}

/**
 * A picture of the person, or undefined: Auth0's generated initials (`cdn.auth0.com/avatars/…`, and
 * the mock's stand-in for them, `/__mock/avatar/…`) are none; a Gravatar whose fallback is such
 * initials falls back to nothing instead (`d=404`: it fails, and the row shows no picture).
 */
export function personalPicture(url: string | undefined): string | undefined {
  return url && !/\/\/cdn\.auth0\.com\/avatars\/|\/__mock\/avatar\//.test(url) ? url.replace(/(?<=[?&]d=)[^&]*cdn\.auth0\.com[^&]*/, '404') : undefined;
}

/**
 * The account's picture, else nothing (no initials): the mark and the name say which account it is.
 * When any row has a picture every row keeps its column (styles.ts), so the names line up.
 */
function avatar(view: RowView): TemplateResult | typeof nothing {
  const picture = personalPicture(view.picture);
  return picture
    ? html`<img part="avatar" class="avatar" src=${picture} alt="" width="36" height="36" loading="lazy" referrerpolicy="no-referrer" />`
    : nothing;
}

function confirmation(view: RowView, strings: AccountLinkerStrings, actions: RowActions): TemplateResult {
  const { identity, busy, label } = view;
  return html`
    <div
      part="confirm" class="confirm"
      role="group"
      aria-labelledby="confirm-text"
      @keydown=${(event: KeyboardEvent) => {
        if (event.key === 'Escape' && !busy) actions.cancel(identity);
      }}
    >
      <p id="confirm-text">${busy ? strings.unlinking(label) : strings.confirmPrompt(label)}</p>
      <button part="confirm-unlink" class="confirm-unlink" type="button" ?disabled=${busy} @click=${() => actions.confirm(identity)}>
        ${strings.confirmUnlink}
      </button>
      <button part="cancel-unlink" type="button" ?disabled=${busy} @click=${() => actions.cancel(identity)}>
        ${strings.cancelUnlink}
      </button>
    </div>
  `;
}

export function identityRow(view: RowView, strings: AccountLinkerStrings, actions: RowActions): TemplateResult {
  const { identity, key, primary, busy, confirming, added, provider, full, name, label } = view;
  const badge = primary ? html`<span part="primary-badge" class="primary-badge">${strings.primaryBadge}</span>` : nothing;
  // While confirming, the confirmation (under the hint) takes the unlink button's place.
  const unlink = confirming
    ? nothing
    : html`<button
        part="unlink-button" class="unlink-button"
        type="button"
        aria-label=${strings.unlinkLabel(label)}
        aria-describedby=${primary ? 'primary-hint' : nothing}
        ?disabled=${primary || busy}
        @click=${() => actions.ask(identity)}
      >${strings.unlink}</button>`;
  const hint = primary ? html`<p part="hint" class="hint" id="primary-hint">${strings.primaryHint}</p>` : nothing;
  // No white space between the row's children: each would be one more node in every row.
  // CSS draws the ellipsis where the row ends; the title (and the unlink button's name) holds it all.
  return html`<li
    part="identity" class="identity"
    data-key=${key}
    data-provider=${identity.provider}
    data-user-id=${String(identity.user_id)}
    data-connection=${identity.connection}
    ?data-added=${added}
    tabindex=${added ? '-1' : nothing}
    aria-busy=${busy ? 'true' : nothing}
  >${providerIcon(provider, identity.connection, identity.provider)}${avatar(view)}<span class="who"
    ><span class="line"
      ><span part="provider" class="provider" dir="auto" title=${provider}>${provider}</span
      >${badge}</span
    ><span part="account-name" class="account-name" dir="auto" title=${full}>${name}</span></span
  >${unlink}${hint}${confirming ? confirmation(view, strings, actions) : nothing}</li>`;
}

/** Placeholder rows of the real rows' size (a primary and another): the list takes their place. */
export function skeleton(strings: AccountLinkerStrings): TemplateResult {
  const bones = (primary: boolean) => html`<div class="ghost">
    <span class="bone bone-icon"></span>
    <span class="who"><span class="bone"></span><span class="bone bone-short"></span></span>
    <span class="bone bone-button"></span>${primary ? html`<span class="bone bone-hint"></span>` : nothing}
  </div>`;
  return html`<div part="loading" class="loading"><span class="visually-hidden">${strings.loading}</span>${bones(true)}${bones(false)}</div>`;
}
