import type { LiveVote } from '#common/protocol/live-doc';

/**
 * The vote the projector shows: an open one first (its progress: how many voted, never what),
 * else the result of the latest closed vote on the current item until someone is given the
 * floor (`speaking`). Null when there is nothing to show (no vote yet, the meeting moved on to
 * an item without one, or a speaker has the screen).
 */
export function projectorVote(
  votes: readonly LiveVote[],
  currentItemId: string | null,
  speaking: boolean,
): LiveVote | null {
  const open = votes.filter((vote) => vote.status === 'open');
  if (open.length > 0) return open[open.length - 1] ?? null;
  if (speaking) return null;
  let latest: LiveVote | null = null;
  for (const vote of votes) {
    if (vote.status !== 'closed' || vote.result === null || vote.closedAt === null) continue;
    if (currentItemId !== null && vote.agendaItemId !== currentItemId) continue;
    if (latest === null || (latest.closedAt ?? '') < vote.closedAt) latest = vote;
  }
  return latest;
}

/** Share of eligible seats that have voted, 0–1 (for the progress bar); 0 when none are eligible. */
export function turnoutShare(vote: Pick<LiveVote, 'voted' | 'eligible'>): number {
  if (vote.eligible <= 0) return 0;
  return Math.min(1, vote.voted / vote.eligible);
}
