import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';

/**
 * The room's data — the database with every meeting, the room key, the document bytes, the
 * ready file with a staff join code — is for the server's own account only: directories 0700,
 * files 0600. The process umask (set by the CLI) covers whatever it creates; the helpers here
 * also set modes explicitly, so a server started in-process with another umask and an install
 * made by an older build end up the same.
 *
 * POSIX modes only: on Windows they mean nothing and every helper here does nothing.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

const POSIX = process.platform !== 'win32';

/** Makes every file and directory this process creates private from now on; returns the old umask. */
export function restrictUmask(): number | null {
  return POSIX ? process.umask(0o077) : null;
}

/**
 * Removes group and other permission bits from an existing file or directory. Returns whether it
 * changed anything; a missing path is left alone.
 */
export function makePrivate(path: string): boolean {
  if (!POSIX) return false;
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  if ((mode & 0o077) === 0) return false;
  chmodSync(path, mode & 0o700);
  return true;
}

/** Creates a directory (and its parents) 0700, and tightens it when it already existed. */
export function ensurePrivateDir(path: string): void {
  if (!existsSync(path)) mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  makePrivate(path);
}
