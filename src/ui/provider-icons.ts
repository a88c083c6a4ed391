// Provider icons, decorative (`aria-hidden`): the provider's name is always written beside them.
// The brands' own marks (simple-icons, subset by scripts/provider-marks.mjs into the marks chunk)
// in their brand colour on a white tile, which stays white in dark mode (a black GitHub or X mark
// on a dark card would vanish); the generic kinds (database, sms, email, enterprise) a white glyph
// on a coloured tile; anything unknown its initial on a tile. Every tile has a hairline edge.
//
// Each mark is one static template: an `<svg>` and its paths, its tile the svg's own background
// (`--_tile`) and its colour `--_mark`, both by `data-icon` here. Stamping a row's icon is then a
// clone with nothing to bind (`npm run bench`). The tile is a style rule, not an attribute, so a
// strict CSP (no inline styles) and forced colours both hold.
import { css, html, type TemplateResult } from 'lit';
import { lazyChunk } from '../lazy.js';


/**
 * Each mark's colour (`--_mark`) and tile (`--_tile`, white when unset), by `data-icon`; the
 * letters' tiles (dark enough for white text, WCAG AA) by `data-tile`. Brand colours are
 * simple-icons'.
 */
export const iconTiles = css`
  [data-icon='google'] { --_mark: #4285f4; }
  [data-icon='github'] { --_mark: #181717; }
  [data-icon='facebook'] { --_mark: #0866ff; }
  [data-icon='apple'], [data-icon='x'] { --_mark: #000; }
  [data-icon='gitlab'] { --_mark: #fc6d26; }
  [data-icon='linkedin'] { --_tile: #0a66c2; }
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

// No chunk (offline): the tiles stay, in their colours.
const chunk = lazyChunk(() => import('./provider-marks.js'));

/** Fetches the marks' drawings once per page; resolves when they are here (or could not come). */
export const loadMarks = (): Promise<unknown> => chunk.load();

/** The marks' drawings are here. */
export const marksLoaded = (): boolean => !!chunk.module;

/**
 * A provider icon (part `provider-icon`): the known mark of `provider`/`connection` (its tile until
 * the drawings have loaded), else the first letter of `name` (the name written beside it) on a
 * tile. Decorative: `aria-hidden`.
 */
export function providerIcon(name: string, connection: string, provider?: string): TemplateResult {
  const kind = iconKind(connection, provider);
  if (kind) return chunk.module?.MARKS[kind] ?? html`<svg part="provider-icon" class="provider-icon" data-icon=${kind} viewBox="0 0 24 24" aria-hidden="true"></svg>`;
  const letter = [...name.trim()][0]?.toUpperCase() ?? '?';
  let hash = 0;
  for (const char of connection) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return html`<svg part="provider-icon" class="provider-icon" data-icon="letter" data-tile=${hash % LETTER_TILES} viewBox="0 0 24 24" aria-hidden="true"><text x="12" y="16.5" text-anchor="middle" font-size="13" font-weight="700">${letter}</text></svg>`;
}
