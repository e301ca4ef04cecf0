import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './ids';
import { MeetingSchema } from './meeting';
import { MinutesStateSchema } from './minutes';

/**
 * The archivist's screen (lưu trữ): past meetings, search over their minutes and documents,
 * export jobs that write a meeting's BagIt package, and the verification of a package.
 * Shared by the room server's `/archive/...` routes and the renderer.
 */

/** An export job: running until its package is complete (or it failed), then downloadable. */
export const ArchiveExportStateSchema = z.enum(['running', 'done', 'failed']);
export type ArchiveExportState = z.infer<typeof ArchiveExportStateSchema>;

export const ArchiveExportSchema = z.strictObject({
  id: IdSchema,
  meetingId: IdSchema,
  state: ArchiveExportStateSchema,
  startedAt: IsoDateTimeSchema,
  finishedAt: IsoDateTimeSchema.nullable(),
  /**
   * Progress: payload files and bytes written so far, of the totals expected when the job
   * started. The totals are what the room holds then; an annotated copy's size is estimated
   * by its source document's, so `bytesDone` may pass `bytesTotal` by a little before the end.
   */
  filesDone: z.number().int().min(0),
  filesTotal: z.number().int().min(0),
  bytesDone: z.number().int().min(0),
  bytesTotal: z.number().int().min(0),
  /** The package's size, once done. */
  zipBytes: z.number().int().min(0).nullable(),
  /** The package's file name as downloaded. */
  fileName: z.string(),
  /** Why it failed: an error code and, where the server knows it, the reason the client words. */
  failure: z
    .strictObject({
      code: z.string(),
      reason: z.string().optional(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      message: z.string(),
    })
    .nullable(),
});
export type ArchiveExport = z.infer<typeof ArchiveExportSchema>;

/** One past meeting as the archivist's table shows it. */
export const ArchiveMeetingSchema = z.strictObject({
  meeting: MeetingSchema,
  /** The minutes' state; null when the room keeps no minutes for the meeting yet. */
  minutesState: MinutesStateSchema.nullable(),
  documents: z.number().int().min(0),
  pages: z.number().int().min(0),
  /** The latest export job of the meeting (running, done or failed), if any since the server started or on disk. */
  lastExport: ArchiveExportSchema.nullable(),
});
export type ArchiveMeeting = z.infer<typeof ArchiveMeetingSchema>;

export const ArchiveMeetingListSchema = z.strictObject({ meetings: z.array(ArchiveMeetingSchema) });

export const ArchiveSearchQuerySchema = z.strictObject({
  q: z.string().max(200),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A hit in a past meeting: in its minutes (no page), or on a page of one of its documents. */
export const ArchiveHitSchema = z.strictObject({
  meetingId: IdSchema,
  meetingTitle: z.string(),
  source: z.enum(['minutes', 'document']),
  /** The document, for a document hit. */
  documentId: IdSchema.nullable(),
  /** The document's title; for a minutes hit, null (the client says "Biên bản"). */
  title: z.string().nullable(),
  version: z.number().int().min(1).nullable(),
  page: z.number().int().min(1).nullable(),
  /** Text around the match; the matched words between \u0002 and \u0003 (as the meeting search). */
  snippet: z.string(),
});
export type ArchiveHit = z.infer<typeof ArchiveHitSchema>;

export const ArchiveSearchResponseSchema = z.strictObject({
  query: z.string(),
  hits: z.array(ArchiveHitSchema),
});
export type ArchiveSearchResponse = z.infer<typeof ArchiveSearchResponseSchema>;

/** What verifying a package found: ok, or every problem with the file it names. */
export const PackageProblemSchema = z.strictObject({
  code: z.string(),
  path: z.string().nullable(),
  detail: z.string(),
  /** For a broken audit chain: the first entry that does not hold. */
  seq: z.number().int().optional(),
});
export type PackageProblemView = z.infer<typeof PackageProblemSchema>;

export const ArchiveVerifyResultSchema = z.strictObject({
  ok: z.boolean(),
  problems: z.array(PackageProblemSchema),
  payloadFiles: z.number().int().min(0),
  payloadBytes: z.number().int().min(0),
  auditEntries: z.number().int().min(0),
});
export type ArchiveVerifyResult = z.infer<typeof ArchiveVerifyResultSchema>;

export const ArchiveExportParamsSchema = z.strictObject({ exportId: IdSchema });
