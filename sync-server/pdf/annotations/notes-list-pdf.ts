/**
 * "Danh sách ghi chú của tôi": a printable list of one reader's annotations on one document —
 * page, kind, the quoted or written text, and when — in the Decree 30 fonts, for reading on
 * paper next to the document or handing to the secretariat.
 */
import type { Annotation, AnnotationKind } from '#common/schemas/annotation';
import { decree30Writer, finishPages } from '../decree30';
import { embedFonts } from '../fonts';
import { createPdf, savePdf } from '../pdf-document';
import { stampDateTime } from '../reader-stamp';
import { drawTable } from '../table';

/** Whose list of which document, made when. */
export interface NotesListSpec {
  readonly documentTitle: string;
  readonly version: number;
  readonly readerName: string;
  readonly at: Date;
}

/**
 * A table row holds at most this much of a note: a row is never split across pages, and a
 * longer text is in the annotated PDF in full.
 */
export const NOTES_LIST_CELL_CHARS = 1_200;

const KIND_LABEL: Readonly<Record<AnnotationKind, string>> = {
  highlight: 'Tô sáng',
  ink: 'Bút vẽ',
  note: 'Ghi chú dán',
  textbox: 'Hộp văn bản',
  bookmark: 'Đánh dấu trang',
};

function contentOf(a: Annotation): string {
  switch (a.kind) {
    case 'highlight':
      return a.quotedText.trim() === '' ? '' : `“${a.quotedText.trim()}”`;
    case 'ink':
      return `(${a.paths.length} nét)`;
    case 'note':
    case 'textbox':
      return a.text.trim();
    case 'bookmark':
      return a.label.trim();
    default:
      return '';
  }
}

function cell(text: string): string {
  const flat = text.normalize('NFC').replace(/\s+/g, ' ');
  return flat.length > NOTES_LIST_CELL_CHARS ? `${flat.slice(0, NOTES_LIST_CELL_CHARS)}…` : flat;
}

/** The list as a PDF; annotations in page order, then oldest first. */
export async function notesListPdf(
  spec: NotesListSpec,
  annotations: readonly Annotation[],
): Promise<Uint8Array> {
  const doc = await createPdf();
  const fonts = await embedFonts(doc);
  const w = decree30Writer(doc, fonts, 13);
  const title = 'DANH SÁCH GHI CHÚ CỦA TÔI';
  w.paragraph(title, { align: 'center', face: 'b', size: 14, after: 4 });
  w.paragraph(spec.documentTitle, { align: 'center', face: 'i', size: 13, after: 10 });
  w.paragraph(
    `Người đọc: ${spec.readerName}. Phiên bản tài liệu: ${spec.version}. Lập lúc: ${stampDateTime(spec.at)}.`,
    {
      align: 'left',
      indent: 0,
      size: 12,
      after: 8,
    },
  );
  const sorted = [...annotations].sort((a, b) => a.page - b.page);
  if (sorted.length === 0) {
    w.paragraph('Chưa có ghi chú nào trên tài liệu này.', { align: 'left', indent: 0, face: 'i' });
  } else {
    drawTable(w, {
      columns: [
        { width: 6, align: 'center' },
        { width: 7, align: 'center' },
        { width: 14 },
        { width: 52 },
        { width: 16 },
      ],
      header: ['STT', 'Trang', 'Loại', 'Nội dung', 'Thời gian'],
      rows: sorted.map((a, i) => [
        String(i + 1),
        String(a.page),
        KIND_LABEL[a.kind],
        cell(contentOf(a)),
        stampDateTime(new Date(a.updatedAt)),
      ]),
      size: 11,
    });
  }
  finishPages(w);
  return savePdf(doc, {
    title: `Ghi chú của ${spec.readerName} — ${spec.documentTitle}`,
    author: spec.readerName,
    creator: 'Paperless Room',
    date: spec.at,
  });
}
