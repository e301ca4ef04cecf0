import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './ids';

export const MeetingStatusSchema = z.enum(['draft', 'published', 'in_session', 'ended']);
export type MeetingStatus = z.infer<typeof MeetingStatusSchema>;

export const MeetingTypeSchema = z.enum(['regular', 'thematic', 'extraordinary', 'council_session']);
export type MeetingType = z.infer<typeof MeetingTypeSchema>;

const title = z.string().trim().min(1).max(300);

/** A meeting as the API returns it. */
export const MeetingSchema = z.strictObject({
  id: IdSchema,
  title,
  /** Issuing body (cơ quan ban hành), e.g. "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN". */
  body: z.string().max(300),
  type: MeetingTypeSchema,
  startsAt: IsoDateTimeSchema,
  place: z.string().max(300),
  status: MeetingStatusSchema,
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});
export type Meeting = z.infer<typeof MeetingSchema>;

export const CreateMeetingRequestSchema = z.strictObject({
  title,
  body: z.string().max(300).default(''),
  type: MeetingTypeSchema.default('regular'),
  startsAt: IsoDateTimeSchema,
  place: z.string().max(300).default(''),
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
