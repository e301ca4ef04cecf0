import { z } from 'zod';
import {
  ClassificationSchema,
  DocumentGrantsSchema,
  DocumentKindSchema,
  Sha256Schema,
} from '#common/schemas/document';
import { IdSchema } from '#common/schemas/ids';
import { indexPages } from '../../search/search-index';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** The facts of an ingested PDF whose bytes are already in the blob store. */
export const IngestedPdfSchema = z.strictObject({
  sha256: Sha256Schema,
  byteSize: z.number().int().min(1),
  pageCount: z.number().int().min(1),
  originalName: z.string().max(300),
  encrypted: z.boolean(),
  /** Page texts, page 1 first, for the search index. */
  pages: z.array(z.string()),
});

/** Adds a document to a meeting: metadata, version 1, grants and its pages' text in the index. */
export const addDocument = defineCommand({
  name: 'document.add',
  input: z.strictObject({
    meetingId: IdSchema,
    agendaItemId: IdSchema.nullable(),
    title: z.string().trim().min(1).max(300),
    kind: DocumentKindSchema,
    classification: ClassificationSchema,
    noExport: z.boolean(),
    grants: DocumentGrantsSchema.default({ participantIds: [], groups: [] }),
    file: IngestedPdfSchema,
  }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireManagerOf(actor, meetingId);
  },
  run({ file, ...meta }, { tx, documents, actor }) {
    const document = documents.add(tx, actor.kind === 'device' ? actor.participant.id : null, {
      ...meta,
      ...file,
    });
    indexPages(tx.db, document.id, document.version, file.pages);
    return {
      result: document,
      audit: {
        action: 'document.add',
        meetingId: meta.meetingId,
        payload: {
          documentId: document.id,
          title: document.title,
          kind: document.kind,
          classification: document.classification,
          noExport: document.noExport,
          agendaItemId: document.agendaItemId,
          sha256: document.sha256,
          byteSize: document.byteSize,
          pageCount: document.pageCount,
        },
      },
      effects: {
        documents: meta.meetingId,
        ...(meta.grants.participantIds.length || meta.grants.groups.length ? { access: meta.meetingId } : {}),
      },
    };
  },
});
