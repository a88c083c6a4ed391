// HTML of the mock /authorize flow: the account picker, error pages, and the web_message page.
// Every interpolated value goes through escapeHtml: names, ids and URLs come from requests.

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const PROVIDER_NAMES: Record<string, string> = {
  auth0: 'Email',
  'google-oauth2': 'Google',
  github: 'GitHub',
  facebook: 'Facebook',
  windowslive: 'Microsoft',
  sms: 'SMS',
  oidc: 'OIDC',
  gitea: 'Gitea',
};

export const providerName = (provider: string) => PROVIDER_NAMES[provider] ?? provider;

/** Each provider's tile colour and letter (the brands' own colours); any other: grey, its initial. */
const MARK_TILES: Record<string, [colour: string, letter: string]> = {
  auth0: ['#EB5424', '@'],
  'google-oauth2': ['#4285F4', 'G'],
  github: ['#24292F', 'GH'],
  facebook: ['#0866FF', 'f'],
  windowslive: ['#737373', 'M'],
  apple: ['#000000', 'A'],
  twitter: ['#000000', 'X'],
  linkedin: ['#0A66C2', 'in'],
  gitlab: ['#FC6D26', 'GL'],
  sms: ['#2E7D32', '#'],
  email: ['#6D4C41', '@'],
  oidc: ['#5B5B5B', 'ID'],
  gitea: ['#609926', 'Gi'],
};

/**
 * A provider's mark: an inline SVG tile, drawn with presentation attributes only (no style
 * attribute, so a style-src policy never has to allow it); a light outline keeps dark tiles
 * visible on a dark page. Decorative: the text beside it names the provider.
 */
export function providerMark(provider: string): string {
  const [colour, letter] = MARK_TILES[provider] ?? ['#5B5B5B', (provider.trim()[0] ?? '?').toUpperCase()];
  const size = letter.length > 1 ? 12 : 17;
  return `<svg class="mark" data-mark="${escapeHtml(provider)}" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">\
<rect x=".5" y=".5" width="31" height="31" rx="7" fill="${colour}" stroke="#ffffff" stroke-opacity=".35"/>\
<text x="16" y="16" dy=".35em" text-anchor="middle" font-family="system-ui, sans-serif" font-weight="700" font-size="${size}" fill="#ffffff">${escapeHtml(letter)}</text></svg>`;
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
  .mark { flex: none; width: 2rem; height: 2rem; }
  button img + .mark, .linked .mark { width: 1.25rem; height: 1.25rem; margin-inline-start: -1.4rem; align-self: flex-end; }
  .linked ul { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; gap: .5rem; }
  .linked li { display: flex; align-items: center; gap: .75rem; padding: .5rem .75rem; border: 1px dashed GrayText; border-radius: .5rem; }
  .linked .mark { margin: 0; align-self: center; width: 2rem; height: 2rem; }
  .badge { margin-inline-start: auto; font-size: .8rem; padding: 0 .5rem; border: 1px solid GrayText; border-radius: 1rem; }
  button small { display: block; opacity: .75; }
  [data-action="cancel"] { justify-content: center; margin-top: 1rem; }
  .mock { font-size: .8rem; opacity: .7; }
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
}

export function renderAuthorizePage(model: AuthorizePageModel): string {
  const { tx, clientName, connection, linkInto, choices } = model;
  const intro = linkInto
    ? `<p data-link-into>Link another account to <strong>${escapeHtml(linkInto.name)}</strong>${
        linkInto.email ? ` (${escapeHtml(linkInto.email)})` : ''
      } in <strong>${escapeHtml(clientName)}</strong>.</p>`
    : `<p>Sign in to <strong>${escapeHtml(clientName)}</strong>.</p>`;
  const connectionLine = connection
    ? `<p data-connection="${escapeHtml(connection)}">Connection: <code>${escapeHtml(connection)}</code></p>`
    : '';
  const buttons = choices.length
    ? choices
        .map(
          (c) => `<button type="submit" name="identity" value="${escapeHtml(c.id)}" data-identity="${escapeHtml(c.id)}">
  <img src="${escapeHtml(c.picture)}" alt="" width="32" height="32">${providerMark(c.provider)}
  <span>Continue as ${escapeHtml(providerName(c.provider))} ${escapeHtml(c.name)}${
    c.email ? `<small>${escapeHtml(c.email)}</small>` : ''
  }</span>
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
