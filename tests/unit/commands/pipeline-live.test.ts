import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveSectionName } from '#common/protocol/live-doc';
import type { Participant } from '#common/schemas/participant';
import type { Role } from '#common/schemas/roles';
import { listAudit } from '../../../sync-server/audit/audit-log';
import { addAgendaItem } from '../../../sync-server/commands/agenda/add-agenda-item';
import { checkIn } from '../../../sync-server/commands/attendance/check-in';
import { markAttendance } from '../../../sync-server/commands/attendance/mark-attendance';
import { type Actor, SYSTEM } from '../../../sync-server/commands/command';
import { createMeeting } from '../../../sync-server/commands/meetings/create-meeting';
import { publishMeeting } from '../../../sync-server/commands/meetings/publish-meeting';
import { addParticipant } from '../../../sync-server/commands/participants/add-participant';
import { openCommandStores } from '../../../sync-server/commands/command-stores';
import { CommandPipeline, type EffectSink } from '../../../sync-server/commands/pipeline';
import { setCurrentItem } from '../../../sync-server/commands/session/set-current-item';
import { startSession } from '../../../sync-server/commands/session/start-session';
import { openDatabase } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-live-'));
  dirs.push(dir);
  const db = openDatabase(dir);
  migrate(db, ROOM_MIGRATIONS);
  const stores = openCommandStores(db, Buffer.alloc(32, 7));
  const writes: [string, LiveSectionName[]][] = [];
  const commits: number[] = [];
  const sink: EffectSink = {
    meetingChanged: () => {},
    documentsChanged: () => {},
    accessChanged: () => {},
    liveSectionsChanged: (meetingId, sections) => writes.push([meetingId, [...sections].sort()]),
    auditCommitted: (head) => commits.push(head.seq),
  };
  const pipeline = new CommandPipeline(db, stores, sink, pino({ level: 'silent' }));
  const device = (participant: Participant): Actor => ({
    kind: 'device',
    participant,
    deviceSessionId: 'device-000001',
  });
  const meeting = (title: string) => {
    const m = pipeline.execute(createMeeting, SYSTEM, {
      meeting: { title, startsAt: '2026-12-10T08:00:00+07:00', place: 'Phòng họp số 1' },
    });
    const add = (role: Role, name: string) =>
      pipeline.execute(addParticipant, SYSTEM, { meetingId: m.id, participant: { name, role } });
    const item = pipeline.execute(addAgendaItem, SYSTEM, { meetingId: m.id, item: { title: 'Mục 1' } });
    pipeline.execute(publishMeeting, SYSTEM, { meetingId: m.id });
    pipeline.execute(startSession, SYSTEM, { meetingId: m.id });
    return {
      id: m.id,
      itemId: item.id,
      chair: add('chair', 'Chủ tọa'),
      a: add('delegate', 'A'),
      b: add('delegate', 'B'),
    };
  };
  return { db, pipeline, writes, commits, device, meeting };
}

describe('the pipeline and the live sections', () => {
  it('merges the live sections of a group commit into one write per meeting, after the one commit', async () => {
    const { db, pipeline, writes, commits, device, meeting } = setup();
    const one = meeting('Phiên một');
    const two = meeting('Phiên hai');
    writes.length = 0;
    commits.length = 0;

    const submitted = [
      pipeline.submit(checkIn, device(one.a), { meetingId: one.id }),
      pipeline.submit(checkIn, device(one.b), { meetingId: one.id }),
      pipeline.submit(setCurrentItem, device(one.chair), { meetingId: one.id, itemId: one.itemId }),
      pipeline.submit(markAttendance, device(one.chair), {
        meetingId: one.id,
        participantId: one.chair.id,
        mark: { status: 'present' },
      }),
      // Refused (already present): its sections are not written for it.
      pipeline.submit(checkIn, device(one.a), { meetingId: one.id }),
      pipeline.submit(checkIn, device(two.a), { meetingId: two.id }),
    ];
    const settled = await Promise.allSettled(submitted);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    // One transaction (one audit head reported), one live write per meeting with every section.
    expect(commits).toHaveLength(1);
    expect(writes).toEqual([
      [one.id, ['attendance', 'session', 'speakers']],
      [two.id, ['attendance']],
    ]);
    expect(listAudit(db, one.id).filter((r) => r.action.startsWith('attendance.'))).toHaveLength(3);
  });

  it('writes nothing live when every command of a batch is refused', async () => {
    const { pipeline, writes, device, meeting } = setup();
    const one = meeting('Phiên một');
    writes.length = 0;
    const refused = await Promise.allSettled([
      pipeline.submit(setCurrentItem, device(one.a), { meetingId: one.id, itemId: one.itemId }),
      pipeline.submit(startSession, device(one.chair), { meetingId: one.id }),
    ]);
    expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(writes).toEqual([]);
  });
});
