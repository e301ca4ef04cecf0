import { z } from 'zod';
import { AuditHeadSchema } from '../schemas/api';
import { IdSchema, IsoDateTimeSchema } from '../schemas/ids';
import { MeetingStatusSchema } from '../schemas/meeting';
import { MinutesStateSchema } from '../schemas/minutes';
import { LivePresenterSchema } from '../schemas/presenter';
import { LiveAttendanceSchema, LiveSessionSchema, LiveSpeakersSchema } from '../schemas/session';
import {
  MajorityRuleSchema,
  VoteOptionSchema,
  VoteResultSchema,
  VoteSecrecySchema,
  VoteStatusSchema,
} from '../schemas/vote';

/**
 * Keys of the server-written `meeting/<m>/live` document. Synced shapes are additive-only:
 * never rename or remove a key an older client reads; add a new one and bump the version.
 * `tests/unit/common/live-doc-guard.test.ts` holds the shape as shipped and fails otherwise.
 */
export const LIVE_DOC_SCHEMA_VERSION = 4;

/** Name of the top-level Y.Map that holds the meeting state. */
export const LIVE_MAP = 'meeting';

export const LiveKeys = {
  schemaVersion: 'schemaVersion',
  title: 'title',
  status: 'status',
  /** Bumped whenever the agenda or the document list changes; clients refetch on change. */
  agendaRevision: 'agendaRevision',
  currentItemId: 'currentItemId',
  publishedAt: 'publishedAt',
  /** Bumped on every (re)publication. */
  publishedRevision: 'publishedRevision',
  /**
   * Bumped when the documents every participant of the meeting sees change (a change only some
   * may see is signalled in each viewer's own document instead: {@link VIEWER_MAP}); clients
   * refetch the list (which is per participant).
   */
  documentsRevision: 'documentsRevision',
  updatedAt: 'updatedAt',
  /**
   * The room's audit chain head `{seq, hash}` (since version 2): exact after each command that
   * concerns this meeting, and at most a second behind while the document is open, so each
   * laptop witnesses it.
   */
  auditHead: 'auditHead',
  /**
   * The meeting's votes (since version 3), as {@link LiveVoteSchema} records in creation order:
   * an open vote's progress (how many have voted, never what) and each closed vote's result.
   * Written by the `votes` section.
   */
  votes: 'votes',
  /**
   * The session's state and times (since version 3), a {@link LiveSessionSchema} record; the
   * current item stays in `currentItemId`. Written by the `session` section.
   */
  session: 'session',
  /**
   * Attendance (since version 3): the quorum's counts and each participant's status and proxy,
   * a {@link LiveAttendanceSchema} record. Written by the `attendance` section.
   */
  attendance: 'attendance',
  /**
   * Speakers (since version 3): who has the floor with the timer's data, and the current item's
   * queue, a {@link LiveSpeakersSchema} record. Written by the `speakers` section.
   */
  speakers: 'speakers',
  /**
   * Follow the presenter (since version 3): who is named presenter, who shares and what, a
   * {@link LivePresenterSchema} record; a document only every participant may read is named,
   * any other reads `{restricted: true}`. Written by the `presenter` section.
   */
  presenter: 'presenter',
  /**
   * The minutes' state (since version 4): `draft`, `final` (frozen by the chair) or `published`
   * (every participant may open `meeting/<m>/minutes`). Written by the `minutes` section.
   */
  minutes: 'minutes',
} as const;

/**
 * The parts of the live map rebuilt from authoritative records after a command
 * (`sync-server/yjs/live-sections.ts`): the session's state, attendance and quorum, the
 * speakers, the votes, the presenter.
 */
export type LiveSectionName = 'session' | 'attendance' | 'speakers' | 'votes' | 'presenter' | 'minutes';

const revision = z.number().int().min(0);

/**
 * One vote as every participant's live document shows it. While open: how many of the eligible
 * seats have voted, never what; once closed: the result. Drafts are not shown.
 */
export const LiveVoteSchema = z.looseObject({
  id: IdSchema,
  agendaItemId: IdSchema,
  title: z.string(),
  secrecy: VoteSecrecySchema,
  status: VoteStatusSchema,
  options: z.array(VoteOptionSchema),
  rule: MajorityRuleSchema,
  eligible: z.number().int().min(0),
  voted: z.number().int().min(0),
  openedAt: IsoDateTimeSchema,
  /** The countdown's end; null without one. */
  closesAt: IsoDateTimeSchema.nullable(),
  closedAt: IsoDateTimeSchema.nullable(),
  result: VoteResultSchema.nullable(),
});
export type LiveVote = z.infer<typeof LiveVoteSchema>;

/**
 * The live map's snapshot (`map.toJSON()`), as `sync-server/yjs/live-doc-writer.ts` writes it.
 * Every key is optional: a client sees the map empty until its first sync, and a document the
 * server has only bumped `documentsRevision` in lacks the meeting's header fields. Loose on
 * purpose: keys written by a newer server pass through unchecked instead of failing the parse.
 */
export const LiveDocSnapshotSchema = z.looseObject({
  [LiveKeys.schemaVersion]: z.number().int().min(1).optional(),
  /** The meeting's title; never blank. */
  [LiveKeys.title]: z.string().regex(/\S/, 'title is blank').optional(),
  [LiveKeys.status]: MeetingStatusSchema.optional(),
  [LiveKeys.agendaRevision]: revision.optional(),
  /** The agenda item under discussion; null (written as soon as the meeting is) when none. */
  [LiveKeys.currentItemId]: IdSchema.nullable().optional(),
  /** Last (re)publication; absent while a draft. */
  [LiveKeys.publishedAt]: IsoDateTimeSchema.optional(),
  [LiveKeys.publishedRevision]: revision.optional(),
  [LiveKeys.documentsRevision]: revision.optional(),
  [LiveKeys.updatedAt]: IsoDateTimeSchema.optional(),
  /** The room's audit chain head (the whole room's, not this meeting's); a laptop keeps the highest it saw. */
  [LiveKeys.auditHead]: AuditHeadSchema.optional(),
  /** The meeting's opened votes (open, closed or cancelled), oldest first. */
  [LiveKeys.votes]: z.array(LiveVoteSchema).optional(),
  /** The session's state; absent until the session area first writes it. */
  [LiveKeys.session]: LiveSessionSchema.optional(),
  [LiveKeys.attendance]: LiveAttendanceSchema.optional(),
  [LiveKeys.speakers]: LiveSpeakersSchema.optional(),
  /** The presenter and what they share; absent until first named or shared. */
  [LiveKeys.presenter]: LivePresenterSchema.optional(),
  [LiveKeys.minutes]: MinutesStateSchema.optional(),
});
export type LiveDocSnapshot = z.infer<typeof LiveDocSnapshotSchema>;

/** What {@link readLiveSnapshot} needs of a `Y.Map` (common code does not depend on yjs). */
export interface LiveMapLike {
  toJSON(): unknown;
}

/**
 * Checks a live-map snapshot against {@link LiveDocSnapshotSchema} and keeps the valid fields:
 * a key whose value does not match (garbage, or a value a newer server writes that this
 * build does not know, such as a new meeting status) is dropped as if the server had not
 * written it, and the other keys are still used. Never throws and never returns null, so one
 * bad value cannot blank the whole meeting state; anything but a plain object reads as `{}`.
 * Unknown keys pass through as they are (unchecked).
 */
export function parseLiveSnapshot(value: unknown): LiveDocSnapshot {
  const parsed = LiveDocSnapshotSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const invalid = new Set(parsed.error.issues.map((issue) => issue.path[0]));
  const valid = Object.fromEntries(Object.entries(value).filter(([key]) => !invalid.has(key)));
  const retried = LiveDocSnapshotSchema.safeParse(valid);
  return retried.success ? retried.data : {};
}

/** Reads the live `Y.Map` (see {@link parseLiveSnapshot} for what happens to invalid values). */
export function readLiveSnapshot(map: LiveMapLike): LiveDocSnapshot {
  return parseLiveSnapshot(map.toJSON());
}

/**
 * Name of the top-level Y.Map of a viewer document (`meeting/<m>/viewer/<p>`): what one
 * participant sees of the meeting's documents, written by the server, read by that participant
 * only. Additive-only like the live document.
 */
export const VIEWER_MAP = 'viewer';

export const ViewerKeys = {
  /** Bumped whenever the documents this participant may see change in any way; refetch the list. */
  documentsRevision: 'documentsRevision',
  /** A hash of that list as this participant sees it: the server bumps the revision when it changes. */
  documentsDigest: 'documentsDigest',
  /**
   * Bumped when somebody opened a document of the meeting (a read receipt), in the viewer
   * documents of those who may see that document's receipts (the chair, the secretariat, if
   * they may read it): their "Đã đọc" lists refetch. Nobody else learns that anything was opened.
   */
  readersRevision: 'readersRevision',
} as const;

/** The viewer map's snapshot; loose like the live map's. */
export const ViewerDocSnapshotSchema = z.looseObject({
  [ViewerKeys.documentsRevision]: revision.optional(),
  [ViewerKeys.documentsDigest]: z.string().optional(),
  [ViewerKeys.readersRevision]: revision.optional(),
});
