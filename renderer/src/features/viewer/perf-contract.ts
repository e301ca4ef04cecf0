/**
 * `window.__perf`, the viewer-load contract (`viewer-load/1`) that any tool can read to time the
 * viewer (tests/bench/viewer-load.ts reads it from this viewer and from a page built from
 * pdf.js's own PDFViewer): when the open started and when the first page was painted
 * (`performance.now()` stamps), how many pages, the error if any, and `goToPage(n)`, which
 * resolves (with a `performance.now()` stamp) once page n is painted.
 */

import type { PdfRangeSource } from '../../lib/pdf/pdf';

/** The contract's shape. */
export interface ViewerPerf {
  contract: 'viewer-load/1';
  viewer: { name: string; version: string; pdfjs: string };
  /** pdf.js 5.7+ has no eval path at all (the option is gone): always false here. */
  isEvalSupported: false;
  documentId: string | null;
  openStart: number | null;
  firstPagePainted: number | null;
  numPages: number | null;
  /**
   * Every byte of the document is in memory: fetched whole from the server, or read whole from
   * the device cache (documents up to 96 MiB, lib/pdf/open-read.ts); stays null when a larger
   * one is read in parts, as only what is drawn is ever read.
   */
  allDataLoaded: number | null;
  error: string | null;
  goToPage(n: number): Promise<number>;
  /** Where the open's time went (ours only, beyond the contract): `performance.now()` stamps. */
  marks: Record<string, number>;
  /** What this open read from the device cache (ours only): reads and bytes, the first page's apart. */
  reads: ReadCounts;
  /**
   * The user's annotation layers, open → drawn (tests/bench/annotations.ts): `start` when they
   * were opened, `at` after the first frame that drew them on the rendered pages, `count` the
   * annotation elements drawn then. Null until then; set once per open.
   */
  annotationsPainted: { start: number; at: number; count: number } | null;
}

/** Reads of the device cache by one open. */
export interface ReadCounts {
  count: number;
  bytes: number;
  /** The same, until the first page was painted. */
  firstPageCount: number | null;
  firstPageBytes: number | null;
}

declare global {
  interface Window {
    __perf?: ViewerPerf;
  }
}

const NOT_OPEN = (): Promise<number> => Promise.reject(new Error('no document is open'));

/** Starts a new record for a document being opened, replacing the previous one. */
export function startPerf(documentId: string): ViewerPerf {
  const perf: ViewerPerf = {
    contract: 'viewer-load/1',
    viewer: { name: 'paperless-room', version: '1', pdfjs: '' },
    isEvalSupported: false,
    documentId,
    openStart: performance.now(),
    firstPagePainted: null,
    numPages: null,
    allDataLoaded: null,
    error: null,
    goToPage: NOT_OPEN,
    marks: {},
    reads: { count: 0, bytes: 0, firstPageCount: null, firstPageBytes: null },
    annotationsPainted: null,
  };
  window.__perf = perf;
  return perf;
}

/** `source`, counting its reads into `perf.reads`. */
export function countReads(source: PdfRangeSource, perf: ViewerPerf): PdfRangeSource {
  return {
    byteLength: source.byteLength,
    read(begin, end) {
      perf.reads.count += 1;
      perf.reads.bytes += end - begin;
      return source.read(begin, end);
    },
  };
}

/** The first page was painted: stamps it, and what had been read by then. */
export function markFirstPage(perf: ViewerPerf): void {
  if (perf.firstPagePainted !== null) return;
  perf.firstPagePainted = performance.now();
  perf.reads.firstPageCount = perf.reads.count;
  perf.reads.firstPageBytes = perf.reads.bytes;
}

/** The viewer closed: a later goToPage fails instead of hanging. */
export function endPerf(perf: ViewerPerf): void {
  perf.goToPage = NOT_OPEN;
}

/**
 * The User Timing mark set once the user's own annotation layers of every document were fetched
 * ahead after joining (annotations/use-own-layers-ahead.ts): the annotation benchmark and the
 * e2e tests wait on it.
 */
export const OWN_LAYERS_AHEAD_MARK = 'ownLayersAhead';

/** The key of {@link ViewerPerf.marks} that {@link markAnnotationsOpened} sets. */
const ANNOTATIONS_OPENED = 'annotationsOpened';

/** The user's annotation layers are being opened for the document on view. */
export function markAnnotationsOpened(): void {
  const perf = window.__perf;
  if (!perf) return;
  perf.marks[ANNOTATIONS_OPENED] = performance.now();
  // In traces too (DevTools' Timings track), to see what the page did between the stamps.
  performance.mark(ANNOTATIONS_OPENED);
  delete perf.marks.annotationsLoaded;
  perf.annotationsPainted = null;
}

/** The layers' annotations reached the tools (before they are drawn); only the first counts. */
export function markAnnotationsLoaded(): void {
  const perf = window.__perf;
  if (!perf || perf.marks[ANNOTATIONS_OPENED] === undefined || perf.marks.annotationsLoaded !== undefined)
    return;
  perf.marks.annotationsLoaded = performance.now();
  performance.mark('annotationsLoaded');
}

/** A frame has drawn `count` annotations of the layers opened last; only the first counts. */
export function markAnnotationsPainted(count: number): void {
  const perf = window.__perf;
  const start = perf?.marks[ANNOTATIONS_OPENED];
  if (!perf || start === undefined || perf.annotationsPainted !== null) return;
  perf.annotationsPainted = { start, at: performance.now(), count };
  performance.mark('annotationsPainted');
}
