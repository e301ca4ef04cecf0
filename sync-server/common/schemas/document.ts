import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './ids';

export const ClassificationSchema = z.enum(['thuong', 'mat']);
export type Classification = z.infer<typeof ClassificationSchema>;

export const DocumentKindSchema = z.enum([
  'to_trinh',
  'du_thao_nghi_quyet',
  'du_thao_quyet_dinh',
  'bao_cao',
  'ke_hoach',
  'giay_moi',
  'other',
]);
export type DocumentKind = z.infer<typeof DocumentKindSchema>;

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits');

/** A meeting document (tài liệu họp) attached to an agenda item; bytes live in the blob store. */
export const MeetingDocumentSchema = z.strictObject({
  id: IdSchema,
  meetingId: IdSchema,
  agendaItemId: IdSchema.nullable(),
  title: z.string().trim().min(1).max(300),
  kind: DocumentKindSchema,
  classification: ClassificationSchema,
  /** Confidential documents may forbid download and print. */
  noExport: z.boolean(),
  position: z.number().int().min(0),
  sha256: Sha256Schema,
  byteSize: z.number().int().min(0),
  pageCount: z.number().int().min(0),
  createdAt: IsoDateTimeSchema,
  /** Current version number, from 1; replacing the file adds a version and keeps the old ones. */
  version: z.number().int().min(1),
  /** When the metadata or the file last changed. */
  updatedAt: IsoDateTimeSchema,
  /** File name as uploaded (after conversion the PDF keeps the original's stem). */
  originalName: z.string().max(300),
  /** Whether the PDF is encrypted (readable without a password). */
  encrypted: z.boolean(),
});
export type MeetingDocument = z.infer<typeof MeetingDocumentSchema>;

/** One stored version of a document's file. */
export const DocumentVersionSchema = z.strictObject({
  version: z.number().int().min(1),
  sha256: Sha256Schema,
  byteSize: z.number().int().min(0),
  pageCount: z.number().int().min(0),
  originalName: z.string().max(300),
  createdAt: IsoDateTimeSchema,
});
export type DocumentVersion = z.infer<typeof DocumentVersionSchema>;

/** Upload parameters, sent as query parameters beside the raw file body. */
export const UploadDocumentQuerySchema = z.strictObject({
  agendaItemId: IdSchema.optional(),
  /** Defaults to the file name without its extension. */
  title: z.string().trim().min(1).max(300).optional(),
  kind: DocumentKindSchema.default('other'),
  classification: ClassificationSchema.default('thuong'),
  noExport: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false),
  /** The file name as the user picked it; decides office conversion by extension. */
  fileName: z.string().trim().min(1).max(300),
});
export type UploadDocumentQuery = z.infer<typeof UploadDocumentQuerySchema>;

export const UploadVersionQuerySchema = z.strictObject({
  fileName: z.string().trim().min(1).max(300),
});

export const UpdateDocumentRequestSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(300),
    kind: DocumentKindSchema,
    classification: ClassificationSchema,
    noExport: z.boolean(),
    agendaItemId: IdSchema.nullable(),
    position: z.number().int().min(0),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateDocumentRequest = z.infer<typeof UpdateDocumentRequestSchema>;

/** The full set of grants of a document (replaces the previous set). */
export const DocumentGrantsSchema = z.strictObject({
  participantIds: z.array(IdSchema).max(5000),
  groups: z.array(z.string().trim().min(1).max(100)).max(200),
});
export type DocumentGrants = z.infer<typeof DocumentGrantsSchema>;

/** A full-text search over the meeting's documents the caller may read. */
export const SearchQuerySchema = z.strictObject({
  q: z.string().max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** One search hit: a page of a document, with a snippet of the original text around the match. */
export const SearchHitSchema = z.strictObject({
  documentId: IdSchema,
  title: z.string(),
  version: z.number().int().min(1),
  page: z.number().int().min(1),
  /** Text around the match; the matched words are between the markers \u0002 and \u0003. */
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResponseSchema = z.strictObject({
  query: z.string(),
  hits: z.array(SearchHitSchema),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

/** Marks a matched stretch inside `SearchHit.snippet`. */
export const SNIPPET_MARK_START = '\u0002';
export const SNIPPET_MARK_END = '\u0003';

/** Access to a document for one participant or for a whole group of a meeting. */
export const GrantSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('participant'), documentId: IdSchema, participantId: IdSchema }),
  z.strictObject({ kind: z.literal('group'), documentId: IdSchema, group: z.string().min(1).max(100) }),
]);
export type Grant = z.infer<typeof GrantSchema>;
