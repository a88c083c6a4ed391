// Where focus goes after an outcome, so that it stays in the element on what comes next and never
// falls to <body>. The element calls these in `updated()`, once the outcome is on show.

/** The row of an identity (`provider|user_id`). */
function row(root: ShadowRoot, key: string): HTMLElement | undefined {
  return [...root.querySelectorAll<HTMLElement>('.identity')].find((item) => item.dataset['key'] === key);
}

export const focusAfter = {
  row,

  /** A row is gone: the unlink button that took its place, else the one above, else an add button. */
  removal(root: ShadowRoot, index: number): void {
    const rows = [...root.querySelectorAll<HTMLElement>('.identity')];
    const candidates = [rows[index], rows[index - 1], ...rows]
      .map((item) => item?.querySelector<HTMLButtonElement>('.unlink-button:not([disabled])'))
      .filter((button): button is HTMLButtonElement => !!button);
    const target = candidates[0] ?? root.querySelector<HTMLElement>('.add-link') ?? root.querySelector<HTMLElement>('.list');
    target?.focus();
  },

  /** A link was made: the new row, else the notice. */
  link(root: ShadowRoot, added: string | undefined): void {
    const target = added ? row(root, added) : undefined;
    (target ?? root.querySelector<HTMLElement>('.notice, .error, .add-link'))?.focus();
  },

  /** A popup ended without a link: back to the control that opened it, else what says why. */
  popupEnded(root: ShadowRoot, trigger: HTMLElement | undefined): void {
    const usable = trigger?.isConnected && !(trigger as HTMLButtonElement).disabled ? trigger : undefined;
    (usable ?? root.querySelector<HTMLElement>('.notice, .error, .add-link'))?.focus();
  },
};
