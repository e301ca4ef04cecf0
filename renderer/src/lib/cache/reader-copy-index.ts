/**
 * Which reader copy of each "no export" document this participant has on the device. The room
 * server sends such a document only as a copy stamped with its reader's name
 * (`GET /documents/:id/reader-copy`), so its bytes — and their SHA-256 — differ per reader and
 * are not the `sha256` of the document list. The device cache stores the copy under its own
 * hash, as the server announced it (`X-Content-SHA256`); this record maps the document's
 * current version to that name, so the copy opens offline and a cut download resumes.
 * Per participant (two people on one laptop never share a copy), kept in a small key-value
 * storage (localStorage); DOM-free so it is unit-tested under Node.
 */
import { isSha256 } from '#ipc/cache';
import type { KeyValueStorage } from './seen-versions';

/** The copy of one document version stored (or being stored) on the device. */
export interface ReaderCopyEntry {
  /** The SHA-256 of the version the copy was made from (the list's `sha256`). */
  readonly sourceSha256: string;
  /** The copy's own SHA-256, as the server announced it: its name in the device cache. */
  readonly sha256: string;
  readonly byteSize: number;
}

/** Upper bound on remembered documents, so a long-lived device does not grow the entry forever. */
const MAX_ENTRIES = 2_000;

function parse(raw: string | null): Map<string, ReaderCopyEntry> {
  const map = new Map<string, ReaderCopyEntry>();
  if (raw === null) return map;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return map;
    for (const [id, entry] of Object.entries(value)) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { sourceSha256, sha256, byteSize } = entry as Record<string, unknown>;
      if (
        isSha256(sourceSha256) &&
        isSha256(sha256) &&
        Number.isSafeInteger(byteSize) &&
        (byteSize as number) > 0
      ) {
        map.set(id, { sourceSha256, sha256, byteSize: byteSize as number });
      }
    }
  } catch {
    // A damaged record only costs a download: the copies are fetched again.
  }
  return map;
}

/** See the module comment. */
export class ReaderCopyIndex {
  /** documentId → the copy of its latest version seen here. */
  private readonly entries: Map<string, ReaderCopyEntry>;

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
    this.entries = parse(raw);
  }

  /** The copy of this version of the document, if one is known; null for another version. */
  get(documentId: string, sourceSha256: string): ReaderCopyEntry | null {
    const entry = this.entries.get(documentId);
    return entry?.sourceSha256 === sourceSha256 ? entry : null;
  }

  /**
   * Forgets the copy of a document (any version) and returns it, so the caller can delete its
   * bytes (leaving the meeting removes confidential documents); null when none was recorded.
   */
  forget(documentId: string): ReaderCopyEntry | null {
    const entry = this.entries.get(documentId) ?? null;
    if (entry === null) return null;
    this.entries.delete(documentId);
    this.persist();
    return entry;
  }

  /**
   * Records the copy the server announced for a document version. Returns the copy this one
   * replaces (an earlier version's, or an earlier stamp's), which the caller deletes from the
   * device cache; null when there was none or it is the same.
   */
  set(documentId: string, entry: ReaderCopyEntry): ReaderCopyEntry | null {
    const previous = this.entries.get(documentId) ?? null;
    if (
      previous?.sha256 === entry.sha256 &&
      previous.sourceSha256 === entry.sourceSha256 &&
      previous.byteSize === entry.byteSize
    ) {
      return null;
    }
    this.entries.delete(documentId);
    this.entries.set(documentId, entry);
    while (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.persist();
    return previous && previous.sha256 !== entry.sha256 ? previous : null;
  }

  private persist(): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(Object.fromEntries(this.entries)));
    } catch {
      // Full or disabled storage: the record holds for this session.
    }
  }
}
