/**
 * The desktop app's offline copy of the user's own annotation layers: for each store key
 * (server + participant + Yjs document name, built by the renderer's offline-persistence.ts)
 * an append-only file of Yjs updates under `<userData>/annotation-store`, plus the count of
 * edits the server has not acknowledged yet.
 *
 * Main does not interpret the updates (no yjs here): the renderer applies them in order and
 * asks for `replace` with one merged update when the file grows. A file is named by the
 * SHA-256 of its key, so no key can reach outside the folder. A record is a 4-byte
 * little-endian length and the bytes; a torn last record (power cut mid-append) is dropped on
 * load, the records before it are kept.
 *
 * Plain Node (no electron import): unit-tested with a temp folder.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredAnnotationLayer } from '#ipc/channels';

const UPDATES_SUFFIX = '.yupdates';
const PENDING_SUFFIX = '.pending';

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

function record(update: Uint8Array): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(update.byteLength, 0);
  return Buffer.concat([header, update]);
}

/** Splits a file into its records, ignoring a torn tail. */
export function parseRecords(bytes: Uint8Array): Uint8Array[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const updates: Uint8Array[] = [];
  let at = 0;
  while (at + 4 <= view.byteLength) {
    const length = view.readUInt32LE(at);
    if (at + 4 + length > view.byteLength) break;
    updates.push(new Uint8Array(view.subarray(at + 4, at + 4 + length)));
    at += 4 + length;
  }
  return updates;
}

/** See the module comment. */
export class AnnotationStore {
  /** Per-key queue: appends and replaces of one layer never interleave. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    /** The store folder; created on first write. */
    readonly rootDir: string,
  ) {}

  private base(key: string): string {
    return join(this.rootDir, createHash('sha256').update(key, 'utf8').digest('hex'));
  }

  private serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return next;
  }

  /** Every stored update of `key` in the order written, and its unacknowledged-edit count. */
  load(key: string): Promise<StoredAnnotationLayer> {
    return this.serial(key, async () => {
      const base = this.base(key);
      let updates: Uint8Array[] = [];
      try {
        updates = parseRecords(await readFile(base + UPDATES_SUFFIX));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      let pending = 0;
      try {
        const parsed = Number.parseInt(await readFile(base + PENDING_SUFFIX, 'utf8'), 10);
        pending = Number.isInteger(parsed) && parsed >= 0 ? parsed : 0;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      return { updates, pending };
    });
  }

  /** Adds one update after the others. */
  append(key: string, update: Uint8Array): Promise<void> {
    return this.serial(key, async () => {
      await mkdir(this.rootDir, { recursive: true });
      await appendFile(this.base(key) + UPDATES_SUFFIX, record(update));
    });
  }

  /** Replaces all of `key`'s updates with one (the renderer's merged state), atomically. */
  replace(key: string, update: Uint8Array): Promise<void> {
    return this.serial(key, async () => {
      await mkdir(this.rootDir, { recursive: true });
      const target = this.base(key) + UPDATES_SUFFIX;
      await writeFile(`${target}.tmp`, record(update));
      await rename(`${target}.tmp`, target);
    });
  }

  /** Records how many edits of `key` the server has not acknowledged. */
  setPending(key: string, count: number): Promise<void> {
    return this.serial(key, async () => {
      await mkdir(this.rootDir, { recursive: true });
      await writeFile(this.base(key) + PENDING_SUFFIX, String(count));
    });
  }

  /** Removes every stored layer (the user left the meeting on this device). */
  async clear(): Promise<void> {
    await Promise.all([...this.locks.values()]);
    await rm(this.rootDir, { recursive: true, force: true });
  }
}
