import { pageTextItems } from '../../unit/pdf/pdfjs-reader';

/** Every page's text items as PDF.js reads them: each shown string with its text matrix. */
export async function readPagesRaw(bytes: Uint8Array): Promise<{ str: string; transform: number[] }[][]> {
  return (await pageTextItems(bytes)).map((items) =>
    items.map((item) => ({ str: item.str, transform: item.transform as number[] })),
  );
}
