import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './ids';
import { type Role, RoleSchema } from './roles';

/**
 * A meeting's session as it runs in the room: its state and times, the current agenda item,
 * attendance with proxies and the quorum, and the speaker list with its timers. Shared by the
 * room server (commands, live document) and the renderer (session screens, projector).
 */

// ---------------------------------------------------------------------------------------------
// Who may do what
// ---------------------------------------------------------------------------------------------

/** Roles that run the session: start, pause, resume, end, the current item, the speaker list. */
export const SESSION_RUNNERS: readonly Role[] = ['chair', 'secretariat'];
/** Roles that keep attendance: mark anyone, record proxies, set the quorum rule. */
export const ATTENDANCE_KEEPERS: readonly Role[] = ['secretary', 'secretariat', 'chair'];
/**
 * The voting members of a meeting: quorum counts them, and only they register to speak for
 * themselves and check in as members (others may check in too, but are not counted).
 */
export const MEMBER_ROLES: readonly Role[] = ['chair', 'delegate'];

// ---------------------------------------------------------------------------------------------
// Session state
// ---------------------------------------------------------------------------------------------

/**
 * `not_started` → `in_session` ⇄ `paused` → `ended`. Starting moves a published meeting to
 * `in_session`, ending moves it to `ended`; a draft cannot start and an ended session never
 * starts again.
 */
export const SessionStateSchema = z.enum(['not_started', 'in_session', 'paused', 'ended']);
export type SessionState = z.infer<typeof SessionStateSchema>;

/** The session of one meeting. */
export const SessionSchema = z.strictObject({
  state: SessionStateSchema,
  startedAt: IsoDateTimeSchema.nullable(),
  endedAt: IsoDateTimeSchema.nullable(),
  /** Since when the session is paused; null unless `paused`. */
  pausedAt: IsoDateTimeSchema.nullable(),
  /** The agenda item under discussion; null when none. */
  currentItemId: IdSchema.nullable(),
});
export type Session = z.infer<typeof SessionSchema>;

// ---------------------------------------------------------------------------------------------
// Rules: quorum, proxies, speaking time
// ---------------------------------------------------------------------------------------------

/**
 * How many members must be present: more than half of all members (present > N/2), at least
 * two thirds (present ≥ ⌈2N/3⌉), or a fixed number (present ≥ count).
 */
export const QuorumRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('more_than_half') }),
  z.strictObject({ kind: z.literal('two_thirds') }),
  z.strictObject({ kind: z.literal('fixed'), count: z.number().int().min(1).max(100_000) }),
]);
export type QuorumRule = z.infer<typeof QuorumRuleSchema>;

/**
 * Members that must be present for the rule to be met, of `members` voting members. Never below
 * one: a meeting without members has no quorum.
 */
export function quorumRequired(rule: QuorumRule, members: number): number {
  const n = Math.max(0, Math.trunc(members));
  switch (rule.kind) {
    case 'more_than_half':
      return Math.floor(n / 2) + 1;
    case 'two_thirds':
      // ⌈2n/3⌉ in integers, so no floating point decides a quorum.
      return Math.max(1, Math.floor((2 * n + 2) / 3));
    case 'fixed':
      return rule.count;
    default:
      throw new Error(`unknown quorum rule ${String((rule as { kind: unknown }).kind)}`);
  }
}

/** The kinds of floor request (đăng ký phát biểu): a statement, a debate reply, a question. */
export const SpeakerKindSchema = z.enum(['phat_bieu', 'tranh_luan', 'chat_van']);
export type SpeakerKind = z.infer<typeof SpeakerKindSchema>;

const speakingSeconds = z.number().int().min(10).max(3600);

/** Default speaking time per kind, in seconds. */
export const SpeakerLimitsSchema = z.strictObject({
  phat_bieu: speakingSeconds,
  tranh_luan: speakingSeconds,
  chat_van: speakingSeconds,
});
export type SpeakerLimits = z.infer<typeof SpeakerLimitsSchema>;

/** Speaking times before the secretariat changes them: 7 minutes to speak, 3 to debate or ask. */
export const DEFAULT_SPEAKER_LIMITS: SpeakerLimits = { phat_bieu: 420, tranh_luan: 180, chat_van: 180 };

/** The timer warns the speaker (and the projector shows it) this many seconds before the limit. */
export const SPEAKER_WARNING_SECONDS = 30;

/** The rules a meeting's session runs by (set by the secretary, the secretariat or the chair). */
export const SessionRulesSchema = z.strictObject({
  quorum: QuorumRuleSchema,
  /** Whether an absent member may be represented by a present member (ủy quyền). */
  proxiesAllowed: z.boolean(),
  speakerLimits: SpeakerLimitsSchema,
});
export type SessionRules = z.infer<typeof SessionRulesSchema>;

export const DEFAULT_SESSION_RULES: SessionRules = {
  quorum: { kind: 'more_than_half' },
  proxiesAllowed: false,
  speakerLimits: DEFAULT_SPEAKER_LIMITS,
};

/** Changes some of the rules; at least one. */
export const UpdateSessionRulesRequestSchema = z
  .strictObject({
    quorum: QuorumRuleSchema,
    proxiesAllowed: z.boolean(),
    speakerLimits: SpeakerLimitsSchema.partial(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateSessionRulesRequest = z.infer<typeof UpdateSessionRulesRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Session routes
// ---------------------------------------------------------------------------------------------

/**
 * The session, its rules, and the server's clock when it answered. Timers are absolute server
 * times (`startedAt`, `pausedAt`) plus seconds; a client estimates its offset to the server
 * clock from `serverNow` (or `GET /clock`) and the request's round trip, so every screen shows
 * the same remaining time whatever its own clock says.
 */
export const SessionViewSchema = z.strictObject({
  session: SessionSchema,
  rules: SessionRulesSchema,
  serverNow: IsoDateTimeSchema,
});
export type SessionView = z.infer<typeof SessionViewSchema>;

export const ClockResponseSchema = z.strictObject({ serverNow: IsoDateTimeSchema });

export const SetCurrentItemRequestSchema = z.strictObject({ itemId: IdSchema.nullable() });
export type SetCurrentItemRequest = z.infer<typeof SetCurrentItemRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Attendance
// ---------------------------------------------------------------------------------------------

/**
 * `present` and `late` count as present (in person); `absent` (not arrived, the start for
 * everyone), `excused` (absent with a reason) and `left_early` do not.
 */
export const AttendanceStatusSchema = z.enum(['present', 'absent', 'excused', 'late', 'left_early']);
export type AttendanceStatus = z.infer<typeof AttendanceStatusSchema>;

/** Statuses that count as present in person. */
export const PRESENT_STATUSES: readonly AttendanceStatus[] = ['present', 'late'];

export function isPresentStatus(status: AttendanceStatus): boolean {
  return PRESENT_STATUSES.includes(status);
}

/** One participant's attendance now. */
export const AttendanceEntrySchema = z.strictObject({
  participantId: IdSchema,
  name: z.string(),
  role: RoleSchema,
  /** Whether quorum counts this participant (a chair or a delegate). */
  member: z.boolean(),
  status: AttendanceStatusSchema,
  /** Why excused (or any note the secretary gave); empty when none. */
  reason: z.string().max(500),
  /** The present member who holds this member's proxy; null when none. */
  proxyHolderId: IdSchema.nullable(),
  /** Last change; null when nothing was recorded yet (absent). */
  updatedAt: IsoDateTimeSchema.nullable(),
});
export type AttendanceEntry = z.infer<typeof AttendanceEntrySchema>;

/** The counts behind "28/35 đại biểu có mặt — đủ túc số". */
export const QuorumStateSchema = z.strictObject({
  rule: QuorumRuleSchema,
  /** Voting members of the meeting (chair + delegates). */
  members: z.number().int().min(0),
  /** Members present in person. */
  present: z.number().int().min(0),
  /** Absent members represented by a present proxy holder (counted for votes, not for quorum). */
  represented: z.number().int().min(0),
  /** Members that must be present. */
  required: z.number().int().min(0),
  met: z.boolean(),
  proxiesAllowed: z.boolean(),
});
export type QuorumState = z.infer<typeof QuorumStateSchema>;

export const AttendanceResponseSchema = z.strictObject({
  quorum: QuorumStateSchema,
  entries: z.array(AttendanceEntrySchema),
});

/** The secretary marks someone. `excused` needs a reason. */
export const MarkAttendanceRequestSchema = z.strictObject({
  status: AttendanceStatusSchema,
  reason: z.string().trim().max(500).default(''),
});
export type MarkAttendanceRequest = z.infer<typeof MarkAttendanceRequestSchema>;

/** Records (holderId) or clears (null) who holds a member's proxy. */
export const SetProxyRequestSchema = z.strictObject({ holderId: IdSchema.nullable() });
export type SetProxyRequest = z.infer<typeof SetProxyRequestSchema>;

export const AttendanceEntryEnvelopeSchema = z.strictObject({
  entry: AttendanceEntrySchema,
  quorum: QuorumStateSchema,
});

/** What a ledger line records. */
export const AttendanceEventKindSchema = z.enum(['check_in', 'check_out', 'mark', 'proxy']);
export type AttendanceEventKind = z.infer<typeof AttendanceEventKindSchema>;

/** One line of the attendance ledger: every arrival, departure, mark and proxy, with its time. */
export const AttendanceEventSchema = z.strictObject({
  seq: z.number().int().min(1),
  at: IsoDateTimeSchema,
  kind: AttendanceEventKindSchema,
  participantId: IdSchema,
  /** The name when it happened (the ledger outlives renames). */
  name: z.string(),
  status: AttendanceStatusSchema,
  reason: z.string(),
  proxyHolderId: IdSchema.nullable(),
  proxyHolderName: z.string().nullable(),
  /** Who recorded it; null for the server itself. */
  byId: IdSchema.nullable(),
  byName: z.string().nullable(),
});
export type AttendanceEvent = z.infer<typeof AttendanceEventSchema>;

export const AttendanceLedgerResponseSchema = z.strictObject({ events: z.array(AttendanceEventSchema) });

// ---------------------------------------------------------------------------------------------
// Speakers
// ---------------------------------------------------------------------------------------------

/**
 * `queued` → `speaking` → `done`; a queued request may instead be `rejected` (by the chair) or
 * `withdrawn` (by the requester). Granting the floor while someone speaks ends that speech.
 */
export const SpeakerStatusSchema = z.enum(['queued', 'speaking', 'done', 'rejected', 'withdrawn']);
export type SpeakerStatus = z.infer<typeof SpeakerStatusSchema>;

/**
 * The speaking timer: remaining = limitSeconds − ((pausedAt ?? serverNow) − startedAt −
 * pausedSeconds). Absolute server times, so every client computes the same value.
 */
export const SpeakerTimerSchema = z.strictObject({
  startedAt: IsoDateTimeSchema,
  limitSeconds: z.number().int().min(1),
  /** Seconds the timer was paused before `pausedAt` (accumulated over earlier pauses). */
  pausedSeconds: z.number().min(0),
  /** Since when it is paused; null while it runs. */
  pausedAt: IsoDateTimeSchema.nullable(),
  warningSeconds: z.number().int().min(0),
});
export type SpeakerTimer = z.infer<typeof SpeakerTimerSchema>;

/** Seconds spoken so far (the timer's elapsed time) at `nowMs`, server clock. */
export function spokenSeconds(timer: SpeakerTimer, nowMs: number): number {
  const end = timer.pausedAt ? Date.parse(timer.pausedAt) : nowMs;
  return Math.max(0, (end - Date.parse(timer.startedAt)) / 1000 - timer.pausedSeconds);
}

export const SpeakerRequestSchema = z.strictObject({
  id: IdSchema,
  meetingId: IdSchema,
  /** The agenda item; null when the item was deleted afterwards. */
  itemId: IdSchema.nullable(),
  participantId: IdSchema,
  name: z.string(),
  kind: SpeakerKindSchema,
  status: SpeakerStatusSchema,
  /** 0-based place in the item's queue while queued; null otherwise. */
  position: z.number().int().min(0).nullable(),
  requestedAt: IsoDateTimeSchema,
  /** Who put the request in: the speaker, or the chair adding someone. */
  addedById: IdSchema.nullable(),
  /** Set once the floor is granted. */
  timer: SpeakerTimerSchema.nullable(),
  endedAt: IsoDateTimeSchema.nullable(),
  /** Seconds spoken (pauses left out), once ended; null before. */
  spokenSeconds: z.number().min(0).nullable(),
});
export type SpeakerRequest = z.infer<typeof SpeakerRequestSchema>;

/**
 * Requests the floor. Without `participantId` (or with one's own) for oneself; the chair may
 * name any participant of the meeting (adding someone). Without `itemId`: the current item.
 */
export const RequestFloorRequestSchema = z.strictObject({
  kind: SpeakerKindSchema,
  itemId: IdSchema.optional(),
  participantId: IdSchema.optional(),
});
export type RequestFloorRequest = z.infer<typeof RequestFloorRequestSchema>;

/** Grants the floor; `limitSeconds` overrides the kind's default speaking time. */
export const GrantFloorRequestSchema = z.strictObject({ limitSeconds: speakingSeconds.optional() });
export type GrantFloorRequest = z.infer<typeof GrantFloorRequestSchema>;

/** Moves a queued request to a new 0-based place in its item's queue. */
export const MoveSpeakerRequestSchema = z.strictObject({ index: z.number().int().min(0).max(10_000) });
export type MoveSpeakerRequest = z.infer<typeof MoveSpeakerRequestSchema>;

export const SpeakersQuerySchema = z.strictObject({ itemId: IdSchema.optional() });

export const SpeakerEnvelopeSchema = z.strictObject({ speaker: SpeakerRequestSchema });
/** Every request of an item (or of the meeting), queue order first, then by time. */
export const SpeakerListResponseSchema = z.strictObject({ speakers: z.array(SpeakerRequestSchema) });

/** Per delegate: how often and how long they spoke. */
export const SpeakerStatSchema = z.strictObject({
  participantId: IdSchema,
  name: z.string(),
  count: z.number().int().min(0),
  totalSeconds: z.number().min(0),
  byKind: z.strictObject({
    phat_bieu: z.number().int().min(0),
    tranh_luan: z.number().int().min(0),
    chat_van: z.number().int().min(0),
  }),
});
export type SpeakerStat = z.infer<typeof SpeakerStatSchema>;

/** One finished speech, for the minutes. */
export const SpeechSchema = z.strictObject({
  id: IdSchema,
  participantId: IdSchema,
  name: z.string(),
  kind: SpeakerKindSchema,
  startedAt: IsoDateTimeSchema,
  endedAt: IsoDateTimeSchema,
  seconds: z.number().min(0),
  limitSeconds: z.number().int().min(1),
});
export type Speech = z.infer<typeof SpeechSchema>;

/** Who spoke on which item for how long (items in agenda order), and totals per delegate. */
export const SpeakerHistoryResponseSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      itemId: IdSchema.nullable(),
      title: z.string().nullable(),
      speeches: z.array(SpeechSchema),
    }),
  ),
  stats: z.array(SpeakerStatSchema),
});
export type SpeakerHistoryResponse = z.infer<typeof SpeakerHistoryResponseSchema>;

// ---------------------------------------------------------------------------------------------
// The live document's sections (`meeting/<m>/live`, keys `session`, `attendance`, `speakers`)
// ---------------------------------------------------------------------------------------------

/** `session`: the state and its times (the current item is the older `currentItemId` key). */
export const LiveSessionSchema = z.looseObject({
  state: SessionStateSchema,
  startedAt: IsoDateTimeSchema.nullable(),
  endedAt: IsoDateTimeSchema.nullable(),
  pausedAt: IsoDateTimeSchema.nullable(),
});
export type LiveSession = z.infer<typeof LiveSessionSchema>;

/**
 * `attendance`: the quorum's counts (what "28/35 đại biểu có mặt — đủ túc số" is made of) and
 * every participant's status — attendance is public in a council.
 */
export const LiveAttendanceSchema = z.looseObject({
  quorum: QuorumStateSchema,
  /** By participant id. */
  participants: z.record(
    z.string(),
    z.looseObject({ status: AttendanceStatusSchema, proxyHolderId: IdSchema.nullable() }),
  ),
});
export type LiveAttendance = z.infer<typeof LiveAttendanceSchema>;

/** A speaker as the live document shows one. */
export const LiveSpeakerSchema = z.looseObject({
  id: IdSchema,
  participantId: IdSchema,
  name: z.string(),
  kind: SpeakerKindSchema,
  itemId: IdSchema.nullable(),
});

/**
 * `speakers`: who has the floor now with the timer's data (null when nobody), and the queue of
 * the current item in order.
 */
export const LiveSpeakersSchema = z.looseObject({
  itemId: IdSchema.nullable(),
  current: LiveSpeakerSchema.extend({ timer: SpeakerTimerSchema }).nullable(),
  queue: z.array(LiveSpeakerSchema.extend({ requestedAt: IsoDateTimeSchema })),
});
export type LiveSpeakers = z.infer<typeof LiveSpeakersSchema>;
