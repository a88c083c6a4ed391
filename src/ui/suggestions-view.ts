// Server mode's "Also yours?": accounts of other users that share the signed-in user's verified
// email, under the list. Each shows its mark and name, **Link** (the normal link with its
// connection: the person signs in to it, so nothing is linked on an email's word) and **Hide**.
// A chunk with its own styles: only a page that has suggestions loads it.
import { css, html, type TemplateResult } from 'lit';
import type { LinkerController } from '../controller/linker-controller.js';
import type { AccountLinkerStrings } from '../i18n/strings.js';
import { accountName, displayText, identityKey, type Identity } from '../protocol/identity.js';
import { connectionName } from '../protocol/providers.js';
import { providerIcon } from './provider-icons.js';

// Calm: under a divider, rows like the list's with neutral Link and Hide where a row has Unlink
// (on phones, compact, on the provider's line, as Unlink is).
const sheet = css`
  .suggestions {
    margin-block-start: var(--_gap);
    padding-block-start: var(--_gap);
    border-block-start: 1px solid var(--_border);
  }
  .suggestions-title {
    margin: 0;
    font-weight: 600;
  }
  .suggestions-hint {
    margin: 0;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .suggestion-actions {
    display: flex;
    gap: 0.5rem;
  }
  @media (max-width: 30rem) {
    .suggestion-actions {
      grid-area: 1 / 3;
    }
    .suggestion-actions button {
      min-block-size: 2rem;
      block-size: 2rem;
      padding-block: 0;
      font-size: 0.875rem;
    }
  }
`.styleSheet;

/** What the section needs of the element: its root, its `state`, and where focus returns after a popup. */
export interface SuggestionsHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly updateComplete: Promise<boolean>;
  readonly state: string;
}

export function suggestionsView(
  host: SuggestionsHost,
  flow: LinkerController,
  strings: AccountLinkerStrings,
  setTrigger: (trigger: HTMLElement) => void,
): TemplateResult {
  const root = host.renderRoot as ShadowRoot;
  if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  const disabled = flow.linking;
  const link = (event: Event, identity: Identity) => {
    setTrigger(event.currentTarget as HTMLElement);
    // The sign-in page may fill in the account expected; the server checks whoever signs in.
    const email = identity.profileData?.email;
    void flow.link(identity.connection, host.state.trim() || undefined, email && email.length <= 320 && email.includes('@') ? email : undefined);
  };
  // Hidden: focus goes to the next suggestion's Link, else to the add button or the list.
  const hide = async (identity: Identity, at: number) => {
    await flow.hideSuggestion(identity);
    await host.updateComplete;
    const links = [...root.querySelectorAll<HTMLElement>('.suggestion-link')];
    (links[Math.min(at, links.length - 1)] ?? root.querySelector<HTMLElement>('.add-link') ?? root.querySelector<HTMLElement>('.list'))?.focus();
  };
  return html`<div part="suggestions" class="suggestions" role="group" aria-labelledby="suggestions-title" aria-describedby="suggestions-hint">
    <p id="suggestions-title" class="suggestions-title">${strings.suggestionsTitle}</p>
    <p id="suggestions-hint" class="suggestions-hint">${strings.suggestionsHint}</p>
    <ul class="list">${flow.suggestions.map((identity, at) => {
      const key = identityKey(identity);
      const provider = displayText(connectionName(identity.connection, strings.providers), 48);
      const full = displayText(accountName(identity, identity.profileData ?? {}), 256);
      const label = flow.accountLabel(identity, strings);
      return html`<li
        part="suggestion" class="identity suggestion"
        data-key=${key}
        data-provider=${identity.provider}
        data-connection=${identity.connection}
      >${providerIcon(provider, identity.connection, identity.provider)}<span class="who"
        ><span class="line"><span part="provider" class="provider" dir="auto" title=${provider}>${provider}</span></span
        ><span part="account-name" class="account-name" dir="auto" title=${full}>${displayText(full)}</span></span
      ><span class="suggestion-actions"
        ><button
          part="add-link" class="suggestion-link"
          type="button"
          data-connection=${identity.connection}
          data-suggested=${key}
          aria-label=${strings.linkSuggestionLabel(label)}
          ?disabled=${disabled}
          @click=${(event: Event) => link(event, identity)}
        >${strings.linkSuggestion}</button
        ><button
          part="hide-suggestion" class="hide-suggestion"
          type="button"
          aria-label=${strings.hideSuggestionLabel(label)}
          ?disabled=${disabled}
          @click=${() => void hide(identity, at)}
        >${strings.hideSuggestion}</button></span
      ></li>`;
    })}</ul>
  </div>`;
}
