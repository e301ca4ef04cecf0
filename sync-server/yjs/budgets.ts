/**
 * Budgets and rates of the Yjs hub: how large a document may grow, how much one device may add
 * to it and to all documents together, and how fast a device may send and make the server work.
 * A write that would go past a budget is refused before it is applied: never stored, never sent
 * on, and the socket is closed with a 4413 whose reason names the budget (close-codes.ts).
 *
 * Bytes are encoded Yjs bytes: for a document, what its rows in the update log hold (compaction
 * shrinks it) plus updates waiting for a part they depend on; for a device, the updates it had
 * accepted. Items are Yjs structs: what a document holds in memory (plus those waiting) — what a
 * heap is exhausted by — and, for a device, by how much its accepted updates grew that number.
 * Device budgets count since the server started and are not stored.
 */

/** A limit in encoded bytes and in structs. */
export interface Budget {
  readonly bytes: number;
  readonly items: number;
}

export interface YjsBudgets {
  /** One document: stored bytes and structs held. */
  readonly document: Budget;
  /** What one device may add to one document. */
  readonly deviceDocument: Budget;
  /** What one device may add to all documents together. */
  readonly device: Budget;
}

const MiB = 1024 * 1024;

/**
 * Far above a real meeting: the minutes of a long meeting (50 pages) hold about 300 KB and
 * 10,000–30,000 structs, a layer with hundreds of annotations about 100 KB and 10,000 structs
 * (tests/integration/yjs-budgets.test.ts measures both). A document at its item budget holds
 * about 110 MB of the worker's heap.
 */
export const DEFAULT_YJS_BUDGETS: YjsBudgets = {
  document: { bytes: 32 * MiB, items: 250_000 },
  deviceDocument: { bytes: 16 * MiB, items: 100_000 },
  device: { bytes: 64 * MiB, items: 250_000 },
};

/** Budgets with every unset field at its default. */
export function yjsBudgets(overrides: { [K in keyof YjsBudgets]?: Partial<Budget> } = {}): YjsBudgets {
  const pick = (k: keyof YjsBudgets): Budget => ({ ...DEFAULT_YJS_BUDGETS[k], ...overrides[k] });
  return { document: pick('document'), deviceDocument: pick('deviceDocument'), device: pick('device') };
}

/** A sustained rate and the burst above it. */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * A token bucket: holds at most `burst`, refills at `perSecond`. `take` spends only what is
 * there; `charge` spends after the fact (work whose cost is known only once done) and may leave
 * the bucket in debt, which later `take`s must wait out.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.last = now;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
  }

  /** Spends `amount` if the bucket holds it; false (and nothing spent) otherwise. */
  take(amount: number, now: number): boolean {
    this.refill(now);
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }

  /** Spends `amount` whatever the bucket holds. */
  charge(amount: number, now: number): void {
    this.refill(now);
    this.tokens -= amount;
  }

  /** Whether anything is left (a bucket in debt refuses work until it has refilled). */
  positive(now: number): boolean {
    this.refill(now);
    return this.tokens > 0;
  }
}

/** Bytes and items added so far. */
export interface Usage {
  bytes: number;
  items: number;
}

/** Which budget a write would break. */
export type BudgetScope = 'document' | 'deviceDocument' | 'device';

/**
 * What each device has added, per document and in all, since the server started: the
 * `deviceDocument` and `device` budgets are checked against it.
 */
export class DeviceLedger {
  private readonly devices = new Map<string, { total: Usage; docs: Map<string, Usage> }>();

  constructor(private readonly budgets: YjsBudgets) {}

  private account(device: string) {
    let a = this.devices.get(device);
    if (!a) {
      a = { total: { bytes: 0, items: 0 }, docs: new Map() };
      this.devices.set(device, a);
    }
    return a;
  }

  /** The device budget that `bytes` more would break, or null. */
  bytesOver(device: string, doc: string, bytes: number): BudgetScope | null {
    const a = this.devices.get(device);
    if ((a?.docs.get(doc)?.bytes ?? 0) + bytes > this.budgets.deviceDocument.bytes) return 'deviceDocument';
    if ((a?.total.bytes ?? 0) + bytes > this.budgets.device.bytes) return 'device';
    return null;
  }

  /** Items the device may still add to `doc`, and which budget that leaves (the tighter one). */
  itemsLeft(device: string, doc: string): { items: number; scope: BudgetScope } {
    const a = this.devices.get(device);
    const perDoc = this.budgets.deviceDocument.items - (a?.docs.get(doc)?.items ?? 0);
    const total = this.budgets.device.items - (a?.total.items ?? 0);
    return perDoc <= total ? { items: perDoc, scope: 'deviceDocument' } : { items: total, scope: 'device' };
  }

  /** Records what an accepted write added. */
  charge(device: string, doc: string, bytes: number, items: number): void {
    const a = this.account(device);
    let d = a.docs.get(doc);
    if (!d) {
      d = { bytes: 0, items: 0 };
      a.docs.set(doc, d);
    }
    d.bytes += bytes;
    d.items += items;
    a.total.bytes += bytes;
    a.total.items += items;
  }
}
