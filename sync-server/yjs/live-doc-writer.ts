import {
  LIVE_DOC_SCHEMA_VERSION,
  LIVE_MAP,
  LiveKeys,
  VIEWER_MAP,
  ViewerKeys,
} from '#common/protocol/live-doc';
import { liveDocName, viewerDocName } from '#common/protocol/doc-names';
import type { AuditHead } from '#common/schemas/api';
import type { Meeting } from '#common/schemas/meeting';
import type { YjsHub } from './yjs-hub';

/**
 * Writes the authoritative meeting state into `meeting/<m>/live`, the document every
 * participant reads and nobody but the server writes. Clients learn of changes at once and
 * late joiners get the current state by syncing — nobody polls.
 */
/**
 * What each reader of a meeting's live document sees of its documents, as digests (hashes of
 * the lists as each sees them): `shared` of the documents every participant sees, `viewers`
 * per participant (room staff included).
 */
export interface DocumentViews {
  digests(meetingId: string): { readonly shared: string; readonly viewers: ReadonlyMap<string, string> };
}

export class LiveDocWriter {
  /** The last digest written per meeting (shared) and per viewer document, so unchanged ones are not even loaded. */
  private readonly sharedDigests = new Map<string, string>();
  private readonly viewerDigests = new Map<string, string>();

  constructor(
    private readonly hub: YjsHub,
    /** Without it every document change bumps the shared revision (tests of other things). */
    private readonly views: DocumentViews | null = null,
  ) {}

  /** Mirrors the meeting's header fields; `agendaChanged` bumps the revision clients refetch on. */
  meetingChanged(meeting: Meeting, agendaChanged: boolean): void {
    this.hub.serverWrite(liveDocName(meeting.id), (doc) => {
      const map = doc.getMap(LIVE_MAP);
      if (map.get(LiveKeys.schemaVersion) !== LIVE_DOC_SCHEMA_VERSION) {
        map.set(LiveKeys.schemaVersion, LIVE_DOC_SCHEMA_VERSION);
      }
      setIfChanged(map, LiveKeys.title, meeting.title);
      setIfChanged(map, LiveKeys.status, meeting.status);
      if (meeting.status !== 'draft' && map.get(LiveKeys.publishedAt) === undefined) {
        map.set(LiveKeys.publishedAt, meeting.updatedAt);
      }
      if (!map.has(LiveKeys.currentItemId)) map.set(LiveKeys.currentItemId, null);
      if (agendaChanged || !map.has(LiveKeys.agendaRevision)) {
        bump(map, LiveKeys.agendaRevision);
      }
      setIfChanged(map, LiveKeys.publishedRevision, meeting.publishedRevision);
      if (meeting.publishedAt) setIfChanged(map, LiveKeys.publishedAt, meeting.publishedAt);
      if (!map.has(LiveKeys.documentsRevision)) map.set(LiveKeys.documentsRevision, 1);
      map.set(LiveKeys.updatedAt, meeting.updatedAt);
    });
  }

  /**
   * A document, version or grant changed: clients refetch their (per-participant) document list.
   * Every participant reads the live document, so its `documentsRevision` moves only when the
   * documents every participant sees changed; each participant's own viewer document
   * (`meeting/<m>/viewer/<p>`) moves when what that participant sees changed. Nobody learns that
   * something they cannot see changed. After a restart the shared revision is compared from the
   * first change on (its digest is not stored); the viewer documents hold theirs.
   */
  documentsChanged(meetingId: string): void {
    if (!this.views) {
      this.bumpShared(meetingId);
      return;
    }
    const { shared, viewers } = this.views.digests(meetingId);
    const before = this.sharedDigests.get(meetingId);
    this.sharedDigests.set(meetingId, shared);
    if (before !== undefined && before !== shared) this.bumpShared(meetingId);
    for (const [participantId, digest] of viewers) {
      const name = viewerDocName(meetingId, participantId);
      if (this.viewerDigests.get(name) === digest) continue;
      this.hub.serverWrite(name, (doc) => {
        const map = doc.getMap(VIEWER_MAP);
        if (map.get(ViewerKeys.documentsDigest) === digest) return;
        map.set(ViewerKeys.documentsDigest, digest);
        bump(map, ViewerKeys.documentsRevision);
      });
      this.viewerDigests.set(name, digest);
    }
  }

  /**
   * A document of the meeting was opened: bumps `readersRevision` in the viewer documents of
   * `participantIds` (those who may see read receipts), whose lists of readers refetch.
   */
  readersChanged(meetingId: string, participantIds: readonly string[]): void {
    for (const participantId of participantIds) {
      this.hub.serverWrite(viewerDocName(meetingId, participantId), (doc) => {
        const map = doc.getMap(VIEWER_MAP);
        bump(map, ViewerKeys.readersRevision);
      });
    }
  }

  /** Remembers what every participant sees now, so the next change is compared with it. */
  documentsSeen(meetingId: string): void {
    if (this.views && !this.sharedDigests.has(meetingId)) {
      this.sharedDigests.set(meetingId, this.views.digests(meetingId).shared);
    }
  }

  private bumpShared(meetingId: string): void {
    this.hub.serverWrite(liveDocName(meetingId), (doc) => {
      const map = doc.getMap(LIVE_MAP);
      bump(map, LiveKeys.documentsRevision);
      map.set(LiveKeys.updatedAt, new Date().toISOString());
    });
  }

  /**
   * The room's audit chain head, for every laptop to witness (`AuditHeadBroadcaster` decides
   * which meetings and how often). Written as it is, also when lower than before: after the
   * database was cut short that is exactly what the laptops must see.
   */
  auditHeadChanged(meetingId: string, head: AuditHead): void {
    this.hub.serverWrite(liveDocName(meetingId), (doc) => {
      const map = doc.getMap(LIVE_MAP);
      const current = map.get(LiveKeys.auditHead) as Partial<AuditHead> | undefined;
      if (current?.seq === head.seq && current.hash === head.hash) return;
      map.set(LiveKeys.auditHead, { seq: head.seq, hash: head.hash });
    });
  }
}

/** Adds one to the revision at `key` (0 when missing or not a number). */
function bump(map: import('yjs').Map<unknown>, key: string): void {
  const rev = map.get(key);
  map.set(key, (typeof rev === 'number' ? rev : 0) + 1);
}

function setIfChanged(map: import('yjs').Map<unknown>, key: string, value: unknown): void {
  if (map.get(key) !== value) map.set(key, value);
}
