import { afterEach, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import type { ImportDuplicatesMode } from '#common/schemas/participant';
import { expectError, expectOk, startTestRoom, type TestRoom } from './helpers/test-room';

/**
 * Importing the same list twice does not double everyone: the room recognises the same person
 * (name and unit, after NFC, case and space folding) and asks. Participants stand in protocol
 * order — the file's order, new ones last — and the secretariat moves them up and down.
 */

let room: TestRoom;
afterEach(async () => {
  await room?.destroy();
});

const LIST = [
  'Họ và tên;Chức vụ;Đơn vị;Vai trò',
  'Trần Thị Bình;Chánh Văn phòng;Văn phòng UBND tỉnh;thư ký',
  'Nguyễn Văn An;Chủ tịch;UBND tỉnh;chủ tọa',
  'Lê Văn Cường;Giám đốc;Sở Tài chính;đại biểu',
].join('\r\n');

function importCsv(meetingId: string, csv: string, duplicates?: ImportDuplicatesMode) {
  return room.call(ROUTES.importParticipants, {
    token: room.staffToken,
    params: { meetingId },
    query: duplicates ? { duplicates } : {},
    body: csv,
    headers: { 'content-type': 'text/csv' },
  });
}

async function names(meetingId: string): Promise<string[]> {
  const listed = await room.call(ROUTES.listParticipants, { token: room.staffToken, params: { meetingId } });
  return expectOk(listed, 200).participants.map((p) => p.name);
}

function auditOf(action: string): unknown[] {
  return (
    room.server.context.db
      .prepare('SELECT payload FROM audit_log WHERE action = ? ORDER BY seq')
      .all(action) as { payload: string }[]
  ).map((row) => JSON.parse(row.payload));
}

describe('importing a participant list twice', () => {
  it('asks before importing repeated people, then skips them or imports them as chosen', async () => {
    room = await startTestRoom();
    const meetingId = await room.createMeeting();
    const first = expectOk(await importCsv(meetingId, LIST), 201);
    expect(first.created.map((p) => p.name)).toEqual(['Trần Thị Bình', 'Nguyễn Văn An', 'Lê Văn Cường']);
    expect(first.duplicates).toEqual([]);

    // The same people again, one typed differently (case, spacing, decomposed Unicode), one new.
    const decomposed = 'Lê Văn Cường'.normalize('NFD').toUpperCase();
    const again = [
      'Họ và tên;Chức vụ;Đơn vị;Vai trò',
      'Trần Thị Bình;Chánh Văn phòng;Văn phòng UBND tỉnh;thư ký',
      `${decomposed};Giám đốc;  sở tài   chính ;đại biểu`,
      'Phạm Thị Dung;Phó Giám đốc;Sở Kế hoạch và Đầu tư;đại biểu',
      // Same name in another unit: another person.
      'Nguyễn Văn An;Giám đốc;Sở Y tế;đại biểu',
    ].join('\r\n');
    const asked = expectOk(await importCsv(meetingId, again), 200);
    expect(asked.needsDecision).toBe(true);
    expect(asked.created).toEqual([]);
    const ids = new Map(first.created.map((p) => [p.name, p.id]));
    expect(asked.duplicates).toEqual([
      { row: 0, name: 'Trần Thị Bình', unit: 'Văn phòng UBND tỉnh', existingId: ids.get('Trần Thị Bình') },
      {
        row: 1,
        name: decomposed.normalize('NFC'),
        unit: 'sở tài chính',
        existingId: ids.get('Lê Văn Cường'),
      },
    ]);
    expect(await names(meetingId)).toHaveLength(3);

    const skipped = expectOk(await importCsv(meetingId, again, 'skip'), 201);
    expect(skipped.created.map((p) => p.name)).toEqual(['Phạm Thị Dung', 'Nguyễn Văn An']);
    expect(await names(meetingId)).toEqual([
      'Trần Thị Bình',
      'Nguyễn Văn An',
      'Lê Văn Cường',
      'Phạm Thị Dung',
      'Nguyễn Văn An',
    ]);

    // Now every row repeats somebody: skipping imports nothing, and says so.
    const nothingNew = expectOk(await importCsv(meetingId, LIST, 'skip'), 200);
    expect(nothingNew).toMatchObject({ created: [], needsDecision: false });
    expect(nothingNew.duplicates).toHaveLength(3);

    const anyway = expectOk(await importCsv(meetingId, LIST, 'import'), 201);
    expect(anyway.created).toHaveLength(3);
    expect(await names(meetingId)).toHaveLength(8);

    expect(auditOf('participant.import')).toEqual([
      expect.objectContaining({ count: 3 }),
      expect.objectContaining({ count: 2, skippedDuplicates: 2 }),
      expect.objectContaining({ count: 3, importedDuplicates: 3 }),
    ]);
    expect(auditOf('participant.import')[0]).not.toHaveProperty('skippedDuplicates');
  });

  it('asks about a person listed twice in one file', async () => {
    room = await startTestRoom();
    const meetingId = await room.createMeeting();
    const twice = `${LIST}\r\nNguyễn  Văn An;Chủ tịch;UBND Tỉnh;chủ tọa`;
    const asked = expectOk(await importCsv(meetingId, twice), 200);
    expect(asked.needsDecision).toBe(true);
    expect(asked.duplicates).toEqual([
      { row: 3, name: 'Nguyễn Văn An', unit: 'UBND Tỉnh', existingId: null },
    ]);
    expect(await names(meetingId)).toEqual([]);
    expect(expectOk(await importCsv(meetingId, twice, 'skip'), 201).created).toHaveLength(3);
  });
});

describe('protocol order', () => {
  it('keeps the file’s order, puts new people last, and moves a person up and down', async () => {
    room = await startTestRoom();
    const meetingId = await room.createMeeting();
    expectOk(await importCsv(meetingId, LIST), 201);
    const added = await room.call(ROUTES.createParticipant, {
      token: room.staffToken,
      params: { meetingId },
      body: { name: 'Âu Văn Đức', role: 'delegate' },
    });
    const duc = expectOk(added, 201).participant;
    // Not alphabetical ("Âu" would sort first): the order the list was given in.
    expect(await names(meetingId)).toEqual(['Trần Thị Bình', 'Nguyễn Văn An', 'Lê Văn Cường', 'Âu Văn Đức']);

    const up = await room.call(ROUTES.moveParticipant, {
      token: room.staffToken,
      params: { participantId: duc.id },
      body: { index: 0 },
    });
    expect(expectOk(up, 200).participants.map((p) => p.name)).toEqual([
      'Âu Văn Đức',
      'Trần Thị Bình',
      'Nguyễn Văn An',
      'Lê Văn Cường',
    ]);
    // Past the end is the end.
    const down = await room.call(ROUTES.moveParticipant, {
      token: room.staffToken,
      params: { participantId: duc.id },
      body: { index: 99 },
    });
    expect(expectOk(down, 200).participants.at(-1)?.id).toBe(duc.id);
    expect(await names(meetingId)).toEqual(['Trần Thị Bình', 'Nguyễn Văn An', 'Lê Văn Cường', 'Âu Văn Đức']);
    expect(auditOf('participant.move')).toEqual([
      { participantId: duc.id, from: 4, to: 1 },
      { participantId: duc.id, from: 1, to: 4 },
    ]);

    // A newly imported list follows everyone already there.
    const more = 'name,unit,role\nVõ Thị Em,Sở Nội vụ,delegate';
    expectOk(await importCsv(meetingId, more), 201);
    expect((await names(meetingId)).at(-1)).toBe('Võ Thị Em');
  });

  it('lets only the secretariat move people, and only in their own meetings', async () => {
    room = await startTestRoom();
    const meetingId = await room.createMeeting();
    const chair = await room.addMember(meetingId, 'chair');
    const delegate = await room.addMember(meetingId, 'delegate');
    const tried = await room.call(ROUTES.moveParticipant, {
      token: chair.token,
      params: { participantId: delegate.id },
      body: { index: 0 },
    });
    expectError(tried, 403, 'forbidden');
    const otherMeeting = await room.createMeeting('Họp khác');
    const stranger = await room.addMember(otherMeeting, 'secretariat');
    const outside = await room.call(ROUTES.moveParticipant, {
      token: stranger.token,
      params: { participantId: delegate.id },
      body: { index: 0 },
    });
    expectError(outside, 404, 'not_found');
    expect(auditOf('participant.move')).toEqual([]);
  });
});
