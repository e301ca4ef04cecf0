import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { contentKindOf, describeContent, hasPdfHeader, isPlausibleOfficeFile, readHead } from './file-sniff';
import { IngestError } from './ingest-error';
import { classifyFileName, convertToPdf, findSoffice } from './office-convert';
import { type InspectPdfOptions, inspectPdf } from './pdf-inspect';
import type { PdfInspection } from './pdf-parse';
import type { PdfTitleCandidates } from './pdf-title';
import type { ReceivedUpload } from './receive-upload';

/** Settings of {@link ingestFile}; only `tmpDir` is required. */
export interface IngestOptions {
  /** Where conversion output goes; the same folder the upload was received into. */
  readonly tmpDir: string;
  /** Time limit for reading the PDF (default 120 s). */
  readonly inspectTimeoutMs?: number;
  /** Time limit for LibreOffice (default 120 s). */
  readonly conversionTimeoutMs?: number;
  /** LibreOffice's soffice to use; undefined detects it on PATH, null acts as if it were not installed. */
  readonly soffice?: string | null;
  /** Replaces the worker-thread inspector (tests). */
  readonly inspect?: (path: string, opts: InspectPdfOptions) => Promise<PdfInspection>;
}

/** An upload that passed every check: a readable PDF on disk, with its text. */
export interface IngestedFile {
  /** The PDF, a temp file the caller moves into the blob store (or discards). */
  readonly pdfPath: string;
  /** SHA-256 of the PDF: of the upload itself, or of the converted PDF for an office file. */
  readonly sha256: string;
  readonly byteSize: number;
  readonly pageCount: number;
  /** Encrypted but opened without a password. */
  readonly encrypted: boolean;
  /** Page texts, page 1 first, for the search index. */
  readonly pages: string[];
  /** The uploaded file name, without folders, NFC-normalised (macOS sends decomposed names). */
  readonly originalName: string;
  /** What the PDF says its title is, for the document's starting title (see pdf-title.ts). */
  readonly titleCandidates?: PdfTitleCandidates;
  /** Deletes the PDF (e.g. when it turns out to be a duplicate). */
  discard(): Promise<void>;
}

/** Streams a file through SHA-256. */
export async function hashFile(path: string): Promise<{ sha256: string; byteSize: number }> {
  const hash = createHash('sha256');
  let byteSize = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    byteSize += bytes.byteLength;
    hash.update(bytes);
  }
  return { sha256: hash.digest('hex'), byteSize };
}

/** "C:\\Users\\x\\Tờ trình.docx" → "Tờ trình.docx", NFC, at most 300 characters. */
export function cleanOriginalName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').normalize('NFC').trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters do not belong in a name
  return base.replace(/[\u0000-\u001F\u007F]/g, '').slice(0, 300);
}

/**
 * Turns a received upload into a checked PDF: content that starts with `%PDF-` is a PDF
 * whatever its name; otherwise an office extension (.docx, .odt, …) whose content is
 * plausible for it is converted with LibreOffice (the PDF then re-hashed, the upload
 * deleted), a .pdf name (or none) is "not a PDF", and any other extension is an unsupported
 * type. The PDF is then read in the
 * inspection worker. On any failure every temp file — the upload included — is deleted and
 * an IngestError explains what is wrong.
 */
export async function ingestFile(
  received: ReceivedUpload,
  originalName: string,
  opts: IngestOptions,
): Promise<IngestedFile> {
  const name = cleanOriginalName(originalName);
  let converted: string | null = null;
  try {
    if (received.byteSize === 0) throw IngestError.empty();
    const head = await readHead(received.path);
    if (head.byteLength === 0) throw IngestError.empty();
    let pdfPath = received.path;
    let sha256 = received.sha256;
    let byteSize = received.byteSize;
    if (!hasPdfHeader(head)) {
      const { kind, extension } = classifyFileName(name);
      switch (kind) {
        case 'office': {
          if (!isPlausibleOfficeFile(head, extension)) {
            throw IngestError.notOffice(extension, describeContent(head), contentKindOf(head));
          }
          const soffice = opts.soffice === undefined ? await findSoffice() : opts.soffice;
          if (!soffice) throw IngestError.officeUnavailable();
          converted = await convertToPdf(received.path, name, opts.tmpDir, {
            soffice,
            ...(opts.conversionTimeoutMs === undefined ? {} : { timeoutMs: opts.conversionTimeoutMs }),
          });
          await rm(received.path, { force: true });
          pdfPath = converted;
          ({ sha256, byteSize } = await hashFile(converted));
          break;
        }
        case 'pdf':
          throw IngestError.notPdf(describeContent(head), contentKindOf(head));
        case 'unsupported':
          if (extension === '') throw IngestError.notPdf(describeContent(head), contentKindOf(head));
          throw IngestError.unsupportedType(extension);
        default:
          throw new Error(`unexpected file kind ${kind satisfies never}`);
      }
    }
    const inspect = opts.inspect ?? inspectPdf;
    const inspection = await inspect(
      pdfPath,
      opts.inspectTimeoutMs === undefined ? {} : { timeoutMs: opts.inspectTimeoutMs },
    );
    const finalPath = pdfPath;
    return {
      pdfPath: finalPath,
      sha256,
      byteSize,
      pageCount: inspection.pageCount,
      encrypted: inspection.encrypted,
      pages: inspection.pages,
      originalName: name,
      ...(inspection.title ? { titleCandidates: inspection.title } : {}),
      discard: () => rm(finalPath, { force: true }),
    };
  } catch (err) {
    await rm(received.path, { force: true });
    if (converted) await rm(converted, { force: true });
    throw err;
  }
}
