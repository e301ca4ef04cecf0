import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchResponseSchema } from '#common/schemas/document';
import { startTestRoom, type TestRoom } from './helpers/test-room';

/** The demo meeting is seeded through the same commands as an upload, so its pages are searchable. */

let room: TestRoom;
beforeAll(async () => {
  room = await startTestRoom({ demo: true });
});
afterAll(async () => {
  await room.destroy();
});

const tokens = new Map<string, string>();

/** Joins once per role (codes are single-use) and reuses the device token. */
async function tokenOf(role: string): Promise<string> {
  const known = tokens.get(role);
  if (known) return known;
  const code = room.server.demo?.codes.find((c) => c.role === role)?.code;
  if (!code) throw new Error(`no demo code for ${role}`);
  const res = await fetch(`${room.url}/api/v1/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  expect(res.status).toBe(201);
  const { token } = (await res.json()) as { token: string };
  tokens.set(role, token);
  return token;
}

async function search(token: string, q: string) {
  const res = await fetch(
    `${room.url}/api/v1/meetings/${room.server.demo?.meetingId}/search?q=${encodeURIComponent(q)}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(res.status).toBe(200);
  return SearchResponseSchema.parse(await res.json());
}

describe('searching the demo meeting', () => {
  it('finds words from the demo PDFs, with or without diacritics, on the right page', async () => {
    const chair = await tokenOf('chair');
    const sipas = await search(chair, 'SIPAS');
    expect(sipas.hits.length).toBeGreaterThan(0);
    expect(sipas.hits[0]?.title).toMatch(/cải cách hành chính/i);
    expect(sipas.hits[0]?.page).toBeGreaterThanOrEqual(1);

    const withMarks = await search(chair, 'giải ngân');
    const without = await search(chair, 'giai ngan');
    expect(withMarks.hits.length).toBeGreaterThan(0);
    expect(without.hits.map((h) => h.documentId).sort()).toEqual(
      withMarks.hits.map((h) => h.documentId).sort(),
    );
    expect(withMarks.hits.some((h) => /giải ngân/i.test(h.title))).toBe(true);
  });

  it('never shows a confidential document to someone without a grant', async () => {
    const chair = await tokenOf('chair');
    const observer = await tokenOf('observer');
    const forChair = await search(chair, 'an ninh chính trị');
    expect(forChair.hits.some((h) => /an ninh/i.test(h.title))).toBe(true);
    const forObserver = await search(observer, 'an ninh chính trị');
    expect(forObserver.hits.some((h) => /an ninh/i.test(h.title))).toBe(false);
  });
});
