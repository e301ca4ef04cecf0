import type { Logger } from 'pino';
import type { LiveSectionName } from '#common/protocol/live-doc';
import { minutesDocName } from '#common/protocol/doc-names';
import type { RecordKind } from '#common/schemas/minutes';
import type { ReadableDB } from '../db/database';
import { type RecordSources, buildRecordData } from '../minutes/minutes-records';
import type { MinutesRecordEffect, RecordAttrs } from '../minutes/minutes-doc';
import type { MinutesStore } from '../store/minutes-store';
import type { YjsHub } from './yjs-hub';

/** Which record blocks a rebuilt live section may have changed. */
const KIND_OF_SECTION: Partial<Record<LiveSectionName, RecordKind>> = {
  attendance: 'attendance',
  speakers: 'speakers',
  votes: 'vote',
};

/**
 * Writes record blocks into the minutes documents after the commands that ask for them, and
 * refreshes the blocks already there when their records change (a vote closes, attendance or
 * the speakers move) while the minutes are a draft. The worker places and guards the blocks
 * (minutes-doc.ts); one meeting's writes run one after another, in commit order.
 */
export class MinutesRecordWriter {
  private readonly turns = new Map<string, Promise<void>>();

  constructor(
    private readonly hub: YjsHub,
    private readonly src: RecordSources & { readonly db: ReadableDB; readonly minutes: MinutesStore },
    private readonly logger: Logger,
  ) {}

  /** Runs one meeting's writes in order; a failure is logged (the records stay authoritative). */
  private queue(meetingId: string, fn: () => Promise<void>): Promise<void> {
    const next = (this.turns.get(meetingId) ?? Promise.resolve()).then(fn).catch((err: unknown) => {
      this.logger.warn({ err, meetingId }, 'could not write record blocks into the minutes');
    });
    this.turns.set(meetingId, next);
    void next.then(() => {
      if (this.turns.get(meetingId) === next) this.turns.delete(meetingId);
    });
    return next;
  }

  insert(effect: MinutesRecordEffect): Promise<void> {
    return this.queue(effect.meetingId, () =>
      this.hub.editMinutes(minutesDocName(effect.meetingId), {
        kind: 'insertRecord',
        afterIndex: effect.afterIndex,
        record: effect.record,
      }),
    );
  }

  recordsChanged(meetingId: string, sections: ReadonlySet<LiveSectionName>): Promise<void> {
    const kinds = new Set([...sections].flatMap((s) => KIND_OF_SECTION[s] ?? []));
    if (kinds.size === 0) return Promise.resolve();
    return this.queue(meetingId, async () => {
      if (this.src.minutes.state(meetingId) !== 'draft') return;
      const name = minutesDocName(meetingId);
      // Minutes nobody has started hold no blocks: nothing to load.
      const stored = this.src.db.prepare('SELECT 1 FROM yjs_updates WHERE doc_name = ? LIMIT 1').get(name);
      if (!stored && !this.hub.isLoaded(name)) return;
      const keys = (await this.hub.minutesRecordKeys(name)).filter((k) => kinds.has(k.kind));
      const records: RecordAttrs[] = [];
      for (const k of keys) {
        try {
          const data = buildRecordData(this.src, meetingId, k.kind, k.refId);
          records.push({ kind: k.kind, refId: k.refId, data: JSON.stringify(data) });
        } catch {
          // The record is gone (an item deleted, a vote re-run): the block keeps what it showed.
        }
      }
      if (records.length > 0) await this.hub.editMinutes(name, { kind: 'refreshRecords', records });
    });
  }
}
