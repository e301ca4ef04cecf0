import { describe, expect, it } from 'vitest';
import { type KeyValueStorage, SeenVersions } from '../../../renderer/src/lib/cache/seen-versions';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

describe('SeenVersions', () => {
  it('reports a new version only after another version was seen', () => {
    const seen = new SeenVersions(memoryStorage(), 'k');
    expect(seen.isNewVersion('doc', 'a'.repeat(64))).toBe(false);
    seen.remember('doc', 'a'.repeat(64), 1);
    expect(seen.isNewVersion('doc', 'a'.repeat(64))).toBe(false);
    expect(seen.isNewVersion('doc', 'b'.repeat(64))).toBe(true);
    seen.remember('doc', 'b'.repeat(64), 2);
    expect(seen.isNewVersion('doc', 'b'.repeat(64))).toBe(false);
  });

  it('persists under its key and survives a damaged entry', () => {
    const storage = memoryStorage();
    new SeenVersions(storage, 'k').remember('doc', 'a'.repeat(64), 3);
    expect(new SeenVersions(storage, 'k').get('doc')).toEqual({ sha256: 'a'.repeat(64), version: 3 });
    expect(new SeenVersions(storage, 'other').get('doc')).toBeUndefined();
    storage.data.set('k', '{not json');
    expect(new SeenVersions(storage, 'k').get('doc')).toBeUndefined();
    storage.data.set('k', JSON.stringify({ doc: { sha256: 5 }, ok: { sha256: 'c', version: 1 } }));
    const reread = new SeenVersions(storage, 'k');
    expect(reread.get('doc')).toBeUndefined();
    expect(reread.get('ok')).toEqual({ sha256: 'c', version: 1 });
  });

  it('works without storage, and with storage that throws', () => {
    const none = new SeenVersions(null, 'k');
    none.remember('doc', 'a', 1);
    expect(none.get('doc')).toEqual({ sha256: 'a', version: 1 });
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    const seen = new SeenVersions(broken, 'k');
    seen.remember('doc', 'a', 1);
    expect(seen.get('doc')).toEqual({ sha256: 'a', version: 1 });
  });
});
