import { createHash } from 'node:crypto';
import { ROUTES, roleMayCall } from '#common/http/route-table';
import type { MeetingDocument } from '#common/schemas/document';
import type { DocumentStore } from '../store/document-store';
import type { ParticipantStore } from '../store/participant-store';
import type { DocumentViews } from './live-doc-writer';

const digestOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** A document as a list shows it, without its position (numbered per viewer). */
const shown = ({ position: _position, ...rest }: MeetingDocument) => rest;

/**
 * What each reader of a meeting's live document sees of its documents ({@link DocumentViews}):
 * per participant of the meeting and per room staff account, a digest of the list exactly as
 * `GET /meetings/:id` gives it to them; and a digest of the documents every participant of the
 * meeting sees (staff see all of them), in order, without the per-viewer positions.
 */
export function documentViews(documents: DocumentStore, participants: ParticipantStore): DocumentViews {
  return {
    digests(meetingId) {
      const viewers = new Map<string, string>();
      let common: Map<string, MeetingDocument> | null = null;
      for (const p of participants.listForMeeting(meetingId)) {
        const list = documents.visibleTo(p, meetingId);
        viewers.set(p.id, digestOf(list));
        const ids = new Set(list.map((d) => d.id));
        common = common === null ? new Map(list.map((d) => [d.id, d])) : common;
        for (const id of common.keys()) if (!ids.has(id)) common.delete(id);
      }
      for (const staff of participants.listStaff())
        viewers.set(staff.id, digestOf(documents.visibleTo(staff, meetingId)));
      return { shared: digestOf([...(common?.values() ?? [])].map(shown)), viewers };
    },
  };
}

/**
 * Who may see the read receipts of a meeting's document, as `GET /documents/:d/readers`
 * decides: its participants and the room staff whose role may call it and who may read the
 * document (for anyone else it does not exist, so they must not learn it was opened either).
 */
export function receiptViewers(
  documents: DocumentStore,
  participants: ParticipantStore,
  meetingId: string,
  documentId: string,
): string[] {
  return [...participants.listForMeeting(meetingId), ...participants.listStaff()]
    .filter((p) => roleMayCall(ROUTES.getDocumentReaders, p.role) && documents.canRead(p, documentId))
    .map((p) => p.id);
}
