import type * as Y from 'yjs';
import { LIVE_MAP, type LiveSectionName } from '#common/protocol/live-doc';
import { liveDocName } from '#common/protocol/doc-names';
import type { YjsHub } from './yjs-hub';

/**
 * Writes one section of a meeting's live map from the authoritative records. It must be
 * idempotent (the same records write the same values) and should leave values that did not
 * change alone, so a rebuild sends only what changed.
 */
export type LiveSectionWriter = (meetingId: string, map: Y.Map<unknown>) => void;

/**
 * The sections of `meeting/<m>/live` that are rebuilt from the database after a command
 * (the session's state, attendance, speakers, votes): each area registers its writer once, and
 * the pipeline's `live` effect names the sections a commit touched. All sections a commit
 * touched are written in one Yjs transaction, so clients never see half of a change.
 */
export class LiveSections {
  private readonly writers = new Map<LiveSectionName, LiveSectionWriter>();

  constructor(private readonly hub: YjsHub) {}

  register(section: LiveSectionName, writer: LiveSectionWriter): void {
    if (this.writers.has(section)) throw new Error(`live section ${section} is registered twice`);
    this.writers.set(section, writer);
  }

  /** Rebuilds the named sections (an unregistered one is a programming error). */
  write(meetingId: string, sections: Iterable<LiveSectionName>): void {
    const writers = [...new Set(sections)].map((section) => {
      const writer = this.writers.get(section);
      if (!writer) throw new Error(`live section ${section} has no writer`);
      return writer;
    });
    if (writers.length === 0) return;
    this.hub.serverWrite(liveDocName(meetingId), (doc) => {
      const map = doc.getMap(LIVE_MAP);
      for (const writer of writers) writer(meetingId, map);
    });
  }

  /** Every registered section, e.g. to fill a live document after a restart. */
  get names(): readonly LiveSectionName[] {
    return [...this.writers.keys()];
  }
}
