import { describe, expect, it } from 'vitest';
import { appendAudit, GENESIS_HASH, listAudit, verifyAuditChain } from '../../../sync-server/audit/audit-log';
import { openMemoryDatabase, type WritableDB } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';
import { transactionHandle } from '../../../sync-server/db/tx';

function freshDb() {
  const db = openMemoryDatabase();
  migrate(db, ROOM_MIGRATIONS);
  return db;
}

/** Appends inside a transaction of its own, as the command pipeline does. */
function append(db: WritableDB, actorId: string | null, n: number, meetingId: string | null = null) {
  return db.transaction(() =>
    appendAudit(transactionHandle(db, new Date().toISOString()), actorId, {
      action: 'document.delete',
      meetingId,
      payload: { documentId: `document-${n}`, title: `Tài liệu ${n}` },
    }),
  )();
}

describe('audit log', () => {
  it('chains each entry to the previous hash', () => {
    const db = freshDb();
    const a = append(db, 'p1xxxx', 1);
    const b = append(db, 'p1xxxx', 2, 'm1xxxx');
    const rows = listAudit(db);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(a.hash);
    expect(rows[1]!.hash).toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 2, firstBadSeq: null });
    expect(listAudit(db, 'm1xxxx')).toHaveLength(1);
  });

  it('verifies an empty log', () => {
    expect(verifyAuditChain(freshDb())).toEqual({ ok: true, entries: 0, firstBadSeq: null });
  });

  it('detects a swapped pair of entries', () => {
    const db = freshDb();
    for (let i = 0; i < 4; i++) append(db, null, i);
    db.exec(
      'UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -1;',
    );
    expect(verifyAuditChain(db).firstBadSeq).toBe(2);
  });

  it('rolls back with the command that failed', () => {
    const db = freshDb();
    expect(() =>
      db.transaction(() => {
        append(db, null, 1);
        throw new Error('command failed');
      })(),
    ).toThrow('command failed');
    expect(listAudit(db)).toHaveLength(0);
  });

  it('is written only inside a transaction', () => {
    const db = freshDb();
    expect(() => transactionHandle(db, new Date().toISOString())).toThrow(/inside a transaction/);
  });
});
