// The marks' drawings, a chunk of its own: the tiles (iconTiles, in the first load) show at once in
// their brand colour and the mark appears on them when this arrives, a moment after the element
// starts (before the list has come back, as a rule). Each is one static template: an `<svg>` and one
// path, nothing to bind.
import { html, type TemplateResult } from 'lit';

export const MARKS: Record<string, TemplateResult> = {
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
