import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, routePath } from '#common/http/route-table';
import { API_PREFIX } from '#common/schemas/api';
import { startTestRoom, type TestRoom } from './helpers/test-room';

let room: TestRoom;
beforeAll(async () => {
  room = await startTestRoom();
});
afterAll(async () => {
  await room.destroy();
});

describe('the route table is the HTTP contract', () => {
  it('registers exactly the routes of the table, and nothing else under the API', () => {
    const table = Object.values(ROUTES)
      .map((r) => `${r.method} ${API_PREFIX}${r.path}`)
      .sort();
    expect([...room.server.http.apiRoutes].sort()).toEqual(table);
  });

  it('names every route once', () => {
    const keys = Object.values(ROUTES).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('answers an unknown API route with the API error shape, not a route outside the table', async () => {
    const res = await fetch(`${room.url}${API_PREFIX}/meetings/x/secret-admin`, {
      method: 'POST',
      headers: { authorization: `Bearer ${room.staffToken}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('fills path templates and refuses a missing parameter', () => {
    expect(routePath(ROUTES.getMeeting, { meetingId: 'meeting-01' })).toBe('/meetings/meeting-01');
    expect(() => routePath(ROUTES.getMeeting, {})).toThrow(/meetingId/);
  });
});
