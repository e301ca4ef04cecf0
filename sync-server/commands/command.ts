import type { z } from 'zod';
import type { AuditRecord } from '#common/audit/audit-actions';
import type { LiveSectionName } from '#common/protocol/live-doc';
import type { Participant } from '#common/schemas/participant';
import type { Tx } from '../db/tx';
import type { MinutesRecordEffect } from '../minutes/minutes-doc';

export type { MinutesRecordEffect };
import type { AuthStore } from '../store/auth-store';
import type { DocumentStore } from '../store/document-store';
import type { MeetingStore } from '../store/meeting-store';
import type { MinutesStore } from '../store/minutes-store';
import type { AttendanceStore } from '../store/attendance-store';
import type { ParticipantStore } from '../store/participant-store';
import type { PresenterStore } from '../store/presenter-store';
import type { SessionStore } from '../store/session-store';
import type { SpeakerStore } from '../store/speaker-store';
import type { VoteStore } from '../store/vote-store';

/** Who runs a command. */
export type Actor =
  /** A signed-in device: its participant and device session. */
  | { readonly kind: 'device'; readonly participant: Participant; readonly deviceSessionId: string }
  /** The room server itself: first start, demo seeding. */
  | { readonly kind: 'system' }
  /** Somebody who has not joined yet (only redeeming a join code allows this). */
  | { readonly kind: 'anonymous' };

export const SYSTEM: Actor = { kind: 'system' };
export const ANONYMOUS: Actor = { kind: 'anonymous' };

/** The stores a command reads and writes (writes take the pipeline's `Tx`). */
export interface CommandStores {
  readonly meetings: MeetingStore;
  readonly participants: ParticipantStore;
  readonly auth: AuthStore;
  readonly documents: DocumentStore;
  readonly session: SessionStore;
  readonly attendance: AttendanceStore;
  readonly speakers: SpeakerStore;
  readonly votes: VoteStore;
  readonly presenter: PresenterStore;
  readonly minutes: MinutesStore;
}

/** What a command's body gets: the open transaction, the stores, and who runs it. */
export interface CommandContext extends CommandStores {
  readonly tx: Tx;
  readonly actor: Actor;
}

/**
 * What must follow a committed command. The pipeline applies these after the commit and
 * before answering: the live document, then the re-check of every open socket the change may
 * affect.
 */
export interface Effects {
  /** The meeting's header changed (and its agenda, when `agenda`): mirror it into the live document. */
  readonly meeting?: { readonly id: string; readonly agenda: boolean };
  /** A meeting's document lists changed: clients refetch theirs. */
  readonly documents?: string;
  /** Somebody opened this document: who may see its read receipts refetches them. */
  readonly readers?: { readonly meetingId: string; readonly documentId: string };
  /**
   * Who may see or write what changed in this meeting (a role, a group, a grant, a removal,
   * a revocation, a publication): re-check its open sockets. `null`: every socket of the room.
   */
  readonly access?: string | null;
  /**
   * Parts of the meeting's live document rebuilt from the database after the commit: the
   * session's state, attendance and quorum, the speakers, the votes, the presenter.
   */
  readonly live?: { readonly meetingId: string; readonly sections: readonly LiveSectionName[] };
  /** A record block to write into the meeting's minutes document (`minutes.insertRecord`). */
  readonly minutesRecord?: MinutesRecordEffect;
}

/** What a command's body returns: its result, its one audit entry, and what must follow. */
export interface CommandOutcome<R> {
  readonly result: R;
  /**
   * The entry to append; `null` only when the command repeats a fact the chain already holds
   * (a read receipt's later opens of the same version update counters, not history).
   */
  readonly audit: AuditRecord | null;
  readonly effects?: Effects;
  /** The audit entry's actor when it is not the caller (a join is done by whoever the code was for). */
  readonly auditActorId?: string;
}

/**
 * A state change: a name, an input schema, an authorisation rule and a body. The pipeline
 * parses the input, then in one SQLite transaction runs `authorize` and `run` and appends the
 * audit entry `run` returns; after the commit it applies the effects and answers.
 */
export interface Command<S extends z.ZodType, R> {
  readonly name: string;
  readonly input: S;
  /**
   * `full` commits with `synchronous=FULL`: the change survives a power cut, not only a
   * process crash (ballots, attendance, finalised minutes).
   */
  readonly durability?: 'normal' | 'full';
  /** Throws ForbiddenError / NotFoundError / UnauthenticatedError unless the actor may run it. */
  authorize(actor: Actor, input: z.output<S>, stores: CommandStores): void;
  run(input: z.output<S>, ctx: CommandContext): CommandOutcome<R>;
}

/** Declares a command (identity at run time; infers the types). */
export function defineCommand<S extends z.ZodType, R>(command: Command<S, R>): Command<S, R> {
  return command;
}

/** A command of any input and result, as the pipeline and lists of commands hold them. */
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of commands needs an open type
export type AnyCommand = Command<any, any>;
