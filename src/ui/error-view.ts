// An error on show: a sentence for the person first; the code, status and server text behind a
// disclosure; "Try again" only where trying again can help.
import { html, nothing, type TemplateResult } from 'lit';
import type { ErrorText } from '../i18n/describe-error.js';
import type { AccountLinkerStrings } from '../i18n/strings.js';
import type { LinkerError } from '../protocol/errors.js';

export interface ErrorActions {
  retry?: (() => void) | undefined;
  dismiss(): void;
}

export function errorView(error: LinkerError, text: ErrorText, strings: AccountLinkerStrings, actions: ErrorActions): TemplateResult {
  const { sentence, help, detail } = text;
  const { code, status } = error;
  return html`
    <div part="error" class="error" role="alert" data-code=${code} tabindex="-1">
      <p>${sentence}</p>
      ${actions.retry ? html`<button part="retry" type="button" @click=${actions.retry}>${strings.retry}</button>` : nothing}
      <button part="dismiss" type="button" @click=${actions.dismiss}>${strings.dismiss}</button>
      <details part="error-details" class="error-details">
        <summary>${strings.errorDetails}</summary>
        ${help ? html`<p>${help}</p>` : nothing}
        <p><code>${code}</code>${status === undefined ? nothing : ` · HTTP ${status}`}</p>
        ${detail ? html`<p><bdi>${detail}</bdi></p>` : nothing}
      </details>
    </div>
  `;
}
