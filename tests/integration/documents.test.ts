import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_MAP, LiveKeys } from '#common/protocol/live-doc';
import { MeetingDetailResponseSchema as DetailSchema } from '#common/schemas/api';
import { SearchResponseSchema, SNIPPET_MARK_END, SNIPPET_MARK_START } from '#common/schemas/document';
import { connectClient, type Json, startTestRoom, type TestRoom, waitFor } from './helpers/test-room';

const corpus = resolve(__dirname, '../../../shared/corpus/pdfs');
const demoPdfs = resolve(__dirname, '../../resources/demo/pdfs');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Uploads raw bytes the way the client does: the file is the body, metadata in the query. */
async function upload(
  room: TestRoom,
  meetingId: string,
  bytes: Uint8Array<ArrayBuffer>,
  query: Record<string, string>,
  token = room.staffToken,
) {
  const url = new URL(`${room.url}/api/v1/meetings/${meetingId}/documents`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  return { status: res.status, body: (await res.json()) as Json };
}

async function blob(room: TestRoom, sha256: string, token: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${room.url}/api/v1/blobs/${sha256}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('documents', () => {
  let room: TestRoom;
  let meetingId: string;
  let itemId: string;
  const tracemonkey = new Uint8Array(readFileSync(join(corpus, 'tracemonkey.pdf')));

  beforeAll(async () => {
    room = await startTestRoom({ maxUploadBytes: 2 * 1024 * 1024 });
    meetingId = await room.createMeeting();
    const item = await room.api('POST', `/meetings/${meetingId}/agenda-items`, {
      token: room.staffToken,
      body: { title: 'Báo cáo' },
    });
    itemId = item.body.item.id;
  });
  afterAll(async () => {
    await room.destroy();
  });

  it('ingests a PDF once by its SHA-256 and deduplicates a repeat upload', async () => {
    const first = await upload(room, meetingId, tracemonkey, {
      fileName: 'tracemonkey.pdf',
      agendaItemId: itemId,
      kind: 'bao_cao',
    });
    expect(first.status).toBe(201);
    expect(first.body.document).toMatchObject({
      title: 'tracemonkey',
      pageCount: 14,
      sha256: sha(tracemonkey),
      byteSize: tracemonkey.byteLength,
      version: 1,
      agendaItemId: itemId,
      encrypted: false,
    });
    const again = await upload(room, meetingId, tracemonkey, { fileName: 'copy.pdf' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, document: { id: first.body.document.id } });
    const detail = DetailSchema.parse(
      (await room.api('GET', `/meetings/${meetingId}`, { token: room.staffToken })).body,
    );
    expect(detail.documents.filter((d) => d.sha256 === sha(tracemonkey))).toHaveLength(1);
  });

  it('refuses broken, encrypted, empty, oversize and unknown files with clear errors', async () => {
    const cases: { file: string; status: number; code: string; message: RegExp; name?: string }[] = [
      { file: 'not-a-pdf.pdf', status: 422, code: 'invalid_document', message: /not a PDF/i },
      { file: 'zero-bytes.pdf', status: 422, code: 'invalid_document', message: /empty/i },
      { file: 'password-protected.pdf', status: 422, code: 'invalid_document', message: /password/i },
      {
        file: 'not-a-pdf.pdf',
        status: 415,
        code: 'unsupported_media_type',
        message: /\.exe/,
        name: 'setup.exe',
      },
    ];
    for (const c of cases) {
      const bytes = new Uint8Array(readFileSync(join(corpus, c.file)));
      const res = await upload(room, meetingId, bytes, { fileName: c.name ?? c.file });
      expect(res.status, c.file).toBe(c.status);
      expect(res.body.error.code, c.file).toBe(c.code);
      expect(res.body.error.message, c.file).toMatch(c.message);
    }
    const big = new Uint8Array(3 * 1024 * 1024);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const tooBig = await upload(room, meetingId, big, { fileName: 'big.pdf' });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
    expect((await room.api('GET', '/health')).status).toBe(200);
  });

  it('accepts a PDF encrypted with an empty password and says it is encrypted', async () => {
    const bytes = new Uint8Array(readFileSync(join(corpus, 'empty_protected.pdf')));
    const res = await upload(room, meetingId, bytes, { fileName: 'empty_protected.pdf' });
    expect(res.status).toBe(201);
    expect(res.body.document.encrypted).toBe(true);
  });

  it('serves blobs with ETag, immutable caching and HTTP Range for resuming', async () => {
    const s = sha(tracemonkey);
    const full = await blob(room, s, room.staffToken);
    expect(full.res.status).toBe(200);
    expect(full.res.headers.get('etag')).toBe(`"${s}"`);
    expect(full.res.headers.get('cache-control')).toContain('immutable');
    expect(full.res.headers.get('accept-ranges')).toBe('bytes');
    expect(sha(full.bytes)).toBe(s);

    // A download cut after 300 000 bytes resumes from there and ends with the same bytes.
    const head = full.bytes.slice(0, 300_000);
    const rest = await blob(room, s, room.staffToken, { range: 'bytes=300000-' });
    expect(rest.res.status).toBe(206);
    expect(rest.res.headers.get('content-range')).toBe(
      `bytes 300000-${tracemonkey.byteLength - 1}/${tracemonkey.byteLength}`,
    );
    const joined = new Uint8Array(head.byteLength + rest.bytes.byteLength);
    joined.set(head);
    joined.set(rest.bytes, head.byteLength);
    expect(sha(joined)).toBe(s);

    const middle = await blob(room, s, room.staffToken, { range: 'bytes=10-19' });
    expect(middle.res.status).toBe(206);
    expect([...middle.bytes]).toEqual([...tracemonkey.slice(10, 20)]);
    const past = await blob(room, s, room.staffToken, { range: `bytes=${tracemonkey.byteLength}-` });
    expect(past.res.status).toBe(416);
    const cached = await blob(room, s, room.staffToken, { 'if-none-match': `"${s}"` });
    expect(cached.res.status).toBe(304);
  });

  it('hides confidential documents from participants without a grant until they get one', async () => {
    const a = await room.addMember(meetingId, 'delegate', { group: 'Thường trực' });
    const b = await room.addMember(meetingId, 'delegate', { group: 'Thành viên' });
    const bytes = new Uint8Array(readFileSync(join(corpus, 'TAMReview.pdf')));
    const up = await upload(room, meetingId, bytes, {
      fileName: 'TAMReview.pdf',
      classification: 'mat',
      noExport: 'true',
    });
    expect(up.status).toBe(201);
    const docId = up.body.document.id;
    const s = up.body.document.sha256;
    const setGrants = await room.api('PUT', `/documents/${docId}/grants`, {
      token: room.staffToken,
      body: { participantIds: [a.id], groups: [] },
    });
    expect(setGrants.body).toEqual({ participantIds: [a.id], groups: [] });

    const listOf = async (token: string) =>
      DetailSchema.parse((await room.api('GET', `/meetings/${meetingId}`, { token })).body).documents.map(
        (d) => d.id,
      );
    expect(await listOf(a.token)).toContain(docId);
    expect(await listOf(b.token)).not.toContain(docId);
    expect((await blob(room, s, b.token)).res.status).toBe(404);
    expect((await room.api('GET', `/documents/${docId}`, { token: b.token })).status).toBe(404);
    expect((await blob(room, s, a.token)).res.status).toBe(200);
    // Neither can a delegate read or change grants.
    expect((await room.api('GET', `/documents/${docId}/grants`, { token: a.token })).status).toBe(403);

    await room.api('PUT', `/documents/${docId}/grants`, {
      token: room.staffToken,
      body: { participantIds: [a.id], groups: ['Thành viên'] },
    });
    expect(await listOf(b.token)).toContain(docId);
    expect((await blob(room, s, b.token)).res.status).toBe(200);

    const other = await room.createMeeting('Cuộc họp khác');
    const outsider = await room.addMember(other, 'delegate', { group: 'Thành viên' });
    expect((await blob(room, s, outsider.token)).res.status).toBe(404);
    const foreignGrant = await room.api('PUT', `/documents/${docId}/grants`, {
      token: room.staffToken,
      body: { participantIds: [outsider.id], groups: [] },
    });
    expect(foreignGrant.status).toBe(400);
  });

  it('replaces a document with a new version, keeps the old one and tells clients', async () => {
    const reader = await room.addMember(meetingId, 'delegate');
    const v1 = new Uint8Array(readFileSync(join(corpus, 'empty.pdf')));
    const up = await upload(room, meetingId, v1, { fileName: 'du-thao.pdf', kind: 'du_thao_nghi_quyet' });
    const docId = up.body.document.id;
    const live = connectClient(room, `meeting/${meetingId}/live`, reader.token);
    await waitFor(() => live.provider.synced, 'live sync');
    const rev = live.doc.getMap(LIVE_MAP).get(LiveKeys.documentsRevision) as number;

    const v2 = new Uint8Array(readFileSync(join(demoPdfs, 'du-thao-nghi-quyet-bang-gia-dat-2027.pdf')));
    const res = await fetch(`${room.url}/api/v1/documents/${docId}/versions?fileName=du-thao-v2.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${room.staffToken}`, 'content-type': 'application/pdf' },
      body: v2,
    });
    expect(res.status).toBe(201);
    const doc = (
      (await res.json()) as { document: { version: number; sha256: string; originalName: string } }
    ).document;
    expect(doc).toMatchObject({ version: 2, sha256: sha(v2), originalName: 'du-thao-v2.pdf' });
    await waitFor(
      () => (live.doc.getMap(LIVE_MAP).get(LiveKeys.documentsRevision) as number) > rev,
      'documents revision',
    );

    const detail = await room.api('GET', `/documents/${docId}`, { token: reader.token });
    expect(detail.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect((await blob(room, sha(v1), reader.token)).res.status).toBe(200);
    expect((await blob(room, sha(v2), reader.token)).res.status).toBe(200);
    const same = await fetch(`${room.url}/api/v1/documents/${docId}/versions?fileName=again.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${room.staffToken}`, 'content-type': 'application/pdf' },
      body: v2,
    });
    expect(same.status).toBe(409);
    live.provider.destroy();
  });

  it('searches page text without caring about diacritics and points at the page', async () => {
    const bytes = new Uint8Array(readFileSync(join(demoPdfs, 'bao-cao-giai-ngan-dau-tu-cong-2026.pdf')));
    const up = await upload(room, meetingId, bytes, {
      fileName: 'giai-ngan.pdf',
      title: 'Báo cáo giải ngân',
    });
    expect(up.status).toBe(201);
    const search = async (q: string) =>
      SearchResponseSchema.parse(
        (
          await room.api('GET', `/meetings/${meetingId}/search?q=${encodeURIComponent(q)}`, {
            token: room.staffToken,
          })
        ).body,
      );
    const withMarks = await search('giải ngân');
    const without = await search('giai ngan');
    expect(withMarks.hits.length).toBeGreaterThan(0);
    expect(without.hits.map((h) => [h.documentId, h.page])).toEqual(
      withMarks.hits.map((h) => [h.documentId, h.page]),
    );
    const hit = without.hits[0]!;
    expect(hit.documentId).toBe(up.body.document.id);
    expect(hit.title).toBe('Báo cáo giải ngân');
    expect(hit.page).toBeGreaterThanOrEqual(1);
    expect(hit.snippet.toLowerCase()).toContain(
      `${SNIPPET_MARK_START}giải${SNIPPET_MARK_END} ${SNIPPET_MARK_START}ngân${SNIPPET_MARK_END}`,
    );
    expect((await search('tracemonkey trace')).hits.some((h) => h.title === 'tracemonkey')).toBe(true);
    expect((await search('   ')).hits).toEqual([]);
    // The confidential TAMReview is invisible to a delegate without a grant, in search too.
    const outsider = await room.addMember(meetingId, 'delegate', { group: 'Khách' });
    const forOutsider = await room.api('GET', `/meetings/${meetingId}/search?q=review`, {
      token: outsider.token,
    });
    expect(forOutsider.body.hits.some((h: { title: string }) => h.title === 'TAMReview')).toBe(false);
  });
});

describe('document order', () => {
  it('renumbers the documents of an agenda item when one moves, and when one moves elsewhere', async () => {
    const room = await startTestRoom();
    try {
      const meetingId = await room.createMeeting();
      const items = [];
      for (const title of ['Mục 1', 'Mục 2']) {
        items.push(
          (
            await room.api('POST', `/meetings/${meetingId}/agenda-items`, {
              token: room.staffToken,
              body: { title },
            })
          ).body.item.id as string,
        );
      }
      const ids: string[] = [];
      for (const file of ['tracemonkey.pdf', 'TAMReview.pdf', 'empty.pdf']) {
        const bytes = new Uint8Array(readFileSync(join(corpus, file)));
        ids.push(
          (await upload(room, meetingId, bytes, { fileName: file, agendaItemId: items[0]! })).body.document
            .id,
        );
      }
      const order = async (itemId: string) => {
        const detail = DetailSchema.parse(
          (await room.api('GET', `/meetings/${meetingId}`, { token: room.staffToken })).body,
        );
        return detail.documents
          .filter((d) => d.agendaItemId === itemId)
          .sort((a, b) => a.position - b.position)
          .map((d) => [d.id, d.position]);
      };
      expect(await order(items[0]!)).toEqual([
        [ids[0], 0],
        [ids[1], 1],
        [ids[2], 2],
      ]);
      await room.api('PATCH', `/documents/${ids[2]}`, { token: room.staffToken, body: { position: 0 } });
      expect(await order(items[0]!)).toEqual([
        [ids[2], 0],
        [ids[0], 1],
        [ids[1], 2],
      ]);
      await room.api('PATCH', `/documents/${ids[0]}`, {
        token: room.staffToken,
        body: { agendaItemId: items[1]! },
      });
      expect(await order(items[0]!)).toEqual([
        [ids[2], 0],
        [ids[1], 1],
      ]);
      expect(await order(items[1]!)).toEqual([[ids[0], 0]]);
      await room.api('PATCH', `/documents/${ids[1]}`, { token: room.staffToken, body: { position: 99 } });
      expect(await order(items[0]!)).toEqual([
        [ids[2], 0],
        [ids[1], 1],
      ]);
    } finally {
      await room.destroy();
    }
  });
});

describe('participants import and join sheet', () => {
  let room: TestRoom;
  let meetingId: string;
  beforeAll(async () => {
    room = await startTestRoom();
    meetingId = await room.createMeeting();
  });
  afterAll(async () => {
    await room.destroy();
  });

  async function importCsv(bytes: Uint8Array<ArrayBuffer>) {
    const res = await fetch(`${room.url}/api/v1/meetings/${meetingId}/participants/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${room.staffToken}`, 'content-type': 'text/csv' },
      body: bytes,
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  it('imports a UTF-8 CSV with a BOM and Vietnamese headers', async () => {
    const csv =
      '\uFEFFHọ và tên,Chức vụ,Đơn vị,Vai trò,Nhóm\nNguyễn Văn An,Chủ tịch,UBND tỉnh,Chủ tọa,Thường trực\nTrần Thị Bình,Giám đốc,Sở Tài chính,Đại biểu,Thành viên\n';
    const res = await importCsv(new TextEncoder().encode(csv));
    expect(res.status).toBe(201);
    expect(res.body.created.map((p: { name: string; role: string }) => [p.name, p.role])).toEqual([
      ['Nguyễn Văn An', 'chair'],
      ['Trần Thị Bình', 'delegate'],
    ]);
  });

  it('refuses Windows-1258 bytes and wrong columns, importing nothing', async () => {
    const before = (await room.api('GET', `/meetings/${meetingId}/participants`, { token: room.staffToken }))
      .body.participants.length;
    const cp1258 = new Uint8Array([
      ...new TextEncoder().encode('Họ và tên,Vai trò\nNguy'),
      0xea,
      0xd8,
      0x6e,
      ...new TextEncoder().encode(',delegate\n'),
    ]);
    const bad = await importCsv(cp1258);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.message).toMatch(/UTF-8/);
    const wrong = await importCsv(new TextEncoder().encode('Tên đăng nhập,Mật khẩu\nabc,123\n'));
    expect(wrong.status).toBe(400);
    const badRole = await importCsv(new TextEncoder().encode('name,role\nA,delegate\nB,vua\n'));
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.issues.some((i: { path: string }) => i.path === 'line 3')).toBe(true);
    const after = (await room.api('GET', `/meetings/${meetingId}/participants`, { token: room.staffToken }))
      .body.participants.length;
    expect(after).toBe(before);
  });

  it('prints a join sheet PDF with fresh codes', async () => {
    const res = await fetch(`${room.url}/api/v1/meetings/${meetingId}/join-sheet`, {
      method: 'POST',
      headers: { authorization: `Bearer ${room.staffToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    writeFileSync(join(room.dataDir, 'sheet.pdf'), bytes);
  });
});

describe('agenda editing and publishing', () => {
  it('moves, renumbers, refuses cycles, deletes, and warns on late publication', async () => {
    const room = await startTestRoom();
    try {
      const m = await room.createMeeting();
      const add = async (title: string, parentId: string | null = null) =>
        (
          await room.api('POST', `/meetings/${m}/agenda-items`, {
            token: room.staffToken,
            body: { title, parentId },
          })
        ).body.item.id as string;
      const a = await add('A');
      const b = await add('B');
      const c = await add('C');
      const a1 = await add('A1', a);
      const moved = await room.api('POST', `/agenda-items/${c}/move`, {
        token: room.staffToken,
        body: { parentId: null, position: 0 },
      });
      const order = (
        agenda: { id: string; parentId: string | null; position: number }[],
        parentId: string | null,
      ) =>
        agenda
          .filter((i) => i.parentId === parentId)
          .sort((x, y) => x.position - y.position)
          .map((i) => i.id);
      expect(order(moved.body.agenda, null)).toEqual([c, a, b]);
      const under = await room.api('POST', `/agenda-items/${b}/move`, {
        token: room.staffToken,
        body: { parentId: a, position: 0 },
      });
      expect(order(under.body.agenda, a)).toEqual([b, a1]);
      expect(order(under.body.agenda, null)).toEqual([c, a]);
      const cycle = await room.api('POST', `/agenda-items/${a}/move`, {
        token: room.staffToken,
        body: { parentId: b, position: 0 },
      });
      expect(cycle.status).toBe(400);
      const patched = await room.api('PATCH', `/agenda-items/${a}`, {
        token: room.staffToken,
        body: { presenter: 'Sở Tài chính', durationMinutes: 25 },
      });
      expect(patched.body.item).toMatchObject({ presenter: 'Sở Tài chính', durationMinutes: 25 });
      expect((await room.api('DELETE', `/agenda-items/${a}`, { token: room.staffToken })).status).toBe(204);
      const after = DetailSchema.parse(
        (await room.api('GET', `/meetings/${m}`, { token: room.staffToken })).body,
      );
      expect(after.agenda.map((i) => i.id)).toEqual([c]);

      const soon = new Date(Date.now() + 24 * 3_600_000).toISOString();
      await room.api('PATCH', `/meetings/${m}`, {
        token: room.staffToken,
        body: { startsAt: soon, leadTimeWorkingDays: 3 },
      });
      const published = await room.api('POST', `/meetings/${m}/publish`, { token: room.staffToken });
      expect(published.status).toBe(200);
      expect(published.body.meeting).toMatchObject({ status: 'published', publishedRevision: 1 });
      expect(published.body.warnings.map((w: { code: string }) => w.code)).toEqual(
        expect.arrayContaining(['late_publication', 'no_documents', 'no_participants']),
      );
      const again = await room.api('POST', `/meetings/${m}/publish`, { token: room.staffToken });
      expect(again.body.meeting.publishedRevision).toBe(2);
    } finally {
      await room.destroy();
    }
  });
});

describe('blob serving from memory and from disk', () => {
  const tracemonkey = new Uint8Array(readFileSync(join(corpus, 'tracemonkey.pdf')));
  for (const [label, blobCacheBytes] of [
    ['from memory', 64 * 1024 * 1024],
    ['streamed from disk', 0],
  ] as const) {
    it(`answers full, ranged, conditional and HEAD requests ${label}`, async () => {
      const room = await startTestRoom({ blobCacheBytes });
      try {
        const meetingId = await room.createMeeting();
        const up = await upload(room, meetingId, tracemonkey, { fileName: 'tracemonkey.pdf' });
        const s = up.body.document.sha256 as string;
        for (let i = 0; i < 2; i++) {
          const full = await blob(room, s, room.staffToken);
          expect(full.res.status).toBe(200);
          expect(full.res.headers.get('content-length')).toBe(String(tracemonkey.byteLength));
          expect(sha(full.bytes)).toBe(s);
        }
        const tail = await blob(room, s, room.staffToken, { range: 'bytes=-100' });
        expect(tail.res.status).toBe(206);
        expect([...tail.bytes]).toEqual([...tracemonkey.slice(-100)]);
        const mid = await blob(room, s, room.staffToken, { range: 'bytes=500000-500009' });
        expect([...mid.bytes]).toEqual([...tracemonkey.slice(500_000, 500_010)]);
        expect((await blob(room, s, room.staffToken, { range: 'bytes=99999999-' })).res.status).toBe(416);
        expect((await blob(room, s, room.staffToken, { 'if-none-match': `"${s}"` })).res.status).toBe(304);
        const staleRange = await blob(room, s, room.staffToken, {
          range: 'bytes=10-19',
          'if-range': '"other"',
        });
        expect(staleRange.res.status).toBe(200);
        const head = await fetch(`${room.url}/api/v1/blobs/${s}`, {
          method: 'HEAD',
          headers: { authorization: `Bearer ${room.staffToken}` },
        });
        expect(head.status).toBe(200);
        expect(head.headers.get('etag')).toBe(`"${s}"`);
        expect(head.headers.get('content-length')).toBe(String(tracemonkey.byteLength));
      } finally {
        await room.destroy();
      }
    });
  }
});
