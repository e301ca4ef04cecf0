import { useEffect, useRef } from 'react';
import { ANNOTATION_LIMITS } from '#common/schemas/annotation';

export interface AnnotationEditorProps {
  initial: string;
  multiline?: boolean;
  label: string;
  className: string;
  /** The new text, or null when the edit was cancelled (Escape). */
  onDone(text: string | null): void;
}

/**
 * The text of a note, a text box or a bookmark, edited in place: focused on opening; Enter (a
 * bookmark) or Ctrl+Enter (a note, a text box) or leaving the field keeps it, Escape cancels.
 */
export function AnnotationEditor({
  initial,
  multiline = false,
  label,
  className,
  onDone,
}: AnnotationEditorProps) {
  const field = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);
  const finish = (text: string | null): void => {
    if (done.current) return;
    done.current = true;
    onDone(text);
  };
  const common = {
    ref: field,
    className,
    defaultValue: initial,
    'aria-label': label,
    'data-testid': 'ann-editor',
    maxLength: multiline ? ANNOTATION_LIMITS.textChars : ANNOTATION_LIMITS.labelChars,
    onBlur: () => finish(field.current?.value ?? initial),
    onPointerDown: (event: { stopPropagation(): void }) => event.stopPropagation(),
    onKeyDown: (event: React.KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        finish(null);
      } else if (event.key === 'Enter' && (!multiline || event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        finish(field.current?.value ?? initial);
      }
    },
  };
  return multiline ? <textarea {...common} /> : <input type="text" {...common} />;
}
