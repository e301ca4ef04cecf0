import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { ApiErrorSchema } from '#common/schemas/api';
import { ROOM_SCHEMA_VERSION } from '../../sync-server/db/migrations/index';
import { expectError, expectOk, startTestRoom, type TestRoom } from './helpers/test-room';

/** Row counts of every table, to prove bad requests change nothing. */
function snapshotCounts(dataDir: string): Record<string, number> {
  const db = new Database(join(dataDir, 'room.sqlite'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    return Object.fromEntries(
      tables.map((t) => [
        t.name,
        (db.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n,
      ]),
    );
  } finally {
    db.close();
  }
}

describe('HTTP API', () => {
  let room: TestRoom;
  let meetingId: string;

  beforeAll(async () => {
    room = await startTestRoom({ joinFailures: { max: 5, windowMs: 60_000 } });
    meetingId = await room.createMeeting();
  });
  afterAll(async () => {
    await room.destroy();
  });

  it('answers health without a token', async () => {
    const res = await room.call(ROUTES.health);
    expect(res.status).toBe(200);
    expect(expectOk(res, 200)).toMatchObject({ status: 'ok', schemaVersion: ROOM_SCHEMA_VERSION });
  });

  it('creates the first secretariat account once and prints its code', async () => {
    expect(room.server.adminCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(room.staffToken.length).toBeGreaterThanOrEqual(40);
    const session = await room.call(ROUTES.getSession, { token: room.staffToken });
    expect(session.status).toBe(200);
    expect(expectOk(session, 200).participant).toMatchObject({ role: 'secretariat', meetingId: null });
  });

  it('joins with a code typed loosely and refuses it the second time', async () => {
    const created = await room.call(ROUTES.createParticipant, {
      token: room.staffToken,
      params: { meetingId },
      body: { name: 'Nguyễn Văn An', role: 'delegate', position: 'Giám đốc Sở Tài chính' },
    });
    const participant = expectOk(created, 201).participant;
    const codeRes = await room.call(ROUTES.createJoinCode, {
      token: room.staffToken,
      params: { participantId: participant.id },
      body: { ttlHours: 1 },
    });
    const code = expectOk(codeRes, 201);
    expect(code.qrSvg).toContain('<svg');
    expect(new URL(code.joinUrl).searchParams.get('join')).toBe(code.code);
    const typed = ` ${code.code.toLowerCase().replace('-', ' ')} `;
    const joined = await room.call(ROUTES.join, { body: { code: typed, deviceLabel: 'Laptop 07' } });
    const parsed = expectOk(joined, 201);
    expect(parsed.session.participant.name).toBe('Nguyễn Văn An');
    expect(parsed.session.meeting?.id).toBe(meetingId);
    const again = await room.call(ROUTES.join, { body: { code: code.code } });
    expectError(again, 401, 'invalid_code');
  });

  it('rejects malformed input with clear errors and changes nothing', async () => {
    const before = snapshotCounts(room.dataDir);
    const cases = [
      { path: '/meetings', raw: '{"title": "x", ', status: 400, code: 'bad_request' },
      {
        path: '/meetings',
        body: { title: 42, startsAt: 'tomorrow' },
        status: 400,
        code: 'validation_failed',
      },
      {
        path: '/meetings',
        body: { title: 'Họp', startsAt: '2026-12-01T08:00:00+07:00', admin: true },
        status: 400,
        code: 'validation_failed',
      },
      {
        path: '/meetings',
        body: { title: 'x'.repeat(2_000_000), startsAt: '2026-12-01T08:00:00Z' },
        status: 413,
        code: 'payload_too_large',
      },
      {
        path: '/meetings',
        raw: 'title=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        status: 415,
        code: 'unsupported_media_type',
      },
      {
        path: `/meetings/${meetingId}/agenda-items`,
        body: { title: '' },
        status: 400,
        code: 'validation_failed',
      },
      { path: '/meetings/../etc/agenda-items', body: { title: 'x' }, status: 404, code: 'not_found' },
    ];
    for (const c of cases) {
      // Hostile input the table's types would refuse: sent raw.
      const res = await room.raw('POST', c.path, {
        token: room.staffToken,
        body: c.body,
        raw: c.raw,
        headers: c.headers,
      });
      expect(res.status, `${c.path} ${JSON.stringify(c.body ?? c.raw)?.slice(0, 60)}`).toBe(c.status);
      expect(ApiErrorSchema.parse(res.json).error.code).toBe(c.code);
    }
    const invalid = await room.raw('POST', '/meetings', { token: room.staffToken, body: { title: 42 } });
    expect(ApiErrorSchema.parse(invalid.json).error.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(['title', 'startsAt']),
    );
    expect(snapshotCounts(room.dataDir)).toEqual(before);
    expect((await room.call(ROUTES.health)).status).toBe(200);
  });

  it('refuses missing, forged and revoked tokens', async () => {
    expect((await room.call(ROUTES.listMeetings)).status).toBe(401);
    const forged = await room.call(ROUTES.listMeetings, { token: 'A'.repeat(43) });
    expectError(forged, 401, 'unauthenticated');

    const member = await room.addMember(meetingId, 'delegate');
    expect((await room.call(ROUTES.getSession, { token: member.token })).status).toBe(200);
    const signOut = await room.call(ROUTES.leave, { token: member.token });
    expectOk(signOut, 204);
    expect((await room.call(ROUTES.getSession, { token: member.token })).status).toBe(401);

    const other = await room.addMember(meetingId, 'delegate');
    const devices = expectOk(
      await room.call(ROUTES.listDevices, { token: room.staffToken, params: { participantId: other.id } }),
    ).devices;
    expect(devices).toHaveLength(1);
    const revoked = await room.call(ROUTES.revokeDevice, {
      token: room.staffToken,
      params: { deviceId: devices[0]!.id },
    });
    expect(expectOk(revoked, 200).device.revokedAt).not.toBeNull();
    expect((await room.call(ROUTES.listMeetings, { token: other.token })).status).toBe(401);
  });

  it('checks roles on every route', async () => {
    const delegate = await room.addMember(meetingId, 'delegate');
    const createMeeting = await room.call(ROUTES.createMeeting, {
      token: delegate.token,
      body: { title: 'Không được phép', startsAt: '2026-12-01T08:00:00+07:00' },
    });
    expectError(createMeeting, 403, 'forbidden');
    const addItem = await room.call(ROUTES.createAgendaItem, {
      token: delegate.token,
      params: { meetingId },
      body: { title: 'Mục lạ' },
    });
    expect(addItem.status).toBe(403);
    expect(
      (await room.call(ROUTES.listParticipants, { token: delegate.token, params: { meetingId } })).status,
    ).toBe(403);
    const verify = await room.call(ROUTES.verifyAudit, { token: delegate.token });
    expect(verify.status).toBe(403);

    const otherMeeting = await room.createMeeting('Cuộc họp khác');
    const foreign = await room.call(ROUTES.getMeeting, {
      token: delegate.token,
      params: { meetingId: otherMeeting },
    });
    expect(foreign.status).toBe(404);
    const own = await room.call(ROUTES.listMeetings, { token: delegate.token });
    expect(expectOk(own).meetings.map((m) => m.id)).toEqual([meetingId]);
  });

  it('builds an agenda tree and shows it to members', async () => {
    const first = await room.call(ROUTES.createAgendaItem, {
      token: room.staffToken,
      params: { meetingId },
      body: {
        title: 'Báo cáo tình hình kinh tế - xã hội',
        presenter: 'Giám đốc Sở KH&ĐT',
        durationMinutes: 30,
      },
    });
    const firstItem = expectOk(first, 201).item;
    const child = await room.call(ROUTES.createAgendaItem, {
      token: room.staffToken,
      params: { meetingId },
      body: { parentId: firstItem.id, title: 'Thảo luận' },
    });
    expect(expectOk(child).item).toMatchObject({ parentId: firstItem.id, position: 0 });
    const bogusParent = await room.call(ROUTES.createAgendaItem, {
      token: room.staffToken,
      params: { meetingId },
      body: { parentId: 'doesnotexist1', title: 'x' },
    });
    expect(bogusParent.status).toBe(404);
    const delegate = await room.addMember(meetingId, 'delegate');
    const detail = await room.call(ROUTES.getMeeting, { token: delegate.token, params: { meetingId } });
    const parsed = expectOk(detail, 200);
    expect(parsed.agenda.map((i) => i.title)).toEqual(['Báo cáo tình hình kinh tế - xã hội', 'Thảo luận']);
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await room.raw('GET', '/no-such-thing', { token: room.staffToken });
    expect(res.status).toBe(404);
    expect(ApiErrorSchema.parse(res.json).error.code).toBe('not_found');
  });
});

describe('join codes', () => {
  it('rate-limits wrong join codes per address, and not right ones', async () => {
    const room = await startTestRoom({
      joinFailures: { max: 5, windowMs: 60_000, delayBaseMs: 100, maxDelayMs: 400 },
    });
    try {
      const meetingId = await room.createMeeting();
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        statuses.push((await room.call(ROUTES.join, { body: { code: `ZZZZ-ZZZ${i}` } })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      const limited = await room.call(ROUTES.join, { body: { code: 'ZZZZ-ZZZZ' } });
      expectError(limited, 429, 'rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // A right code is never refused, even from a locked-out address (someone else behind the
      // same NAT): it is tried once its turn comes, and redeems.
      const p = await room.call(ROUTES.createParticipant, {
        token: room.staffToken,
        params: { meetingId },
        body: { name: 'Lê Văn Cường', role: 'delegate' },
      });
      const code = await room.call(ROUTES.createJoinCode, {
        token: room.staffToken,
        params: { participantId: expectOk(p, 201).participant.id },
        body: {},
      });
      expect((await room.call(ROUTES.join, { body: { code: expectOk(code, 201).code } })).status).toBe(201);
    } finally {
      await room.destroy();
    }
  });

  it('expire', async () => {
    const room = await startTestRoom();
    try {
      const meetingId = await room.createMeeting();
      const p = await room.call(ROUTES.createParticipant, {
        token: room.staffToken,
        params: { meetingId },
        body: { name: 'Trần Thị Bình', role: 'delegate' },
      });
      const code = await room.call(ROUTES.createJoinCode, {
        token: room.staffToken,
        params: { participantId: expectOk(p, 201).participant.id },
        body: { ttlHours: 1 },
      });
      const db = new Database(join(room.dataDir, 'room.sqlite'));
      db.prepare('UPDATE join_codes SET expires_at = ?').run(new Date(Date.now() - 1000).toISOString());
      db.close();
      const res = await room.call(ROUTES.join, { body: { code: expectOk(code, 201).code } });
      expect(res.status).toBe(401);
      expect(expectError(res, 401, 'invalid_code').message).toMatch(/expired/);
    } finally {
      await room.destroy();
    }
  });
});
