import { useEffect, useState, useSyncExternalStore } from 'react';
import { markAnnotationsOpened } from '../viewer/perf-contract';
import type { AnnotationSession } from './annotation-session';
import type { OwnAnnotations, OwnAnnotationsSnapshot } from './annotation-store';
import { ownLayersOf } from './own-layers-pool';

const EMPTY: OwnAnnotationsSnapshot = { private: [], shared: [], canUndo: false, canRedo: false, pending: 0 };
const noSubscription = (): (() => void) => () => {};
const emptySnapshot = (): OwnAnnotationsSnapshot => EMPTY;

/**
 * The signed-in user's two layers of a document while the caller is mounted (both kept on the
 * device too, for offline work; taken from the session's pool, own-layers-pool.ts, which may
 * have them open already) and re-renders on every change.
 */
export function useOwnAnnotations(
  session: AnnotationSession | null,
  documentId: string,
): { own: OwnAnnotations | null; snapshot: OwnAnnotationsSnapshot } {
  const [own, setOwn] = useState<OwnAnnotations | null>(null);
  useEffect(() => {
    if (session === null) {
      setOwn(null);
      return;
    }
    // The annotation benchmark times layers open → drawn (viewer/perf-contract.ts).
    markAnnotationsOpened();
    const lease = ownLayersOf(session).acquire(documentId);
    setOwn(lease.own);
    return () => lease.release();
  }, [session, documentId]);
  const snapshot = useSyncExternalStore(
    own ? own.subscribe : noSubscription,
    own ? own.getSnapshot : emptySnapshot,
  );
  return { own, snapshot };
}
