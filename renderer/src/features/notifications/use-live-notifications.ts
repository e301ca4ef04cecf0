import { useEffect, useRef, useState } from 'react';
import { type LiveEvent, liveEvents, type NotifyView } from './live-events';
import { playTone } from './tone';

/** What the delegate's screen shows for the events so far. */
export interface Notices {
  /** The open vote whose ballot dialog is up (a vote opened: the dialog itself is the notice). */
  ballotVoteId: string | null;
  /** "Đến lượt bạn phát biểu", until acknowledged. */
  yourTurn: boolean;
  /** The item the chair moved to, until the delegate goes there or dismisses it. */
  movedTo: string | null;
  /** The last event, worded by the caller for the screen reader regions. */
  last: LiveEvent | null;
}

/** What the caller can do with the notices. */
export interface NoticeActions {
  openBallot(voteId: string): void;
  closeBallot(): void;
  acknowledgeTurn(): void;
  dismissMove(): void;
}

const NONE: Notices = { ballotVoteId: null, yourTurn: false, movedTo: null, last: null };

/**
 * Turns changes of the live document into notices for participant `me`: a vote opened (a
 * sound, and the ballot dialog opens when `autoOpenBallot`), their turn to speak (a sound and
 * a modal to acknowledge), the chair moved to another item (a quiet banner). `view` is null
 * until the live document has synced, so what was already the case then is not news — except
 * an open vote this participant has not voted in.
 */
export function useLiveNotifications(
  view: NotifyView | null,
  me: string,
  autoOpenBallot: boolean,
): [Notices, NoticeActions] {
  const [notices, setNotices] = useState<Notices>(NONE);
  const previous = useRef<NotifyView | null>(null);
  const seen = useRef(false);

  useEffect(() => {
    if (view === null) return;
    const events = liveEvents(seen.current ? previous.current : null, view, me);
    previous.current = view;
    seen.current = true;
    if (events.length === 0) return;
    const vote = events.find((event) => event.kind === 'voteOpened');
    playTone(vote ? 'vote' : 'gentle');
    setNotices((current) => {
      let next = current;
      for (const event of events) {
        if (event.kind === 'voteOpened' && autoOpenBallot && next.ballotVoteId === null) {
          next = { ...next, ballotVoteId: event.voteId };
        } else if (event.kind === 'yourTurn') {
          next = { ...next, yourTurn: true };
        } else if (event.kind === 'itemMoved') {
          next = { ...next, movedTo: event.itemId };
        }
      }
      return { ...next, last: vote ?? events[events.length - 1] ?? null };
    });
  }, [view, me, autoOpenBallot]);

  return [
    notices,
    {
      openBallot: (voteId) => setNotices((current) => ({ ...current, ballotVoteId: voteId })),
      closeBallot: () => setNotices((current) => ({ ...current, ballotVoteId: null })),
      acknowledgeTurn: () => setNotices((current) => ({ ...current, yourTurn: false })),
      dismissMove: () => setNotices((current) => ({ ...current, movedTo: null })),
    },
  ];
}
