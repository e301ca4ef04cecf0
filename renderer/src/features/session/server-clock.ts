/**
 * The room server's clock as this device estimates it. Speaking timers and vote countdowns
 * are stored as server instants (a start time and a limit), so every laptop and the projector
 * must subtract from the same "now": a laptop whose clock is 40 s off would otherwise show a
 * different remaining time from the projector's.
 */

/** One exchange with the server: when we asked, when the answer came, what time it said. */
export interface ClockSample {
  /** Local `Date.now()` just before the request left. */
  readonly sentAt: number;
  /** Local `Date.now()` when the answer arrived. */
  readonly receivedAt: number;
  /** The server's time in the answer (`serverNow`), in ms since the epoch. */
  readonly serverTime: number;
}

/**
 * Offset to add to the local clock to get the server's (NTP's midpoint rule): the server
 * read its clock somewhere between our send and receive; assume the middle.
 */
export function offsetOf(sample: ClockSample): number {
  return Math.round(sample.serverTime - (sample.sentAt + sample.receivedAt) / 2);
}

/**
 * The best offset from several samples: the one with the shortest round trip, whose
 * midpoint guess has the smallest possible error. Null when there is no usable sample
 * (a clock that went backwards during the exchange is discarded).
 */
export function bestOffset(samples: readonly ClockSample[]): number | null {
  let best: ClockSample | null = null;
  for (const sample of samples) {
    const rtt = sample.receivedAt - sample.sentAt;
    if (rtt < 0 || !Number.isFinite(sample.serverTime)) continue;
    if (best === null || rtt < best.receivedAt - best.sentAt) best = sample;
  }
  return best === null ? null : offsetOf(best);
}

/** The server's "now" for a local instant, given the offset (0 until one is known). */
export function serverNow(localNow: number, offsetMs: number | null): number {
  return localNow + (offsetMs ?? 0);
}

/** "4:05", "-0:12", "1:02:03": minutes and seconds, hours only when needed. */
export function formatTimer(totalSeconds: number): string {
  const sign = totalSeconds < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(totalSeconds));
  const hours = Math.floor(abs / 3600);
  const minutes = Math.floor((abs % 3600) / 60);
  const seconds = abs % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${sign}${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${sign}${minutes}:${ss}`;
}

/** The timer's phase: plenty of time, the warning near the end, or over the limit. */
export type TimerPhase = 'running' | 'warning' | 'over';

/** Warning when at most `warningSeconds` are left (the server's rule, `SPEAKER_WARNING_SECONDS`). */
export function timerPhase(left: number, warningSeconds: number): TimerPhase {
  if (left <= 0) return 'over';
  return left <= warningSeconds ? 'warning' : 'running';
}
