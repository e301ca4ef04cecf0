import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './ids';
import { RoleSchema } from './roles';

/**
 * Read receipts: who opened which version of a document, and when. The server records them
 * (`POST /documents/:id/opened`, a command); the secretariat and the chair see them per document,
 * with who has not opened it yet (`GET /documents/:id/readers`).
 */

/** What the viewer sends when it opens a document: the version it shows. */
export const DocumentOpenedRequestSchema = z.strictObject({
  version: z.number().int().min(1),
});
export type DocumentOpenedRequest = z.infer<typeof DocumentOpenedRequestSchema>;

/** One participant's opens of one version. */
export const ReadReceiptSchema = z.strictObject({
  version: z.number().int().min(1),
  firstOpenedAt: IsoDateTimeSchema,
  lastOpenedAt: IsoDateTimeSchema,
  openCount: z.number().int().min(1),
});
export type ReadReceipt = z.infer<typeof ReadReceiptSchema>;

export const DocumentOpenedResponseSchema = z.strictObject({
  receipt: ReadReceiptSchema,
  /** True on the first open of this version by this participant. */
  first: z.boolean(),
});

/** One participant who may read the document, with what they opened of it. */
export const DocumentReaderSchema = z.strictObject({
  participantId: IdSchema,
  name: z.string(),
  position: z.string(),
  unit: z.string(),
  role: RoleSchema,
  /** Their opens, per version, newest version first; empty when they never opened it. */
  receipts: z.array(ReadReceiptSchema),
  /** Whether they opened the current version. */
  openedCurrent: z.boolean(),
});
export type DocumentReader = z.infer<typeof DocumentReaderSchema>;

export const DocumentReadersResponseSchema = z.strictObject({
  documentId: IdSchema,
  /** The document's current version. */
  version: z.number().int().min(1),
  /** Everyone of the meeting who may read the document, in protocol order. */
  readers: z.array(DocumentReaderSchema),
});
export type DocumentReadersResponse = z.infer<typeof DocumentReadersResponseSchema>;
