import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from '../runtime/durable-files';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../runtime/private-files';

/** Which copy: of which document, for whom, and of what exactly. */
export interface ReaderCopyKey {
  readonly documentId: string;
  readonly participantId: string;
  /**
   * Everything else the copy's bytes depend on (the version and its hash, the words of the
   * stamp): when it changes, the next request makes a new copy and the old one is removed.
   */
  readonly variant: string;
}

/** A finished copy on disk, named by its own SHA-256. */
export interface ReaderCopyFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/** A temp file this old is a crash's leftover, not a copy being written. */
const STRAY_TMP_AGE_MS = 60 * 60_000;
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const sha256Of = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
/** A copy's file name: `<participantId>.<variant hash>.<sha256>.pdf`. */
const COPY_NAME = /^([A-Za-z0-9_-]{1,64})\.([0-9a-f]{16})\.([0-9a-f]{64})\.pdf$/;

/** The short hash of a {@link ReaderCopyKey.variant} that names its copies. */
export function variantHash(variant: string): string {
  return sha256Of(variant).slice(0, 16);
}

/** One stored copy as {@link ReaderCopyStore.prune} shows it. */
export interface StoredReaderCopy {
  readonly documentId: string;
  readonly participantId: string;
  /** {@link variantHash} of the variant it was made for. */
  readonly variantHash: string;
}

/**
 * Per-reader copies of documents, made once and kept on disk
 * (`<root>/<documentId>/<participantId>.<variant hash>.<sha256>.pdf`), so a reader's repeated
 * and resumed downloads get the very same bytes — one ETag, Range across requests — and cost a
 * `stat`. Concurrent requests for one copy share its making; at most `concurrency` copies are
 * made at once, so a room asking all at once queues instead of loading every PDF in parallel.
 * Files are written beside their final name and renamed into place: a reader never sees half
 * a copy, and a crash leaves at most a temp file (removed later, when a copy of that document
 * is made).
 */
export class ReaderCopyStore {
  /** Copies found or made since start, by key. */
  private readonly known = new Map<string, ReaderCopyFile>();
  private readonly making = new Map<string, Promise<ReaderCopyFile>>();
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    readonly root: string,
    private readonly concurrency = 2,
  ) {
    mkdirSync(root, { recursive: true, mode: PRIVATE_DIR_MODE });
  }

  /**
   * The copy for `key`: from disk when it exists, else made by `make` and stored. `made` says
   * which (for the log).
   */
  async get(
    key: ReaderCopyKey,
    make: () => Promise<Uint8Array>,
  ): Promise<{ readonly file: ReaderCopyFile; readonly made: boolean }> {
    if (!SAFE_ID.test(key.documentId) || !SAFE_ID.test(key.participantId)) {
      throw new Error('reader copy ids must be plain ids');
    }
    const stem = `${key.participantId}.${variantHash(key.variant)}`;
    const id = `${key.documentId}/${stem}`;
    const found = this.find(key.documentId, stem, id);
    if (found) return { file: found, made: false };
    let pending = this.making.get(id);
    if (!pending) {
      pending = this.limited(() => this.make(key, stem, id, make)).finally(() => this.making.delete(id));
      this.making.set(id, pending);
    }
    return { file: await pending, made: true };
  }

  /** A stored copy, checked against the disk (a removed file is made again). */
  private find(documentId: string, stem: string, id: string): ReaderCopyFile | null {
    const known = this.known.get(id);
    if (known) {
      if (statSync(known.path, { throwIfNoEntry: false })?.size === known.size) return known;
      this.known.delete(id);
    }
    const dir = join(this.root, documentId);
    const pattern = new RegExp(`^${stem.replace('.', '\\.')}\\.([0-9a-f]{64})\\.pdf$`);
    for (const name of this.list(dir)) {
      const sha256 = pattern.exec(name)?.[1];
      if (!sha256) continue;
      const path = join(dir, name);
      const stats = statSync(path, { throwIfNoEntry: false });
      if (!stats?.isFile()) continue;
      const file = { path, sha256, size: stats.size };
      this.known.set(id, file);
      return file;
    }
    return null;
  }

  private async make(
    key: ReaderCopyKey,
    stem: string,
    id: string,
    make: () => Promise<Uint8Array>,
  ): Promise<ReaderCopyFile> {
    // Made while we waited for our turn?
    const ready = this.find(key.documentId, stem, id);
    if (ready) return ready;
    const bytes = await make();
    const sha256 = sha256Of(bytes);
    const dir = join(this.root, key.documentId);
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const path = join(dir, `${stem}.${sha256}.pdf`);
    // Flushed before it takes its name: a file under a hash is never anything but those bytes.
    writeFileDurably(path, bytes, PRIVATE_FILE_MODE);
    // This reader's copies of other versions (or under an earlier name), and temp files a
    // crash left behind (old enough that no making can still be writing them).
    const crashedBefore = Date.now() - STRAY_TMP_AGE_MS;
    for (const name of this.list(dir)) {
      const other = join(dir, name);
      const stale = name.startsWith('.')
        ? name.endsWith('.tmp') && (statSync(other, { throwIfNoEntry: false })?.mtimeMs ?? 0) < crashedBefore
        : name.startsWith(`${key.participantId}.`) && !name.startsWith(`${stem}.`);
      if (stale) rmSync(other, { force: true });
    }
    const file = { path, sha256, size: bytes.byteLength };
    this.known.set(id, file);
    return file;
  }

  /**
   * Deletes every stored copy `keep` refuses — of a deleted document or version, of a reader who
   * lost access, of a stamp that changed — and the folders of documents `keepDocument` refuses
   * whole (temp files included). A copy still being made when this runs is found by the next
   * prune. Returns how many copies were deleted; never throws (a failure is left for next time).
   */
  prune(keepDocument: (documentId: string) => boolean, keep: (copy: StoredReaderCopy) => boolean): number {
    let removed = 0;
    for (const documentId of this.list(this.root)) {
      if (!SAFE_ID.test(documentId)) continue;
      const dir = join(this.root, documentId);
      try {
        if (!keepDocument(documentId)) {
          removed += this.list(dir).filter((name) => COPY_NAME.test(name)).length;
          rmSync(dir, { recursive: true, force: true });
          this.forget(documentId, null);
          continue;
        }
        for (const name of this.list(dir)) {
          const match = COPY_NAME.exec(name);
          if (!match) continue;
          const [, participantId = '', hash = ''] = match;
          if (keep({ documentId, participantId, variantHash: hash })) continue;
          rmSync(join(dir, name), { force: true });
          this.forget(documentId, participantId);
          removed++;
        }
      } catch {
        // Left for the next prune; serving checks the disk anyway.
      }
    }
    return removed;
  }

  /** Drops remembered copies of a document (of one reader, or of all when `participantId` is null). */
  private forget(documentId: string, participantId: string | null): void {
    const prefix = `${documentId}/${participantId === null ? '' : `${participantId}.`}`;
    for (const id of this.known.keys()) if (id.startsWith(prefix)) this.known.delete(id);
  }

  private list(dir: string): string[] {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  }

  /** Runs `task` when fewer than `concurrency` others are running. */
  private async limited<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}
