import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuditAction, parseAuditPayload } from '#common/audit/audit-actions';
import { ROUTES } from '#common/http/route-table';
import { expectOk, startTestRoom, type TestRoom } from './helpers/test-room';

let room: TestRoom | null = null;
afterEach(async () => {
  await room?.destroy();
  room = null;
});

/** Opens the room's database file behind the server's back, as an attacker with disk access would. */
function tamper(r: TestRoom, sql: string, ...params: unknown[]): void {
  const db = new Database(join(r.dataDir, 'room.sqlite'));
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

describe('hash-chained audit log', () => {
  it('records every command and verifies', async () => {
    room = await startTestRoom();
    const m = await room.createMeeting();
    await room.addMember(m, 'chair');
    expectOk(
      await room.call(ROUTES.createAgendaItem, {
        token: room.staffToken,
        params: { meetingId: m },
        body: { title: 'Khai mạc' },
      }),
    );
    expectOk(await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId: m } }));
    const verify = await room.call(ROUTES.verifyAudit, { token: room.staffToken });
    expect(verify.status).toBe(200);
    const verified = expectOk(verify, 200);
    expect(verified.ok).toBe(true);
    const db = new Database(join(room.dataDir, 'room.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT action, payload FROM audit_log ORDER BY seq').all() as {
      action: AuditAction;
      payload: string;
    }[];
    const actions = rows.map((r) => r.action);
    db.close();
    // Every stored payload is exactly its action's declared shape: nothing from a raw request.
    for (const row of rows) {
      expect(() => parseAuditPayload(row.action, JSON.parse(row.payload)), row.action).not.toThrow();
      expect(row.payload).not.toContain(room.staffToken);
    }
    expect(actions).toEqual(
      expect.arrayContaining([
        'meeting.create',
        'participant.add',
        'join-code.issue',
        'device.join',
        'agenda.add',
        'meeting.publish',
      ]),
    );
    expect(verified.entries).toBe(actions.length);
  });

  it('detects a changed payload, a deleted row and a re-hashed row', async () => {
    room = await startTestRoom();
    const m = await room.createMeeting();
    await room.addMember(m, 'delegate');
    expectOk(
      await room.call(ROUTES.createAgendaItem, {
        token: room.staffToken,
        params: { meetingId: m },
        body: { title: 'Mục 1' },
      }),
    );
    const verify = async (r: TestRoom) => expectOk(await r.call(ROUTES.verifyAudit, { token: r.staffToken }));
    const before = await verify(room);
    expect(before).toMatchObject({ ok: true, firstBadSeq: null });
    const total = before.entries;

    tamper(room, 'UPDATE audit_log SET payload = \'{"title":"Mục đã sửa"}\' WHERE seq = 3');
    const changed = await verify(room);
    expect(changed).toMatchObject({ ok: false, firstBadSeq: 3 });

    await room.destroy();
    room = await startTestRoom();
    await room.createMeeting();
    await room.createMeeting();
    tamper(room, 'DELETE FROM audit_log WHERE seq = 2');
    const deleted = await verify(room);
    expect(deleted.ok).toBe(false);
    expect(deleted.firstBadSeq).toBe(3);

    // Recomputing a row's own hash is not enough: the next row still names the old one.
    await room.destroy();
    room = await startTestRoom();
    await room.createMeeting();
    await room.createMeeting();
    const { createHash } = await import('node:crypto');
    const db = new Database(join(room.dataDir, 'room.sqlite'));
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as Record<string, unknown>;
    const forged = JSON.stringify([
      row.seq,
      row.at,
      'intruder',
      row.action,
      row.meeting_id,
      row.payload,
      row.prev_hash,
    ]);
    db.prepare('UPDATE audit_log SET actor_id = ?, hash = ? WHERE seq = 2').run(
      'intruder',
      createHash('sha256').update(forged).digest('hex'),
    );
    db.close();
    const rehashed = await verify(room);
    expect(rehashed).toMatchObject({ ok: false, firstBadSeq: 3 });
    expect(total).toBeGreaterThan(3);
  });
});
