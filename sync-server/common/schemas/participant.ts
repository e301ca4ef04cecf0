import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './ids';
import { RoleSchema } from './roles';

/**
 * A person in one meeting with one role. Room staff (the secretariat account created at
 * first start) has `meetingId` null and may manage every meeting of the room.
 */
export const ParticipantSchema = z.strictObject({
  id: IdSchema,
  meetingId: IdSchema.nullable(),
  name: z.string().trim().min(1).max(200),
  /** Position or title (chức vụ), e.g. "Phó Chủ tịch UBND tỉnh". */
  position: z.string().max(200),
  /** Unit (đơn vị), e.g. "Sở Tài chính". */
  unit: z.string().max(200),
  role: RoleSchema,
  /** Group label, e.g. "Thường trực", "Khách mời". */
  group: z.string().max(100),
  createdAt: IsoDateTimeSchema,
});
export type Participant = z.infer<typeof ParticipantSchema>;

export const CreateParticipantRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  position: z.string().max(200).default(''),
  unit: z.string().max(200).default(''),
  role: RoleSchema,
  group: z.string().max(100).default(''),
});
export type CreateParticipantRequest = z.infer<typeof CreateParticipantRequestSchema>;

export const UpdateParticipantRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    position: z.string().max(200),
    unit: z.string().max(200),
    role: RoleSchema,
    group: z.string().max(100),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateParticipantRequest = z.infer<typeof UpdateParticipantRequestSchema>;

/**
 * What an import does with rows that repeat a person (same name and unit, compared after NFC,
 * case and white-space folding) already in the meeting or earlier in the file: `ask` imports
 * nothing and answers with the duplicates so the secretariat can choose; `skip` leaves them
 * out; `import` adds them anyway.
 */
export const ImportDuplicatesModeSchema = z.enum(['ask', 'skip', 'import']);
export type ImportDuplicatesMode = z.infer<typeof ImportDuplicatesModeSchema>;

export const ParticipantImportQuerySchema = z.strictObject({
  duplicates: ImportDuplicatesModeSchema.default('ask'),
});

/** A row of an import that repeats a person. */
export const ImportDuplicateSchema = z.strictObject({
  /** 0-based index among the file's participant rows (the header not counted). */
  row: z.number().int().min(0),
  name: z.string(),
  unit: z.string(),
  /** The participant already in the meeting; null when an earlier row of the same file has the person. */
  existingId: IdSchema.nullable(),
});
export type ImportDuplicate = z.infer<typeof ImportDuplicateSchema>;

/** Moves a participant in protocol order: `index` is the new 0-based place in the meeting's list. */
export const MoveParticipantRequestSchema = z.strictObject({ index: z.number().int().min(0).max(100_000) });
export type MoveParticipantRequest = z.infer<typeof MoveParticipantRequestSchema>;

/**
 * How long join codes last. A meeting's codes last until the meeting ends unless the secretariat
 * asks for less (`validUntil`, or `ttlHours` from now); never past the end. Room staff codes
 * (no meeting) last 72 hours unless asked otherwise, at most 30 days.
 */
export const CODE_VALIDITY = {
  ttlHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .optional(),
  validUntil: IsoDateTimeSchema.optional(),
};
const oneValidity = (v: { ttlHours?: number | undefined; validUntil?: string | undefined }): boolean =>
  v.ttlHours === undefined || v.validUntil === undefined;
const ONE_VALIDITY = { message: 'give ttlHours or validUntil, not both', path: ['validUntil'] };

/** A single code's validity (see {@link CODE_VALIDITY}). */
export const CodeValiditySchema = z.strictObject(CODE_VALIDITY).refine(oneValidity, ONE_VALIDITY);

export const JoinSheetRequestSchema = z
  .strictObject({
    /** Default: every participant of the meeting. */
    participantIds: z.array(IdSchema).max(2000).optional(),
    ...CODE_VALIDITY,
  })
  .refine(oneValidity, ONE_VALIDITY);
export type JoinSheetRequest = z.infer<typeof JoinSheetRequestSchema>;

/** A device that redeemed a join code; the token itself is never returned again. */
export const DeviceSessionSchema = z.strictObject({
  id: IdSchema,
  participantId: IdSchema,
  deviceLabel: z.string().max(200),
  createdAt: IsoDateTimeSchema,
  lastSeenAt: IsoDateTimeSchema,
  revokedAt: IsoDateTimeSchema.nullable(),
});
export type DeviceSession = z.infer<typeof DeviceSessionSchema>;
