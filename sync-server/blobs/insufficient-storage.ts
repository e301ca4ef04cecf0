import { because, type ReasonRef } from '#common/schemas/error-reasons';
import { DomainError } from '../errors/domain-errors';
import {
  type DiskSpace,
  diskSpace,
  formatBytes,
  isDiskFullError,
  reserveBytes,
  type StorageReserve,
} from '../runtime/free-space';

const ASK = 'free some space on the room server or ask the room administrator';

/**
 * The room server has no room for a file: the disk is full, or storing the file would eat into
 * the free space kept for the database (see StorageReserve). Answered 507 insufficient_storage;
 * whatever the upload had written is deleted before the answer.
 */
export class InsufficientStorageError extends DomainError {
  constructor(message: string, why?: ReasonRef) {
    super('insufficient_storage', message, undefined, why);
    this.name = 'InsufficientStorageError';
  }

  /** The disk filled up while the file was being written. */
  static diskFull(): InsufficientStorageError {
    return new InsufficientStorageError(
      `The room server's disk is full, so the file was not stored; ${ASK}`,
      because('disk_full'),
    );
  }

  /** Storing `neededBytes` more would leave less than the reserve free. */
  static belowReserve(
    space: DiskSpace,
    reserve: number,
    neededBytes: number | null,
  ): InsufficientStorageError {
    const size = neededBytes === null ? 'this file' : `this file (${formatBytes(neededBytes)})`;
    if (reserve === 0) {
      if (space.availableBytes <= 0) return InsufficientStorageError.diskFull();
      return new InsufficientStorageError(
        `The room server's disk has only ${formatBytes(space.availableBytes)} free, not enough for ${size}. ` +
          `The file was not stored; ${ASK}`,
        because('disk_space_low', { availableBytes: space.availableBytes }),
      );
    }
    return new InsufficientStorageError(
      `The room server does not have enough free disk space for ${size}: ${formatBytes(space.availableBytes)} free, ` +
        `${formatBytes(reserve)} kept in reserve for the meeting data. The file was not stored; ${ASK}`,
      because('disk_reserve', { availableBytes: space.availableBytes, reserveBytes: reserve }),
    );
  }
}

/** An error as the client should see it: disk-full errors become InsufficientStorageError. */
export function asStorageError(err: unknown): unknown {
  return isDiskFullError(err) && !(err instanceof InsufficientStorageError)
    ? InsufficientStorageError.diskFull()
    : err;
}

/** How much an upload may still write before the reserve is reached, and how that was decided. */
export interface SpaceBudget {
  readonly budgetBytes: number;
  readonly space: DiskSpace;
  readonly reserveBytes: number;
}

/**
 * How many bytes may still be written under `dir` before the reserve is reached; throws
 * InsufficientStorageError when `neededBytes` (if known) do not fit, or nothing does. Null where
 * the platform cannot tell the free space (then only a real "disk full" stops a write).
 */
export async function spaceBudget(
  dir: string,
  reserve: StorageReserve,
  neededBytes: number | null,
): Promise<SpaceBudget | null> {
  const space = await diskSpace(dir);
  if (!space) return null;
  const kept = reserveBytes(space.totalBytes, reserve);
  const budgetBytes = space.availableBytes - kept;
  if (budgetBytes <= 0 || budgetBytes < (neededBytes ?? 0)) {
    throw InsufficientStorageError.belowReserve(space, kept, neededBytes);
  }
  return { budgetBytes, space, reserveBytes: kept };
}
