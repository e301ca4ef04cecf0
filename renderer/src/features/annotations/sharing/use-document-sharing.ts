import { ROUTES } from '#common/http/route-table';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { createCall } from '../../../lib/api';
import { openReadingRoom, type ReadingRoom, type ReadingRoomSnapshot } from '../../../lib/yjs/reading-room';
import type { AnnotationSession } from '../annotation-session';
import { type OthersLayer, OthersLayers } from './others-layers';

const NO_READERS: ReadingRoomSnapshot = { readers: [], connected: false };
const NO_LAYERS: readonly OthersLayer[] = [];
const noSubscription = (): (() => void) => () => {};

/** What the viewer shows of the others reading and sharing the same document. */
export interface DocumentSharing {
  /** The others in the document's reading room, with their page. */
  readonly room: ReadingRoomSnapshot;
  /** Other people's shared layers (each in its author's colour), hidden ones included. */
  readonly layers: readonly OthersLayer[];
  /** Authors whose annotations the reader chose to hide. */
  readonly hidden: ReadonlySet<string>;
  toggleHidden(ownerId: string): void;
  /** Says in the room whether this reader's own shared layer has annotations. */
  setSharing(sharing: boolean): void;
  readonly panelOpen: boolean;
  setPanelOpen(open: boolean): void;
}

/**
 * Joins the document's reading room (saying this reader's page, and whether they share) and
 * opens the shared layers of the others: those the server lists when the viewer opens, and
 * those whose owners announce in the room that they started sharing.
 */
export function useDocumentSharing(
  session: AnnotationSession | null,
  documentId: string,
  version: number,
  page: number,
): DocumentSharing {
  const [room, setRoom] = useState<ReadingRoom | null>(null);
  const [layers, setLayers] = useState<OthersLayers | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const [sharing, setSharing] = useState(false);
  const [panelOpen, setPanelOpen] = useState(false);

  useEffect(() => {
    if (session === null) return;
    const { server, token } = session;
    const opened = openReadingRoom({ server, token, documentId, version });
    const others = new OthersLayers({ server, token, documentId, selfId: session.author.id });
    setRoom(opened);
    setLayers(others);
    let live = true;
    createCall(server, token)(ROUTES.listSharedLayers, { params: { documentId } })
      .then(({ owners }) => {
        if (live) for (const o of owners) others.add(o.participantId, o.name);
      })
      // Offline, or the server refuses: the room's announcements still bring live sharers.
      .catch((error: unknown) => console.warn('Could not list the shared layers', error));
    return () => {
      live = false;
      others.destroy();
      opened.destroy();
      setRoom(null);
      setLayers(null);
    };
  }, [session, documentId, version]);

  useEffect(() => room?.setPage(page), [room, page]);
  useEffect(() => room?.setSharing(sharing), [room, sharing]);

  const roomSnapshot = useSyncExternalStore(
    room ? room.subscribe : noSubscription,
    room ? room.getSnapshot : () => NO_READERS,
  );
  const layerSnapshot = useSyncExternalStore(
    layers ? layers.subscribe : noSubscription,
    layers ? layers.getSnapshot : () => NO_LAYERS,
  );

  // Someone in the room says they share: open their layer (the server still decides).
  useEffect(() => {
    if (!layers) return;
    for (const r of roomSnapshot.readers) if (r.sharing) layers.add(r.participantId, r.name);
  }, [layers, roomSnapshot]);

  const toggleHidden = useCallback((ownerId: string) => {
    setHidden((current) => {
      const next = new Set(current);
      if (!next.delete(ownerId)) next.add(ownerId);
      return next;
    });
  }, []);

  return useMemo(
    () => ({
      room: roomSnapshot,
      layers: layerSnapshot,
      hidden,
      toggleHidden,
      setSharing,
      panelOpen,
      setPanelOpen,
    }),
    [roomSnapshot, layerSnapshot, hidden, toggleHidden, panelOpen],
  );
}
