import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';

/** Every page's text items as PDF.js reads them: each shown string with its text matrix. */
export async function readPagesRaw(bytes: Uint8Array): Promise<{ str: string; transform: number[] }[][]> {
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
  const doc = await task.promise;
  try {
    const pages: { str: string; transform: number[] }[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(
        content.items
          .filter((item): item is TextItem => 'str' in item)
          .map((item) => ({ str: item.str, transform: item.transform as number[] })),
      );
    }
    return pages;
  } finally {
    await task.destroy();
  }
}
