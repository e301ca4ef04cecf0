import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { type DemoMeetingFile, DemoMeetingFileSchema } from '../../resources/demo/demo-meeting.schema';
import type { RoomContext } from '../api/context';
import type { BlobStore } from '../blobs/blob-store';
import { packageRoot } from '../package-root';

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
  readonly codes: readonly DemoCode[];
}

/** Reads and validates the demo meeting description shipped in resources/demo. */
export function loadDemoFile(root = packageRoot()): DemoMeetingFile {
  const path = join(root, 'resources', 'demo', 'demo-meeting.json');
  return DemoMeetingFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/**
 * Seeds the demo meeting (once per data directory), publishes it, and issues a fresh join
 * code for every participant — codes are stored only as hashes, so each start prints new ones.
 */
export async function seedDemo(
  ctx: RoomContext,
  blobs: BlobStore,
  actorId: string | null,
): Promise<DemoInfo> {
  const root = packageRoot();
  const file = loadDemoFile(root);
  let meeting = ctx.meetings.findByDemoKey(DEMO_KEY);
  if (!meeting) {
    meeting = ctx.meetings.create(actorId, { ...file.meeting }, DEMO_KEY);
    const itemIds = new Map<string, string>();
    for (const item of file.agenda) {
      const { key, children, ...fields } = item;
      const top = ctx.meetings.addAgendaItem(actorId, meeting.id, { parentId: null, ...fields });
      itemIds.set(key, top.id);
      for (const child of children ?? []) {
        const { key: childKey, ...childFields } = child;
        const sub = ctx.meetings.addAgendaItem(actorId, meeting.id, { parentId: top.id, ...childFields });
        itemIds.set(childKey, sub.id);
      }
    }
    const personIds = new Map<string, string>();
    for (const person of file.participants) {
      const { key, ...fields } = person;
      personIds.set(key, ctx.participants.create(actorId, meeting.id, fields).id);
    }
    for (const doc of file.documents) {
      const bytes = readFileSync(join(root, 'resources', 'demo', 'pdfs', doc.file));
      const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
      const stored = blobs.put(bytes);
      ctx.documents.add(actorId, {
        meetingId: meeting.id,
        agendaItemId: itemIds.get(doc.agendaKey) ?? null,
        title: doc.title,
        kind: doc.kind,
        classification: doc.classification,
        noExport: doc.noExport,
        sha256: stored.sha256,
        byteSize: stored.byteSize,
        pageCount: pdf.getPageCount(),
        originalName: doc.file,
        encrypted: false,
        grants: {
          participantIds: (doc.grants?.participants ?? []).map((k) => personIds.get(k)!),
          groups: doc.grants?.groups ?? [],
        },
      });
    }
    meeting = ctx.meetings.publish(actorId, meeting.id);
  }
  ctx.live.meetingChanged(meeting, true);
  const codes = ctx.participants.listForMeeting(meeting.id).map((p) => ({
    participantId: p.id,
    name: p.name,
    role: p.role,
    code: ctx.auth.createJoinCode(actorId, p.id, 24 * 7).code,
  }));
  return { meetingId: meeting.id, meetingTitle: meeting.title, codes };
}
