import { useTranslation } from 'react-i18next';
import { useDocuments } from '../documents/DocumentsContext';
import { useFollow } from './FollowContext';

/**
 * The follow toggle and the present toggle. In the viewer (`inViewer`) and above the meeting's
 * screens: "Theo dõi người trình bày" when someone presents, "Đang theo dõi người trình bày"
 * while following (a click stops), "Theo dõi lại" once the reader scrolled away; a clear message
 * instead when the presenter shows a document this reader may not open. The chair or the named
 * presenter gets "Trình chiếu" in the viewer.
 */
export function FollowControls({ inViewer, page }: { inViewer: boolean; page?: number }) {
  const { t } = useTranslation();
  const follow = useFollow();
  const documents = useDocuments();
  if (!follow) return null;
  const { target, mode, presenting } = follow;
  const listed =
    target.kind === 'document' &&
    (documents?.distribution.snapshot.documents.some((d) => d.document.id === target.documentId) ?? false);
  const hidden =
    target.kind === 'restricted' || (target.kind === 'document' && documents !== null && !listed);
  const by = target.kind === 'none' ? null : target.byName;

  return (
    <div
      className={`follow-bar${inViewer ? ' follow-bar--viewer' : ''}`}
      data-testid="follow-bar"
      data-mode={mode}
      data-presenter-page={target.kind === 'document' ? target.page : ''}
    >
      {inViewer && follow.canPresent && (
        <button
          type="button"
          className={`button${presenting ? ' button--pressed' : ''}`}
          aria-pressed={presenting}
          onClick={() => follow.setPresenting(!presenting)}
          data-testid="present-toggle"
        >
          {presenting ? t('follow.stopPresenting') : t('follow.present')}
        </button>
      )}
      {presenting ? (
        <span className="follow-bar__status" role="status" data-testid="present-status">
          {page !== undefined ? t('follow.youPresent', { page }) : t('follow.present')}
        </span>
      ) : target.kind === 'none' ? null : hidden ? (
        <p className="follow-bar__restricted" role="status" data-testid="follow-restricted">
          {t('follow.restricted', { name: by ?? t('follow.thePresenter') })}
        </p>
      ) : (
        <>
          {!inViewer && by && (
            <span className="follow-bar__status">{t('follow.isPresenting', { name: by })}</span>
          )}
          <button
            type="button"
            className={`button${mode === 'attached' ? ' button--pressed' : ''}`}
            aria-pressed={mode === 'attached'}
            onClick={() => (mode === 'attached' ? follow.stop() : follow.follow())}
            data-testid="follow-presenter"
            data-mode={mode}
          >
            {mode === 'attached'
              ? t('follow.following')
              : mode === 'detached'
                ? t('follow.again')
                : t('follow.follow')}
          </button>
        </>
      )}
      {follow.presentError && (
        <p className="alert follow-bar__error" role="alert" data-testid="present-error">
          {follow.presentError}
        </p>
      )}
    </div>
  );
}
