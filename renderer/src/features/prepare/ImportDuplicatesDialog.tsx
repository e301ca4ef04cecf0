import type { ImportDuplicate } from '#common/schemas/participant';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ModalQuestion } from '../../components/ModalQuestion';

/** Props of {@link ImportDuplicatesDialog}. */
export interface ImportDuplicatesDialogProps {
  /** The file's name, as the secretariat picked it. */
  fileName: string;
  /** How many people the file lists. */
  rowCount: number;
  /** The rows that repeat a person (same name and unit) already in the list or earlier in the file. */
  duplicates: readonly ImportDuplicate[];
  /** An answer is being sent. */
  busy: boolean;
  onSkip: () => void;
  onImportAnyway: () => void;
  onCancel: () => void;
}

/** Most repeated people listed by name; the rest are counted. */
const LISTED = 8;

/**
 * "Danh sách có người đã có": asked when an imported file repeats people, before anything is
 * imported (importing the same list twice would otherwise double everyone). Three answers: skip
 * the repeated people (the safe default, focused first), import them anyway, or import nothing.
 */
export function ImportDuplicatesDialog({
  fileName,
  rowCount,
  duplicates,
  busy,
  onSkip,
  onImportAnyway,
  onCancel,
}: ImportDuplicatesDialogProps) {
  const { t } = useTranslation();
  const skip = useRef<HTMLButtonElement>(null);

  const fresh = rowCount - duplicates.length;
  const more = duplicates.length - LISTED;
  return (
    <ModalQuestion
      open
      wide
      busy={busy}
      title={t('prepare.participants.duplicates.title')}
      initialFocus={skip}
      onCancel={onCancel}
      testId="import-duplicates-dialog"
      actions={
        <>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={onCancel}
            data-testid="import-cancel"
          >
            {t('prepare.participants.duplicates.cancel')}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={onImportAnyway}
            data-testid="import-anyway"
          >
            {t('prepare.participants.duplicates.importAnyway', { count: rowCount })}
          </button>
          <button
            ref={skip}
            type="button"
            className="button button--primary"
            disabled={busy || fresh === 0}
            onClick={onSkip}
            data-testid="import-skip-duplicates"
          >
            {t('prepare.participants.duplicates.skip', { count: fresh })}
          </button>
        </>
      }
    >
      <p data-testid="import-duplicates-summary">
        {t('prepare.participants.duplicates.summary', { count: duplicates.length, file: fileName })}
      </p>
      <ul className="modal-question__list modal-question__list--scroll" data-testid="import-duplicates-list">
        {duplicates.slice(0, LISTED).map((duplicate) => (
          <li key={duplicate.row} data-testid="import-duplicate">
            <strong>{duplicate.name}</strong>
            {duplicate.unit && <> — {duplicate.unit}</>}
            <span className="muted">
              {' '}
              (
              {duplicate.existingId
                ? t('prepare.participants.duplicates.inList')
                : t('prepare.participants.duplicates.inFile')}
              )
            </span>
          </li>
        ))}
        {more > 0 && <li className="muted">{t('prepare.participants.duplicates.more', { count: more })}</li>}
      </ul>
      <p className="field__hint">{t('prepare.participants.duplicates.rule')}</p>
    </ModalQuestion>
  );
}
