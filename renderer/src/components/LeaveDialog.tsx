import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ModalQuestion } from './ModalQuestion';

/** Props of {@link LeaveDialog}. */
export interface LeaveDialogProps {
  /** Whether the question is shown. */
  open: boolean;
  /** The delegate chose to stay (the button, Escape). */
  onCancel: () => void;
  /** The delegate chose to leave. */
  onConfirm: () => void;
}

/**
 * "Rời phòng họp?": asked before the device signs out, because leaving cannot be undone on
 * the device — the join code was single-use (a new one comes from the secretariat) and the
 * meeting's confidential documents are removed from the device. "Ở lại" is the safe answer.
 */
export function LeaveDialog({ open, onCancel, onConfirm }: LeaveDialogProps) {
  const { t } = useTranslation();
  const stay = useRef<HTMLButtonElement>(null);
  return (
    <ModalQuestion
      open={open}
      title={t('leaveDialog.title')}
      initialFocus={stay}
      onCancel={onCancel}
      testId="leave-dialog"
      actions={
        <>
          <button ref={stay} type="button" className="button" onClick={onCancel} data-testid="leave-cancel">
            {t('leaveDialog.stay')}
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={onConfirm}
            data-testid="leave-confirm"
          >
            {t('leaveDialog.leave')}
          </button>
        </>
      }
    >
      <p>{t('leaveDialog.signOut')}</p>
      <ul className="modal-question__list">
        <li data-testid="leave-dialog-code">{t('leaveDialog.code')}</li>
        <li data-testid="leave-dialog-confidential">{t('leaveDialog.confidential')}</li>
      </ul>
    </ModalQuestion>
  );
}
