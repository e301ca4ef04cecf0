import type { Logger } from 'pino';
import { z } from 'zod';
import { BytesPurgeReasonSchema } from '#common/audit/audit-actions';
import { Sha256Schema } from '#common/schemas/document';
import type { BlobStore } from '../../blobs/blob-store';
import type { ReadableDB } from '../../db/database';
import { ConflictError, ForbiddenError } from '../../errors/domain-errors';
import { type Actor, defineCommand, SYSTEM } from '../command';
import type { CommandPipeline } from '../pipeline';
import { because } from '#common/schemas/error-reasons';

/** Most hashes one purge command records (the start-up sweep of a big store runs several). */
const MAX_PER_COMMAND = 1000;

/**
 * Records that document bytes no document version refers to any more are destroyed. The
 * command re-checks, inside its transaction, that nothing refers to them and records the ones
 * it destroys; the files themselves are deleted after the commit by
 * {@link purgeUnreferencedBytes}, a side effect like the live document. Only the room server
 * runs it (`system`): after deleting a document, after refusing an upload whose bytes it had
 * already stored, and when sweeping orphans at start-up.
 */
export const purgeDocumentBytes = defineCommand({
  name: 'document.purge-bytes',
  input: z.strictObject({
    sha256s: z.array(Sha256Schema).min(1).max(MAX_PER_COMMAND),
    reason: BytesPurgeReasonSchema,
  }),
  authorize: (actor: Actor) => {
    if (actor.kind !== 'system') throw new ForbiddenError('only the room server purges document bytes');
  },
  run({ sha256s, reason }, { tx }) {
    const used = tx.db.prepare('SELECT 1 FROM document_versions WHERE sha256 = ? LIMIT 1');
    const purged = [...new Set(sha256s)].filter((sha256) => used.get(sha256) === undefined).sort();
    if (purged.length === 0)
      throw new ConflictError('every one of these blobs is still in use', because('blobs_in_use'));
    return {
      result: purged,
      audit: { action: 'document.purge-bytes', meetingId: null, payload: { sha256s: purged, reason } },
    };
  },
});

/** What purging needs of the room. `RoomContext` has all of it. */
export interface BytesPurgeContext {
  readonly commands: CommandPipeline;
  readonly blobs: BlobStore;
  readonly db: ReadableDB;
  readonly logger: Logger;
}

/**
 * Destroys the bytes among `candidates` that are on disk and no document version refers to:
 * {@link purgeDocumentBytes} records it, then — after the commit — their files are deleted.
 * Everything from the first read to the last deletion runs synchronously, so no upload can
 * adopt one of these blobs in between. Never throws: a failure is logged, and whatever is left
 * on disk is found again by the start-up sweep. Returns the hashes whose files were deleted.
 *
 * Call it after a command that may have left bytes unreferenced: with the versions' hashes of a
 * deleted document (read before the delete), or with the hash of an upload whose command was
 * refused after {@link BlobStore.adoptFile}.
 */
export function purgeUnreferencedBytes(
  room: BytesPurgeContext,
  candidates: Iterable<string>,
  reason: z.infer<typeof BytesPurgeReasonSchema>,
): string[] {
  const removed: string[] = [];
  try {
    const used = room.db.prepare('SELECT 1 FROM document_versions WHERE sha256 = ? LIMIT 1');
    const unused = [...new Set(candidates)].filter(
      (sha256) => Sha256Schema.safeParse(sha256).success && room.blobs.has(sha256) && !used.get(sha256),
    );
    for (let i = 0; i < unused.length; i += MAX_PER_COMMAND) {
      const purged = room.commands.execute(purgeDocumentBytes, SYSTEM, {
        sha256s: unused.slice(i, i + MAX_PER_COMMAND),
        reason,
      });
      for (const sha256 of purged) {
        try {
          if (room.blobs.remove(sha256)) removed.push(sha256);
        } catch (err) {
          room.logger.error(
            { err, sha256 },
            'could not delete purged document bytes; the start-up sweep retries',
          );
        }
      }
    }
  } catch (err) {
    room.logger.error(
      { err, reason },
      'could not purge unreferenced document bytes; the start-up sweep retries',
    );
  }
  if (removed.length > 0) room.logger.info({ count: removed.length, reason }, 'purged document bytes');
  return removed;
}

/**
 * Runs `command`, which refers to bytes `sha256` already adopted into the blob store; when it is
 * refused (validation, authorisation, a conflict — anything it throws), purges those bytes unless
 * another document refers to them, and rethrows the refusal.
 */
export function purgeIfRefused<T>(room: BytesPurgeContext, sha256: string, command: () => T): T {
  try {
    return command();
  } catch (err) {
    purgeUnreferencedBytes(room, [sha256], 'refused');
    throw err;
  }
}

/** Blobs younger than this are left alone by the sweep: an upload may be about to refer to them. */
export const ORPHAN_GRACE_MS = 10 * 60_000;

/**
 * The start-up sweep: destroys blobs no document version refers to that are older than
 * `graceMs` (adopting a blob refreshes its time), and temp files of interrupted writes. Catches
 * what a crash left between a commit and its purge, and the leftovers of older builds, which
 * never deleted bytes.
 */
export function sweepOrphanedBytes(room: BytesPurgeContext, graceMs: number = ORPHAN_GRACE_MS): string[] {
  const cutoff = Date.now() - graceMs;
  try {
    room.blobs.removeStaleTemps(cutoff);
    const old = room.blobs.list().filter((blob) => blob.mtimeMs < cutoff);
    return purgeUnreferencedBytes(
      room,
      old.map((blob) => blob.sha256),
      'orphaned',
    );
  } catch (err) {
    room.logger.error({ err }, 'could not sweep orphaned document bytes');
    return [];
  }
}
