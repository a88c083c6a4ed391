import { css } from 'lit';

// (Comments stay out of the template: whatever is inside it ships.)
// - Colours are light-dark() pairs resolved against the color-scheme the element inherits (see
//   color-scheme.ts); each `--account-linker-*` property replaces a pair with one value.
//   light-dark() is in every engine since May 2024 (Chromium 123, Firefox 120, Safari 17.5):
//   Baseline "widely available" by late 2026, so there is no fallback for older browsers.
// - Layout uses logical properties only, so `dir="rtl"` (the element's or the page's) mirrors it.
// - A row is a grid: icon, avatar, the names (shrinking, cut with an ellipsis on one line), the
//   unlink button at the end, in the same place on every row; the hint and the confirmation go
//   under it. Below 30rem the avatar goes and the icon stays, so the names keep their room.
// - Server text is isolated (unicode-bidi) and keeps its own direction (dir="auto" on the span),
//   which decides which end is cut; the element's direction decides which side it sits on.
// - The primary's disabled unlink is neutral, not a faded red; the hint under it says why.
// - A row just linked (`data-added`) is marked at its start edge and glows once, unless motion is
//   reduced. Notices (a link made, an unlink done, a cancel) are calm: accent and quiet fill.
// - The loading skeleton's rows have the real rows' size (the primary's reason on two lines on
//   narrow screens), so nothing moves when the list arrives; it pulses unless motion is reduced.
// - Forced colours: system colours; icons become outlined tiles, the mark in the text colour and
//   its holes in the tile's.
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
  *,
  *::before,
  *::after {
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
  [part~='list'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='list']:focus {
    outline-offset: 4px;
  }

  [part~='identity'],
  .ghost {
    position: relative;
    display: grid;
    grid-template-columns: auto auto minmax(0, 1fr) auto;
    align-items: center;
    gap: 0.25rem var(--_gap);
    padding: 0.625rem 0.5rem;
    margin-inline: -0.5rem;
    border-block-end: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
  }
  [part~='identity']:last-child,
  .ghost:last-child {
    border-block-end: 0;
  }
  [part~='identity'][aria-busy='true'] {
    opacity: 0.6;
  }
  [part~='provider-icon'] {
    inline-size: var(--_icon);
    block-size: var(--_icon);
    flex: none;
    color: #fff;
    border-radius: 22%;
  }
  [part~='add-link'] [part~='provider-icon'] {
    inline-size: 1.25rem;
    block-size: 1.25rem;
  }
  [part~='avatar'] {
    inline-size: var(--_avatar);
    block-size: var(--_avatar);
    border-radius: 50%;
    object-fit: cover;
    display: grid;
    place-items: center;
    background: var(--_subtle);
    color: var(--_muted);
    font-weight: 600;
  }
  .who {
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
  [part~='provider'] {
    font-weight: 600;
  }
  [part~='provider'],
  [part~='account-name'] {
    unicode-bidi: isolate;
    text-align: left;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  :host(:dir(rtl)) :is([part~='provider'], [part~='account-name']) {
    text-align: right;
  }
  [part~='account-name'],
  [part~='hint'] {
    color: var(--_muted);
  }
  [part~='hint'] {
    grid-column: 3 / -1;
    font-size: 0.8125rem;
    margin: 0;
    overflow-wrap: anywhere;
  }
  [part~='primary-badge'] {
    flex: none;
    font-size: 0.75rem;
    line-height: 1.2;
    font-weight: 600;
    padding: 0.0625rem 0.5rem;
    border-radius: 999px;
    border: 1px solid var(--_accent);
    color: var(--_accent);
  }
  [part~='confirm'] {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  [part~='confirm'] p {
    margin: 0;
    flex: 1 1 12rem;
    overflow-wrap: anywhere;
  }

  [part~='identity'][data-added]::before {
    content: '';
    position: absolute;
    inset-block: 0.5rem;
    inset-inline-start: 0;
    inline-size: 3px;
    border-radius: 3px;
    background: var(--_accent);
  }
  @media (max-width: 30rem) {
    [part~='identity'],
    .ghost {
      grid-template-columns: auto minmax(0, 1fr) auto;
      column-gap: 0.625rem;
    }
    [part~='identity'] > [part~='avatar'],
    .ghost .avatar {
      display: none;
    }
    [part~='hint'],
    .ghost .hint {
      grid-column: 2 / -1;
    }
    .ghost .hint {
      block-size: 2lh;
      background:
        linear-gradient(var(--_bone), var(--_bone)) 0 15% / 100% 0.75em no-repeat,
        linear-gradient(var(--_bone), var(--_bone)) 0 85% / 60% 0.75em no-repeat;
    }
  }
  @media (prefers-reduced-motion: no-preference) {
    [part~='identity'][data-added] {
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

  .bone {
    display: block;
    block-size: 1lh;
    background: linear-gradient(var(--_bone), var(--_bone)) 0 50% / 100% 0.75em no-repeat;
    border-radius: 4px;
  }
  .ghost .who {
    gap: 0;
  }
  .ghost .short {
    inline-size: 60%;
  }
  .ghost .icon {
    inline-size: var(--_icon);
    block-size: var(--_icon);
    background-size: 100% 100%;
  }
  .ghost .avatar {
    inline-size: var(--_avatar);
    block-size: var(--_avatar);
    border-radius: 50%;
    background-size: 100% 100%;
  }
  .ghost .button {
    inline-size: 4.5rem;
    block-size: 2.25rem;
    border-radius: calc(var(--_radius) - 2px);
    background-size: 100% 100%;
  }
  .ghost .hint {
    grid-column: 3 / -1;
    font-size: 0.8125rem;
    inline-size: 70%;
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
  [part~='actions'] {
    position: relative;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin-block-start: var(--_gap);
  }
  [part~='add-link'] {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  [part~='add-link'] .chevron {
    inline-size: 1rem;
    block-size: 1rem;
    margin-inline-end: -0.25rem;
  }
  [part~='add-menu'] {
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
  [part~='add-menu'] [part~='add-link'] {
    background: transparent;
    border-color: transparent;
    color: inherit;
    text-align: start;
  }
  [part~='add-menu'] [part~='add-link']:is(:hover, :focus) {
    background: var(--_subtle);
  }
  [part~='all-linked'] {
    margin: 0;
    color: var(--_muted);
  }
  [part~='unlink-button'],
  [part~='confirm-unlink'] {
    color: var(--_danger);
    border-color: currentColor;
  }
  [part~='unlink-button']:disabled {
    color: var(--_muted);
    border-color: var(--_border);
    background: var(--_subtle);
    opacity: 1;
  }
  [part~='confirm-unlink'] {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_bg);
  }
  [part~='error'],
  [part~='notice'] {
    border: 1px solid var(--_border);
    border-inline-start-width: 4px;
    border-radius: calc(var(--_radius) - 2px);
    padding: 0.5rem 0.75rem;
    margin: 0 0 var(--_gap);
    overflow-wrap: anywhere;
  }
  [part~='error'] {
    border-color: var(--_danger);
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  [part~='error'] > p {
    margin: 0;
    flex: 1 1 14rem;
  }
  [part~='notice'] {
    border-inline-start-color: var(--_accent);
    background: var(--_subtle);
  }
  [part~='error-details'] {
    flex-basis: 100%;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  [part~='error-details'] summary {
    cursor: pointer;
    inline-size: fit-content;
    border-radius: 2px;
  }
  [part~='error-details'] p {
    margin: 0.25rem 0 0;
  }
  [part~='loading'],
  [part~='empty'] {
    color: var(--_muted);
    margin: 0;
  }

  @media (forced-colors: active) {
    [part~='add-link'],
    [part~='confirm-unlink'] {
      forced-color-adjust: none;
      background: ButtonText;
      color: ButtonFace;
      border-color: ButtonText;
    }
    [part~='add-menu'] [part~='add-link'] {
      background: ButtonFace;
      color: ButtonText;
      border-color: ButtonFace;
    }
    [part~='add-menu'] [part~='add-link']:is(:hover, :focus) {
      background: Highlight;
      color: HighlightText;
    }
    [part~='primary-badge'],
    [part~='notice'],
    [part~='error'] {
      border-color: CanvasText;
      color: CanvasText;
    }
    button:disabled,
    [part~='unlink-button']:disabled {
      color: GrayText;
      border-color: GrayText;
    }
    [part~='provider-icon'] {
      forced-color-adjust: none;
      color: CanvasText;
      fill: Canvas;
    }
    [part~='provider-icon'] rect:first-child {
      stroke: CanvasText;
      stroke-width: 2;
    }
    [part~='add-link']:not([part~='add-menu'] *) [part~='provider-icon'] {
      color: ButtonFace;
      fill: ButtonText;
    }
    [part~='add-link']:not([part~='add-menu'] *) [part~='provider-icon'] rect:first-child {
      stroke: ButtonFace;
    }
    [part~='identity'][data-added]::before {
      forced-color-adjust: none;
      background: Highlight;
    }
    .ghost {
      forced-color-adjust: none;
      --_bone: GrayText;
    }
  }
`;
