/**
 * The server-written live document of one meeting (`meeting/<id>/live`). This folder is the
 * only place that imports y-websocket (STYLE.md 2(c) rule 9): it owns the Y.Doc and the
 * WebsocketProvider and hands the UI plain, validated snapshots.
 */
import { liveDocName, viewerDocName, YJS_PATH_PREFIX } from '#common/protocol/doc-names';
import {
  LIVE_MAP,
  type LiveVote,
  readLiveSnapshot,
  VIEWER_MAP,
  ViewerDocSnapshotSchema,
} from '#common/protocol/live-doc';
import type { AuditHead } from '#common/schemas/api';
import type { MeetingStatus } from '#common/schemas/meeting';
import type { MinutesState } from '#common/schemas/minutes';
import type { LivePresenter } from '#common/schemas/presenter';
import type { LiveAttendance, LiveSession, LiveSpeakers } from '#common/schemas/session';
import * as Y from 'yjs';
import { toWebSocketUrl } from '../server-url';
import { createProvider } from './provider';

/** The provider's own view of its socket. */
export type ProviderStatus = 'connecting' | 'connected' | 'disconnected';

/** The meeting state the server publishes; null where the server has not written a key yet. */
export interface LiveState {
  title: string | null;
  status: MeetingStatus | null;
  /** Changes whenever the agenda or the document list changes: the signal to refetch. */
  agendaRevision: number | null;
  currentItemId: string | null;
  /**
   * Changes whenever anything in this participant's document list changes: refetch it. The sum of
   * the live document's revision (changes every participant sees) and this participant's own
   * viewer document's (changes only they see); both only grow, so the sum changes with either.
   */
  documentsRevision: number | null;
  /** Counts (re)publications of the meeting. */
  publishedRevision: number | null;
  /**
   * Changes whenever somebody opens a document of the meeting, for those who may see read
   * receipts (the chair, the secretariat; from their own viewer document): refetch the lists of
   * readers shown. Null for everyone else, and before it first changed.
   */
  readersRevision?: number | null;
  /** The room's audit chain head as the server last published it; laptops keep it as a witness. */
  auditHead: AuditHead | null;
  /** The session's state and times; null until the server first writes it. */
  session: LiveSession | null;
  /** The quorum's counts and every participant's attendance; null until first written. */
  attendance: LiveAttendance | null;
  /** Who has the floor (with the timer) and the current item's queue; null until first written. */
  speakers: LiveSpeakers | null;
  /** The meeting's opened votes, oldest first: progress while open (never who chose what), then results. */
  votes: readonly LiveVote[];
  /** Who presents and what they show (follow the presenter); null until first named or shared. */
  presenter: LivePresenter | null;
  /** The minutes' state (draft, final, published); absent from servers before live version 4. */
  minutes?: MinutesState | null;
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
  /** Whose viewer document to follow as well (`meeting/<m>/viewer/<p>`). */
  participantId: string;
}

const EMPTY_LIVE: LiveState = {
  title: null,
  status: null,
  agendaRevision: null,
  currentItemId: null,
  documentsRevision: null,
  publishedRevision: null,
  readersRevision: null,
  auditHead: null,
  session: null,
  attendance: null,
  speakers: null,
  votes: [],
  presenter: null,
};

/**
 * Reads the live map through the shared schema (`LiveDocSnapshotSchema`): the document comes
 * from the network, so a key with a value of the wrong type reads as null like a missing one,
 * and keys this build does not know are ignored.
 */
/** This participant's own revisions (documents, readers), null before they arrived (or when malformed). */
function readViewerRevisions(map: Y.Map<unknown>): { documents: number | null; readers: number | null } {
  const parsed = ViewerDocSnapshotSchema.safeParse(map.toJSON());
  return parsed.success
    ? { documents: parsed.data.documentsRevision ?? null, readers: parsed.data.readersRevision ?? null }
    : { documents: null, readers: null };
}

function readLive(
  map: Y.Map<unknown>,
  viewer: { documents: number | null; readers: number | null },
): LiveState {
  const live = readLiveSnapshot(map);
  const shared = live.documentsRevision ?? null;
  return {
    title: live.title ?? null,
    status: live.status ?? null,
    agendaRevision: live.agendaRevision ?? null,
    currentItemId: live.currentItemId ?? null,
    documentsRevision:
      shared === null && viewer.documents === null ? null : (shared ?? 0) + (viewer.documents ?? 0),
    publishedRevision: live.publishedRevision ?? null,
    readersRevision: viewer.readers,
    auditHead: live.auditHead ? { seq: live.auditHead.seq, hash: live.auditHead.hash } : null,
    session: live.session ?? null,
    attendance: live.attendance ?? null,
    speakers: live.speakers ?? null,
    votes: live.votes ?? [],
    presenter: live.presenter ?? null,
    minutes: live.minutes ?? null,
  };
}

/**
 * Opens the live document of a meeting and starts syncing it. The document is read-only for
 * clients: nothing here writes to it, and the server would drop such writes anyway.
 */
export function openLiveDoc({ serverUrl, meetingId, token, participantId }: LiveDocOptions): LiveDoc {
  const doc = new Y.Doc();
  const map = doc.getMap<unknown>(LIVE_MAP);
  const viewerDoc = new Y.Doc();
  const viewerMap = viewerDoc.getMap<unknown>(VIEWER_MAP);
  const listeners = new Set<() => void>();

  // WebsocketProvider appends "/<room name>", so the base ends just before the trailing slash.
  const base = `${toWebSocketUrl(serverUrl)}${YJS_PATH_PREFIX.replace(/\/$/, '')}`;
  // Our provider (provider.ts): no BroadcastChannel, a revoked session is final, and presence
  // without the stock provider's echo.
  const provider = createProvider({ base, docName: liveDocName(meetingId), doc, token });
  // What only this participant sees of the documents: its changes are signalled here, where
  // nobody else can see them (the live document is read by every participant).
  const viewer = createProvider({
    base,
    docName: viewerDocName(meetingId, participantId),
    doc: viewerDoc,
    token,
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
  const refresh = (): void => update({ live: readLive(map, readViewerRevisions(viewerMap)) });
  map.observe(refresh);
  viewerMap.observe(refresh);

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    destroy() {
      listeners.clear();
      provider.destroy();
      viewer.destroy();
      doc.destroy();
      viewerDoc.destroy();
    },
  };
}
