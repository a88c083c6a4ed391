// "Add account"; with `connections`, the ones not linked yet: up to three as buttons, more in a
// menu; none left, a sentence saying so. A pure template over the add menu's behaviour (add-menu.ts).
import { html, nothing, type TemplateResult } from 'lit';
import type { AccountLinkerStrings } from '../i18n/strings.js';
import { chevron, preparePlacing, type AddMenu } from './add-menu.js';
import { providerIcon } from './provider-icons.js';

export interface ActionsView {
  /** The host's `connections` (empty: one "Add account"). */
  wanted: readonly string[];
  /** Those not linked yet. */
  offered: readonly string[];
  /** A link is under way: no second one. */
  disabled: boolean;
  /** A connection's display name. */
  name(connection: string): string;
}

export interface AddActions {
  /** An add button was pressed (`trigger`: the button, for focus when a popup links nothing). */
  add(trigger: HTMLElement, connection?: string): void;
  /** A menu item was chosen. */
  choose(connection: string): void;
}

export function addActions(view: ActionsView, strings: AccountLinkerStrings, menu: AddMenu, actions: AddActions): TemplateResult {
  const { wanted, offered, disabled, name } = view;
  let content: TemplateResult;
  if (!wanted.length) {
    content = html`<button part="add-link" class="add-link" type="button" ?disabled=${disabled} @click=${(event: Event) => actions.add(event.currentTarget as HTMLElement)}>
      ${strings.addAccount}
    </button>`;
  } else if (!offered.length) {
    content = html`<p part="all-linked" class="all-linked">${strings.allLinked}</p>`;
  } else if (offered.length <= 3) {
    content = html`${offered.map(
      (connection) => html`<button
        part="add-link" class="add-link"
        type="button"
        data-connection=${connection}
        ?disabled=${disabled}
        @click=${(event: Event) => actions.add(event.currentTarget as HTMLElement, connection)}
      >
        ${providerIcon(name(connection), connection)}<span>${strings.addConnection(name(connection))}</span>
      </button>`,
    )}`;
  } else {
    void preparePlacing();
    const open = menu.open && !disabled;
    content = html`<button
        part="add-link" class="add-link"
        type="button"
        id="add-trigger"
        aria-haspopup="menu"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${open ? 'add-menu' : nothing}
        ?disabled=${disabled}
        @click=${menu.onTriggerClick}
        @keydown=${menu.onTriggerKeydown}
      >
        ${strings.addAccount}${chevron}
      </button>
      ${open
        ? html`<div part="add-menu" class="add-menu" id="add-menu" role="menu" aria-labelledby="add-trigger" popover="manual" @keydown=${menu.onMenuKeydown}>
            ${offered.map(
              (connection) => html`<button
                part="add-link" class="add-link"
                type="button"
                role="menuitem"
                tabindex="-1"
                data-connection=${connection}
                @click=${() => actions.choose(connection)}
              >
                ${providerIcon(name(connection), connection)}<span>${name(connection)}</span>
              </button>`,
            )}
          </div>`
        : nothing}`;
  }
  return html`<div part="actions" class="actions">${content}</div>`;
}
