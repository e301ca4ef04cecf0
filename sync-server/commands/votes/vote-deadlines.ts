import type { Logger } from 'pino';
import type { Vote } from '#common/schemas/vote';
import type { WritableDB } from '../../db/database';
import { scrubDatabase } from '../../db/scrub';
import { DomainError } from '../../errors/domain-errors';
import type { VoteStore } from '../../store/vote-store';
import { type Actor, SYSTEM } from '../command';
import type { CommandPipeline } from '../pipeline';
import { cancelVote } from './cancel-vote';
import { closeVote } from './close-vote';

/**
 * Ends votes: the chair's close and cancel, and the server's own close when a countdown runs out.
 * The countdown is a timer armed from the database (`closesAt`), so a restart re-arms it — and a
 * vote whose end passed while the server was down closes at once. After a secret vote ends, the
 * database is scrubbed (`scrubDatabase`) before the caller is answered.
 */
export class VoteDeadlines {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly db: WritableDB,
    private readonly commands: CommandPipeline,
    private readonly votes: VoteStore,
    private readonly logger: Logger,
  ) {}

  /** Arms the countdown of every open vote that has one (start-up). */
  rearm(): void {
    for (const { id, closesAt } of this.votes.openWithDeadline()) this.arm(id, closesAt);
  }

  /** Arms one vote's countdown (after it opened). */
  arm(voteId: string, closesAt: string | null): void {
    this.disarm(voteId);
    if (closesAt === null) return;
    const timer = setTimeout(() => this.expire(voteId), Math.max(0, Date.parse(closesAt) - Date.now()));
    timer.unref();
    this.timers.set(voteId, timer);
  }

  /** Closes a vote for `actor` (the chair), then scrubs after a secret one. */
  close(actor: Actor, voteId: string): Vote {
    const vote = this.commands.execute(closeVote, actor, { voteId, by: 'chair' });
    this.ended(vote);
    return vote;
  }

  /** Cancels a vote for `actor`, then scrubs after a secret one. */
  cancel(actor: Actor, voteId: string): Vote {
    const vote = this.commands.execute(cancelVote, actor, { voteId });
    this.ended(vote);
    return vote;
  }

  /** Stops every timer (shutdown). */
  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private expire(voteId: string): void {
    this.timers.delete(voteId);
    try {
      this.ended(this.commands.execute(closeVote, SYSTEM, { voteId, by: 'timer' }));
    } catch (err) {
      // The chair closed or cancelled it first: nothing to do.
      if (err instanceof DomainError && err.code === 'conflict') return;
      this.logger.error({ err, voteId }, 'could not close a vote at the end of its countdown');
    }
  }

  private ended(vote: Vote): void {
    this.disarm(vote.id);
    if (vote.secrecy !== 'secret') return;
    try {
      scrubDatabase(this.db);
    } catch (err) {
      this.logger.error({ err, voteId: vote.id }, 'could not scrub the database after a secret vote');
    }
  }

  private disarm(voteId: string): void {
    const timer = this.timers.get(voteId);
    if (timer) clearTimeout(timer);
    this.timers.delete(voteId);
  }
}
