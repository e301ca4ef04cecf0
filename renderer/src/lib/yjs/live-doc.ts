/**
 * The server-written live document of one meeting (`meeting/<id>/live`). This folder is the
 * only place that imports y-websocket (STYLE.md 2(c) rule 9): it owns the Y.Doc and the
 * WebsocketProvider and hands the UI plain, validated snapshots.
 */
import { CloseCodes } from '#common/protocol/close-codes';
import { liveDocName, YJS_PATH_PREFIX } from '#common/protocol/doc-names';
import { LIVE_MAP, readLiveSnapshot } from '#common/protocol/live-doc';
import type { AuditHead } from '#common/schemas/api';
import type { MeetingStatus } from '#common/schemas/meeting';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { toWebSocketUrl } from '../server-url';

/** The provider's own view of its socket. */
export type ProviderStatus = 'connecting' | 'connected' | 'disconnected';

/** The meeting state the server publishes; null where the server has not written a key yet. */
export interface LiveState {
  title: string | null;
  status: MeetingStatus | null;
  /** Changes whenever the agenda or the document list changes: the signal to refetch. */
  agendaRevision: number | null;
  currentItemId: string | null;
  /** Changes whenever a document, a version or a grant changes: refetch the document list. */
  documentsRevision: number | null;
  /** Counts (re)publications of the meeting. */
  publishedRevision: number | null;
  /** The room's audit chain head as the server last published it; laptops keep it as a witness. */
  auditHead: AuditHead | null;
}

/** Everything the UI needs from the live document, as one immutable value. */
export interface LiveSnapshot {
  status: ProviderStatus;
  /** True once the first full state has arrived over the current connection. */
  synced: boolean;
  /** True once any connection succeeded, to tell "connecting" from "reconnecting". */
  everConnected: boolean;
  /** Set when the server closed the socket for good (e.g. the session was revoked). */
  closed: { code: number; reason: string } | null;
  live: LiveState;
}

/** A live document subscription; `subscribe`/`getSnapshot` fit React's useSyncExternalStore. */
export interface LiveDoc {
  subscribe(listener: () => void): () => void;
  getSnapshot(): LiveSnapshot;
  destroy(): void;
}

/** Where to connect and as whom. */
export interface LiveDocOptions {
  serverUrl: string;
  meetingId: string;
  token: string;
}

const EMPTY_LIVE: LiveState = {
  title: null,
  status: null,
  agendaRevision: null,
  currentItemId: null,
  documentsRevision: null,
  publishedRevision: null,
  auditHead: null,
};

/**
 * Reads the live map through the shared schema (`LiveDocSnapshotSchema`): the document comes
 * from the network, so a key with a value of the wrong type reads as null like a missing one,
 * and keys this build does not know are ignored.
 */
function readLive(map: Y.Map<unknown>): LiveState {
  const live = readLiveSnapshot(map);
  return {
    title: live.title ?? null,
    status: live.status ?? null,
    agendaRevision: live.agendaRevision ?? null,
    currentItemId: live.currentItemId ?? null,
    documentsRevision: live.documentsRevision ?? null,
    publishedRevision: live.publishedRevision ?? null,
    auditHead: live.auditHead ? { seq: live.auditHead.seq, hash: live.auditHead.hash } : null,
  };
}

/**
 * Opens the live document of a meeting and starts syncing it. The document is read-only for
 * clients: nothing here writes to it, and the server would drop such writes anyway.
 */
export function openLiveDoc({ serverUrl, meetingId, token }: LiveDocOptions): LiveDoc {
  const doc = new Y.Doc();
  const map = doc.getMap<unknown>(LIVE_MAP);
  const listeners = new Set<() => void>();

  // WebsocketProvider appends "/<room name>", so the base ends just before the trailing slash.
  const base = `${toWebSocketUrl(serverUrl)}${YJS_PATH_PREFIX.replace(/\/$/, '')}`;
  const provider = new WebsocketProvider(base, liveDocName(meetingId), doc, {
    params: { token },
    // Tabs of one browser may belong to different participants; each must sync with the
    // server under its own token rather than share state over BroadcastChannel.
    disableBc: true,
    // Only a revoked session is final. Rate limiting (4429) is in y-websocket's "permanent"
    // 44xx range by default, but for us it is transient: back off and try again.
    shouldReconnect: (event) => event.code !== CloseCodes.SessionRevoked.code,
  });

  /** The current value handed to React; replaced (never mutated) on every change. */
  let snapshot: LiveSnapshot = {
    status: 'connecting',
    synced: false,
    everConnected: false,
    closed: null,
    live: EMPTY_LIVE,
  };

  const update = (patch: Partial<LiveSnapshot>): void => {
    snapshot = { ...snapshot, ...patch };
    for (const listener of listeners) listener();
  };

  provider.on('status', ({ status }) => {
    update({ status, everConnected: snapshot.everConnected || status === 'connected' });
  });
  provider.on('sync', (synced) => update({ synced }));
  provider.on('connection-close', () => update({ synced: false }));
  provider.on('closed', (event) => update({ closed: event, status: 'disconnected', synced: false }));
  map.observe(() => update({ live: readLive(map) }));

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    destroy() {
      listeners.clear();
      provider.destroy();
      doc.destroy();
    },
  };
}
