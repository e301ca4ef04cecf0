import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { LIVE_MAP, LiveKeys } from '#common/protocol/live-doc';
import type { ApiErrorCode } from '#common/schemas/api';
import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '#common/schemas/document';
import {
  type CallQuery,
  connectClient,
  expectError,
  expectOk,
  startTestRoom,
  type TestRoom,
  waitFor,
} from './helpers/test-room';

const corpus = resolve(__dirname, '../../../shared/corpus/pdfs');
/** What uploads of the corpus are titled: the PDF's first heading, its metadata title (not the file name). */
const TRACEMONKEY_TITLE = 'Trace-based Just-in-Time Type Specialization for Dynamic Languages';
const TAM_REVIEW_TITLE =
  'Overview of the Technology Acceptance Model: Origins, Developments and Future Directions';
const demoPdfs = resolve(__dirname, '../../resources/demo/pdfs');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Uploads raw bytes the way the client does: the file is the body, metadata in the query. */
async function upload(
  room: TestRoom,
  meetingId: string,
  bytes: Uint8Array<ArrayBuffer>,
  query: CallQuery<typeof ROUTES.uploadDocument>,
  token = room.staffToken,
) {
  return room.call(ROUTES.uploadDocument, {
    token,
    params: { meetingId },
    query,
    body: bytes,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

/** The meeting as a device sees it (parsed by the route's schema). */
async function meetingDetail(room: TestRoom, meetingId: string, token = room.staffToken) {
  return expectOk(await room.call(ROUTES.getMeeting, { token, params: { meetingId } }));
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
    const item = await room.call(ROUTES.createAgendaItem, {
      token: room.staffToken,
      params: { meetingId },
      body: { title: 'Báo cáo' },
    });
    itemId = expectOk(item).item.id;
    // Participants see a meeting's documents only once it is published.
    expectOk(await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId } }));
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
    const firstDoc = expectOk(first, 201).document;
    expect(firstDoc).toMatchObject({
      // The PDF's first heading, not the file name (tracemonkey.pdf has no metadata title).
      title: TRACEMONKEY_TITLE,
      pageCount: 14,
      sha256: sha(tracemonkey),
      byteSize: tracemonkey.byteLength,
      version: 1,
      agendaItemId: itemId,
      encrypted: false,
    });
    const again = await upload(room, meetingId, tracemonkey, { fileName: 'copy.pdf' });
    expect(expectOk(again, 200)).toMatchObject({ duplicate: true, document: { id: firstDoc.id } });
    const detail = await meetingDetail(room, meetingId);
    expect(detail.documents.filter((d) => d.sha256 === sha(tracemonkey))).toHaveLength(1);
  });

  it('refuses broken, encrypted, empty, oversize and unknown files with clear errors', async () => {
    const cases: { file: string; status: number; code: ApiErrorCode; message: RegExp; name?: string }[] = [
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
      expect(res, c.file).toMatchObject({
        ok: false,
        error: { code: c.code, message: expect.stringMatching(c.message) },
      });
    }
    const big = new Uint8Array(3 * 1024 * 1024);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const tooBig = await upload(room, meetingId, big, { fileName: 'big.pdf' });
    expectError(tooBig, 413, 'payload_too_large');
    expect((await room.call(ROUTES.health)).status).toBe(200);
  });

  it('accepts a PDF encrypted with an empty password and says it is encrypted', async () => {
    const bytes = new Uint8Array(readFileSync(join(corpus, 'empty_protected.pdf')));
    const res = await upload(room, meetingId, bytes, { fileName: 'empty_protected.pdf' });
    expect(expectOk(res, 201).document.encrypted).toBe(true);
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
    const { id: docId, sha256: s } = expectOk(up, 201).document;
    const setGrants = await room.call(ROUTES.putGrants, {
      token: room.staffToken,
      params: { documentId: docId },
      body: { participantIds: [a.id], groups: [] },
    });
    expect(expectOk(setGrants)).toEqual({ participantIds: [a.id], groups: [] });

    const listOf = async (token: string) =>
      (await meetingDetail(room, meetingId, token)).documents.map((d) => d.id);
    expect(await listOf(a.token)).toContain(docId);
    expect(await listOf(b.token)).not.toContain(docId);
    expect((await blob(room, s, b.token)).res.status).toBe(404);
    expect(
      (await room.call(ROUTES.getDocument, { token: b.token, params: { documentId: docId } })).status,
    ).toBe(404);
    // A "no export" document: granted readers get only a copy stamped with their name; the
    // stored bytes go to the meeting's managers alone (tests/hostile/no-export.test.ts).
    expect((await blob(room, s, a.token)).res.status).toBe(404);
    const copy = await room.call(ROUTES.getReaderCopy, { token: a.token, params: { documentId: docId } });
    expect(copy.status).toBe(200);
    expect(
      (await room.call(ROUTES.getReaderCopy, { token: b.token, params: { documentId: docId } })).status,
    ).toBe(404);
    expect((await blob(room, s, room.staffToken)).res.status).toBe(200);
    // Neither can a delegate read or change grants.
    expect(
      (await room.call(ROUTES.getGrants, { token: a.token, params: { documentId: docId } })).status,
    ).toBe(403);

    expectOk(
      await room.call(ROUTES.putGrants, {
        token: room.staffToken,
        params: { documentId: docId },
        body: { participantIds: [a.id], groups: ['Thành viên'] },
      }),
    );
    expect(await listOf(b.token)).toContain(docId);
    expect(
      (await room.call(ROUTES.getDocument, { token: b.token, params: { documentId: docId } })).status,
    ).toBe(200);
    // Granted now, b reads it as a copy stamped with their name, never as the stored bytes.
    expect(
      (await room.call(ROUTES.getReaderCopy, { token: b.token, params: { documentId: docId } })).status,
    ).toBe(200);
    expect((await blob(room, s, b.token)).res.status).toBe(404);

    const other = await room.createMeeting('Cuộc họp khác');
    const outsider = await room.addMember(other, 'delegate', { group: 'Thành viên' });
    expect((await blob(room, s, outsider.token)).res.status).toBe(404);
    const foreignGrant = await room.call(ROUTES.putGrants, {
      token: room.staffToken,
      params: { documentId: docId },
      body: { participantIds: [outsider.id], groups: [] },
    });
    expect(foreignGrant.status).toBe(400);
  });

  it('replaces a document with a new version, keeps the old one and tells clients', async () => {
    const reader = await room.addMember(meetingId, 'delegate');
    const v1 = new Uint8Array(readFileSync(join(corpus, 'empty.pdf')));
    const up = await upload(room, meetingId, v1, { fileName: 'du-thao.pdf', kind: 'du_thao_nghi_quyet' });
    const docId = expectOk(up).document.id;
    const live = connectClient(room, `meeting/${meetingId}/live`, reader.token);
    await waitFor(() => live.provider.synced, 'live sync');
    const rev = live.doc.getMap(LIVE_MAP).get(LiveKeys.documentsRevision) as number;

    const v2 = new Uint8Array(readFileSync(join(demoPdfs, 'du-thao-nghi-quyet-bang-gia-dat-2027.pdf')));
    const res = await room.call(ROUTES.uploadVersion, {
      token: room.staffToken,
      params: { documentId: docId },
      query: { fileName: 'du-thao-v2.pdf' },
      body: v2,
      headers: { 'content-type': 'application/pdf' },
    });
    const doc = expectOk(res, 201).document;
    expect(doc).toMatchObject({ version: 2, sha256: sha(v2), originalName: 'du-thao-v2.pdf' });
    await waitFor(
      () => (live.doc.getMap(LIVE_MAP).get(LiveKeys.documentsRevision) as number) > rev,
      'documents revision',
    );

    const detail = await room.call(ROUTES.getDocument, {
      token: reader.token,
      params: { documentId: docId },
    });
    expect(expectOk(detail).versions.map((v) => v.version)).toEqual([1, 2]);
    expect((await blob(room, sha(v1), reader.token)).res.status).toBe(200);
    expect((await blob(room, sha(v2), reader.token)).res.status).toBe(200);
    const same = await room.call(ROUTES.uploadVersion, {
      token: room.staffToken,
      params: { documentId: docId },
      query: { fileName: 'again.pdf' },
      body: v2,
      headers: { 'content-type': 'application/pdf' },
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
    const upDoc = expectOk(up, 201).document;
    const search = async (q: string) =>
      expectOk(
        await room.call(ROUTES.search, { token: room.staffToken, params: { meetingId }, query: { q } }),
      );
    const withMarks = await search('giải ngân');
    const without = await search('giai ngan');
    expect(withMarks.hits.length).toBeGreaterThan(0);
    expect(without.hits.map((h) => [h.documentId, h.page])).toEqual(
      withMarks.hits.map((h) => [h.documentId, h.page]),
    );
    const hit = without.hits[0]!;
    expect(hit.documentId).toBe(upDoc.id);
    expect(hit.title).toBe('Báo cáo giải ngân');
    expect(hit.page).toBeGreaterThanOrEqual(1);
    expect(hit.snippet.toLowerCase()).toContain(
      `${SNIPPET_MARK_START}giải${SNIPPET_MARK_END} ${SNIPPET_MARK_START}ngân${SNIPPET_MARK_END}`,
    );
    // Several words are one phrase (Searching, in the README): "Trace-based Just-in-Time" is found
    // across its hyphens; the same words apart or in another order are not.
    expect((await search('trace based just in time')).hits.some((h) => h.title === TRACEMONKEY_TITLE)).toBe(
      true,
    );
    expect((await search('time in just based trace')).hits.some((h) => h.title === TRACEMONKEY_TITLE)).toBe(
      false,
    );
    expect((await search('   ')).hits).toEqual([]);
    // The confidential TAMReview is invisible to a delegate without a grant, in search too.
    const outsider = await room.addMember(meetingId, 'delegate', { group: 'Khách' });
    const forOutsider = await room.call(ROUTES.search, {
      token: outsider.token,
      params: { meetingId },
      query: { q: 'review' },
    });
    expect(expectOk(forOutsider).hits.some((h) => h.title === TAM_REVIEW_TITLE)).toBe(false);
  });
});

describe('document order', () => {
  it('renumbers the documents of an agenda item when one moves, and when one moves elsewhere', async () => {
    const room = await startTestRoom();
    try {
      const meetingId = await room.createMeeting();
      const items: string[] = [];
      for (const title of ['Mục 1', 'Mục 2']) {
        const created = await room.call(ROUTES.createAgendaItem, {
          token: room.staffToken,
          params: { meetingId },
          body: { title },
        });
        items.push(expectOk(created).item.id);
      }
      const ids: string[] = [];
      for (const file of ['tracemonkey.pdf', 'TAMReview.pdf', 'empty.pdf']) {
        const bytes = new Uint8Array(readFileSync(join(corpus, file)));
        ids.push(
          expectOk(await upload(room, meetingId, bytes, { fileName: file, agendaItemId: items[0]! })).document
            .id,
        );
      }
      const order = async (itemId: string) => {
        const detail = await meetingDetail(room, meetingId);
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
      await room.call(ROUTES.updateDocument, {
        token: room.staffToken,
        params: { documentId: ids[2]! },
        body: { position: 0 },
      });
      expect(await order(items[0]!)).toEqual([
        [ids[2], 0],
        [ids[0], 1],
        [ids[1], 2],
      ]);
      await room.call(ROUTES.updateDocument, {
        token: room.staffToken,
        params: { documentId: ids[0]! },
        body: { agendaItemId: items[1]! },
      });
      expect(await order(items[0]!)).toEqual([
        [ids[2], 0],
        [ids[1], 1],
      ]);
      expect(await order(items[1]!)).toEqual([[ids[0], 0]]);
      await room.call(ROUTES.updateDocument, {
        token: room.staffToken,
        params: { documentId: ids[1]! },
        body: { position: 99 },
      });
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
    return room.call(ROUTES.importParticipants, {
      token: room.staffToken,
      params: { meetingId },
      query: {},
      body: bytes,
      headers: { 'content-type': 'text/csv' },
    });
  }

  async function participantCount(): Promise<number> {
    const list = await room.call(ROUTES.listParticipants, { token: room.staffToken, params: { meetingId } });
    return expectOk(list).participants.length;
  }

  it('imports a UTF-8 CSV with a BOM and Vietnamese headers', async () => {
    const csv =
      '\uFEFFHọ và tên,Chức vụ,Đơn vị,Vai trò,Nhóm\nNguyễn Văn An,Chủ tịch,UBND tỉnh,Chủ tọa,Thường trực\nTrần Thị Bình,Giám đốc,Sở Tài chính,Đại biểu,Thành viên\n';
    const res = await importCsv(new TextEncoder().encode(csv));
    expect(expectOk(res, 201).created.map((p) => [p.name, p.role])).toEqual([
      ['Nguyễn Văn An', 'chair'],
      ['Trần Thị Bình', 'delegate'],
    ]);
  });

  it('refuses Windows-1258 bytes and wrong columns, importing nothing', async () => {
    const before = await participantCount();
    const cp1258 = new Uint8Array([
      ...new TextEncoder().encode('Họ và tên,Vai trò\nNguy'),
      0xea,
      0xd8,
      0x6e,
      ...new TextEncoder().encode(',delegate\n'),
    ]);
    const bad = await importCsv(cp1258);
    expect(expectError(bad, 400, 'validation_failed').message).toMatch(/UTF-8/);
    const wrong = await importCsv(new TextEncoder().encode('Tên đăng nhập,Mật khẩu\nabc,123\n'));
    expect(wrong.status).toBe(400);
    const badRole = await importCsv(new TextEncoder().encode('name,role\nA,delegate\nB,vua\n'));
    expect(badRole.status).toBe(400);
    expect(badRole.ok ? undefined : badRole.error.issues?.some((i) => i.path === 'line 3')).toBe(true);
    const after = await participantCount();
    expect(after).toBe(before);
  });

  it('prints a join sheet PDF with fresh codes', async () => {
    const res = await room.call(ROUTES.joinSheet, {
      token: room.staffToken,
      params: { meetingId },
      body: {},
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const bytes = expectOk(res, 200);
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
        expectOk(
          await room.call(ROUTES.createAgendaItem, {
            token: room.staffToken,
            params: { meetingId: m },
            body: { title, parentId },
          }),
        ).item.id;
      const a = await add('A');
      const b = await add('B');
      const c = await add('C');
      const a1 = await add('A1', a);
      const moved = await room.call(ROUTES.moveAgendaItem, {
        token: room.staffToken,
        params: { itemId: c },
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
      expect(order(expectOk(moved).agenda, null)).toEqual([c, a, b]);
      const under = await room.call(ROUTES.moveAgendaItem, {
        token: room.staffToken,
        params: { itemId: b },
        body: { parentId: a, position: 0 },
      });
      const underAgenda = expectOk(under).agenda;
      expect(order(underAgenda, a)).toEqual([b, a1]);
      expect(order(underAgenda, null)).toEqual([c, a]);
      const cycle = await room.call(ROUTES.moveAgendaItem, {
        token: room.staffToken,
        params: { itemId: a },
        body: { parentId: b, position: 0 },
      });
      expect(cycle.status).toBe(400);
      const patched = await room.call(ROUTES.updateAgendaItem, {
        token: room.staffToken,
        params: { itemId: a },
        body: { presenter: 'Sở Tài chính', durationMinutes: 25 },
      });
      expect(expectOk(patched).item).toMatchObject({ presenter: 'Sở Tài chính', durationMinutes: 25 });
      expect(
        (await room.call(ROUTES.deleteAgendaItem, { token: room.staffToken, params: { itemId: a } })).status,
      ).toBe(204);
      const after = await meetingDetail(room, m);
      expect(after.agenda.map((i) => i.id)).toEqual([c]);

      const soon = new Date(Date.now() + 24 * 3_600_000).toISOString();
      await room.call(ROUTES.updateMeeting, {
        token: room.staffToken,
        params: { meetingId: m },
        body: { startsAt: soon, leadTimeWorkingDays: 3 },
      });
      const published = await room.call(ROUTES.publishMeeting, {
        token: room.staffToken,
        params: { meetingId: m },
      });
      const publishedBody = expectOk(published, 200);
      expect(publishedBody.meeting).toMatchObject({ status: 'published', publishedRevision: 1 });
      expect(publishedBody.warnings.map((w) => w.code)).toEqual(
        expect.arrayContaining(['late_publication', 'no_documents', 'no_participants']),
      );
      const again = await room.call(ROUTES.publishMeeting, {
        token: room.staffToken,
        params: { meetingId: m },
      });
      expect(expectOk(again).meeting.publishedRevision).toBe(2);
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
        const s = expectOk(up).document.sha256;
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
        const head = await room.call(ROUTES.headBlob, { token: room.staffToken, params: { sha256: s } });
        expect(head.status).toBe(200);
        expect(expectOk(head, 200).byteLength).toBe(0);
        expect(head.headers.etag).toBe(`"${s}"`);
        expect(head.headers['content-length']).toBe(String(tracemonkey.byteLength));
      } finally {
        await room.destroy();
      }
    });
  }
});
