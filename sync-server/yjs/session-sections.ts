import type * as Y from 'yjs';
import { LiveKeys } from '#common/protocol/live-doc';
import type { LiveAttendance, LiveSession, LiveSpeakers } from '#common/schemas/session';
import type { ReadableDB } from '../db/database';
import { readQuorumState } from '../session/quorum-state';
import type { AttendanceStore } from '../store/attendance-store';
import type { SessionStore } from '../store/session-store';
import type { SpeakerStore } from '../store/speaker-store';
import type { LiveSections } from './live-sections';

/** What the session's live sections are written from. */
export interface SessionSectionSources {
  readonly db: ReadableDB;
  readonly session: SessionStore;
  readonly attendance: AttendanceStore;
  readonly speakers: SpeakerStore;
}

/**
 * Sets a key only when its value really changes (compared as JSON): a rebuild that changes
 * nothing sends nothing, and 30 laptops are not woken for it.
 */
function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): void {
  const before = map.get(key);
  if (before !== undefined && JSON.stringify(before) === JSON.stringify(value)) return;
  map.set(key, value);
}

/**
 * Registers the writers of `session` (state and times, and the older `currentItemId` key),
 * `attendance` (quorum counts, everyone's status and proxy) and `speakers` (who speaks with the
 * timer's times, the current item's queue). Timers are absolute server times: the document is
 * written when something changes, never once a second.
 */
export function registerSessionSections(sections: LiveSections, src: SessionSectionSources): void {
  sections.register('session', (meetingId, map) => {
    const s = src.session.get(meetingId);
    const live: LiveSession = {
      state: s.state,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      pausedAt: s.pausedAt,
    };
    setIfChanged(map, LiveKeys.session, live);
    if (map.get(LiveKeys.currentItemId) !== s.currentItemId) map.set(LiveKeys.currentItemId, s.currentItemId);
  });

  sections.register('attendance', (meetingId, map) => {
    const participants: LiveAttendance['participants'] = {};
    for (const e of src.attendance.list(meetingId)) {
      participants[e.participantId] = { status: e.status, proxyHolderId: e.proxyHolderId };
    }
    const live: LiveAttendance = { quorum: readQuorumState(src.db, meetingId), participants };
    setIfChanged(map, LiveKeys.attendance, live);
  });

  sections.register('speakers', (meetingId, map) => {
    const itemId = src.session.get(meetingId).currentItemId;
    const current = src.speakers.current(meetingId);
    const live: LiveSpeakers = {
      itemId,
      current:
        current?.timer != null
          ? {
              id: current.id,
              participantId: current.participantId,
              name: current.name,
              kind: current.kind,
              itemId: current.itemId,
              timer: current.timer,
            }
          : null,
      queue: (itemId === null ? [] : src.speakers.queue(meetingId, itemId)).map((r) => ({
        id: r.id,
        participantId: r.participantId,
        name: r.name,
        kind: r.kind,
        itemId: r.itemId,
        requestedAt: r.requestedAt,
      })),
    };
    setIfChanged(map, LiveKeys.speakers, live);
  });
}
