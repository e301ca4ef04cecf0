import { afterEach, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { expectOk, startTestRoom, type TestRoom } from './helpers/test-room';

let room: TestRoom | null = null;
afterEach(async () => {
  await room?.destroy();
  room = null;
});

async function joinAs(r: TestRoom, role: string): Promise<string> {
  const code = r.server.demo?.codes.find((c) => c.role === role)?.code;
  if (!code) throw new Error(`no demo code for ${role}`);
  const res = await r.call(ROUTES.join, { body: { code } });
  expect(res.status).toBe(201);
  return expectOk(res, 201).token;
}

describe('demo meeting', () => {
  it('is seeded, published, and shows each participant only granted documents', async () => {
    room = await startTestRoom({ demo: true });
    const demo = room.server.demo;
    expect(demo?.codes.filter((c) => c.role === 'delegate')).toHaveLength(10);
    expect(demo?.codes.filter((c) => c.role === 'chair')).toHaveLength(1);
    expect(demo?.codes.filter((c) => c.role === 'secretary')).toHaveLength(1);

    const meetingId = demo?.meetingId;
    if (!meetingId) throw new Error('no demo meeting');
    const chair = expectOk(
      await room.call(ROUTES.getMeeting, { token: await joinAs(room, 'chair'), params: { meetingId } }),
    );
    expect(chair.meeting.status).toBe('published');
    const topLevel = chair.agenda.filter((i) => i.parentId === null);
    expect(topLevel.length).toBeGreaterThanOrEqual(5);
    expect(topLevel.length).toBeLessThanOrEqual(8);
    expect(chair.documents.some((d) => d.classification === 'mat')).toBe(true);
    expect(chair.documents.every((d) => d.pageCount > 0 && /^[0-9a-f]{64}$/.test(d.sha256))).toBe(true);

    const observer = expectOk(
      await room.call(ROUTES.getMeeting, { token: await joinAs(room, 'observer'), params: { meetingId } }),
    );
    expect(observer.documents.some((d) => d.classification === 'mat')).toBe(false);
    expect(observer.documents.length).toBe(chair.documents.length - 1);
  });

  it('is reused on the next start with fresh codes', async () => {
    room = await startTestRoom({ demo: true });
    const firstId = room.server.demo?.meetingId;
    const firstCode = room.server.demo?.codes[0]?.code;
    const dataDir = room.dataDir;
    await room.stop();
    const again = await startTestRoom({ demo: true }, dataDir);
    try {
      expect(again.server.demo?.meetingId).toBe(firstId);
      expect(again.server.demo?.codes[0]?.code).not.toBe(firstCode);
      const meetings = await again.call(ROUTES.listMeetings, { token: await joinAs(again, 'chair') });
      expect(expectOk(meetings).meetings).toHaveLength(1);
    } finally {
      await again.stop();
    }
  });
});
