import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import {
  type AuditHead,
  AuditWitness,
  auditHeadOf,
  EMPTY_RECORD,
  KEEP_HEADS,
  KEEP_RECORDS,
  type KeyValueStorage,
  WITNESS_STORAGE_KEY,
  witnessHead,
} from '../../../renderer/src/lib/audit/witness';
import { resources } from '../../../renderer/src/i18n';

/** The app's strings with no fallback language: a key missing in one language comes back as the key. */
async function translator(lng: 'vi' | 'en'): Promise<TFunction> {
  return i18next.createInstance().init({
    resources,
    lng,
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
}

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

const head = (seq: number, tag = 'a'): AuditHead => ({
  seq,
  hash: `${tag}${seq.toString(16)}`.padEnd(64, '0').slice(0, 64),
});
const t0 = new Date('2026-12-01T01:00:00.000Z');

describe('witnessing the audit head (pure)', () => {
  it('accepts a head that moves forward, and the same head again', () => {
    let record = witnessHead(EMPTY_RECORD, head(3), t0);
    record = witnessHead(record, head(7), t0);
    expect(witnessHead(record, head(7), t0)).toBe(record);
    expect(record.alarm).toBeNull();
    expect(record.heads.map((h) => h.seq)).toEqual([3, 7]);
    expect(record.heads[0]).toEqual({ ...head(3), seenAt: t0.toISOString() });
  });

  it('flags a head that moved backwards as truncated', () => {
    const seen = witnessHead(witnessHead(EMPTY_RECORD, head(5), t0), head(9), t0);
    const after = witnessHead(seen, head(6), t0);
    expect(after.alarm).toEqual({
      kind: 'truncated',
      seen: { ...head(9), seenAt: t0.toISOString() },
      shown: head(6),
      detectedAt: t0.toISOString(),
    });
    // The heads are kept as they were: they are the evidence.
    expect(after.heads).toEqual(seen.heads);
  });

  it('flags the same seq with another hash as rewritten — also for an older remembered head', () => {
    const seen = [4, 5, 6].reduce((r, n) => witnessHead(r, head(n), t0), EMPTY_RECORD);
    expect(witnessHead(seen, head(6, 'b'), t0).alarm).toMatchObject({
      kind: 'rewritten',
      seen: head(6),
      shown: head(6, 'b'),
    });
    // A lower seq is truncation, whatever its hash …
    expect(witnessHead(seen, head(5, 'b'), t0).alarm?.kind).toBe('truncated');
    // … a higher one cannot be judged from a head alone, and is taken.
    expect(witnessHead(seen, head(8, 'b'), t0).alarm).toBeNull();
  });

  it('keeps the first alarm, whatever comes after', () => {
    const alarmed = witnessHead(witnessHead(EMPTY_RECORD, head(9), t0), head(2), t0);
    expect(witnessHead(alarmed, head(20), t0)).toBe(alarmed);
  });

  it('keeps only the last few heads', () => {
    const record = Array.from({ length: 30 }, (_, i) => i + 1).reduce(
      (r, n) => witnessHead(r, head(n), t0),
      EMPTY_RECORD,
    );
    expect(record.heads.map((h) => h.seq)).toEqual(
      Array.from({ length: KEEP_HEADS }, (_, i) => 31 - KEEP_HEADS + i),
    );
    // A rewrite of a seq still remembered is caught.
    expect(witnessHead(record, head(30, 'c'), t0).alarm?.kind).toBe('rewritten');
  });

  it('reads the head from a live state, ignoring garbage', () => {
    expect(auditHeadOf({ title: 'x', auditHead: head(4) })).toEqual(head(4));
    expect(auditHeadOf({ title: 'x' })).toBeNull();
    expect(auditHeadOf(null)).toBeNull();
    expect(auditHeadOf({ auditHead: { seq: -1, hash: head(1).hash } })).toBeNull();
    expect(auditHeadOf({ auditHead: { seq: 1, hash: 'not hex' } })).toBeNull();
    expect(auditHeadOf({ auditHead: 'seq 4' })).toBeNull();
  });
});

describe('the witness on a device', () => {
  it('remembers per server and meeting, across reloads, and keeps the alarm', () => {
    const storage = memoryStorage();
    const a = new AuditWitness(storage, 'http://192.168.1.10:4780', 'meeting-1');
    expect(a.observe(head(10), t0)).toBeNull();
    // Another meeting or another server is another witness.
    expect(
      new AuditWitness(storage, 'http://192.168.1.10:4780', 'meeting-2').observe(head(3), t0),
    ).toBeNull();
    expect(
      new AuditWitness(storage, 'http://192.168.1.11:4780', 'meeting-1').observe(head(2), t0),
    ).toBeNull();

    const reloaded = new AuditWitness(storage, 'http://192.168.1.10:4780', 'meeting-1');
    expect(reloaded.record.heads.map((h) => h.seq)).toEqual([10]);
    expect(reloaded.observe(head(8), t0)?.kind).toBe('truncated');
    // After another reload the alarm is still there, before any new head arrives.
    expect(new AuditWitness(storage, 'http://192.168.1.10:4780', 'meeting-1').alarm?.kind).toBe('truncated');
  });

  it('forgets the least recently updated records beyond the limit', () => {
    const storage = memoryStorage();
    for (let i = 0; i < KEEP_RECORDS + 5; i++) {
      new AuditWitness(storage, 'http://room', `m${i}`).observe(head(1), new Date(t0.getTime() + i * 1000));
    }
    const stored = JSON.parse(storage.data.get(WITNESS_STORAGE_KEY)!) as Record<string, unknown>;
    expect(Object.keys(stored)).toHaveLength(KEEP_RECORDS);
    expect(stored['http://room m0']).toBeUndefined();
    expect(stored[`http://room m${KEEP_RECORDS + 4}`]).toBeDefined();
  });

  it('survives damaged, missing and throwing storage', () => {
    const storage = memoryStorage();
    storage.data.set(WITNESS_STORAGE_KEY, '{not json');
    expect(new AuditWitness(storage, 's', 'm').record).toEqual(EMPTY_RECORD);
    storage.data.set(WITNESS_STORAGE_KEY, JSON.stringify({ 's m': { heads: [{ seq: 'x' }] } }));
    expect(new AuditWitness(storage, 's', 'm').record).toEqual(EMPTY_RECORD);

    const none = new AuditWitness(null, 's', 'm');
    none.observe(head(5), t0);
    expect(none.observe(head(4), t0)?.kind).toBe('truncated');

    const throwing: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    const w = new AuditWitness(throwing, 's', 'm');
    expect(w.observe(head(5), t0)).toBeNull();
    expect(w.observe(head(5, 'z'), t0)?.kind).toBe('rewritten');
  });
});

describe('the banner text', () => {
  it('exists in Vietnamese and English', async () => {
    const t = { vi: await translator('vi'), en: await translator('en') };
    expect(t.vi('auditWitness.alarm')).toBe(
      'Nhật ký kiểm tra của phòng họp đã bị thay đổi hoặc cắt bớt — báo cho văn thư.',
    );
    expect(t.en('auditWitness.alarm')).toBe(
      "The room's audit log was changed or cut short — tell the secretariat.",
    );
    for (const lang of ['vi', 'en'] as const) {
      expect(t[lang]('auditWitness.truncated', { seenSeq: 12, shownSeq: 9 })).toMatch(/12.*9/);
      expect(t[lang]('auditWitness.rewritten', { seq: 7, seenHash: 'aaaa', shownHash: 'bbbb' })).toMatch(
        /7.*aaaa.*bbbb/,
      );
    }
  });
});
