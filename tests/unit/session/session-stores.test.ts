import { describe, expect, it } from 'vitest';
import type { Participant } from '#common/schemas/participant';
import type { Role } from '#common/schemas/roles';
import { spokenSeconds } from '#common/schemas/session';
import { openMemoryDatabase, type WritableDB } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';
import { type Tx, transactionHandle } from '../../../sync-server/db/tx';
import { readAttendanceFacts } from '../../../sync-server/session/attendance-facts';
import { readQuorumState } from '../../../sync-server/session/quorum-state';
import { AttendanceStore } from '../../../sync-server/store/attendance-store';
import { MeetingStore } from '../../../sync-server/store/meeting-store';
import { ParticipantStore } from '../../../sync-server/store/participant-store';
import { SessionStore } from '../../../sync-server/store/session-store';
import { SpeakerStore } from '../../../sync-server/store/speaker-store';

const T0 = Date.parse('2026-11-26T01:30:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function setup() {
  const db: WritableDB = openMemoryDatabase();
  migrate(db, ROOM_MIGRATIONS);
  const stores = {
    meetings: new MeetingStore(db),
    participants: new ParticipantStore(db),
    session: new SessionStore(db),
    attendance: new AttendanceStore(db),
    speakers: new SpeakerStore(db),
  };
  /** Runs `body` in a transaction whose clock reads `seconds` after T0. */
  const tx = <T>(seconds: number, body: (t: Tx) => T): T =>
    db.transaction(() => body(transactionHandle(db, at(seconds))))();
  const meeting = tx(0, (t) =>
    stores.meetings.create(t, {
      title: 'Phiên họp thử',
      body: '',
      type: 'regular',
      startsAt: at(0),
      timeZone: 'Asia/Ho_Chi_Minh',
      place: '',
    }),
  );
  const add = (role: Role, name: string): Participant =>
    tx(0, (t) =>
      stores.participants.create(t, meeting.id, { name, role, position: '', unit: '', group: '' }),
    );
  return { db, tx, meeting, add, ...stores };
}

describe('attendance facts', () => {
  it('counts chair and delegates only, present in person, and seats with proxies only when allowed', () => {
    const s = setup();
    const chair = s.add('chair', 'Chủ tọa');
    const secretary = s.add('secretary', 'Thư ký');
    const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((n) => s.add('delegate', `Đại biểu ${n}`)) as [
      Participant,
      Participant,
      Participant,
      Participant,
    ];
    s.add('observer', 'Khách mời');
    const mark = (
      p: Participant,
      status: 'present' | 'late' | 'left_early' | 'absent',
      holder: string | null = null,
    ) =>
      s.tx(10, (t) =>
        s.attendance.record(t, p, { status, reason: '', proxyHolderId: holder }, 'mark', secretary),
      );

    let facts = readAttendanceFacts(s.db, s.meeting.id);
    expect(facts).toEqual({
      members: 5,
      present: 0,
      quorum: { rule: { kind: 'more_than_half' }, required: 3, met: false },
      seats: [],
    });
    mark(chair, 'present');
    mark(a, 'late'); // late still counts as present
    mark(secretary, 'present'); // not a member
    mark(b, 'left_early');
    mark(c, 'absent', a.id); // a proxy, but the meeting does not allow proxies yet
    facts = readAttendanceFacts(s.db, s.meeting.id);
    expect(facts.present).toBe(2);
    expect(facts.seats).toEqual([
      { memberId: chair.id, holderId: chair.id },
      { memberId: a.id, holderId: a.id },
    ]);
    expect(facts.quorum.met).toBe(false);

    s.tx(20, (t) =>
      s.session.setRules(t, s.meeting.id, {
        ...s.session.rules(s.meeting.id),
        proxiesAllowed: true,
        quorum: { kind: 'fixed', count: 2 },
      }),
    );
    facts = readAttendanceFacts(s.db, s.meeting.id);
    // The represented member gets a seat through the present holder, but is not present for quorum.
    expect(facts.present).toBe(2);
    expect(facts.seats).toContainEqual({ memberId: c.id, holderId: a.id });
    expect(facts.seats).toHaveLength(3);
    expect(facts.quorum).toEqual({ rule: { kind: 'fixed', count: 2 }, required: 2, met: true });
    expect(readQuorumState(s.db, s.meeting.id)).toMatchObject({
      present: 2,
      represented: 1,
      proxiesAllowed: true,
    });

    // The holder leaves: the proxy no longer gives a seat.
    mark(a, 'left_early');
    facts = readAttendanceFacts(s.db, s.meeting.id);
    expect(facts.seats).toEqual([{ memberId: chair.id, holderId: chair.id }]);
    expect(facts.quorum.met).toBe(false);
    // A member who comes back in person holds their own seat, whatever proxy is recorded.
    mark(d, 'present');
    mark(c, 'present', a.id);
    expect(readAttendanceFacts(s.db, s.meeting.id).seats).toContainEqual({ memberId: c.id, holderId: c.id });
  });

  it('keeps every change in the ledger with names as they were', () => {
    const s = setup();
    const secretary = s.add('secretary', 'Thư ký');
    const a = s.add('delegate', 'Nguyễn Văn A');
    s.tx(1, (t) =>
      s.attendance.record(t, a, { status: 'present', reason: '', proxyHolderId: null }, 'check_in', a),
    );
    s.tx(2, (t) => s.participants.update(t, a.id, { name: 'Nguyễn Văn Á' }));
    s.tx(3, (t) =>
      s.attendance.record(
        t,
        s.participants.get(a.id),
        { status: 'excused', reason: 'Ốm', proxyHolderId: null },
        'mark',
        secretary,
      ),
    );
    const ledger = s.attendance.ledger(s.meeting.id);
    expect(ledger.map((e) => [e.at, e.kind, e.name, e.status, e.reason, e.byName])).toEqual([
      [at(1), 'check_in', 'Nguyễn Văn A', 'present', '', 'Nguyễn Văn A'],
      [at(3), 'mark', 'Nguyễn Văn Á', 'excused', 'Ốm', 'Thư ký'],
    ]);
    expect(s.attendance.entry(a.id)).toMatchObject({
      status: 'excused',
      reason: 'Ốm',
      member: true,
      updatedAt: at(3),
    });
  });
});

describe('session store', () => {
  it('moves state and the meeting status together, and adds up pauses', () => {
    const s = setup();
    expect(s.session.get(s.meeting.id)).toEqual({
      state: 'not_started',
      startedAt: null,
      endedAt: null,
      pausedAt: null,
      currentItemId: null,
    });
    s.tx(0, (t) => s.session.setState(t, s.meeting.id, 'in_session', 'in_session'));
    expect(s.meetings.get(s.meeting.id).status).toBe('in_session');
    s.tx(60, (t) => s.session.setState(t, s.meeting.id, 'paused', null));
    expect(s.session.get(s.meeting.id)).toMatchObject({
      state: 'paused',
      pausedAt: at(60),
      startedAt: at(0),
    });
    s.tx(90, (t) => s.session.setState(t, s.meeting.id, 'in_session', null));
    s.tx(100, (t) => s.session.setState(t, s.meeting.id, 'paused', null));
    s.tx(105, (t) => s.session.setState(t, s.meeting.id, 'ended', 'ended'));
    expect(s.session.pausedMs(s.meeting.id)).toBe(35_000);
    expect(s.session.get(s.meeting.id)).toMatchObject({
      state: 'ended',
      pausedAt: null,
      startedAt: at(0),
      endedAt: at(105),
    });
    expect(s.meetings.get(s.meeting.id).status).toBe('ended');
    expect(s.session.running()).toEqual([]);
  });
});

describe('speaker store', () => {
  it('keeps each item’s queue in order, moves within it, and times a speech without its pauses', () => {
    const s = setup();
    const item = s.tx(0, (t) =>
      s.meetings.addAgendaItem(t, s.meeting.id, {
        parentId: null,
        title: 'Mục 1',
        presenter: '',
        durationMinutes: 0,
        description: '',
      }),
    );
    const other = s.tx(0, (t) =>
      s.meetings.addAgendaItem(t, s.meeting.id, {
        parentId: null,
        title: 'Mục 2',
        presenter: '',
        durationMinutes: 0,
        description: '',
      }),
    );
    const [a, b, c] = ['A', 'B', 'C'].map((n) => s.add('delegate', `Đại biểu ${n}`)) as [
      Participant,
      Participant,
      Participant,
    ];
    const request = (p: Participant, itemId: string, seconds: number) =>
      s.tx(seconds, (t) =>
        s.speakers.create(t, {
          meetingId: s.meeting.id,
          itemId,
          participantId: p.id,
          kind: 'phat_bieu',
          addedBy: p.id,
        }),
      );
    const ra = request(a, item.id, 1);
    const rb = request(b, item.id, 2);
    const rc = request(c, item.id, 3);
    request(a, other.id, 4);
    expect(s.speakers.queue(s.meeting.id, item.id).map((r) => [r.id, r.position])).toEqual([
      [ra.id, 0],
      [rb.id, 1],
      [rc.id, 2],
    ]);
    expect(s.speakers.isQueued(item.id, a.id, 'phat_bieu')).toBe(true);
    expect(s.speakers.isQueued(item.id, a.id, 'chat_van')).toBe(false);
    // The database itself refuses a second queued request of the same kind.
    expect(() => request(a, item.id, 5)).toThrow(/UNIQUE/);

    expect(s.tx(6, (t) => s.speakers.move(t, rc, 0))).toEqual({ from: 2, to: 0 });
    expect(s.tx(6, (t) => s.speakers.move(t, s.speakers.get(s.meeting.id, ra.id), 99))).toEqual({
      from: 1,
      to: 2,
    });
    expect(s.speakers.queue(s.meeting.id, item.id).map((r) => r.id)).toEqual([rc.id, rb.id, ra.id]);
    expect(s.speakers.queue(s.meeting.id, other.id)).toHaveLength(1);

    // Granted at 10 s with 60 s; paused from 20 s to 50 s; finished at 70 s: 30 s spoken.
    const speaking = s.tx(10, (t) => s.speakers.grant(t, rc, 60));
    expect(speaking.timer).toEqual({
      startedAt: at(10),
      limitSeconds: 60,
      pausedSeconds: 0,
      pausedAt: null,
      warningSeconds: 30,
    });
    expect(spokenSeconds(speaking.timer!, T0 + 15_000)).toBe(5);
    const paused = s.tx(20, (t) => s.speakers.pauseTimer(t, speaking));
    // While paused the clock stands still, whatever the time now.
    expect(spokenSeconds(paused.timer!, T0 + 45_000)).toBe(10);
    const resumed = s.tx(50, (t) => s.speakers.resumeTimer(t, paused));
    expect(resumed.timer).toMatchObject({ pausedSeconds: 30, pausedAt: null });
    expect(spokenSeconds(resumed.timer!, T0 + 55_000)).toBe(15);
    expect(s.speakers.current(s.meeting.id)?.id).toBe(rc.id);
    // Only one speaker at a time, whatever the commands do.
    expect(() => s.tx(60, (t) => s.speakers.grant(t, rb, 60))).toThrow(/UNIQUE/);
    const done = s.tx(70, (t) => s.speakers.finish(t, resumed));
    expect(done).toMatchObject({ status: 'done', endedAt: at(70), spokenSeconds: 30 });
    expect(s.speakers.current(s.meeting.id)).toBeNull();
    expect(s.speakers.speeches(s.meeting.id).map((r) => r.id)).toEqual([rc.id]);

    // A speech finished while its timer is paused stops counting at the pause.
    const next = s.tx(80, (t) => s.speakers.grant(t, rb, 60));
    const held = s.tx(85, (t) => s.speakers.pauseTimer(t, next));
    expect(s.tx(200, (t) => s.speakers.finish(t, held)).spokenSeconds).toBe(5);
  });
});
