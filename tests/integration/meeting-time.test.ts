import { afterEach, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { expectError, expectOk, startTestRoom, type TestRoom } from './helpers/test-room';

/**
 * A meeting has an end and a time zone. Join codes issued for it last until it ends (a sheet
 * printed nine days ahead still lets people in on the day), follow the end when the meeting
 * moves, can be shortened but never outlive it; times are read on the meeting's own clock.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

let room: TestRoom;
afterEach(async () => {
  await room?.destroy();
});

async function meetingIn(body: {
  startsAt: string;
  endsAt?: string;
  timeZone?: string;
}): Promise<{ id: string; startsAt: string; endsAt: string; timeZone: string }> {
  const created = await room.call(ROUTES.createMeeting, {
    token: room.staffToken,
    body: { title: 'Phiên họp thường kỳ tháng 12', ...body },
  });
  return expectOk(created, 201).meeting;
}

async function person(meetingId: string): Promise<string> {
  const created = await room.call(ROUTES.createParticipant, {
    token: room.staffToken,
    params: { meetingId },
    body: { name: 'Nguyễn Văn An', role: 'delegate' },
  });
  return expectOk(created, 201).participant.id;
}

/** The stored expiry of every unused code of a participant (codes are stored only as hashes). */
function storedExpiries(participantId: string): string[] {
  return (
    room.server.context.db
      .prepare(
        'SELECT expires_at FROM join_codes WHERE participant_id = ? AND used_at IS NULL ORDER BY created_at',
      )
      .all(participantId) as { expires_at: string }[]
  ).map((r) => r.expires_at);
}

describe('a meeting’s end and time zone', () => {
  it('ends with its starting day on its own clock unless told otherwise, and refuses an end before the start', async () => {
    room = await startTestRoom();
    const hanoi = await meetingIn({ startsAt: '2027-01-12T08:00:00+07:00' });
    expect(hanoi.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(hanoi.endsAt).toBe('2027-01-12T23:59:59+07:00');

    // Typed on a machine in UTC for 08:00 in Paris: the meeting's day is Paris's.
    const paris = await meetingIn({ startsAt: '2027-01-12T07:00:00Z', timeZone: 'Europe/Paris' });
    expect(paris.endsAt).toBe('2027-01-12T23:59:59+01:00');

    const session = await meetingIn({
      startsAt: '2027-01-12T08:00:00+07:00',
      endsAt: '2027-01-14T17:00:00+07:00',
    });
    expect(session.endsAt).toBe('2027-01-14T17:00:00+07:00');

    const backwards = await room.call(ROUTES.createMeeting, {
      token: room.staffToken,
      body: { title: 'Họp', startsAt: '2027-01-12T08:00:00+07:00', endsAt: '2027-01-12T07:00:00+07:00' },
    });
    expect(expectError(backwards, 400, 'validation_failed').issues?.map((i) => i.path)).toContain('endsAt');
    const unknownZone = await room.call(ROUTES.createMeeting, {
      token: room.staffToken,
      body: { title: 'Họp', startsAt: '2027-01-12T08:00:00+07:00', timeZone: 'Asia/Hanoi_Nowhere' },
    });
    expect(expectError(unknownZone, 400, 'validation_failed').issues?.map((i) => i.path)).toContain(
      'timeZone',
    );
    const shortened = await room.call(ROUTES.updateMeeting, {
      token: room.staffToken,
      params: { meetingId: session.id },
      body: { endsAt: '2027-01-11T08:00:00+07:00' },
    });
    expect(expectError(shortened, 400, 'validation_failed').issues?.map((i) => i.path)).toContain('endsAt');
  });

  it('issues codes nine days ahead that last until the meeting ends, not 72 hours, and lets people in', async () => {
    room = await startTestRoom();
    const startsAt = new Date(Date.now() + 9 * DAY).toISOString();
    const meeting = await meetingIn({ startsAt });
    const participantId = await person(meeting.id);

    const issued = expectOk(
      await room.call(ROUTES.createJoinCode, { token: room.staffToken, params: { participantId }, body: {} }),
      201,
    );
    expect(issued.expiresAt).toBe(meeting.endsAt);
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeGreaterThan(9 * DAY);

    // Shorter on request; never past the end, however long is asked for.
    const soon = new Date(Date.now() + 2 * DAY).toISOString();
    const short = expectOk(
      await room.call(ROUTES.createJoinCode, {
        token: room.staffToken,
        params: { participantId },
        body: { validUntil: soon },
      }),
      201,
    );
    expect(Date.parse(short.expiresAt)).toBe(Date.parse(soon));
    const long = expectOk(
      await room.call(ROUTES.createJoinCode, {
        token: room.staffToken,
        params: { participantId },
        body: { ttlHours: 24 * 30 },
      }),
      201,
    );
    expect(long.expiresAt).toBe(meeting.endsAt);
    const past = await room.call(ROUTES.createJoinCode, {
      token: room.staffToken,
      params: { participantId },
      body: { validUntil: new Date(Date.now() - HOUR).toISOString() },
    });
    expectError(past, 400, 'validation_failed');
    const both = await room.call(ROUTES.createJoinCode, {
      token: room.staffToken,
      params: { participantId },
      body: { ttlHours: 5, validUntil: soon },
    });
    expectError(both, 400, 'validation_failed');

    expectOk(await room.call(ROUTES.join, { body: { code: issued.code } }), 201);
  });

  it('moves codes with the meeting: they follow its end, shortened ones keep theirs, and an ended meeting issues none', async () => {
    room = await startTestRoom();
    const meeting = await meetingIn({ startsAt: new Date(Date.now() + 9 * DAY).toISOString() });
    const participantId = await person(meeting.id);
    const untilEnd = expectOk(
      await room.call(ROUTES.createJoinCode, { token: room.staffToken, params: { participantId }, body: {} }),
      201,
    );
    const soon = new Date(Date.now() + DAY).toISOString();
    expectOk(
      await room.call(ROUTES.createJoinCode, {
        token: room.staffToken,
        params: { participantId },
        body: { validUntil: soon },
      }),
      201,
    );

    // Moved two days later without a new end: the end moves with it, and so do the codes.
    const moved = expectOk(
      await room.call(ROUTES.updateMeeting, {
        token: room.staffToken,
        params: { meetingId: meeting.id },
        body: { startsAt: new Date(Date.parse(meeting.startsAt) + 2 * DAY).toISOString() },
      }),
    ).meeting;
    expect(Date.parse(moved.endsAt) - Date.parse(meeting.endsAt)).toBe(2 * DAY);
    expect(storedExpiries(participantId).map(Date.parse)).toEqual([
      Date.parse(moved.endsAt),
      Date.parse(soon),
    ]);

    // The audit entry says how many codes followed.
    const entries = room.server.context.db
      .prepare("SELECT payload FROM audit_log WHERE action = 'meeting.update' ORDER BY seq DESC LIMIT 1")
      .all() as { payload: string }[];
    expect(JSON.parse(entries[0]!.payload)).toMatchObject({ joinCodesMoved: 1 });

    // Over: the codes that lasted until the end no longer open the door, and no new ones are issued.
    expectOk(
      await room.call(ROUTES.updateMeeting, {
        token: room.staffToken,
        params: { meetingId: meeting.id },
        body: {
          startsAt: new Date(Date.now() - 3 * DAY).toISOString(),
          endsAt: new Date(Date.now() - 2 * DAY).toISOString(),
        },
      }),
    );
    expectError(await room.call(ROUTES.join, { body: { code: untilEnd.code } }), 401, 'invalid_code');
    const refused = await room.call(ROUTES.createJoinCode, {
      token: room.staffToken,
      params: { participantId },
      body: {},
    });
    expect(expectError(refused, 409, 'meeting_ended').message).toMatch(/ended/);
  });
});
