import { css } from 'lit';

export const styles = css`
  :host {
    --_fg: var(--account-linker-color, #1f2328);
    --_bg: var(--account-linker-background, #ffffff);
    --_muted: var(--account-linker-muted-color, #59636e);
    --_border: var(--account-linker-border-color, #d1d9e0);
    --_accent: var(--account-linker-accent-color, #0969da);
    --_accent-fg: var(--account-linker-accent-contrast, #ffffff);
    --_danger: var(--account-linker-danger-color, #cf222e);
    --_radius: var(--account-linker-radius, 8px);
    --_avatar: var(--account-linker-avatar-size, 2.25rem);
    display: block;
    color: var(--_fg);
    background: var(--_bg);
    font: var(--account-linker-font, 0.9375rem/1.4 system-ui, sans-serif);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--account-linker-padding, 1rem);
    max-inline-size: var(--account-linker-max-width, 36rem);
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--account-linker-color, #e6edf3);
      --_bg: var(--account-linker-background, #0d1117);
      --_muted: var(--account-linker-muted-color, #9198a1);
      --_border: var(--account-linker-border-color, #3d444d);
      --_accent: var(--account-linker-accent-color, #4493f8);
      --_accent-fg: var(--account-linker-accent-contrast, #0d1117);
      --_danger: var(--account-linker-danger-color, #f85149);
    }
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
  [part~='list'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='identity'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    padding: 0.625rem 0;
    border-block-end: 1px solid var(--_border);
  }
  [part~='identity']:last-child {
    border-block-end: 0;
  }
  [part~='identity'][aria-busy='true'] {
    opacity: 0.6;
  }
  [part~='avatar'] {
    inline-size: var(--_avatar);
    block-size: var(--_avatar);
    border-radius: 50%;
    flex: none;
    object-fit: cover;
    display: grid;
    place-items: center;
    background: var(--_border);
    color: var(--_fg);
    font-weight: 600;
  }
  .who {
    flex: 1 1 10rem;
    min-inline-size: 0;
    display: flex;
    flex-direction: column;
  }
  [part~='provider'] {
    font-weight: 600;
  }
  /* Server text: isolated from its neighbours' direction, one line, never wider than the row. */
  [part~='provider'],
  [part~='account-name'] {
    unicode-bidi: isolate;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~='account-name'],
  [part~='hint'] {
    color: var(--_muted);
  }
  [part~='hint'] {
    overflow-wrap: anywhere;
  }
  [part~='hint'] {
    flex-basis: 100%;
    font-size: 0.8125rem;
    margin: 0;
  }
  [part~='primary-badge'] {
    font-size: 0.75rem;
    font-weight: 600;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    border: 1px solid var(--_accent);
    color: var(--_accent);
  }
  [part~='confirm'] {
    flex-basis: 100%;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  [part~='confirm'] p {
    margin: 0;
    flex: 1 1 12rem;
  }
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-block-start: 0.75rem;
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
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  [part~='add-link'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  [part~='unlink-button'],
  [part~='confirm-unlink'] {
    color: var(--_danger);
    border-color: currentColor;
  }
  [part~='confirm-unlink'] {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_bg);
  }
  [part~='error'] {
    border: 1px solid var(--_danger);
    border-radius: calc(var(--_radius) - 2px);
    padding: 0.5rem 0.75rem;
    margin-block-end: 0.75rem;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  [part~='error'] p {
    margin: 0;
    flex: 1 1 14rem;
    overflow-wrap: anywhere;
  }
  [part~='notice'] {
    border: 1px solid var(--_accent);
    border-radius: calc(var(--_radius) - 2px);
    padding: 0.5rem 0.75rem;
    margin: 0 0 0.75rem;
    overflow-wrap: anywhere;
  }
  [part~='identity'][data-added] {
    box-shadow: inset 3px 0 var(--_accent);
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
    [part~='primary-badge'],
    [part~='notice'],
    [part~='error'] {
      border-color: CanvasText;
      color: CanvasText;
    }
    button:disabled {
      color: GrayText;
      border-color: GrayText;
    }
  }
`;
