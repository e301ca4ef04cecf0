import { because, type ContentKind, type ReasonRef } from '#common/schemas/error-reasons';
import { DomainError } from '../errors/domain-errors';

/** What can be wrong with an uploaded file, as the API error code the client receives. */
export type IngestErrorCode = 'invalid_document' | 'unsupported_media_type' | 'payload_too_large';

/** The office formats LibreOffice converts for us, as shown in messages. */
const OFFICE_LIST = '.doc, .docx, .odt, .rtf, .xls, .xlsx, .ods, .ppt, .pptx, .odp';

/**
 * An uploaded file the room cannot take, with a message that tells the secretariat exactly
 * what is wrong and what to do. The messages are plain, short English because many readers
 * are not native speakers; they are for logs and older clients. Each also carries a reason
 * and its parameters (`#common/schemas/error-reasons`), which the client words in the user's
 * language. Extends DomainError, so the HTTP error handler answers with the status of its code
 * (422, 415, 413) and `{error:{code,message,reason,params}}` without any extra wiring.
 */
export class IngestError extends DomainError {
  declare readonly code: IngestErrorCode;

  constructor(code: IngestErrorCode, message: string, why?: ReasonRef) {
    super(code, message, undefined, why);
    this.name = 'IngestError';
  }

  /** A zero-byte upload. */
  static empty(): IngestError {
    return new IngestError('invalid_document', 'The file is empty', because('file_empty'));
  }

  /**
   * A file without the PDF header; `looksLike` is a short description from `describeContent`,
   * `kind` the same as a code (`contentKindOf`).
   */
  static notPdf(looksLike: string | null, kind: ContentKind): IngestError {
    return new IngestError(
      'invalid_document',
      looksLike
        ? `This is not a PDF file (it starts with ${looksLike})`
        : 'This is not a PDF file (it does not start with the %PDF- header)',
      because('not_pdf', { contentKind: kind }),
    );
  }

  /** A PDF that needs a password to open. */
  static passwordProtected(): IngestError {
    return new IngestError(
      'invalid_document',
      'The PDF is protected by a password; remove the password and upload again',
      because('pdf_password'),
    );
  }

  /** A PDF that cannot be read; `reason` says why, in a few words. */
  static damaged(reason: string): IngestError {
    return new IngestError('invalid_document', `The PDF is damaged: ${reason}`, because('pdf_damaged'));
  }

  /** A file named like an office document whose content is something else. */
  static notOffice(extension: string, looksLike: string | null, kind: ContentKind): IngestError {
    return new IngestError(
      'invalid_document',
      `This is not a real .${extension} file (${looksLike ? `it starts with ${looksLike}` : 'its content is not an office document'})`,
      because('not_office', { extension, contentKind: kind }),
    );
  }

  /** An office file on a server without LibreOffice. */
  static officeUnavailable(): IngestError {
    return new IngestError(
      'unsupported_media_type',
      'Office files need LibreOffice on the room server, which is not installed; save the file as PDF and upload the PDF',
      because('office_unavailable'),
    );
  }

  /** A file name extension we neither read nor convert; `extension` has no dot, '' for none. */
  static unsupportedType(extension: string): IngestError {
    const what = extension ? `.${extension}` : '(a file name without an extension)';
    return new IngestError(
      'unsupported_media_type',
      `Unsupported file type ${what}: upload a PDF or an office document (${OFFICE_LIST})`,
      extension ? because('unsupported_type', { extension }) : because('no_extension'),
    );
  }

  /** An upload over the configured limit. */
  static tooLarge(limitBytes: number): IngestError {
    return new IngestError(
      'payload_too_large',
      `The file is larger than the upload limit of ${formatMegabytes(limitBytes)}; make it smaller or ask the room administrator to raise the limit`,
      because('file_too_large', { limitBytes }),
    );
  }

  /** A PDF with a stream that inflates past what a reader can hold (a decompression bomb). */
  static streamTooLarge(limitBytes: number): IngestError {
    return new IngestError(
      'invalid_document',
      `The PDF contains a compressed stream that expands to more than ${formatMegabytes(limitBytes)}; it cannot be distributed safely`,
      because('pdf_stream_too_large', { limitBytes }),
    );
  }

  /** A PDF whose streams together inflate past the total limit. */
  static streamsTooLarge(limitBytes: number, ratio: number): IngestError {
    return new IngestError(
      'invalid_document',
      `The PDF's compressed streams expand to more than ${formatMegabytes(limitBytes)} in all (${ratio} times the file's size or more); it cannot be distributed safely`,
      because('pdf_streams_too_large', { limitBytes, ratio }),
    );
  }

  /**
   * An office file that links to a picture, object or file outside itself which converting it
   * would load: a web address (when the converter could reach one) or a file on the server.
   */
  static externalReference(ref: { kind: 'remote' | 'local'; target: string; where: string }): IngestError {
    const what = ref.kind === 'remote' ? 'a web address' : 'a file';
    const where = ref.where === 'the file' ? '' : `, in ${ref.where}`;
    return new IngestError(
      'invalid_document',
      `The file links to ${what} outside itself (${ref.target}${where}), which the room server does not follow when converting; embed the picture or object in the document instead of linking to it, or save the file as PDF, and upload again`,
      because(ref.kind === 'remote' ? 'office_links_web' : 'office_links_file', { target: ref.target }),
    );
  }

  /** LibreOffice ran but produced no PDF. */
  static conversionFailed(reason: string): IngestError {
    return new IngestError(
      'invalid_document',
      `LibreOffice could not convert the file to PDF: ${reason}`,
      because('office_conversion_failed'),
    );
  }

  /** LibreOffice did not finish in time. */
  static conversionTimeout(timeoutMs: number): IngestError {
    return new IngestError(
      'invalid_document',
      `LibreOffice did not finish converting the file within ${formatDuration(timeoutMs)}; the file may be damaged or too large. Save it as PDF and upload the PDF`,
      because('office_conversion_timeout', { limitMs: timeoutMs }),
    );
  }

  /** The PDF reader did not finish in time. */
  static readTimeout(timeoutMs: number): IngestError {
    return new IngestError(
      'invalid_document',
      `The PDF could not be read within ${formatDuration(timeoutMs)}; it may be damaged or far too complex. Try saving it again as PDF`,
      because('pdf_read_timeout', { limitMs: timeoutMs }),
    );
  }

  /** A PDF built so that checking its streams would take too much work. */
  static tooComplex(): IngestError {
    return new IngestError(
      'invalid_document',
      'The PDF is built in a way that takes too much work to check safely; save it again as PDF (for example with "Print to PDF") and upload that',
      because('pdf_too_complex'),
    );
  }
}

/**
 * The client went away before the whole body arrived. Nobody is left to read the answer, but
 * as a DomainError (bad_request) it does not end up in the log as a server failure.
 */
export class UploadAbortedError extends DomainError {
  constructor(message = 'The upload was interrupted before the whole file arrived') {
    super('bad_request', message, undefined, because('upload_interrupted'));
    this.name = 'UploadAbortedError';
  }
}

/** "200 MB", "1.5 MB", "512 KB": sizes for people. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** "120 seconds", "1.5 seconds", "300 ms": time limits for people. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} seconds`;
}
