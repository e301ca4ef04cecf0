import {
  beginText,
  endText,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  setFillingGrayscaleColor,
  setFontAndSize,
} from '@cantoo/pdf-lib';
import type { FontSet } from '../fonts';

/** What a draft says across every page. */
export const DRAFT_WATERMARK = 'BẢN NHÁP / DRAFT';

/**
 * Draws `text` large and light grey along the page's diagonal. Called before anything else
 * on the page (PageWriter's underlay), so the text of the page is printed over it and stays
 * readable; plain grey, no transparency (nothing for PDF/A to object to).
 */
export function drawWatermark(page: PDFPage, fonts: FontSet, text = DRAFT_WATERMARK): void {
  const { width, height } = page.getSize();
  const angle = Math.atan2(height, width);
  const diagonal = Math.hypot(width, height);
  let size = 64;
  const textWidth = (s: number) => fonts.width(text, 'b', s);
  while (size > 20 && textWidth(size) > diagonal * 0.7) size -= 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const half = textWidth(size) / 2;
  // Start so that the line's middle, raised by a third of the size, sits at the page centre.
  const x = width / 2 - half * cos + (size / 3) * sin;
  const y = height / 2 - half * sin - (size / 3) * cos;
  const n = (v: number) => PDFNumber.of(Math.round(v * 10_000) / 10_000);
  page.pushOperators(
    pushGraphicsState(),
    setFillingGrayscaleColor(0.82),
    beginText(),
    setFontAndSize(fonts.resourceKey('b'), size),
    PDFOperator.of(PDFOperatorNames.SetTextMatrix, [n(cos), n(sin), n(-sin), n(cos), n(x), n(y)]),
    PDFOperator.of(PDFOperatorNames.ShowText, [fonts.encode(text, 'b')]),
    endText(),
    popGraphicsState(),
  );
}
