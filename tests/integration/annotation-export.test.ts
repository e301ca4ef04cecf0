import { degrees, PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ANNOTATIONS_MAP, writeAnnotation } from '#common/protocol/annotation-layer';
import { formatDocName } from '#common/protocol/doc-names';
import { ROUTES } from '#common/http/route-table';
import type { Annotation } from '#common/schemas/annotation';
import { popplerDrawnText, readAnnotations } from '../unit/pdf/pdf-annotations';
import { readPages } from '../unit/pdf/pdf-text';
import {
  connectClient,
  expectError,
  expectOk,
  startTestRoom,
  type TestRoom,
  waitFor,
  uploadPdf,
} from './helpers/test-room';

/**
 * "Export my annotations" against a real room server: two delegates write annotations into
 * their layers with stock y-websocket clients, then each downloads the document with their own
 * annotations written in, and their printable list. Read back with PDF.js and poppler.
 */

/** Uploads are ingested by a worker thread: slow on a busy machine. */
const SETUP_TIMEOUT_MS = 120_000;

/** Two pages of real text; the second is shown turned a quarter clockwise. */
async function makePdf(marker: string): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= 2; n++) {
    const page = doc.addPage([595, 842]);
    if (n === 2) page.setRotation(degrees(90));
    page.drawText(`${marker} page ${n}`, { x: 72, y: 760, size: 14, font });
  }
  return new Uint8Array(await doc.save());
}

interface Member {
  readonly id: string;
  readonly token: string;
  readonly name: string;
}

async function addPerson(room: TestRoom, meetingId: string, name: string, group: string): Promise<Member> {
  const m = await room.addMember(meetingId, 'delegate', { name, group });
  return { ...m, name };
}

const T = '2026-11-20T02:00:00.000Z';
const newMap = () => new Y.Map<unknown>();

function layerName(documentId: string, ownerId: string, layer: 'private' | 'shared'): string {
  return formatDocName({ kind: 'annotations', documentId, ownerId, layer });
}

/**
 * Writes annotations into a layer from one stock client (presence on), and returns once a
 * second client of the same owner has received them all from the server — the server stores
 * every update before it sends it on, so they are then on disk.
 */
async function writeLayer(room: TestRoom, owner: Member, name: string, annotations: readonly Annotation[]) {
  const writer = connectClient(room, name, owner.token);
  const reader = connectClient(room, name, owner.token);
  try {
    writer.provider.awareness.setLocalState({ user: { name: owner.name }, cursor: null });
    await waitFor(() => writer.provider.synced && reader.provider.synced, `${name} synced`, 15_000);
    writer.doc.transact(() => {
      for (const a of annotations) writeAnnotation(writer.doc, a, newMap);
    });
    const root = reader.doc.getMap(ANNOTATIONS_MAP);
    await waitFor(
      () => annotations.every((a) => root.has(a.id)),
      `${name} received by a second client`,
      60_000,
    );
  } finally {
    writer.provider.destroy();
    reader.provider.destroy();
  }
}

async function download(room: TestRoom, path: string, token: string) {
  const res = await fetch(`${room.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('export my annotations', () => {
  let room: TestRoom;
  let meetingId: string;
  let docId: string;
  let noExportId: string;
  let secretId: string;
  let bulkId: string;
  let an: Member;
  let binh: Member;
  let guest: Member;

  const anPrivate = (): Annotation[] => [
    {
      id: 'an-textbox-0001',
      kind: 'textbox',
      page: 1,
      authorId: an.id,
      authorName: an.name,
      createdAt: T,
      updatedAt: T,
      rect: { x: 72, y: 600, width: 300, height: 40 },
      text: 'Đồng ý thông qua',
      fontSize: 14,
      color: '#000000',
    },
    {
      id: 'an-highlight-0001',
      kind: 'highlight',
      page: 1,
      authorId: an.id,
      authorName: an.name,
      createdAt: T,
      updatedAt: T,
      quads: [[72, 776, 260, 776, 72, 756, 260, 756]],
      quotedText: 'page 1',
      color: '#ffd400',
    },
    {
      id: 'an-textbox-0002',
      kind: 'textbox',
      page: 2,
      authorId: an.id,
      authorName: an.name,
      createdAt: T,
      updatedAt: T,
      rect: { x: 300, y: 200, width: 40, height: 300 },
      text: 'Nghị quyết về ngân sách',
      fontSize: 16,
      color: '#e0242a',
    },
  ];
  const anShared = (): Annotation[] => [
    {
      id: 'an-note-0001',
      kind: 'note',
      page: 1,
      authorId: an.id,
      // A client may write any name: the export names the layer's owner as the room knows them.
      authorName: 'Tên giả mạo',
      createdAt: T,
      updatedAt: T,
      at: { x: 500, y: 800 },
      text: 'Nghị quyết về ngân sách',
      color: '#ffd400',
    },
    {
      id: 'an-bookmark-0001',
      kind: 'bookmark',
      page: 2,
      authorId: an.id,
      authorName: an.name,
      createdAt: T,
      updatedAt: T,
      label: 'Phụ lục: dự toán',
    },
  ];
  const binhAnnotations = (layer: string): Annotation[] => [
    {
      id: `binh-note-${layer}`,
      kind: 'note',
      page: 1,
      authorId: binh.id,
      authorName: binh.name,
      createdAt: T,
      updatedAt: T,
      at: { x: 300, y: 300 },
      text: `Ghi chú ${layer} của Bình`,
      color: '#5fd35f',
    },
  ];

  beforeAll(async () => {
    room = await startTestRoom();
    meetingId = await room.createMeeting('Kỳ họp thứ 12 — ghi chú');
    an = await addPerson(room, meetingId, 'Nguyễn Văn An', 'Đại biểu');
    binh = await addPerson(room, meetingId, 'Trần Thị Bình', 'Đại biểu');
    guest = await addPerson(room, meetingId, 'Lê Khách Mời', 'Khách mời');
    docId = (await uploadPdf(room, meetingId, await makePdf('ORDINARY'), { fileName: 'to-trinh.pdf' })).id;
    noExportId = (
      await uploadPdf(room, meetingId, await makePdf('NOEXPORT'), { fileName: 'mat.pdf', noExport: 'true' })
    ).id;
    secretId = (
      await uploadPdf(room, meetingId, await makePdf('SECRET'), {
        fileName: 'rieng.pdf',
        classification: 'mat',
      })
    ).id;
    bulkId = (await uploadPdf(room, meetingId, await makePdf('BULK'), { fileName: 'nhieu.pdf' })).id;
    expectOk(
      await room.call(ROUTES.putGrants, {
        token: room.staffToken,
        params: { documentId: secretId },
        body: { participantIds: [], groups: ['Đại biểu'] },
      }),
    );
    expectOk(await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId } }));
    await writeLayer(room, an, layerName(docId, an.id, 'private'), anPrivate());
    await writeLayer(room, an, layerName(docId, an.id, 'shared'), anShared());
    await writeLayer(room, binh, layerName(docId, binh.id, 'private'), binhAnnotations('private'));
    await writeLayer(room, binh, layerName(docId, binh.id, 'shared'), binhAnnotations('shared'));
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await room?.destroy();
  });

  it('writes the caller’s own annotations, and nobody else’s, as real PDF annotations', async () => {
    const result = await room.call(ROUTES.getAnnotatedPdf, {
      token: an.token,
      params: { documentId: docId },
    });
    const bytes = expectOk(result, 200);
    expect(result.headers['content-type']).toBe('application/pdf');
    expect(result.headers['cache-control']).toContain('no-store');
    const { annotations, outline, pages } = await readAnnotations(bytes);
    expect(pages).toBe(2);
    expect(annotations.map((a) => [a.page, a.subtype, a.name]).sort()).toEqual(
      [
        [1, 'FreeText', 'an-textbox-0001'],
        [1, 'Highlight', 'an-highlight-0001'],
        [2, 'FreeText', 'an-textbox-0002'],
        [1, 'Text', 'an-note-0001'],
      ].sort(),
    );
    for (const a of annotations) {
      expect(a.author).toBe('Nguyễn Văn An');
      expect(a.hasAppearance).toBe(true);
    }
    const byName = new Map(annotations.map((a) => [a.name, a]));
    expect(byName.get('an-note-0001')?.contents).toBe('Nghị quyết về ngân sách');
    expect(byName.get('an-textbox-0001')?.contents).toBe('Đồng ý thông qua');
    expect(byName.get('an-textbox-0001')?.textContent?.join(' ').normalize('NFC')).toBe('Đồng ý thông qua');
    expect(byName.get('an-textbox-0002')?.textContent?.join(' ').normalize('NFC')).toBe(
      'Nghị quyết về ngân sách',
    );
    expect(outline).toEqual(['Phụ lục: dự toán']);
    // Poppler draws the appearance streams: their text comes back with every diacritic.
    const drawn = popplerDrawnText(bytes);
    expect(drawn).toContain('Đồng ý thông qua');
    expect(drawn).toContain('Nghị quyết về ngân sách');
    expect(drawn).toContain('ORDINARY page 1');
    expect(drawn).not.toContain('Bình');

    // Bình's export holds Bình's two annotations only: An's private and shared layers stay An's.
    const hers = await readAnnotations(
      expectOk(await room.call(ROUTES.getAnnotatedPdf, { token: binh.token, params: { documentId: docId } })),
    );
    expect(hers.annotations.map((a) => a.name).sort()).toEqual(['binh-note-private', 'binh-note-shared']);
    expect(hers.outline).toEqual([]);
  });

  it('prints the list of my notes in Vietnamese', async () => {
    const bytes = expectOk(
      await room.call(ROUTES.getMyNotesPdf, { token: an.token, params: { documentId: docId } }),
    );
    const text = (await readPages(bytes))
      .flat()
      .map((t) => t.str)
      .join(' ')
      .normalize('NFC');
    for (const expected of [
      'DANH SÁCH GHI CHÚ CỦA TÔI',
      'Nguyễn Văn An',
      'Đồng ý thông qua',
      'Phụ lục: dự toán',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Bình');
  });

  it('refuses "no export" documents with a translated reason, and answers 404 for an ungranted one', async () => {
    for (const route of [ROUTES.getAnnotatedPdf, ROUTES.getMyNotesPdf]) {
      const refused = expectError(
        await room.call(route, { token: an.token, params: { documentId: noExportId } }),
        403,
        'forbidden',
      );
      expect(refused.reason).toBe('annotations_no_export');
      const hidden = expectError(
        await room.call(route, { token: guest.token, params: { documentId: secretId } }),
        404,
        'not_found',
      );
      const unknown = expectError(
        await room.call(route, { token: guest.token, params: { documentId: 'no-such-document' } }),
        404,
        'not_found',
      );
      expect(hidden).toEqual(unknown);
    }
    // A granted reader of the Mật document may export it (it is not "no export").
    expect((await download(room, `/documents/${secretId}/annotated.pdf`, an.token)).res.status).toBe(200);
  });

  it('exports a 5,000-annotation layer in bounded time and memory', async () => {
    const many: Annotation[] = Array.from({ length: 5_000 }, (_, i) => ({
      id: `bulk-${String(i).padStart(5, '0')}`,
      kind: 'note',
      page: 1 + (i % 2),
      authorId: an.id,
      authorName: an.name,
      createdAt: T,
      updatedAt: T,
      at: { x: 40 + (i % 25) * 20, y: 60 + (i % 35) * 20 },
      text: `Ý kiến số ${i}: đồng ý thông qua`,
      color: '#ffd400',
    }));
    await writeLayer(room, an, layerName(bulkId, an.id, 'private'), many);
    // The server runs in this process: sample its memory while it makes the file, keep the peak.
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 10);
    const started = performance.now();
    const { res, bytes } = await download(room, `/documents/${bulkId}/annotated.pdf`, an.token);
    const ms = performance.now() - started;
    clearInterval(sampler);
    const rssGrowth = Math.max(rssPeak, process.memoryUsage().rss) - rssBefore;
    console.log(
      `5,000-annotation export: ${Math.round(ms)} ms, ${(bytes.length / 1024 / 1024).toFixed(2)} MiB PDF, ` +
        `peak RSS +${(rssGrowth / 1024 / 1024).toFixed(1)} MiB`,
    );
    expect(res.status).toBe(200);
    expect(ms).toBeLessThan(60_000);
    expect(rssGrowth).toBeLessThan(512 * 1024 * 1024);
    const { annotations } = await readAnnotations(bytes);
    expect(annotations).toHaveLength(5_000);
    expect(new Set(annotations.map((a) => a.name)).size).toBe(5_000);
  }, 180_000);
});
