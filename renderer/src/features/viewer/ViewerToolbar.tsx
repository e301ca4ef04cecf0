import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ZoomValue } from '../../lib/pdf/viewer';
import { pageFieldText, resolvePageInput } from './page-labels';

/** Zooms offered in the list besides "fit width" and "fit page". */
const ZOOM_CHOICES = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;

/** Props of {@link ViewerToolbar}. */
export interface ViewerToolbarProps {
  page: number;
  pageCount: number;
  labels: readonly string[] | null;
  scale: number;
  zoom: ZoomValue;
  sidebarOpen: boolean;
  onPage(page: number): void;
  onZoom(value: ZoomValue): void;
  onZoomStep(direction: 1 | -1): void;
  onRotate(degrees: 90 | -90): void;
  onToggleSidebar(): void;
}

/**
 * Navigation and view controls: sidebar, previous/next, the page field (a label such as "iv"
 * or a number), zoom (out, a list with fit width / fit page / percentages, in) and rotation.
 */
export function ViewerToolbar({
  page,
  pageCount,
  labels,
  scale,
  zoom,
  sidebarOpen,
  onPage,
  onZoom,
  onZoomStep,
  onRotate,
  onToggleSidebar,
}: ViewerToolbarProps) {
  const { t } = useTranslation();
  const id = useId();
  const [pageInput, setPageInput] = useState(pageFieldText(page, labels));
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setPageInput(pageFieldText(page, labels));
  }, [page, labels, editing]);

  const go = (): void => {
    const target = resolvePageInput(pageInput, labels, pageCount);
    if (target !== null) onPage(target);
    else setPageInput(pageFieldText(page, labels));
  };
  const percent = Math.round(scale * 100);
  const zoomSelect = typeof zoom === 'string' ? zoom : 'custom';

  return (
    <div className="viewer-toolbar" role="toolbar" aria-label={t('documents.viewer.toolbar')}>
      <button
        type="button"
        className={`button${sidebarOpen ? ' button--pressed' : ''}`}
        onClick={onToggleSidebar}
        aria-pressed={sidebarOpen}
        title={t('documents.viewer.sidebar')}
        data-testid="pdf-sidebar-toggle"
      >
        ☰<span className="visually-hidden">{t('documents.viewer.sidebar')}</span>
      </button>
      <fieldset className="pdf-viewer__group">
        <legend className="visually-hidden">{t('documents.viewer.navigation')}</legend>
        <button
          type="button"
          className="button"
          onClick={() => onPage(page - 1)}
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
            go();
            setEditing(false);
          }}
        >
          <label className="visually-hidden" htmlFor={`${id}-page`}>
            {t('documents.viewer.page')}
          </label>
          <input
            id={`${id}-page`}
            className="pdf-viewer__page-input"
            value={pageInput}
            onFocus={() => setEditing(true)}
            onChange={(event) => setPageInput(event.target.value.slice(0, 16))}
            onBlur={() => {
              go();
              setEditing(false);
            }}
            data-testid="pdf-page-input"
          />
          <span className="pdf-viewer__page-count" data-testid="pdf-page-count">
            / {pageCount}
          </span>
          {labels && (
            <span className="pdf-viewer__page-number" data-testid="pdf-page-number">
              ({t('documents.viewer.pageOf', { page, count: pageCount })})
            </span>
          )}
        </form>
        <button
          type="button"
          className="button"
          onClick={() => onPage(page + 1)}
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
          onClick={() => onZoomStep(-1)}
          aria-label={t('documents.viewer.zoomOut')}
          title={`${t('documents.viewer.zoomOut')} (Ctrl −)`}
          data-testid="pdf-zoom-out"
        >
          −
        </button>
        <span className="pdf-viewer__zoom" data-testid="pdf-zoom">
          {percent}%
        </span>
        <button
          type="button"
          className="button"
          onClick={() => onZoomStep(1)}
          aria-label={t('documents.viewer.zoomIn')}
          title={`${t('documents.viewer.zoomIn')} (Ctrl +)`}
          data-testid="pdf-zoom-in"
        >
          +
        </button>
        <label className="visually-hidden" htmlFor={`${id}-zoom`}>
          {t('documents.viewer.zoomChoice')}
        </label>
        <select
          id={`${id}-zoom`}
          className="viewer-toolbar__zoom-select"
          value={zoomSelect === 'custom' ? String(zoom) : zoomSelect}
          onChange={(event) => {
            const value = event.target.value;
            onZoom(value === 'page-width' || value === 'page-fit' ? value : Number(value));
          }}
          data-testid="pdf-zoom-select"
        >
          <option value="page-width">{t('documents.viewer.fitWidth')}</option>
          <option value="page-fit">{t('documents.viewer.fitPage')}</option>
          {typeof zoom === 'number' && !ZOOM_CHOICES.some((c) => Math.abs(c - zoom) < 1e-3) && (
            <option value={String(zoom)}>{Math.round(zoom * 100)}%</option>
          )}
          {ZOOM_CHOICES.map((choice) => (
            <option key={choice} value={String(choice)}>
              {Math.round(choice * 100)}%
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          onClick={() => onZoom('page-width')}
          aria-pressed={zoom === 'page-width'}
          data-testid="pdf-fit-width"
        >
          {t('documents.viewer.fitWidth')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => onZoom('page-fit')}
          aria-pressed={zoom === 'page-fit'}
          data-testid="pdf-fit-page"
        >
          {t('documents.viewer.fitPage')}
        </button>
      </fieldset>
      <fieldset className="pdf-viewer__group">
        <legend className="visually-hidden">{t('documents.viewer.rotation')}</legend>
        <button
          type="button"
          className="button"
          onClick={() => onRotate(-90)}
          aria-label={t('documents.viewer.rotateLeft')}
          title={t('documents.viewer.rotateLeft')}
          data-testid="pdf-rotate-ccw"
        >
          ⟲
        </button>
        <button
          type="button"
          className="button"
          onClick={() => onRotate(90)}
          aria-label={t('documents.viewer.rotateRight')}
          title={t('documents.viewer.rotateRight')}
          data-testid="pdf-rotate-cw"
        >
          ⟳
        </button>
      </fieldset>
    </div>
  );
}
