import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  type FileState,
  MAX_PARALLEL_DOWNLOADS,
  pickNext,
  planFiles,
} from '../../../renderer/src/lib/cache/schedule';

const sha = (c: string): string => c.repeat(64);

describe('planFiles', () => {
  it('keeps one file per hash, in list order, remembering every document it serves', () => {
    const plan = planFiles([
      { id: 'd1', sha256: sha('a'), byteSize: 10 },
      { id: 'd2', sha256: sha('b'), byteSize: 20 },
      { id: 'd3', sha256: sha('a'), byteSize: 10 },
    ]);
    expect(plan).toEqual([
      { sha256: sha('a'), byteSize: 10, documentIds: ['d1', 'd3'] },
      { sha256: sha('b'), byteSize: 20, documentIds: ['d2'] },
    ]);
  });
});

describe('pickNext', () => {
  const files = (...states: FileState[]) => states.map((state, index) => ({ state, index }));

  it('starts queued files up to three at once, in order', () => {
    expect(MAX_PARALLEL_DOWNLOADS).toBe(3);
    const picked = pickNext(files('queued', 'queued', 'queued', 'queued', 'queued'));
    expect(picked.map((f) => f.index)).toEqual([0, 1, 2]);
  });

  it('counts downloading and verifying files as busy slots, not waiting or cached ones', () => {
    const picked = pickNext(files('downloading', 'verifying', 'waiting', 'cached', 'queued', 'queued'));
    expect(picked.map((f) => f.index)).toEqual([4]);
    expect(pickNext(files('downloading', 'downloading', 'downloading', 'queued'))).toEqual([]);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, with half of it random', () => {
    expect(backoffDelay(1, 0)).toBe(500);
    expect(backoffDelay(1, 1)).toBe(1_000);
    expect(backoffDelay(2, 1)).toBe(2_000);
    expect(backoffDelay(3, 0.5)).toBe(3_000);
    expect(backoffDelay(10, 1)).toBe(30_000);
    expect(backoffDelay(100, 0)).toBe(15_000);
  });

  it('honours custom settings and clamps a bad random number', () => {
    expect(backoffDelay(1, 1, { baseMs: 10, maxMs: 15 })).toBe(10);
    expect(backoffDelay(3, 1, { baseMs: 10, maxMs: 15 })).toBe(15);
    expect(backoffDelay(1, 7)).toBe(1_000);
    expect(backoffDelay(0, -1)).toBe(500);
  });
});
