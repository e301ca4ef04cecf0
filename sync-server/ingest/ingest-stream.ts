import type { Readable } from 'node:stream';
import type { BlobStore } from '../blobs/blob-store';
import { type IngestedFile, ingestFile } from './ingest-file';
import { chooseDocumentTitle } from './pdf-title';
import { receiveUpload } from './receive-upload';

export type { IngestedFile } from './ingest-file';

/** Where uploads are staged and how big they may be. */
export interface IngestStreamOptions {
  readonly tmpDir: string;
  readonly limitBytes: number;
  /** The size the sender announced, if any: over the limit fails before a byte is read. */
  readonly declaredBytes?: number;
}

/**
 * A file from a stream to a checked PDF with its page texts: received to disk while hashed,
 * converted when it is an office file, read in the inspection worker. Uploads and the demo
 * meeting's documents both come in this way.
 */
export async function ingestStream(
  source: Readable,
  fileName: string,
  opts: IngestStreamOptions,
): Promise<IngestedFile> {
  const received = await receiveUpload(source, opts);
  return ingestFile(received, fileName, { tmpDir: opts.tmpDir });
}

/** "To-trinh_so-12.pdf" → "To-trinh_so-12": a starting title the secretariat can edit. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim();
  return stem.length > 0 ? stem.slice(0, 300) : 'Tài liệu';
}

/**
 * The starting title of an uploaded document: the PDF's metadata title or first heading when it
 * has one that says more than the file name (see pdf-title.ts), else the file name's.
 */
export function documentTitleOf(file: IngestedFile, fileName: string): string {
  const fallback = titleFromFileName(fileName);
  return chooseDocumentTitle(file.titleCandidates, fallback, fallback);
}

/**
 * Moves an ingested PDF into the blob store and returns the facts the add-document commands
 * take (the bytes must be stored before the command that refers to them commits).
 */
export function storeIngested(blobs: BlobStore, file: IngestedFile) {
  blobs.adoptFile(file.pdfPath, file.sha256);
  return {
    sha256: file.sha256,
    byteSize: file.byteSize,
    pageCount: file.pageCount,
    originalName: file.originalName,
    encrypted: file.encrypted,
    pages: file.pages,
  };
}
