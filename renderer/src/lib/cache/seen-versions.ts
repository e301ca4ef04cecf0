/**
 * Which version of each document this participant has already had on the device, so the
 * UI can say "Tài liệu đã thay đổi — phiên bản mới" when the secretariat replaces a file
 * after the first one was downloaded. Kept in a small key-value storage (localStorage in
 * the browser); DOM-free so it is unit-tested under Node.
 */

import { type KeyValueStorage, StoredMap } from './stored-map';

export type { KeyValueStorage } from './stored-map';

/** What was seen of one document. */
export interface SeenVersion {
  readonly sha256: string;
  readonly version: number;
}

/** The per-participant record of seen document versions. */
export class SeenVersions {
  /** documentId → the version last downloaded or opened on this device. */
  private readonly seen: StoredMap<SeenVersion>;

  constructor(storage: KeyValueStorage | null, key: string) {
    this.seen = new StoredMap(storage, key, ({ sha256, version }) =>
      typeof sha256 === 'string' && typeof version === 'number' ? { sha256, version } : null,
    );
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
    this.seen.set(documentId, { sha256, version });
  }
}
