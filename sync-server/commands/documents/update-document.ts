import { z } from 'zod';
import { UpdateDocumentRequestSchema } from '#common/schemas/document';
import { IdSchema } from '#common/schemas/ids';
import { changedFields } from '../../store/meeting-store';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/**
 * Changes a document's title, type, classification, "no export", agenda item or order. A new
 * classification changes who may read it, so open annotation sockets are re-checked.
 */
export const updateDocument = defineCommand({
  name: 'document.update',
  input: z.strictObject({ documentId: IdSchema, patch: UpdateDocumentRequestSchema }),
  authorize: (actor, { documentId }, { documents }) =>
    requireManagerOf(actor, documents.get(documentId).meetingId),
  run({ documentId, patch }, { tx, documents }) {
    const before = documents.get(documentId);
    const document = documents.update(tx, documentId, patch);
    const changes = changedFields(before, patch);
    return {
      result: document,
      audit: { action: 'document.update', meetingId: document.meetingId, payload: { documentId, changes } },
      effects: {
        documents: document.meetingId,
        ...(changes.classification ? { access: document.meetingId } : {}),
      },
    };
  },
});
