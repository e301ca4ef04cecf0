import { useEffect } from 'react';
import { OWN_LAYERS_AHEAD_MARK } from '../viewer/perf-contract';
import type { AnnotationSession } from './annotation-session';
import { closeOwnLayers, ownLayersOf } from './own-layers-pool';

/**
 * How long after the document list arrives the layers are fetched: the first seconds after
 * joining belong to the agenda, the documents' downloads and a viewer opened at once.
 */
const AHEAD_DELAY_MS = 3_000;

/**
 * Owns the session's pool of own annotation layers (own-layers-pool.ts) while mounted, and
 * fetches the layers of `documentIds` (the documents this participant receives, once known)
 * ahead, so they are on the device and, within the pool's bounds, open before the viewer is.
 */
export function useOwnLayersAhead(session: AnnotationSession, documentIds: readonly string[] | null): void {
  useEffect(() => () => closeOwnLayers(session), [session]);
  const key = documentIds === null ? null : documentIds.join('\n');
  useEffect(() => {
    if (key === null) return;
    const ids = key === '' ? [] : key.split('\n');
    const pool = ownLayersOf(session);
    pool.retain(new Set(ids));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      void pool.prefetch(ids, controller.signal).then(() => {
        if (!controller.signal.aborted) performance.mark(OWN_LAYERS_AHEAD_MARK);
      });
    }, AHEAD_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [session, key]);
}
