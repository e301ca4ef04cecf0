import { type RefObject, useEffect, useRef } from 'react';
import type { DocumentView, ZoomValue } from '../../lib/pdf/viewer';
import { useFollow } from './FollowContext';
import { normalRotation } from '../../lib/pdf/rotation';
import { presenterZoom, viewerZoom } from './presenter-position';

/** Keys that move the reading position (features/viewer/keyboard.ts). */
const MOVING_KEYS = new Set([
  'PageUp',
  'PageDown',
  ' ',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
]);
/** A page change this soon after the reader's own click or key is theirs. */
const OWN_INPUT_MS = 1500;

/** What the viewer tells follow mode. */
export interface FollowedView {
  readonly documentId: string;
  readonly version: number;
  readonly view: DocumentView | null;
  readonly scroller: RefObject<HTMLDivElement | null>;
  readonly page: number;
  readonly zoom: ZoomValue;
  readonly scale: number;
  readonly rotation: number;
}

/**
 * Follow mode inside the viewer: moves with the presenter while attached, detaches when the
 * reader scrolls (wheel, touch, reading keys) or turns to another page themselves; while this
 * reader presents, sends where they are.
 */
export function useFollowInViewer({
  documentId,
  version,
  view,
  scroller,
  page,
  zoom,
  scale,
  rotation,
}: FollowedView): void {
  const follow = useFollow();
  const applying = useRef(false);
  const target = useRef<number | null>(null);
  const lastInput = useRef(Number.NEGATIVE_INFINITY);
  const register = follow?.register;
  const detach = follow?.detach;
  const attached = follow?.mode === 'attached' && !follow.presenting;

  useEffect(() => {
    if (!view || !register) return;
    return register({
      documentId,
      apply(to) {
        applying.current = true;
        try {
          const wanted = viewerZoom(to.zoom);
          view.setZoom(wanted);
          if (view.rotation !== to.rotation) view.setRotation(to.rotation);
          view.setPage(to.page);
          target.current = to.page;
        } finally {
          applying.current = false;
        }
      },
    });
  }, [view, register, documentId]);

  // Scrolling away detaches.
  useEffect(() => {
    const area = scroller.current;
    if (!attached || !area || !detach) return;
    const away = (): void => detach();
    const onKey = (event: KeyboardEvent): void => {
      lastInput.current = Date.now();
      // Keys typed in a field or pressing a button (Space on "Đang theo dõi") are not reading.
      const field =
        event.target instanceof HTMLElement &&
        event.target.closest('input, textarea, select, button, a[href], [contenteditable="true"]');
      if (!field && MOVING_KEYS.has(event.key)) detach();
    };
    const onPointer = (): void => {
      lastInput.current = Date.now();
    };
    area.addEventListener('wheel', away, { passive: true });
    area.addEventListener('touchmove', away, { passive: true });
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onPointer, true);
    return () => {
      area.removeEventListener('wheel', away);
      area.removeEventListener('touchmove', away);
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPointer, true);
    };
  }, [attached, scroller, detach]);

  // The reader turned the page themselves (the toolbar, a thumbnail, a link).
  useEffect(() => {
    if (!attached || !detach || applying.current || target.current === null) return;
    if (page !== target.current && Date.now() - lastInput.current < OWN_INPUT_MS) detach();
  }, [attached, detach, page]);

  // Presenting: where this reader is, sent through the presenter route (throttled there).
  const presenting = follow?.presenting ?? false;
  const publish = follow?.publish;
  useEffect(() => {
    if (!presenting || !publish || !view) return;
    publish({
      documentId,
      version,
      page,
      zoom: presenterZoom(zoom, scale),
      rotation: normalRotation(rotation),
    });
  }, [presenting, publish, view, documentId, version, page, zoom, scale, rotation]);
}
