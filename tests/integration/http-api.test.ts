import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, JoinResponseSchema, MeetingDetailResponseSchema } from '#common/schemas/api';
import { ROOM_SCHEMA_VERSION } from '../../sync-server/db/migrations/index';
import { startTestRoom, type TestRoom } from './helpers/test-room';

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
    const res = await room.api('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', schemaVersion: ROOM_SCHEMA_VERSION });
  });

  it('creates the first secretariat account once and prints its code', async () => {
    expect(room.server.adminCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(room.staffToken.length).toBeGreaterThanOrEqual(40);
    const session = await room.api('GET', '/session', { token: room.staffToken });
    expect(session.status).toBe(200);
    expect(session.body.participant).toMatchObject({ role: 'secretariat', meetingId: null });
  });

  it('joins with a code typed loosely and refuses it the second time', async () => {
    const created = await room.api('POST', `/meetings/${meetingId}/participants`, {
      token: room.staffToken,
      body: { name: 'Nguyễn Văn An', role: 'delegate', position: 'Giám đốc Sở Tài chính' },
    });
    expect(created.status).toBe(201);
    const codeRes = await room.api('POST', `/participants/${created.body.participant.id}/join-codes`, {
      token: room.staffToken,
      body: { ttlHours: 1 },
    });
    expect(codeRes.status).toBe(201);
    expect(codeRes.body.qrSvg).toContain('<svg');
    expect(new URL(codeRes.body.joinUrl).searchParams.get('join')).toBe(codeRes.body.code);
    const typed = ` ${codeRes.body.code.toLowerCase().replace('-', ' ')} `;
    const joined = await room.api('POST', '/join', { body: { code: typed, deviceLabel: 'Laptop 07' } });
    expect(joined.status).toBe(201);
    const parsed = JoinResponseSchema.parse(joined.body);
    expect(parsed.session.participant.name).toBe('Nguyễn Văn An');
    expect(parsed.session.meeting?.id).toBe(meetingId);
    const again = await room.api('POST', '/join', { body: { code: codeRes.body.code } });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_code');
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
      const res = await room.api('POST', c.path, {
        token: room.staffToken,
        body: c.body,
        raw: c.raw,
        headers: c.headers,
      });
      expect(res.status, `${c.path} ${JSON.stringify(c.body ?? c.raw)?.slice(0, 60)}`).toBe(c.status);
      expect(ApiErrorSchema.parse(res.body).error.code).toBe(c.code);
    }
    const invalid = await room.api('POST', '/meetings', { token: room.staffToken, body: { title: 42 } });
    expect(invalid.body.error.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(['title', 'startsAt']),
    );
    expect(snapshotCounts(room.dataDir)).toEqual(before);
    expect((await room.api('GET', '/health')).status).toBe(200);
  });

  it('refuses missing, forged and revoked tokens', async () => {
    expect((await room.api('GET', '/meetings')).status).toBe(401);
    const forged = await room.api('GET', '/meetings', { token: 'A'.repeat(43) });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('unauthenticated');

    const member = await room.addMember(meetingId, 'delegate');
    expect((await room.api('GET', '/session', { token: member.token })).status).toBe(200);
    const signOut = await room.api('DELETE', '/session', { token: member.token });
    expect(signOut.status).toBe(204);
    expect((await room.api('GET', '/session', { token: member.token })).status).toBe(401);

    const other = await room.addMember(meetingId, 'delegate');
    const devices = await room.api('GET', `/participants/${other.id}/devices`, { token: room.staffToken });
    expect(devices.body.devices).toHaveLength(1);
    const revoked = await room.api('POST', `/devices/${devices.body.devices[0].id}/revoke`, {
      token: room.staffToken,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.device.revokedAt).not.toBeNull();
    expect((await room.api('GET', '/meetings', { token: other.token })).status).toBe(401);
  });

  it('checks roles on every route', async () => {
    const delegate = await room.addMember(meetingId, 'delegate');
    const createMeeting = await room.api('POST', '/meetings', {
      token: delegate.token,
      body: { title: 'Không được phép', startsAt: '2026-12-01T08:00:00+07:00' },
    });
    expect(createMeeting.status).toBe(403);
    expect(createMeeting.body.error.code).toBe('forbidden');
    const addItem = await room.api('POST', `/meetings/${meetingId}/agenda-items`, {
      token: delegate.token,
      body: { title: 'Mục lạ' },
    });
    expect(addItem.status).toBe(403);
    expect(
      (await room.api('GET', `/meetings/${meetingId}/participants`, { token: delegate.token })).status,
    ).toBe(403);
    const verify = await room.api('GET', '/audit/verify', { token: delegate.token });
    expect(verify.status).toBe(403);

    const otherMeeting = await room.createMeeting('Cuộc họp khác');
    const foreign = await room.api('GET', `/meetings/${otherMeeting}`, { token: delegate.token });
    expect(foreign.status).toBe(404);
    const own = await room.api('GET', '/meetings', { token: delegate.token });
    expect(own.body.meetings.map((m: { id: string }) => m.id)).toEqual([meetingId]);
  });

  it('builds an agenda tree and shows it to members', async () => {
    const first = await room.api('POST', `/meetings/${meetingId}/agenda-items`, {
      token: room.staffToken,
      body: {
        title: 'Báo cáo tình hình kinh tế - xã hội',
        presenter: 'Giám đốc Sở KH&ĐT',
        durationMinutes: 30,
      },
    });
    expect(first.status).toBe(201);
    const child = await room.api('POST', `/meetings/${meetingId}/agenda-items`, {
      token: room.staffToken,
      body: { parentId: first.body.item.id, title: 'Thảo luận' },
    });
    expect(child.body.item).toMatchObject({ parentId: first.body.item.id, position: 0 });
    const bogusParent = await room.api('POST', `/meetings/${meetingId}/agenda-items`, {
      token: room.staffToken,
      body: { parentId: 'doesnotexist1', title: 'x' },
    });
    expect(bogusParent.status).toBe(404);
    const delegate = await room.addMember(meetingId, 'delegate');
    const detail = await room.api('GET', `/meetings/${meetingId}`, { token: delegate.token });
    expect(detail.status).toBe(200);
    const parsed = MeetingDetailResponseSchema.parse(detail.body);
    expect(parsed.agenda.map((i) => i.title)).toEqual(['Báo cáo tình hình kinh tế - xã hội', 'Thảo luận']);
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await room.api('GET', '/no-such-thing', { token: room.staffToken });
    expect(res.status).toBe(404);
    expect(ApiErrorSchema.parse(res.body).error.code).toBe('not_found');
  });
});

describe('join codes', () => {
  it('rate-limits wrong join codes per address, and not right ones', async () => {
    const room = await startTestRoom({ joinFailures: { max: 5, windowMs: 60_000 } });
    try {
      const meetingId = await room.createMeeting();
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        statuses.push((await room.api('POST', '/join', { body: { code: `ZZZZ-ZZZ${i}` } })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      const limited = await room.api('POST', '/join', { body: { code: 'ZZZZ-ZZZZ' } });
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // A locked-out address cannot even try a valid code until the window passes.
      const p = await room.api('POST', `/meetings/${meetingId}/participants`, {
        token: room.staffToken,
        body: { name: 'Lê Văn Cường', role: 'delegate' },
      });
      const code = await room.api('POST', `/participants/${p.body.participant.id}/join-codes`, {
        token: room.staffToken,
        body: {},
      });
      expect((await room.api('POST', '/join', { body: { code: code.body.code } })).status).toBe(429);
    } finally {
      await room.destroy();
    }
  });

  it('expire', async () => {
    const room = await startTestRoom();
    try {
      const meetingId = await room.createMeeting();
      const p = await room.api('POST', `/meetings/${meetingId}/participants`, {
        token: room.staffToken,
        body: { name: 'Trần Thị Bình', role: 'delegate' },
      });
      const code = await room.api('POST', `/participants/${p.body.participant.id}/join-codes`, {
        token: room.staffToken,
        body: { ttlHours: 1 },
      });
      const db = new Database(join(room.dataDir, 'room.sqlite'));
      db.prepare('UPDATE join_codes SET expires_at = ?').run(new Date(Date.now() - 1000).toISOString());
      db.close();
      const res = await room.api('POST', '/join', { body: { code: code.body.code } });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/expired/);
    } finally {
      await room.destroy();
    }
  });
});
