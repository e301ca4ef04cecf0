import { type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';

/** Props of {@link ModalQuestion}. */
export interface ModalQuestionProps {
  /** Whether the question is shown. */
  open: boolean;
  title: string;
  /** What the answers mean. */
  children: ReactNode;
  /** The answer buttons, the safe one first in reading order. */
  actions: ReactNode;
  /** The button focused when the question opens: the safe answer. */
  initialFocus: RefObject<HTMLButtonElement | null>;
  /** Escape (unless `busy`). */
  onCancel: () => void;
  /** An answer is being carried out: Escape does nothing. */
  busy?: boolean;
  /** Room for a list (the import question); the default suits a short question. */
  wide?: boolean;
  testId: string;
}

/**
 * A question that must be answered before going on, as a native modal `<dialog>`: the page
 * behind is inert, focus starts on the safe answer and returns where it was when it closes,
 * Escape cancels.
 */
export function ModalQuestion({
  open,
  title,
  children,
  actions,
  initialFocus,
  onCancel,
  busy = false,
  wide = false,
  testId,
}: ModalQuestionProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (open && !element.open) {
      element.showModal();
      initialFocus.current?.focus();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open, initialFocus]);
  useEffect(() => () => dialog.current?.close(), []);

  return (
    <dialog
      ref={dialog}
      className={wide ? 'modal-question modal-question--wide' : 'modal-question'}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      // Escape: the browser would close the dialog by itself; the owner's state decides instead.
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={titleId} className="modal-question__title">
        {title}
      </h2>
      <div id={bodyId}>{children}</div>
      <div className="modal-question__actions">{actions}</div>
    </dialog>
  );
}
