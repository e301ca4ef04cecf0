/**
 * A small per-participant map kept as one JSON entry of a key-value storage (localStorage in
 * the browser), remembered across sessions and bounded so a long-lived device does not grow it
 * forever (the least recently set entries go first). A damaged or unreadable entry reads as
 * empty and storage that refuses writes keeps the map for this session: what these maps hold
 * (seen versions, reader copies) can always be learned again. DOM-free, unit-tested under Node.
 */

/** The part of `Storage` this module uses; tests pass a Map-backed fake. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Upper bound on remembered entries. */
const MAX_ENTRIES = 2_000;

export class StoredMap<T> {
  private readonly entries = new Map<string, T>();

  /** `read` checks one stored value: what it holds, or null to drop it. */
  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key: string,
    read: (value: Record<string, unknown>) => T | null,
  ) {
    let raw: string | null = null;
    try {
      raw = storage?.getItem(key) ?? null;
    } catch {
      // Storage disabled: remember for this session only.
    }
    if (raw === null) return;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value !== 'object' || value === null) return;
      for (const [id, entry] of Object.entries(value)) {
        if (typeof entry !== 'object' || entry === null) continue;
        const checked = read(entry as Record<string, unknown>);
        if (checked !== null) this.entries.set(id, checked);
      }
    } catch {
      // A damaged entry: start over.
    }
  }

  get(id: string): T | undefined {
    return this.entries.get(id);
  }

  /** Sets (and makes most recent) the entry of `id`, dropping the oldest past the bound. */
  set(id: string, value: T): void {
    this.entries.delete(id);
    this.entries.set(id, value);
    while (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.persist();
  }

  delete(id: string): void {
    if (this.entries.delete(id)) this.persist();
  }

  private persist(): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(Object.fromEntries(this.entries)));
    } catch {
      // Full or disabled storage: the map holds for this session.
    }
  }
}
