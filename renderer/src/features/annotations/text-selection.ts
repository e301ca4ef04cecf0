import type { Quad } from '#common/schemas/annotation';
import { type CssRect, type PageMapping, quadsFromRects } from './geometry';

/** The part of a text selection on one page, ready to become a highlight. */
export interface SelectedText {
  readonly pageNumber: number;
  readonly quads: Quad[];
  readonly text: string;
}

/** How to find a page's element and mapping (the viewer's). */
export interface PageLookup {
  element(pageNumber: number): HTMLElement | null;
  mapping(pageNumber: number): PageMapping | null;
}

const SLOT_SELECTOR = '.viewer-overlay-slot';

/**
 * The rectangles of the text nodes a range covers, each clipped to the range and to its span.
 * The range's own
 * `getClientRects()` would add the whole box of every element it contains entirely, among them
 * pdf.js's `endOfContent` block that spans the page while a selection is made.
 */
function textRects(range: Range, root: Element): DOMRect[] {
  const rects: DOMRect[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const piece = root.ownerDocument.createRange();
  // Bounded by the text layer's nodes.
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (!range.intersectsNode(node)) continue;
    const length = node.textContent?.length ?? 0;
    piece.selectNodeContents(node);
    if (node === range.startContainer) piece.setStart(node, range.startOffset);
    if (node === range.endContainer) piece.setEnd(node, range.endOffset);
    if (piece.collapsed || length === 0) continue;
    // A text node's boxes are as tall as the browser's fallback font; pdf.js sizes each span
    // to the PDF's glyph run, so the span's box is where the text is on the page.
    const run = node.parentElement?.getBoundingClientRect();
    for (const r of Array.from(piece.getClientRects())) {
      if (!run || run.width === 0 || run.height === 0) {
        rects.push(r);
        continue;
      }
      const left = Math.max(r.left, run.left);
      const top = Math.max(r.top, run.top);
      const right = Math.min(r.right, run.right);
      const bottom = Math.min(r.bottom, run.bottom);
      if (right > left && bottom > top) rects.push(new DOMRect(left, top, right - left, bottom - top));
    }
  }
  return rects;
}

/**
 * What the reader has selected in the text layers of the viewer, page by page: the quads in
 * PDF user space (through each page's mapping, so any zoom or rotation) and the quoted text.
 * Pages without a text layer (a "no export" document) give nothing.
 */
export function selectedTextByPage(
  selection: Selection | null,
  pages: PageLookup,
  within: Element,
): SelectedText[] {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return [];
  const range = selection.getRangeAt(0);
  const found: SelectedText[] = [];
  for (const layer of Array.from(within.querySelectorAll('.textLayer'))) {
    if (!range.intersectsNode(layer)) continue;
    const pageElement = layer.closest<HTMLElement>('.page[data-page-number]');
    const pageNumber = Number(pageElement?.dataset.pageNumber);
    if (!pageElement || !Number.isInteger(pageNumber) || pages.element(pageNumber) !== pageElement) continue;
    const mapping = pages.mapping(pageNumber);
    if (!mapping) continue;
    const part = within.ownerDocument.createRange();
    part.selectNodeContents(layer);
    if (range.compareBoundaryPoints(Range.START_TO_START, part) > 0) {
      part.setStart(range.startContainer, range.startOffset);
    }
    if (range.compareBoundaryPoints(Range.END_TO_END, part) < 0)
      part.setEnd(range.endContainer, range.endOffset);
    // Positions are taken from our overlay slot, the box the overlay draws in.
    const origin = (pageElement.querySelector(SLOT_SELECTOR) ?? layer).getBoundingClientRect();
    const rects: CssRect[] = textRects(part, layer).map((r) => ({
      left: r.left - origin.left,
      top: r.top - origin.top,
      width: r.width,
      height: r.height,
    }));
    const quads = quadsFromRects(rects, mapping);
    const text = part.toString().replace(/\s+/g, ' ').trim();
    if (quads.length > 0 && text !== '') found.push({ pageNumber, quads, text });
  }
  return found;
}
