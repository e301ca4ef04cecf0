/**
 * The ballots this device cast, kept in the device's own storage: which option (to show
 * "you chose …" and to pre-select it when changing), the idempotency key (a retry after a
 * dropped answer counts nothing twice) and, for a secret vote, the random token and the
 * receipt made from it. After a secret vote closes the server publishes every counted
 * receipt with its choice; the voter checks theirs is there, as cast. The receipt must
 * outlive a reload and a restart, and is nobody else's business: it stays on this device,
 * under this participant's key.
 */
import { z } from 'zod';

const PREFIX = 'paperless.ballots.v1';

/** What the device keeps of one ballot. */
export const MyBallotSchema = z.strictObject({
  voteId: z.string().min(1),
  optionId: z.string().min(1),
  idempotencyKey: z.string().min(1),
  /** Secret votes: the ballot's random token (base64url); null otherwise. */
  token: z.string().nullable(),
  /** Secret votes: the receipt the server will publish (SHA-256 hex); null otherwise. */
  receipt: z.string().nullable(),
  /** When the server confirmed it (ISO); null while the answer is still awaited. */
  confirmedAt: z.string().nullable(),
});
export type MyBallot = z.infer<typeof MyBallotSchema>;

const StoreSchema = z.record(z.string(), MyBallotSchema);

/** The minimal Storage this module needs (tests pass a Map-backed one). */
export type BallotStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** One participant's ballots on one room server. */
export class BallotStore {
  private readonly key: string;

  constructor(
    private readonly storage: BallotStorage | null,
    serverUrl: string,
    participantId: string,
  ) {
    this.key = `${PREFIX}:${serverUrl}:${participantId}`;
  }

  private readAll(): Record<string, MyBallot> {
    if (this.storage === null) return {};
    try {
      const raw = this.storage.getItem(this.key);
      if (raw === null) return {};
      const parsed = StoreSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  /**
   * This device's ballot in a vote, or null: its own seat's, or (`memberId`) the ballot it cast
   * for a member whose proxy it holds.
   */
  get(voteId: string, memberId: string | null = null): MyBallot | null {
    return this.readAll()[seatKey(voteId, memberId)] ?? null;
  }

  /**
   * Keeps (or replaces, after a changed ballot) this device's ballot in a vote. Returns false
   * when the device cannot store it, so the UI can ask the voter to note the receipt.
   */
  put(ballot: MyBallot, memberId: string | null = null): boolean {
    if (this.storage === null) return false;
    const all = this.readAll();
    all[seatKey(ballot.voteId, memberId)] = ballot;
    try {
      this.storage.setItem(this.key, JSON.stringify(all));
      return true;
    } catch {
      return false;
    }
  }
}

/** Where a seat's ballot is kept: the vote id for one's own seat, `vote:member` for a proxy's. */
function seatKey(voteId: string, memberId: string | null): string {
  return memberId === null ? voteId : `${voteId}:${memberId}`;
}

/** How a kept secret-ballot receipt fares against the published list of a closed vote. */
export type ReceiptCheck = 'counted' | 'countedOtherChoice' | 'missing';

/** Looks a receipt up in the published list; a match with another choice is reported, not hidden. */
export function checkReceipt(
  mine: Pick<MyBallot, 'receipt' | 'optionId'>,
  published: readonly { receipt: string; optionId: string }[],
): ReceiptCheck {
  const found = published.find((entry) => entry.receipt === mine.receipt);
  if (found === undefined || mine.receipt === null) return 'missing';
  return found.optionId === mine.optionId ? 'counted' : 'countedOtherChoice';
}
