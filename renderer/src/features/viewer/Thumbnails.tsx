import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../../lib/pdf/viewer';

/** Thumbnail width in CSS pixels. */
const THUMB_WIDTH = 120;

/** Props of {@link Thumbnails}. */
export interface ThumbnailsProps {
  view: DocumentView;
  page: number;
  labels: readonly string[] | null;
  rotation: number;
  /** Draws over a finished thumbnail (the confidential watermark). */
  decorate?: (canvas: HTMLCanvasElement, outputScale: number) => void;
  onPage(page: number): void;
  /** A mark on a page's thumbnail (who else is reading that page). */
  pageMark?: (page: number) => ReactNode;
}

/**
 * Small pictures of the pages, drawn only while they are in or near the sidebar's visible part
 * and dropped again when they scroll far away (a 500-page document keeps a handful). The
 * current page's thumbnail is marked and kept in view.
 */
export function Thumbnails({ view, page, labels, rotation, decorate, onPage, pageMark }: ThumbnailsProps) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const current = list.current?.querySelector<HTMLElement>(`[data-thumb-page="${page}"]`);
    current?.scrollIntoView({ block: 'nearest' });
  }, [page]);
  return (
    <ol className="viewer-thumbs" ref={list} data-testid="pdf-thumbnails">
      {Array.from({ length: view.pageCount }, (_, i) => (
        <Thumbnail
          // biome-ignore lint/suspicious/noArrayIndexKey: a thumbnail is identified by its page number
          key={i}
          view={view}
          pageNumber={i + 1}
          label={labels?.[i] ?? null}
          current={page === i + 1}
          rotation={rotation}
          decorate={decorate}
          root={list}
          onPage={onPage}
          mark={pageMark?.(i + 1)}
        />
      ))}
    </ol>
  );
}

interface ThumbnailProps {
  view: DocumentView;
  pageNumber: number;
  label: string | null;
  current: boolean;
  rotation: number;
  decorate?: (canvas: HTMLCanvasElement, outputScale: number) => void;
  root: React.RefObject<HTMLOListElement | null>;
  onPage(page: number): void;
  mark?: ReactNode;
}

function Thumbnail({
  view,
  pageNumber,
  label,
  current,
  rotation,
  decorate,
  root,
  onPage,
  mark,
}: ThumbnailProps) {
  const { t } = useTranslation();
  const item = useRef<HTMLLIElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [near, setNear] = useState(false);
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    const element = item.current;
    if (!element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) setNear(entry.isIntersecting);
      },
      { root: root.current, rootMargin: '200px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [root]);

  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    if (!near) {
      target.width = 0;
      target.height = 0;
      setDrawn(false);
      return;
    }
    const controller = new AbortController();
    // Rotation is part of the picture: redraw when it changes.
    void rotation;
    view
      .renderThumbnail(pageNumber, target, THUMB_WIDTH, controller.signal)
      .then(({ outputScale }) => {
        if (controller.signal.aborted) return;
        decorate?.(target, outputScale * 0.35);
        setDrawn(true);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [near, view, pageNumber, rotation, decorate]);

  const name = label ?? String(pageNumber);
  return (
    <li ref={item} className="viewer-thumbs__item" data-thumb-page={pageNumber}>
      <button
        type="button"
        className={`viewer-thumbs__button${current ? ' viewer-thumbs__button--current' : ''}`}
        onClick={() => onPage(pageNumber)}
        aria-current={current ? 'page' : undefined}
        aria-label={t('documents.viewer.pageLabel', { page: name })}
        data-testid="pdf-thumbnail"
        data-page-number={pageNumber}
        data-drawn={drawn ? 'true' : 'false'}
      >
        <canvas ref={canvas} className="viewer-thumbs__canvas" style={{ width: THUMB_WIDTH }} />
        <span className="viewer-thumbs__label">{name}</span>
        {mark}
      </button>
    </li>
  );
}
