import { z } from 'zod';
import { IsoDateTimeSchema } from './ids';
import {
  MinutesAddendumSchema,
  MinutesBlockSchema,
  MinutesContentSchema,
  MinutesStateSchema,
} from './minutes';

/**
 * Everything an export of the minutes shows (PDF, PDF/A, DOCX, JSON, the archive package),
 * gathered once by `buildMinutesExportModel` (`sync-server/minutes/minutes-export-model.ts`).
 * Here, below the PDF layer, so the writers take it without reaching up to the stores.
 */
export const MinutesExportMeetingSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  /** Governing body (cơ quan chủ quản), capitals; "" when the issuing body has none. */
  body: z.string(),
  /** Issuing body (cơ quan ban hành), capitals: "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN". */
  issuingBody: z.string(),
  /** Symbol of the issuing body in numbers: "UBND" in "07/BB-UBND". */
  abbreviation: z.string(),
  /** Meeting room or address, as the meeting states it. */
  place: z.string(),
  /** Locality of the place-and-date line of a notice: "Thái Nguyên"; "" when unknown. */
  locality: z.string(),
  /** When the session opened (else the scheduled start). */
  startedAt: IsoDateTimeSchema,
  /** When the session closed; null while it has not. */
  endedAt: IsoDateTimeSchema.nullable(),
  timeZone: z.string(),
  /** A meeting with a classified (Mật) document: its documents are numbered in the classified series. */
  classified: z.boolean(),
});
export type MinutesExportMeeting = z.infer<typeof MinutesExportMeetingSchema>;

export const SignerSchema = z.strictObject({ name: z.string() });

/** The conclusion notice (Thông báo kết luận, form 1.4) as far as it has come. */
export const ConclusionNoticeStateSchema = z.enum(['none', 'draft', 'issued']);
export type ConclusionNoticeState = z.infer<typeof ConclusionNoticeStateSchema>;

export const ConclusionNoticeStatusSchema = z.strictObject({
  state: ConclusionNoticeStateSchema,
  /** "08/TB-UBND" once issued. */
  registerNumber: z.string().nullable(),
  issuedAt: IsoDateTimeSchema.nullable(),
  /** Last day ("YYYY-MM-DD", Vietnam) to issue it: 5 working days after the meeting ended; null before it ended. */
  dueDate: z.string().nullable(),
  /**
   * Shown as a warning by the minutes screen: 'overdue' once the due day passed without an
   * issued notice, 'due_soon' on the due day itself, null otherwise.
   */
  warning: z.enum(['overdue', 'due_soon']).nullable(),
});
export type ConclusionNoticeStatus = z.infer<typeof ConclusionNoticeStatusSchema>;

export const MinutesExportModelSchema = z.strictObject({
  meeting: MinutesExportMeetingSchema,
  /** "07/BB-UBND"; null while the minutes are a draft. */
  registerNumber: z.string().nullable(),
  chair: SignerSchema.nullable(),
  secretary: SignerSchema.nullable(),
  state: MinutesStateSchema,
  finalisedAt: IsoDateTimeSchema.nullable(),
  /** SHA-256 (hex) of the frozen text; null while a draft. */
  sha256: z.string().nullable(),
  content: MinutesContentSchema,
  addenda: z.array(MinutesAddendumSchema),
  /** "Nơi nhận" entries, the last "Lưu: VT, Hồ sơ" (`;` and the final `.` are the writer's). */
  recipients: z.array(z.string()),
  conclusionNotice: ConclusionNoticeStatusSchema,
});
export type MinutesExportModel = z.infer<typeof MinutesExportModelSchema>;

// ---- conclusion notice --------------------------------------------------------------------------

export const ConclusionNoticeSchema = z.strictObject({
  meetingId: z.string(),
  status: ConclusionNoticeStatusSchema,
  /** The conclusions, as blocks of the minutes (headings, paragraphs, lists). */
  content: z.strictObject({ blocks: z.array(MinutesBlockSchema) }),
  recipients: z.array(z.string()),
  /** "CHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH": one line each. */
  signerTitle: z.string(),
  signerName: z.string(),
  draftedAt: IsoDateTimeSchema.nullable(),
});
export type ConclusionNotice = z.infer<typeof ConclusionNoticeSchema>;

const text = z.string().trim().max(20_000);

/** Drafts (or re-drafts, while not issued) the notice; absent fields come from the minutes' conclusions. */
export const DraftConclusionNoticeRequestSchema = z.strictObject({
  /** Paragraphs of the notice's body; absent: taken from the minutes' conclusions section. */
  paragraphs: z.array(text.min(1)).max(200).optional(),
  recipients: z.array(z.string().trim().min(1).max(300)).max(50).optional(),
  signerTitle: z.string().trim().max(200).optional(),
  signerName: z.string().trim().max(200).optional(),
});
export type DraftConclusionNoticeRequest = z.infer<typeof DraftConclusionNoticeRequestSchema>;

export const ConclusionNoticeResponseSchema = z.strictObject({ notice: ConclusionNoticeSchema });

/** The meeting's notice, or null before it is drafted, with its status (the warning) either way. */
export const ConclusionNoticeViewSchema = z.strictObject({
  status: ConclusionNoticeStatusSchema,
  notice: ConclusionNoticeSchema.nullable(),
});
export type ConclusionNoticeView = z.infer<typeof ConclusionNoticeViewSchema>;

// ---- register ----------------------------------------------------------------------------------

export const RegisterQuerySchema = z.strictObject({
  /** The register's year (a register starts at 01 on 1 January). */
  year: z.string().regex(/^2\d{3}$/),
  /** The classified series (văn bản mật) instead of the ordinary one. */
  classified: z.enum(['true', 'false']).default('false'),
});

export const RegisterEntrySchema = z.strictObject({
  year: z.number().int(),
  classified: z.boolean(),
  number: z.number().int().min(1),
  kind: z.enum(['BB', 'TB']),
  meetingId: z.string(),
  formatted: z.string(),
  assignedAt: IsoDateTimeSchema,
});
export const RegisterResponseSchema = z.strictObject({ entries: z.array(RegisterEntrySchema) });
