import { PDFDocument } from '@cantoo/pdf-lib';

/** The document information every generated PDF carries. */
export interface DocumentInfo {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  /** The program that made the content. */
  creator: string;
  /** Creation and modification date: fixed by the caller, so the same input gives the same bytes. */
  date: Date;
}

/**
 * A new empty PDF. pdf-lib's own metadata defaults (the current time, its name) are off:
 * they would make every run write different bytes.
 */
export function createPdf(): Promise<PDFDocument> {
  return PDFDocument.create({ updateMetadata: false });
}

/** The producer every generated PDF names (the PDF/A metadata repeats it). */
export const PRODUCER = 'Paperless Room (pdf-lib)';

/** Sets the document information (Vietnamese, title shown in the viewer's title bar) and serialises. */
export function savePdf(doc: PDFDocument, info: DocumentInfo): Promise<Uint8Array> {
  setDocumentInfo(doc, info);
  return doc.save({ useObjectStreams: true });
}

/** Writes the document information dictionary (and the catalog's language). */
export function setDocumentInfo(doc: PDFDocument, info: DocumentInfo): void {
  doc.setTitle(info.title.normalize('NFC'), { showInWindowTitleBar: true });
  if (info.author) doc.setAuthor(info.author.normalize('NFC'));
  if (info.subject) doc.setSubject(info.subject.normalize('NFC'));
  if (info.keywords) doc.setKeywords(info.keywords.map((k) => k.normalize('NFC')));
  doc.setCreator(info.creator);
  doc.setProducer(PRODUCER);
  doc.setLanguage('vi-VN');
  doc.setCreationDate(info.date);
  doc.setModificationDate(info.date);
}
