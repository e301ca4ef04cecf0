import type { Meeting } from '#common/schemas/meeting';
import type { MeetingRecords } from '#common/schemas/minutes-records';
import { speakerHistory } from '../session/speaker-history';
import type { AttendanceStore } from '../store/attendance-store';
import type { MeetingStore } from '../store/meeting-store';
import type { SpeakerStore } from '../store/speaker-store';
import type { VoteStore } from '../store/vote-store';

/** The stores the records are read from (one read transaction, the caller's). */
export interface RecordStores {
  readonly meetings: MeetingStore;
  readonly attendance: AttendanceStore;
  readonly speakers: SpeakerStore;
  readonly votes: VoteStore;
}

/**
 * A meeting's session records as they are kept for the record: the attendance ledger (every
 * event, and the final state), who spoke on which item, and every vote. Written the same way
 * into the archive package (`records/*.json`) and the minutes' JSON export.
 *
 * An open or named vote's ballots carry who chose what; a secret vote carries its receipts and
 * choices only (the tally record's `receipts`), never who voted — the two are not joined
 * anywhere in the room.
 */
export function meetingRecords(
  stores: RecordStores,
  meeting: Meeting,
  names: ReadonlyMap<string, string>,
): MeetingRecords {
  return {
    attendance: {
      timeZone: meeting.timeZone,
      events: stores.attendance.ledger(meeting.id),
      final: stores.attendance.list(meeting.id),
    },
    speakers: speakerHistory(stores.meetings.agenda(meeting.id), stores.speakers.speeches(meeting.id)),
    votes: {
      votes: stores.votes.list(meeting.id).map((v) => {
        const vote = stores.votes.get(v.id);
        const closed = vote.status === 'closed';
        const ballots =
          closed && vote.secrecy !== 'secret'
            ? [...stores.votes.openChoices(v.id)].map(([memberId, optionId]) => ({
                memberId,
                name: names.get(memberId) ?? null,
                optionId,
              }))
            : [];
        return { vote, record: closed ? stores.votes.record(v.id) : null, ballots };
      }),
    },
  };
}
