import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

type GcFunction = (options?: { type?: 'minor' | 'major' }) => void;

/**
 * The benchmark process's own garbage collector, made callable without a command-line flag
 * (the npm script is a plain `tsx`). Null if this Node does not allow it.
 *
 * 200 clients in one process produce a lot of short-lived garbage while they apply updates; a
 * scavenge (~3 ms here) that lands inside a measured fan-out window delays every receiver
 * after it. Collecting between windows keeps the benchmark's own GC out of the figures.
 */
export const benchGc: GcFunction | null = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as GcFunction) : null;
  } catch {
    return null;
  }
})();

/** Records this process's GC pauses, to tell how much of a set of time windows they took. */
export class GcRecorder {
  private readonly pauses: { start: number; end: number }[] = [];
  private readonly observer: PerformanceObserver;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        this.pauses.push({ start: e.startTime, end: e.startTime + e.duration });
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /**
   * Total GC pause time inside the windows (each [start, end] in performance.now() time), ms.
   * Entries are delivered asynchronously: call this a little after the last window.
   */
  pauseMsWithin(windows: readonly (readonly [number, number])[]): number {
    let total = 0;
    for (const [ws, we] of windows) {
      for (const p of this.pauses) {
        const overlap = Math.min(we, p.end) - Math.max(ws, p.start);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  stop(): void {
    this.observer.disconnect();
  }
}
