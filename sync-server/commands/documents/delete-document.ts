import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { removeDocument } from '../../search/search-index';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** Removes a document with its versions, grants and indexed text; its sockets close. */
export const deleteDocument = defineCommand({
  name: 'document.delete',
  input: z.strictObject({ documentId: IdSchema }),
  authorize: (actor, { documentId }, { documents }) =>
    requireManagerOf(actor, documents.get(documentId).meetingId),
  run({ documentId }, { tx, documents }) {
    removeDocument(tx.db, documentId);
    const removed = documents.delete(tx, documentId);
    return {
      result: undefined,
      audit: {
        action: 'document.delete',
        meetingId: removed.meetingId,
        payload: { documentId, title: removed.title },
      },
      effects: { documents: removed.meetingId, access: removed.meetingId },
    };
  },
});
