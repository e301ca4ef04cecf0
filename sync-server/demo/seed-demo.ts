import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Meeting } from '#common/schemas/meeting';
import { instantOfWallClock, isoInZone, wallClockAt } from '#common/time/meeting-time';
import type { BlobStore } from '../blobs/blob-store';
import { issueJoinCodes } from '../commands/access/issue-join-codes';
import { addAgendaItem } from '../commands/agenda/add-agenda-item';
import { SYSTEM } from '../commands/command';
import { addDocument } from '../commands/documents/add-document';
import { createMeeting } from '../commands/meetings/create-meeting';
import { publishMeeting } from '../commands/meetings/publish-meeting';
import { updateMeeting } from '../commands/meetings/update-meeting';
import { addParticipant } from '../commands/participants/add-participant';
import type { CommandPipeline } from '../commands/pipeline';
import { ingestStream, storeIngested } from '../ingest/ingest-stream';
import { packageRoot } from '../runtime/package-root';
import type { MeetingStore } from '../store/meeting-store';
import type { ParticipantStore } from '../store/participant-store';
import type { LiveDocWriter } from '../yjs/live-doc-writer';
import { type DemoMeetingFile, DemoMeetingFileSchema } from './demo-meeting-schema';

/** Marks the demo meeting so a restart with --demo reuses it instead of adding another. */
export const DEMO_KEY = 'demo-meeting-v1';

export interface DemoCode {
  readonly participantId: string;
  readonly name: string;
  readonly role: string;
  readonly code: string;
}

export interface DemoInfo {
  readonly meetingId: string;
  readonly meetingTitle: string;
  /** When the codes stop working: the meeting's end, on its clock. */
  readonly codesValidUntil: string;
  readonly codes: readonly DemoCode[];
}

/** What seeding needs of the room: its commands, two stores to read, the blobs and the upload folder. */
export interface DemoRoom {
  readonly commands: CommandPipeline;
  readonly meetings: MeetingStore;
  readonly participants: ParticipantStore;
  readonly blobs: BlobStore;
  readonly uploads: { readonly tmpDir: string; readonly limitBytes: number };
}

/** Reads and validates the demo meeting description shipped in resources/demo. */
export function loadDemoFile(root = packageRoot()): DemoMeetingFile {
  const path = join(root, 'resources', 'demo', 'demo-meeting.json');
  return DemoMeetingFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Less than this left of the demo meeting and it moves to the next day, so its codes stay usable. */
const DEMO_MIN_LEFT_MS = 2 * 3_600_000;

/**
 * The demo meeting takes place today (or tomorrow, late in the evening) at its file's wall-clock
 * time, whenever the demo is started: a real meeting's codes end with it, and a demo started a
 * week after its file's date must still let people in. Moved like the secretariat would move it.
 */
function keepDemoAhead(run: CommandPipeline, meeting: Meeting, now: number): Meeting {
  if (Date.parse(meeting.endsAt) - now >= DEMO_MIN_LEFT_MS) return meeting;
  const start = wallClockAt(Date.parse(meeting.startsAt), meeting.timeZone);
  for (let daysAhead = 0; daysAhead <= 2; daysAhead++) {
    const today = wallClockAt(now + daysAhead * 86_400_000, meeting.timeZone);
    const startsAt = instantOfWallClock(
      { ...today, hour: start.hour, minute: start.minute, second: 0 },
      meeting.timeZone,
    );
    if (startsAt === null) continue;
    const endsAt = startsAt + (Date.parse(meeting.endsAt) - Date.parse(meeting.startsAt));
    if (endsAt - now < DEMO_MIN_LEFT_MS) continue;
    return run.execute(updateMeeting, SYSTEM, {
      meetingId: meeting.id,
      patch: { startsAt: isoInZone(startsAt, meeting.timeZone) },
    });
  }
  return meeting;
}

/**
 * Seeds the demo meeting (once per data directory) exactly as the secretariat would build it:
 * every step is the same command the HTTP API runs, and every document is ingested like an
 * upload (so its pages are searchable). Then it publishes the meeting and issues a fresh join
 * code for every participant — codes are stored only as hashes, so each start prints new ones.
 */
export async function seedDemo(room: DemoRoom, live: LiveDocWriter): Promise<DemoInfo> {
  const run = room.commands;
  const root = packageRoot();
  const file = loadDemoFile(root);
  let meeting = room.meetings.findByDemoKey(DEMO_KEY);
  if (!meeting) {
    const created = run.execute(createMeeting, SYSTEM, { meeting: file.meeting, demoKey: DEMO_KEY });
    const meetingId = created.id;
    const itemIds = new Map<string, string>();
    for (const item of file.agenda) {
      const { key, children, ...fields } = item;
      const top = run.execute(addAgendaItem, SYSTEM, { meetingId, item: { parentId: null, ...fields } });
      itemIds.set(key, top.id);
      for (const child of children ?? []) {
        const { key: childKey, ...childFields } = child;
        const sub = run.execute(addAgendaItem, SYSTEM, {
          meetingId,
          item: { parentId: top.id, ...childFields },
        });
        itemIds.set(childKey, sub.id);
      }
    }
    const personIds = new Map<string, string>();
    for (const person of file.participants) {
      const { key, ...fields } = person;
      personIds.set(key, run.execute(addParticipant, SYSTEM, { meetingId, participant: fields }).id);
    }
    for (const doc of file.documents) {
      const path = join(root, 'resources', 'demo', 'pdfs', doc.file);
      const ingested = await ingestStream(createReadStream(path), doc.file, room.uploads);
      run.execute(addDocument, SYSTEM, {
        meetingId,
        agendaItemId: itemIds.get(doc.agendaKey) ?? null,
        title: doc.title,
        kind: doc.kind,
        classification: doc.classification,
        noExport: doc.noExport,
        grants: {
          participantIds: (doc.grants?.participants ?? []).map((k) => {
            const id = personIds.get(k);
            if (!id) throw new Error(`demo document ${doc.file} grants unknown participant ${k}`);
            return id;
          }),
          groups: doc.grants?.groups ?? [],
        },
        file: storeIngested(room.blobs, ingested),
      });
    }
    meeting = run.execute(publishMeeting, SYSTEM, { meetingId }).meeting;
  }
  meeting = keepDemoAhead(run, meeting, Date.now());
  // A live document from an earlier start may lack keys this build writes.
  live.meetingChanged(meeting, true);
  const people = room.participants.listForMeeting(meeting.id);
  const issued = run.execute(issueJoinCodes, SYSTEM, {
    meetingId: meeting.id,
    participantIds: people.map((p) => p.id),
  });
  const codes = people.map((p, i) => ({
    participantId: p.id,
    name: p.name,
    role: p.role,
    code: issued[i]!.code,
  }));
  return {
    meetingId: meeting.id,
    meetingTitle: meeting.title,
    codesValidUntil: isoInZone(Date.parse(meeting.endsAt), meeting.timeZone),
    codes,
  };
}
