import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../time/meeting-time';
import { IdSchema, IsoDateTimeSchema } from './ids';

export const MeetingStatusSchema = z.enum(['draft', 'published', 'in_session', 'ended']);
export type MeetingStatus = z.infer<typeof MeetingStatusSchema>;

export const MeetingTypeSchema = z.enum(['regular', 'thematic', 'extraordinary', 'council_session']);
export type MeetingType = z.infer<typeof MeetingTypeSchema>;

const title = z.string().trim().min(1).max(300);

/** An IANA time zone the platform knows, e.g. "Asia/Ho_Chi_Minh". */
export const TimeZoneSchema = z.string().refine(isTimeZone, { message: 'not a known time zone' });

/** A meeting as the API returns it. */
export const MeetingSchema = z.strictObject({
  id: IdSchema,
  title,
  /** Issuing body (cơ quan ban hành), e.g. "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN". */
  body: z.string().max(300),
  type: MeetingTypeSchema,
  startsAt: IsoDateTimeSchema,
  /**
   * When the meeting ends: join codes issued for it stay valid until then, and device sessions
   * end some days after. Defaults to the end of the starting day in the meeting's zone.
   */
  endsAt: IsoDateTimeSchema,
  /** The zone every screen, sheet and export shows the meeting's times in. */
  timeZone: TimeZoneSchema,
  place: z.string().max(300),
  status: MeetingStatusSchema,
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  /** Working days before the start by which documents must reach participants (Decision 45/2018). */
  leadTimeWorkingDays: z.number().int().min(0).max(30),
  /** Last (re)publication; null while a draft. */
  publishedAt: IsoDateTimeSchema.nullable(),
  /** Counts publications: 1 after the first publish, +1 per republish. */
  publishedRevision: z.number().int().min(0),
});
export type Meeting = z.infer<typeof MeetingSchema>;

export const UpdateMeetingRequestSchema = z
  .strictObject({
    title,
    body: z.string().max(300),
    type: MeetingTypeSchema,
    startsAt: IsoDateTimeSchema,
    endsAt: IsoDateTimeSchema,
    timeZone: TimeZoneSchema,
    place: z.string().max(300),
    leadTimeWorkingDays: z.number().int().min(0).max(30),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateMeetingRequest = z.infer<typeof UpdateMeetingRequestSchema>;

export const PublishWarningSchema = z.strictObject({
  code: z.enum(['late_publication', 'no_documents', 'no_participants']),
  /** English, for logs and older clients. */
  message: z.string(),
  /** The values the client's message needs (`PUBLISH_WARNING_PARAMS`); optional: older servers omit them. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type PublishWarning = z.infer<typeof PublishWarningSchema>;

export const PublishResponseSchema = z.strictObject({
  meeting: MeetingSchema,
  warnings: z.array(PublishWarningSchema),
});

export const CreateMeetingRequestSchema = z
  .strictObject({
    title,
    body: z.string().max(300).default(''),
    type: MeetingTypeSchema.default('regular'),
    startsAt: IsoDateTimeSchema,
    /** Omitted: the end of the starting day in the meeting's zone. */
    endsAt: IsoDateTimeSchema.optional(),
    timeZone: TimeZoneSchema.default(DEFAULT_TIME_ZONE),
    place: z.string().max(300).default(''),
  })
  .refine((m) => m.endsAt === undefined || Date.parse(m.endsAt) > Date.parse(m.startsAt), {
    message: 'the meeting must end after it starts',
    path: ['endsAt'],
  });
export type CreateMeetingRequest = z.infer<typeof CreateMeetingRequestSchema>;

/** One node of the agenda tree. `parentId` null means a top-level item. */
export const AgendaItemSchema = z.strictObject({
  id: IdSchema,
  meetingId: IdSchema,
  parentId: IdSchema.nullable(),
  position: z.number().int().min(0),
  title,
  presenter: z.string().max(200),
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  description: z.string().max(5000),
});
export type AgendaItem = z.infer<typeof AgendaItemSchema>;

export const CreateAgendaItemRequestSchema = z.strictObject({
  parentId: IdSchema.nullable().default(null),
  title,
  presenter: z.string().max(200).default(''),
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(0),
  description: z.string().max(5000).default(''),
});
export type CreateAgendaItemRequest = z.infer<typeof CreateAgendaItemRequestSchema>;

export const UpdateAgendaItemRequestSchema = z
  .strictObject({
    title,
    presenter: z.string().max(200),
    durationMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    description: z.string().max(5000),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateAgendaItemRequest = z.infer<typeof UpdateAgendaItemRequestSchema>;

/** Moves an item (with its sub-items) under `parentId` at `position` among its new siblings. */
export const MoveAgendaItemRequestSchema = z.strictObject({
  parentId: IdSchema.nullable(),
  position: z.number().int().min(0),
});
export type MoveAgendaItemRequest = z.infer<typeof MoveAgendaItemRequestSchema>;
