/**
 * The one wrapper around pdfjs-dist (STYLE.md 2(c) rule 9): nothing else in the renderer
 * imports it. It fixes the security-relevant options in one place:
 *
 * - no eval: pdf.js 5.7 and later have no `new Function` path at all (CVE-2024-4367 was code
 *   execution through the one earlier versions used for PDF functions, then switched off with
 *   `isEvalSupported: false`, an option they no longer have); our CSP has no `unsafe-eval`
 *   either;
 * - `enableXfa: false`, and no scripting: the pdf.js sandbox (`pdf.sandbox.mjs`) is never
 *   loaded and annotations are drawn from their appearance streams only;
 * - `useWasm: false` — the CSP has no `'wasm-unsafe-eval'`; JBIG2 and CCITT images use the
 *   JavaScript decoders instead, JPEG 2000 images are skipped (see the README's notes);
 * - `maxImageSize` and a canvas size cap ({@link MAX_CANVAS_PIXELS}), so a hostile or huge
 *   file cannot exhaust memory;
 * - no network at all: bytes come from the document cache, fonts and CMaps are not fetched.
 *
 * A document comes either whole (bytes in memory) or as a {@link PdfRangeSource} (the device
 * cache), read while the worker starts: whole up to a size, else in parts as pdf.js asks for
 * them (a `PDFDataRangeTransport`); open-read.ts says why.
 *
 * The worker is started once and reused for every document. {@link prewarmPdf} starts it
 * right after joining, so the worker script (and this module's pdf.js chunk) are loaded
 * while the server is still there: opening a cached document later works with the server
 * gone and without a reload.
 */
import type { PDFDataRangeTransport, PDFDocumentLoadingTask, PDFDocumentProxy, PDFWorker } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { type PdfRangeSource, RANGE_CHUNK_BYTES, startOpenRead } from './open-read';
import { canvasSize, MAX_CANVAS_PIXELS } from './render-size';

export type { PdfRangeSource } from './open-read';

export type PdfJs = typeof import('pdfjs-dist');

/** Images above this many pixels are not decoded (a 600 dpi A3 scan is about 70 million). */
const MAX_IMAGE_PIXELS = 100_000_000;

/** Memory budget for one canvas inside the worker (bytes, RGBA). */
const MAX_CANVAS_BYTES = MAX_CANVAS_PIXELS * 4;

/** The loaded library and its one worker. */
export interface PdfRuntime {
  readonly pdfjs: PdfJs;
  readonly worker: PDFWorker;
}

/** Loading (or loaded) runtime; reset when loading failed or the worker died, to try again. */
let runtime: Promise<PdfRuntime> | null = null;

/** The pdf.js library (without its worker); reset when loading failed, to try again. */
let library: Promise<PdfJs> | null = null;

/**
 * The pdf.js library itself, for lib/pdf's own modules: the viewer components need only this,
 * so they load while the worker is still starting.
 */
export function loadPdfJs(): Promise<PdfJs> {
  if (library === null) {
    // A separate chunk: the join screen does not pay for pdf.js.
    const loading = import('pdfjs-dist').then((pdfjs) => {
      pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
      return pdfjs;
    });
    library = loading;
    loading.catch(() => {
      if (library === loading) library = null;
    });
  }
  return library;
}

function loadRuntime(): Promise<PdfRuntime> {
  if (runtime === null) {
    const loading = (async (): Promise<PdfRuntime> => {
      const pdfjs = await loadPdfJs();
      const worker = new pdfjs.PDFWorker();
      await worker.promise;
      return { pdfjs, worker };
    })();
    runtime = loading;
    loading.catch(() => {
      if (runtime === loading) runtime = null;
    });
  }
  return runtime;
}

/** The live runtime (restarted when its worker died). For lib/pdf's own modules only. */
export async function liveRuntime(): Promise<PdfRuntime> {
  const loaded = await loadRuntime();
  if (!loaded.worker.destroyed) return loaded;
  runtime = null;
  return loadRuntime();
}

/**
 * Loads pdf.js and starts its worker now, so later opens need no network. Safe to call
 * many times; resolves once the worker answers.
 */
export async function prewarmPdf(): Promise<void> {
  await liveRuntime();
}

/** Why a PDF could not be opened. */
export type PdfOpenErrorCode = 'password' | 'invalid' | 'xfa' | 'unknown';

/** Opening failed; `code` picks the message. */
export class PdfOpenError extends Error {
  override readonly name = 'PdfOpenError';
  constructor(
    readonly code: PdfOpenErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A page's size at zoom 1, in CSS pixels. */
export interface PdfPageSize {
  readonly width: number;
  readonly height: number;
}

/** How to draw a page. */
export interface RenderOptions {
  /** Zoom: 1 draws one PDF point as one CSS pixel. */
  readonly zoom: number;
  /** The screen's device pixel ratio (sharpness); capped by the canvas size limit. */
  readonly devicePixelRatio: number;
  /** Cancels the drawing (e.g. the page scrolled away or the zoom changed). */
  readonly signal?: AbortSignal;
}

/** A drawn page: its size on screen and how many canvas pixels make one CSS pixel. */
export interface RenderedPage {
  readonly cssWidth: number;
  readonly cssHeight: number;
  readonly outputScale: number;
}

/**
 * A run of text on a page, as pdf.js extracted it, with its box at zoom 1 (CSS pixels from the
 * page's top left). Used to find text and to draw highlights over the canvas.
 */
export interface PdfTextItem {
  readonly str: string;
  /** The text that follows starts on a new line. */
  readonly hasEOL: boolean;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** An open PDF. Only this interface leaves the wrapper, never a pdf.js object. */
export interface PdfDocument {
  readonly pageCount: number;
  /** A page's size at zoom 1. */
  pageSize(pageNumber: number): Promise<PdfPageSize>;
  /** Draws a page into `canvas`, sizing the canvas; rejects with an AbortError when cancelled. */
  renderPage(pageNumber: number, canvas: HTMLCanvasElement, options: RenderOptions): Promise<RenderedPage>;
  /** The text runs of a page with their boxes (empty for a scanned page without a text layer). */
  pageText(pageNumber: number): Promise<PdfTextItem[]>;
  /** Frees the document in the worker (the worker itself stays for the next document). */
  destroy(): Promise<void>;
}

function toOpenError(pdfjs: PdfJs, error: unknown): PdfOpenError {
  // pdf.js 5 does not export PasswordException; its name is stable (it crosses the worker boundary).
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return new PdfOpenError('password', message);
  if (
    error instanceof pdfjs.InvalidPDFException ||
    name === 'InvalidPDFException' ||
    name === 'FormatError'
  ) {
    return new PdfOpenError('invalid', message);
  }
  return new PdfOpenError('unknown', message);
}

/**
 * Opens a PDF from bytes. The bytes are copied (pdf.js transfers its input to the worker),
 * so the caller's array stays usable.
 */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  return (await openPdfProxy(bytes)).document;
}

interface RangeSourceOptions {
  range: PDFDataRangeTransport;
  length: number;
  rangeChunkSize: number;
  disableRange: false;
}

/** Steps of {@link openPdfProxy}, told as they are done (the viewer's perf marks). */
export type OpenStep = 'worker' | 'read' | 'readAll';

/** An opened PDF with its pdf.js proxy, for lib/pdf's viewer wiring only. */
export interface OpenedPdf {
  readonly pdfjs: PdfJs;
  readonly proxy: PDFDocumentProxy;
  readonly document: PdfDocument;
}

/**
 * {@link openPdf}, also handing out the pdf.js proxy (lib/pdf/viewer.ts draws it with PDFViewer).
 * With `transfer`, the bytes move to the worker instead of being copied (the caller's array is
 * emptied): a 50 MB document is then held once, not twice.
 */
export async function openPdfProxy(
  input: Uint8Array | PdfRangeSource,
  { transfer = false, mark }: { transfer?: boolean; mark?: (step: OpenStep) => void } = {},
): Promise<OpenedPdf> {
  // The worker and the document's bytes at the same time: neither waits for the other.
  const reading = input instanceof Uint8Array ? null : startOpenRead(input);
  const { pdfjs, worker } = await liveRuntime();
  mark?.('worker');
  let failed: ((error: unknown) => void) | null = null;
  let source: { data: Uint8Array; disableRange: true } | RangeSourceOptions;
  if (input instanceof Uint8Array) {
    // Everything is in memory already: no range requests.
    source = { data: transfer ? input : input.slice(), disableRange: true };
  } else {
    const { whole, bytes } = reading ?? startOpenRead(input);
    const first = await bytes;
    mark?.(whole ? 'readAll' : 'read');
    source = whole
      ? // Our own array: it moves to the worker.
        { data: first, disableRange: true }
      : {
          range: rangeTransport(pdfjs, input, first, (error) => failed?.(error)),
          length: input.byteLength,
          rangeChunkSize: RANGE_CHUNK_BYTES,
          disableRange: false,
        };
  }
  const task: PDFDocumentLoadingTask = pdfjs.getDocument({
    ...source,
    worker,
    enableXfa: false,
    useWasm: false,
    maxImageSize: MAX_IMAGE_PIXELS,
    canvasMaxAreaInBytes: MAX_CANVAS_BYTES,
    // Only what is drawn is read: no streaming, no fetching the rest in the background.
    disableStream: true,
    disableAutoFetch: true,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  // pdf.js has no way to fail a range request: a read that failed ends the document instead of
  // leaving the open or a page waiting forever.
  failed = (error) => {
    console.error('reading the document failed', error);
    void task.destroy().catch(() => undefined);
  };
  // Without a password callback pdf.js rejects with a PasswordException, which is what we want.
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw toOpenError(pdfjs, error);
  }
  return { pdfjs, proxy: doc, document: wrapDocument(pdfjs, task, doc) };
}

/** A pdf.js range transport answering its requests from `source`, starting with its first bytes. */
function rangeTransport(
  pdfjs: PdfJs,
  source: PdfRangeSource,
  initial: Uint8Array,
  onError: (error: unknown) => void,
): PDFDataRangeTransport {
  const transport = new pdfjs.PDFDataRangeTransport(source.byteLength, initial);
  transport.requestDataRange = (begin: number, end: number): void => {
    source.read(begin, end).then((bytes) => {
      // A request of a document closed meanwhile has no reader left; its answer is dropped.
      try {
        transport.onDataRange(begin, bytes);
      } catch {
        // Nothing waits for it any more.
      }
    }, onError);
  };
  return transport;
}

/** Font ascent ratios by CSS font family, measured once (as pdf.js's text layer does). */
const ascents = new Map<string, number>();

/**
 * The share of a run's font size above its baseline in pdf.js's text layer: measured from the
 * font the layer uses (the style's CSS family), else the PDF font's own ascent, else 0.8.
 */
function ascentRatio(style: { fontFamily?: string; ascent?: number; descent?: number } | undefined): number {
  const family = style?.fontFamily ?? 'sans-serif';
  const known = ascents.get(family);
  if (known !== undefined) return known;
  let ratio = style?.ascent ? style.ascent : style?.descent ? 1 + style.descent : 0.8;
  const context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (context) {
    context.font = `30px ${family}`;
    const metrics = context.measureText('');
    const up = metrics.fontBoundingBoxAscent;
    const down = Math.abs(metrics.fontBoundingBoxDescent);
    if (up) ratio = up / (up + down);
  }
  ascents.set(family, ratio);
  return ratio;
}

function abortError(): DOMException {
  return new DOMException('rendering cancelled', 'AbortError');
}

function wrapDocument(pdfjs: PdfJs, task: PDFDocumentLoadingTask, doc: PDFDocumentProxy): PdfDocument {
  let destroyed = false;
  return {
    pageCount: doc.numPages,
    async pageSize(pageNumber) {
      const page = await doc.getPage(pageNumber);
      const viewport = page.getViewport({ scale: 1 });
      return { width: viewport.width, height: viewport.height };
    },
    async renderPage(pageNumber, canvas, { zoom, devicePixelRatio, signal }) {
      if (signal?.aborted) throw abortError();
      const page = await doc.getPage(pageNumber);
      if (signal?.aborted) throw abortError();
      const viewport = page.getViewport({ scale: zoom });
      const size = canvasSize(viewport.width, viewport.height, devicePixelRatio);
      canvas.width = size.width;
      canvas.height = size.height;
      const render = page.render({
        canvas,
        viewport,
        transform: size.outputScale === 1 ? undefined : [size.outputScale, 0, 0, size.outputScale, 0, 0],
        annotationMode: pdfjs.AnnotationMode.ENABLE,
      });
      const cancel = (): void => render.cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      try {
        await render.promise;
      } catch (error) {
        if (error instanceof pdfjs.RenderingCancelledException || signal?.aborted) throw abortError();
        throw error;
      } finally {
        signal?.removeEventListener('abort', cancel);
      }
      return { cssWidth: viewport.width, cssHeight: viewport.height, outputScale: size.outputScale };
    },
    async pageText(pageNumber) {
      const page = await doc.getPage(pageNumber);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        // Text space → page space at zoom 1; the run's baseline is at (tx[4], tx[5]). The box is
        // the one pdf.js's text layer gives the run (ascent above the baseline, one font size
        // tall), so a highlight covers the same place as the selectable text.
        const tx = pdfjs.Util.transform(viewport.transform, item.transform) as number[];
        const fontHeight = Math.hypot(tx[2] ?? 0, tx[3] ?? 0);
        const ascent = ascentRatio(content.styles[item.fontName]);
        const vertical = item.dir === 'ttb';
        items.push({
          str: item.str,
          hasEOL: item.hasEOL,
          left: tx[4] ?? 0,
          top: (tx[5] ?? 0) - fontHeight * ascent,
          width: vertical ? fontHeight : item.width,
          height: vertical ? item.height : fontHeight,
        });
      }
      return items;
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      // The worker was passed in, so destroying the task leaves it running for the next document.
      await task.destroy();
    },
  };
}
