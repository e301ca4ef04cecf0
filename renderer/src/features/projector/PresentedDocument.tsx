import { ROUTES } from '#common/http/route-table';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../lib/api';
import { type DocumentView, openDocumentView } from '../../lib/pdf/viewer';
import type { PresenterTarget } from '../follow/presenter-position';
import { viewerZoom } from '../follow/presenter-position';

type Shown = Extract<PresenterTarget, { kind: 'document' }>;

/**
 * The projector follows the presenter by default: the page they show, at their zoom and
 * rotation, read from the live document. The bytes of the shown version come from the server
 * (the projector keeps no cache); the document stays open while only the page moves.
 */
export function PresentedDocument({ call, target }: { call: Call; target: Shown }) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const inner = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<DocumentView | null>(null);
  const [failed, setFailed] = useState(false);
  const { documentId, version } = target;

  useEffect(() => {
    let cancelled = false;
    let opened: DocumentView | null = null;
    setFailed(false);
    (async () => {
      const detail = await call(ROUTES.getDocument, { params: { documentId } });
      const shown = detail.versions.find((v) => v.version === version) ?? detail.versions.at(-1);
      if (!shown) throw new Error('the document has no version');
      const blob = (await call(ROUTES.getBlob, { params: { sha256: shown.sha256 } })) as Blob;
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const container = scroller.current;
      const viewer = inner.current;
      if (cancelled || !container || !viewer) return;
      const documentView = await openDocumentView(bytes, {
        container,
        viewer,
        textLayer: false,
        initial: { zoom: 'page-fit', rotation: 0, page: 1, offset: 0 },
      });
      if (cancelled) {
        void documentView.destroy();
        return;
      }
      opened = documentView;
      setView(documentView);
    })().catch((error: unknown) => {
      console.warn('The projector could not open the presented document', error);
      if (!cancelled) setFailed(true);
    });
    return () => {
      cancelled = true;
      setView(null);
      if (opened) void opened.destroy();
    };
  }, [call, documentId, version]);

  useEffect(() => {
    if (!view) return;
    view.setZoom(viewerZoom(target.zoom));
    if (view.rotation !== target.rotation) view.setRotation(target.rotation);
    view.setPage(target.page);
  }, [view, target]);

  return (
    <section
      className="projector__document"
      data-testid="projector-document"
      data-page={view ? target.page : ''}
    >
      {/* biome-ignore lint/a11y/useSemanticElements: PDFViewer's container must be a div */}
      <div
        ref={scroller}
        className="projector__pages"
        role="region"
        aria-label={t('follow.isPresenting', { name: target.byName ?? '' })}
      >
        <div ref={inner} className="pdfViewer" />
      </div>
      {failed && (
        <p className="alert" role="alert">
          {t('documents.viewer.errors.unknown')}
        </p>
      )}
    </section>
  );
}
