import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { degrees, PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import {
  expectOk,
  rawSocket,
  startTestRoom,
  type TestRoom,
  uploadPdf,
  yjsUrl,
} from '../integration/helpers/test-room';
import { readPages } from '../unit/pdf/pdf-text';

/**
 * Finding 10: "no export" was enforced only in the client. A delegate's laptop that simply asks
 * GET /blobs/<sha256> must not get the raw bytes of a no-export document; what it may get is a
 * copy made for it, every page naming its reader. And nothing of a meeting reaches its
 * participants before the meeting is published.
 */

/** Uploads are ingested by a worker thread: slow on a busy machine, so setup gets longer than a hook's default. */
const SETUP_TIMEOUT_MS = 120_000;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A three-page PDF made here: an ordinary page, a page shown rotated, a page whose box is offset. */
async function makePdf(marker: string): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= 3; n++) {
    const page = doc.addPage([595, 842]);
    if (n === 2) page.setRotation(degrees(90));
    if (n === 3) page.setMediaBox(100, 100, 595, 842);
    page.drawText(`${marker} page ${n}`, { x: 150, y: 600, size: 14, font });
  }
  const bytes = await doc.save();
  return new Uint8Array(bytes);
}

interface Member {
  readonly id: string;
  readonly token: string;
  readonly name: string;
  readonly unit: string;
}

async function addPerson(
  room: TestRoom,
  meetingId: string,
  p: { name: string; unit?: string; role?: 'delegate' | 'secretariat' | 'chair'; group?: string },
): Promise<Member> {
  const created = await room.call(ROUTES.createParticipant, {
    token: room.staffToken,
    params: { meetingId },
    body: { name: p.name, unit: p.unit ?? '', role: p.role ?? 'delegate', group: p.group ?? '' },
  });
  const id = expectOk(created, 201).participant.id;
  const code = expectOk(
    await room.call(ROUTES.createJoinCode, {
      token: room.staffToken,
      params: { participantId: id },
      body: {},
    }),
    201,
  );
  const joined = expectOk(await room.call(ROUTES.join, { body: { code: code.code } }), 201);
  return { id, token: joined.token, name: p.name, unit: p.unit ?? '' };
}

async function get(room: TestRoom, path: string, token: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${room.url}/api/v1${path}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function head(room: TestRoom, path: string, token: string) {
  const res = await fetch(`${room.url}/api/v1${path}`, {
    method: 'HEAD',
    headers: { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  return res;
}

/** All the text of every page, NFC, whitespace collapsed. */
async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const pages = await readPages(bytes);
  return pages.map((items) =>
    items
      .map((i) => i.str)
      .join(' ')
      .normalize('NFC')
      .replace(/\s+/g, ' '),
  );
}

describe('no-export documents reach readers only as copies that name them', () => {
  let room: TestRoom;
  let meetingId: string;
  let original: Uint8Array<ArrayBuffer>;
  let docId: string;
  let docSha: string;
  let anh: Member;
  let binh: Member;
  let outsider: Member;
  let meetingSecretariat: Member;
  const copyPath = () => `/documents/${docId}/reader-copy`;

  beforeAll(async () => {
    room = await startTestRoom();
    meetingId = await room.createMeeting('Kỳ họp thứ 12 — tài liệu mật');
    anh = await addPerson(room, meetingId, {
      name: 'Nguyễn Thị Ánh Tuyết',
      unit: 'Sở Kế hoạch và Đầu tư',
      group: 'Thường trực',
    });
    binh = await addPerson(room, meetingId, {
      name: 'Trần Văn Bình',
      unit: 'Văn phòng UBND tỉnh',
      group: 'Thường trực',
    });
    outsider = await addPerson(room, meetingId, { name: 'Lê Khách Mời', group: 'Khách mời' });
    meetingSecretariat = await addPerson(room, meetingId, { name: 'Phạm Văn Thư', role: 'secretariat' });
    original = await makePdf('CONFIDENTIAL-ORIGINAL');
    const doc = await uploadPdf(room, meetingId, original, {
      fileName: 'mat.pdf',
      classification: 'mat',
      noExport: 'true',
    });
    docId = doc.id;
    docSha = doc.sha256;
    expect(docSha).toBe(sha(original));
    expectOk(
      await room.call(ROUTES.putGrants, {
        token: room.staffToken,
        params: { documentId: docId },
        body: { participantIds: [], groups: ['Thường trực'] },
      }),
    );
    expectOk(await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId } }));
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await room.destroy();
  });

  it('serves each reader a valid PDF stamped with their own name on every page and in its metadata', async () => {
    const forAnh = await get(room, copyPath(), anh.token);
    const forBinh = await get(room, copyPath(), binh.token);
    for (const copy of [forAnh, forBinh]) {
      expect(copy.res.status).toBe(200);
      expect(copy.res.headers.get('content-type')).toBe('application/pdf');
      expect(new TextDecoder().decode(copy.bytes.slice(0, 5))).toBe('%PDF-');
      expect(sha(copy.bytes)).not.toBe(docSha);
      // The client verifies what it stores: the copy's own SHA-256 comes with it.
      expect(copy.res.headers.get('x-content-sha256')).toBe(sha(copy.bytes));
      expect(copy.res.headers.get('etag')).toBe(`"${sha(copy.bytes)}"`);
      expect(copy.res.headers.get('accept-ranges')).toBe('bytes');
      const cacheControl = copy.res.headers.get('cache-control') ?? '';
      expect(cacheControl).toContain('private');
      expect(cacheControl).toContain('no-store');
      expect(cacheControl).not.toContain('immutable');
    }
    expect(sha(forAnh.bytes)).not.toBe(sha(forBinh.bytes));

    const anhPages = await pageTexts(forAnh.bytes);
    const binhPages = await pageTexts(forBinh.bytes);
    expect(anhPages).toHaveLength(3);
    anhPages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain(`CONFIDENTIAL-ORIGINAL page ${i + 1}`);
      expect(text, `page ${i + 1}`).toContain('Bản đọc của Nguyễn Thị Ánh Tuyết');
      expect(text, `page ${i + 1}`).toContain('Sở Kế hoạch và Đầu tư');
      expect(text, `page ${i + 1}`).toContain('không sao chép');
      expect(text, `page ${i + 1}`).not.toContain('Trần Văn Bình');
    });
    binhPages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain('Bản đọc của Trần Văn Bình');
      expect(text, `page ${i + 1}`).not.toContain('Nguyễn Thị Ánh Tuyết');
    });

    const info = await PDFDocument.load(forAnh.bytes, { updateMetadata: false });
    expect(info.getPageCount()).toBe(3);
    expect(info.getSubject()?.normalize('NFC')).toContain('Bản đọc của Nguyễn Thị Ánh Tuyết');
    expect(info.getSubject()?.normalize('NFC')).toContain('không sao chép');
  });

  it('answers a repeated request from its cache with the same ETag, and honours Range and If-None-Match', async () => {
    const first = await get(room, copyPath(), anh.token);
    const cacheDir = join(room.dataDir, 'reader-copies');
    const filesBefore = readdirSync(cacheDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    const mtimes = filesBefore.map((f) => statSync(f).mtimeMs);

    const second = await get(room, copyPath(), anh.token);
    expect(second.res.status).toBe(200);
    expect(second.res.headers.get('etag')).toBe(first.res.headers.get('etag'));
    expect(sha(second.bytes)).toBe(sha(first.bytes));
    const filesAfter = readdirSync(cacheDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    expect(filesAfter.sort()).toEqual([...filesBefore].sort());
    expect(filesBefore.map((f) => statSync(f).mtimeMs)).toEqual(mtimes);

    const etag = first.res.headers.get('etag')!;
    const size = first.bytes.byteLength;
    const part = await get(room, copyPath(), anh.token, { range: 'bytes=100-199' });
    expect(part.res.status).toBe(206);
    expect(part.res.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect(part.res.headers.get('x-content-sha256')).toBe(sha(first.bytes));
    expect([...part.bytes]).toEqual([...first.bytes.slice(100, 200)]);
    // A download cut anywhere resumes to exactly the same bytes.
    const rest = await get(room, copyPath(), anh.token, { range: 'bytes=1000-', 'if-range': etag });
    expect(rest.res.status).toBe(206);
    const joined = new Uint8Array(size);
    joined.set(first.bytes.slice(0, 1000));
    joined.set(rest.bytes, 1000);
    expect(sha(joined)).toBe(sha(first.bytes));
    const stale = await get(room, copyPath(), anh.token, { range: 'bytes=0-9', 'if-range': '"other"' });
    expect(stale.res.status).toBe(200);
    expect((await get(room, copyPath(), anh.token, { range: `bytes=${size}-` })).res.status).toBe(416);
    expect((await get(room, copyPath(), anh.token, { 'if-none-match': etag })).res.status).toBe(304);
    const probe = await head(room, copyPath(), anh.token);
    expect(probe.status).toBe(200);
    expect(probe.headers.get('content-length')).toBe(String(size));
    expect(probe.headers.get('x-content-sha256')).toBe(sha(first.bytes));
  });

  it('refuses the raw bytes to a granted delegate exactly like bytes that do not exist, but not to the managers', async () => {
    const missing = randomBytes(32).toString('hex');
    for (const reader of [anh, binh]) {
      const raw = await get(room, `/blobs/${docSha}`, reader.token);
      const absent = await get(room, `/blobs/${missing}`, reader.token);
      expect(raw.res.status).toBe(404);
      // The same answer as a miss, to the byte: nothing says that the bytes exist.
      expect(new TextDecoder().decode(raw.bytes)).toBe(new TextDecoder().decode(absent.bytes));
      expect(sha(raw.bytes)).not.toBe(docSha);
      expect((await head(room, `/blobs/${docSha}`, reader.token)).status).toBe(404);
      expect((await get(room, `/blobs/${docSha}`, reader.token, { range: 'bytes=0-99' })).res.status).toBe(
        404,
      );
      // What the reader does get is the copy that names them.
      const copy = await get(room, copyPath(), reader.token);
      expect(copy.res.status).toBe(200);
      expect((await pageTexts(copy.bytes))[0]).toContain(`Bản đọc của ${reader.name}`);
    }
    // The meeting's own secretariat and the room staff manage it: they get the stored bytes.
    for (const manager of [meetingSecretariat.token, room.staffToken]) {
      const raw = await get(room, `/blobs/${docSha}`, manager);
      expect(raw.res.status).toBe(200);
      expect(sha(raw.bytes)).toBe(docSha);
    }
  });

  it('deletes reader copies when the reader loses access, the version changes or the document goes', async () => {
    const copiesOf = (documentId: string, participantId?: string) => {
      const dir = join(room.dataDir, 'reader-copies', documentId);
      if (!existsSync(dir)) return [];
      return readdirSync(dir).filter(
        (n) => n.endsWith('.pdf') && (!participantId || n.startsWith(`${participantId}.`)),
      );
    };
    const extra = await uploadPdf(room, meetingId, await makePdf('SECOND-CONFIDENTIAL'), {
      fileName: 'mat-2.pdf',
      classification: 'mat',
      noExport: 'true',
    });
    const path = `/documents/${extra.id}/reader-copy`;
    expectOk(
      await room.call(ROUTES.putGrants, {
        token: room.staffToken,
        params: { documentId: extra.id },
        body: { participantIds: [anh.id, binh.id], groups: [] },
      }),
    );
    const anhV1 = await get(room, path, anh.token);
    expect((await get(room, path, binh.token)).res.status).toBe(200);
    expect(copiesOf(extra.id, anh.id)).toEqual([expect.stringContaining(sha(anhV1.bytes))]);
    expect(copiesOf(extra.id, binh.id)).toHaveLength(1);

    // Bình loses the grant: his copy goes at once, Ánh's stays.
    expectOk(
      await room.call(ROUTES.putGrants, {
        token: room.staffToken,
        params: { documentId: extra.id },
        body: { participantIds: [anh.id], groups: [] },
      }),
    );
    expect(copiesOf(extra.id, binh.id)).toEqual([]);
    expect(copiesOf(extra.id, anh.id)).toHaveLength(1);
    expect((await get(room, path, binh.token)).res.status).toBe(404);

    // A new version: the copy of the old one goes; the next request makes one of the new.
    expectOk(
      await room.call(ROUTES.uploadVersion, {
        token: room.staffToken,
        params: { documentId: extra.id },
        query: { fileName: 'mat-2-v2.pdf' },
        body: await makePdf('SECOND-CONFIDENTIAL-V2'),
        headers: { 'content-type': 'application/pdf' },
      }),
      201,
    );
    expect(copiesOf(extra.id)).toEqual([]);
    const anhV2 = await get(room, path, anh.token);
    expect((await pageTexts(anhV2.bytes))[0]).toContain('SECOND-CONFIDENTIAL-V2');
    expect(copiesOf(extra.id, anh.id)).toEqual([expect.stringContaining(sha(anhV2.bytes))]);

    // The document is deleted: every copy of it goes with its bytes.
    expectOk(
      await room.call(ROUTES.deleteDocument, { token: room.staffToken, params: { documentId: extra.id } }),
      204,
    );
    expect(existsSync(join(room.dataDir, 'reader-copies', extra.id))).toBe(false);
    // Other documents' copies are untouched.
    expect(copiesOf(docId, anh.id)).toHaveLength(1);
  });

  it('makes no copy for someone who may not read the document', async () => {
    expect((await get(room, copyPath(), outsider.token)).res.status).toBe(404);
    const elsewhere = await room.createMeeting('Cuộc họp khác');
    const stranger = await addPerson(room, elsewhere, { name: 'Người ngoài', group: 'Thường trực' });
    expect((await get(room, copyPath(), stranger.token)).res.status).toBe(404);
    expect((await get(room, '/documents/01HZZZZZZZZZZZZZZZZZZZZZZZ/reader-copy', anh.token)).res.status).toBe(
      404,
    );
  });
});

describe('a draft meeting keeps its documents from its participants until it is published', () => {
  let room: TestRoom;
  beforeAll(async () => {
    room = await startTestRoom();
  });
  afterAll(async () => {
    await room.destroy();
  });

  it(
    'hides documents, hits, blobs, copies and layers until publication',
    async () => {
      const meetingId = await room.createMeeting('Kỳ họp chưa công bố');
      const delegate = await addPerson(room, meetingId, { name: 'Đỗ Thị Đại Biểu' });
      const chair = await addPerson(room, meetingId, { name: 'Hoàng Chủ Tọa', role: 'chair' });
      const secretariat = await addPerson(room, meetingId, { name: 'Vũ Văn Thư', role: 'secretariat' });
      const bytes = await makePdf('DRAFTWORD');
      const doc = await uploadPdf(room, meetingId, bytes, { fileName: 'du-thao.pdf' });
      const privateLayer = `ann/${doc.id}/${delegate.id}/private`;

      const seen = async (token: string) => {
        const detail = expectOk(await room.call(ROUTES.getMeeting, { token, params: { meetingId } }));
        const search = expectOk(
          await room.call(ROUTES.search, { token, params: { meetingId }, query: { q: 'draftword' } }),
        );
        return {
          listed: detail.documents.map((d) => d.id),
          hits: search.hits.map((h) => h.documentId),
          blob: (await get(room, `/blobs/${doc.sha256}`, token)).res.status,
          detail: (await room.call(ROUTES.getDocument, { token, params: { documentId: doc.id } })).status,
          copy: (await get(room, `/documents/${doc.id}/reader-copy`, token)).res.status,
        };
      };
      const nothing = { listed: [], hits: [], blob: 404, detail: 404, copy: 404 };
      expect(await seen(delegate.token)).toEqual(nothing);
      expect(await seen(chair.token)).toEqual(nothing);
      const socket = await rawSocket(yjsUrl(room, privateLayer, delegate.token));
      expect(socket.status).toBe(404);
      socket.ws?.close();

      // The secretariat preparing it sees everything.
      for (const token of [secretariat.token, room.staffToken]) {
        const s = await seen(token);
        expect(s.listed).toEqual([doc.id]);
        expect(s.hits).toContain(doc.id);
        expect(s.blob).toBe(200);
        expect(s.detail).toBe(200);
      }

      expectOk(await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId } }));
      const after = await seen(delegate.token);
      expect(after.listed).toEqual([doc.id]);
      expect(after.hits).toContain(doc.id);
      expect(after.blob).toBe(200);
      expect(after.detail).toBe(200);
      expect(after.copy).toBe(200);
      const open = await rawSocket(yjsUrl(room, privateLayer, delegate.token));
      expect(open.ws).not.toBeNull();
      open.ws?.close();
    },
    SETUP_TIMEOUT_MS,
  );
});
