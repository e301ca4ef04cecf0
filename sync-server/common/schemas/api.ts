import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './ids';
import { AgendaItemSchema, MeetingSchema } from './meeting';
import { DocumentVersionSchema, MeetingDocumentSchema } from './document';
import { ReasonParamsSchema } from './error-reasons';
import {
  CodeValiditySchema,
  DeviceSessionSchema,
  ImportDuplicateSchema,
  ParticipantSchema,
} from './participant';

/** Base path of every HTTP API route. */
export const API_PREFIX = '/api/v1';

export const ApiErrorCodeSchema = z.enum([
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'invalid_code',
  /** The meeting is over: no join codes are issued for it any more. */
  'meeting_ended',
  /** An uploaded file is not a usable PDF (or office file): not a PDF, damaged, password-protected, empty. */
  'invalid_document',
  /** The room server's disk is full, or storing the upload would leave less than its free-space reserve. */
  'insufficient_storage',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>;

/**
 * Why, more precisely than the code, as one of `ERROR_REASONS` (`error-reasons.ts`). A string
 * on the wire, not the enum: a client that does not know a newer server's reason still reads
 * the code. Optional (added later): older servers send only code and message.
 */
const ReasonSchema = z.string().min(1).max(64);

/** One field-level problem: a field (`title`) or a place in an imported file (`line 4`, `header`). */
export const ApiIssueSchema = z.strictObject({
  path: z.string(),
  /** English, for logs and older clients; the client shows `reason` + `params` in the user's language. */
  message: z.string(),
  /** The line of an imported file the problem is on (1-based, the header is line 1). */
  line: z.number().int().min(1).optional(),
  reason: ReasonSchema.optional(),
  params: ReasonParamsSchema.optional(),
});

/** Every error answer of the HTTP API has this shape. */
export const ApiErrorSchema = z.strictObject({
  error: z.strictObject({
    code: ApiErrorCodeSchema,
    /** English, for logs and developers (and older clients); never shown when `reason` is known. */
    message: z.string(),
    reason: ReasonSchema.optional(),
    /** The values the reason's message needs (`{ limitBytes: 10485760 }`). */
    params: ReasonParamsSchema.optional(),
    /** Field-level problems, when the error is a validation failure. */
    issues: z.array(ApiIssueSchema).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const HealthResponseSchema = z.strictObject({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number(),
  schemaVersion: z.number().int(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

/**
 * A join code as typed by a person: 8 characters of Crockford base32, shown as XXXX-XXXX.
 * Spaces, dashes and lower case are tolerated; the server normalises before checking.
 */
export const JoinRequestSchema = z.strictObject({
  code: z.string().trim().min(1).max(32),
  deviceLabel: z.string().trim().max(200).default(''),
});
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

export const SessionInfoSchema = z.strictObject({
  participant: ParticipantSchema,
  deviceSessionId: IdSchema,
  /** The meeting the participant belongs to; null for room staff. */
  meeting: MeetingSchema.nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const JoinResponseSchema = z.strictObject({
  /** Bearer token for this device. Shown once; the server keeps only its hash. */
  token: z.string().min(32),
  session: SessionInfoSchema,
});
export type JoinResponse = z.infer<typeof JoinResponseSchema>;

export const MeetingListResponseSchema = z.strictObject({ meetings: z.array(MeetingSchema) });

export const MeetingDetailResponseSchema = z.strictObject({
  meeting: MeetingSchema,
  agenda: z.array(AgendaItemSchema),
  /** Only the documents the caller is granted. */
  documents: z.array(MeetingDocumentSchema),
});
export type MeetingDetailResponse = z.infer<typeof MeetingDetailResponseSchema>;

export const ParticipantListResponseSchema = z.strictObject({ participants: z.array(ParticipantSchema) });

export const CreateJoinCodeRequestSchema = CodeValiditySchema;
export type CreateJoinCodeRequest = z.infer<typeof CreateJoinCodeRequestSchema>;

export const JoinCodeResponseSchema = z.strictObject({
  participantId: IdSchema,
  /** The code in display form, XXXX-XXXX. Shown once. */
  code: z.string(),
  expiresAt: IsoDateTimeSchema,
  /** A link that opens the join screen with server and code filled in. */
  joinUrl: z.string(),
  /** The join link as an SVG QR code. */
  qrSvg: z.string(),
});
export type JoinCodeResponse = z.infer<typeof JoinCodeResponseSchema>;

/** Result of a CSV participant import; on any bad row nothing is imported and the error lists every row. */
export const ParticipantImportResponseSchema = z.strictObject({
  /** The participants added, in file order (they follow everyone already in the list). */
  created: z.array(ParticipantSchema),
  /**
   * Rows that repeat a person. With `duplicates=ask` and any found, nothing was imported
   * (`needsDecision`); with `skip` they were left out; with `import` they were added anyway.
   */
  duplicates: z.array(ImportDuplicateSchema).optional(),
  /** Nothing was imported: the file repeats people, and the secretariat must choose (skip or import). */
  needsDecision: z.boolean().optional(),
  /** How many participant rows the file has. */
  rows: z.number().int().min(0).optional(),
});
export type ParticipantImportResponse = z.infer<typeof ParticipantImportResponseSchema>;

export const DeviceListResponseSchema = z.strictObject({ devices: z.array(DeviceSessionSchema) });

/**
 * The audit chain's head: the sequence number and hash of its newest entry (`seq` 0 and 64
 * zeros for an empty chain). Published in every meeting's live document, stored outside the
 * database, printed on minutes; one hash pins every entry up to `seq`.
 */
export const AuditHeadSchema = z.object({
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'hash must be 64 lowercase hex digits'),
});
export type AuditHead = z.infer<typeof AuditHeadSchema>;

/**
 * What the chain says about a head seen earlier: `confirmed` (its entry at `seq` has that hash),
 * `truncated` (the chain now ends before `seq`), `rewritten` (the entry at `seq` has another
 * hash, or is gone while later ones exist).
 */
export const AuditHeadCheckSchema = z.enum(['confirmed', 'truncated', 'rewritten']);
export type AuditHeadCheck = z.infer<typeof AuditHeadCheckSchema>;

/** Why a verification failed: an entry that does not recompute (`broken`), or a head contradicted. */
export const AuditProblemSchema = z.enum(['broken', 'truncated', 'rewritten']);
export type AuditProblem = z.infer<typeof AuditProblemSchema>;

export const CheckedAuditHeadSchema = z.strictObject({
  seq: AuditHeadSchema.shape.seq,
  hash: AuditHeadSchema.shape.hash,
  status: AuditHeadCheckSchema,
});

export const AuditVerifyResponseSchema = z.strictObject({
  ok: z.boolean(),
  entries: z.number().int(),
  /** Sequence number of the first entry whose hash does not match, when `ok` is false. */
  firstBadSeq: z.number().int().nullable(),
  // Added with the stored head (optional: servers before it do not send them).
  /** The chain's newest entry as stored now. */
  head: z.strictObject(AuditHeadSchema.shape).optional(),
  /** The head the server stored outside the database after its last commit, checked; null when none is stored. */
  anchor: CheckedAuditHeadSchema.nullable().optional(),
  /** What failed, when `ok` is false: `broken` first, then the stored head, then the witnesses. */
  problem: AuditProblemSchema.nullable().optional(),
  /** The witnesses sent with `POST /audit/verify`, each checked, in the order sent. */
  witnesses: z.array(CheckedAuditHeadSchema).optional(),
});
export type AuditVerifyResponse = z.infer<typeof AuditVerifyResponseSchema>;

/** Heads seen elsewhere (laptops' witnesses, a printed minutes) to check against the chain. */
export const AuditVerifyRequestSchema = z.strictObject({
  witnesses: z.array(z.strictObject(AuditHeadSchema.shape)).max(1000),
});
export type AuditVerifyRequest = z.infer<typeof AuditVerifyRequestSchema>;

export const AuditEntrySchema = z.strictObject({
  seq: z.number().int(),
  at: IsoDateTimeSchema,
  actorId: z.string().nullable(),
  action: z.string(),
  meetingId: z.string().nullable(),
  payload: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Envelopes of single entities in answers. */
export const MeetingEnvelopeSchema = z.object({ meeting: MeetingSchema });
export const AgendaItemEnvelopeSchema = z.object({ item: AgendaItemSchema });
export const AgendaEnvelopeSchema = z.object({ agenda: z.array(AgendaItemSchema) });
export const ParticipantEnvelopeSchema = z.object({ participant: ParticipantSchema });
export const DeviceEnvelopeSchema = z.object({ device: DeviceSessionSchema });
export const DocumentEnvelopeSchema = z.object({ document: MeetingDocumentSchema });

/** The answer to an upload: the stored document, and whether the same bytes were already there. */
export const UploadResultSchema = z.object({ document: MeetingDocumentSchema, duplicate: z.boolean() });
export type UploadResult = z.infer<typeof UploadResultSchema>;

/** A document with the history of its files. */
export const DocumentDetailResponseSchema = z.object({
  document: MeetingDocumentSchema,
  versions: z.array(DocumentVersionSchema),
});
export type DocumentDetail = z.infer<typeof DocumentDetailResponseSchema>;
