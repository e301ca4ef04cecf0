/**
 * Sizes for drawing PDF pages: zoom steps, fit-to-width, and the canvas size cap. Pure
 * arithmetic, DOM-free, unit-tested under Node.
 */

/**
 * The most pixels one page canvas may have (4096 × 4096). Above this, browsers fail to
 * allocate canvases or the tab runs out of memory on a cheap laptop; the page is then drawn
 * at a lower resolution instead (slightly soft, never missing).
 */
export const MAX_CANVAS_PIXELS = 4096 * 4096;

/** Zoom limits (1 = 100 %: one PDF point per CSS pixel at 96/72 scale). */
export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 4;

/** The zoom steps the +/− buttons move through. */
export const ZOOM_STEPS: readonly number[] = [
  0.25, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4,
];

/** Keeps a zoom factor within limits (NaN becomes 1). */
export function clampZoom(zoom: number): number {
  if (!Number.isFinite(zoom)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The next zoom step above (`direction` 1) or below (−1) the current zoom. */
export function stepZoom(current: number, direction: 1 | -1): number {
  const epsilon = 1e-3;
  if (direction > 0) return ZOOM_STEPS.find((step) => step > current + epsilon) ?? MAX_ZOOM;
  return [...ZOOM_STEPS].reverse().find((step) => step < current - epsilon) ?? MIN_ZOOM;
}

/** The zoom at which a page `pageWidth` units wide fills `available` units (never above MAX_ZOOM). */
export function fitWidthZoom(pageWidth: number, available: number): number {
  if (!(pageWidth > 0) || !(available > 0)) return 1;
  return clampZoom(available / pageWidth);
}

/** How to size one page's canvas. */
export interface CanvasSize {
  /** Backing-store pixels. */
  readonly width: number;
  readonly height: number;
  /** Backing-store pixels per CSS pixel actually used (≤ the device pixel ratio). */
  readonly outputScale: number;
}

/**
 * The canvas for a page shown `cssWidth` × `cssHeight` CSS pixels on a screen with
 * `devicePixelRatio`: sharp on high-DPI screens, but never above `maxPixels`.
 */
export function canvasSize(
  cssWidth: number,
  cssHeight: number,
  devicePixelRatio: number,
  maxPixels = MAX_CANVAS_PIXELS,
): CanvasSize {
  const ratio = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const w = Math.max(1, cssWidth);
  const h = Math.max(1, cssHeight);
  let outputScale = ratio;
  if (w * h * outputScale * outputScale > maxPixels) outputScale = Math.sqrt(maxPixels / (w * h));
  let width = Math.max(1, Math.floor(w * outputScale));
  let height = Math.max(1, Math.floor(h * outputScale));
  // Flooring keeps us under the cap; guard against rounding on tiny caps all the same.
  while (width * height > maxPixels && width > 1 && height > 1) {
    width -= 1;
    height = Math.max(1, Math.floor((width * h) / w));
  }
  return { width, height, outputScale: width / w };
}

/** Page numbers are 1-based and within the document; anything else is clamped. */
export function clampPage(page: number, pageCount: number): number {
  if (pageCount < 1) return 1;
  if (!Number.isFinite(page)) return 1;
  return Math.min(pageCount, Math.max(1, Math.round(page)));
}
