import { useLayoutEffect } from 'react';
import { useAnnotations } from '../AnnotationTools';
import { markAnnotationsLoaded, markAnnotationsPainted } from '../../viewer/perf-contract';
import { DENSE_COUNT_ATTRIBUTE } from '../dense-page';

/**
 * Annotations in the DOM under `root`: one element each, and the members of each dense page's
 * shapes (dense-page.ts), which are in their path's data.
 */
function countDrawn(root: HTMLElement | null): number {
  if (!root) return 0;
  let n = root.querySelectorAll('[data-annotation-id]').length;
  for (const shape of root.querySelectorAll(`[${DENSE_COUNT_ATTRIBUTE}]`))
    n += Number(shape.getAttribute(DENSE_COUNT_ATTRIBUTE)) || 0;
  return n;
}

/**
 * Stamps `window.__perf.annotationsPainted` (viewer/perf-contract.ts) after the first frame that
 * shows the user's annotations on the rendered pages, for the annotation benchmark. Renders
 * nothing; once stamped it does nothing more until the layers are opened again.
 */
export function AnnotationsPaintStamp({ dialog }: { dialog: React.RefObject<HTMLElement | null> }) {
  const snapshot = useAnnotations()?.snapshot;
  const total = snapshot ? snapshot.private.length + snapshot.shared.length : 0;
  // A layout effect runs right after the commit that put the annotations in the DOM; a passive
  // effect would run only after the browser painted that commit, and the stamp would wait for the
  // frame after that one (up to 0.2 s late, a first page being drawn meanwhile).
  useLayoutEffect(() => {
    if (total === 0 || window.__perf?.annotationsPainted !== null) return;
    markAnnotationsLoaded();
    let cancelled = false;
    // The next animation frame paints this commit; the task after it runs once it has.
    const frame = requestAnimationFrame(() => {
      setTimeout(() => {
        if (cancelled) return;
        const drawn = countDrawn(dialog.current);
        if (drawn > 0) markAnnotationsPainted(drawn);
      }, 0);
    });
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
    };
  }, [total, dialog]);
  return null;
}
