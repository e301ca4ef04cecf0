import type { DocName } from '#common/protocol/doc-names';
import { missingCase } from '#common/protocol/doc-names';
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
export function docAccess(doc: DocName, p: Participant, documents: DocumentStore): DocAccess {
  switch (doc.kind) {
    case 'live':
      // Written by the server only: every participant of the meeting reads, nobody writes.
      return belongsToMeeting(p, doc.meetingId) ? 'read' : 'none';
    case 'viewer':
      // Written by the server only, read by its participant only.
      return p.id === doc.participantId && belongsToMeeting(p, doc.meetingId) ? 'read' : 'none';
    case 'minutes':
      if (!belongsToMeeting(p, doc.meetingId)) return 'none';
      if (MINUTES_WRITERS.includes(p.role)) return 'write';
      return MINUTES_READERS.includes(p.role) ? 'read' : 'none';
    case 'annotations': {
      if (!documents.canRead(p, doc.documentId)) return 'none';
      const isOwner = p.id === doc.ownerId;
      if (doc.layer === 'private') return isOwner ? 'write' : 'none';
      return isOwner ? 'write' : 'read';
    }
    default:
      throw missingCase(doc);
  }
}
