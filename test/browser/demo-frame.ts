// The demo pages in a frame of the test page, read as a person sees them: shared by the
// end-to-end tests of both modes.
import './readable-failures.js';
import { expect, waitUntil } from '@open-wc/testing';

/** The frame holding the demo page now (a live binding: it changes with `open`). */
export let frame: HTMLIFrameElement;

export function loadOf(target: HTMLIFrameElement): Promise<void> {
  return new Promise((resolve) => target.addEventListener('load', () => resolve(), { once: true }));
}

/** Replaces the frame with a new one that `load` points at its page; resolves once it loaded. */
async function place(load: (target: HTMLIFrameElement) => void, size = 'width: 900px; height: 700px'): Promise<void> {
  frame?.remove();
  frame = document.createElement('iframe');
  frame.style.cssText = size;
  const loaded = loadOf(frame);
  load(frame);
  document.body.append(frame);
  await loaded;
}

export function open(path: string): Promise<void> {
  return place((target) => (target.src = path));
}

/** A page given as HTML (`srcdoc`, this origin), in a frame of `size`. */
export function openHtml(html: string, size?: string): Promise<void> {
  return place((target) => (target.srcdoc = html), size);
}

export function close(): void {
  frame?.remove();
}

export function doc(): Document {
  return frame.contentDocument!;
}

export function linker(): HTMLElement & { shadowRoot: ShadowRoot } {
  return doc().querySelector('account-linker') as HTMLElement & { shadowRoot: ShadowRoot };
}

/** The `provider|user_id` of each row on show. */
export function shown(): string[] {
  const root = linker()?.shadowRoot;
  if (!root) return [];
  return [...root.querySelectorAll<HTMLElement>('[part~="identity"]')].map((row) => `${row.dataset['provider']}|${row.dataset['userId']}`);
}

export function errorText(): string | null {
  return linker()?.shadowRoot?.querySelector('[part~="error"]')?.textContent?.trim() ?? null;
}

export function noticeText(): string | null {
  return linker()?.shadowRoot?.querySelector('[part~="notice"]')?.textContent?.trim() ?? null;
}

/** What the live region says (visually hidden): "Finish signing in in the window that opened", … */
export function statusText(): string | null {
  return linker()?.shadowRoot?.querySelector('[part~="status"]')?.textContent?.trim() ?? null;
}

/**
 * Waits until the list on show is `expected`. On a timeout the message tells what the page shows
 * then, not when the wait began (waitUntil's message is fixed at the call), and `what` may be a
 * function read then too.
 */
export async function listIs(expected: string[], what: string | (() => string) = 'the list', timeout = 8000): Promise<void> {
  const same = () => JSON.stringify(shown()) === JSON.stringify(expected);
  try {
    await waitUntil(same, 'the list', { timeout });
  } catch (error) {
    // waitUntil's error keeps the stack of the test's line; only its message is rewritten.
    const label = typeof what === 'function' ? what() : what;
    if (error instanceof Error) {
      error.message = `Timeout: ${label}: ${JSON.stringify(shown())}; error: ${errorText()}; notice: ${noticeText()}; status: ${statusText()}`;
    }
    throw error;
  }
}

export function inLinker<T extends HTMLElement>(selector: string): T {
  const found = linker().shadowRoot.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

/** Clicks something that navigates the frame, and waits for the next page. */
export async function navigateBy(click: () => void): Promise<void> {
  const next = loadOf(frame);
  click();
  await next;
}

/** Watches the demo page from now on: `expectStayed()` fails when it navigated or its address changed (a popup's link). */
export function watchNavigations(): { expectStayed(): void } {
  let navigations = 0;
  frame.addEventListener('load', () => navigations++);
  const before = frame.contentWindow!.location.href;
  return {
    expectStayed() {
      expect(navigations, 'the page navigated').to.equal(0);
      expect(frame.contentWindow!.location.href).to.equal(before);
    },
  };
}
