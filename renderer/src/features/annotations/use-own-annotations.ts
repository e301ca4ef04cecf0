import { useEffect, useState, useSyncExternalStore } from 'react';
import { openAnnotationLayer } from '../../lib/yjs/annotation-layers';
import { markAnnotationsOpened } from '../viewer/perf-contract';
import type { AnnotationSession } from './annotation-session';
import { OwnAnnotations, type OwnAnnotationsSnapshot } from './annotation-store';

const EMPTY: OwnAnnotationsSnapshot = { private: [], shared: [], canUndo: false, canRedo: false, pending: 0 };
const noSubscription = (): (() => void) => () => {};
const emptySnapshot = (): OwnAnnotationsSnapshot => EMPTY;

/**
 * Opens the signed-in user's two layers of a document while the caller is mounted (both are
 * kept on the device too, for offline work) and re-renders on every change.
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
    const open = (layer: 'private' | 'shared') =>
      openAnnotationLayer({
        server: session.server,
        token: session.token,
        documentId,
        ownerId: session.author.id,
        layer,
      });
    // The annotation benchmark times layers open → drawn (viewer/perf-contract.ts).
    markAnnotationsOpened();
    const layers = { private: open('private'), shared: open('shared') };
    const opened = new OwnAnnotations(layers, session.author);
    setOwn(opened);
    return () => {
      opened.destroy();
      layers.private.destroy();
      layers.shared.destroy();
    };
  }, [session, documentId]);
  const snapshot = useSyncExternalStore(
    own ? own.subscribe : noSubscription,
    own ? own.getSnapshot : emptySnapshot,
  );
  return { own, snapshot };
}
