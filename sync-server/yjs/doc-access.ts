import type { DocName } from '#common/protocol/doc-names';
import { missingCase } from '#common/protocol/doc-names';
import type { MinutesState } from '#common/schemas/minutes';
import type { Participant } from '#common/schemas/participant';
import { MINUTES_READERS, MINUTES_WRITERS } from '#common/schemas/roles';
import { belongsToMeeting } from '../auth/access';
import type { DocumentStore } from '../store/document-store';

export type DocAccess = 'none' | 'read' | 'write';

/**
 * Who may open which Yjs document (ARCHITECTURE.md, "Yjs documents and who may touch them").
 * Decided once per socket, when it opens: one layer per owner makes this a property of the
 * connection, not of each update.
 */
export function docAccess(
  doc: DocName,
  p: Participant,
  documents: DocumentStore,
  /** The minutes' state (migration 0090); a meeting without one has a draft. */
  minutesState: (meetingId: string) => MinutesState = () => 'draft',
): DocAccess {
  switch (doc.kind) {
    case 'live':
      // Written by the server only: every participant of the meeting reads, nobody writes.
      return belongsToMeeting(p, doc.meetingId) ? 'read' : 'none';
    case 'viewer':
      // Written by the server only, read by its participant only.
      return p.id === doc.participantId && belongsToMeeting(p, doc.meetingId) ? 'read' : 'none';
    case 'minutes': {
      if (!belongsToMeeting(p, doc.meetingId)) return 'none';
      // Finalised minutes are frozen for everybody; published ones every participant reads.
      const state = minutesState(doc.meetingId);
      if (MINUTES_WRITERS.includes(p.role)) return state === 'draft' ? 'write' : 'read';
      if (MINUTES_READERS.includes(p.role) || state === 'published') return 'read';
      return 'none';
    }
    case 'annotations': {
      if (!documents.canRead(p, doc.documentId)) return 'none';
      const isOwner = p.id === doc.ownerId;
      if (doc.layer === 'private') return isOwner ? 'write' : 'none';
      return isOwner ? 'write' : 'read';
    }
    case 'readers':
      // Presence only: everyone granted the document reads it, nobody writes.
      return documents.canRead(p, doc.documentId) ? 'read' : 'none';
    default:
      throw missingCase(doc);
  }
}
