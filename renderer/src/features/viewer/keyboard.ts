/**
 * The viewer's keys, as a pure mapping from a key press to what it does (unit-tested; the
 * dialog applies it). Reading keys act only when focus is not in a field, so typing a page
 * number or a search never turns pages.
 */

/** What a key does in the viewer. */
export type ViewerKeyAction =
  | 'next-page'
  | 'previous-page'
  | 'screen-down'
  | 'screen-up'
  | 'first-page'
  | 'last-page'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-reset'
  | 'find'
  | 'close';

/** The parts of a key event the mapping looks at. */
export interface ViewerKey {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  /** Focus is in a text field (input, textarea, select, contenteditable). */
  readonly inField: boolean;
  /** Focus is on a button or link (Space and Enter press it). */
  readonly onControl: boolean;
}

/** The action of a key press, or null to leave it to the browser. */
export function viewerKeyAction(event: ViewerKey): ViewerKeyAction | null {
  const command = event.ctrlKey || event.metaKey;
  if (event.key === 'Escape') return 'close';
  if (command && !event.altKey) {
    switch (event.key) {
      case 'f':
      case 'F':
        return 'find';
      case '+':
      case '=':
        return 'zoom-in';
      case '-':
      case '_':
        return 'zoom-out';
      case '0':
        return 'zoom-reset';
      default:
        return null;
    }
  }
  if (event.inField || event.altKey || command) return null;
  switch (event.key) {
    case 'PageDown':
      return 'screen-down';
    case 'PageUp':
      return 'screen-up';
    case ' ':
    case 'Spacebar':
      if (event.onControl) return null;
      return event.shiftKey ? 'screen-up' : 'screen-down';
    case 'ArrowDown':
    case 'ArrowRight':
      return 'next-page';
    case 'ArrowUp':
    case 'ArrowLeft':
      return 'previous-page';
    case 'Home':
      return 'first-page';
    case 'End':
      return 'last-page';
    default:
      return null;
  }
}

/** Whether an element takes typed text (then reading keys are the field's). */
export function isTextField(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLElement && element.isContentEditable) return true;
  return element.matches('input, textarea, select');
}

/** Whether Space/Enter on the element press it. */
export function isControl(element: Element | null): boolean {
  return element?.matches('button, a[href], summary, [role="button"], [role="tab"]') ?? false;
}

/**
 * PageDown/Space: the rest of the current page first when it runs below the reading area
 * (by at most a screen, keeping a strip for context), else the next page. Returns the pixels
 * to scroll, or null for "go to the next page". `below` is how far the page's bottom is under
 * the area's bottom (negative when it is above), `screen` the area's height.
 */
export function screenStep(below: number, screen: number, overlap = 40): number | null {
  // A page that ends within a border's width of the area's bottom is read to its end.
  if (below <= 24) return null;
  return Math.max(1, Math.min(below, screen - overlap));
}
