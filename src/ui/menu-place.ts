// Where the add menu goes once it is in the top layer (a chunk of its own: only a page with a menu
// open needs it). Fixed coordinates from its trigger's box, kept there as the page scrolls or resizes.

/**
 * Where a menu of `menu` size goes, at a trigger `at` in a viewport `width`×`height` (fixed
 * coordinates, 4 px apart): under the trigger, else above it when there is room there, else on the
 * roomier side with a height cap; along the trigger's start edge (its end edge in RTL), kept in the
 * viewport.
 */
export function placeMenu(at: DOMRect, menu: { width: number; height: number }, width: number, height: number, rtl: boolean): { left: number; top: number; max?: number } {
  const below = height - at.bottom - 8;
  const above = at.top - 8;
  const left = Math.max(0, Math.min(rtl ? at.right - menu.width : at.left, width - menu.width));
  if (menu.height <= below || (menu.height > above && below >= above)) {
    return { left, top: at.bottom + 4, ...(menu.height > below ? { max: below } : {}) };
  }
  const max = Math.min(menu.height, above);
  return { left, top: at.top - 4 - max, ...(menu.height > above ? { max } : {}) };
}

/** Shows `menu` (a popover) and places it at `trigger`, now and again on every scroll (of any ancestor) and resize; returns the stop. */
export function follow(menu: HTMLElement, trigger: HTMLElement): () => void {
  const place = () => {
    menu.style.maxBlockSize = '';
    const { left, top, max } = placeMenu(
      trigger.getBoundingClientRect(),
      menu.getBoundingClientRect(),
      document.documentElement.clientWidth,
      innerHeight,
      getComputedStyle(trigger).direction === 'rtl',
    );
    Object.assign(menu.style, { left: `${left}px`, top: `${top}px`, maxBlockSize: max === undefined ? '' : `${max}px` });
  };
  let frame = 0;
  const later = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(place);
  };
  menu.showPopover();
  place();
  addEventListener('scroll', later, true);
  addEventListener('resize', later);
  return () => {
    cancelAnimationFrame(frame);
    removeEventListener('scroll', later, true);
    removeEventListener('resize', later);
  };
}
