/**
 * Geometry of the result bar chart, kept apart from the SVG so it can be checked by a test:
 * one horizontal bar per option, its length proportional to its count against the largest
 * count, never thinner than a visible sliver when the count is not zero.
 */

/** One bar as drawn, in the chart's own units (a 1000-wide viewBox). */
export interface Bar {
  readonly index: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The viewBox width; labels and figures are HTML beside the SVG so they scale with the text. */
export const CHART_WIDTH = 1000;
const BAR_HEIGHT = 60;
const GAP = 24;
/** A non-zero count still shows: 1 vote of 500 would otherwise be under one pixel. */
const MIN_VISIBLE = 6;

/** Bars for the given counts; the longest spans the chart. */
export function barLayout(counts: readonly number[]): { bars: Bar[]; height: number } {
  const max = Math.max(0, ...counts);
  const bars = counts.map((count, index) => {
    const raw = max === 0 ? 0 : (count / max) * CHART_WIDTH;
    return {
      index,
      y: index * (BAR_HEIGHT + GAP),
      width: count > 0 ? Math.max(MIN_VISIBLE, Math.round(raw)) : 0,
      height: BAR_HEIGHT,
    };
  });
  const height = counts.length === 0 ? 0 : counts.length * BAR_HEIGHT + (counts.length - 1) * GAP;
  return { bars, height };
}
