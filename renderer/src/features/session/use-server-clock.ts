import { ROUTES } from '#common/http/route-table';
import { useEffect, useState } from 'react';
import type { Call } from '../../lib/api';
import { bestOffset, type ClockSample } from './server-clock';

/** Samples per estimate: the shortest round trip of a few is the most accurate one. */
const SAMPLES = 3;
/** Clocks drift and laptops sleep: estimate again this often. */
const REFRESH_MS = 5 * 60_000;

/**
 * The offset (ms) from this device's clock to the room server's, from `GET /clock`; null
 * until the first estimate (timers then use the device clock). A failed estimate keeps the
 * previous one: a timer a little off beats no timer.
 */
export function useServerClockOffset(call: Call): number | null {
  const [offset, setOffset] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    const estimate = async (): Promise<void> => {
      const samples: ClockSample[] = [];
      for (let i = 0; i < SAMPLES && !cancelled; i++) {
        const sentAt = Date.now();
        try {
          const { serverNow } = await call(ROUTES.getClock);
          samples.push({ sentAt, receivedAt: Date.now(), serverTime: Date.parse(serverNow) });
        } catch {
          // Offline or refused: keep the last estimate, try again at the next refresh.
          break;
        }
      }
      const next = bestOffset(samples);
      if (!cancelled && next !== null) setOffset(next);
    };
    void estimate();
    const timer = window.setInterval(() => void estimate(), REFRESH_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [call]);

  return offset;
}

/**
 * The local clock, re-read every `intervalMs` while `active` (a running timer or countdown);
 * no re-renders otherwise.
 */
export function useNow(active: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
