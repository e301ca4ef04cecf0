import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { PDFDocumentProxy, TextItem } from 'pdfjs-dist/types/src/display/api';

/**
 * Opens `bytes` with PDF.js's Node build (the same reader the room's full-text indexing uses,
 * with its CMaps and standard fonts, no system fonts), hands the document to `read`, and frees
 * it whatever `read` does. The one way the tests' PDF readers open a PDF with PDF.js.
 */
export async function withPdfJs<T>(
  bytes: Uint8Array,
  read: (doc: PDFDocumentProxy) => Promise<T>,
): Promise<T> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    cMapUrl: join(root, 'cmaps') + sep,
    standardFontDataUrl: join(root, 'standard_fonts') + sep,
  });
  try {
    return await read(await task.promise);
  } finally {
    await task.destroy();
  }
}

/** Every page's text items (the shown strings, with their matrices), page by page. */
export function pageTextItems(bytes: Uint8Array): Promise<TextItem[][]> {
  return withPdfJs(bytes, async (doc) => {
    const pages: TextItem[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(content.items.filter((item): item is TextItem => 'str' in item));
    }
    return pages;
  });
}
