/**
 * The event bus pdf.js's PDFLinkService is given. After a jump to a destination (an outline
 * entry, a link inside the PDF) the link service waits for that page's text layer and then
 * focuses it; the wait is never cancelled. When the reader has moved on before that page was
 * drawn, the focus comes later, out of nowhere, and the browser scrolls the old destination into
 * view: a delegate pressing ↓ lands two pages on. So the link service's text-layer listeners
 * are dropped; focus stays where the reader put it (the outline entry or the page).
 */

/** The part of pdf.js's EventBus the link service uses. */
export interface LinkServiceEventBus {
  on(eventName: string, listener: (event: never) => void, options?: unknown): void;
  off(eventName: string, listener: (event: never) => void, options?: unknown): void;
  dispatch(eventName: string, data: object): void;
}

/** The only event the link service listens to, for the late focus. */
const LATE_FOCUS_EVENT = 'textlayerrendered';

/** `bus` as the link service should see it: its dispatches go through, its late focus does not. */
export function linkServiceBus<B extends LinkServiceEventBus>(bus: B): B {
  return new Proxy(bus, {
    get(target, property, receiver) {
      if (property === 'on' || property === 'off') {
        return (eventName: string, listener: (event: never) => void, options?: unknown): void => {
          if (eventName === LATE_FOCUS_EVENT) return;
          target[property](eventName, listener, options);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
