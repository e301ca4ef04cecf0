import { useEffect, useState, useSyncExternalStore } from 'react';
import { type LiveDoc, type LiveSnapshot, openLiveDoc } from './live-doc';

const noSubscription = (): (() => void) => () => {};
const noSnapshot = (): null => null;

/**
 * Keeps the live document of one meeting open while the calling component is mounted and
 * re-renders on every change. Pass null when there is no meeting to follow (staff before
 * picking one); the hook then returns null.
 */
export function useLiveDoc(
  serverUrl: string,
  token: string,
  meetingId: string | null,
  participantId: string,
): LiveSnapshot | null {
  const [liveDoc, setLiveDoc] = useState<LiveDoc | null>(null);

  useEffect(() => {
    if (meetingId === null) {
      setLiveDoc(null);
      return;
    }
    const opened = openLiveDoc({ serverUrl, token, meetingId, participantId });
    setLiveDoc(opened);
    // Closing the socket on unmount matters: a stale provider would keep reconnecting forever.
    return () => opened.destroy();
  }, [serverUrl, token, meetingId, participantId]);

  return useSyncExternalStore(
    liveDoc ? liveDoc.subscribe : noSubscription,
    liveDoc ? liveDoc.getSnapshot : noSnapshot,
  );
}
