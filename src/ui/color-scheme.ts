// Light and dark follow the page: the element's colours are `light-dark()` pairs, resolved against
// the `color-scheme` it inherits. A page that declares none (`normal`) would get light even on a
// dark OS, so then, and only then, the element declares `light dark` itself: it follows the OS.
import { css, type ReactiveController, type ReactiveControllerHost } from 'lit';

/** A `:host` rule: a page's own `account-linker { color-scheme: … }` still wins over it. */
const followOs = css`
  :host {
    color-scheme: light dark;
  }
`.styleSheet;

/** The viewport width when an element first rendered last (see `hostUpdated`). */
let sheetsLastSeenAt: number | undefined;

/** The color-scheme the element inherits (its flat-tree parent's), `normal` when none is declared. */
function inherited(host: HTMLElement): string {
  const root = host.getRootNode();
  const parent = host.assignedSlot ?? host.parentElement ?? (root instanceof ShadowRoot ? root.host : null);
  return parent ? getComputedStyle(parent).colorScheme || 'normal' : 'normal';
}

/**
 * Adds the `light dark` rule while the page declares no color-scheme; checked before each render
 * and when connected again. Before a render, not after: reading a computed style makes the browser
 * style whatever is new, and before a render nothing of the element is (after it, fifty new rows
 * would be styled here and again in the frame).
 */
export class ColorSchemeController implements ReactiveController {
  #rendered = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    // Moved to another place (no render may follow): check there. The first time, the check
    // before the first render is enough; each is a style recalculation.
    if (this.#rendered) this.#check();
  }

  hostUpdate(): void {
    this.#check();
  }

  hostUpdated(): void {
    if (this.#rendered) return;
    this.#rendered = true;
    // WebKit evaluates the viewport media queries of a shared adopted sheet once and keeps the
    // answer for shadow roots that adopt it later, even after the viewport changed (a phone turned
    // while no element was on the page). Styling the new element, then adopting the list afresh,
    // makes it look again. That styles the element twice, so only when the viewport did change.
    const root = this.host.shadowRoot;
    const width = window.innerWidth;
    if (root && sheetsLastSeenAt !== undefined && sheetsLastSeenAt !== width) {
      void getComputedStyle(this.host).color; // styles the element now
      root.adoptedStyleSheets = [...root.adoptedStyleSheets];
    }
    sheetsLastSeenAt = width;
  }

  #check(): void {
    const root = this.host.shadowRoot;
    if (!root || !followOs) return;
    const wanted = inherited(this.host) === 'normal';
    const sheets = root.adoptedStyleSheets;
    if (wanted === sheets.includes(followOs)) return;
    root.adoptedStyleSheets = wanted ? [...sheets, followOs] : sheets.filter((sheet) => sheet !== followOs);
  }
}
