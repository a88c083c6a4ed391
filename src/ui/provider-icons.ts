// Provider icons: simple marks of our own drawing (a white glyph on a brand-coloured tile, 24×24),
// decorative (`aria-hidden`): the provider's name is always written beside them. Anything unknown
// gets its initial on a tile.
//
// Each mark is one static template: an `<svg>` and one path (strokes drawn as outlines, holes cut by
// the even-odd rule; the apple's bite is the one second path), its tile the svg's own background
// (`iconTiles`, by `data-icon`). Stamping a row's icon is then a clone of two elements with
// nothing to bind; as a tile, a group and shapes stamped through nested templates it was a quarter
// of a row's render time (`npm run bench`). The tile is a style rule, not an attribute, so a strict
// CSP (no inline styles) and forced colours both hold.
import { css, html, type TemplateResult } from 'lit';

const MARKS: Record<string, TemplateResult> = {
  google: html`<svg part="provider-icon" class="provider-icon" data-icon="google" viewBox="0 0 24 24" aria-hidden="true"><path d="M17.52 6.48A7.8 7.8 0 1 0 19.8 12v-1.3H12v2.6h5.03A5.2 5.2 0 1 1 15.68 8.32z"></path></svg>`,
  github: html`<svg part="provider-icon" class="provider-icon" data-icon="github" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 5l3.5 3h5L18 5v7.5a6 6 0 0 1-12 0zM8.4 12.4a1.2 1.2 0 1 0 2.4 0a1.2 1.2 0 1 0 -2.4 0zM13.2 12.4a1.2 1.2 0 1 0 2.4 0a1.2 1.2 0 1 0 -2.4 0z"></path></svg>`,
  facebook: html`<svg part="provider-icon" class="provider-icon" data-icon="facebook" viewBox="0 0 24 24" aria-hidden="true"><path d="M11.7 21v-7.2H9.5v-2.6h2.2V9.5a4.3 4.3 0 0 1 4.3-4.3h1.5v2.6H16a1.7 1.7 0 0 0-1.7 1.7v1.7H16v2.6h-1.7V21z"></path></svg>`,
  apple: html`<svg part="provider-icon" class="provider-icon" data-icon="apple" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 8.2c-1.3-1-2.7-1.2-3.9-.8-2.2.8-3.1 3-2.7 5.5.4 2.8 2 5.7 3.7 5.8 1 .1 1.6-.5 2.9-.5s1.9.6 2.9.5c1.7-.1 3.3-3 3.7-5.8.4-2.5-.5-4.7-2.7-5.5-1.2-.4-2.6-.2-3.9.8zm0-.7c0-1.8 1.2-3.2 3-3.5 0 1.8-1.2 3.2-3 3.5z"></path><path class="hole" d="M17 11a2.2 2.2 0 1 0 4.4 0a2.2 2.2 0 1 0 -4.4 0z"></path></svg>`,
  microsoft: html`<svg part="provider-icon" class="provider-icon" data-icon="microsoft" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6h5.5v5.5H6zm6.5 0H18v5.5h-5.5zM6 12.5h5.5V18H6zm6.5 0H18V18h-5.5z"></path></svg>`,
  x: html`<svg part="provider-icon" class="provider-icon" data-icon="x" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6h3.3L18 18h-3.3zm12.15.51-11.2 12-1.1-1.02 11.2-12z"></path></svg>`,
  linkedin: html`<svg part="provider-icon" class="provider-icon" data-icon="linkedin" viewBox="0 0 24 24" aria-hidden="true"><path d="M5.9 7.5a1.6 1.6 0 1 0 3.2 0a1.6 1.6 0 1 0 -3.2 0zM6.2 10.5h2.6V18H6.2zm4.6 0h2.5v1.1c.5-.8 1.4-1.3 2.5-1.3 1.9 0 2.9 1.2 2.9 3.4V18h-2.6v-3.9c0-1-.4-1.6-1.3-1.6s-1.5.7-1.5 1.7V18h-2.5z"></path></svg>`,
  gitlab: html`<svg part="provider-icon" class="provider-icon" data-icon="gitlab" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 19l-7.2-5.7L7 5.5l2.2 6h5.6l2.2-6 2.2 7.8z"></path></svg>`,
  database: html`<svg part="provider-icon" class="provider-icon" data-icon="database" viewBox="0 0 24 24" aria-hidden="true"><path d="M8.5 11h7a1.5 1.5 0 0 1 1.5 1.5v5a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 7 17.5v-5A1.5 1.5 0 0 1 8.5 11zm-.3 0V9a3.8 3.8 0 0 1 7.6 0v2h-2V9a1.8 1.8 0 0 0-3.6 0v2z"></path></svg>`,
  sms: html`<svg part="provider-icon" class="provider-icon" data-icon="sms" viewBox="0 0 24 24" aria-hidden="true"><path d="M7.5 6h9A1.5 1.5 0 0 1 18 7.5v6a1.5 1.5 0 0 1-1.5 1.5H11l-3.5 3v-3A1.5 1.5 0 0 1 6 13.5v-6A1.5 1.5 0 0 1 7.5 6zm1.3 3.7h1.6v1.6H8.8zm2.4 0h1.6v1.6h-1.6zm2.4 0h1.6v1.6h-1.6z"></path></svg>`,
  email: html`<svg part="provider-icon" class="provider-icon" data-icon="email" viewBox="0 0 24 24" aria-hidden="true"><path d="M6.5 7h11A1.5 1.5 0 0 1 19 8.5v7a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 5 15.5v-7A1.5 1.5 0 0 1 6.5 7zm-1 1.2L12 13l6.5-4.8v1.7L12 14.7 5.5 9.9z"></path></svg>`,
  enterprise: html`<svg part="provider-icon" class="provider-icon" data-icon="enterprise" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 19V6h8v4h4v9zM8 8h2v2H8zm3 0h2v2h-2zm-3 3h2v2H8zm3 0h2v2h-2zm4 0h2v2h-2zm-7 3h2v2H8zm3 0h2v2h-2zm4 0h2v2h-2z"></path></svg>`,
};

/**
 * Each mark's tile (`--_tile`), by `data-icon`; the letters' (dark enough for white text, WCAG AA)
 * by `data-tile`. Marks are even-odd (`styles.ts`) but for the X, whose strokes cross.
 */
export const iconTiles = css`
  [data-icon='google'] { --_tile: #4285f4; }
  [data-icon='github'] { --_tile: #24292f; }
  [data-icon='facebook'] { --_tile: #1877f2; }
  [data-icon='apple'], [data-icon='x'] { --_tile: #000; }
  [data-icon='x'] { fill-rule: nonzero; }
  [data-icon='microsoft'] { --_tile: #0078d4; }
  [data-icon='linkedin'] { --_tile: #0a66c2; }
  [data-icon='gitlab'] { --_tile: #e24329; }
  [data-icon='database'] { --_tile: #4f46e5; }
  [data-icon='sms'] { --_tile: #15803d; }
  [data-icon='email'] { --_tile: #0e7490; }
  [data-icon='enterprise'] { --_tile: #334155; }
  [data-tile='0'] { --_tile: #6d28d9; }
  [data-tile='1'] { --_tile: #be185d; }
  [data-tile='2'] { --_tile: #b45309; }
  [data-tile='3'] { --_tile: #0f766e; }
  [data-tile='4'] { --_tile: #1d4ed8; }
  [data-tile='5'] { --_tile: #4d7c0f; }
`;

/** How many lettered tiles `iconTiles` has. */
const LETTER_TILES = 6;

/** Which mark a provider or connection shows (Auth0's provider and connection names). */
const KIND: Record<string, string> = {
  'google-oauth2': 'google',
  github: 'github',
  facebook: 'facebook',
  apple: 'apple',
  windowslive: 'microsoft',
  'microsoft-account': 'microsoft',
  twitter: 'x',
  linkedin: 'linkedin',
  gitlab: 'gitlab',
  auth0: 'database',
  'Username-Password-Authentication': 'database',
  sms: 'sms',
  email: 'email',
  samlp: 'enterprise',
  oidc: 'enterprise',
  waad: 'enterprise',
  adfs: 'enterprise',
};

/** The mark for a connection (and, for an identity, its provider, which wins): a kind, or undefined. */
export function iconKind(connection: string, provider?: string): string | undefined {
  return KIND[provider ?? ''] ?? KIND[connection];
}

/**
 * A provider icon (part `provider-icon`): the known mark of `provider`/`connection`, else the
 * first letter of `name` (the name written beside it) on a tile. Decorative: `aria-hidden`.
 */
export function providerIcon(name: string, connection: string, provider?: string): TemplateResult {
  const kind = iconKind(connection, provider);
  if (kind) return MARKS[kind]!;
  const letter = [...name.trim()][0]?.toUpperCase() ?? '?';
  let hash = 0;
  for (const char of connection) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return html`<svg part="provider-icon" class="provider-icon" data-icon="letter" data-tile=${hash % LETTER_TILES} viewBox="0 0 24 24" aria-hidden="true"><text x="12" y="16.5" text-anchor="middle" font-size="13" font-weight="700">${letter}</text></svg>`;
}
