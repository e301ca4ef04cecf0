/**
 * The pdf.js viewer components (`pdfjs-dist/web/pdf_viewer.mjs`: PDFViewer, PDFLinkService,
 * EventBus) wired once, with our security settings, behind a small interface: the React viewer
 * in features/viewer/ never touches a pdf.js object.
 *
 * - Continuous scrolling, with only the pages near the visible area rendered (PDFViewer's
 *   rendering queue and its buffer of a few page views; the rest are empty placeholders).
 * - The text layer (selection, copy, screen readers) — off for "no export" documents.
 * - The PDF's own annotations (highlights, pop-up notes, links) drawn read-only by pdf.js's
 *   annotation layer: `AnnotationMode.ENABLE` (no form filling), editors DISABLEd, no scripting,
 *   no XFA (see pdf.ts: `enableXfa: false`).
 * - Links inside the document move within it; links to the web open outside the app (where
 *   Electron's window rules decide) with `noopener noreferrer`.
 */
import type { PageViewport } from 'pdfjs-dist';
import type { EventBus, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import { linkServiceBus } from './link-service-bus';
import { PDFJS_IMAGES_DIR } from './pdfjs-images';
import { createPdfjsL10n } from './pdfjs-l10n';
import { normalRotation } from './rotation';
import {
  liveRuntime,
  loadPdfJs,
  type OpenedPdf,
  type OpenStep,
  openPdfProxy,
  type PdfDocument,
  type PdfJs,
  PdfOpenError,
  type PdfRangeSource,
} from './pdf';
import { canvasSize, MAX_CANVAS_PIXELS } from './render-size';
import { isXfaOnlyInfo, type XfaInfo } from './xfa';
import 'pdfjs-dist/web/pdf_viewer.css';

type ViewerModule = typeof import('pdfjs-dist/web/pdf_viewer.mjs');
type ViewerL10n = NonNullable<ConstructorParameters<ViewerModule['PDFViewer']>[0]['l10n']>;

/** A page's geometry as it is shown now: zoom, rotation and the PDF ⇄ CSS pixel conversions. */
export interface PageGeometry {
  /** CSS pixels of the page as shown (rotated). */
  readonly width: number;
  readonly height: number;
  /** Zoom (1 = one PDF point per CSS pixel at 96/72: pdf.js's "100 %"). */
  readonly scale: number;
  /** Clockwise, 0/90/180/270. */
  readonly rotation: number;
  /** The page's box in PDF user space: [x1, y1, x2, y2]. */
  readonly viewBox: readonly number[];
  /** A point in PDF user space (points, y up) → CSS pixels from the page's top left. */
  toCss(x: number, y: number): [number, number];
  /** CSS pixels from the page's top left → PDF user space. */
  toPdf(x: number, y: number): [number, number];
  /**
   * A point of the page's text boxes (`PdfDocument.pageText`: CSS pixels at zoom 1, the page's
   * own rotation) → CSS pixels as shown now.
   */
  fromText(x: number, y: number): [number, number];
}

/** One entry of the document's outline (bookmarks). */
export interface OutlineNode {
  readonly title: string;
  readonly bold: boolean;
  readonly italic: boolean;
  /** Opaque destination for {@link DocumentView.goToDestination}; null for a web link or nothing. */
  readonly dest: unknown;
  readonly children: readonly OutlineNode[];
}

/** A zoom: a percentage-like factor, or one of pdf.js's presets. */
export type ZoomValue = number | 'page-width' | 'page-fit';

/** What the viewer tells its owner. */
export interface DocumentViewEvents {
  /** The page at the top of the reading area changed. */
  page: { pageNumber: number };
  /** The zoom changed (after layout). `preset` when it was fit width / fit page. */
  scale: { scale: number; preset: 'page-width' | 'page-fit' | null };
  rotation: { rotation: number };
  /** A page finished drawing (its canvas is final, the watermark drawn). */
  rendered: { pageNumber: number; element: HTMLElement; canvas: HTMLCanvasElement | null };
  /** A page's layers were (re)built: its element may have lost foreign children. */
  layout: { pageNumber: number; element: HTMLElement };
  /** A page starts drawing (again): its canvas will be replaced. */
  rendering: { pageNumber: number; element: HTMLElement };
}

/** Where a document opens: set before the first page is drawn, so nothing is drawn twice. */
export interface InitialView {
  readonly zoom: ZoomValue;
  /** A fit-width zoom is capped here (a whole A4 width at 200 % is hard to read on a laptop). */
  readonly maxFitZoom?: number;
  readonly rotation: number;
  readonly page: number;
  /** How far down the page the reading area's top is, 0..1. */
  readonly offset: number;
}

/** How to build a {@link DocumentView}. */
export interface DocumentViewOptions {
  readonly initial: InitialView;
  /** The scrolling element (must be absolutely positioned) and the element inside it. */
  readonly container: HTMLDivElement;
  readonly viewer: HTMLDivElement;
  /** Selectable text layer (false for "no export" documents). */
  readonly textLayer: boolean;
  /** Draws over a finished page canvas (the confidential watermark), in canvas pixels. */
  readonly decorate?: (canvas: HTMLCanvasElement, outputScale: number) => void;
  /** Told when each step of opening is done (for the perf contract). */
  readonly mark?: (step: OpenStep | 'parsed' | 'components' | 'pagesinit') => void;
}

/** An open document shown by PDFViewer. */
export interface DocumentView {
  /** The same document for text search (features/search). */
  readonly document: PdfDocument;
  readonly pageCount: number;
  readonly pdfjsVersion: string;
  /** Moves to a page (its top at the top of the reading area). */
  setPage(pageNumber: number): void;
  readonly currentPage: number;
  /** Labels of the pages as the PDF names them (i, ii, 1, 2 …), or null when it names none. */
  pageLabels(): Promise<string[] | null>;
  setZoom(value: ZoomValue): void;
  readonly scale: number;
  rotate(degrees: 90 | -90): void;
  setRotation(rotation: number): void;
  readonly rotation: number;
  /** The outline (empty when the PDF has none). */
  outline(): Promise<OutlineNode[]>;
  goToDestination(dest: unknown): Promise<void>;
  /** The page's element in the viewer (pdf.js's `.page`), or null before layout. */
  pageElement(pageNumber: number): HTMLElement | null;
  /** The page's geometry now, or null before layout. */
  geometry(pageNumber: number): PageGeometry | null;
  /** Whether the page's canvas is final at the current zoom. */
  isRendered(pageNumber: number): boolean;
  /** Pages on screen now, most visible first. */
  visiblePages(): number[];
  /** Draws a small picture of a page into `canvas`, `width` CSS pixels wide. */
  renderThumbnail(
    pageNumber: number,
    canvas: HTMLCanvasElement,
    width: number,
    signal: AbortSignal,
  ): Promise<{ outputScale: number }>;
  on<K extends keyof DocumentViewEvents>(
    event: K,
    listener: (detail: DocumentViewEvents[K]) => void,
  ): () => void;
  destroy(): Promise<void>;
}

let components: Promise<ViewerModule> | null = null;

/** A pause in drawing this long frees pdf.js's caches (see `freeWhenIdle`). */
const IDLE_CLEANUP_MS = 1500;

/** Pages kept drawn before the first and after the last on screen (see `freeFarPages`). */
const DRAWN_AROUND = 1;

/** PDFViewer's pages on screen (a method its types leave out). */
interface VisiblePages {
  _getVisiblePages(): { first?: { id: number }; last?: { id: number }; views: { id: number }[] };
}

/** What `freeFarPages` uses of a PDFPageView. */
interface CachedPageView {
  readonly id: number;
  readonly renderingState: number;
  destroy(): void;
}

/** The viewer components need `globalThis.pdfjsLib` (the same pdf.js) before they load. */
async function loadComponents(pdfjs: PdfJs): Promise<ViewerModule> {
  if (components === null) {
    const loading = (async () => {
      (globalThis as { pdfjsLib?: unknown }).pdfjsLib = pdfjs;
      return import('pdfjs-dist/web/pdf_viewer.mjs');
    })();
    components = loading;
    loading.catch(() => {
      if (components === loading) components = null;
    });
  }
  return components;
}

function toGeometry(viewport: PageViewport, text: PageViewport | null): PageGeometry {
  // The viewport's matrix applied inline: a dense page converts tens of thousands of points,
  // and convertToViewportPoint allocates two arrays for each.
  const [a, b, c, d, e, f] = viewport.transform as [number, number, number, number, number, number];
  return {
    width: viewport.width,
    height: viewport.height,
    scale: viewport.scale,
    rotation: viewport.rotation,
    viewBox: [...viewport.viewBox],
    toCss: (x, y) => [a * x + c * y + e, b * x + d * y + f],
    toPdf: (x, y) => viewport.convertToPdfPoint(x, y) as [number, number],
    fromText: (x, y) => {
      if (text === null) return [x * viewport.scale, y * viewport.scale];
      const [px, py] = text.convertToPdfPoint(x, y) as [number, number];
      return viewport.convertToViewportPoint(px, py) as [number, number];
    },
  };
}

interface RawOutline {
  title: string;
  bold: boolean;
  italic: boolean;
  dest: unknown;
  items: RawOutline[];
}

function toOutline(items: readonly RawOutline[] | null, depth = 0): OutlineNode[] {
  if (!items || depth > 32) return [];
  return items.map((item) => ({
    title: item.title,
    bold: item.bold,
    italic: item.italic,
    dest: item.dest ?? null,
    children: toOutline(item.items, depth + 1),
  }));
}

/** Loads pdf.js, its worker and the viewer components now, so a later open needs no network. */
export async function prewarmViewer(): Promise<void> {
  await Promise.all([liveRuntime(), loadPdfJs().then(loadComponents)]);
}

/**
 * Opens a document and shows it in `options.container`: whole bytes, which move to pdf.js's
 * worker (the caller's array is emptied), or a range source (the device cache), read in parts.
 */
export async function openDocumentView(
  bytes: Uint8Array | PdfRangeSource,
  options: DocumentViewOptions,
): Promise<DocumentView> {
  // The components load while the document is read and parsed, not after.
  const componentsLoading = loadPdfJs().then(loadComponents);
  componentsLoading.catch(() => undefined);
  const opened: OpenedPdf = await openPdfProxy(bytes, { transfer: true, mark: options.mark });
  options.mark?.('parsed');
  const { pdfjs, proxy } = opened;
  let module: ViewerModule;
  try {
    // An XFA-only form is refused before anything is drawn: with XFA off, its pages are only the
    // PDF's placeholder ("Please wait…"), which must not pass for the document.
    const meta = await proxy.getMetadata().catch(() => null);
    if (isXfaOnlyInfo((meta?.info ?? {}) as XfaInfo)) {
      throw new PdfOpenError('xfa', 'the document is an XFA form, which is not shown');
    }
    module = await componentsLoading;
    options.mark?.('components');
  } catch (error) {
    await opened.document.destroy();
    throw error;
  }
  const eventBus: EventBus = new module.EventBus();
  const linkService: PDFLinkService = new module.PDFLinkService({
    eventBus: linkServiceBus(eventBus),
    externalLinkTarget: module.LinkTarget.BLANK,
    externalLinkRel: 'noopener noreferrer nofollow',
    ignoreDestinationZoom: true,
  });
  const abort = new AbortController();
  // pdf.js's labels (page landmarks, the PDF's notes) in the app's language, not its en-US.
  const l10n = createPdfjsL10n();
  abort.signal.addEventListener('abort', () => void l10n.destroy(), { once: true });
  // `abortSignal` (drops the viewer's resize observer) is missing from pdf.js's option types.
  const viewerOptions = {
    container: options.container,
    viewer: options.viewer,
    eventBus,
    linkService,
    abortSignal: abort.signal,
    textLayerMode: options.textLayer ? 1 : 0,
    annotationMode: pdfjs.AnnotationMode.ENABLE,
    annotationEditorMode: pdfjs.AnnotationEditorType.DISABLE,
    enableAutoLinking: false,
    maxCanvasPixels: MAX_CANVAS_PIXELS,
    // The watermark is drawn into the main canvas; a sharper "detail" canvas would cover it.
    enableDetailCanvas: options.decorate === undefined,
    // A PDF's own pop-up notes are drawn with pdf.js's icons, which the build ships there.
    imageResourcesPath: PDFJS_IMAGES_DIR,
    // Typed as pdf.js's own L10n class (private fields); the viewer only calls its methods.
    l10n: l10n as unknown as ViewerL10n,
  };
  const viewer: PDFViewer = new module.PDFViewer(
    viewerOptions as ConstructorParameters<ViewerModule['PDFViewer']>[0],
  );
  // Given an l10n, PDFViewer leaves translating its pages to the caller.
  void l10n.translate(options.viewer);
  linkService.setViewer(viewer);
  linkService.setDocument(proxy, null);
  viewer.setDocument(proxy);

  const listeners = new Map<keyof DocumentViewEvents, Set<(detail: never) => void>>();
  const emit = <K extends keyof DocumentViewEvents>(event: K, detail: DocumentViewEvents[K]): void => {
    for (const listener of listeners.get(event) ?? [])
      (listener as (d: DocumentViewEvents[K]) => void)(detail);
  };

  eventBus.on('pagechanging', ({ pageNumber }: { pageNumber: number }) => emit('page', { pageNumber }));
  eventBus.on('scalechanging', ({ scale, presetValue }: { scale: number; presetValue?: string }) =>
    emit('scale', {
      scale,
      preset: presetValue === 'page-width' || presetValue === 'page-fit' ? presetValue : null,
    }),
  );
  eventBus.on('rotationchanging', ({ pagesRotation }: { pagesRotation: number }) =>
    emit('rotation', { rotation: pagesRotation }),
  );
  const layout = ({ pageNumber }: { pageNumber: number }): void => {
    const element = viewer.getPageView(pageNumber - 1)?.div as HTMLElement | undefined;
    if (element) emit('layout', { pageNumber, element });
  };
  eventBus.on('pagerender', ({ pageNumber, source }: { pageNumber: number; source: unknown }) => {
    const pageView = viewer.getPageView(pageNumber - 1);
    const element = pageView?.div as HTMLElement | undefined;
    // A sharper "detail" picture of part of the page leaves the page's own canvas as it is.
    if (element && source === pageView) emit('rendering', { pageNumber, element });
    layout({ pageNumber });
  });
  eventBus.on('textlayerrendered', layout);
  eventBus.on('annotationlayerrendered', layout);
  eventBus.on(
    'pagerendered',
    ({
      pageNumber,
      source,
      cssTransform,
      isDetailView,
      error,
    }: {
      pageNumber: number;
      source: { canvas?: HTMLCanvasElement | null; div?: HTMLElement };
      cssTransform: boolean;
      isDetailView?: boolean;
      error: unknown;
    }) => {
      // A scaled old picture (zoom in progress) or a failed render is not a finished page.
      if (cssTransform || error || isDetailView) return;
      const pageView = viewer.getPageView(pageNumber - 1);
      const element = pageView?.div as HTMLElement | undefined;
      if (!element) return;
      const canvas = source.canvas ?? null;
      if (canvas && options.decorate) {
        const cssWidth = Number.parseFloat(canvas.style.width) || canvas.clientWidth || canvas.width;
        options.decorate(canvas, canvas.width / Math.max(1, cssWidth));
      }
      emit('layout', { pageNumber, element });
      emit('rendered', { pageNumber, element, canvas });
    },
  );

  // pdf.js's own app frees the worker's caches (parsed pages, fonts, images) after 30 s without
  // drawing; a delegate paging through a 500-page document rarely pauses that long, so free them
  // after a short pause instead (never while a page is being drawn).
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const freeWhenIdle = (): void => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (closed) return;
      for (const view of viewer.getCachedPageViews()) {
        const state = (view as { renderingState: number }).renderingState;
        if (state === module.RenderingStates.RUNNING || state === module.RenderingStates.PAUSED) {
          freeWhenIdle();
          return;
        }
      }
      proxy.cleanup(true).catch(() => undefined);
    }, IDLE_CLEANUP_MS);
  };
  eventBus.on('pagerendered', freeWhenIdle);

  // PDFViewer keeps the last ten pages it drew (each a canvas of up to 8 MB at our zoom, with its
  // text and annotation layers and the page's objects) wherever the reader has gone since. Only
  // the pages on screen and one either side (the one pdf.js draws ahead, the one PageUp returns
  // to) are kept drawn: the others are freed as pdf.js frees the pages it drops (`destroy`), and
  // drawn again if they come back into view.
  const freeFarPages = ({
    cssTransform,
    isDetailView,
  }: {
    cssTransform: boolean;
    isDetailView?: boolean;
  }) => {
    if (closed || cssTransform || isDetailView) return;
    const { first, last } = (viewer as unknown as VisiblePages)._getVisiblePages();
    if (!first || !last) return;
    for (const view of viewer.getCachedPageViews()) {
      const page = view as unknown as CachedPageView;
      if (page.id >= first.id - DRAWN_AROUND && page.id <= last.id + DRAWN_AROUND) continue;
      // A page still being drawn is left to pdf.js (it finishes or cancels it itself).
      if (page.renderingState === module.RenderingStates.FINISHED) page.destroy();
    }
  };
  eventBus.on('pagerendered', freeFarPages);

  // The first zoom of a document opened afresh: the page's width, at most `maxFitZoom`. It keeps
  // fitting (below) until the reader picks a zoom.
  let widthCap: number | null = null;
  const fitWidth = (cap: number): void => {
    viewer.currentScaleValue = 'page-width';
    if (viewer.currentScale > cap) viewer.currentScaleValue = String(cap);
  };

  const pagesReady = new Promise<void>((resolve) =>
    eventBus.on(
      'pagesinit',
      () => {
        const { initial } = options;
        viewer.pagesRotation = normalRotation(initial.rotation);
        if (initial.zoom === 'page-width' && initial.maxFitZoom) {
          widthCap = initial.maxFitZoom;
          fitWidth(widthCap);
        } else {
          viewer.currentScaleValue = typeof initial.zoom === 'number' ? String(initial.zoom) : initial.zoom;
        }
        const page = Math.min(proxy.numPages, Math.max(1, Math.round(initial.page)));
        if (page > 1 || initial.offset > 0) {
          viewer.scrollPageIntoView({ pageNumber: page });
          const element = viewer.getPageView(page - 1)?.div as HTMLElement | undefined;
          if (element && initial.offset > 0) {
            options.container.scrollTop += Math.round(initial.offset * element.clientHeight);
          }
        }
        resolve();
      },
      { once: true },
    ),
  );
  await pagesReady;
  options.mark?.('pagesinit');

  // A fitted zoom fits the box the pages are shown in, whatever changes its size: the window,
  // the thumbnails sidebar, the shared-notes panel. PDFViewer works a preset out once, when it
  // is set; pdf.js's own app sets it again on every resize (`webViewerResize`), and so do we.
  let fittedSize = `${options.container.clientWidth}x${options.container.clientHeight}`;
  let refitFrame = 0;
  const refit = (): void => {
    refitFrame = 0;
    const size = `${options.container.clientWidth}x${options.container.clientHeight}`;
    if (closed || size === fittedSize || options.container.clientWidth === 0) return;
    fittedSize = size;
    // Where the reader is now, before the zoom changes: a jump made since the last scroll event
    // (find, a link, a thumbnail) is not in pdf.js's kept location until its next frame.
    viewer.update();
    const preset = viewer.currentScaleValue;
    if (widthCap !== null) {
      fitWidth(widthCap);
    } else if (preset === 'page-width' || preset === 'page-fit' || preset === 'auto') {
      viewer.currentScaleValue = preset;
    }
    viewer.update();
  };
  const resizes = new ResizeObserver(() => {
    refitFrame ||= requestAnimationFrame(refit);
  });
  resizes.observe(options.container);
  abort.signal.addEventListener(
    'abort',
    () => {
      resizes.disconnect();
      cancelAnimationFrame(refitFrame);
    },
    { once: true },
  );

  // pdf.js keeps the scroll offset, not the page, when the pages turn (its own viewer app
  // scrolls back to the page afterwards), so the reader would land a page or two further on.
  const turnKeepingPage = (rotation: number): void => {
    const pageNumber = viewer.currentPageNumber;
    if (viewer.pagesRotation === rotation) return;
    viewer.pagesRotation = rotation;
    viewer.scrollPageIntoView({ pageNumber });
  };
  return {
    document: opened.document,
    pageCount: proxy.numPages,
    pdfjsVersion: pdfjs.version,
    setPage(pageNumber) {
      const page = Math.min(proxy.numPages, Math.max(1, Math.round(pageNumber)));
      viewer.scrollPageIntoView({ pageNumber: page });
      // scrollPageIntoView leaves the number as it was when the page was already current.
      viewer.currentPageNumber = page;
    },
    get currentPage() {
      return viewer.currentPageNumber;
    },
    async pageLabels() {
      const labels = await proxy.getPageLabels().catch(() => null);
      // Labels that only repeat the numbers add nothing.
      if (!labels || labels.every((label, i) => label === String(i + 1))) return null;
      viewer.setPageLabels(labels);
      return labels;
    },
    setZoom(value) {
      widthCap = null;
      viewer.currentScaleValue = typeof value === 'number' ? String(value) : value;
    },
    get scale() {
      return viewer.currentScale;
    },
    rotate(degrees) {
      turnKeepingPage(normalRotation(viewer.pagesRotation + degrees));
    },
    setRotation(rotation) {
      turnKeepingPage(normalRotation(rotation));
    },
    get rotation() {
      return viewer.pagesRotation;
    },
    async outline() {
      const raw = (await proxy.getOutline().catch(() => null)) as RawOutline[] | null;
      return toOutline(raw);
    },
    async goToDestination(dest) {
      if (dest === null || dest === undefined) return;
      await linkService.goToDestination(dest as string);
    },
    pageElement(pageNumber) {
      return (viewer.getPageView(pageNumber - 1)?.div as HTMLElement | undefined) ?? null;
    },
    geometry(pageNumber) {
      const view = viewer.getPageView(pageNumber - 1);
      const viewport = view?.viewport as PageViewport | undefined;
      if (!viewport) return null;
      const page = view?.pdfPage as { getViewport(o: { scale: number }): PageViewport } | undefined;
      return toGeometry(viewport, page ? page.getViewport({ scale: 1 }) : null);
    },
    isRendered(pageNumber) {
      const view = viewer.getPageView(pageNumber - 1);
      return view?.renderingState === module.RenderingStates.FINISHED;
    },
    visiblePages() {
      const visible = (viewer as unknown as VisiblePages)._getVisiblePages();
      return visible.views.map((v) => v.id);
    },
    async renderThumbnail(pageNumber, canvas, width, signal) {
      const page = await proxy.getPage(pageNumber);
      if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
      const natural = page.getViewport({ scale: 1, rotation: viewer.pagesRotation + page.rotate });
      const viewport = page.getViewport({
        scale: width / natural.width,
        rotation: viewer.pagesRotation + page.rotate,
      });
      const size = canvasSize(viewport.width, viewport.height, window.devicePixelRatio || 1);
      canvas.width = size.width;
      canvas.height = size.height;
      const task = page.render({
        canvas,
        viewport,
        transform: size.outputScale === 1 ? undefined : [size.outputScale, 0, 0, size.outputScale, 0, 0],
        annotationMode: pdfjs.AnnotationMode.ENABLE,
      });
      const cancel = (): void => task.cancel();
      signal.addEventListener('abort', cancel, { once: true });
      try {
        await task.promise;
      } finally {
        signal.removeEventListener('abort', cancel);
        // A thumbnail's page objects are not kept: the page views keep what they need.
        if (!viewer.getCachedPageViews().has(viewer.getPageView(pageNumber - 1))) page.cleanup();
      }
      return { outputScale: size.outputScale };
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener as (detail: never) => void);
      return () => set.delete(listener as (detail: never) => void);
    },
    async destroy() {
      closed = true;
      clearTimeout(idleTimer);
      listeners.clear();
      abort.abort();
      viewer.setDocument(null);
      linkService.setDocument(null);
      await opened.document.destroy();
    },
  };
}
