import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listAudit, verifyAuditChain } from '../../../sync-server/audit/audit-log';
import { type Actor, defineCommand, SYSTEM } from '../../../sync-server/commands/command';
import { createMeeting } from '../../../sync-server/commands/meetings/create-meeting';
import { publishMeeting } from '../../../sync-server/commands/meetings/publish-meeting';
import { updateMeeting } from '../../../sync-server/commands/meetings/update-meeting';
import { openCommandStores } from '../../../sync-server/commands/command-stores';
import { CommandPipeline, type EffectSink } from '../../../sync-server/commands/pipeline';
import { DATABASE_FILE, openDatabase } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';
import { ForbiddenError, ValidationError } from '../../../sync-server/errors/domain-errors';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** What the pipeline asked the live document and the hub to do, in order. */
type Effect = [string, string | null, boolean?];

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-'));
  dirs.push(dir);
  const db = openDatabase(dir);
  migrate(db, ROOM_MIGRATIONS);
  const stores = openCommandStores(db, Buffer.alloc(32, 7));
  const effects: Effect[] = [];
  const sink: EffectSink = {
    meetingChanged: (id, agenda) => effects.push(['meeting', id, agenda]),
    documentsChanged: (id) => effects.push(['documents', id]),
    accessChanged: (id) => effects.push(['access', id]),
  };
  const pipeline = new CommandPipeline(db, stores, sink, pino({ level: 'silent' }));
  return { dir, db, stores, effects, pipeline };
}

const meetingInput = (title: string) => ({
  meeting: { title, startsAt: '2026-12-10T08:00:00+07:00', place: 'Phòng họp số 1' },
});

/** Rows of `meetings` as another connection sees them: only what is committed. */
function committedMeetings(dir: string): number {
  const other = new Database(join(dir, DATABASE_FILE), { readonly: true });
  try {
    return (other.prepare('SELECT count(*) AS n FROM meetings').get() as { n: number }).n;
  } finally {
    other.close();
  }
}

/** A command that reports what it sees from inside the pipeline's transaction. */
const probe = defineCommand({
  name: 'test.probe',
  input: z.strictObject({ dir: z.string() }),
  authorize: () => {},
  run({ dir }, { tx }) {
    return {
      result: {
        committedElsewhere: committedMeetings(dir),
        synchronous: tx.db.pragma('synchronous', { simple: true }) as number,
      },
      audit: {
        action: 'document.delete',
        meetingId: null,
        payload: { documentId: 'probe-0001', title: 'probe' },
      },
    };
  },
});

describe('command pipeline', () => {
  it('commits the change with its audit entry, then applies the effects', () => {
    const { db, pipeline, effects } = setup();
    const meeting = pipeline.execute(createMeeting, SYSTEM, meetingInput('Phiên họp'));
    const audit = listAudit(db);
    expect(audit.map((a) => a.action)).toEqual(['meeting.create']);
    expect(JSON.parse(audit[0]!.payload)).toMatchObject({ meetingId: meeting.id, title: 'Phiên họp' });
    expect(effects).toEqual([['meeting', meeting.id, true]]);
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it('refuses bad input with an issue per field, before anything runs', () => {
    const { db, pipeline, effects } = setup();
    const err = (() => {
      try {
        pipeline.execute(createMeeting, SYSTEM, { meeting: { title: '', startsAt: 'soon' } });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues?.map((i) => i.path).sort()).toEqual([
      'meeting.startsAt',
      'meeting.title',
    ]);
    expect(listAudit(db)).toHaveLength(0);
    expect(effects).toEqual([]);
  });

  it('writes nothing, audits nothing and applies nothing when authorisation fails', () => {
    const { db, pipeline, stores, effects } = setup();
    const meeting = pipeline.execute(createMeeting, SYSTEM, meetingInput('Phiên họp'));
    const delegate: Actor = {
      kind: 'device',
      deviceSessionId: 'device-0001',
      participant: {
        id: 'delegate-01',
        meetingId: meeting.id,
        name: 'Đại biểu',
        position: '',
        unit: '',
        role: 'delegate',
        group: '',
        createdAt: new Date().toISOString(),
      },
    };
    effects.length = 0;
    expect(() =>
      pipeline.execute(updateMeeting, delegate, { meetingId: meeting.id, patch: { title: 'Đổi' } }),
    ).toThrow(ForbiddenError);
    expect(stores.meetings.get(meeting.id).title).toBe('Phiên họp');
    expect(listAudit(db)).toHaveLength(1);
    expect(effects).toEqual([]);
  });

  it('rolls the change back when the audit entry cannot be written', () => {
    const { db, pipeline } = setup();
    const sneaky = defineCommand({
      name: 'test.sneaky',
      input: z.strictObject({}),
      authorize: () => {},
      run(_input, { tx, meetings }) {
        const meeting = meetings.create(tx, {
          title: 'Lén',
          body: '',
          type: 'regular',
          startsAt: '2026-12-10T08:00:00+07:00',
          timeZone: 'Asia/Ho_Chi_Minh',
          place: '',
        });
        // A payload with an undeclared field (a raw request) is refused, and takes the change with it.
        const payload = { meetingId: meeting.id, status: 'draft', revision: 1, request: { raw: true } };
        return {
          result: meeting,
          audit: { action: 'meeting.publish', meetingId: meeting.id, payload } as never,
        };
      },
    });
    expect(() => pipeline.execute(sneaky, SYSTEM, {})).toThrow();
    expect((db.prepare('SELECT count(*) AS n FROM meetings').get() as { n: number }).n).toBe(0);
    expect(listAudit(db)).toHaveLength(0);
  });

  it('records what changed, never the request', () => {
    const { db, pipeline } = setup();
    const meeting = pipeline.execute(createMeeting, SYSTEM, meetingInput('Cũ'));
    pipeline.execute(updateMeeting, SYSTEM, {
      meetingId: meeting.id,
      patch: { title: 'Mới', place: 'Phòng họp số 1' },
    });
    const entry = listAudit(db).at(-1)!;
    expect(entry.action).toBe('meeting.update');
    // The place did not change, so it is not recorded.
    expect(JSON.parse(entry.payload)).toEqual({
      meetingId: meeting.id,
      changes: { title: { from: 'Cũ', to: 'Mới' } },
    });
  });

  it('commits with synchronous=FULL when a command asks for it, and returns to NORMAL', () => {
    const { dir, db, pipeline } = setup();
    const normal = pipeline.execute(probe, SYSTEM, { dir });
    const full = pipeline.execute({ ...probe, durability: 'full' }, SYSTEM, { dir });
    expect(normal.synchronous).toBe(1);
    expect(full.synchronous).toBe(2);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('group-commits commands submitted together in one transaction, each in its own savepoint', async () => {
    const { dir, db, pipeline, effects } = setup();
    const first = pipeline.submit(createMeeting, SYSTEM, meetingInput('Một'));
    const refused = pipeline.submit(publishMeeting, SYSTEM, { meetingId: 'no-such-meeting' });
    const second = pipeline.submit(createMeeting, SYSTEM, meetingInput('Hai'));
    const seen = pipeline.submit(probe, SYSTEM, { dir });
    const [a, b] = await Promise.all([first, second]);
    await expect(refused).rejects.toThrow(/meeting not found/);
    // Inside the batch the two new meetings were not yet committed: one transaction for all.
    expect((await seen).committedElsewhere).toBe(0);
    expect(committedMeetings(dir)).toBe(2);
    expect(listAudit(db).map((e) => e.action)).toEqual([
      'meeting.create',
      'meeting.create',
      'document.delete',
    ]);
    expect(verifyAuditChain(db).ok).toBe(true);
    expect(effects).toEqual([
      ['meeting', a.id, true],
      ['meeting', b.id, true],
    ]);
  });

  it('commits separately what is executed one by one', () => {
    const { dir, pipeline } = setup();
    pipeline.execute(createMeeting, SYSTEM, meetingInput('Một'));
    expect(pipeline.execute(probe, SYSTEM, { dir }).committedElsewhere).toBe(1);
  });
});
