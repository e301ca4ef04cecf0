import type { PageGeometry } from '../../lib/pdf/viewer';
import type { HighlightRect, PageMatch } from './page-matches';

/** Props of {@link HighlightLayer}. */
export interface HighlightLayerProps {
  /** The matches on this page. */
  matches: readonly PageMatch[];
  /** The match being shown (drawn stronger), if it is on this page. */
  current: PageMatch | null;
  /** The page as shown (zoom, rotation), from the viewer's overlay slot. */
  geometry: PageGeometry;
}

/** A text box (zoom 1, the page's own rotation) → its box on screen now. */
export function screenRect(rect: HighlightRect, geometry: PageGeometry): HighlightRect {
  const [x1, y1] = geometry.fromText(rect.left, rect.top);
  const [x2, y2] = geometry.fromText(rect.left + rect.width, rect.top + rect.height);
  return {
    left: Math.min(x1, x2),
    top: Math.min(y1, y2),
    width: Math.abs(x2 - x1),
    height: Math.abs(y2 - y1),
  };
}

/**
 * The places found, drawn as translucent boxes in the page's overlay slot (the canvas itself is
 * not touched, so the watermark of a confidential page stays as it is).
 */
export function HighlightLayer({ matches, current, geometry }: HighlightLayerProps) {
  if (matches.length === 0) return null;
  return (
    <div className="pdf-highlights" aria-hidden="true">
      {matches.map((match, m) =>
        match.rects.map((rect, r) => {
          const box = screenRect(rect, geometry);
          return (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: boxes are identified by their place in the match list
              key={`${m}:${r}`}
              className={`pdf-highlight${match === current ? ' pdf-highlight--current' : ''}`}
              style={{ left: box.left, top: box.top, width: box.width, height: box.height }}
              data-testid="pdf-highlight"
              data-current={match === current ? 'true' : 'false'}
            />
          );
        }),
      )}
    </div>
  );
}
