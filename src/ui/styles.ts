import { css } from 'lit';

// (Comments stay out of the template: whatever is inside it ships.)
// - Rules select classes: each styled part carries its name as a class too (`part="list" class="list"`).
//   A class rule is matched only against elements with that class, where every `[part~=…]` rule
//   would be tried on every element with a part. Parts stay the styling API for pages.
// - Colours are light-dark() pairs resolved against the color-scheme the element inherits (see
//   color-scheme.ts); each `--account-linker-*` property replaces a pair with one value.
//   light-dark() is in every engine since May 2024 (Chromium 123, Firefox 120, Safari 17.5):
//   Baseline "widely available" by late 2026, so there is no fallback for older browsers.
// - Layout uses logical properties only, so `dir="rtl"` (the element's or the page's) mirrors it.
// - A row is a grid: icon, the account's picture (a column only when some row has one, so names
//   line up and a list without pictures has no gap; no initials), the names (shrinking, cut with an
//   ellipsis on one line), the unlink button at the end, in the same place on every row; the hint
//   and the confirmation go under it. Below 30rem (phones) the row is laid out for the width: the
//   picture goes, the provider's line carries a compact Unlink at its end, and the account name has
//   the whole line under both (32 characters show whole at 375 px); the primary's provider line and
//   name take the whole width and its disabled Unlink sits beside the reason.
// - Unlink is quiet (a neutral button) until confirmed; the confirming button is the red one.
// - The add menu is a popover (the top layer) where the Popover API is, placed at its trigger by
//   menu-place.ts, so no scrolling or overflow:hidden ancestor clips it; elsewhere it is absolutely
//   positioned under its trigger.
// - Server text is isolated (unicode-bidi) and keeps its own direction (dir="auto" on the span),
//   which decides which end is cut; the element's direction decides which side it sits on.
// - The primary's disabled unlink is neutral and quiet, not faded; the hint says why.
// - A row just linked (`data-added`) is marked at its start edge and glows once, unless motion is
//   reduced. Notices (a link made, an unlink done, a cancel) are calm: accent and quiet fill.
// - Rows but the first skip their style and layout while off screen (content-visibility): a long
//   list shows its first rows without first laying out the rest. A skipped row's estimate is a
//   one-line row's real height, and the first row (the primary, with its reason under it) never
//   skips, so an engine that draws an estimate for a frame (WebKit) moves nothing. Nothing
//   overflows a row, so its paint containment clips nothing (focus rings sit inside its padding).
// - The loading skeleton's rows have the real rows' size (the primary's reason on three lines on
//   phones), so nothing moves when the list arrives; it pulses unless motion is reduced.
// - Forced colours: system colours; icons become outlined tiles, every mark (Microsoft's four
//   colours too) in the text colour.
export const styles = css`
  :host {
    --_fg: var(--account-linker-color, light-dark(#1f2328, #e6edf3));
    --_bg: var(--account-linker-background, light-dark(#ffffff, #0d1117));
    --_muted: var(--account-linker-muted-color, light-dark(#59636e, #9198a1));
    --_border: var(--account-linker-border-color, light-dark(#d1d9e0, #3d444d));
    --_subtle: var(--account-linker-subtle-color, light-dark(#f3f5f7, #161b22));
    --_accent: var(--account-linker-accent-color, light-dark(#0969da, #4493f8));
    --_accent-fg: var(--account-linker-accent-contrast, light-dark(#ffffff, #0d1117));
    --_danger: var(--account-linker-danger-color, light-dark(#cf222e, #f85149));
    --_radius: var(--account-linker-radius, 8px);
    --_avatar: var(--account-linker-avatar-size, 2.25rem);
    --_icon: var(--account-linker-icon-size, 1.5rem);
    --_gap: var(--account-linker-gap, 0.75rem);
    --_bone: var(--_subtle);
    display: block;
    color: var(--_fg);
    background: var(--_bg);
    font: var(--account-linker-font, 0.9375rem/1.4 system-ui, sans-serif);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--account-linker-padding, 1rem);
    max-inline-size: var(--account-linker-max-width, 36rem);
    min-inline-size: 0;
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: inherit;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .list:focus {
    outline-offset: 4px;
  }

  .identity,
  .ghost {
    position: relative;
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    align-items: center;
    gap: 0.25rem var(--_gap);
    padding: 0.625rem 0.5rem;
    margin-inline: -0.5rem;
    border-block-end: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
  }
  .identity + .identity {
    content-visibility: auto;
    contain-intrinsic-size: auto 2.625rem;
  }
  .identity:last-child,
  .ghost:last-child {
    border-block-end: 0;
  }
  .identity[aria-busy='true'] {
    opacity: 0.6;
  }
  .provider-icon {
    inline-size: var(--_icon);
    block-size: var(--_icon);
    flex: none;
    color: var(--_mark, #fff);
    fill: currentColor;
    background: var(--_tile, #fff);
    box-shadow: inset 0 0 0 1px rgb(0 0 0 / 0.16);
    border-radius: 22%;
  }
  .add-link .provider-icon {
    inline-size: 1.25rem;
    block-size: 1.25rem;
  }
  .list:has(.avatar) .identity {
    grid-template-columns: auto var(--_avatar) minmax(0, 1fr) auto;
  }
  .avatar {
    inline-size: var(--_avatar);
    block-size: var(--_avatar);
    border-radius: 50%;
    object-fit: cover;
    background: var(--_subtle);
  }
  .who {
    grid-column: -3;
    min-inline-size: 0;
    display: flex;
    flex-direction: column;
  }
  .line {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-inline-size: 0;
  }
  .provider {
    font-weight: 600;
  }
  .provider,
  .account-name {
    unicode-bidi: isolate;
    text-align: left;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  :host(:dir(rtl)) :is(.provider, .account-name) {
    text-align: right;
  }
  .account-name,
  .hint {
    color: var(--_muted);
  }
  .hint {
    grid-column: -3 / -1;
    font-size: 0.8125rem;
    margin: 0;
    overflow-wrap: anywhere;
  }
  .primary-badge {
    flex: none;
    font-size: 0.75rem;
    line-height: 1.2;
    font-weight: 600;
    padding: 0.0625rem 0.5rem;
    border-radius: 999px;
    border: 1px solid var(--_accent);
    color: var(--_accent);
  }
  .confirm {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .confirm p {
    margin: 0;
    flex: 1 1 12rem;
    overflow-wrap: anywhere;
  }

  .identity[data-added]::before {
    content: '';
    position: absolute;
    inset-block: 0.5rem;
    inset-inline-start: 0;
    inline-size: 3px;
    border-radius: 3px;
    background: var(--_accent);
  }
  .bone {
    display: block;
    block-size: 1lh;
    background: linear-gradient(var(--_bone), var(--_bone)) 0 50% / 100% 0.75em no-repeat;
    border-radius: 4px;
  }
  .ghost .bone-short {
    inline-size: 60%;
  }
  .ghost .bone-icon {
    inline-size: var(--_icon);
    block-size: var(--_icon);
    background-size: 100% 100%;
  }
  .ghost .bone-button {
    inline-size: 4.5rem;
    block-size: 2.25rem;
    border-radius: calc(var(--_radius) - 2px);
    background-size: 100% 100%;
  }
  .ghost .bone-hint {
    grid-column: -3 / -1;
    font-size: 0.8125rem;
    inline-size: 70%;
  }

  @media (max-width: 30rem) {
    .identity,
    .list:has(.avatar) .identity,
    .ghost {
      grid-template-columns: auto minmax(0, 1fr) auto;
      column-gap: 0.625rem;
    }
    .identity + .identity {
      contain-intrinsic-size: auto 3.5625rem;
    }
    .identity > .avatar {
      display: none;
    }
    .who {
      display: contents;
    }
    .identity > .provider-icon,
    .bone-icon {
      grid-row: span 2;
    }
    .account-name,
    .bone-short {
      grid-area: 2 / 2 / auto / -1;
    }
    .unlink-button,
    .ghost .bone-button {
      grid-area: 1 / 3;
      min-block-size: 2rem;
      block-size: 2rem;
      padding-block: 0;
      font-size: 0.875rem;
    }
    :has(> .hint) .line,
    :has(> .bone-hint) .who > :first-child {
      grid-column: 2 / -1;
    }
    :has(> .hint) > .unlink-button,
    :has(> .bone-hint) > .bone-button,
    .hint,
    .bone-hint {
      grid-row: 3;
    }
    .hint,
    .bone-hint {
      grid-column: 2;
    }
    .ghost .bone-hint {
      block-size: 3lh;
      background-size: 100% 80%;
    }
  }
  @media (prefers-reduced-motion: no-preference) {
    .identity[data-added] {
      animation: added 2.4s ease-out;
    }
    .ghost {
      animation: pulse 1.6s ease-in-out infinite alternate;
    }
  }
  @keyframes added {
    from {
      background-color: color-mix(in srgb, var(--_accent) 10%, transparent);
    }
  }
  @keyframes pulse {
    to {
      opacity: 0.45;
    }
  }

  button {
    font: inherit;
    cursor: pointer;
    border-radius: calc(var(--_radius) - 2px);
    border: 1px solid var(--_border);
    background: transparent;
    color: inherit;
    padding: 0.375rem 0.875rem;
    min-block-size: 2.25rem;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .actions {
    position: relative;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin-block-start: var(--_gap);
  }
  .add-link {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  .add-link .chevron {
    inline-size: 1rem;
    block-size: 1rem;
    margin-inline-end: -0.25rem;
  }
  .add-menu {
    position: absolute;
    inset-block-start: calc(100% + 0.25rem);
    inset-inline-start: 0;
    z-index: 1;
    display: flex;
    flex-direction: column;
    min-inline-size: 14rem;
    max-inline-size: 100%;
    padding: 0.25rem;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
  }
  .add-menu:popover-open {
    position: fixed;
    inset: auto;
    margin: 0;
    overflow: auto;
  }
  .add-menu .add-link {
    background: transparent;
    border-color: transparent;
    color: inherit;
    text-align: start;
  }
  .add-menu .add-link:is(:hover, :focus) {
    background: var(--_subtle);
  }
  .all-linked {
    margin: 0;
    color: var(--_muted);
  }
  .unlink-button:disabled {
    color: var(--_muted);
    border-color: var(--_border);
    background: var(--_subtle);
    opacity: 1;
  }
  .confirm-unlink {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_bg);
  }
  .error,
  .notice {
    border: 1px solid var(--_border);
    border-inline-start-width: 4px;
    border-radius: calc(var(--_radius) - 2px);
    padding: 0.5rem 0.75rem;
    margin: 0 0 var(--_gap);
    overflow-wrap: anywhere;
  }
  .error {
    border-color: var(--_danger);
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .error > p {
    margin: 0;
    flex: 1 1 14rem;
  }
  .notice {
    border-inline-start-color: var(--_accent);
    background: var(--_subtle);
  }
  .error-details {
    flex-basis: 100%;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .error-details summary {
    cursor: pointer;
    inline-size: fit-content;
    border-radius: 2px;
  }
  .error-details p {
    margin: 0.25rem 0 0;
  }
  .loading,
  .empty {
    color: var(--_muted);
    margin: 0;
  }

  @media (forced-colors: active) {
    .add-link,
    .confirm-unlink {
      forced-color-adjust: none;
      background: ButtonText;
      color: ButtonFace;
      border-color: ButtonText;
    }
    .add-menu .add-link {
      background: ButtonFace;
      color: ButtonText;
      border-color: ButtonFace;
    }
    .add-menu .add-link:is(:hover, :focus) {
      background: Highlight;
      color: HighlightText;
    }
    .primary-badge,
    .notice,
    .error {
      border-color: CanvasText;
      color: CanvasText;
    }
    button:disabled,
    .unlink-button:disabled {
      color: GrayText;
      border-color: GrayText;
    }
    .provider-icon path {
      fill: currentColor;
    }
    .provider-icon {
      forced-color-adjust: none;
      color: CanvasText;
      --_tile: Canvas;
      outline: 1px solid CanvasText;
      outline-offset: -1px;
    }
    .add-link:not(.add-menu *) .provider-icon {
      color: ButtonFace;
      --_tile: ButtonText;
      outline-color: ButtonFace;
    }
    .identity[data-added]::before {
      forced-color-adjust: none;
      background: Highlight;
    }
    .ghost {
      forced-color-adjust: none;
      --_bone: GrayText;
    }
  }
`;
