// HTML of the mock /authorize flow: the account picker, error pages, and the web_message page.
// Every interpolated value goes through escapeHtml: names, ids and URLs come from requests.
import type { TemplateResult } from 'lit';
import { defaultStrings } from '../i18n/strings.js';
import { connectionName } from '../protocol/providers.js';
import { iconKind, iconTiles, providerIcon } from '../ui/provider-icons.js';
import { MARKS } from '../ui/provider-marks.js';

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A provider's name as the element writes it (its brand table and English names): one table, so a
 * provider added to the element is named the same here.
 */
export const providerName = (provider: string) => connectionName(provider, defaultStrings.providers);

/**
 * A mark's markup. The element's marks are static templates, and its lettered tile binds only a
 * number and a letter, so the template's text with its values escaped is the whole SVG.
 */
function markup(template: TemplateResult): string {
  return template.strings.reduce((out, text, i) => out + text + (i < template.values.length ? escapeHtml(template.values[i]) : ''), '');
}

/**
 * A provider's mark: the element's own drawing and tile (provider-icons.ts, provider-marks.ts), so a
 * new provider gets its mark here with no table of the mock's. Decorative: the text beside it names
 * the provider. Tiles and colours are the page's style rules (`iconTiles`), not style attributes, so
 * a style-src policy never has to allow an attribute.
 */
export function providerMark(provider: string, connection = provider): string {
  const kind = iconKind(connection, provider);
  const template = (kind && MARKS[kind]) || providerIcon(providerName(provider), connection, provider);
  return markup(template).replace('<svg ', `<svg data-mark="${escapeHtml(provider)}" focusable="false" `);
}

/** The tab's icon (the mock's own: no request, so a stand-alone tenant logs no 404 for /favicon.ico). */
const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#EB5424"/><path d="M9 17l4.5 4.5L23 11" fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/></svg>',
)}`;

const STYLE = `
  :root { color-scheme: light dark; font: 16px/1.5 system-ui, sans-serif; }
  body { margin: 0; display: grid; place-items: center; min-height: 100vh; background: Canvas; color: CanvasText; }
  main { width: min(26rem, 100% - 2rem); padding: 1.5rem; border: 1px solid GrayText; border-radius: .75rem; }
  h1 { font-size: 1.25rem; margin: 0 0 .5rem; }
  p { margin: .25rem 0 1rem; }
  fieldset { border: 0; padding: 0; margin: 0; display: grid; gap: .5rem; }
  legend, .legend { font-weight: 600; font-size: 1rem; margin: 0 0 .5rem; }
  small { display: block; opacity: .75; }
  button { display: flex; align-items: center; gap: .75rem; width: 100%; padding: .5rem .75rem;
    font: inherit; text-align: start; border: 1px solid GrayText; border-radius: .5rem; background: none; color: inherit; cursor: pointer; }
  button:hover, button:focus-visible { outline: 2px solid Highlight; outline-offset: 1px; }
  button img { width: 2rem; height: 2rem; border-radius: 50%; }
  .provider-icon { flex: none; width: 2rem; height: 2rem; color: var(--_mark, #fff); fill: currentColor;
    background: var(--_tile, #fff); box-shadow: inset 0 0 0 1px rgb(0 0 0 / .16); border-radius: 22%; }
  button img + .provider-icon { width: 1.25rem; height: 1.25rem; margin-inline-start: -1.4rem; align-self: flex-end; }
  .linked ul { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; gap: .5rem; }
  .linked li { display: flex; align-items: center; gap: .75rem; padding: .5rem .75rem; border: 1px dashed GrayText; border-radius: .5rem; }
  .linked .provider-icon { margin: 0; align-self: center; }
  .badge { margin-inline-start: auto; font-size: .8rem; padding: 0 .5rem; border: 1px solid GrayText; border-radius: 1rem; }
  button small { display: block; opacity: .75; }
  button .badge { display: inline-block; margin: .25rem 0 0; }
  [data-action="cancel"] { justify-content: center; margin-top: 1rem; }
  .mock { font-size: .8rem; opacity: .7; }
  ${iconTiles.cssText}
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="${FAVICON}">
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
<p class="mock">Mock Auth0 tenant — offline, for demos and tests.</p>
</main>
</body>
</html>`;
}

export interface AuthorizePageChoice {
  /** Composite `provider|user_id`, posted back as `identity`. */
  id: string;
  provider: string;
  name: string;
  email?: string;
  picture: string;
  /** The connection, when it is not named after the provider (`corp-oidc` of `oidc`). */
  connection?: string;
  /**
   * Whether this login already belongs to the signed-in user (`signedIn`): its own login (`primary`)
   * or one linked to it (`linked`). Still offered: choosing it gives Auth0's usual outcome.
   */
  already?: 'primary' | 'linked';
}

export interface AuthorizePageModel {
  tx: string;
  clientName: string;
  connection?: string;
  /** The signed-in user the chosen identity will be linked into (legacy link), with the identities it has. */
  linkInto?: {
    name: string;
    email?: string;
    identities?: ReadonlyArray<{ provider: string; user_id: string | number; profileData?: { name?: string; email?: string; nickname?: string } }>;
  };
  choices: AuthorizePageChoice[];
  /**
   * The user of the tenant's login session, on a page that is not a legacy link (a management link's
   * second login is an ordinary /authorize): the page tells which offered logins are theirs already.
   */
  signedIn?: { name: string; email?: string };
}

export function renderAuthorizePage(model: AuthorizePageModel): string {
  const { tx, clientName, connection, linkInto, choices, signedIn } = model;
  const intro = linkInto
    ? `<p data-link-into>Link another account to <strong>${escapeHtml(linkInto.name)}</strong>${
        linkInto.email ? ` (${escapeHtml(linkInto.email)})` : ''
      } in <strong>${escapeHtml(clientName)}</strong>.</p>`
    : `<p>Sign in to <strong>${escapeHtml(clientName)}</strong>.</p>`;
  const connectionLine = connection
    ? `<p data-connection="${escapeHtml(connection)}">Connection: <code>${escapeHtml(connection)}</code></p>`
    : '';
  // The mark is words inside the button, so it is part of the button's accessible name, not a colour.
  const already = (c: AuthorizePageChoice) =>
    c.already && signedIn
      ? `<span class="badge" data-already="${c.already}">${
          c.already === 'primary' ? `${escapeHtml(signedIn.name)}'s own login` : `Already linked to ${escapeHtml(signedIn.name)}`
        }</span>`
      : '';
  const buttons = choices.length
    ? choices
        .map(
          (c) => `<button type="submit" name="identity" value="${escapeHtml(c.id)}" data-identity="${escapeHtml(c.id)}">
  <img src="${escapeHtml(c.picture)}" alt="" width="32" height="32">${providerMark(c.provider, c.connection)}
  <span>Continue as ${escapeHtml(c.name)}<small>${escapeHtml(providerName(c.provider))}${c.email ? ` · ${escapeHtml(c.email)}` : ''}</small>${already(c)}</span>
</button>`,
        )
        .join('\n')
    : '<p data-empty>No account is available for this connection.</p>';
  // The accounts the signed-in user has already (known on a link page, from its access_token): shown,
  // marked, not offered. The first is the user's own login.
  const linked = linkInto?.identities?.length
    ? `<section class="linked" aria-labelledby="linked-heading">
<h2 id="linked-heading" class="legend">Already linked to ${escapeHtml(linkInto.name)}</h2>
<ul>
${linkInto.identities
  .map((identity, index) => {
    const label = identity.profileData?.email ?? identity.profileData?.name ?? identity.profileData?.nickname ?? (index === 0 ? linkInto.email : undefined);
    return `<li data-linked="${escapeHtml(identity.provider)}">${providerMark(identity.provider)}<span>${escapeHtml(providerName(identity.provider))}${
      label ? `<small>${escapeHtml(label)}</small>` : ''
    }</span><span class="badge">${index === 0 ? 'Primary' : 'Linked'}</span></li>`;
  })
  .join('\n')}
</ul>
</section>`
    : '';
  return page(
    `Sign in – ${clientName}`,
    `<h1>${linkInto ? 'Link an account' : 'Sign in'}</h1>
${intro}
${connectionLine}
${
  signedIn && !linkInto
    ? `<p data-signed-in>Signed in as <strong>${escapeHtml(signedIn.name)}</strong>${
        signedIn.email ? ` (${escapeHtml(signedIn.email)})` : ''
      }. The logins that are already theirs are marked; choosing one signs in as ${escapeHtml(signedIn.name)} again.</p>`
    : ''
}
${linked}
<form method="post" action="/authorize/decision">
<input type="hidden" name="tx" value="${escapeHtml(tx)}">
<fieldset>
<legend>Choose the account to continue with</legend>
${buttons}
</fieldset>
<button type="submit" name="action" value="cancel" data-action="cancel">Cancel</button>
</form>`,
  );
}

/** Auth0's error page, for problems that cannot be sent back to an untrusted redirect_uri. */
export function renderErrorPage(error: string, description: string, heading = 'Oops!, something went wrong'): string {
  return page(
    heading,
    `<h1>${escapeHtml(heading)}</h1>
<p role="alert" data-error="${escapeHtml(error)}"><code>${escapeHtml(error)}</code>: ${escapeHtml(description)}</p>`,
  );
}

/**
 * response_mode=web_message: instead of redirecting, post the result to the window that opened
 * the popup (or the parent of an iframe), only to the redirect_uri's origin.
 */
/**
 * `response_mode=form_post` (OAuth 2.0 Form Post Response Mode; what ASP.NET Core's and
 * express-openid-connect's OIDC handlers ask for): the response as a form POSTed to the callback,
 * sent by script, or by the button when scripts are off.
 */
export function renderFormPostPage(redirectUri: string, response: Record<string, string>): string {
  const fields = Object.entries(response)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n  ');
  return page(
    'Authorization response',
    `<form method="post" action="${escapeHtml(redirectUri)}">
  ${fields}
  <noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.forms[0].submit();</script>`,
  );
}

export function renderWebMessagePage(targetOrigin: string, response: Record<string, string>): string {
  // JSON in a <script>: escape `<` so a value cannot close the script element.
  const data = JSON.stringify({ type: 'authorization_response', response }).replace(/</g, '\\u003c');
  const origin = JSON.stringify(targetOrigin).replace(/</g, '\\u003c');
  return page(
    'Authorization response',
    `<h1>Authorization complete</h1>
<p>You can close this window.</p>
<script>
  (window.opener || window.parent).postMessage(${data}, ${origin});
</script>`,
  );
}
