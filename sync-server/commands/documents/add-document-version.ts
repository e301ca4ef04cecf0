import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { indexPages } from '../../search/search-index';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';
import { IngestedPdfSchema } from './add-document';
import { because } from '#common/schemas/error-reasons';

/** Makes a new file the current version of a document; earlier versions stay. */
export const addDocumentVersion = defineCommand({
  name: 'document.version',
  input: z.strictObject({ documentId: IdSchema, file: IngestedPdfSchema }),
  authorize: (actor, { documentId }, { documents }) =>
    requireManagerOf(actor, documents.get(documentId).meetingId),
  run({ documentId, file }, { tx, documents, actor }) {
    if (documents.get(documentId).sha256 === file.sha256) {
      throw new ConflictError('this file is already the current version', because('already_current_version'));
    }
    const document = documents.addVersion(
      tx,
      actor.kind === 'device' ? actor.participant.id : null,
      documentId,
      file,
    );
    indexPages(tx.db, document.id, document.version, file.pages);
    return {
      result: document,
      audit: {
        action: 'document.version',
        meetingId: document.meetingId,
        payload: {
          documentId,
          version: document.version,
          sha256: document.sha256,
          byteSize: document.byteSize,
          pageCount: document.pageCount,
        },
      },
      effects: { documents: document.meetingId },
    };
  },
});
