import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

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
 * meeting's confidential documents are removed from the device. A native modal `<dialog>`:
 * the page behind is inert, focus starts on "Ở lại" (the safe answer) and returns to the
 * header button when it closes, Escape cancels.
 */
export function LeaveDialog({ open, onCancel, onConfirm }: LeaveDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const stay = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (open && !element.open) {
      element.showModal();
      stay.current?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid="leave-dialog"
      // Escape: the browser closes the dialog; keep the state in step with it.
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId} className="confirm-dialog__title">
        {t('leaveDialog.title')}
      </h2>
      <div id={bodyId} className="confirm-dialog__body">
        <p>{t('leaveDialog.signOut')}</p>
        <ul className="confirm-dialog__points">
          <li data-testid="leave-dialog-code">{t('leaveDialog.code')}</li>
          <li data-testid="leave-dialog-confidential">{t('leaveDialog.confidential')}</li>
        </ul>
      </div>
      <div className="confirm-dialog__actions">
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
      </div>
    </dialog>
  );
}
