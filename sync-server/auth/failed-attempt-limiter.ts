/**
 * Counts failed attempts per key (the client address) in a sliding window. Successful joins
 * are not counted, so a room of 200 delegates joining at once is never slowed down, while a
 * guesser is stopped after a handful of wrong codes.
 */
export class FailedAttemptLimiter {
  /** Failure timestamps per key, oldest first. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may try now. */
  retryAfterMs(key: string): number {
    const list = this.prune(key);
    if (list.length < this.maxFailures) return 0;
    return Math.max(0, list[0]! + this.windowMs - this.now());
  }

  recordFailure(key: string): void {
    const list = this.prune(key);
    list.push(this.now());
    this.failures.set(key, list);
    if (this.failures.size > 10_000) this.sweep();
  }

  private prune(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  private sweep(): void {
    for (const key of [...this.failures.keys()]) this.prune(key);
  }
}
