/**
 * Which version of each document this participant has already had on the device, so the
 * UI can say "Tài liệu đã thay đổi — phiên bản mới" when the secretariat replaces a file
 * after the first one was downloaded. Kept in a small key-value storage (localStorage in
 * the browser); DOM-free so it is unit-tested under Node.
 */

/** The part of `Storage` this module uses; tests pass a Map-backed fake. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** What was seen of one document. */
export interface SeenVersion {
  readonly sha256: string;
  readonly version: number;
}

/** Upper bound on remembered documents, so a long-lived device does not grow the entry forever. */
const MAX_ENTRIES = 2_000;

function parse(raw: string | null): Map<string, SeenVersion> {
  const map = new Map<string, SeenVersion>();
  if (raw === null) return map;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return map;
    for (const [id, entry] of Object.entries(value)) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { sha256, version } = entry as Record<string, unknown>;
      if (typeof sha256 === 'string' && typeof version === 'number') map.set(id, { sha256, version });
    }
  } catch {
    // A damaged entry only costs the "new version" badges; start over.
  }
  return map;
}

/** The per-participant record of seen document versions. */
export class SeenVersions {
  /** documentId → the version last downloaded or opened on this device. */
  private readonly seen: Map<string, SeenVersion>;

  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key: string,
  ) {
    let raw: string | null = null;
    try {
      raw = storage?.getItem(key) ?? null;
    } catch {
      // Storage disabled: remember for this session only.
    }
    this.seen = parse(raw);
  }

  /** The version seen of a document, if any. */
  get(documentId: string): SeenVersion | undefined {
    return this.seen.get(documentId);
  }

  /** True when an earlier, different version of this document was seen here. */
  isNewVersion(documentId: string, sha256: string): boolean {
    const seen = this.seen.get(documentId);
    return seen !== undefined && seen.sha256 !== sha256;
  }

  /** Records the version as seen (after the first download, or when the reader opens it). */
  remember(documentId: string, sha256: string, version: number): void {
    const current = this.seen.get(documentId);
    if (current?.sha256 === sha256 && current.version === version) return;
    this.seen.delete(documentId);
    this.seen.set(documentId, { sha256, version });
    while (this.seen.size > MAX_ENTRIES) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    try {
      this.storage?.setItem(this.key, JSON.stringify(Object.fromEntries(this.seen)));
    } catch {
      // Full or disabled storage: the badge logic still works for this session.
    }
  }
}
