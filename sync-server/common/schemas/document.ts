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
});
export type MeetingDocument = z.infer<typeof MeetingDocumentSchema>;

/** Access to a document for one participant or for a whole group of a meeting. */
export const GrantSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('participant'), documentId: IdSchema, participantId: IdSchema }),
  z.strictObject({ kind: z.literal('group'), documentId: IdSchema, group: z.string().min(1).max(100) }),
]);
export type Grant = z.infer<typeof GrantSchema>;
