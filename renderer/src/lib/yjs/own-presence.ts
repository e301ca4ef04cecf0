import type { Awareness } from 'y-protocols/awareness';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';
import { PRESENCE_READING_KEY, type PresenceReading } from '#common/protocol/presence';

/** Local presence changes are sent at most this often by default. */
export const PRESENCE_INTERVAL_MS = 250;

/** Sends this client's own presence; stops when `stop()` is called. */
export interface OwnPresence {
  /** Sends a pending change now (or nothing when none is pending). */
  flush(): void;
  stop(): void;
}

/**
 * Sends only this client's own awareness entry, throttled. The stock provider sends every
 * changed entry, remote ones included, so each change in a room of N comes back to the server
 * N−1 more times; here a remote change is never sent. A burst of local changes costs one message
 * now and one when `intervalMs` has passed, carrying the state as it is then (the latest wins,
 * the last is always sent). Leaving (a null state) goes at once. The renewal y-protocols makes
 * every 15 s is a local update too, so it passes through here like any other.
 */
export function sendOwnPresence(
  awareness: Awareness,
  send: (update: Uint8Array) => void,
  intervalMs: number = PRESENCE_INTERVAL_MS,
): OwnPresence {
  const own = awareness.clientID;
  let lastSent = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const sendNow = (): void => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    lastSent = Date.now();
    // Encoded now, not when the change happened: the state and clock as they are at sending.
    send(encodeAwarenessUpdate(awareness, [own]));
  };

  const onUpdate = ({
    added,
    updated,
    removed,
  }: {
    added: number[];
    updated: number[];
    removed: number[];
  }): void => {
    const mine = added.includes(own) || updated.includes(own) || removed.includes(own);
    if (!mine) return;
    if (awareness.getLocalState() === null) {
      sendNow();
      return;
    }
    if (timer !== null) return;
    const wait = lastSent + intervalMs - Date.now();
    if (wait <= 0) sendNow();
    else timer = setTimeout(sendNow, wait);
  };
  awareness.on('update', onUpdate);

  return {
    flush() {
      if (timer !== null) sendNow();
    },
    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      awareness.off('update', onUpdate);
    },
  };
}

/** Says (in this client's presence) what it is reading, or that it reads nothing (null). */
export function setReading(awareness: Awareness, reading: PresenceReading | null): void {
  awareness.setLocalStateField(PRESENCE_READING_KEY, reading);
}
