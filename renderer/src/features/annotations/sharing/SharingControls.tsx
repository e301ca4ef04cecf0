import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnnotations } from '../AnnotationTools';
import { moveAll, moveAnnotation } from './move-annotation';
import type { DocumentSharing } from './use-document-sharing';

/**
 * Sharing, inside the annotation tools: "Chia sẻ" / "Thôi chia sẻ" for the selected annotation
 * (moves it between the user's private and shared layers, same id), "Chia sẻ tất cả", and the
 * button of the shared-notes panel. Hands other people's visible shared layers to the overlay
 * and tells the reading room whether this user shares anything.
 */
export function SharingControls({ sharing }: { sharing: DocumentSharing }) {
  const { t } = useTranslation();
  const annotations = useAnnotations();
  const setOthers = annotations?.setOthers;
  const { layers, hidden, setSharing, panelOpen, setPanelOpen } = sharing;

  useEffect(() => {
    setOthers?.(
      layers
        .filter((l) => !hidden.has(l.ownerId))
        .map((l) => ({
          authorId: l.ownerId,
          authorName: l.name,
          color: l.colour,
          annotations: l.annotations,
        })),
    );
  }, [setOthers, layers, hidden]);

  const ownShared = annotations?.snapshot.shared.length ?? 0;
  useEffect(() => setSharing(ownShared > 0), [setSharing, ownShared]);

  if (!annotations) return null;
  const { own, snapshot, selectedId } = annotations;
  const layer = selectedId === null ? null : own.layerOf(selectedId);
  const layersOf = own.layers;
  const others = layers.reduce((n, l) => n + l.annotations.length, 0);

  return (
    <div className="pdf-viewer__group sharing-controls" data-testid="ann-sharing">
      {selectedId !== null && layer === 'private' && (
        <button
          type="button"
          className="button"
          onClick={() => moveAnnotation(layersOf.private.doc, layersOf.shared.doc, selectedId)}
          data-testid="ann-share"
        >
          {t('sharing.share')}
        </button>
      )}
      {selectedId !== null && layer === 'shared' && (
        <button
          type="button"
          className="button"
          onClick={() => moveAnnotation(layersOf.shared.doc, layersOf.private.doc, selectedId)}
          data-testid="ann-unshare"
        >
          {t('sharing.unshare')}
        </button>
      )}
      {snapshot.private.length > 0 ? (
        <button
          type="button"
          className="button"
          onClick={() => moveAll(layersOf.private.doc, layersOf.shared.doc)}
          data-testid="ann-share-all"
        >
          {t('sharing.shareAll')}
        </button>
      ) : (
        snapshot.shared.length > 0 && (
          <button
            type="button"
            className="button"
            onClick={() => moveAll(layersOf.shared.doc, layersOf.private.doc)}
            data-testid="ann-unshare-all"
          >
            {t('sharing.unshareAll')}
          </button>
        )
      )}
      <button
        type="button"
        className="button"
        aria-pressed={panelOpen}
        onClick={() => setPanelOpen(!panelOpen)}
        data-testid="ann-panel-toggle"
      >
        {t('sharing.openPanel', { n: others })}
      </button>
    </div>
  );
}
