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

/** Sets the document information (Vietnamese, title shown in the viewer's title bar) and serialises. */
export function savePdf(doc: PDFDocument, info: DocumentInfo): Promise<Uint8Array> {
  doc.setTitle(info.title.normalize('NFC'), { showInWindowTitleBar: true });
  if (info.author) doc.setAuthor(info.author.normalize('NFC'));
  if (info.subject) doc.setSubject(info.subject.normalize('NFC'));
  if (info.keywords) doc.setKeywords(info.keywords.map((k) => k.normalize('NFC')));
  doc.setCreator(info.creator);
  doc.setProducer('Paperless Room (pdf-lib)');
  doc.setLanguage('vi-VN');
  doc.setCreationDate(info.date);
  doc.setModificationDate(info.date);
  return doc.save({ useObjectStreams: true });
}
