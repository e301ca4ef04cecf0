import { statfs } from 'node:fs/promises';

/**
 * How much of the disk uploads must leave free: at least `minFreeBytes` and at least
 * `minFreeFraction` of the file system, whichever is more. The database, its WAL and the Yjs
 * update log live on the same disk and must still be able to grow when uploads have taken
 * everything they were allowed to.
 */
export interface StorageReserve {
  readonly minFreeBytes: number;
  /** 0.05 = 5 % of the file system's size. */
  readonly minFreeFraction: number;
}

const MiB = 1024 * 1024;

/** max(1 GiB, 5 %). */
export const DEFAULT_STORAGE_RESERVE: StorageReserve = { minFreeBytes: 1024 * MiB, minFreeFraction: 0.05 };

/** Environment variables that change the reserve (the room server's CLI has no flag for it yet). */
export const RESERVE_ENV = {
  megabytes: 'PAPERLESS_ROOM_MIN_FREE_MB',
  percent: 'PAPERLESS_ROOM_MIN_FREE_PERCENT',
} as const;

function envNumber(env: NodeJS.ProcessEnv, name: string, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new Error(`${name} must be a number from 0 to ${max}, not "${raw}"`);
  }
  return value;
}

/**
 * The reserve, from `PAPERLESS_ROOM_MIN_FREE_MB` and `PAPERLESS_ROOM_MIN_FREE_PERCENT` when set
 * (either may be 0), else the default. Throws with the variable's name when a value is not a
 * number in range.
 */
export function storageReserveFromEnv(env: NodeJS.ProcessEnv = process.env): StorageReserve {
  const mb = envNumber(env, RESERVE_ENV.megabytes, 1024 * 1024);
  const percent = envNumber(env, RESERVE_ENV.percent, 50);
  return {
    minFreeBytes: mb === undefined ? DEFAULT_STORAGE_RESERVE.minFreeBytes : Math.round(mb * MiB),
    minFreeFraction: percent === undefined ? DEFAULT_STORAGE_RESERVE.minFreeFraction : percent / 100,
  };
}

/** The reserve in bytes on a file system of `totalBytes`. */
export function reserveBytes(totalBytes: number, reserve: StorageReserve): number {
  return Math.max(reserve.minFreeBytes, Math.ceil(totalBytes * reserve.minFreeFraction));
}

/** Free and total space of the file system holding a path. */
export interface DiskSpace {
  /** What an unprivileged process may still write (root's reserved blocks not counted). */
  readonly availableBytes: number;
  readonly totalBytes: number;
}

/** The disk space where `path` lives; null where the platform cannot say. */
export async function diskSpace(path: string): Promise<DiskSpace | null> {
  try {
    const s = await statfs(path);
    return { availableBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSYS' || code === 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM') return null;
    throw err;
  }
}

/** Whether an error means "the disk (or the user's quota) is full". */
export function isDiskFullError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

/** "1.5 GB", "200 MB", "512 KB": sizes for people (powers of 1024, as file managers show them). */
export function formatBytes(bytes: number): string {
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (value < 1) return `${Math.max(0, Math.round(bytes))} bytes`;
  const shown = value >= 10 || Number.isInteger(value) ? Math.round(value) : Number(value.toFixed(1));
  return `${shown} ${units[unit]}`;
}
