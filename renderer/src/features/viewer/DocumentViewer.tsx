import type { MeetingDocument } from '#common/schemas/document';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DownloadErrorCode,
  type DownloadManager,
  downloadErrorCodeOf,
} from '../../lib/cache/download-manager';
import { PdfOpenError, type PdfOpenErrorCode } from '../../lib/pdf/pdf';
import { stepZoom } from '../../lib/pdf/render-size';
import { type DocumentView, openDocumentView, type ZoomValue } from '../../lib/pdf/viewer';
import { AnnotationTools } from '../annotations/AnnotationTools';
import { PendingEdits } from '../annotations/offline/PendingEdits';
import { AnnotationsPaintStamp } from '../annotations/perf/AnnotationsPaintStamp';
import { useViewerCollaboration } from '../annotations/sharing/viewer-collaboration';
import { drawWatermark, watermarkText } from '../documents/watermark';
import { FindBar } from '../search/FindBar';
import { HighlightLayer, screenRect } from '../search/HighlightLayer';
import type { PageMatch } from '../search/page-matches';
import { useFindInDocument } from '../search/use-find-in-document';
import { trapTab } from './focus-trap';
import { isControl, isTextField, screenStep, viewerKeyAction } from './keyboard';
import { PageOverlayPortals, type RenderPageOverlay, usePageOverlays } from './page-overlays';
import { countReads, endPerf, markFirstPage, startPerf } from './perf-contract';
import { normalRotation } from '../../lib/pdf/rotation';
import { PositionMemory, type ViewerPosition } from './position-memory';
import { ViewerSidebar } from './ViewerSidebar';
import { ViewerToolbar } from './ViewerToolbar';

/** Props of {@link DocumentViewer}. */
export interface DocumentViewerProps {
  document: MeetingDocument;
  manager: DownloadManager;
  /** The reader's name, drawn over every page of a confidential document. */
  readerName: string;
  onClose: () => void;
  /** The page to open on (a search hit's); otherwise where the reader left it, or page 1. */
  initialPage?: number;
  /** Words to find and highlight on opening (a search hit's query); the find field starts with them. */
  initialQuery?: string;
  /** More drawings per page, through the overlay slots (the annotation layer). */
  renderPageOverlay?: RenderPageOverlay;
}

type Load =
  | { kind: 'loading' }
  | { kind: 'failed'; reason: PdfOpenErrorCode | DownloadErrorCode }
  | { kind: 'ready'; view: DocumentView; fromNetwork: boolean };

const NO_MATCHES: readonly PageMatch[] = [];
/** Fit-to-width never zooms beyond this on open. */
const MAX_INITIAL_ZOOM = 1.5;

/** localStorage, or null where the browser refuses it. */
function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Reads one meeting document in a modal dialog, on pdf.js's own viewer (lib/pdf/viewer.ts):
 * continuous scrolling with only the pages near the screen drawn, a selectable text layer
 * (none for "no export" documents), thumbnails and the outline, zoom (fit width, fit page,
 * percentages), rotation, go to page (by label too), find in the document by the meeting
 * search's rules, the keyboard, focus kept inside, and the place remembered per document.
 * Confidential ("mật") documents carry MẬT and the reader's name in every page's pixels.
 */
export function DocumentViewer({
  document,
  manager,
  readerName,
  onClose,
  initialPage,
  initialQuery = '',
  renderPageOverlay,
}: DocumentViewerProps) {
  const { t } = useTranslation();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [page, setPage] = useState(1);
  const [scale, setScale] = useState(1);
  const [zoom, setZoom] = useState<ZoomValue>('page-width');
  const [rotation, setRotation] = useState(0);
  const [labels, setLabels] = useState<readonly string[] | null>(null);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  /** Somebody tried to print a no-print document (Ctrl+P, the browser's menu): say why nothing came out. */
  const [printRefused, setPrintRefused] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const pagesElement = useRef<HTMLDivElement>(null);
  const findInput = useRef<HTMLInputElement>(null);
  const confidential = document.classification === 'mat';
  const memory = useMemo(() => new PositionMemory(browserStorage()), []);

  const decorate = useMemo(() => {
    if (!confidential) return undefined;
    const text = watermarkText(readerName);
    return (canvas: HTMLCanvasElement, outputScale: number) => drawWatermark(canvas, text, outputScale);
  }, [confidential, readerName]);

  const view = load.kind === 'ready' ? load.view : null;

  // Open the document: the cached copy first (read whole while pdf.js's worker starts, or in
  // parts when large: lib/pdf/open-read.ts); from the network only when the device has no copy.
  useEffect(() => {
    const perf = startPerf(document.id);
    let cancelled = false;
    let opened: DocumentView | null = null;
    const controller = new AbortController();
    const remembered = initialPage === undefined ? memory.load(document.id, document.sha256) : null;
    (async () => {
      const cached = await manager.cachedRanges(document);
      const { bytes, source } = cached
        ? { bytes: countReads(cached, perf), source: 'cache' as const }
        : await manager.loadBytes(document, controller.signal);
      perf.marks.bytes = performance.now();
      if (!cached) perf.allDataLoaded = perf.marks.bytes;
      const container = scroller.current;
      const inner = pagesElement.current;
      if (cancelled || !container || !inner) return;
      const documentView = await openDocumentView(bytes, {
        container,
        viewer: inner,
        textLayer: !document.noExport,
        decorate,
        mark: (step) => {
          perf.marks[step] = performance.now();
          // Read whole from the cache (open-read.ts): every byte is in memory now.
          if (step === 'readAll') perf.allDataLoaded = perf.marks[step];
        },
        initial: {
          zoom: remembered?.zoom ?? 'page-width',
          maxFitZoom: remembered ? undefined : MAX_INITIAL_ZOOM,
          rotation: remembered?.rotation ?? 0,
          page: initialPage ?? remembered?.page ?? 1,
          offset: remembered?.offset ?? 0,
        },
      });
      if (cancelled) {
        void documentView.destroy();
        return;
      }
      opened = documentView;
      perf.numPages = documentView.pageCount;
      perf.viewer.pdfjs = documentView.pdfjsVersion;
      const offFirst = documentView.on('rendered', () => {
        markFirstPage(perf);
        offFirst();
      });
      perf.goToPage = (n) =>
        new Promise<number>((resolve) => {
          const off = documentView.on('rendered', ({ pageNumber }) => {
            if (pageNumber !== n) return;
            off();
            resolve(performance.now());
          });
          documentView.setPage(n);
          if (documentView.isRendered(n)) {
            off();
            resolve(performance.now());
          }
        });
      setPage(documentView.currentPage);
      setScale(documentView.scale);
      setRotation(documentView.rotation);
      setZoom(remembered?.zoom ?? (documentView.scale < MAX_INITIAL_ZOOM ? 'page-width' : MAX_INITIAL_ZOOM));
      setLoad({ kind: 'ready', view: documentView, fromNetwork: source === 'network' });
      manager.markSeen(document);
      void documentView.pageLabels().then((found) => {
        if (!cancelled) setLabels(found);
      });
    })().catch((error: unknown) => {
      if (cancelled) return;
      console.warn('Could not open the document', error);
      perf.error = error instanceof Error ? error.message : String(error);
      setLoad({
        kind: 'failed',
        reason: error instanceof PdfOpenError ? error.code : downloadErrorCodeOf(error),
      });
    });
    return () => {
      cancelled = true;
      controller.abort();
      endPerf(perf);
      if (opened) void opened.destroy();
    };
  }, [document, manager, memory, decorate, initialPage]);

  // Follow the viewer: page, zoom, rotation; the existing tests' hooks on each drawn page.
  useEffect(() => {
    if (!view) return;
    const offs = [
      view.on('page', ({ pageNumber }) => setPage(pageNumber)),
      view.on('scale', ({ scale: next, preset }) => {
        setScale(next);
        setZoom(preset ?? next);
      }),
      view.on('rotation', ({ rotation: next }) => setRotation(next)),
      // The picture being replaced is no longer the page as shown.
      view.on('rendering', ({ element }) => {
        for (const old of element.querySelectorAll('canvas[data-rendered="true"]')) {
          old.setAttribute('data-rendered', 'false');
        }
      }),
      view.on('rendered', ({ pageNumber, element, canvas }) => {
        element.classList.add('pdf-page');
        if (!canvas) return;
        canvas.setAttribute('data-testid', 'pdf-page');
        canvas.setAttribute('data-page-number', String(pageNumber));
        canvas.setAttribute('data-rendered', 'true');
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [view]);

  // Remember where the reader is (page, place on it, zoom, rotation) for the next time: taken
  // as they read (the view is gone by the time the dialog unmounts) and stored on close and
  // after each pause.
  const zoomRef = useRef(zoom);
  zoomRef.current = zoom;
  useEffect(() => {
    const area = scroller.current;
    if (!view || !area) return;
    let last: ViewerPosition | null = null;
    const record = (): void => {
      const current = view.currentPage;
      const element = view.pageElement(current);
      let offset = 0;
      if (element && element.clientHeight > 0) {
        const top = element.getBoundingClientRect().top - area.getBoundingClientRect().top;
        offset = Math.min(1, Math.max(0, -top / element.clientHeight));
      }
      last = { page: current, offset, zoom: zoomRef.current, rotation: normalRotation(view.rotation) };
    };
    const save = (): void => {
      if (last) memory.save(document.id, document.sha256, last);
    };
    let timer = 0;
    const later = (): void => {
      record();
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 400);
    };
    area.addEventListener('scroll', later, { passive: true });
    const offs = [view.on('page', later), view.on('rotation', later)];
    later();
    return () => {
      area.removeEventListener('scroll', later);
      for (const off of offs) off();
      window.clearTimeout(timer);
      save();
    };
  }, [view, memory, document.id, document.sha256]);
  // A zoom change is a new position too (after the zoom state follows the viewer).
  useEffect(() => {
    if (view && zoomRef.current === zoom) scroller.current?.dispatchEvent(new Event('scroll'));
  }, [zoom, view]);

  const goToPage = useCallback(
    (target: number) => {
      if (!view) return;
      view.setPage(target);
      setPage(view.currentPage);
    },
    [view],
  );
  const applyZoom = useCallback(
    (value: ZoomValue) => {
      view?.setZoom(value);
    },
    [view],
  );
  const zoomStep = useCallback(
    (direction: 1 | -1) => {
      if (view) view.setZoom(stepZoom(view.scale, direction));
    },
    [view],
  );

  /** PageDown / Space: the rest of a tall page first, then the next page (and back up). */
  const screen = useCallback(
    (direction: 1 | -1) => {
      const area = scroller.current;
      if (!view || !area) return;
      const element = view.pageElement(view.currentPage);
      if (!element) return;
      const box = element.getBoundingClientRect();
      const frame = area.getBoundingClientRect();
      const rest = direction > 0 ? box.bottom - frame.bottom : frame.top - box.top;
      const step = screenStep(rest, area.clientHeight);
      if (step === null) goToPage(view.currentPage + direction);
      else area.scrollTop += direction * step;
    },
    [view, goToPage],
  );

  // The keyboard: reading keys, zoom, find, Escape; Tab stays inside the dialog.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const box = dialog.current;
      if (!box) return;
      if (trapTab(event, box)) return;
      const active = window.document.activeElement;
      const action = viewerKeyAction({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        shiftKey: event.shiftKey,
        altKey: event.altKey,
        inField: isTextField(active),
        onControl: isControl(active),
      });
      if (action === null) return;
      if (action === 'close') {
        event.preventDefault();
        onClose();
        return;
      }
      if (action === 'find') {
        event.preventDefault();
        findInput.current?.focus();
        findInput.current?.select();
        return;
      }
      if (!view) return;
      event.preventDefault();
      switch (action) {
        case 'next-page':
          goToPage(view.currentPage + 1);
          break;
        case 'previous-page':
          goToPage(view.currentPage - 1);
          break;
        case 'screen-down':
          screen(1);
          break;
        case 'screen-up':
          screen(-1);
          break;
        case 'first-page':
          goToPage(1);
          break;
        case 'last-page':
          goToPage(view.pageCount);
          break;
        case 'zoom-in':
          zoomStep(1);
          break;
        case 'zoom-out':
          zoomStep(-1);
          break;
        case 'zoom-reset':
          applyZoom('page-width');
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view, onClose, goToPage, screen, zoomStep, applyZoom]);

  // The viewer is modal: focus it and keep the page behind from scrolling. The pages' scrolling
  // area takes focus too, so the reading keys work there without a mouse.
  useEffect(() => {
    if (scroller.current) scroller.current.tabIndex = 0;
    dialog.current?.focus();
    const body = window.document.body;
    const previousOverflow = body.style.overflow;
    body.style.overflow = 'hidden';
    return () => {
      body.style.overflow = previousOverflow;
    };
  }, []);

  // A no-export document offers no "save image as" on its pages either.
  useEffect(() => {
    const area = scroller.current;
    if (!area || !document.noExport) return;
    const block = (event: MouseEvent): void => event.preventDefault();
    area.addEventListener('contextmenu', block);
    return () => area.removeEventListener('contextmenu', block);
  }, [document.noExport]);

  // "Không được tải về, không được in": Ctrl+P / Cmd+P is refused here, and when the browser
  // prints anyway (its menu), the print stylesheet (styles.css, `.pdf-viewer--no-print`) leaves
  // out the pages and prints only a notice; either way the viewer says so on screen.
  useEffect(() => {
    if (!document.noExport) return;
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'p') {
        event.preventDefault();
        event.stopPropagation();
        setPrintRefused(true);
      }
    };
    const onBeforePrint = (): void => setPrintRefused(true);
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('beforeprint', onBeforePrint);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('beforeprint', onBeforePrint);
    };
  }, [document.noExport]);

  // Find in the document (features/search): matches per page, drawn through the overlay slots.
  const find = useFindInDocument(view?.document ?? null, initialQuery, initialPage ?? 1);
  const matchesByPage = useMemo(() => {
    const byPage = new Map<number, PageMatch[]>();
    for (const m of find.matches) byPage.set(m.page, [...(byPage.get(m.page) ?? []), m]);
    return byPage;
  }, [find.matches]);
  const currentMatch = find.matches[find.current] ?? null;
  const overlays = usePageOverlays(view, scroller);
  // Presence, others' shared annotations, sharing, follow the presenter (features/annotations/sharing).
  const collab = useViewerCollaboration({ document, view, scroller, page, zoom, scale, rotation, goToPage });

  // Show the current match: its page, scrolled so the match is in the upper third.
  const shownMatch = useRef<PageMatch | null>(null);
  useEffect(() => {
    if (!view || currentMatch === null || currentMatch === shownMatch.current) return;
    shownMatch.current = currentMatch;
    const area = scroller.current;
    view.setPage(currentMatch.page);
    const element = view.pageElement(currentMatch.page);
    const geometry = view.geometry(currentMatch.page);
    if (!area || !element || !geometry) return;
    const tops = currentMatch.rects.map((rect) => screenRect(rect, geometry).top);
    const pageTop = element.getBoundingClientRect().top - area.getBoundingClientRect().top + area.scrollTop;
    area.scrollTop = Math.max(0, pageTop + Math.min(...tops) - area.clientHeight / 3);
    setPage(currentMatch.page);
  }, [currentMatch, view]);

  const renderHighlights: RenderPageOverlay = useCallback(
    (overlay) => (
      <HighlightLayer
        matches={matchesByPage.get(overlay.pageNumber) ?? NO_MATCHES}
        current={currentMatch?.page === overlay.pageNumber ? currentMatch : null}
        geometry={overlay.geometry}
      />
    ),
    [matchesByPage, currentMatch],
  );

  // The bytes went to pdf.js's worker when the document opened: read them again to save them.
  const download = async (): Promise<void> => {
    if (load.kind !== 'ready' || document.noExport) return;
    const { bytes } = await manager.loadBytes(document);
    const url = URL.createObjectURL(
      new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }),
    );
    const link = window.document.createElement('a');
    link.href = url;
    link.download = /\.pdf$/i.test(document.originalName) ? document.originalName : `${document.title}.pdf`;
    link.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const pageCount = view?.pageCount ?? 0;
  const titleId = `pdf-viewer-title-${document.id}`;
  return (
    <div
      ref={dialog}
      className={`pdf-viewer${confidential ? ' pdf-viewer--confidential' : ''}${document.noExport ? ' pdf-viewer--no-print' : ''}`}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      tabIndex={-1}
      data-testid="pdf-viewer"
      data-document-id={document.id}
      data-state={load.kind}
      data-page={page}
      data-rotation={rotation}
      data-zoom={String(zoom)}
    >
      <header className="pdf-viewer__bar">
        <div className="pdf-viewer__heading">
          {confidential && (
            <span className="pdf-viewer__secret" data-testid="pdf-viewer-confidential">
              {t('documents.confidential')}
            </span>
          )}
          <div className="pdf-viewer__titles">
            <h2 id={titleId} className="pdf-viewer__title" data-testid="pdf-viewer-title">
              {document.title}
            </h2>
            <p className="pdf-viewer__meta">
              <span data-testid="pdf-viewer-version">
                {t('documents.version', { version: document.version })}
              </span>
              {pageCount > 0 && <span>{t('documents.viewer.pages', { count: pageCount })}</span>}
              {document.noExport && <span>{t('documents.noExport')}</span>}
            </p>
          </div>
        </div>
        <div className="pdf-viewer__tools">
          {collab.header}
          {view && <FindBar find={find} inputRef={findInput} />}
          {!document.noExport && load.kind === 'ready' && (
            <button
              type="button"
              className="button"
              onClick={() => {
                download().catch((error: unknown) => console.warn('Could not save the document', error));
              }}
              data-testid="pdf-download"
            >
              {t('documents.viewer.download')}
            </button>
          )}
          <button type="button" className="button button--primary" onClick={onClose} data-testid="pdf-close">
            {t('documents.viewer.close')}
          </button>
        </div>
        {view && (
          <ViewerToolbar
            page={page}
            pageCount={pageCount}
            labels={labels}
            scale={scale}
            zoom={zoom}
            sidebarOpen={sidebarOpen}
            onPage={goToPage}
            onZoom={applyZoom}
            onZoomStep={zoomStep}
            onRotate={(degrees) => view.rotate(degrees)}
            onToggleSidebar={() => setSidebarOpen((open) => !open)}
          />
        )}
        {view && (
          <AnnotationTools
            view={view}
            documentId={document.id}
            noTextLayer={document.noExport}
            overlays={overlays}
            page={page}
            dialog={dialog}
          >
            {collab.tools}
            <PendingEdits />
            <AnnotationsPaintStamp dialog={dialog} />
          </AnnotationTools>
        )}
      </header>

      {document.noExport && (
        <p className="pdf-viewer__print-blocked" data-testid="pdf-print-blocked">
          {t('documents.viewer.printBlocked', { title: document.title })}
        </p>
      )}
      {document.noExport && printRefused && (
        <p className="alert pdf-viewer__notice" role="alert" data-testid="pdf-print-refused">
          {t('documents.viewer.printRefused')}
        </p>
      )}
      {load.kind === 'ready' && load.fromNetwork && (
        <p className="pdf-viewer__notice" role="status">
          {t('documents.viewer.fromNetwork')}
        </p>
      )}

      <div className="pdf-viewer__body">
        {view && sidebarOpen && (
          <ViewerSidebar
            view={view}
            page={page}
            labels={labels}
            rotation={rotation}
            decorate={decorate}
            onPage={goToPage}
            pageMark={collab.pageMark}
          />
        )}
        {collab.panel}
        <div className="pdf-viewer__stage">
          {/* pdf.js's PDFViewer needs an absolutely positioned scrolling div; focusable, so the
              reading keys work from the pages without a mouse. */}
          {/* biome-ignore lint/a11y/useSemanticElements: PDFViewer's container must be a div */}
          <div
            ref={scroller}
            className={`pdf-viewer__scroller${document.noExport ? ' pdf-viewer__scroller--no-text' : ''}`}
            role="region"
            aria-label={t('documents.viewer.pagesRegion')}
            data-testid="pdf-scroller"
          >
            <div ref={pagesElement} className="pdfViewer" />
          </div>
          {load.kind === 'loading' && (
            <p className="pdf-viewer__status" role="status" data-testid="pdf-viewer-loading">
              {t('documents.viewer.loading')}
            </p>
          )}
          {load.kind === 'failed' && (
            <p
              className="alert pdf-viewer__status"
              role="alert"
              data-testid="pdf-viewer-error"
              data-code={load.reason}
            >
              {t(`documents.viewer.errors.${load.reason}`)}
            </p>
          )}
        </div>
      </div>
      <PageOverlayPortals overlays={overlays} render={renderHighlights} />
      {renderPageOverlay && <PageOverlayPortals overlays={overlays} render={renderPageOverlay} />}
    </div>
  );
}
