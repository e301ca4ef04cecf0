import { useEffect, useState } from 'react';
import type { ApiClient } from '../../lib/api';
import { type NumberedItem, numberedItems } from './agenda-outline';

/**
 * The meeting's agenda, numbered, for the session screens (the chair's item picker, the
 * delegate's "where the meeting is", the projector). Refetched when the live document's
 * `agendaRevision` changes; the last good list stays on failure (the agenda screen shows the
 * error). The API client keeps a copy on the device, so this works offline too.
 */
export function useAgendaItems(
  api: ApiClient,
  meetingId: string | null,
  agendaRevision: number | null,
): NumberedItem[] {
  const [items, setItems] = useState<NumberedItem[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `agendaRevision` is the refetch trigger
  useEffect(() => {
    if (meetingId === null) {
      setItems([]);
      return;
    }
    let cancelled = false;
    api.getMeeting(meetingId).then(
      (detail) => {
        if (!cancelled) setItems(numberedItems(detail.agenda));
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, meetingId, agendaRevision]);
  return items;
}
