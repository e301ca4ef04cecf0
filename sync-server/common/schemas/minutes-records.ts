import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './ids';
import { MinutesExportModelSchema } from './minutes-export';
import { AttendanceEntrySchema, AttendanceEventSchema, SpeakerHistoryResponseSchema } from './session';
import { OptionIdSchema, TallyRecordSchema, VoteSchema } from './vote';

/** One vote for the record: the vote, its tally record once closed, and (open or named votes) the ballots. */
export const VoteForTheRecordSchema = z.strictObject({
  vote: VoteSchema,
  record: TallyRecordSchema.nullable(),
  /** Who chose what; always empty for a secret vote (its receipts are in `record.receipts`). */
  ballots: z.array(
    z.strictObject({ memberId: IdSchema, name: z.string().nullable(), optionId: OptionIdSchema }),
  ),
});

/** A meeting's session records: attendance ledger, speakers, votes (`sync-server/minutes/meeting-records.ts`). */
export const MeetingRecordsSchema = z.strictObject({
  attendance: z.strictObject({
    timeZone: z.string(),
    events: z.array(AttendanceEventSchema),
    final: z.array(AttendanceEntrySchema),
  }),
  speakers: SpeakerHistoryResponseSchema,
  votes: z.strictObject({ votes: z.array(VoteForTheRecordSchema) }),
});
export type MeetingRecords = z.infer<typeof MeetingRecordsSchema>;

/** Names the file's shape, so a reader years later knows what it holds. */
export const MINUTES_RECORDS_FORMAT = 'paperless-room/minutes-records@1';

/**
 * The minutes' JSON export (`GET /meetings/:meetingId/minutes.json`, and `minutes/bien-ban.json`
 * in the archive package): the minutes as every export shows them, with the records they were
 * made from.
 */
export const MinutesRecordsSchema = z.strictObject({
  format: z.literal(MINUTES_RECORDS_FORMAT),
  exportedAt: IsoDateTimeSchema,
  minutes: MinutesExportModelSchema,
  records: MeetingRecordsSchema,
});
export type MinutesRecords = z.infer<typeof MinutesRecordsSchema>;
