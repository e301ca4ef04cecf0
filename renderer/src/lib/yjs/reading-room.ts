/**
 * The reading room of one meeting document (`doc/<documentId>/readers`): a Yjs document with no
 * content that those granted the document open for its presence only. Each reader's presence
 * says which page they are on and whether their shared layer of the document has annotations;
 * the server stamps who each presence is from (`presence.ts`), so neither can be forged.
 * Presence goes through our provider (provider.ts): only our own entry is sent, throttled.
 */
import { readersDocName, YJS_PATH_PREFIX } from '#common/protocol/doc-names';
import { presenceParticipant, presenceReading } from '#common/protocol/presence';
import { PRESENCE_SHARING_KEY } from '#common/schemas/annotation-sharing';
import * as Y from 'yjs';
import { toWebSocketUrl } from '../server-url';
import { setReading } from './own-presence';
import { createProvider } from './provider';

/** Another reader of the document, as their presence says. */
export interface RoomReader {
  /** The presence's client id (one per tab or device). */
  readonly clientId: number;
  readonly participantId: string;
  readonly name: string;
  /** The page they are on, or null when their viewer has not said yet. */
  readonly page: number | null;
  /** Their shared layer of this document has annotations. */
  readonly sharing: boolean;
}

export interface ReadingRoomSnapshot {
  /** Everyone else in the room, by participant then client id (this tab is left out). */
  readonly readers: readonly RoomReader[];
  readonly connected: boolean;
}

export interface ReadingRoom {
  subscribe(listener: () => void): () => void;
  getSnapshot(): ReadingRoomSnapshot;
  /** Says which page this reader is on (sent throttled). */
  setPage(page: number): void;
  /** Says whether this reader's shared layer has annotations. */
  setSharing(sharing: boolean): void;
  destroy(): void;
}

export interface ReadingRoomOptions {
  readonly server: string;
  readonly token: string;
  readonly documentId: string;
  readonly version: number;
  /** Node's `ws` in tests; the browser's WebSocket otherwise. */
  readonly WebSocketPolyfill?: typeof WebSocket;
}

/** Joins a document's reading room; leaving (destroy) removes this reader's presence at once. */
export function openReadingRoom(opts: ReadingRoomOptions): ReadingRoom {
  const doc = new Y.Doc();
  const base = `${toWebSocketUrl(opts.server)}${YJS_PATH_PREFIX.replace(/\/$/, '')}`;
  const provider = createProvider({
    base,
    docName: readersDocName(opts.documentId),
    doc,
    token: opts.token,
    ...(opts.WebSocketPolyfill ? { WebSocketPolyfill: opts.WebSocketPolyfill } : {}),
  });
  const { awareness } = provider;
  const listeners = new Set<() => void>();
  let snapshot: ReadingRoomSnapshot = { readers: [], connected: false };

  const read = (): readonly RoomReader[] => {
    const readers: RoomReader[] = [];
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue;
      const who = presenceParticipant(state);
      if (!who) continue;
      const reading = presenceReading(state);
      readers.push({
        clientId,
        participantId: who.id,
        name: who.name,
        page: reading && reading.documentId === opts.documentId ? reading.page : null,
        sharing: (state as Record<string, unknown>)[PRESENCE_SHARING_KEY] === true,
      });
    }
    readers.sort((a, b) =>
      a.participantId === b.participantId
        ? a.clientId - b.clientId
        : a.participantId < b.participantId
          ? -1
          : 1,
    );
    return readers;
  };
  const emit = (patch: Partial<ReadingRoomSnapshot>): void => {
    snapshot = { ...snapshot, ...patch };
    for (const cb of listeners) cb();
  };
  // Remote entries only change what is shown; our own changes are not shown (we leave ourselves out).
  const onChange = (): void => {
    const readers = read();
    if (JSON.stringify(readers) !== JSON.stringify(snapshot.readers)) emit({ readers });
  };
  awareness.on('change', onChange);
  provider.on('status', ({ status }: { status: string }) => emit({ connected: status === 'connected' }));

  let page = 1;
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    setPage(next) {
      if (next === page && presenceReading(awareness.getLocalState()) !== null) return;
      page = next;
      setReading(awareness, { documentId: opts.documentId, version: opts.version, page });
    },
    setSharing(sharing) {
      if (awareness.getLocalState()?.[PRESENCE_SHARING_KEY] === sharing) return;
      awareness.setLocalStateField(PRESENCE_SHARING_KEY, sharing);
    },
    destroy() {
      listeners.clear();
      awareness.off('change', onChange);
      provider.destroy();
      doc.destroy();
    },
  };
}
