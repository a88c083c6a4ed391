// Provider icons: simple marks of our own drawing (a white glyph on a brand-coloured tile, 24×24),
// built with Lit's `svg` template (no HTML strings), decorative (`aria-hidden`): the provider's
// name is always written beside them. Anything unknown gets its initial on a tile.
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

type Mark = [tile: string, glyph: SVGTemplateResult, holes?: SVGTemplateResult];

// The glyph is drawn in `currentColor`; `holes` are cut out of it (drawn in the tile's colour).
const MARKS: Record<string, Mark> = {
  google: ['#4285f4', svg`<path d="M16.6 7.4A6.5 6.5 0 1 0 18.5 12H12" fill="none" stroke="currentColor" stroke-width="2.6"/>`],
  github: [
    '#24292f',
    svg`<path d="M6 5l3.5 3h5L18 5v7.5a6 6 0 0 1-12 0z"/>`,
    svg`<circle cx="9.6" cy="12.4" r="1.2"/><circle cx="14.4" cy="12.4" r="1.2"/>`,
  ],
  facebook: ['#1877f2', svg`<path d="M13 21V9.5a3 3 0 0 1 3-3h1.5M9.5 12.5H16" fill="none" stroke="currentColor" stroke-width="2.6"/>`],
  apple: [
    '#000',
    svg`<path d="M12 8.2c-1.3-1-2.7-1.2-3.9-.8-2.2.8-3.1 3-2.7 5.5.4 2.8 2 5.7 3.7 5.8 1 .1 1.6-.5 2.9-.5s1.9.6 2.9.5c1.7-.1 3.3-3 3.7-5.8.4-2.5-.5-4.7-2.7-5.5-1.2-.4-2.6-.2-3.9.8zm0-.7c0-1.8 1.2-3.2 3-3.5 0 1.8-1.2 3.2-3 3.5z"/>`,
    svg`<circle cx="19.2" cy="11" r="2.2"/>`,
  ],
  microsoft: ['#0078d4', svg`<path d="M6 6h5.5v5.5H6zm6.5 0H18v5.5h-5.5zM6 12.5h5.5V18H6zm6.5 0H18V18h-5.5z"/>`],
  x: ['#000', svg`<path d="M6 6h3.3L18 18h-3.3z"/><path d="M17.6 6 6.4 18" stroke="currentColor" stroke-width="1.5"/>`],
  linkedin: [
    '#0a66c2',
    svg`<circle cx="7.5" cy="7.5" r="1.6"/><path d="M6.2 10.5h2.6V18H6.2zm4.6 0h2.5v1.1c.5-.8 1.4-1.3 2.5-1.3 1.9 0 2.9 1.2 2.9 3.4V18h-2.6v-3.9c0-1-.4-1.6-1.3-1.6s-1.5.7-1.5 1.7V18h-2.5z"/>`,
  ],
  gitlab: ['#e24329', svg`<path d="M12 19l-7.2-5.7L7 5.5l2.2 6h5.6l2.2-6 2.2 7.8z"/>`],
  database: [
    '#4f46e5',
    svg`<rect x="7" y="11" width="10" height="8" rx="1.5"/><path d="M9.2 11V9a2.8 2.8 0 0 1 5.6 0v2" fill="none" stroke="currentColor" stroke-width="2"/>`,
  ],
  sms: [
    '#15803d',
    svg`<path d="M7.5 6h9A1.5 1.5 0 0 1 18 7.5v6a1.5 1.5 0 0 1-1.5 1.5H11l-3.5 3v-3A1.5 1.5 0 0 1 6 13.5v-6A1.5 1.5 0 0 1 7.5 6z"/>`,
    svg`<path d="M8.8 9.7h1.6v1.6H8.8zm2.4 0h1.6v1.6h-1.6zm2.4 0h1.6v1.6h-1.6z"/>`,
  ],
  email: [
    '#0e7490',
    svg`<rect x="5" y="7" width="14" height="10" rx="1.5"/>`,
    svg`<path d="M5.5 8.2 12 13l6.5-4.8v1.7L12 14.7 5.5 9.9z"/>`,
  ],
  enterprise: [
    '#334155',
    svg`<path d="M6 19V6h8v4h4v9z"/>`,
    svg`<path d="M8 8h2v2H8zm3 0h2v2h-2zm-3 3h2v2H8zm3 0h2v2h-2zm4 0h2v2h-2zm-7 3h2v2H8zm3 0h2v2h-2zm4 0h2v2h-2z"/>`,
  ],
};

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

/** Tiles of the lettered fallback: dark enough for white text (WCAG AA). */
const LETTER_TILES = ['#6d28d9', '#be185d', '#b45309', '#0f766e', '#1d4ed8', '#4d7c0f'];

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
  let tile: string;
  let glyph: SVGTemplateResult;
  let holes: SVGTemplateResult | undefined;
  if (kind) {
    [tile, glyph, holes] = MARKS[kind]!;
  } else {
    const letter = [...name.trim()][0]?.toUpperCase() ?? '?';
    let hash = 0;
    for (const char of connection) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    tile = LETTER_TILES[hash % LETTER_TILES.length]!;
    glyph = svg`<text x="12" y="16.5" text-anchor="middle" font-size="13" font-weight="700">${letter}</text>`;
  }
  return html`<svg part="provider-icon" data-icon=${kind ?? 'letter'} viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill=${tile}>
    <rect width="24" height="24" rx="5"></rect><g fill="currentColor">${glyph}</g>${holes}
  </svg>`;
}
