import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { type AuditHead, AuditHeadSchema } from '#common/schemas/api';
import type { ReadableDB } from '../db/database';
import { checkAuditHead, currentAuditHead } from './audit-log';

/** File name of the stored head inside the data directory, beside room.sqlite. */
export const AUDIT_HEAD_FILE = 'audit-head.json';

/** Owner read/write only, like the database beside it. */
const PRIVATE_FILE_MODE = 0o600;

/** Where the head of the chain in `db` is stored: beside the database file; null in memory. */
export function auditHeadPath(db: ReadableDB): string | null {
  return db.memory ? null : join(dirname(db.name), AUDIT_HEAD_FILE);
}

/** Reads a stored head file: the head, null when there is none, or why it could not be read. */
export function readAuditHeadFile(path: string): AuditHead | null | { unreadable: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { unreadable: String(err) };
  }
  try {
    const parsed = AuditHeadSchema.safeParse(JSON.parse(text));
    return parsed.success
      ? { seq: parsed.data.seq, hash: parsed.data.hash }
      : { unreadable: parsed.error.message };
  } catch (err) {
    return { unreadable: String(err) };
  }
}

/**
 * The head stored outside the database for the chain in `db`, as the file is now (null when
 * there is none or it cannot be read). What `/audit/verify` holds the chain against.
 */
export function storedAuditHead(db: ReadableDB): AuditHead | null {
  const path = auditHeadPath(db);
  const read = path ? readAuditHeadFile(path) : null;
  return read && 'seq' in read ? read : null;
}

/**
 * Keeps the audit chain's head outside the database — `audit-head.json` beside room.sqlite,
 * 0600 — so that someone who can write room.sqlite but not also this file cannot cut the
 * newest entries off (`truncated`) or edit history and re-hash it to the end (`rewritten`)
 * without `/audit/verify` saying so.
 *
 * - After each commit (`record`), the new head is written atomically (temp file, fsync,
 *   rename, fsync of the directory) off the event loop; commits that come while a write is
 *   under way are coalesced into the next one. Before the file moves, the database's WAL is
 *   flushed: otherwise a power cut could keep the file and lose the commit it names, and the
 *   next start would report a truncation that no one made.
 * - The file only ever moves forward along the same chain. If the chain contradicts it — at
 *   start-up, before any write, or when a commit's head is not above the last one — the file
 *   is left as it is, as evidence, and no longer updated; the server logs why. To accept the
 *   chain as it now is after looking into it: stop the server, move the file away, start again.
 * - A missing file (a first start with this build, or a deleted file) is written from the
 *   chain as it stands, with a warning: the file alone cannot tell a deleted anchor from none.
 */
export class AuditAnchor {
  /** What the file holds now (or is being written to hold). */
  private stored: AuditHead | null;
  /** The newest head recorded and not yet written. */
  private pending: AuditHead | null = null;
  private writing: Promise<void> | null = null;
  private frozen = false;
  private closed = false;

  private constructor(
    private readonly db: ReadableDB,
    private readonly path: string,
    private readonly logger: Logger,
    stored: AuditHead | null,
  ) {
    this.stored = stored;
  }

  /** Reads the stored head and holds the chain against it; the file is kept up to date from here on. */
  static open(db: ReadableDB, logger: Logger): AuditAnchor {
    const path = auditHeadPath(db);
    if (!path) throw new Error('the audit head is stored beside a database file, not for one in memory');
    const read = readAuditHeadFile(path);
    const chain = currentAuditHead(db);
    if (read !== null && !('seq' in read)) {
      logger.error(
        { file: path, reason: read.unreadable, chainHead: chain },
        'the stored audit head cannot be read; storing the chain head as it stands',
      );
    }
    const stored = read && 'seq' in read ? read : null;
    const anchor = new AuditAnchor(db, path, logger, stored);
    if (stored === null) {
      if (chain.seq > 0 && read === null) {
        logger.warn(
          { file: path, chainHead: chain },
          'no stored audit head (first start with it, or the file was removed); storing the chain head as it stands',
        );
      }
      if (chain.seq > 0) anchor.record(chain);
      return anchor;
    }
    const status = checkAuditHead(db, stored);
    if (status !== 'confirmed') {
      anchor.freeze(status, stored, chain);
    } else if (chain.seq > stored.seq) {
      // Committed, then stopped before the file followed (a crash): catch up.
      anchor.record(chain);
    }
    return anchor;
  }

  /** True once the chain contradicted the stored head: the file is kept as it is. */
  get isFrozen(): boolean {
    return this.frozen;
  }

  /** A commit appended up to `head`; the file follows soon (coalesced with later commits). */
  record(head: AuditHead): void {
    if (this.frozen || this.closed) return;
    const last = this.pending ?? this.stored;
    if (last && head.seq <= last.seq) {
      if (head.seq === last.seq && head.hash === last.hash) return;
      // The chain went backwards under the running server: someone removed entries from the database.
      this.freeze('truncated', last, head);
      return;
    }
    this.pending = head;
    this.kick();
  }

  /** Resolves once every recorded head is on disk (or failed to be written, which is logged). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Writes what is recorded and stops taking more. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private kick(): void {
    if (this.writing) return;
    this.writing = this.drain().finally(() => {
      this.writing = null;
      // Recorded between the last loop turn and here.
      if (this.pending && !this.frozen) this.kick();
    });
  }

  private freeze(status: string, stored: AuditHead, chainHead: AuditHead): void {
    this.frozen = true;
    this.pending = null;
    this.logger.error(
      { file: this.path, status, stored, chainHead },
      'the audit chain contradicts the head stored outside the database: kept the file as evidence and stopped updating it; tell the secretariat',
    );
  }

  private async drain(): Promise<void> {
    while (this.pending && !this.frozen) {
      const head = this.pending;
      this.pending = null;
      // The file moves only along the chain it names: if the entry it holds changed under the
      // running server, keep it as evidence instead of replacing it with the forged chain's head.
      const stored = this.stored;
      if (stored) {
        const status = checkAuditHead(this.db, stored);
        if (status !== 'confirmed') {
          this.freeze(status, stored, head);
          return;
        }
      }
      try {
        await this.write(head);
        this.stored = head;
      } catch (err) {
        // The next commit tries again; until then the file lags, which weakens nothing it says.
        this.logger.error({ err, file: this.path }, 'could not store the audit head');
      }
    }
  }

  private async write(head: AuditHead): Promise<void> {
    await syncIfExists(`${this.db.name}-wal`);
    const dir = dirname(this.path);
    const tmp = join(dir, `.${basename(this.path)}.${randomBytes(6).toString('hex')}.tmp`);
    const file = await open(tmp, 'wx', PRIVATE_FILE_MODE);
    try {
      try {
        await file.writeFile(`${JSON.stringify({ seq: head.seq, hash: head.hash })}\n`, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, this.path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    // The rename itself survives a power cut only once the directory is flushed (not on Windows,
    // which cannot open a directory and journals its metadata).
    if (process.platform !== 'win32') {
      const d = await open(dir, 'r');
      try {
        await d.sync();
      } finally {
        await d.close();
      }
    }
  }
}

/**
 * Flushes a file that another handle writes (SQLite's WAL) to the disk, if it exists. SQLite
 * keeps no POSIX lock on the WAL file (its locks are on the -shm file and the database), so
 * closing this second descriptor releases none of them.
 */
async function syncIfExists(path: string): Promise<void> {
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, 'r+');
  } catch (err) {
    // Checkpointed and removed: its frames are in the database file, which the checkpoint flushed.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    await file.sync();
  } finally {
    await file.close();
  }
}
