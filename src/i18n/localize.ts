// The element's side of the languages: which `lang` applies to it, and following its changes.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { locales, resolveLocale, type Locale, type LocaleLoader } from './locale.js';
import { defaultStrings, type AccountLinkerStrings } from './strings.js';

type Host = ReactiveControllerHost & HTMLElement;

/** Every connected controller: one observer of `lang` in the document serves them all. */
const connected = new Set<LocaleController>();
let documentObserver: MutationObserver | undefined;

function watchDocument(controller: LocaleController): void {
  connected.add(controller);
  if (documentObserver) return;
  documentObserver = new MutationObserver(() => connected.forEach((each) => each.update()));
  // `<html lang>`, and any other ancestor's in the document (not inside shadow roots).
  documentObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

function unwatchDocument(controller: LocaleController): void {
  connected.delete(controller);
  if (connected.size || !documentObserver) return;
  documentObserver.disconnect();
  documentObserver = undefined;
}

/**
 * The language in effect for an element, as HTML defines it: its own `lang`, else the nearest
 * ancestor's (through shadow roots to their hosts), which ends at `<html lang>`.
 */
export function langOf(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const owner = node.closest('[lang]');
    if (owner) return owner.getAttribute('lang') ?? '';
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return '';
}

/**
 * Keeps the host's table in its language: the element's own `lang`, else its ancestors'. It
 * follows `lang` on `<html>` and on any element of the document (one shared observer,
 * disconnected with the last element) and, when the host calls `update()` (its `lang` changed),
 * the element's own. A language still loading leaves the table
 * on show as it is, so the element never flashes keys or empties; `changed` runs when the new
 * table is in place.
 */
export class LocaleController implements ReactiveController {
  /** The language on show. */
  locale: Locale = 'en';
  /** Its table (English until another one has loaded). */
  table: AccountLinkerStrings = defaultStrings;
  #wanted: Locale | undefined;

  constructor(
    private readonly host: Host,
    private readonly changed: () => void,
    private readonly loader: LocaleLoader = locales,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    watchDocument(this);
    this.update();
  }

  hostDisconnected(): void {
    unwatchDocument(this);
  }

  /** Looks at `lang` again; switches now when the table is at hand, else once it has loaded. */
  update(): void {
    const wanted = resolveLocale(langOf(this.host));
    if (wanted === this.#wanted) return;
    this.#wanted = wanted;
    const ready = this.loader.peek(wanted);
    if (ready) return this.#show(wanted, ready);
    void this.loader.load(wanted).then((table) => {
      // Another language was asked for meanwhile: that one wins.
      if (this.#wanted === wanted) this.#show(wanted, table);
    });
  }

  #show(locale: Locale, table: AccountLinkerStrings): void {
    if (locale === this.locale && table === this.table) return;
    this.locale = locale;
    this.table = table;
    this.changed();
  }
}
