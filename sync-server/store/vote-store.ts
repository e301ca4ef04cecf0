import {
  type BallotOutcome,
  BallotOutcomeSchema,
  DEFAULT_OPTION_LABELS,
  type MajorityRule,
  MajorityRuleSchema,
  type OptionLabels,
  type PublishedReceipt,
  type TallyRecord,
  TallyRecordSchema,
  type Vote,
  type VoteOption,
  VoteOptionsSchema,
  type VoteResult,
  VoteResultSchema,
  type VoteSecrecy,
  type VoteStatus,
} from '#common/schemas/vote';
import { ballotReceipt } from '#common/votes/receipt';
import type { Statement } from 'better-sqlite3';
import type { ReadableDB } from '../db/database';
import { newId } from '../db/ids';
import type { Tx } from '../db/tx';
import { NotFoundError } from '../errors/domain-errors';

interface VoteRow {
  id: string;
  meeting_id: string;
  agenda_item_id: string;
  title: string;
  secrecy: VoteSecrecy;
  options_json: string;
  rule_json: string;
  allow_change: number;
  duration_seconds: number | null;
  status: VoteStatus;
  rerun_of: string | null;
  created_at: string;
  opened_at: string | null;
  closes_at: string | null;
  closed_at: string | null;
  eligible_count: number | null;
  voted: number;
  result_json: string | null;
}

/** The columns a `Vote` is read from (the frozen seats and the record are read on their own). */
const VOTE_COLUMNS = `id, meeting_id, agenda_item_id, title, secrecy, options_json, rule_json, allow_change,
  duration_seconds, status, rerun_of, created_at, opened_at, closes_at, closed_at, eligible_count, voted, result_json`;

/** A seat frozen at opening: whose vote counts and who casts it. */
export interface FrozenSeat {
  readonly memberId: string;
  readonly holderId: string;
}

/** The attendance numbers and quorum in force when a vote opened, stored with it. */
export interface FrozenFacts {
  readonly members: number;
  readonly present: number;
  readonly quorum: { readonly rule: unknown; readonly required: number; readonly met: boolean };
}

/** What a vote froze when it opened, parsed once and kept (it never changes afterwards). */
export interface OpenedVote {
  readonly seats: readonly FrozenSeat[];
  /** Seats by the participant who casts them. */
  readonly byHolder: ReadonlyMap<string, readonly FrozenSeat[]>;
  readonly facts: FrozenFacts;
}

/** A stored request's holder and answer (see `vote_requests`). */
export interface StoredRequest {
  readonly holderId: string;
  readonly outcome: BallotOutcome;
}

const toVote = (r: VoteRow): Vote => ({
  id: r.id,
  meetingId: r.meeting_id,
  agendaItemId: r.agenda_item_id,
  title: r.title,
  secrecy: r.secrecy,
  options: JSON.parse(r.options_json) as VoteOption[],
  rule: JSON.parse(r.rule_json) as MajorityRule,
  allowChange: r.allow_change === 1,
  durationSeconds: r.duration_seconds,
  status: r.status,
  rerunOf: r.rerun_of,
  createdAt: r.created_at,
  openedAt: r.opened_at,
  closesAt: r.closes_at,
  closedAt: r.closed_at,
  eligible: r.eligible_count,
  voted: r.voted,
  result: r.result_json === null ? null : VoteResultSchema.parse(JSON.parse(r.result_json)),
});

/** The fields a new vote is made of (a create request with its options resolved, or a re-run's copy). */
export interface NewVote {
  readonly agendaItemId: string;
  readonly title: string;
  readonly secrecy: VoteSecrecy;
  readonly options: readonly VoteOption[];
  readonly rule: MajorityRule;
  readonly allowChange: boolean;
  readonly durationSeconds: number | null;
  readonly rerunOf: string | null;
}

/**
 * Votes, their frozen eligibility and their ballots. Reads are plain; writes take the
 * command's `Tx`. The one-ballot-per-seat rule is the primary key of `vote_voters`; a secret
 * ballot is stored apart from its voter, with nothing that orders or dates it.
 */
export class VoteStore {
  private readonly opened = new Map<string, OpenedVote>();
  /** Prepared statements by their SQL: a ballot runs a dozen, and preparing costs more than running. */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: ReadableDB) {}

  /** A write's statement: only inside a command's transaction (`tx` is the proof). */
  private write(tx: Tx, text: string): Statement {
    if (!tx.db.inTransaction) throw new Error('votes are written only inside a command');
    return this.sql(text);
  }

  /** The statement for `text`, prepared once. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  find(voteId: string): Vote | null {
    const row = this.row(voteId);
    return row ? toVote(row) : null;
  }

  get(voteId: string): Vote {
    const vote = this.find(voteId);
    if (!vote) throw new NotFoundError('vote not found');
    return vote;
  }

  /** The meeting a vote belongs to (for the route's id check); undefined when no such vote. */
  meetingOf(voteId: string): string | undefined {
    const row = this.sql('SELECT meeting_id FROM votes WHERE id = ?').get(voteId) as
      | { meeting_id: string }
      | undefined;
    return row?.meeting_id;
  }

  /** A meeting's votes, oldest first. */
  list(meetingId: string): Vote[] {
    const rows = this.sql(
      `SELECT ${VOTE_COLUMNS} FROM votes WHERE meeting_id = ? ORDER BY created_at, id`,
    ).all(meetingId) as VoteRow[];
    return rows.map(toVote);
  }

  /** The open vote of a meeting, if any. */
  openVoteOf(meetingId: string): Vote | null {
    const row = this.sql(`SELECT ${VOTE_COLUMNS} FROM votes WHERE meeting_id = ? AND status = 'open'`).get(
      meetingId,
    ) as VoteRow | undefined;
    return row ? toVote(row) : null;
  }

  /** Open votes with a countdown, for the timer to re-arm after a start. */
  openWithDeadline(): { readonly id: string; readonly closesAt: string }[] {
    return (
      this.sql("SELECT id, closes_at FROM votes WHERE status = 'open' AND closes_at IS NOT NULL").all() as {
        id: string;
        closes_at: string;
      }[]
    ).map((r) => ({ id: r.id, closesAt: r.closes_at }));
  }

  /** The labels a meeting words a motion's options with. */
  labels(meetingId: string): OptionLabels {
    const row = this.sql(
      'SELECT for_label, against_label, abstain_label FROM meeting_vote_labels WHERE meeting_id = ?',
    ).get(meetingId) as { for_label: string; against_label: string; abstain_label: string } | undefined;
    return row
      ? { for: row.for_label, against: row.against_label, abstain: row.abstain_label }
      : DEFAULT_OPTION_LABELS;
  }

  setLabels(tx: Tx, meetingId: string, labels: OptionLabels): void {
    this.write(
      tx,
      `INSERT INTO meeting_vote_labels (meeting_id, for_label, against_label, abstain_label) VALUES (?, ?, ?, ?)
         ON CONFLICT (meeting_id) DO UPDATE SET for_label = excluded.for_label,
           against_label = excluded.against_label, abstain_label = excluded.abstain_label`,
    ).run(meetingId, labels.for, labels.against, labels.abstain);
  }

  create(tx: Tx, meetingId: string, v: NewVote): Vote {
    const id = newId();
    this.write(
      tx,
      `INSERT INTO votes (id, meeting_id, agenda_item_id, title, secrecy, options_json, rule_json,
           allow_change, duration_seconds, status, rerun_of, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
    ).run(
      id,
      meetingId,
      v.agendaItemId,
      v.title,
      v.secrecy,
      JSON.stringify(VoteOptionsSchema.parse(v.options)),
      JSON.stringify(MajorityRuleSchema.parse(v.rule)),
      v.allowChange ? 1 : 0,
      v.durationSeconds,
      v.rerunOf,
      tx.now,
    );
    return this.get(id);
  }

  /** Opens a draft: freezes the seats, the attendance facts and the countdown's end. */
  open(
    tx: Tx,
    voteId: string,
    seats: readonly FrozenSeat[],
    facts: FrozenFacts,
    closesAt: string | null,
  ): void {
    this.write(
      tx,
      `UPDATE votes SET status = 'open', opened_at = ?, closes_at = ?, eligible_json = ?, eligible_count = ?,
           facts_json = ?
         WHERE id = ? AND status = 'draft'`,
    ).run(tx.now, closesAt, JSON.stringify(seats), seats.length, JSON.stringify(facts), voteId);
  }

  /** What the vote froze at opening (null before it opened). */
  openedVote(voteId: string): OpenedVote | null {
    const cached = this.opened.get(voteId);
    if (cached) return cached;
    const row = this.sql('SELECT eligible_json, facts_json FROM votes WHERE id = ?').get(voteId) as
      | { eligible_json: string | null; facts_json: string | null }
      | undefined;
    if (!row?.eligible_json || !row.facts_json) return null;
    const seats = JSON.parse(row.eligible_json) as FrozenSeat[];
    const byHolder = new Map<string, FrozenSeat[]>();
    for (const seat of seats) byHolder.set(seat.holderId, [...(byHolder.get(seat.holderId) ?? []), seat]);
    const opened: OpenedVote = { seats, byHolder, facts: JSON.parse(row.facts_json) as FrozenFacts };
    this.opened.set(voteId, opened);
    return opened;
  }

  /** The request a ballot was first sent with under this idempotency key. */
  findRequest(voteId: string, key: string): StoredRequest | null {
    const row = this.sql(
      'SELECT holder_id, outcome_json FROM vote_requests WHERE vote_id = ? AND idempotency_key = ?',
    ).get(voteId, key) as { holder_id: string; outcome_json: string } | undefined;
    return row
      ? { holderId: row.holder_id, outcome: BallotOutcomeSchema.parse(JSON.parse(row.outcome_json)) }
      : null;
  }

  /** Whether a seat has voted. */
  hasVoted(voteId: string, memberId: string): boolean {
    return (
      this.sql('SELECT 1 FROM vote_voters WHERE vote_id = ? AND member_id = ?').get(voteId, memberId) !==
      undefined
    );
  }

  /** The members whose seats have voted in a vote. */
  votedMembers(voteId: string): Set<string> {
    const rows = this.sql('SELECT member_id FROM vote_voters WHERE vote_id = ?').all(voteId) as {
      member_id: string;
    }[];
    return new Set(rows.map((r) => r.member_id));
  }

  /** The idempotency key of a seat's counted ballot (the latest, after a change). */
  currentKeyOf(voteId: string, memberId: string): string | null {
    const row = this.sql('SELECT idempotency_key FROM vote_voters WHERE vote_id = ? AND member_id = ?').get(
      voteId,
      memberId,
    ) as { idempotency_key: string } | undefined;
    return row?.idempotency_key ?? null;
  }

  /** Whether a secret-ballot token is stored (any vote: tokens are random and never reused). */
  hasToken(token: string): boolean {
    return this.sql('SELECT 1 FROM vote_secret_ballots WHERE token = ?').get(token) !== undefined;
  }

  /** Records that a seat voted (the primary key refuses a second time) and the request's answer. */
  recordVoter(tx: Tx, voteId: string, seat: FrozenSeat, key: string, outcome: BallotOutcome): void {
    this.write(
      tx,
      'INSERT INTO vote_voters (vote_id, member_id, holder_id, idempotency_key) VALUES (?, ?, ?, ?)',
    ).run(voteId, seat.memberId, seat.holderId, key);
    this.write(tx, 'UPDATE votes SET voted = voted + 1 WHERE id = ?').run(voteId);
    this.recordRequest(tx, voteId, key, seat.holderId, outcome);
  }

  /** A changed ballot: the seat's counted request becomes this one. */
  recordChange(tx: Tx, voteId: string, seat: FrozenSeat, key: string, outcome: BallotOutcome): void {
    this.write(
      tx,
      'UPDATE vote_voters SET idempotency_key = ?, holder_id = ? WHERE vote_id = ? AND member_id = ?',
    ).run(key, seat.holderId, voteId, seat.memberId);
    this.recordRequest(tx, voteId, key, seat.holderId, outcome);
  }

  private recordRequest(tx: Tx, voteId: string, key: string, holderId: string, outcome: BallotOutcome): void {
    this.write(
      tx,
      'INSERT INTO vote_requests (vote_id, idempotency_key, holder_id, outcome_json) VALUES (?, ?, ?, ?)',
    ).run(voteId, key, holderId, JSON.stringify(outcome));
  }

  /** An open or named ballot: the seat and its choice. */
  putOpenBallot(tx: Tx, voteId: string, memberId: string, optionId: string): void {
    this.write(
      tx,
      `INSERT INTO vote_open_ballots (vote_id, member_id, option_id) VALUES (?, ?, ?)
         ON CONFLICT (vote_id, member_id) DO UPDATE SET option_id = excluded.option_id`,
    ).run(voteId, memberId, optionId);
  }

  /** A secret ballot: token and choice, nothing else. */
  putSecretBallot(tx: Tx, voteId: string, token: string, optionId: string): void {
    this.write(tx, 'INSERT INTO vote_secret_ballots (token, vote_id, option_id) VALUES (?, ?, ?)').run(
      token,
      voteId,
      optionId,
    );
  }

  /** Removes a secret ballot being replaced; false when the vote has no ballot with that token. */
  dropSecretBallot(tx: Tx, voteId: string, token: string): boolean {
    return (
      this.write(tx, 'DELETE FROM vote_secret_ballots WHERE token = ? AND vote_id = ?').run(token, voteId)
        .changes === 1
    );
  }

  /** Ballots per option id. */
  counts(voteId: string, secrecy: VoteSecrecy): Record<string, number> {
    const table = secrecy === 'secret' ? 'vote_secret_ballots' : 'vote_open_ballots';
    const rows = this.sql(
      `SELECT option_id, count(*) AS n FROM ${table} WHERE vote_id = ? GROUP BY option_id`,
    ).all(voteId) as { option_id: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.option_id, r.n]));
  }

  /** Every secret ballot's receipt and choice, sorted by receipt (nothing else orders them). */
  receipts(voteId: string): PublishedReceipt[] {
    const rows = this.sql('SELECT token, option_id FROM vote_secret_ballots WHERE vote_id = ?').all(
      voteId,
    ) as { token: string; option_id: string }[];
    return rows
      .map((r) => ({ receipt: ballotReceipt(voteId, r.token, r.option_id), optionId: r.option_id }))
      .sort((a, b) => (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0));
  }

  /** Who chose what in an open or named vote, in the order of the frozen seats. */
  openChoices(voteId: string): Map<string, string> {
    const rows = this.sql('SELECT member_id, option_id FROM vote_open_ballots WHERE vote_id = ?').all(
      voteId,
    ) as { member_id: string; option_id: string }[];
    return new Map(rows.map((r) => [r.member_id, r.option_id]));
  }

  close(tx: Tx, voteId: string, result: VoteResult, record: TallyRecord): void {
    this.write(
      tx,
      `UPDATE votes SET status = 'closed', closed_at = ?, result_json = ?, record_json = ?
         WHERE id = ? AND status = 'open'`,
    ).run(tx.now, JSON.stringify(result), JSON.stringify(record), voteId);
  }

  /** Cancels a draft or open vote; its secret ballots are deleted (they will never be counted). */
  cancel(tx: Tx, voteId: string): void {
    this.write(
      tx,
      "UPDATE votes SET status = 'cancelled', closed_at = ? WHERE id = ? AND status IN ('draft', 'open')",
    ).run(tx.now, voteId);
    this.write(tx, 'DELETE FROM vote_secret_ballots WHERE vote_id = ?').run(voteId);
  }

  /** The kiểm phiếu record of a closed vote. */
  record(voteId: string): TallyRecord | null {
    const row = this.sql('SELECT record_json FROM votes WHERE id = ?').get(voteId) as
      | { record_json: string | null }
      | undefined;
    return row?.record_json ? TallyRecordSchema.parse(JSON.parse(row.record_json)) : null;
  }

  private row(voteId: string): VoteRow | undefined {
    return this.sql(`SELECT ${VOTE_COLUMNS} FROM votes WHERE id = ?`).get(voteId) as VoteRow | undefined;
  }
}
