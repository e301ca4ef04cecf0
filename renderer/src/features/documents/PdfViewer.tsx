import type { MeetingDocument } from '#common/schemas/document';
import { type RefObject, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DownloadErrorCode,
  type DownloadManager,
  downloadErrorCodeOf,
} from '../../lib/cache/download-manager';
import {
  openPdf,
  type PdfDocument,
  PdfOpenError,
  type PdfOpenErrorCode,
  type PdfPageSize,
} from '../../lib/pdf/pdf';
import { clampPage, fitWidthZoom, stepZoom } from '../../lib/pdf/render-size';
import { FindBar } from '../search/FindBar';
import { HighlightLayer } from '../search/HighlightLayer';
import type { PageMatch } from '../search/page-matches';
import { useFindInDocument } from '../search/use-find-in-document';
import { drawWatermark, watermarkText } from './watermark';

/** Props of {@link PdfViewer}. */
export interface PdfViewerProps {
  document: MeetingDocument;
  manager: DownloadManager;
  /** The reader's name, drawn over every page of a confidential document. */
  readerName: string;
  onClose: () => void;
  /** The page to open on (a search hit's); the first page when absent. */
  initialPage?: number;
  /** Words to find and highlight on opening (a search hit's query); the find field starts with them. */
  initialQuery?: string;
}

type Load =
  | { kind: 'loading' }
  | { kind: 'failed'; reason: PdfOpenErrorCode | DownloadErrorCode }
  | {
      kind: 'ready';
      pdf: PdfDocument;
      firstPage: PdfPageSize;
      bytes: Uint8Array;
      fromNetwork: boolean;
    };

const NO_MATCHES: readonly PageMatch[] = [];

/** Space around the pages inside the scroll area (CSS px), for the fit-to-width zoom. */
const PAGE_GUTTER = 48;
/** Fit-to-width never zooms beyond this on open: a whole A4 width at 200 % is hard to read on a laptop. */
const MAX_INITIAL_ZOOM = 1.5;

/**
 * Reads one meeting document: opens the bytes stored on this device (the server is asked
 * only when the device has no copy yet), draws its pages to canvases as they scroll into
 * view, with page navigation and zoom. Confidential ("mật") documents show a MẬT marker and
 * carry the reader's name in every page's pixels; "no export" documents offer no download.
 */
export function PdfViewer({
  document,
  manager,
  readerName,
  onClose,
  initialPage = 1,
  initialQuery = '',
}: PdfViewerProps) {
  const { t } = useTranslation();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [zoom, setZoom] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [pageInput, setPageInput] = useState('1');
  /** Somebody tried to print a no-print document (Ctrl+P, the browser's menu): say why nothing came out. */
  const [printRefused, setPrintRefused] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const pageElements = useRef<(HTMLDivElement | null)[]>([]);
  const confidential = document.classification === 'mat';
  const watermark = confidential ? watermarkText(readerName) : null;

  // Open the document: cached bytes first, the network only as a fallback.
  useEffect(() => {
    let cancelled = false;
    let opened: PdfDocument | null = null;
    const controller = new AbortController();
    (async () => {
      const { bytes, source } = await manager.loadBytes(document, controller.signal);
      const pdf = await openPdf(bytes);
      if (cancelled) {
        void pdf.destroy();
        return;
      }
      opened = pdf;
      const firstPage = await pdf.pageSize(1);
      if (cancelled) return;
      setLoad({ kind: 'ready', pdf, firstPage, bytes, fromNetwork: source === 'network' });
      manager.markSeen(document);
    })().catch((error: unknown) => {
      if (cancelled) return;
      console.warn('Could not open the document', error);
      setLoad({
        kind: 'failed',
        reason: error instanceof PdfOpenError ? error.code : downloadErrorCodeOf(error),
      });
    });
    return () => {
      cancelled = true;
      controller.abort();
      if (opened) void opened.destroy();
    };
  }, [document, manager]);

  // Start at fit-to-width (capped) once the first page's size is known.
  useLayoutEffect(() => {
    if (load.kind !== 'ready' || zoom !== null) return;
    const available = (scroller.current?.clientWidth ?? 800) - PAGE_GUTTER;
    setZoom(Math.min(MAX_INITIAL_ZOOM, fitWidthZoom(load.firstPage.width, available)));
  }, [load, zoom]);

  // The viewer is modal: focus it, keep the page behind from scrolling, close on Escape.
  useEffect(() => {
    dialog.current?.focus();
    const body = window.document.body;
    const previousOverflow = body.style.overflow;
    body.style.overflow = 'hidden';
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      body.style.overflow = previousOverflow;
      window.removeEventListener('keydown', onKey);
    };
  }, [onClose]);

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

  const pageCount = load.kind === 'ready' ? load.pdf.pageCount : 0;

  // Find in the document (features/search): the matches, per page, and the one being shown.
  const find = useFindInDocument(load.kind === 'ready' ? load.pdf : null, initialQuery, initialPage);
  const findInput = useRef<HTMLInputElement>(null);
  const matchesByPage = useMemo(() => {
    const byPage = new Map<number, PageMatch[]>();
    for (const m of find.matches) byPage.set(m.page, [...(byPage.get(m.page) ?? []), m]);
    return byPage;
  }, [find.matches]);
  const currentMatch = find.matches[find.current] ?? null;

  const goToPage = useCallback(
    (target: number) => {
      const next = clampPage(target, pageCount);
      setPage(next);
      setPageInput(String(next));
      pageElements.current[next - 1]?.scrollIntoView({ block: 'start' });
    },
    [pageCount],
  );

  // After a zoom change (not the first fit), keep the page being read at the top.
  const pageRef = useRef(page);
  pageRef.current = page;
  const previousZoom = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (previousZoom.current !== null && zoom !== previousZoom.current) {
      pageElements.current[pageRef.current - 1]?.scrollIntoView({ block: 'start' });
    }
    previousZoom.current = zoom;
  }, [zoom]);

  /** The page whose area crosses the upper third of the scroll area is "the current page". */
  const onScroll = (): void => {
    const area = scroller.current;
    if (!area) return;
    const line = area.scrollTop + area.clientHeight / 3;
    let current = 1;
    pageElements.current.forEach((element, index) => {
      if (element && element.offsetTop <= line) current = index + 1;
    });
    if (current !== pageRef.current) {
      setPage(current);
      setPageInput(String(current));
    }
  };

  // Open on the requested page once the pages are laid out.
  const openedOnPage = useRef(false);
  useLayoutEffect(() => {
    if (zoom === null || openedOnPage.current || pageCount === 0) return;
    openedOnPage.current = true;
    if (initialPage > 1) goToPage(initialPage);
  }, [zoom, pageCount, initialPage, goToPage]);

  // Show the current match: its page, scrolled so the match is in view.
  const shownMatch = useRef<PageMatch | null>(null);
  useLayoutEffect(() => {
    if (zoom === null || currentMatch === null || currentMatch === shownMatch.current) return;
    shownMatch.current = currentMatch;
    const element = pageElements.current[currentMatch.page - 1];
    const area = scroller.current;
    if (!element || !area) return;
    const top = Math.min(...currentMatch.rects.map((r) => r.top)) * zoom;
    area.scrollTop = Math.max(0, element.offsetTop + top - area.clientHeight / 3);
    setPage(currentMatch.page);
    setPageInput(String(currentMatch.page));
  }, [currentMatch, zoom]);

  // Ctrl+F / Cmd+F finds in this document, not in the page behind it.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        findInput.current?.focus();
        findInput.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const download = (): void => {
    if (load.kind !== 'ready' || document.noExport) return;
    const url = URL.createObjectURL(
      new Blob([load.bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }),
    );
    const link = window.document.createElement('a');
    link.href = url;
    link.download = /\.pdf$/i.test(document.originalName) ? document.originalName : `${document.title}.pdf`;
    link.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

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
          {pageCount > 0 && <FindBar find={find} inputRef={findInput} />}
          {pageCount > 0 && (
            <>
              <fieldset className="pdf-viewer__group">
                <legend className="visually-hidden">{t('documents.viewer.navigation')}</legend>
                <button
                  type="button"
                  className="button"
                  onClick={() => goToPage(page - 1)}
                  disabled={page <= 1}
                  aria-label={t('documents.viewer.prev')}
                  title={t('documents.viewer.prev')}
                  data-testid="pdf-prev"
                >
                  ‹
                </button>
                <form
                  className="pdf-viewer__page-form"
                  onSubmit={(event) => {
                    event.preventDefault();
                    goToPage(Number(pageInput));
                  }}
                >
                  <label className="visually-hidden" htmlFor={`${titleId}-page`}>
                    {t('documents.viewer.page')}
                  </label>
                  <input
                    id={`${titleId}-page`}
                    className="pdf-viewer__page-input"
                    inputMode="numeric"
                    value={pageInput}
                    onChange={(event) => setPageInput(event.target.value.replace(/\D/g, '').slice(0, 6))}
                    onBlur={() => goToPage(Number(pageInput))}
                    data-testid="pdf-page-input"
                  />
                  <span className="pdf-viewer__page-count" data-testid="pdf-page-count">
                    / {pageCount}
                  </span>
                </form>
                <button
                  type="button"
                  className="button"
                  onClick={() => goToPage(page + 1)}
                  disabled={page >= pageCount}
                  aria-label={t('documents.viewer.next')}
                  title={t('documents.viewer.next')}
                  data-testid="pdf-next"
                >
                  ›
                </button>
              </fieldset>
              <fieldset className="pdf-viewer__group">
                <legend className="visually-hidden">{t('documents.viewer.zoom')}</legend>
                <button
                  type="button"
                  className="button"
                  onClick={() => setZoom((z) => stepZoom(z ?? 1, -1))}
                  aria-label={t('documents.viewer.zoomOut')}
                  title={t('documents.viewer.zoomOut')}
                  data-testid="pdf-zoom-out"
                >
                  −
                </button>
                <span className="pdf-viewer__zoom" data-testid="pdf-zoom">
                  {Math.round((zoom ?? 1) * 100)}%
                </span>
                <button
                  type="button"
                  className="button"
                  onClick={() => setZoom((z) => stepZoom(z ?? 1, 1))}
                  aria-label={t('documents.viewer.zoomIn')}
                  title={t('documents.viewer.zoomIn')}
                  data-testid="pdf-zoom-in"
                >
                  +
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    if (load.kind !== 'ready') return;
                    const available = (scroller.current?.clientWidth ?? 800) - PAGE_GUTTER;
                    setZoom(fitWidthZoom(load.firstPage.width, available));
                  }}
                  data-testid="pdf-fit-width"
                >
                  {t('documents.viewer.fitWidth')}
                </button>
              </fieldset>
            </>
          )}
          {!document.noExport && load.kind === 'ready' && (
            <button type="button" className="button" onClick={download} data-testid="pdf-download">
              {t('documents.viewer.download')}
            </button>
          )}
          <button type="button" className="button button--primary" onClick={onClose} data-testid="pdf-close">
            {t('documents.viewer.close')}
          </button>
        </div>
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

      <div ref={scroller} className="pdf-viewer__scroller" onScroll={onScroll}>
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
        {load.kind === 'ready' && zoom !== null && (
          <div className="pdf-viewer__pages">
            {Array.from({ length: load.pdf.pageCount }, (_, index) => (
              <PdfPageView
                // biome-ignore lint/suspicious/noArrayIndexKey: pages are identified by their number
                key={index}
                pdf={load.pdf}
                pageNumber={index + 1}
                zoom={zoom}
                fallbackSize={load.firstPage}
                watermark={watermark}
                matches={matchesByPage.get(index + 1) ?? NO_MATCHES}
                currentMatch={currentMatch?.page === index + 1 ? currentMatch : null}
                scroller={scroller}
                register={(element) => {
                  pageElements.current[index] = element;
                }}
              />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

interface PdfPageViewProps {
  pdf: PdfDocument;
  pageNumber: number;
  zoom: number;
  /** Size at zoom 1 to reserve before the page's own size is known (the first page's). */
  fallbackSize: PdfPageSize;
  watermark: string | null;
  /** Places found on this page (find in document), drawn over the canvas. */
  matches: readonly PageMatch[];
  currentMatch: PageMatch | null;
  scroller: RefObject<HTMLDivElement | null>;
  register: (element: HTMLDivElement | null) => void;
}

/**
 * One page: a placeholder of the right size, drawn when it comes near the visible area and
 * released again when it is far away, so a 500-page document does not hold 500 canvases.
 */
function PdfPageView({
  pdf,
  pageNumber,
  zoom,
  fallbackSize,
  watermark,
  matches,
  currentMatch,
  scroller,
  register,
}: PdfPageViewProps) {
  const { t } = useTranslation();
  const holder = useRef<HTMLDivElement | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [near, setNear] = useState(pageNumber <= 2);
  const [size, setSize] = useState<PdfPageSize | null>(null);
  const [state, setState] = useState<'idle' | 'rendered' | 'failed'>('idle');

  useEffect(() => {
    const element = holder.current;
    if (!element || typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) setNear(entry.isIntersecting);
      },
      // Draw a screen ahead in both directions, so scrolling rarely shows a blank page.
      { root: scroller.current, rootMargin: '100% 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [scroller]);

  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    if (!near) {
      // Give the memory back; the placeholder keeps the layout.
      target.width = 0;
      target.height = 0;
      setState('idle');
      return;
    }
    const controller = new AbortController();
    // Draw off-screen, then copy: the old picture stays up until the new one is ready.
    const scratch = window.document.createElement('canvas');
    pdf
      .renderPage(pageNumber, scratch, {
        zoom,
        devicePixelRatio: window.devicePixelRatio || 1,
        signal: controller.signal,
      })
      .then((rendered) => {
        if (controller.signal.aborted) return;
        if (watermark) drawWatermark(scratch, watermark, rendered.outputScale);
        target.width = scratch.width;
        target.height = scratch.height;
        target.getContext('2d')?.drawImage(scratch, 0, 0);
        scratch.width = 0;
        scratch.height = 0;
        setSize({ width: rendered.cssWidth / zoom, height: rendered.cssHeight / zoom });
        setState('rendered');
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted || (error instanceof DOMException && error.name === 'AbortError'))
          return;
        console.warn(`Could not draw page ${pageNumber}`, error);
        setState('failed');
      });
    return () => controller.abort();
  }, [near, zoom, pdf, pageNumber, watermark]);

  const base = size ?? fallbackSize;
  const width = Math.floor(base.width * zoom);
  const height = Math.floor(base.height * zoom);
  return (
    <div
      ref={(element) => {
        holder.current = element;
        register(element);
      }}
      className="pdf-page"
      style={{ width, height }}
      data-page-number={pageNumber}
    >
      <canvas
        ref={canvas}
        className="pdf-page__canvas"
        style={{ width, height }}
        role="img"
        aria-label={t('documents.viewer.pageLabel', { page: pageNumber })}
        data-testid="pdf-page"
        data-page-number={pageNumber}
        data-rendered={state === 'rendered' ? 'true' : 'false'}
      />
      <HighlightLayer matches={matches} current={currentMatch} zoom={zoom} />
      {state !== 'rendered' && (
        <span className="pdf-page__placeholder">
          {state === 'failed'
            ? t('documents.viewer.pageFailed')
            : t('documents.viewer.pageLoading', { page: pageNumber })}
        </span>
      )}
    </div>
  );
}
