import type { RecordData, RecordKind } from '#common/schemas/minutes';
import { formatResult } from '#common/votes/format';
import type { ReadableDB } from '../db/database';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { because } from '#common/schemas/error-reasons';
import { readAttendanceFacts } from '../session/attendance-facts';
import { speakerHistory } from '../session/speaker-history';
import type { AttendanceStore } from '../store/attendance-store';
import type { MeetingStore } from '../store/meeting-store';
import type { SpeakerStore } from '../store/speaker-store';
import type { VoteStore } from '../store/vote-store';

/** What the record blocks are read from: the authoritative records of the session. */
export interface RecordSources {
  readonly db: ReadableDB;
  readonly meetings: MeetingStore;
  readonly attendance: AttendanceStore;
  readonly speakers: SpeakerStore;
  readonly votes: VoteStore;
}

/**
 * The figures of one record block, read from the records as they are now: attendance (refId:
 * the meeting), the speakers of an agenda item (refId: the item), a closed vote's result (refId:
 * the vote). Throws NotFound for a record of another meeting or none, Conflict for a vote not
 * closed yet (it has no result to show).
 */
export function buildRecordData(
  src: RecordSources,
  meetingId: string,
  kind: RecordKind,
  refId: string,
): RecordData {
  switch (kind) {
    case 'attendance': {
      if (refId !== meetingId) throw new NotFoundError('meeting not found');
      const facts = readAttendanceFacts(src.db, meetingId);
      const entries = src.attendance.list(meetingId).filter((e) => e.member);
      const nameOf = new Map(entries.map((e) => [e.participantId, e.name]));
      return {
        kind: 'attendance',
        asOf: new Date().toISOString(),
        members: facts.members,
        present: facts.present,
        quorumRequired: facts.quorum.required,
        quorumMet: facts.quorum.met,
        absent: entries
          .filter((e) => e.status === 'absent' || e.status === 'excused')
          .map((e) => ({
            name: e.name,
            status: e.status === 'excused' ? ('excused' as const) : ('absent' as const),
            ...(e.reason ? { reason: e.reason } : {}),
          })),
        late: entries.filter((e) => e.status === 'late').map((e) => ({ name: e.name })),
        leftEarly: entries.filter((e) => e.status === 'left_early').map((e) => ({ name: e.name })),
        proxies: entries
          .filter((e) => e.proxyHolderId !== null)
          .map((e) => ({ member: e.name, holder: nameOf.get(e.proxyHolderId ?? '') ?? '' })),
      };
    }
    case 'speakers': {
      const item = src.meetings.findAgendaItem(refId);
      if (!item || item.meetingId !== meetingId) throw new NotFoundError('agenda item not found');
      const history = speakerHistory(src.meetings.agenda(meetingId), src.speakers.speeches(meetingId));
      const speeches = history.items.find((i) => i.itemId === refId)?.speeches ?? [];
      return {
        kind: 'speakers',
        itemId: item.id,
        itemTitle: item.title,
        speakers: speeches.map((s) => ({
          name: s.name,
          requestKind: s.kind,
          seconds: Math.round(s.seconds),
        })),
      };
    }
    case 'vote': {
      const vote = src.votes.find(refId);
      if (!vote || vote.meetingId !== meetingId) throw new NotFoundError('vote not found');
      if (vote.status !== 'closed' || !vote.result || !vote.closedAt) {
        throw new ConflictError('the vote has no result yet', because('vote_not_closed'));
      }
      const result = vote.result;
      const labelOf = new Map(vote.options.map((o) => [o.id, o.label]));
      const record = vote.secrecy === 'named' ? src.votes.record(vote.id) : null;
      return {
        kind: 'vote',
        voteId: vote.id,
        title: vote.title,
        mode: vote.secrecy,
        closedAt: vote.closedAt,
        eligible: result.eligible,
        cast: result.cast,
        options: result.counts.map((c) => ({ label: c.label, count: c.count })),
        passed: result.passed,
        resultText: `${formatResult(result, 'vi').join('; ')}.`,
        ...(record
          ? {
              named: record.names.map((n) => ({
                name: n.name,
                choice: labelOf.get(n.optionId) ?? n.optionId,
              })),
            }
          : {}),
      };
    }
  }
}
