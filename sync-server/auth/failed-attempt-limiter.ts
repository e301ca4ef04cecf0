import { addressGroup } from './address-group';

/**
 * How hard a guesser is slowed down once over budget. Every figure is per window of the
 * limiter (`windowMs`); the defaults suit a room of a few hundred laptops.
 */
export interface ThrottleOptions {
  /**
   * Wrong codes the whole room may make per window before every further wrong code is
   * answered 429 and every address that has failed before is slowed down.
   */
  readonly globalMax: number;
  /** First delay between two attempts of a slowed address (or of the slowed room); it doubles as failures go on. */
  readonly delayBaseMs: number;
  /** Longest such delay. */
  readonly maxDelayMs: number;
  /**
   * An attempt that would have to wait longer than this (a flood of parallel attempts from one
   * address, or from the room while it is slowed) is refused without its code being tried.
   */
  readonly maxWaitMs: number;
  /** Addresses remembered at most; failures from more are counted room-wide only. */
  readonly maxKeys: number;
  /** How often forgotten addresses are swept out (on a timer, never on a failure). */
  readonly sweepIntervalMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  globalMax: 100,
  delayBaseMs: 1_000,
  maxDelayMs: 30_000,
  maxWaitMs: 30_000,
  maxKeys: 100_000,
  sweepIntervalMs: 60_000,
};

/** What a wrong code earns: 0 — answer "wrong code"; more — answer 429 with this Retry-After. */
export interface FailureVerdict {
  readonly retryAfterMs: number;
}

/** Whether an attempt may have its code tried, and after how long. */
export interface Admission {
  /** Wait this long, then try the code (0: at once). */
  readonly waitMs: number;
  /** More than 0: refused without trying the code; try again after this long. */
  readonly refusedForMs: number;
}

interface AddressState {
  /** Wrong codes in the current window. */
  failures: number;
  /** When the window ends; extended by every failure past the limit, so a lock holds while guessing goes on. */
  resetAt: number;
  /** The earliest time the next attempt of a slowed address is tried. */
  nextSlot: number;
}

/**
 * Counts wrong join codes per client address (IPv6 by /64, see `addressGroup`) and room-wide,
 * and decides how each attempt is treated. It never refuses a code before it has been tried
 * (a right code always redeems, also from an address a guesser shares): instead it slows
 * attempts down and answers wrong ones 429.
 *
 * - An address with `maxFailures` wrong codes in the window is *slowed*: its attempts are tried
 *   one at a time, `delayBaseMs` apart, the gap doubling with each further wrong code up to
 *   `maxDelayMs` (parallel connections do not multiply its rate), and its wrong codes are
 *   answered 429 with that gap as Retry-After.
 * - Past `globalMax` wrong codes room-wide, every wrong code is answered 429, and every address
 *   that has failed in the window (or that the limiter could not remember) has its attempts
 *   spaced room-wide, the gap doubling with every quarter of `globalMax` further failures. An
 *   address that has not failed is never slowed by the room's budget: a device joining for the
 *   first time gets in at once while guessers wait.
 *
 * Every call is O(1); forgotten addresses are swept on a timer.
 */
export class FailedAttemptLimiter {
  private readonly keys = new Map<string, AddressState>();
  private readonly opts: ThrottleOptions;
  private globalFailures = 0;
  private globalResetAt = 0;
  private globalNextSlot = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    options: Partial<ThrottleOptions> = {},
  ) {
    this.opts = { ...DEFAULT_THROTTLE, ...options };
    this.sweeper = setInterval(() => this.sweep(), this.opts.sweepIntervalMs);
    this.sweeper.unref();
  }

  /** Addresses currently remembered. */
  get size(): number {
    return this.keys.size;
  }

  /**
   * Before a code is tried: how long this attempt must wait, which reserves its turn, so
   * parallel attempts of a slowed address are spaced rather than tried together. The wait
   * is never refunded: an attempt whose client gives up has spent its turn.
   */
  admit(address: string): Admission {
    const now = this.now();
    const state = this.live(addressGroup(address), now);
    const slowed = state !== undefined && state.failures >= this.maxFailures;
    // The room's budget slows addresses that have failed, and every address once we cannot remember them all.
    const suspect = state !== undefined || this.keys.size >= this.opts.maxKeys;
    const roomSlowed = suspect && this.liveGlobal(now) >= this.opts.globalMax;
    let start = now;
    if (slowed) start = Math.max(start, state.nextSlot);
    if (roomSlowed) start = Math.max(start, this.globalNextSlot);
    const waitMs = start - now;
    if (waitMs > this.opts.maxWaitMs) return { waitMs: 0, refusedForMs: waitMs };
    if (slowed) state.nextSlot = start + this.addressDelay(state);
    if (roomSlowed) this.globalNextSlot = start + this.globalDelay();
    return { waitMs, refusedForMs: 0 };
  }

  /** After a wrong code: counts it and says how to answer it. */
  recordFailure(address: string): FailureVerdict {
    const now = this.now();
    const key = addressGroup(address);
    if (now >= this.globalResetAt) {
      this.globalFailures = 0;
      this.globalResetAt = now + this.windowMs;
    }
    this.globalFailures++;
    if (this.globalFailures > this.opts.globalMax) {
      this.globalResetAt = Math.max(this.globalResetAt, now + this.windowMs);
      this.globalNextSlot = Math.max(this.globalNextSlot, now + this.globalDelay());
    }
    let state = this.live(key, now);
    if (!state && this.keys.size < this.opts.maxKeys) {
      state = { failures: 0, resetAt: now + this.windowMs, nextSlot: now };
      this.keys.set(key, state);
    }
    if (state) {
      state.failures++;
      if (state.failures > this.maxFailures) {
        state.resetAt = Math.max(state.resetAt, now + this.windowMs);
        state.nextSlot = Math.max(state.nextSlot, now + this.addressDelay(state));
      }
    }
    return this.verdictAt(state, now);
  }

  /** How a wrong code from this address would be answered now (reads only). */
  verdict(address: string): FailureVerdict {
    const now = this.now();
    return this.verdictAt(this.keys.get(addressGroup(address)), now);
  }

  /**
   * Nothing is refused before its code is tried — a right code always redeems — so this is
   * always 0; slowing down is `admit`'s and answering 429 is `recordFailure`'s.
   * @deprecated ask `admit` before trying a code and read `recordFailure`'s verdict after a wrong one.
   */
  retryAfterMs(_address: string): number {
    return 0;
  }

  /** Forgets addresses whose window has ended and whose turn has passed. */
  sweep(): void {
    const now = this.now();
    for (const [key, state] of this.keys) {
      if (now >= state.resetAt && now >= state.nextSlot) this.keys.delete(key);
    }
  }

  /** Stops the sweeping timer. */
  close(): void {
    clearInterval(this.sweeper);
  }

  private verdictAt(state: AddressState | undefined, now: number): FailureVerdict {
    let until = 0;
    if (state && now < state.resetAt && state.failures > this.maxFailures) until = state.nextSlot;
    if (now < this.globalResetAt && this.globalFailures > this.opts.globalMax) {
      until = Math.max(until, this.globalNextSlot);
    }
    return { retryAfterMs: until > 0 ? Math.max(1, until - now) : 0 };
  }

  /** The address's state with an ended window reset, or undefined when there is nothing to remember. */
  private live(key: string, now: number): AddressState | undefined {
    const state = this.keys.get(key);
    if (!state || now < state.resetAt) return state;
    if (now >= state.nextSlot) {
      this.keys.delete(key);
      return undefined;
    }
    state.failures = 0;
    state.resetAt = now + this.windowMs;
    return state;
  }

  private liveGlobal(now: number): number {
    return now < this.globalResetAt ? this.globalFailures : 0;
  }

  private addressDelay(state: AddressState): number {
    return this.delay(Math.max(0, state.failures - this.maxFailures));
  }

  private globalDelay(): number {
    const step = Math.max(1, Math.ceil(this.opts.globalMax / 4));
    return this.delay(Math.floor(Math.max(0, this.globalFailures - this.opts.globalMax - 1) / step));
  }

  private delay(doublings: number): number {
    return Math.min(this.opts.maxDelayMs, this.opts.delayBaseMs * 2 ** Math.min(doublings, 30));
  }
}
