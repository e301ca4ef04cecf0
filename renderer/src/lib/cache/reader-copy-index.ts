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
import { type KeyValueStorage, StoredMap } from './stored-map';

/** The copy of one document version stored (or being stored) on the device. */
export interface ReaderCopyEntry {
  /** The SHA-256 of the version the copy was made from (the list's `sha256`). */
  readonly sourceSha256: string;
  /** The copy's own SHA-256, as the server announced it: its name in the device cache. */
  readonly sha256: string;
  readonly byteSize: number;
}

/** See the module comment. */
export class ReaderCopyIndex {
  /** documentId → the copy of its latest version seen here. */
  private readonly entries: StoredMap<ReaderCopyEntry>;

  constructor(storage: KeyValueStorage | null, key: string) {
    this.entries = new StoredMap(storage, key, ({ sourceSha256, sha256, byteSize }) =>
      isSha256(sourceSha256) && isSha256(sha256) && Number.isSafeInteger(byteSize) && (byteSize as number) > 0
        ? { sourceSha256, sha256, byteSize: byteSize as number }
        : null,
    );
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
    this.entries.set(documentId, entry);
    return previous && previous.sha256 !== entry.sha256 ? previous : null;
  }
}
