import type { MeetingDocument } from '#common/schemas/document';
import type { Participant } from '#common/schemas/participant';
import { type ReaderCopyStore, variantHash } from '../blobs/reader-copy-store';
import { READER_STAMP_FORMAT } from '../pdf/reader-stamp';
import type { DocumentStore } from '../store/document-store';
import type { ParticipantStore } from '../store/participant-store';

/**
 * Everything a reader copy's bytes depend on besides the document and the reader's ids: the
 * stamp's format, the version and its hash, and the words stamped. When any of it changes the
 * copy is made again, and {@link pruneReaderCopies} deletes the old one.
 */
export function readerCopyVariant(
  document: Pick<MeetingDocument, 'version' | 'sha256'>,
  reader: Pick<Participant, 'name' | 'unit'>,
): string {
  return JSON.stringify([READER_STAMP_FORMAT, document.version, document.sha256, reader.name, reader.unit]);
}

/** What pruning reads. `RoomContext` has all of it. */
export interface ReaderCopyPruneContext {
  readonly readerCopies: ReaderCopyStore;
  readonly documents: DocumentStore;
  readonly participants: ParticipantStore;
}

/**
 * Deletes the reader copies nobody may have any more, after a command changed documents or
 * access in `meetingId` (`null`: anywhere): copies of deleted documents (whose bytes are purged
 * too), of versions that are no longer current, of readers who were removed or lost their
 * grant (or whose name or unit changed), and copies of documents in a meeting not yet
 * published again. Copies of other meetings' documents are left alone.
 */
export function pruneReaderCopies(room: ReaderCopyPruneContext, meetingId: string | null): number {
  const documents = new Map<string, MeetingDocument | null>();
  const documentOf = (id: string): MeetingDocument | null => {
    if (!documents.has(id)) documents.set(id, room.documents.find(id));
    return documents.get(id) ?? null;
  };
  return room.readerCopies.prune(
    (documentId) => documentOf(documentId) !== null,
    ({ documentId, participantId, variantHash: hash }) => {
      const document = documentOf(documentId);
      if (!document) return false;
      if (meetingId !== null && document.meetingId !== meetingId) return true;
      const reader = room.participants.find(participantId);
      return (
        reader !== null &&
        room.documents.canRead(reader, documentId) &&
        variantHash(readerCopyVariant(document, reader)) === hash
      );
    },
  );
}
