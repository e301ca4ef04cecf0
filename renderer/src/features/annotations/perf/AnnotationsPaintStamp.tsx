import { useEffect } from 'react';
import { useAnnotations } from '../AnnotationTools';
import { markAnnotationsLoaded, markAnnotationsPainted } from '../../viewer/perf-contract';

/**
 * Stamps `window.__perf.annotationsPainted` (viewer/perf-contract.ts) after the first frame that
 * shows the user's annotations on the rendered pages, for the annotation benchmark. Renders
 * nothing; once stamped it does nothing more until the layers are opened again.
 */
export function AnnotationsPaintStamp({ dialog }: { dialog: React.RefObject<HTMLElement | null> }) {
  const snapshot = useAnnotations()?.snapshot;
  const total = snapshot ? snapshot.private.length + snapshot.shared.length : 0;
  useEffect(() => {
    if (total === 0 || window.__perf?.annotationsPainted !== null) return;
    markAnnotationsLoaded();
    let cancelled = false;
    // Effects run after the commit; the frame after the next animation frame has been painted.
    const frame = requestAnimationFrame(() => {
      setTimeout(() => {
        if (cancelled) return;
        const drawn = dialog.current?.querySelectorAll('[data-annotation-id]').length ?? 0;
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
