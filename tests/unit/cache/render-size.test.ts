import { describe, expect, it } from 'vitest';
import {
  canvasSize,
  clampPage,
  clampZoom,
  fitWidthZoom,
  MAX_CANVAS_PIXELS,
  MAX_ZOOM,
  MIN_ZOOM,
  stepZoom,
} from '../../../renderer/src/lib/pdf/render-size';

describe('canvasSize', () => {
  it('is sharp on high-DPI screens', () => {
    expect(canvasSize(595, 842, 2)).toEqual({ width: 1190, height: 1684, outputScale: 2 });
    expect(canvasSize(595.3, 841.9, 1)).toMatchObject({ width: 595, height: 841 });
  });

  it('never exceeds the pixel cap, however large the page or zoom', () => {
    for (const [w, h, dpr] of [
      [14_400, 14_400, 2],
      [595 * 4, 842 * 4, 3],
      [200_000, 100, 1],
    ] as const) {
      const size = canvasSize(w, h, dpr);
      expect(size.width * size.height).toBeLessThanOrEqual(MAX_CANVAS_PIXELS);
      expect(size.outputScale).toBeLessThan(dpr);
      expect(size.width).toBeGreaterThan(0);
    }
    const tiny = canvasSize(1000, 1000, 1, 100);
    expect(tiny.width * tiny.height).toBeLessThanOrEqual(100);
  });

  it('treats a bad pixel ratio as 1', () => {
    expect(canvasSize(100, 100, Number.NaN).outputScale).toBe(1);
    expect(canvasSize(100, 100, 0).outputScale).toBe(1);
  });
});

describe('zoom', () => {
  it('steps through the zoom list and stops at the limits', () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(1.17, 1)).toBe(1.25);
    expect(stepZoom(1.17, -1)).toBe(1.1);
    expect(stepZoom(MAX_ZOOM, 1)).toBe(MAX_ZOOM);
    expect(stepZoom(MIN_ZOOM, -1)).toBe(MIN_ZOOM);
  });

  it('fits the page width and clamps', () => {
    expect(fitWidthZoom(600, 900)).toBe(1.5);
    expect(fitWidthZoom(600, 100_000)).toBe(MAX_ZOOM);
    expect(fitWidthZoom(0, 900)).toBe(1);
    expect(clampZoom(Number.POSITIVE_INFINITY)).toBe(1);
    expect(clampZoom(0.01)).toBe(MIN_ZOOM);
  });
});

describe('clampPage', () => {
  it('keeps page numbers inside the document', () => {
    expect(clampPage(0, 14)).toBe(1);
    expect(clampPage(15, 14)).toBe(14);
    expect(clampPage(4.6, 14)).toBe(5);
    expect(clampPage(Number.NaN, 14)).toBe(1);
    expect(clampPage(3, 0)).toBe(1);
  });
});
