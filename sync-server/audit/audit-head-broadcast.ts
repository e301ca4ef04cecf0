import type { AuditHead } from '#common/schemas/api';

export interface AuditHeadBroadcastOptions {
  /** Writes the head into one meeting's live document. */
  readonly publish: (meetingId: string, head: AuditHead) => void;
  /** The meetings whose live documents are open now (loaded in the Yjs hub). */
  readonly openMeetings: () => Iterable<string>;
  /** A publication that threw (null: listing the open meetings did); the others still go out. */
  readonly onError: (err: unknown, meetingId: string | null) => void;
  /** Least time between two fan-outs to the open meetings (default 1 s). */
  readonly minIntervalMs?: number;
}

/**
 * Publishes the audit chain's head after commits into meetings' live documents, where every
 * laptop witnesses it. The chain is the room's, so not only the meeting a command concerns:
 *
 * - the meetings the commit's commands concern get the head at once, with the commit's other
 *   effects (their live documents are being written anyway, and their laptops hold the exact
 *   head);
 * - every other meeting whose live document is open gets it too — a laptop in one meeting
 *   also witnesses what was recorded for another or for the room — coalesced: the first commit
 *   after a quiet interval at once, later ones at most once per `minIntervalMs` (the latest
 *   head), so a busy meeting costs the others one small write per second, not one per command.
 *
 * Documents nobody has open are not loaded just to be written; they get the head with their
 * meeting's next command. `publish` is expected to skip a document that already shows the head.
 */
export class AuditHeadBroadcaster {
  private head: AuditHead | null = null;
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private closed = false;
  private readonly interval: number;

  constructor(private readonly opts: AuditHeadBroadcastOptions) {
    this.interval = opts.minIntervalMs ?? 1000;
  }

  /** A commit appended up to `head`; its commands concerned `meetingIds`. */
  committed(head: AuditHead, meetingIds: Iterable<string>): void {
    if (this.closed) return;
    this.head = head;
    for (const id of new Set(meetingIds)) this.publish(id, head);
    if (this.timer) {
      this.dirty = true;
      return;
    }
    this.fanOut();
  }

  /** Stops publishing (a pending fan-out is dropped: those documents get the head with the next commit). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private publish(meetingId: string, head: AuditHead): void {
    try {
      this.opts.publish(meetingId, head);
    } catch (err) {
      this.opts.onError(err, meetingId);
    }
  }

  /** The latest head to every open meeting, then a quiet interval. */
  private fanOut(): void {
    const head = this.head;
    if (!head) return;
    let open: Iterable<string> = [];
    try {
      open = [...this.opts.openMeetings()];
    } catch (err) {
      this.opts.onError(err, null);
    }
    for (const id of open) this.publish(id, head);
    this.timer = setTimeout(() => this.tick(), this.interval);
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    if (!this.dirty || this.closed) return;
    this.dirty = false;
    this.fanOut();
  }
}
