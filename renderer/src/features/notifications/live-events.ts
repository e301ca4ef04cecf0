/**
 * What a delegate must be told when the live document changes: a vote opened, it is their
 * turn to speak, the chair moved to another item. Worked out from two successive views of
 * the meeting, so a late joiner or a reconnect (first view) is not flooded with old news,
 * except a vote still open: that one must not be missed whenever the laptop joins.
 */

/** The parts of the live state notifications depend on. */
export interface NotifyView {
  readonly currentItemId: string | null;
  /** Votes open right now that this participant may vote in and has not voted in yet. */
  readonly openVoteIds: readonly string[];
  /** Who holds the floor, or null. */
  readonly speakerId: string | null;
}

/** One thing to tell the delegate. */
export type LiveEvent =
  | { readonly kind: 'voteOpened'; readonly voteId: string }
  | { readonly kind: 'yourTurn' }
  | { readonly kind: 'itemMoved'; readonly itemId: string };

/**
 * Events between `previous` (null on the first synced view) and `next`, for participant
 * `me`. Votes come first: the modal that asks for a ballot outranks everything else.
 */
export function liveEvents(previous: NotifyView | null, next: NotifyView, me: string): LiveEvent[] {
  const events: LiveEvent[] = [];
  const before = new Set(previous?.openVoteIds ?? []);
  for (const voteId of next.openVoteIds) {
    if (!before.has(voteId)) events.push({ kind: 'voteOpened', voteId });
  }
  if (previous === null) return events;
  if (next.speakerId === me && previous.speakerId !== me) events.push({ kind: 'yourTurn' });
  if (next.currentItemId !== null && next.currentItemId !== previous.currentItemId) {
    events.push({ kind: 'itemMoved', itemId: next.currentItemId });
  }
  return events;
}
