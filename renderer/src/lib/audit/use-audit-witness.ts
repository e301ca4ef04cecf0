import { useEffect, useState } from 'react';
import { type AuditHead, AuditWitness, type KeyValueStorage, type WitnessAlarm } from './witness';

function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Access to storage refused (privacy settings): witness for this session only.
    return null;
  }
}

/**
 * Witnesses the audit head a meeting's live document shows (`head`, null before the first sync)
 * on this device, and returns the alarm when the server contradicts a head seen here before —
 * also one raised earlier, after a reload. Null when all is well or there is no meeting.
 */
export function useAuditWitness(
  serverUrl: string,
  meetingId: string | null,
  head: AuditHead | null,
): WitnessAlarm | null {
  const [alarm, setAlarm] = useState<WitnessAlarm | null>(null);
  const seq = head?.seq ?? null;
  const hash = head?.hash ?? null;

  useEffect(() => {
    if (meetingId === null) {
      setAlarm(null);
      return;
    }
    const witness = new AuditWitness(browserStorage(), serverUrl, meetingId);
    setAlarm(seq !== null && hash !== null ? witness.observe({ seq, hash }) : witness.alarm);
  }, [serverUrl, meetingId, seq, hash]);

  return alarm;
}
