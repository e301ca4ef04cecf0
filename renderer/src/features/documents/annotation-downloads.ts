import { ROUTES } from '#common/http/route-table';
import type { MeetingDocument } from '#common/schemas/document';
import type { Call } from '../../lib/api';
import { saveBlob } from '../session/download-blob';

/** What "export my annotations" saves: the document with them written in, or the list of them. */
export type AnnotationExportKind = 'annotated' | 'notes';

/** Saves the caller's own annotations of a document as a file (never offered for "no export" ones). */
export interface AnnotationDownloads {
  save(document: MeetingDocument, kind: AnnotationExportKind): Promise<void>;
}

/** Building the annotated copy writes every annotation into the PDF: allow it more time. */
const EXPORT_TIMEOUT_MS = 120_000;

/** A file name from the title, without characters file systems refuse. */
function fileName(document: MeetingDocument, kind: AnnotationExportKind): string {
  const title = document.title.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'tai-lieu';
  return `${title} - ${kind === 'annotated' ? 'ghi chú' : 'danh sách ghi chú'}.pdf`;
}

/** The downloads through the room server's `getAnnotatedPdf` and `getMyNotesPdf` routes. */
export function createAnnotationDownloads(call: Call): AnnotationDownloads {
  return {
    async save(document, kind) {
      const route = kind === 'annotated' ? ROUTES.getAnnotatedPdf : ROUTES.getMyNotesPdf;
      const blob = await call(route, { params: { documentId: document.id }, timeoutMs: EXPORT_TIMEOUT_MS });
      saveBlob(blob, fileName(document, kind));
    },
  };
}
