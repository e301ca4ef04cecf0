import type * as Y from 'yjs';
import { LiveKeys, type LiveVote } from '#common/protocol/live-doc';
import type { VoteStore } from '../store/vote-store';
import type { LiveSectionWriter } from './live-sections';

/**
 * The `votes` section of the live document: every vote that has opened, with an open vote's
 * progress (seats that voted, never what) and a closed vote's result. Drafts stay off it. The
 * value is replaced only when it changed, so a rebuild that changes nothing sends nothing.
 */
export function votesSection(votes: VoteStore): LiveSectionWriter {
  return (meetingId: string, map: Y.Map<unknown>) => {
    const list: LiveVote[] = [];
    for (const v of votes.list(meetingId)) {
      if (v.status === 'draft' || v.openedAt === null) continue;
      list.push({
        id: v.id,
        agendaItemId: v.agendaItemId,
        title: v.title,
        secrecy: v.secrecy,
        status: v.status,
        options: v.options,
        rule: v.rule,
        eligible: v.eligible ?? 0,
        voted: v.voted,
        openedAt: v.openedAt,
        closesAt: v.closesAt,
        closedAt: v.closedAt,
        result: v.result,
      });
    }
    if (JSON.stringify(map.get(LiveKeys.votes) ?? null) !== JSON.stringify(list))
      map.set(LiveKeys.votes, list);
  };
}

/**
 * Coalesces the live document's progress of open votes: ballots commit in many small group
 * commits, and rewriting the `votes` section after each would send every client one update per
 * commit. Instead the section is rewritten at once for the first ballot and then at most every
 * `intervalMs` while ballots keep coming (the count is informational; opening, closing and
 * cancelling still rewrite it in their own commit, so the result is never late).
 */
export class VoteProgress {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Meetings with ballots committed since their section was last written. */
  private readonly dirty = new Set<string>();

  constructor(
    private readonly write: (meetingId: string) => void,
    private readonly onError: (err: unknown, meetingId: string) => void,
    private readonly intervalMs = 200,
  ) {}

  /** A ballot of this meeting was committed. */
  ballotCounted(meetingId: string): void {
    if (this.timers.has(meetingId)) this.dirty.add(meetingId);
    else this.flush(meetingId);
  }

  /** Stops the timers (shutdown). */
  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.dirty.clear();
  }

  private flush(meetingId: string): void {
    this.dirty.delete(meetingId);
    try {
      this.write(meetingId);
    } catch (err) {
      this.onError(err, meetingId);
    }
    const timer = setTimeout(() => {
      this.timers.delete(meetingId);
      if (this.dirty.has(meetingId)) this.flush(meetingId);
    }, this.intervalMs);
    timer.unref();
    this.timers.set(meetingId, timer);
  }
}
