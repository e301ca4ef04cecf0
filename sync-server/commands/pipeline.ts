import type { Logger } from 'pino';
import type { z } from 'zod';
import type { LiveSectionName } from '#common/protocol/live-doc';
import type { AuditHead } from '#common/schemas/api';
import { appendAudit } from '../audit/audit-log';
import type { WritableDB } from '../db/database';
import { nowIso } from '../db/ids';
import { transactionHandle } from '../db/tx';
import { ValidationError } from '../errors/domain-errors';
import { auditActorId } from './authorization';
import type { Actor, Command, CommandOutcome, CommandStores, Effects, MinutesRecordEffect } from './command';

/** Where committed commands' effects go: the live document and the Yjs hub's socket re-check. */
export interface EffectSink {
  meetingChanged(meetingId: string, agendaChanged: boolean): void;
  documentsChanged(meetingId: string): void;
  /** A document of the meeting was opened (a read receipt): tell those who see its receipts. */
  readersChanged?(meetingId: string, documentId: string): void;
  /** Re-check the open sockets of a meeting (`null`: of the room) against current rights. */
  accessChanged(meetingId: string | null): void;
  /** Rebuild these sections of the meeting's live document from the database. */
  liveSectionsChanged?(meetingId: string, sections: ReadonlySet<LiveSectionName>): void;
  /** Write a record block into a meeting's minutes document. */
  minutesRecordInserted?(effect: MinutesRecordEffect): void;
  /**
   * A commit appended the audit chain up to `head` (once per transaction: a group commit reports
   * its last entry); its commands concerned `meetingIds`. Stores and publishes the head.
   */
  auditCommitted?(head: AuditHead, meetingIds: readonly string[]): void;
}

/** A command's outcome and the audit entry it appended. */
interface Ran<R> {
  readonly outcome: CommandOutcome<R>;
  /** Null when the command appended no entry. */
  readonly head: AuditHead | null;
}

/** Parses untrusted input with a schema, or throws a ValidationError naming every problem. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

interface Queued {
  readonly command: Command<z.ZodType, unknown>;
  readonly actor: Actor;
  readonly input: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/** Most commands committed together by one group commit. */
const MAX_BATCH = 256;

/**
 * Under load — a command arrives while the last group commit is recent — the next commit waits
 * as long as the last one took (at most this long) for more commands. Requests of a burst reach
 * their handlers one after another, each some event-loop work apart, so without the wait each
 * would find the queue holding only itself and pay its own fsync; with it, the ballots that
 * arrive while one commit's worth of time passes share the next (the "commit delay" of database
 * group commit). An idle server commits at once.
 */
const MAX_GROUP_WINDOW_MS = 10;

/**
 * The one way authoritative state changes. `execute` runs one command in its own transaction;
 * `submit` queues it so that commands arriving together (a room of ballots) commit in one
 * transaction — one fsync for all — each inside its own savepoint, so one refusal does not
 * undo the others.
 */
export class CommandPipeline {
  private readonly queue: Queued[] = [];
  private flushScheduled = false;
  /** When the last group commit ended (`performance.now()`) and how long it took; see MAX_GROUP_WINDOW_MS. */
  private lastFlushEnd = Number.NEGATIVE_INFINITY;
  private lastFlushMs = 0;

  constructor(
    private readonly db: WritableDB,
    private readonly stores: CommandStores,
    private readonly sink: EffectSink,
    private readonly logger: Logger,
  ) {}

  /** Validates, authorises, runs and audits one command in one transaction; then its effects. */
  execute<S extends z.ZodType, R>(command: Command<S, R>, actor: Actor, rawInput: unknown): R {
    const input = parseInput(command.input, rawInput);
    const ran = this.inTransaction(command.durability === 'full', () => this.runOne(command, actor, input));
    this.applyEffects([ran]);
    return ran.outcome.result;
  }

  /** Like `execute`, but commits together with the other commands submitted in the same tick. */
  submit<S extends z.ZodType, R>(command: Command<S, R>, actor: Actor, rawInput: unknown): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let input: z.output<S>;
      try {
        input = parseInput(command.input, rawInput);
      } catch (err) {
        reject(err);
        return;
      }
      this.queue.push({
        command: command as Command<z.ZodType, unknown>,
        actor,
        input,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        const window = Math.min(this.lastFlushMs, MAX_GROUP_WINDOW_MS);
        if (performance.now() - this.lastFlushEnd < window) setTimeout(() => this.flush(), window);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const start = performance.now();
    try {
      this.flushBatch();
    } finally {
      this.lastFlushEnd = performance.now();
      this.lastFlushMs = this.lastFlushEnd - start;
    }
  }

  private flushBatch(): void {
    this.flushScheduled = false;
    const batch = this.queue.splice(0, MAX_BATCH);
    if (this.queue.length > 0) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    const results: ({ ok: true; ran: Ran<unknown> } | { ok: false; error: unknown })[] = [];
    try {
      this.inTransaction(
        batch.some((q) => q.command.durability === 'full'),
        () => {
          for (const q of batch) {
            try {
              // A nested better-sqlite3 transaction is a savepoint: a refusal undoes this command only.
              const ran = this.db.transaction(() => this.runOne(q.command, q.actor, q.input))();
              results.push({ ok: true, ran });
            } catch (error) {
              results.push({ ok: false, error });
            }
          }
        },
      );
    } catch (error) {
      for (const q of batch) q.reject(error);
      return;
    }
    this.applyEffects(results.flatMap((r) => (r.ok ? [r.ran] : [])));
    for (const [i, q] of batch.entries()) {
      const r = results[i];
      if (r?.ok) q.resolve(r.ran.outcome.result);
      else q.reject(r?.error);
    }
  }

  private runOne<S extends z.ZodType, R>(command: Command<S, R>, actor: Actor, input: z.output<S>): Ran<R> {
    command.authorize(actor, input, this.stores);
    const tx = transactionHandle(this.db, nowIso());
    const outcome = command.run(input, { ...this.stores, tx, actor });
    const head = outcome.audit
      ? appendAudit(tx, outcome.auditActorId ?? auditActorId(actor), outcome.audit)
      : null;
    return { outcome, head };
  }

  private inTransaction<T>(full: boolean, body: () => T): T {
    if (!full) return this.db.transaction(body).immediate();
    // The setting applies per connection and cannot change inside a transaction.
    this.db.pragma('synchronous = FULL');
    try {
      return this.db.transaction(body).immediate();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  /**
   * After the commit: the live document first, then access, then the audit head (stored outside
   * the database and published for laptops to witness). A failure here is logged, not
   * answered: the change is committed, and clients converge on the next change or reconnect.
   */
  private applyEffects(committed: readonly Ran<unknown>[]): void {
    const list: readonly (Effects | undefined)[] = committed.map((r) => r.outcome.effects);
    const meetings = new Map<string, boolean>();
    const documents = new Set<string>();
    const readers = new Map<string, { meetingId: string; documentId: string }>();
    const access = new Set<string | null>();
    const live = new Map<string, Set<LiveSectionName>>();
    for (const e of list) {
      if (!e) continue;
      if (e.live) {
        const sections = live.get(e.live.meetingId) ?? new Set<LiveSectionName>();
        for (const section of e.live.sections) sections.add(section);
        live.set(e.live.meetingId, sections);
      }
      if (e.meeting) meetings.set(e.meeting.id, (meetings.get(e.meeting.id) ?? false) || e.meeting.agenda);
      if (e.documents) documents.add(e.documents);
      if (e.readers) readers.set(e.readers.documentId, e.readers);
      if (e.access !== undefined) access.add(e.access);
    }
    const records = list.flatMap((e) => (e?.minutesRecord ? [e.minutesRecord] : []));
    try {
      for (const [id, agenda] of meetings) this.sink.meetingChanged(id, agenda);
      for (const id of documents) this.sink.documentsChanged(id);
      for (const r of readers.values()) this.sink.readersChanged?.(r.meetingId, r.documentId);
      for (const [id, sections] of live) this.sink.liveSectionsChanged?.(id, sections);
      for (const r of records) this.sink.minutesRecordInserted?.(r);
      if (access.has(null)) this.sink.accessChanged(null);
      else for (const id of access) this.sink.accessChanged(id);
    } catch (err) {
      this.logger.error({ err }, 'could not apply the effects of a committed command');
    }
    const last = committed.findLast((r) => r.head !== null)?.head;
    if (!last || !this.sink.auditCommitted) return;
    const concerned = new Set<string>();
    for (const r of committed) if (r.outcome.audit?.meetingId) concerned.add(r.outcome.audit.meetingId);
    try {
      this.sink.auditCommitted(last, [...concerned]);
    } catch (err) {
      this.logger.error({ err }, 'could not store or publish the audit head of a commit');
    }
  }
}
