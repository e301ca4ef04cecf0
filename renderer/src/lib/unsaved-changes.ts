import { useEffect } from 'react';

/**
 * Forms with edits not yet saved. Leaving the screen they are on (another view, another
 * meeting, signing out, closing or reloading the window) asks first instead of dropping them.
 */
const unsaved = new Set<string>();

function onBeforeUnload(event: BeforeUnloadEvent): void {
  if (unsaved.size === 0) return;
  // Browsers (and Electron) show their own question; the text is theirs.
  event.preventDefault();
  event.returnValue = '';
}

/** Records whether the form `key` has unsaved edits. */
export function setUnsaved(key: string, isUnsaved: boolean): void {
  if (isUnsaved) unsaved.add(key);
  else unsaved.delete(key);
  if (typeof window === 'undefined') return;
  if (unsaved.size > 0) window.addEventListener('beforeunload', onBeforeUnload);
  else window.removeEventListener('beforeunload', onBeforeUnload);
}

export function hasUnsaved(): boolean {
  return unsaved.size > 0;
}

/**
 * Whether leaving may go ahead: at once when nothing is unsaved, else when the user agrees to
 * drop the edits (`question` says what is lost). Agreeing forgets them.
 */
export function confirmDiscard(
  question: string,
  ask: (question: string) => boolean = window.confirm.bind(window),
): boolean {
  if (unsaved.size === 0) return true;
  if (!ask(question)) return false;
  unsaved.clear();
  if (typeof window !== 'undefined') window.removeEventListener('beforeunload', onBeforeUnload);
  return true;
}

/** Keeps `key`'s unsaved state while the form is mounted; an unmounted form has nothing to lose. */
export function useUnsavedChanges(key: string, isUnsaved: boolean): void {
  useEffect(() => {
    setUnsaved(key, isUnsaved);
  }, [key, isUnsaved]);
  useEffect(() => () => setUnsaved(key, false), [key]);
}
