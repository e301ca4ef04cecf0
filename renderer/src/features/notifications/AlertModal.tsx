import { type ReactNode, useEffect, useId, useRef } from 'react';

/** Props of {@link AlertModal}. */
export interface AlertModalProps {
  title: string;
  children: ReactNode;
  /** The acknowledging action (e.g. "Biểu quyết ngay"); focused when the modal opens. */
  actionLabel: string;
  onAction: () => void;
  /** A second, quieter way to dismiss (e.g. "Để sau"); omit to make the action the only way out. */
  dismissLabel?: string;
  onDismiss?: () => void;
  testId: string;
}

/**
 * A notice the delegate cannot miss: a native modal `<dialog>` (the page behind is inert),
 * announced assertively (role="alertdialog"), focus on its action, and Escape does nothing
 * unless a dismiss action is offered. It is mounted only while shown.
 */
export function AlertModal({
  title,
  children,
  actionLabel,
  onAction,
  dismissLabel,
  onDismiss,
  testId,
}: AlertModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const action = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (!element.open) element.showModal();
    action.current?.focus();
    return () => element.close();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="alert-modal"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onDismiss?.();
      }}
    >
      <h2 id={titleId} className="alert-modal__title">
        {title}
      </h2>
      <div id={bodyId} className="alert-modal__body">
        {children}
      </div>
      <div className="alert-modal__actions">
        {dismissLabel && onDismiss && (
          <button
            type="button"
            className="button button--quiet"
            onClick={onDismiss}
            data-testid={`${testId}-dismiss`}
          >
            {dismissLabel}
          </button>
        )}
        <button
          ref={action}
          type="button"
          className="button button--primary alert-modal__action"
          onClick={onAction}
          data-testid={`${testId}-action`}
        >
          {actionLabel}
        </button>
      </div>
    </dialog>
  );
}
