import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from './api';
import type { LiveSnapshot } from './yjs/live-doc';

/** What the connection badge shows. */
export type ConnectionState = 'online' | 'connecting' | 'reconnecting' | 'offline';

/**
 * Combines the browser's network flag with the live document's socket (or, where no live
 * document is open, the last health check) into one state for the badge.
 *
 * @param browserOnline `navigator.onLine`; false is reliable (no network at all), true is not
 * @param live the live document snapshot, or null when no meeting is open
 * @param serverReachable result of the last health check, or null before the first one
 */
export function deriveConnectionState(
  browserOnline: boolean,
  live: LiveSnapshot | null,
  serverReachable: boolean | null,
): ConnectionState {
  if (!browserOnline) return 'offline';
  if (live !== null) {
    if (live.closed !== null) return 'offline';
    if (live.status === 'connected' && live.synced) return 'online';
    return live.everConnected ? 'reconnecting' : 'connecting';
  }
  if (serverReachable === null) return 'connecting';
  return serverReachable ? 'online' : 'reconnecting';
}

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

/** `navigator.onLine`, re-rendering when the device gains or loses its network. */
export function useBrowserOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/** How often to ask /health when no live socket tells us whether the server is there. */
const HEALTH_INTERVAL_MS = 10_000;

/**
 * Polls the room server's health endpoint while `enabled`, for screens that have no live
 * document (staff choosing a meeting). Returns null until the first answer.
 */
export function useServerReachable(api: ApiClient, enabled: boolean): boolean | null {
  const [reachable, setReachable] = useState<boolean | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const check = async (): Promise<void> => {
      try {
        await api.health();
        if (!cancelled) setReachable(true);
      } catch {
        // Any failure means "not reachable right now"; the badge says so and we try again.
        if (!cancelled) setReachable(false);
      }
    };
    void check();
    const timer = window.setInterval(() => void check(), HEALTH_INTERVAL_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [api, enabled]);

  return reachable;
}
