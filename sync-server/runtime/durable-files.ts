import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PRIVATE_FILE_MODE } from './private-files';

/**
 * Files that must survive a power cut once we have acted on them: a rename is durable only
 * when the file's bytes were flushed before it and the directory entry after it.
 */

/** Flushes a file's bytes to the disk. */
export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Flushes a directory, so that a file created, renamed or deleted in it stays so after a power
 * cut. Windows cannot open a directory (NTFS journals its metadata): nothing to do there.
 */
export function fsyncDir(path: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a whole file so that a reader — or the next start after a power cut — sees either
 * the old content or the new one, never a part: a private temp file next to it, flushed,
 * renamed over it, and the directory flushed.
 */
export function writeFileDurably(
  path: string,
  data: string | Uint8Array,
  mode: number = PRIVATE_FILE_MODE,
): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let offset = 0;
      while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dirname(path));
}
