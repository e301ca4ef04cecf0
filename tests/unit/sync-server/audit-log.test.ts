import { describe, expect, it } from 'vitest';
import { appendAudit, GENESIS_HASH, listAudit, verifyAuditChain } from '../../../sync-server/audit/audit-log';
import { openMemoryDatabase } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';

function freshDb() {
  const db = openMemoryDatabase();
  migrate(db, ROOM_MIGRATIONS);
  return db;
}

describe('audit log', () => {
  it('chains each entry to the previous hash', () => {
    const db = freshDb();
    const a = appendAudit(db, { actorId: 'p1', action: 'x', meetingId: null, payload: { n: 1 } });
    const b = appendAudit(db, { actorId: 'p1', action: 'y', meetingId: 'm1', payload: { n: 2 } });
    const rows = listAudit(db);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(a.hash);
    expect(rows[1]!.hash).toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 2, firstBadSeq: null });
    expect(listAudit(db, 'm1')).toHaveLength(1);
  });

  it('verifies an empty log', () => {
    expect(verifyAuditChain(freshDb())).toEqual({ ok: true, entries: 0, firstBadSeq: null });
  });

  it('detects a swapped pair of entries', () => {
    const db = freshDb();
    for (let i = 0; i < 4; i++)
      appendAudit(db, { actorId: null, action: `a${i}`, meetingId: null, payload: i });
    db.exec(
      'UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -1;',
    );
    expect(verifyAuditChain(db).firstBadSeq).toBe(2);
  });

  it('rolls back with the command that failed', () => {
    const db = freshDb();
    expect(() =>
      db.transaction(() => {
        appendAudit(db, { actorId: null, action: 'doomed', meetingId: null, payload: null });
        throw new Error('command failed');
      })(),
    ).toThrow('command failed');
    expect(listAudit(db)).toHaveLength(0);
  });
});
