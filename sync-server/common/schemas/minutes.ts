import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './ids';

/**
 * The minutes (biên bản) as data: what the editor holds, what finalise freezes and what the
 * exports read. Shared by the server, the exports and the renderer.
 *
 * Storage (migration 0090, `sync-server/db/migrations/0090-minutes.ts`):
 * - `minutes` (one row per meeting once anything happened to its minutes; no row = draft):
 *   `meeting_id` PK, `state` ('draft' | 'final' | 'published'), `final_json` (the frozen
 *   `MinutesContent` as canonical JSON text, null while draft), `sha256` (hex of `final_json`'s
 *   UTF-8 bytes), `register_number` (formatted "07/BB-UBND"), `finalised_at`, `finalised_by`
 *   (participant id), `published_at`, `published_by`.
 * - `minutes_addenda`: `id` PK, `meeting_id`, `seq` (1, 2, … per meeting), `at`, `by_participant_id`,
 *   `by_name` (as it was then), `text`.
 * Read them through `MinutesStore` (`sync-server/store/minutes-store.ts`).
 */

/** A run of text with its marks. */
export const InlineSchema = z.strictObject({
  text: z.string(),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  underline: z.boolean().optional(),
});
export type Inline = z.infer<typeof InlineSchema>;

export const RecordKindSchema = z.enum(['attendance', 'speakers', 'vote']);
export type RecordKind = z.infer<typeof RecordKindSchema>;

export const AttendanceRecordSchema = z.strictObject({
  kind: z.literal('attendance'),
  asOf: IsoDateTimeSchema,
  members: z.number().int().min(0),
  present: z.number().int().min(0),
  quorumRequired: z.number().int().min(0),
  quorumMet: z.boolean(),
  absent: z.array(
    z.strictObject({
      name: z.string(),
      status: z.enum(['absent', 'excused']),
      reason: z.string().optional(),
    }),
  ),
  late: z.array(z.strictObject({ name: z.string() })),
  leftEarly: z.array(z.strictObject({ name: z.string() })),
  proxies: z.array(z.strictObject({ member: z.string(), holder: z.string() })),
});

export const SpeakersRecordSchema = z.strictObject({
  kind: z.literal('speakers'),
  itemId: z.string(),
  itemTitle: z.string(),
  speakers: z.array(
    z.strictObject({
      name: z.string(),
      requestKind: z.enum(['phat_bieu', 'tranh_luan', 'chat_van']),
      seconds: z.number().int().min(0),
    }),
  ),
});

export const VoteRecordSchema = z.strictObject({
  kind: z.literal('vote'),
  voteId: z.string(),
  title: z.string(),
  mode: z.enum(['open', 'named', 'secret']),
  closedAt: z.string(),
  eligible: z.number().int().min(0),
  cast: z.number().int().min(0),
  options: z.array(z.strictObject({ label: z.string(), count: z.number().int().min(0) })),
  passed: z.boolean(),
  /** The Vietnamese result sentence as recorded when the vote closed. */
  resultText: z.string(),
  named: z.array(z.strictObject({ name: z.string(), choice: z.string() })).optional(),
});

/** The figures of a record block, written by the server only (the `data` attr, as JSON). */
export const RecordDataSchema = z.discriminatedUnion('kind', [
  AttendanceRecordSchema,
  SpeakersRecordSchema,
  VoteRecordSchema,
]);
export type RecordData = z.infer<typeof RecordDataSchema>;

export const MinutesBlockSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('heading'),
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    content: z.array(InlineSchema),
  }),
  z.strictObject({ type: z.literal('paragraph'), content: z.array(InlineSchema) }),
  z.strictObject({ type: z.literal('list'), ordered: z.boolean(), items: z.array(z.array(InlineSchema)) }),
  z.strictObject({ type: z.literal('record'), record: RecordDataSchema }),
]);
export type MinutesBlock = z.infer<typeof MinutesBlockSchema>;

export const MinutesContentSchema = z.strictObject({ blocks: z.array(MinutesBlockSchema) });
export type MinutesContent = z.infer<typeof MinutesContentSchema>;

/** final = frozen by the chair; published = final and readable by delegates and observers. */
export const MinutesStateSchema = z.enum(['draft', 'final', 'published']);
export type MinutesState = z.infer<typeof MinutesStateSchema>;

/**
 * The editor's node and mark names (TipTap / y-prosemirror: one Y.XmlElement per node named as
 * its type, attrs as element attributes, text as Y.XmlText with marks as formatting attributes).
 */
export const MINUTES_NODE = {
  paragraph: 'paragraph',
  heading: 'heading',
  bulletList: 'bulletList',
  orderedList: 'orderedList',
  listItem: 'listItem',
  recordBlock: 'recordBlock',
} as const;
/** The XmlFragment TipTap's Collaboration extension edits. */
export const MINUTES_FRAGMENT = 'default';

// ---- commands --------------------------------------------------------------------------------

/** Inserts a record block: where (after which top-level block, or at the end) and which record. */
export const InsertRecordRequestSchema = z.strictObject({
  kind: RecordKindSchema,
  /** Vote id for 'vote', agenda item id for 'speakers', the meeting id for 'attendance'. */
  refId: IdSchema,
  /** Insert after this top-level block index; null or absent: at the end. */
  afterIndex: z.number().int().min(-1).max(100_000).nullable().optional(),
});
export type InsertRecordRequest = z.infer<typeof InsertRecordRequestSchema>;

export const InsertRecordResponseSchema = z.strictObject({ record: RecordDataSchema });

export const AddendumRequestSchema = z.strictObject({ text: z.string().trim().min(1).max(20_000) });
export type AddendumRequest = z.infer<typeof AddendumRequestSchema>;

export const MinutesAddendumSchema = z.strictObject({
  seq: z.number().int().min(1),
  at: IsoDateTimeSchema,
  by: z.string(),
  text: z.string(),
});
export type MinutesAddendum = z.infer<typeof MinutesAddendumSchema>;

/** What the renderer reads about the minutes besides the document itself. */
export const MinutesStatusSchema = z.strictObject({
  state: MinutesStateSchema,
  registerNumber: z.string().nullable(),
  finalisedAt: IsoDateTimeSchema.nullable(),
  publishedAt: IsoDateTimeSchema.nullable(),
  sha256: z.string().nullable(),
  addenda: z.array(MinutesAddendumSchema),
});
export type MinutesStatus = z.infer<typeof MinutesStatusSchema>;

/** What the record pickers offer: the closed votes, the agenda items, the meeting itself. */
export const RecordChoicesSchema = z.strictObject({
  votes: z.array(z.strictObject({ id: IdSchema, title: z.string() })),
  items: z.array(z.strictObject({ id: IdSchema, title: z.string() })),
});
export type RecordChoices = z.infer<typeof RecordChoicesSchema>;
