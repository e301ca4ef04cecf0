import { z } from 'zod';
import { Sha256Schema } from './document';
import { IdSchema, IsoDateTimeSchema } from './ids';

/**
 * Votes (biểu quyết) on motions attached to agenda items: the shapes the room server, the
 * renderer, the projector and the minutes share. The arithmetic of the rules and the wording
 * of results are in `#common/votes/*`.
 */

/**
 * `open`: a show of hands on screens — counts for everyone, names to the chair while open.
 * `named` (có ghi danh): who chose what is part of the result. `secret` (bỏ phiếu kín): nobody,
 * the server included, can tell afterwards who chose what.
 */
export const VoteSecrecySchema = z.enum(['open', 'named', 'secret']);
export type VoteSecrecy = z.infer<typeof VoteSecrecySchema>;

/**
 * What an option means to the majority rule: the motion's `for`, `against` and `abstain`, or one
 * of several alternatives (`choice`: a candidate, a variant of a text), each needing the majority.
 */
export const OptionKindSchema = z.enum(['for', 'against', 'abstain', 'choice']);
export type OptionKind = z.infer<typeof OptionKindSchema>;

/** An option id: short, stable within its vote, sent in ballots and hashed into receipts. */
export const OptionIdSchema = z.string().regex(/^[a-z0-9_-]{1,32}$/, 'option id: 1–32 of a–z, 0–9, _ or -');

export const VoteOptionSchema = z.strictObject({
  id: OptionIdSchema,
  label: z.string().trim().min(1).max(100),
  kind: OptionKindSchema,
});
export type VoteOption = z.infer<typeof VoteOptionSchema>;

/**
 * The options of one vote: either a motion (exactly one `for`, at most one `against` and one
 * `abstain`) or alternatives (two or more `choice`, at most one `abstain`); ids unique.
 */
export const VoteOptionsSchema = z
  .array(VoteOptionSchema)
  .min(2)
  .max(20)
  .superRefine((options, ctx) => {
    const count = (kind: OptionKind) => options.filter((o) => o.kind === kind).length;
    if (new Set(options.map((o) => o.id)).size !== options.length) {
      ctx.addIssue({ code: 'custom', message: 'option ids must be unique' });
    }
    if (count('abstain') > 1) ctx.addIssue({ code: 'custom', message: 'at most one abstain option' });
    const motion = count('for') === 1 && count('against') <= 1 && count('choice') === 0;
    const alternatives = count('for') === 0 && count('against') === 0 && count('choice') >= 2;
    if (!motion && !alternatives) {
      ctx.addIssue({
        code: 'custom',
        message: 'options are a motion (one for, at most one against) or two or more choices',
      });
    }
  });

/** The labels a meeting uses for the three options of a motion (its own wording). */
export const OptionLabelsSchema = z.strictObject({
  for: z.string().trim().min(1).max(100),
  against: z.string().trim().min(1).max(100),
  abstain: z.string().trim().min(1).max(100),
});
export type OptionLabels = z.infer<typeof OptionLabelsSchema>;

/** The labels of Vietnamese councils' rules, used unless the meeting sets its own. */
export const DEFAULT_OPTION_LABELS: OptionLabels = {
  for: 'Tán thành',
  against: 'Không tán thành',
  abstain: 'Không biểu quyết',
};

/** A motion's three options with a meeting's labels (ids `for`, `against`, `abstain`). */
export function motionOptions(labels: OptionLabels = DEFAULT_OPTION_LABELS): VoteOption[] {
  return [
    { id: 'for', label: labels.for, kind: 'for' },
    { id: 'against', label: labels.against, kind: 'against' },
    { id: 'abstain', label: labels.abstain, kind: 'abstain' },
  ];
}

/**
 * A majority rule. `base`: what the votes for are measured against — the ballots cast, the
 * members present when the vote opened, or all seated members. `threshold`: `simple` needs
 * more than half of the base (for > base/2), `two_thirds` at least two thirds (3·for ≥ 2·base).
 * `abstentions` matters only with base `cast`: `include` counts an abstention as a ballot cast
 * (so it weighs like a vote against), `exclude` leaves it out of the base. "Quá nửa tổng số
 * đại biểu" (the HĐND rule) is `{ base: 'all', threshold: 'simple' }`.
 */
export const MajorityRuleSchema = z.strictObject({
  base: z.enum(['cast', 'present', 'all']),
  threshold: z.enum(['simple', 'two_thirds']),
  abstentions: z.enum(['include', 'exclude']),
});
export type MajorityRule = z.infer<typeof MajorityRuleSchema>;

/** More than half of all seated members: the rule of People's Councils (HĐND) for resolutions. */
export const HDND_RULE: MajorityRule = { base: 'all', threshold: 'simple', abstentions: 'include' };

export const VoteStatusSchema = z.enum(['draft', 'open', 'closed', 'cancelled']);
export type VoteStatus = z.infer<typeof VoteStatusSchema>;

/** One option's count in a result, with its share of all members and of those present (two decimals). */
export const OptionCountSchema = z.strictObject({
  optionId: OptionIdSchema,
  label: z.string(),
  kind: OptionKindSchema,
  count: z.number().int().min(0),
  /** Percent of all seated members, rounded to two decimals (what councils announce). */
  percentOfMembers: z.number().min(0).max(100),
  /** Percent of the members present when the vote opened, rounded to two decimals. */
  percentOfPresent: z.number().min(0).max(100),
});
export type OptionCount = z.infer<typeof OptionCountSchema>;

/** A closed vote's result: the frozen numbers, each option's count, and the rule's verdict. */
export const VoteResultSchema = z.strictObject({
  rule: MajorityRuleSchema,
  /** Seated members (voting members of the meeting) when the vote opened. */
  members: z.number().int().min(0),
  /** Members present when the vote opened. */
  present: z.number().int().min(0),
  /** Seats that could vote (present members, and absent ones represented by a present proxy). */
  eligible: z.number().int().min(0),
  /** Ballots cast (every option, abstentions included). */
  cast: z.number().int().min(0),
  counts: z.array(OptionCountSchema),
  /** What the votes for are measured against under the rule. */
  base: z.number().int().min(0),
  /** The fewest votes for that pass under the rule (base 0: 1, which nothing reaches). */
  required: z.number().int().min(0),
  passed: z.boolean(),
  /** The option that reached the majority (the `for` option of a passed motion); null if none. */
  winnerOptionId: OptionIdSchema.nullable(),
});
export type VoteResult = z.infer<typeof VoteResultSchema>;

/** A vote on a motion. */
export const VoteSchema = z.strictObject({
  id: IdSchema,
  meetingId: IdSchema,
  agendaItemId: IdSchema,
  /** The motion (nội dung biểu quyết). */
  title: z.string().trim().min(1).max(500),
  secrecy: VoteSecrecySchema,
  options: VoteOptionsSchema,
  rule: MajorityRuleSchema,
  /** Whether a voter may change their ballot until the vote closes. */
  allowChange: z.boolean(),
  /** Countdown from opening; null: the chair closes it. */
  durationSeconds: z.number().int().min(5).max(3600).nullable(),
  status: VoteStatusSchema,
  /** The vote this one re-runs (biểu quyết lại), if any. */
  rerunOf: IdSchema.nullable(),
  createdAt: IsoDateTimeSchema,
  openedAt: IsoDateTimeSchema.nullable(),
  /** When the server closes it on its own (countdown); null without one. */
  closesAt: IsoDateTimeSchema.nullable(),
  closedAt: IsoDateTimeSchema.nullable(),
  /** Eligible seats, frozen at opening; null before. */
  eligible: z.number().int().min(0).nullable(),
  /** Ballots received so far (who voted, never what). */
  voted: z.number().int().min(0),
  result: VoteResultSchema.nullable(),
});
export type Vote = z.infer<typeof VoteSchema>;

/** POST /meetings/:meetingId/votes */
export const CreateVoteRequestSchema = z.strictObject({
  agendaItemId: IdSchema,
  title: z.string().trim().min(1).max(500),
  secrecy: VoteSecrecySchema.default('open'),
  /** Omitted: the motion's three options with the meeting's labels. */
  options: VoteOptionsSchema.optional(),
  rule: MajorityRuleSchema.default(HDND_RULE),
  allowChange: z.boolean().default(false),
  durationSeconds: z.number().int().min(5).max(3600).nullable().default(null),
});
export type CreateVoteRequest = z.input<typeof CreateVoteRequestSchema>;

/** PUT /meetings/:meetingId/vote-labels */
export const SetOptionLabelsRequestSchema = OptionLabelsSchema;

/**
 * A secret ballot's random token, made by the voter's device (32 random bytes, base64url): the
 * device can hold its receipt without waiting for any answer, and the server never learns whose
 * token is whose beyond the request itself — nothing stores them together.
 */
export const BallotTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'token: 32 bytes, base64url');

/**
 * A client-made key that makes a ballot idempotent: retrying with the same key answers the
 * first outcome and counts nothing again.
 */
export const IdempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'idempotency key: 16–64 url-safe');

/**
 * POST /votes/:voteId/ballots. Open and named: `optionId`, and `memberId` when the caller holds
 * several seats (their own and proxies). Secret: `optionId` and `token`, never a member id — the
 * server fills the caller's next unvoted seat; `replaces` names the token of the ballot being
 * changed (where the vote allows changes).
 */
export const CastBallotRequestSchema = z.strictObject({
  idempotencyKey: IdempotencyKeySchema,
  optionId: OptionIdSchema,
  memberId: IdSchema.optional(),
  token: BallotTokenSchema.optional(),
  replaces: BallotTokenSchema.optional(),
});
export type CastBallotRequest = z.infer<typeof CastBallotRequestSchema>;

/** A ballot's outcome: the same for a retry with the same idempotency key. */
export const BallotOutcomeSchema = z.strictObject({
  voteId: IdSchema,
  /** The seat the ballot counts for. */
  memberId: IdSchema,
  counted: z.literal(true),
  /** True when this ballot replaced the seat's earlier one. */
  changed: z.boolean(),
  /** The choice (open and named votes only; a secret ballot's outcome never names it). */
  optionId: OptionIdSchema.optional(),
});
export type BallotOutcome = z.infer<typeof BallotOutcomeSchema>;

/** GET /votes/:voteId/ballot-status?idempotencyKey=… or ?receipt=… */
export const BallotStatusQuerySchema = z
  .strictObject({ idempotencyKey: IdempotencyKeySchema.optional(), receipt: Sha256Schema.optional() })
  .refine((q) => (q.idempotencyKey === undefined) !== (q.receipt === undefined), {
    message: 'give exactly one of idempotencyKey and receipt',
  });

export const BallotStatusResponseSchema = z.strictObject({
  voteId: IdSchema,
  /** Whether the ballot is counted (false: never received, or replaced by a later one). */
  counted: z.boolean(),
  /** The original outcome, when asked by idempotency key and counted. */
  outcome: BallotOutcomeSchema.optional(),
});
export type BallotStatusResponse = z.infer<typeof BallotStatusResponseSchema>;

/** A seat as the chair sees it while a vote is open. */
export const TurnoutSeatSchema = z.strictObject({ memberId: IdSchema, name: z.string(), holderId: IdSchema });

/**
 * GET /votes/:voteId/turnout (chair, secretary, secretariat): who has and who has not voted.
 * For every secrecy this says who took part, never what anybody chose.
 */
export const TurnoutResponseSchema = z.strictObject({
  voteId: IdSchema,
  eligible: z.number().int().min(0),
  voted: z.array(TurnoutSeatSchema),
  notVoted: z.array(TurnoutSeatSchema),
});
export type Turnout = z.infer<typeof TurnoutResponseSchema>;

/** A published secret-ballot receipt: SHA-256 of the ballot (see `#common/votes/receipt`) and its choice. */
export const PublishedReceiptSchema = z.strictObject({ receipt: Sha256Schema, optionId: OptionIdSchema });
export type PublishedReceipt = z.infer<typeof PublishedReceiptSchema>;

/**
 * The kiểm phiếu record (biên bản kiểm phiếu) of a closed vote: eligible seats, ballots cast,
 * valid ballots, the count per option — and for a secret vote every receipt with its choice,
 * sorted by receipt, so each voter finds theirs and anyone can recount.
 */
export const TallyRecordSchema = z.strictObject({
  voteId: IdSchema,
  title: z.string(),
  secrecy: VoteSecrecySchema,
  closedAt: IsoDateTimeSchema,
  eligible: z.number().int().min(0),
  ballotsCast: z.number().int().min(0),
  valid: z.number().int().min(0),
  perOption: z.array(
    z.strictObject({ optionId: OptionIdSchema, label: z.string(), count: z.number().int() }),
  ),
  /** Secret votes: every counted ballot's receipt and choice, sorted by receipt. Else empty. */
  receipts: z.array(PublishedReceiptSchema),
  /** Named votes: who chose what, in member order. Else empty. */
  names: z.array(z.strictObject({ memberId: IdSchema, name: z.string(), optionId: OptionIdSchema })),
});
export type TallyRecord = z.infer<typeof TallyRecordSchema>;

export const VoteEnvelopeSchema = z.strictObject({ vote: VoteSchema });
export const VoteListResponseSchema = z.strictObject({ votes: z.array(VoteSchema) });
export const OptionLabelsEnvelopeSchema = z.strictObject({ labels: OptionLabelsSchema });
export const TallyRecordEnvelopeSchema = z.strictObject({ record: TallyRecordSchema });
