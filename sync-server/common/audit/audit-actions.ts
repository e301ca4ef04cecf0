import { z } from 'zod';
import { ClassificationSchema, DocumentKindSchema, Sha256Schema } from '../schemas/document';
import { IdSchema, IsoDateTimeSchema } from '../schemas/ids';
import { MeetingStatusSchema, MeetingTypeSchema } from '../schemas/meeting';
import { RoleSchema } from '../schemas/roles';
import {
  MajorityRuleSchema,
  OptionLabelsSchema,
  VoteOptionSchema,
  VoteResultSchema,
  VoteSecrecySchema,
} from '../schemas/vote';
import {
  AttendanceStatusSchema,
  QuorumRuleSchema,
  SpeakerKindSchema,
  SpeakerLimitsSchema,
} from '../schemas/session';

/**
 * What each audit action records. The chain can never be edited, so a payload says what
 * changed in the domain's own words — never the raw request — and every payload is a strict
 * object: a field that is not declared here cannot reach the log.
 */

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** One changed field: its value before and after. */
const Change = z.strictObject({ from: Scalar, to: Scalar });
/** The fields a partial update really changed (unchanged ones are left out). */
const changesOf = <K extends string>(fields: readonly [K, ...K[]]) => z.partialRecord(z.enum(fields), Change);

const Ids = z.array(IdSchema);
const GroupNames = z.array(z.string().max(100));

const MeetingFields = [
  'title',
  'body',
  'type',
  'startsAt',
  'endsAt',
  'timeZone',
  'place',
  'leadTimeWorkingDays',
] as const;
const AgendaFields = ['title', 'presenter', 'durationMinutes', 'description'] as const;
const ParticipantFields = ['name', 'position', 'unit', 'role', 'group'] as const;
const DocumentFields = ['title', 'kind', 'classification', 'noExport', 'agendaItemId', 'position'] as const;

/**
 * Why document bytes were purged: the last document referring to them was deleted, the upload
 * that stored them was refused after they were stored, or the start-up sweep found them orphaned
 * (e.g. by a crash between a commit and the purge that should have followed it).
 */
export const BytesPurgeReasonSchema = z.enum(['deleted', 'refused', 'orphaned']);

/**
 * A ballot as the audit log may hold it. For open and named votes the log may say who chose
 * what; for a secret vote it records only that the voter took part — the variant has no
 * `choice`, so writing voter and choice together is a type error here and a strict-object
 * refusal at run time.
 */
export const BallotAuditSchema = z.discriminatedUnion('secrecy', [
  z.strictObject({
    voteId: IdSchema,
    secrecy: z.enum(['open', 'named']),
    voterId: IdSchema,
    choice: z.string().min(1).max(100),
  }),
  z.strictObject({ voteId: IdSchema, secrecy: z.literal('secret'), voterId: IdSchema }),
]);

export const AuditPayloadSchemas = {
  'meeting.create': z.strictObject({
    meetingId: IdSchema,
    title: z.string(),
    body: z.string(),
    type: MeetingTypeSchema,
    startsAt: IsoDateTimeSchema,
    /** Absent in entries written before meetings had an end and a zone. */
    endsAt: IsoDateTimeSchema.optional(),
    timeZone: z.string().optional(),
    place: z.string(),
  }),
  'meeting.update': z.strictObject({
    meetingId: IdSchema,
    changes: changesOf(MeetingFields),
    /** Unused join codes that followed the meeting's end to its new value. */
    joinCodesMoved: z.number().int().min(0).optional(),
  }),
  'meeting.publish': z.strictObject({
    meetingId: IdSchema,
    status: MeetingStatusSchema,
    revision: z.number().int().min(1),
  }),

  'agenda.add': z.strictObject({
    itemId: IdSchema,
    parentId: IdSchema.nullable(),
    position: z.number().int().min(0),
    title: z.string(),
  }),
  'agenda.update': z.strictObject({ itemId: IdSchema, changes: changesOf(AgendaFields) }),
  'agenda.move': z.strictObject({
    itemId: IdSchema,
    from: z.strictObject({ parentId: IdSchema.nullable(), position: z.number().int() }),
    to: z.strictObject({ parentId: IdSchema.nullable(), position: z.number().int() }),
  }),
  'agenda.delete': z.strictObject({ itemId: IdSchema, title: z.string(), removedItemIds: Ids }),

  'participant.add': z.strictObject({
    participantId: IdSchema,
    name: z.string(),
    role: RoleSchema,
    group: z.string(),
  }),
  'participant.import': z.strictObject({
    participantIds: Ids,
    count: z.number().int().min(1),
    /** Rows left out because they repeat a person already in the list (or earlier in the file). */
    skippedDuplicates: z.number().int().min(1).optional(),
    /** Rows that repeat a person and were imported anyway, as the secretariat chose. */
    importedDuplicates: z.number().int().min(1).optional(),
  }),
  /** A participant moved in protocol order; places are 1 for the first of the list. */
  'participant.move': z.strictObject({
    participantId: IdSchema,
    from: z.number().int().min(1),
    to: z.number().int().min(1),
  }),
  'participant.update': z.strictObject({ participantId: IdSchema, changes: changesOf(ParticipantFields) }),
  'participant.remove': z.strictObject({
    participantId: IdSchema,
    name: z.string(),
    role: RoleSchema,
    revokedDeviceIds: Ids,
  }),

  'join-code.issue': z.strictObject({ participantIds: Ids, expiresAt: IsoDateTimeSchema }),
  'device.join': z.strictObject({
    participantId: IdSchema,
    deviceSessionId: IdSchema,
    deviceLabel: z.string().max(200),
  }),
  'device.revoke': z.strictObject({
    participantId: IdSchema,
    deviceSessionId: IdSchema,
    /** True when the device signed itself out. */
    bySelf: z.boolean(),
  }),

  'document.add': z.strictObject({
    documentId: IdSchema,
    title: z.string(),
    kind: DocumentKindSchema,
    classification: ClassificationSchema,
    noExport: z.boolean(),
    agendaItemId: IdSchema.nullable(),
    sha256: Sha256Schema,
    byteSize: z.number().int().min(0),
    pageCount: z.number().int().min(0),
  }),
  'document.version': z.strictObject({
    documentId: IdSchema,
    version: z.number().int().min(2),
    sha256: Sha256Schema,
    byteSize: z.number().int().min(0),
    pageCount: z.number().int().min(0),
  }),
  'document.update': z.strictObject({ documentId: IdSchema, changes: changesOf(DocumentFields) }),
  'document.grants': z.strictObject({
    documentId: IdSchema,
    added: z.strictObject({ participantIds: Ids, groups: GroupNames }),
    removed: z.strictObject({ participantIds: Ids, groups: GroupNames }),
  }),
  'document.delete': z.strictObject({ documentId: IdSchema, title: z.string() }),
  /** A participant opened a version of a document for the first time (later opens are counted, not logged). */
  'document.open': z.strictObject({
    documentId: IdSchema,
    participantId: IdSchema,
    version: z.number().int().min(1),
  }),
  /** Document bytes destroyed because no document version refers to them any more. */
  'document.purge-bytes': z.strictObject({
    sha256s: z.array(Sha256Schema).min(1),
    reason: BytesPurgeReasonSchema,
  }),

  // The session: its state, current item and rules.
  'session.start': z.strictObject({ meetingId: IdSchema, meetingStatus: MeetingStatusSchema }),
  'session.pause': z.strictObject({
    meetingId: IdSchema,
    /** The speaker whose timer the pause stopped, if one was running. */
    pausedSpeakerId: IdSchema.nullable(),
  }),
  'session.resume': z.strictObject({ meetingId: IdSchema, pausedSeconds: z.number().min(0) }),
  'session.end': z.strictObject({
    meetingId: IdSchema,
    meetingStatus: MeetingStatusSchema,
    /** The speech cut short by the end, if any. */
    endedSpeakerId: IdSchema.nullable(),
  }),
  'session.current-item': z.strictObject({
    meetingId: IdSchema,
    from: IdSchema.nullable(),
    to: IdSchema.nullable(),
  }),
  'session.rules': z.strictObject({
    meetingId: IdSchema,
    changes: z.strictObject({
      quorum: z.strictObject({ from: QuorumRuleSchema, to: QuorumRuleSchema }).optional(),
      proxiesAllowed: z.strictObject({ from: z.boolean(), to: z.boolean() }).optional(),
      speakerLimits: z.strictObject({ from: SpeakerLimitsSchema, to: SpeakerLimitsSchema }).optional(),
    }),
  }),

  // Attendance: every arrival, departure, mark and proxy.
  'attendance.check-in': z.strictObject({
    participantId: IdSchema,
    from: AttendanceStatusSchema,
    to: AttendanceStatusSchema,
  }),
  'attendance.check-out': z.strictObject({
    participantId: IdSchema,
    from: AttendanceStatusSchema,
    to: AttendanceStatusSchema,
  }),
  'attendance.mark': z.strictObject({
    participantId: IdSchema,
    from: AttendanceStatusSchema,
    to: AttendanceStatusSchema,
    reason: z.string().max(500),
  }),
  'attendance.proxy': z.strictObject({
    participantId: IdSchema,
    from: IdSchema.nullable(),
    to: IdSchema.nullable(),
  }),

  // Speakers.
  'speaker.request': z.strictObject({
    speakerId: IdSchema,
    participantId: IdSchema,
    itemId: IdSchema,
    kind: SpeakerKindSchema,
    /** True when the chair added someone rather than the speaker asking. */
    added: z.boolean(),
  }),
  'speaker.withdraw': z.strictObject({ speakerId: IdSchema, participantId: IdSchema }),
  'speaker.reject': z.strictObject({ speakerId: IdSchema, participantId: IdSchema }),
  'speaker.move': z.strictObject({
    speakerId: IdSchema,
    from: z.number().int().min(0),
    to: z.number().int().min(0),
  }),
  'speaker.grant': z.strictObject({
    speakerId: IdSchema,
    participantId: IdSchema,
    limitSeconds: z.number().int().min(1),
    /** The speech the grant ended, if someone still had the floor. */
    endedSpeakerId: IdSchema.nullable(),
  }),
  'speaker.pause': z.strictObject({ speakerId: IdSchema }),
  'speaker.resume': z.strictObject({ speakerId: IdSchema }),
  'speaker.finish': z.strictObject({
    speakerId: IdSchema,
    participantId: IdSchema,
    seconds: z.number().min(0),
  }),

  'vote.ballot': BallotAuditSchema,
  'vote.labels': z.strictObject({ meetingId: IdSchema, labels: OptionLabelsSchema }),
  'vote.create': z.strictObject({
    voteId: IdSchema,
    agendaItemId: IdSchema,
    title: z.string(),
    secrecy: VoteSecrecySchema,
    options: z.array(VoteOptionSchema),
    rule: MajorityRuleSchema,
    allowChange: z.boolean(),
    durationSeconds: z.number().int().nullable(),
  }),
  /** A new draft on a closed or cancelled vote's motion (biểu quyết lại). */
  'vote.rerun': z.strictObject({ voteId: IdSchema, rerunOf: IdSchema }),
  /** The eligibility and rules frozen at opening. */
  'vote.open': z.strictObject({
    voteId: IdSchema,
    members: z.number().int().min(0),
    present: z.number().int().min(0),
    eligible: z.number().int().min(0),
    quorumRequired: z.number().int().min(0),
    rule: MajorityRuleSchema,
    closesAt: IsoDateTimeSchema.nullable(),
  }),
  /** The result as announced: counts, shares, base, requirement and verdict. */
  'vote.close': z.strictObject({
    voteId: IdSchema,
    closedBy: z.enum(['chair', 'timer']),
    result: VoteResultSchema,
  }),
  'vote.cancel': z.strictObject({
    voteId: IdSchema,
    wasOpen: z.boolean(),
    ballotsDiscarded: z.number().int(),
  }),
  // Follow the presenter. Every share is a command, so every page turn is one entry (the rule);
  // it records where the room was looking, kept small: no zoom or rotation, which are views.
  'presenter.name': z.strictObject({
    meetingId: IdSchema,
    from: IdSchema.nullable(),
    to: IdSchema.nullable(),
  }),
  'presenter.share': z.strictObject({
    meetingId: IdSchema,
    documentId: IdSchema,
    version: z.number().int().min(1),
    page: z.number().int().min(1),
  }),
  'presenter.stop': z.strictObject({ meetingId: IdSchema }),
  // Minutes (biên bản): record blocks, the chair's freeze, corrections and publication.
  'minutes.insert-record': z.strictObject({
    meetingId: IdSchema,
    kind: z.enum(['attendance', 'speakers', 'vote']),
    refId: IdSchema,
  }),
  'minutes.finalise': z.strictObject({
    meetingId: IdSchema,
    /** SHA-256 (hex) of the final text's stored JSON: the chain vouches for the frozen text. */
    sha256: Sha256Schema,
    registerNumber: z.string().nullable(),
    blocks: z.number().int().min(0),
  }),
  'minutes.addendum': z.strictObject({
    meetingId: IdSchema,
    seq: z.number().int().min(1),
    /** SHA-256 of the addendum's text (the text itself is in minutes_addenda). */
    sha256: Sha256Schema,
  }),
  'minutes.publish': z.strictObject({ meetingId: IdSchema }),
  // Conclusion notice (Thông báo kết luận, form 1.4): drafted from the conclusions, issued with its number.
  'minutes.draft-conclusion-notice': z.strictObject({
    meetingId: IdSchema,
    blocks: z.number().int().min(0),
  }),
  'minutes.issue-conclusion-notice': z.strictObject({
    meetingId: IdSchema,
    /** "08/TB-UBND": the register entry the notice took. */
    registerNumber: z.string(),
  }),
} as const;

export type AuditAction = keyof typeof AuditPayloadSchemas;
export const AUDIT_ACTIONS = Object.keys(AuditPayloadSchemas) as AuditAction[];

/** The payload an action records, as it is written. */
export type AuditPayload<A extends AuditAction> = z.input<(typeof AuditPayloadSchemas)[A]>;

/** One entry to append: the action, the meeting it concerns (null: the room) and its payload. */
export type AuditRecord = {
  [A in AuditAction]: {
    readonly action: A;
    readonly meetingId: string | null;
    readonly payload: AuditPayload<A>;
  };
}[AuditAction];

/** Parses a payload against its action's schema; throws on any undeclared field. */
export function parseAuditPayload<A extends AuditAction>(action: A, payload: unknown): AuditPayload<A> {
  return AuditPayloadSchemas[action].parse(payload) as AuditPayload<A>;
}
