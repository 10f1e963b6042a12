// A field that gets focus is scrolled so that it, its error and the errors beside it in the same row sit in
// the band between the sticky top bar and the sticky action bar. The browser's own scroll on focus knows only
// the focused box (and the stylesheet's fixed scroll-padding); an error below it is taller or longer in some
// languages, and the bars' heights change with the window's width and the pointer.

/** A vertical extent in viewport pixels. */
export interface Band {
  top: number;
  bottom: number;
}

/** Space kept between a field and a bar, so a focus ring (3px, offset 2px) is not cut off either. */
export const clearance = 8;

/**
 * How far to scroll (positive: down) so that `target` is inside `view`; 0 when it already is. A target taller
 * than the view keeps its top in view: that is where the label and the box are.
 */
export function scrollToReveal(target: Band, view: Band): number {
  if (target.top < view.top) return target.top - view.top;
  if (target.bottom > view.bottom) return Math.min(target.bottom - view.bottom, target.top - view.top);
  return 0;
}

/** The field around a control, and its neighbours in the same grid row (their errors show below them too). */
function fieldBand(control: Element): Band {
  const field = control.closest('.field, .check, .segmented') ?? control;
  const own = field.getBoundingClientRect();
  const row = [...(field.parentElement?.children ?? [])]
    .map((sibling) => sibling.getBoundingClientRect())
    .filter((rect) => rect.height > 0 && Math.abs(rect.top - own.top) < 1);
  return { top: own.top, bottom: Math.max(own.bottom, ...row.map((rect) => rect.bottom)) };
}

/**
 * Scrolls the window so that the field of `control` is clear of both sticky bars. Does nothing where there is no
 * layout (no bars, or bars with no height, as under jsdom).
 */
export function revealField(control: Element, bars: { top: Element | null; bottom: Element | null }): void {
  const top = bars.top?.getBoundingClientRect();
  const bottom = bars.bottom?.getBoundingClientRect();
  if (!top?.height || !bottom?.height) return;
  const delta = scrollToReveal(fieldBand(control), {
    top: top.bottom + clearance,
    bottom: bottom.top - clearance,
  });
  if (delta !== 0) window.scrollBy({ top: delta, behavior: 'instant' });
}
