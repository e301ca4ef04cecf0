/** Telling an XFA-only form from a PDF that merely carries XFA. Pure, unit-tested. */

/** The document-info flags pdf.js reports about forms. */
export interface XfaInfo {
  readonly IsXFAPresent?: boolean;
  readonly IsAcroFormPresent?: boolean;
}

/**
 * pdf.js's document info flags → "this is an XFA-only form": XFA present, no AcroForm fields
 * (pdf.js then shows only the PDF's placeholder page, since XFA rendering is off). pdf.js's own
 * test (`hasOnlyXfa`, for `isPureXfa`) also asks for the catalog's NeedsRendering, which it
 * does not report; an XFA form without AcroForm fields has nothing else to show either way.
 */
export function isXfaOnlyInfo(info: XfaInfo): boolean {
  return info.IsXFAPresent === true && info.IsAcroFormPresent !== true;
}
