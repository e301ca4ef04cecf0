import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ArchiveExport, ArchiveVerifyResult } from '#common/schemas/archive';
import { ArchiveExportSchema } from '#common/schemas/archive';
import { formatDocName } from '#common/protocol/doc-names';
import { because } from '#common/schemas/error-reasons';
import { openDatabase, type ReadableDB } from '../db/database';
import { newId } from '../db/ids';
import { ConflictError, DomainError, NotFoundError } from '../errors/domain-errors';
import { ensurePrivateDir } from '../runtime/private-files';
import type { DocumentStore } from '../store/document-store';
import type { MeetingStore } from '../store/meeting-store';
import type { UpdateLog } from '../yjs/update-log';
import { writeMeetingPackage } from './meeting-package';
import { verifyMeetingPackage } from './package-verifier';
import { slug } from './payload-parts';

export interface ExportJobsOptions {
  /** The room's data directory: the export opens its own connection to its database. */
  readonly dataDir: string;
  /** Where a blob's bytes are on disk. */
  readonly blobPath: (sha256: string) => string;
  /** The server's connection, for the totals a job starts with. */
  readonly db: ReadableDB;
  readonly meetings: MeetingStore;
  readonly documents: DocumentStore;
  readonly updateLog: UpdateLog;
  readonly logger: Logger;
}

/** Folder of the data directory that holds finished packages (`<id>.zip`) and their records (`<id>.json`). */
export const EXPORTS_DIR = 'archive-exports';

/** Payload files besides the documents: records (5), audit (2), metadata (1), minutes (up to 3). */
const OTHER_FILES = 11;

/**
 * The archive screen's export jobs: each writes one meeting's BagIt package
 * (`writeMeetingPackage`) into `<dataDir>/archive-exports/<id>.zip` while its progress is read by
 * polling. Jobs run one after another — an export reads every document of a meeting, and a room
 * server has other work — and each opens its own database connection: the package is read
 * inside one read transaction (a consistent moment of the room, WAL lets the server write
 * meanwhile), which the server's own connection cannot hold while it serves commands.
 *
 * A finished or failed job leaves its record beside its package, so the last export of each
 * meeting is known after a restart; a package half-written when the process stopped is deleted
 * at the next start.
 */
export class ArchiveExportJobs {
  private readonly dir: string;
  private readonly jobs = new Map<string, ArchiveExport>();
  /** The job queue: each job starts when the one before has finished. */
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly opts: ExportJobsOptions) {
    this.dir = join(opts.dataDir, EXPORTS_DIR);
    ensurePrivateDir(this.dir);
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      if (name.endsWith('.json')) {
        const parsed = ArchiveExportSchema.safeParse(readRecord(path));
        // A record the last run left running was cut off by a crash: its package is not there.
        if (parsed.success && parsed.data.state !== 'running') this.jobs.set(parsed.data.id, parsed.data);
      } else if (name.includes('.part-')) {
        rmSync(path, { force: true });
      }
    }
  }

  /** A job by id, or a 404 (also for a job of a meeting the caller may not see: `visible` says). */
  get(exportId: string, visible: (meetingId: string) => boolean): ArchiveExport {
    const job = this.jobs.get(exportId);
    if (!job || !visible(job.meetingId)) throw new NotFoundError('export not found');
    return { ...job };
  }

  /** The latest job of a meeting, if any. */
  latest(meetingId: string): ArchiveExport | null {
    let best: ArchiveExport | null = null;
    for (const job of this.jobs.values()) {
      if (job.meetingId === meetingId && (best === null || job.startedAt >= best.startedAt)) best = job;
    }
    return best ? { ...best } : null;
  }

  /**
   * Starts exporting a meeting, or answers the job already running for it. The totals are what
   * the room holds now: every version of every document, an annotated copy (estimated at its
   * source's size) for each document with shared annotations, and the small record files.
   */
  start(meetingId: string): ArchiveExport {
    const meeting = this.opts.meetings.get(meetingId);
    for (const job of this.jobs.values()) {
      if (job.meetingId === meetingId && job.state === 'running') return { ...job };
    }
    let filesTotal = OTHER_FILES;
    let bytesTotal = 0;
    for (const document of this.opts.documents.inMeeting(meetingId)) {
      for (const v of this.opts.documents.versions(document.id)) {
        filesTotal++;
        bytesTotal += v.byteSize;
      }
      if (this.hasSharedAnnotations(document.id)) {
        filesTotal++;
        bytesTotal += document.byteSize;
      }
    }
    const startedAt = new Date();
    const job: ArchiveExport = {
      id: newId(),
      meetingId,
      state: 'running',
      startedAt: startedAt.toISOString(),
      finishedAt: null,
      filesDone: 0,
      filesTotal,
      bytesDone: 0,
      bytesTotal,
      zipBytes: null,
      fileName: `ho-so-${slug(meeting.title).slice(0, 40)}-${startedAt.toISOString().slice(0, 10)}.zip`,
      failure: null,
    };
    this.jobs.set(job.id, job);
    this.tail = this.tail.then(() => this.run(job.id));
    return { ...job };
  }

  /** Resolves once every job started so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.tail;
  }

  /** The finished package of a job: its path, size and download name; 409 while running or after a failure. */
  packageOf(exportId: string, visible: (meetingId: string) => boolean): { path: string; job: ArchiveExport } {
    const job = this.get(exportId, visible);
    const path = this.zipPath(job.id);
    if (job.state !== 'done' || !existsSync(path)) {
      throw new ConflictError(
        `export ${job.id} is ${job.state === 'running' ? 'still running' : 'not available'}`,
        because(job.state === 'running' ? 'archive_export_running' : 'archive_export_unavailable'),
      );
    }
    return { path, job };
  }

  /** Verifies a job's package as stored here. */
  async verifyExport(
    exportId: string,
    visible: (meetingId: string) => boolean,
  ): Promise<ArchiveVerifyResult> {
    return verifyPackageFile(this.packageOf(exportId, visible).path);
  }

  private zipPath(id: string): string {
    return join(this.dir, `${id}.zip`);
  }

  private hasSharedAnnotations(documentId: string): boolean {
    // `ann/<documentId>/<ownerId>/shared`: every owner's layers of the document share the prefix.
    const prefix = `${formatDocName({ kind: 'annotations', documentId, ownerId: '-', layer: 'shared' }).split('/-/')[0]}/`;
    return this.opts.updateLog.docNamesStartingWith(prefix).some((name) => name.endsWith('/shared'));
  }

  private async run(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return;
    const db = openDatabase(this.opts.dataDir);
    try {
      const summary = await writeMeetingPackage({
        db,
        blobPath: this.opts.blobPath,
        meetingId: job.meetingId,
        outPath: this.zipPath(id),
        onProgress: ({ files, bytes }) => {
          job.filesDone = files;
          job.bytesDone = bytes;
          if (files > job.filesTotal) job.filesTotal = files;
        },
      });
      job.filesDone = summary.payloadFiles;
      job.filesTotal = summary.payloadFiles;
      job.bytesDone = summary.payloadBytes;
      job.bytesTotal = summary.payloadBytes;
      job.zipBytes = statSync(this.zipPath(id)).size;
      job.state = 'done';
    } catch (err) {
      this.opts.logger.warn({ err, exportId: id, meetingId: job.meetingId }, 'archive export failed');
      job.state = 'failed';
      job.failure =
        err instanceof DomainError
          ? {
              code: err.code,
              message: err.message,
              ...(err.reason ? { reason: err.reason } : {}),
              ...(err.params ? { params: err.params as Record<string, string | number> } : {}),
            }
          : { code: 'internal', message: 'the package could not be written (see the server log)' };
    } finally {
      db.close();
      job.finishedAt = new Date().toISOString();
      await this.record(job);
    }
  }

  /** Writes the job's record beside its package (temp file, then rename). */
  private async record(job: ArchiveExport): Promise<void> {
    const path = join(this.dir, `${job.id}.json`);
    try {
      await writeFile(`${path}.part-${process.pid}`, JSON.stringify(job), { mode: 0o600 });
      await rename(`${path}.part-${process.pid}`, path);
    } catch (err) {
      this.opts.logger.warn({ err, exportId: job.id }, 'could not record an archive export');
    }
  }
}

/** A job's record as stored, or null when it cannot be read (a torn write is only a lost record). */
function readRecord(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Verifies a package file: ok, or every problem (file, detail; the first bad audit entry). */
export async function verifyPackageFile(path: string): Promise<ArchiveVerifyResult> {
  const result = await verifyMeetingPackage(path);
  return {
    ok: result.ok,
    problems: result.problems.map((p) => ({
      code: p.code,
      path: p.path,
      detail: p.detail,
      ...(p.seq !== undefined ? { seq: p.seq } : {}),
    })),
    payloadFiles: result.payloadFiles,
    payloadBytes: result.payloadBytes,
    auditEntries: result.auditEntries,
  };
}
