import type { PageMatch } from './page-matches';

/** Props of {@link HighlightLayer}. */
export interface HighlightLayerProps {
  /** The matches on this page. */
  matches: readonly PageMatch[];
  /** The match being shown (drawn stronger), if it is on this page. */
  current: PageMatch | null;
  zoom: number;
}

/**
 * The places found, drawn as translucent boxes over a page's canvas (the canvas itself is
 * not touched, so the watermark of a confidential page stays as it is).
 */
export function HighlightLayer({ matches, current, zoom }: HighlightLayerProps) {
  if (matches.length === 0) return null;
  return (
    <div className="pdf-highlights" aria-hidden="true">
      {matches.map((match, m) =>
        match.rects.map((rect, r) => (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: boxes are identified by their place in the match list
            key={`${m}:${r}`}
            className={`pdf-highlight${match === current ? ' pdf-highlight--current' : ''}`}
            style={{
              left: rect.left * zoom,
              top: rect.top * zoom,
              width: rect.width * zoom,
              height: rect.height * zoom,
            }}
            data-testid="pdf-highlight"
            data-current={match === current ? 'true' : 'false'}
          />
        )),
      )}
    </div>
  );
}
