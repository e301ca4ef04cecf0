import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { DomainError, NotFoundError, UnauthenticatedError } from '../../errors/domain-errors';
import { defineCommand } from '../command';

/**
 * A read receipt: the caller opened a version of a document they may read. The first open of a
 * version makes the receipt and one audit entry ("who had the text before the vote" is what the
 * record must prove, and the first open proves it); later opens move its last-opened time and
 * count without an entry, so a delegate paging back and forth all day does not flood the chain
 * with facts it already holds. Any device of a participant granted the document may call it;
 * for anyone else the document does not exist.
 */
export const recordDocumentOpen = defineCommand({
  name: 'document.open',
  input: z.strictObject({ documentId: IdSchema, version: z.number().int().min(1) }),
  authorize(actor, { documentId }, { documents }) {
    if (actor.kind === 'anonymous') throw new UnauthenticatedError();
    // Only a person opens a document: the server itself has nothing to record.
    if (actor.kind !== 'device' || !documents.canRead(actor.participant, documentId)) {
      throw new NotFoundError('document not found');
    }
  },
  run({ documentId, version }, { tx, actor, documents }) {
    if (actor.kind !== 'device') throw new NotFoundError('document not found');
    const document = documents.get(documentId);
    if (!documents.versions(documentId).some((v) => v.version === version)) {
      throw new DomainError(
        'validation_failed',
        `document ${documentId} has no version ${version}`,
        [{ path: 'version', message: `no version ${version}` }],
        because('opened_unknown_version', { version }),
      );
    }
    const participantId = actor.participant.id;
    const { receipt, first } = documents.receipts.record(tx, { documentId, participantId, version });
    return {
      result: { receipt, first },
      // Every open, first or not: the lists show the last open and the count too.
      effects: { readers: { meetingId: document.meetingId, documentId } },
      audit: first
        ? {
            action: 'document.open',
            meetingId: document.meetingId,
            payload: { documentId, participantId, version },
          }
        : null,
    };
  },
});
