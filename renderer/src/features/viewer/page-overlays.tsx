import { type ReactNode, type RefObject, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { DocumentView, PageGeometry } from '../../lib/pdf/viewer';

/**
 * The overlay slot of a page: where our own drawings go (search highlights now; the annotation
 * layer next).
 *
 * Each page on screen gets one element of ours, `slot`, inside pdf.js's page element: it
 * covers the page exactly, sits above the canvas, the text layer and pdf.js's read-only layer of
 * the PDF's own annotations, and lets clicks through (`pointer-events: none`; a child that wants
 * the pointer sets `pointer-events: auto`). The slot itself is not hidden from assistive
 * technology, so an overlay with focusable parts (annotations) stays reachable; a purely
 * decorative overlay marks itself `aria-hidden` (the search highlights do). Place things with
 * `geometry`:
 * - `geometry.toCss(x, y)`: a point in PDF user space (points, origin bottom left, as stored in
 *   an annotation) → CSS pixels from the slot's top left, at the current zoom and rotation;
 * - `geometry.toPdf(x, y)`: the reverse, for pointer input (use `event.offsetX/Y` or subtract the
 *   slot's `getBoundingClientRect()`);
 * - `geometry.scale`, `geometry.rotation` (0/90/180/270), `geometry.width/height` (CSS px).
 * Overlays are recomputed (new objects) when the zoom or rotation changes and as pages scroll
 * in and out of view; render from them, keep no pixel positions.
 */
export interface PageOverlay {
  readonly pageNumber: number;
  /** pdf.js's element of the page (`.page`, with `data-page-number`). */
  readonly page: HTMLElement;
  /** Our element over the page; render into it (e.g. with {@link PageOverlayPortals}). */
  readonly slot: HTMLElement;
  readonly geometry: PageGeometry;
}

/** Draws what one page's slot shows. */
export type RenderPageOverlay = (overlay: PageOverlay) => ReactNode;

const SLOT_CLASS = 'viewer-overlay-slot';

/** Pages around the visible ones also get a slot, so scrolling shows them drawn already. */
const NEIGHBOURS = 1;

/**
 * The overlays of the pages on screen (and their neighbours), kept current as the reader
 * scrolls, zooms and rotates.
 */
export function usePageOverlays(
  view: DocumentView | null,
  scroller: RefObject<HTMLDivElement | null>,
): readonly PageOverlay[] {
  const [overlays, setOverlays] = useState<readonly PageOverlay[]>([]);

  useEffect(() => {
    if (!view) {
      setOverlays([]);
      return;
    }
    const slots = new Map<number, HTMLElement>();
    let shownKey = '';

    const slotOf = (pageNumber: number, page: HTMLElement): HTMLElement => {
      let slot = slots.get(pageNumber);
      if (!slot) {
        slot = document.createElement('div');
        slot.className = SLOT_CLASS;
        slot.dataset.pageNumber = String(pageNumber);
        slots.set(pageNumber, slot);
      }
      // pdf.js rebuilds a page's children when it redraws it; put the slot back on top.
      if (slot.parentElement !== page || page.lastElementChild !== slot) page.append(slot);
      return slot;
    };

    const refresh = (): void => {
      const visible = view.visiblePages();
      const wanted = new Set<number>();
      for (const n of visible) {
        for (let d = -NEIGHBOURS; d <= NEIGHBOURS; d++) {
          if (n + d >= 1 && n + d <= view.pageCount) wanted.add(n + d);
        }
      }
      const next: PageOverlay[] = [];
      for (const pageNumber of [...wanted].sort((a, b) => a - b)) {
        const page = view.pageElement(pageNumber);
        const geometry = view.geometry(pageNumber);
        if (!page || !geometry) continue;
        next.push({ pageNumber, page, slot: slotOf(pageNumber, page), geometry });
      }
      const key = next
        .map(
          (o) =>
            `${o.pageNumber}@${o.geometry.scale.toFixed(4)}/${o.geometry.rotation}/${o.geometry.width.toFixed(1)}`,
        )
        .join(',');
      if (key !== shownKey) {
        shownKey = key;
        setOverlays(next);
      }
    };

    let frame = 0;
    const schedule = (): void => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        refresh();
      });
    };
    const offLayout = view.on('layout', ({ pageNumber, element }) => {
      if (slots.has(pageNumber)) slotOf(pageNumber, element);
      schedule();
    });
    const offScale = view.on('scale', schedule);
    const offRotation = view.on('rotation', schedule);
    const area = scroller.current;
    area?.addEventListener('scroll', schedule, { passive: true });
    refresh();
    return () => {
      offLayout();
      offScale();
      offRotation();
      area?.removeEventListener('scroll', schedule);
      if (frame) cancelAnimationFrame(frame);
      for (const slot of slots.values()) slot.remove();
    };
  }, [view, scroller]);

  return overlays;
}

/** Renders `render(overlay)` into each overlay's slot. */
export function PageOverlayPortals({
  overlays,
  render,
}: {
  overlays: readonly PageOverlay[];
  render: RenderPageOverlay;
}) {
  return (
    <>
      {overlays.map((overlay) => createPortal(render(overlay), overlay.slot, `page-${overlay.pageNumber}`))}
    </>
  );
}
