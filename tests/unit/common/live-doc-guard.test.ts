import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { z } from 'zod';
import { liveDocName } from '#common/protocol/doc-names';
import {
  LIVE_DOC_SCHEMA_VERSION,
  LIVE_MAP,
  LiveDocSnapshotSchema,
  LiveKeys,
  parseLiveSnapshot,
  readLiveSnapshot,
} from '#common/protocol/live-doc';
import type { Meeting } from '#common/schemas/meeting';
import { openMemoryDatabase } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';
import { LiveDocWriter } from '../../../sync-server/yjs/live-doc-writer';
import { UpdateLog } from '../../../sync-server/yjs/update-log';
import { YjsHub } from '../../../sync-server/yjs/yjs-hub';

/**
 * The live document's keys and their types as shipped. Clients already in the field read
 * these, so a key may never be renamed, removed or change type (enums may gain values). A new
 * key passes this test as it is; add it here in the same change so it is guarded from then on.
 * Written out by hand on purpose (not a vitest snapshot, which `-u` would silently rewrite).
 */
const SHIPPED: Readonly<Record<string, string>> = {
  schemaVersion: 'int, optional',
  title: 'string, optional',
  status: 'enum(draft|published|in_session|ended), optional',
  agendaRevision: 'int, optional',
  currentItemId: 'string | null, optional',
  publishedAt: 'datetime, optional',
  publishedRevision: 'int, optional',
  documentsRevision: 'int, optional',
  updatedAt: 'datetime, optional',
  auditHead: 'object, optional',
  votes: 'array, optional',
  session: 'object, optional',
  attendance: 'object, optional',
  speakers: 'object, optional',
  presenter: 'object, optional',
  minutes: 'enum(draft|final|published), optional',
};

/**
 * Keys written by the areas' section writers (`sync-server/yjs/live-sections.ts`), not by
 * LiveDocWriter; their own tests parse what they write.
 */
const WRITTEN_BY_SECTIONS: ReadonlySet<string> = new Set([
  'votes',
  'session',
  'attendance',
  'speakers',
  'presenter',
  'minutes',
]);

const ADDITIVE_ONLY =
  'Synced shapes are additive-only: clients already installed read `meeting/<m>/live` with the ' +
  'shape they shipped with. Do not rename, remove or retype a key: add a new key (and bump ' +
  'LIVE_DOC_SCHEMA_VERSION) in sync-server/common/protocol/live-doc.ts, then record it in SHIPPED.';

/** A zod schema as a short type name: `int`, `string`, `datetime`, `enum(a|b)`, `… | null`, `…, optional`. */
function describeType(schema: z.core.$ZodType): string {
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
      return `${describeType((def as z.core.$ZodOptionalDef).innerType)}, optional`;
    case 'nullable':
      return `${describeType((def as z.core.$ZodNullableDef).innerType)} | null`;
    case 'number':
      return (schema as z.ZodNumber).format === 'safeint' ? 'int' : 'number';
    case 'string':
      return (schema as z.ZodString).format === 'datetime' ? 'datetime' : 'string';
    case 'enum':
      return `enum(${Object.values((def as z.core.$ZodEnumDef).entries).join('|')})`;
    default:
      return def.type;
  }
}

/** The current schema's keys as `SHIPPED` records them. */
function describeShape(shape: Readonly<Record<string, z.core.$ZodType>>): Record<string, string> {
  return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, describeType(schema)]));
}

const ENUM = /^enum\(([^)]*)\)(.*)$/;

/** True when `now` reads everything `shipped` did: the same type, or an enum with more values. */
function compatible(shipped: string, now: string): boolean {
  if (shipped === now) return true;
  const [was, is] = [ENUM.exec(shipped), ENUM.exec(now)];
  if (!was || !is || was[2] !== is[2]) return false;
  const values = new Set(is[1]!.split('|'));
  return was[1]!.split('|').every((value) => values.has(value));
}

/** Every way `now` breaks a shipped key; empty when it only adds. */
function breakingChanges(shipped: Readonly<Record<string, string>>, now: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, type] of Object.entries(shipped)) {
    const current = now[key];
    if (current === undefined) problems.push(`"${key}" (${type}) was removed or renamed`);
    else if (!compatible(type, current)) problems.push(`"${key}" changed type: ${type} → ${current}`);
  }
  return problems;
}

describe('the live document schema is additive-only', () => {
  it('keeps every shipped key with its type', () => {
    const problems = breakingChanges(SHIPPED, describeShape(LiveDocSnapshotSchema.shape));
    expect(problems, `${problems.join('\n')}\n${ADDITIVE_ONLY}`).toEqual([]);
  });

  it('lets a key be added but not removed, renamed or retyped (the guard itself)', () => {
    const now = { ...SHIPPED };
    expect(breakingChanges(SHIPPED, now)).toEqual([]);
    expect(breakingChanges(SHIPPED, { ...now, speakerId: 'string, optional' })).toEqual([]);
    expect(
      breakingChanges(SHIPPED, {
        ...now,
        status: 'enum(draft|published|in_session|ended|adjourned), optional',
      }),
    ).toEqual([]);

    const { title: _removed, ...withoutTitle } = now;
    expect(breakingChanges(SHIPPED, withoutTitle)).toEqual([
      '"title" (string, optional) was removed or renamed',
    ]);
    expect(breakingChanges(SHIPPED, { ...withoutTitle, meetingTitle: 'string, optional' })).toHaveLength(1);
    expect(breakingChanges(SHIPPED, { ...now, agendaRevision: 'string, optional' })).toEqual([
      '"agendaRevision" changed type: int, optional → string, optional',
    ]);
    expect(breakingChanges(SHIPPED, { ...now, currentItemId: 'string, optional' })).toHaveLength(1);
    expect(breakingChanges(SHIPPED, { ...now, updatedAt: 'datetime' })).toHaveLength(1);
    expect(
      breakingChanges(SHIPPED, { ...now, status: 'enum(draft|published|ended), optional' }),
    ).toHaveLength(1);
  });

  it('describes exactly the keys the writer uses (LiveKeys)', () => {
    expect(Object.keys(LiveDocSnapshotSchema.shape).sort()).toEqual(Object.values(LiveKeys).sort());
  });
});

describe('reading a live snapshot', () => {
  it('reads a fresh (empty) map as no fields', () => {
    expect(readLiveSnapshot(new Y.Doc().getMap(LIVE_MAP))).toEqual({});
  });

  it('keeps keys from a newer server and drops only the invalid values', () => {
    const map = new Y.Doc().getMap<unknown>(LIVE_MAP);
    map.set(LiveKeys.title, 'Phiên họp thường kỳ');
    map.set(LiveKeys.status, 'adjourned'); // a status this build does not know
    map.set(LiveKeys.agendaRevision, 'three'); // wrong type
    map.set(LiveKeys.documentsRevision, 4);
    map.set('speakerId', 'person-1'); // a key added by a newer server
    expect(readLiveSnapshot(map)).toEqual({
      title: 'Phiên họp thường kỳ',
      documentsRevision: 4,
      speakerId: 'person-1',
    });
  });

  it('reads anything but an object as no fields', () => {
    for (const value of [null, undefined, 3, 'live', [1, 2]]) expect(parseLiveSnapshot(value)).toEqual({});
  });
});

describe('a document written by the real LiveDocWriter', () => {
  let hub: YjsHub | null = null;
  afterEach(async () => {
    await hub?.close();
    hub = null;
  });

  function writer(): { live: LiveDocWriter; read: (meetingId: string) => unknown } {
    const db = openMemoryDatabase();
    migrate(db, ROOM_MIGRATIONS);
    const realHub = new YjsHub({
      updateLog: new UpdateLog(db),
      logger: pino({ level: 'silent' }),
      authenticate: () => null,
      reauthenticate: () => null,
      access: () => 'none',
      meetingOf: () => null,
    });
    hub = realHub;
    return {
      live: new LiveDocWriter(realHub),
      read: (meetingId) => realHub.serverRead(liveDocName(meetingId), (doc) => doc.getMap(LIVE_MAP).toJSON()),
    };
  }

  const meeting: Meeting = {
    id: 'meeting-guard-1',
    title: 'Phiên họp UBND tỉnh tháng 11/2026',
    body: 'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN',
    type: 'regular',
    startsAt: '2026-11-26T01:30:00.000Z',
    endsAt: '2026-11-26T16:59:59.000Z',
    timeZone: 'Asia/Ho_Chi_Minh',
    place: 'Phòng họp số 1',
    status: 'draft',
    createdAt: '2026-11-01T02:00:00.000Z',
    updatedAt: '2026-11-01T02:00:00.000Z',
    leadTimeWorkingDays: 3,
    publishedAt: null,
    publishedRevision: 0,
  };

  /** Parses with the schema made strict: the writer must not write a key the schema lacks. */
  const strict = z.strictObject(LiveDocSnapshotSchema.shape);

  it('parses with the schema, as a draft, once published and after document changes', () => {
    const { live, read } = writer();

    live.meetingChanged(meeting, true);
    const draft = read(meeting.id);
    expect(strict.safeParse(draft).error?.issues ?? []).toEqual([]);
    expect(draft).toEqual({
      schemaVersion: LIVE_DOC_SCHEMA_VERSION,
      title: meeting.title,
      status: 'draft',
      currentItemId: null,
      agendaRevision: 1,
      publishedRevision: 0,
      documentsRevision: 1,
      updatedAt: meeting.updatedAt,
    });

    const published: Meeting = {
      ...meeting,
      status: 'published',
      updatedAt: '2026-11-02T03:00:00.000Z',
      publishedAt: '2026-11-02T03:00:00.000Z',
      publishedRevision: 1,
    };
    live.meetingChanged(published, false);
    live.documentsChanged(meeting.id);
    live.auditHeadChanged(meeting.id, { seq: 42, hash: 'ab'.repeat(32) });
    const after = read(meeting.id);
    expect(strict.safeParse(after).error?.issues ?? []).toEqual([]);
    expect(readLiveSnapshot({ toJSON: () => after })).toEqual(after);
    expect(after).toMatchObject({
      status: 'published',
      publishedAt: published.publishedAt,
      documentsRevision: 2,
    });

    // Every shipped key is one the writer has written by now.
    expect(Object.keys(after as object)).toEqual(
      expect.arrayContaining(Object.keys(SHIPPED).filter((key) => !WRITTEN_BY_SECTIONS.has(key))),
    );
  });

  it('parses a document whose only write was a document change', () => {
    const { live, read } = writer();
    live.documentsChanged('meeting-guard-2');
    const doc = read('meeting-guard-2');
    expect(strict.safeParse(doc).error?.issues ?? []).toEqual([]);
    expect(doc).toMatchObject({ documentsRevision: 1 });
  });
});
