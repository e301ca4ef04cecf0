/**
 * Read receipts waiting to reach the room server. The viewer records an open here and the
 * outbox sends it (`POST /documents/:id/opened`); without the server (offline, or the server
 * restarting) it keeps the open on the device, in localStorage, and sends it when the server
 * answers again — after a reload too. Nothing is dropped that the server could still take: an
 * open is let go only once the server recorded it, or refused it for good (the document is gone
 * or no longer readable: 404, or a version it does not have: 400).
 */

/** One open, as queued. */
export interface PendingOpen {
  readonly documentId: string;
  readonly version: number;
  /** When the viewer opened it (kept for the order; the server stamps its own time). */
  readonly at: string;
}

/** Sends one open; rejects with an error whose `status` says whether to try again. */
export type SendOpen = (open: PendingOpen) => Promise<void>;

/** What the outbox keeps: the queue, per server and participant. */
export interface OutboxStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * Opens kept at most. Past it, a repeated open of a version already queued is folded into the
 * one before it (the server counts opens; the first of each version is what matters), so the
 * queue stays bounded without losing any document's first open.
 */
export const MAX_PENDING_OPENS = 500;

/** Whether a failed send will never succeed: the server refused the open itself. */
export function isFinalRefusal(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return status === 400 || status === 403 || status === 404 || status === 422;
}

export class ReadReceiptOutbox {
  private pending: PendingOpen[];
  private sending: Promise<void> | null = null;

  constructor(
    private readonly send: SendOpen,
    private readonly storage: OutboxStorage | null,
    private readonly key: string,
  ) {
    this.pending = this.load();
  }

  /** Opens not yet recorded by the server, oldest first. */
  get queued(): readonly PendingOpen[] {
    return this.pending;
  }

  /** Queues one open and tries to send it at once. */
  record(documentId: string, version: number, at = new Date()): Promise<void> {
    this.pending.push({ documentId, version, at: at.toISOString() });
    if (this.pending.length > MAX_PENDING_OPENS) this.fold();
    this.save();
    return this.flush();
  }

  /**
   * Sends what is queued, oldest first, one at a time; stops at the first failure that may pass
   * (no network, server down) and keeps the rest for the next flush. One flush at a time.
   */
  flush(): Promise<void> {
    this.sending ??= this.drain().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private async drain(): Promise<void> {
    // Bounded: each turn removes the head or returns.
    for (let guard = 0; guard <= MAX_PENDING_OPENS + 1; guard++) {
      const head = this.pending[0];
      if (!head) return;
      try {
        await this.send(head);
      } catch (error) {
        if (!isFinalRefusal(error)) return;
      }
      this.pending = this.pending.slice(1);
      this.save();
    }
  }

  /** Folds repeated opens of a queued version into their first (see {@link MAX_PENDING_OPENS}). */
  private fold(): void {
    const seen = new Set<string>();
    const folded: PendingOpen[] = [];
    for (const open of this.pending) {
      const key = `${open.documentId}\u0000${open.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      folded.push(open);
    }
    // Still over with all distinct: the oldest distinct opens are kept (each is a first open).
    this.pending = folded;
  }

  private load(): PendingOpen[] {
    try {
      const raw = this.storage?.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (o): o is PendingOpen =>
          typeof o === 'object' &&
          o !== null &&
          typeof (o as PendingOpen).documentId === 'string' &&
          Number.isInteger((o as PendingOpen).version) &&
          typeof (o as PendingOpen).at === 'string',
      );
    } catch {
      return [];
    }
  }

  private save(): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(this.pending));
    } catch {
      // A full or refused storage keeps the queue in memory only: sent while the page lives.
    }
  }
}
