import { IdSchema } from '#common/schemas/ids';
import { InsertRecordRequestSchema, type RecordData } from '#common/schemas/minutes';
import { buildRecordData } from '../../minutes/minutes-records';
import { defineCommand } from '../command';
import { requireDraft, requireMinutesWriter } from './minutes-rules';

/**
 * The secretary puts a record into the minutes: the attendance summary, the speakers of an
 * agenda item or a closed vote's result, read here from the records (never typed). The block is
 * written into the minutes document after the commit (the worker places it); later changes of
 * the record refresh its figures while the minutes are a draft.
 */
export const insertMinutesRecord = defineCommand({
  name: 'minutes.insert-record',
  input: InsertRecordRequestSchema.extend({ meetingId: IdSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireMinutesWriter(actor, meetingId);
  },
  run({ meetingId, kind, refId, afterIndex }, { tx, minutes, meetings, attendance, speakers, votes }) {
    requireDraft(minutes.state(meetingId));
    const record: RecordData = buildRecordData(
      { db: tx.db, meetings, attendance, speakers, votes },
      meetingId,
      kind,
      refId,
    );
    return {
      result: { record },
      audit: { action: 'minutes.insert-record', meetingId, payload: { meetingId, kind, refId } },
      effects: {
        minutesRecord: {
          meetingId,
          afterIndex: afterIndex ?? null,
          record: { kind, refId, data: JSON.stringify(record) },
        },
      },
    };
  },
});
