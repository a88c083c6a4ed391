// The add menu's behaviour (the WAI-ARIA menu button pattern): open and close, the keys, a click
// outside. The element renders the trigger and the menu and forwards their events here.
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';

/** The trigger's "opens a menu" mark. Pointing down, it needs no mirroring in RTL. */
export const chevron = html`<svg class="chevron" viewBox="0 0 16 16" aria-hidden="true"><path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" stroke-width="1.8"/></svg>`;

let placing: Promise<typeof import('./menu-place.js') | undefined> | undefined;

/**
 * Fetches the menu's placing code once per page (when a menu trigger is first shown); undefined: it
 * could not come. The menu is a `popover="manual"`: where the Popover API is (`menu.popover` set) it
 * goes to the top layer, where no ancestor's overflow clips it; elsewhere the attribute means
 * nothing and the styles put it under its trigger.
 */
export const preparePlacing = () => (placing ??= import('./menu-place.js').catch(() => undefined));

/** Where a key moves the focus among `count` items from `index` (wrapping); undefined: not a move. */
export function menuTarget(key: string, index: number, count: number): number | undefined {
  if (key === 'ArrowDown') return (index + 1) % count;
  if (key === 'ArrowUp') return (index - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return undefined;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * ArrowDown/ArrowUp on the trigger open the menu on its first/last item, a click toggles it;
 * in the menu ArrowDown/ArrowUp/Home/End move (wrapping), Enter and Space choose (the items are
 * buttons), Escape closes and returns focus to the trigger, Tab closes and moves on, and a press
 * outside the menu and its trigger closes it.
 */
export class AddMenu implements ReactiveController {
  open = false;

  constructor(
    private readonly host: Host,
    private readonly root: () => ParentNode,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.close();
  }

  #menu(): HTMLElement | null {
    return this.root().querySelector<HTMLElement>('[role="menu"]');
  }

  #stop: (() => void) | undefined;

  /**
   * Shows the menu in the top layer at its trigger, and keeps it there. Without the Popover API, or
   * when the placing code could not come, it stays where the styles put it, under its trigger.
   */
  async #raise(): Promise<void> {
    const menu = this.#menu();
    if (!menu?.popover) return;
    const placer = await preparePlacing();
    if (!placer) menu.removeAttribute('popover');
    else if (this.open && menu.isConnected) this.#stop = placer.follow(menu, this.trigger()!);
  }

  trigger(): HTMLElement | null {
    return this.root().querySelector<HTMLElement>('[aria-haspopup="menu"]');
  }

  #items(): HTMLElement[] {
    return [...this.root().querySelectorAll<HTMLElement>('[role="menu"] [role="menuitem"]:not([disabled])')];
  }

  async show(at: 'first' | 'last'): Promise<void> {
    if (!this.open) {
      this.open = true;
      document.addEventListener('pointerdown', this.#outside, true);
      this.host.requestUpdate();
      await this.host.updateComplete;
      await this.#raise();
    }
    const items = this.#items();
    items[at === 'first' ? 0 : items.length - 1]?.focus();
  }

  close(focusTrigger = false): void {
    if (this.open) {
      this.open = false;
      document.removeEventListener('pointerdown', this.#outside, true);
      this.#stop?.();
      this.#stop = undefined;
      this.host.requestUpdate();
    }
    if (focusTrigger) this.trigger()?.focus();
  }

  onTriggerClick = (): void => {
    if (this.open) this.close(true);
    else void this.show('first');
  };

  onTriggerKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      void this.show(event.key === 'ArrowDown' ? 'first' : 'last');
    } else if (event.key === 'Escape' && this.open) {
      event.preventDefault();
      this.close(true);
    }
  };

  onMenuKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close(true);
      return;
    }
    if (event.key === 'Tab') {
      // Focus the trigger first: the Tab's own move then starts from it, to the next control.
      this.close(true);
      return;
    }
    const items = this.#items();
    const next = menuTarget(event.key, items.indexOf(event.target as HTMLElement), items.length);
    if (next === undefined) return;
    event.preventDefault();
    items[next]?.focus();
  };

  #outside = (event: Event): void => {
    const path = event.composedPath();
    const menu = this.#menu();
    if ((menu && path.includes(menu)) || path.includes(this.trigger()!)) return;
    this.close();
  };
}
