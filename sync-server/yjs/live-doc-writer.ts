import { LIVE_DOC_SCHEMA_VERSION, LIVE_MAP, LiveKeys } from '#common/protocol/live-doc';
import { liveDocName } from '#common/protocol/doc-names';
import type { AuditHead } from '#common/schemas/api';
import type { Meeting } from '#common/schemas/meeting';
import type { YjsHub } from './yjs-hub';

/**
 * Writes the authoritative meeting state into `meeting/<m>/live`, the document every
 * participant reads and nobody but the server writes. Clients learn of changes at once and
 * late joiners get the current state by syncing — nobody polls.
 */
export class LiveDocWriter {
  constructor(private readonly hub: YjsHub) {}

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
        const rev = map.get(LiveKeys.agendaRevision);
        map.set(LiveKeys.agendaRevision, (typeof rev === 'number' ? rev : 0) + 1);
      }
      setIfChanged(map, LiveKeys.publishedRevision, meeting.publishedRevision);
      if (meeting.publishedAt) setIfChanged(map, LiveKeys.publishedAt, meeting.publishedAt);
      if (!map.has(LiveKeys.documentsRevision)) map.set(LiveKeys.documentsRevision, 1);
      map.set(LiveKeys.updatedAt, meeting.updatedAt);
    });
  }

  /** A document, version or grant changed: clients refetch their (per-participant) document list. */
  documentsChanged(meetingId: string): void {
    this.hub.serverWrite(liveDocName(meetingId), (doc) => {
      const map = doc.getMap(LIVE_MAP);
      const rev = map.get(LiveKeys.documentsRevision);
      map.set(LiveKeys.documentsRevision, (typeof rev === 'number' ? rev : 0) + 1);
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

function setIfChanged(map: import('yjs').Map<unknown>, key: string, value: unknown): void {
  if (map.get(key) !== value) map.set(key, value);
}
