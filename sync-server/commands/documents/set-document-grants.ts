import { z } from 'zod';
import { DocumentGrantsSchema } from '#common/schemas/document';
import { IdSchema } from '#common/schemas/ids';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

const without = (list: readonly string[], other: readonly string[]) => list.filter((x) => !other.includes(x));

/**
 * Replaces who may read a document. A reader whose grant is withdrawn stops receiving its
 * shared annotation layers at once: their sockets on it are closed.
 */
export const setDocumentGrants = defineCommand({
  name: 'document.grants',
  input: z.strictObject({ documentId: IdSchema, grants: DocumentGrantsSchema }),
  authorize: (actor, { documentId }, { documents }) =>
    requireManagerOf(actor, documents.get(documentId).meetingId),
  run({ documentId, grants }, { tx, documents }) {
    const before = documents.grants(documentId);
    const after = documents.setGrants(tx, documentId, grants);
    const { meetingId } = documents.get(documentId);
    return {
      result: after,
      audit: {
        action: 'document.grants',
        meetingId,
        payload: {
          documentId,
          added: {
            participantIds: without(after.participantIds, before.participantIds),
            groups: without(after.groups, before.groups),
          },
          removed: {
            participantIds: without(before.participantIds, after.participantIds),
            groups: without(before.groups, after.groups),
          },
        },
      },
      effects: { documents: meetingId, access: meetingId },
    };
  },
});
