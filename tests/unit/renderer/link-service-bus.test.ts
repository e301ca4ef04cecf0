import { describe, expect, it } from 'vitest';
import { type LinkServiceEventBus, linkServiceBus } from '../../../renderer/src/lib/pdf/link-service-bus';

/** A bus with pdf.js's shape: listeners per event, dispatch calls them. */
function recordingBus() {
  const listeners = new Map<string, Set<(event: never) => void>>();
  const bus: LinkServiceEventBus & { count(name: string): number } = {
    on(name, listener) {
      listeners.set(name, (listeners.get(name) ?? new Set()).add(listener));
    },
    off(name, listener) {
      listeners.get(name)?.delete(listener);
    },
    dispatch(name, data) {
      for (const listener of listeners.get(name) ?? []) (listener as (d: object) => void)(data);
    },
    count: (name) => listeners.get(name)?.size ?? 0,
  };
  return bus;
}

describe('the link service’s event bus', () => {
  it('drops the late focus after a jump: a text layer drawn later does not take focus', () => {
    const bus = recordingBus();
    const seen: string[] = [];
    // What PDFLinkService.goToDestination does after scrolling to the destination's page.
    linkServiceBus(bus).on('textlayerrendered', () => seen.push('focus'));
    bus.dispatch('textlayerrendered', { pageNumber: 6 });
    expect(seen).toEqual([]);
    expect(bus.count('textlayerrendered')).toBe(0);
  });

  it('passes everything else through both ways', () => {
    const bus = recordingBus();
    const linkBus = linkServiceBus(bus);
    const seen: unknown[] = [];
    const listener = (event: never) => seen.push(event);
    linkBus.on('namedaction', listener);
    linkBus.dispatch('namedaction', { action: 'NextPage' });
    bus.dispatch('namedaction', { action: 'PrevPage' });
    linkBus.off('namedaction', listener);
    bus.dispatch('namedaction', { action: 'FirstPage' });
    expect(seen).toEqual([{ action: 'NextPage' }, { action: 'PrevPage' }]);
    // Methods keep their own `this` (pdf.js's EventBus uses private fields).
    expect(linkBus.count('namedaction')).toBe(0);
  });
});
