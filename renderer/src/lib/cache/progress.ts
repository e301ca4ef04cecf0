/**
 * Download progress maths: totals, percent, transfer rate over a sliding window and time
 * left. Pure and clock-agnostic (times are passed in), so it is unit-tested under Node.
 */

/** One sample of the rate meter: `bytes` arrived at time `at` (ms). */
interface Sample {
  readonly at: number;
  readonly bytes: number;
}

/**
 * Bytes per second over the last `windowMs`. A sliding window reacts to a stalled or
 * resumed network within seconds, where an average since the start would keep showing a
 * rate long gone.
 */
export class RateMeter {
  /** Samples inside the window, oldest first. */
  private readonly samples: Sample[] = [];
  /** Sum of `bytes` over `samples`. */
  private sum = 0;

  constructor(private readonly windowMs = 5_000) {}

  /** Records that `bytes` arrived at time `at` (ms, monotonic). */
  add(at: number, bytes: number): void {
    if (bytes <= 0) return;
    this.samples.push({ at, bytes });
    this.sum += bytes;
    this.trim(at);
  }

  /** Bytes per second at time `now`; 0 when nothing arrived within the window. */
  rate(now: number): number {
    this.trim(now);
    const first = this.samples[0];
    if (first === undefined) return 0;
    // Measure over the time actually covered, but at least one second: right after a start,
    // two samples 10 ms apart would otherwise claim an absurd rate.
    const span = Math.max(1_000, Math.min(this.windowMs, now - first.at));
    return (this.sum * 1_000) / span;
  }

  /** Forgets everything (e.g. when the document list changes). */
  reset(): void {
    this.samples.length = 0;
    this.sum = 0;
  }

  private trim(now: number): void {
    while (this.samples.length > 0 && (this.samples[0] as Sample).at <= now - this.windowMs) {
      this.sum -= (this.samples.shift() as Sample).bytes;
    }
  }
}

/**
 * Whole percent done, rounded down so 100 means "all of it" and never "almost". An empty
 * total counts as done.
 */
export function percentDone(received: number, total: number): number {
  if (total <= 0) return 100;
  const clamped = Math.min(Math.max(received, 0), total);
  return Math.floor((clamped * 100) / total);
}

/** Seconds left at `bytesPerSecond`, rounded up; null when unknown (no rate yet). */
export function secondsLeft(remaining: number, bytesPerSecond: number): number | null {
  if (remaining <= 0) return 0;
  if (!(bytesPerSecond > 0)) return null;
  return Math.ceil(remaining / bytesPerSecond);
}

/** The parts of a per-file progress the total needs. */
export interface PartProgress {
  readonly byteSize: number;
  readonly receivedBytes: number;
  readonly done: boolean;
}

/** Totals over several files. */
export interface TotalProgress {
  readonly totalBytes: number;
  readonly receivedBytes: number;
  readonly percent: number;
  /** Files finished (verified and stored) and files in all. */
  readonly doneCount: number;
  readonly count: number;
}

/**
 * Sums per-file progress. A file counts fully only once it is done (verified); until then
 * its received bytes are capped one byte short, so the total cannot show 100% while the
 * last file is still being checked.
 */
export function totalProgress(parts: readonly PartProgress[]): TotalProgress {
  let totalBytes = 0;
  let receivedBytes = 0;
  let doneCount = 0;
  for (const part of parts) {
    totalBytes += part.byteSize;
    if (part.done) {
      receivedBytes += part.byteSize;
      doneCount += 1;
    } else {
      receivedBytes += Math.min(part.receivedBytes, Math.max(0, part.byteSize - 1));
    }
  }
  const percent = doneCount === parts.length ? 100 : Math.min(99, percentDone(receivedBytes, totalBytes));
  return { totalBytes, receivedBytes, percent, doneCount, count: parts.length };
}

/** Megabytes (10^6 bytes, as file managers and network tools show them) per second. */
export function toMegabytesPerSecond(bytesPerSecond: number): number {
  return bytesPerSecond / 1_000_000;
}
