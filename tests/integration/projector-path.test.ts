import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRoom, type TestRoom } from './helpers/test-room';

/**
 * `/projector/<meetingId>` is the address a projector (or a chair's second window) opens. The
 * web client's assets are relative to the page, so the server sends the browser to the app at
 * the root with the meeting in the query, where the app shows its projector view.
 */
describe('projector address', () => {
  let room: TestRoom;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'paperless-web-root-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>app</title><div id="root"></div>');
    room = await startTestRoom({ webRoot });
  });
  afterAll(async () => {
    await room.destroy();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('sends /projector/<meetingId> to the app with the meeting in the query', async () => {
    const meetingId = await room.createMeeting();
    const res = await fetch(`${room.url}/projector/${meetingId}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/?projector=${meetingId}`);

    const followed = await fetch(`${room.url}/projector/${meetingId}`);
    expect(followed.status).toBe(200);
    expect(new URL(followed.url).searchParams.get('projector')).toBe(meetingId);
    expect(await followed.text()).toContain('<div id="root">');
  });

  it('answers 404 for what cannot be a meeting id, and for deeper paths', async () => {
    for (const path of ['/projector/a%2Fb', '/projector/x', '/projector/abcdefgh/extra']) {
      const res = await fetch(`${room.url}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(404);
    }
  });
});
