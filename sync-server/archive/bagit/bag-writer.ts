import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { manifestLine, normalizeBagPath } from './bag-paths';

/** The bytes of one file, given whole (small files) or as a stream of chunks (documents). */
export type BagSource = string | Uint8Array | AsyncIterable<Uint8Array>;

/** One `Label: value` line of `bag-info.txt`, in the order given. */
export type BagInfoField = readonly [label: string, value: string];

export interface BagWriterOptions {
  /** The single top-level folder inside the zip (RFC 8493 §4: a serialised bag unpacks into one folder). */
  readonly bagName: string;
  /** The `Bagging-Date` and every entry's time. */
  readonly baggingDate: Date;
}

/** What was written. */
export interface BagSummary {
  /** Payload octets and files, as `Payload-Oxum` states them. */
  readonly payloadBytes: number;
  readonly payloadFiles: number;
  /** The zip's size in bytes. */
  readonly zipBytes: number;
}

/** Payload kinds that are compressed already: storing them again costs time and saves nothing. */
const STORED = /\.(pdf|zip|docx|xlsx|png|jpe?g)$/i;

/** "Version made by" host 3 (Unix) and a regular file 0644, in the external attributes' high half. */
const UNIX = 3;
const FILE_MODE = 0o100644;

/** Chunk size for sources given whole, so one large `Uint8Array` still streams through the zip. */
const CHUNK = 256 * 1024;

/**
 * Writes a BagIt 1.0 bag (RFC 8493) as a zip into `out`, streaming: each payload file goes
 * through SHA-256 and the zip on its way, and the writer waits for `out` to drain before it
 * reads more, so memory holds a chunk or two, never a whole file or the package. Only the
 * manifest lines (a hash and a path per file) stay in memory until {@link finish}.
 *
 * Order in the zip: `bagit.txt` first (a reader learns at once what it holds), then the payload
 * in the order added, then `bag-info.txt`, `manifest-sha256.txt` and `tagmanifest-sha256.txt`,
 * which need every payload file's hash and size. Files are added one at a time.
 */
export class BagWriter {
  private readonly zip: Zip;
  /** Set when `out` refused more: the next chunk waits for its drain. */
  private blocked = false;
  private failure: Error | null = null;
  private zipBytes = 0;
  private readonly payload: { path: string; sha256: string }[] = [];
  private readonly tags: { path: string; sha256: string }[] = [];
  private readonly paths = new Set<string>();
  private payloadBytes = 0;
  private busy = false;
  private finished = false;
  private readonly ended: Promise<void>;

  constructor(
    private readonly out: Writable,
    private readonly opts: BagWriterOptions,
  ) {
    normalizeBagPath(opts.bagName);
    if (opts.bagName.includes('/')) throw new Error('the bag name is one folder name');
    let endZip: () => void = () => {};
    this.ended = new Promise<void>((resolve) => {
      endZip = resolve;
    });
    out.on('error', (err: Error) => {
      this.failure ??= err;
    });
    this.zip = new Zip((err, chunk, final) => {
      if (err) {
        this.failure ??= err;
        return;
      }
      this.zipBytes += chunk.length;
      if (!out.write(chunk)) this.blocked = true;
      if (final) endZip();
    });
  }

  /** Starts the bag: writes `bagit.txt`. Call once, before any payload. */
  async start(): Promise<void> {
    await this.addTag('bagit.txt', 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  }

  /** Adds one payload file at `data/<path>`; resolves once its bytes are in the zip. */
  async addPayload(path: string, source: BagSource): Promise<void> {
    const full = `data/${normalizeBagPath(path)}`;
    const { sha256, bytes } = await this.addEntry(full, source);
    this.payload.push({ path: full, sha256 });
    this.payloadBytes += bytes;
  }

  /**
   * Writes `bag-info.txt` (the fields given, then `Payload-Oxum` and `Bagging-Date`), both
   * manifests, and closes the zip; resolves once `out` has flushed everything.
   */
  async finish(info: readonly BagInfoField[]): Promise<BagSummary> {
    const date = this.opts.baggingDate.toISOString().slice(0, 10);
    const fields: BagInfoField[] = [
      ...info,
      ['Payload-Oxum', `${this.payloadBytes}.${this.payload.length}`],
      ['Bagging-Date', date],
    ];
    await this.addTag('bag-info.txt', fields.map(([l, v]) => bagInfoLine(l, v)).join(''));
    await this.addTag('manifest-sha256.txt', manifestText(this.payload));
    const tagManifest = manifestText(this.tags);
    await this.addEntry('tagmanifest-sha256.txt', tagManifest);
    this.finished = true;
    this.zip.end();
    await this.ended;
    this.check();
    this.out.end();
    if (!this.out.writableFinished) await once(this.out, 'finish');
    this.check();
    return { payloadBytes: this.payloadBytes, payloadFiles: this.payload.length, zipBytes: this.zipBytes };
  }

  /** Stops writing after a failure; the partial zip in `out` is the caller's to delete. */
  abort(): void {
    this.zip.terminate();
    this.out.destroy();
  }

  private async addTag(path: string, text: string): Promise<void> {
    const { sha256 } = await this.addEntry(path, text);
    this.tags.push({ path, sha256 });
  }

  private async addEntry(path: string, source: BagSource): Promise<{ sha256: string; bytes: number }> {
    if (this.busy) throw new Error('bag files are added one at a time');
    if (this.finished) throw new Error('the bag is finished');
    if (this.paths.has(path)) throw new Error(`the bag already holds ${path}`);
    this.paths.add(path);
    this.busy = true;
    try {
      const name = `${this.opts.bagName}/${path}`;
      const entry: ZipPassThrough | ZipDeflate = STORED.test(path)
        ? new ZipPassThrough(name)
        : new ZipDeflate(name, { level: 6 });
      entry.mtime = this.opts.baggingDate;
      // Made on Unix, mode 0644: Info-ZIP's unzip honours the UTF-8 name flag only for such entries
      // (it reads a "FAT" entry's name as code page 437 and mangles Vietnamese file names).
      entry.os = UNIX;
      entry.attrs = FILE_MODE * 0x10000;
      this.zip.add(entry);
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of chunks(source)) {
        await this.drained();
        hash.update(chunk);
        bytes += chunk.length;
        entry.push(chunk, false);
      }
      entry.push(new Uint8Array(0), true);
      await this.drained();
      return { sha256: hash.digest('hex'), bytes };
    } finally {
      this.busy = false;
    }
  }

  /** Waits while `out` holds more than its high-water mark; throws a failure of the zip or of `out`. */
  private async drained(): Promise<void> {
    this.check();
    while (this.blocked) {
      this.blocked = false;
      if (this.out.writableNeedDrain) await once(this.out, 'drain');
      this.check();
    }
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}

/**
 * One `bag-info.txt` element (RFC 8493 §2.2.2): a line break inside a value becomes a
 * continuation line (it starts with a space), so no value can forge another label.
 */
function bagInfoLine(label: string, value: string): string {
  if (!/^[^:\s][^:\r\n]*$/.test(label)) throw new Error(`not a bag-info label: ${JSON.stringify(label)}`);
  const folded = value.normalize('NFC').replace(/\r\n|\r|\n/g, '\n ');
  return `${label}: ${folded}\n`;
}

function manifestText(entries: readonly { path: string; sha256: string }[]): string {
  return entries.map((e) => manifestLine(e.sha256, e.path)).join('');
}

async function* chunks(source: BagSource): AsyncIterable<Uint8Array> {
  if (typeof source === 'string' || source instanceof Uint8Array) {
    const bytes = typeof source === 'string' ? new TextEncoder().encode(source.normalize('NFC')) : source;
    for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
    return;
  }
  for await (const chunk of source) yield chunk;
}
