import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@cantoo/fontkit';
import { PDFDocument } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { SNIPPET_MARK_END as E, SNIPPET_MARK_START as S, type SearchHit } from '#common/schemas/document';
import { expectOk, startTestRoom, type TestRoom } from './helpers/test-room';

/**
 * The phrase rules of search (README, "Searching"), through the real room server: generated
 * PDFs with Vietnamese text are uploaded, and a delegate searches them over HTTP.
 */

/** A PDF with one page per entry; each page is a list of lines drawn one under another. */
async function makePdf(pages: readonly (readonly string[])[]): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(
    readFileSync(join(process.cwd(), 'resources/fonts/LiberationSerif-Regular.ttf')),
    { subset: true },
  );
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => {
      page.drawText(line, { x: 60, y: 770 - i * 22, size: 12, font });
    });
  }
  return (await doc.save()) as Uint8Array<ArrayBuffer>;
}

/** The pages of the main document (page n = index n − 1). */
const MAIN_PAGES = [
  // 1: the real phrases, with exactly the diacritics of Vietnamese text.
  [
    'TỜ TRÌNH',
    'Ủy ban nhân dân tỉnh Thái Nguyên trình dự thảo quyết định',
    'về bảng giá đất giai đoạn 2027–2031 để Hội đồng nhân dân xem xét.',
  ],
  // 2: "quyết" and "định" in different sentences, never together.
  ['Hội đồng biểu quyết thông qua nghị quyết.', 'Thời hạn thực hiện sẽ được xác định sau.'],
  // 3: the syllables of "Thái Nguyên", the other way round.
  ['Nguyên Thái là tên một tổ dân phố của phường.'],
  // 4: "bảng" but no syllable "ban".
  ['Bảng tổng hợp số liệu kèm theo.'],
  // 5: a phrase across a line break, and one across punctuation.
  ['Căn cứ quyết', 'định số 15 của Chủ tịch, tình hình kinh tế – xã hội ổn định.'],
  // 6 and 7: "Bắc Kạn" only across the page break.
  ['Đoàn công tác của tỉnh Bắc'],
  ['Kạn đến làm việc với Sở Tài chính.'],
] as const;

/** Another document, in plain ASCII as an old system exported it: "thai nguyen" several times. */
const ASCII_PAGES = [['Tinh Thai Nguyen: Cong ty Thai Nguyen, So Thai Nguyen.']] as const;

/** A confidential document the delegate has no grant for. */
const SECRET_PAGES = [['Quyết định mật về nhân sự của tỉnh Thái Nguyên.']] as const;

let room: TestRoom;
let meetingId: string;
let delegate: string;
let mainId: string;
let asciiId: string;
let secretId: string;

async function upload(
  pages: readonly (readonly string[])[],
  fileName: string,
  classification: 'thuong' | 'mat' = 'thuong',
): Promise<string> {
  const result = await room.call(ROUTES.uploadDocument, {
    token: room.staffToken,
    params: { meetingId },
    query: { fileName, classification },
    body: await makePdf(pages),
    headers: { 'content-type': 'application/pdf' },
  });
  return expectOk(result, 201).document.id;
}

beforeAll(async () => {
  room = await startTestRoom();
  // A meeting a month ahead, so its join codes are valid whatever day the test runs.
  const startsAt = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
  const created = await room.call(ROUTES.createMeeting, {
    token: room.staffToken,
    body: { title: 'Kỳ họp thứ nhất', startsAt, place: 'Hội trường' },
  });
  meetingId = expectOk(created, 201).meeting.id;
  mainId = await upload(MAIN_PAGES, 'to-trinh.pdf');
  asciiId = await upload(ASCII_PAGES, 'cong-ty.pdf');
  secretId = await upload(SECRET_PAGES, 'mat.pdf', 'mat');
  delegate = (await room.addMember(meetingId, 'delegate')).token;
  // Participants reach a meeting's documents only once it is published.
  expectOk(await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId } }));
}, 60_000);

afterAll(async () => {
  await room.destroy();
});

async function search(q: string, token = delegate): Promise<SearchHit[]> {
  const result = await room.call(ROUTES.search, { token, params: { meetingId }, query: { q, limit: 50 } });
  return expectOk(result, 200).hits;
}

/** The hits as "document:page", in rank order. */
async function where(q: string, token = delegate): Promise<string[]> {
  const name = (id: string) => (id === mainId ? 'main' : id === asciiId ? 'ascii' : 'secret');
  return (await search(q, token)).map((h) => `${name(h.documentId)}:${h.page}`);
}

describe('search phrase rules', () => {
  it('finds syllables only where they stand together, in the order typed', async () => {
    // Page 2 has "quyết" and "định" in two sentences; page 1 and 5 have the phrase.
    expect((await where('quyết định')).sort()).toEqual(['main:1', 'main:5']);
    expect((await where('quyet dinh')).sort()).toEqual(['main:1', 'main:5']);
    // Page 3 has "Nguyên Thái": order matters.
    expect((await where('Thái Nguyên')).sort()).toEqual(['ascii:1', 'main:1']);
    expect(await where('Nguyên Thái')).toEqual(['main:3']);
    expect(await where('định quyết')).toEqual([]);
  });

  it('matches whole syllables, never the start of a longer one', async () => {
    // "Ủy ban" on page 1; page 4 has only "Bảng".
    expect(await where('ban')).toEqual(['main:1']);
    expect((await where('bang')).sort()).toEqual(['main:1', 'main:4']);
    expect(await where('quy')).toEqual([]);
    expect(await where('ngu')).toEqual([]);
  });

  it('allows punctuation and line breaks between the syllables, never a page break', async () => {
    const lineBreak = (await search('quyết định')).find((h) => h.page === 5);
    expect(lineBreak?.snippet).toContain(`${S}quyết${E} ${S}định${E} số 15`);
    const dash = await search('kinh tế xã hội');
    expect(dash.map((h) => h.page)).toEqual([5]);
    expect(dash[0]?.snippet).toContain(`${S}kinh${E} ${S}tế${E} – ${S}xã${E} ${S}hội${E}`);
    expect(await where('Bắc Kạn')).toEqual([]);
    expect(await where('tỉnh Bắc')).toEqual(['main:6']);
    expect(await where('Kạn đến')).toEqual(['main:7']);
  });

  it('is the same query quoted or not, and with any punctuation typed between syllables', async () => {
    const plain = await search('quyết định');
    expect(await search('"quyết định"')).toEqual(plain);
    expect(await search('“quyết định”')).toEqual(plain);
    expect(await search('quyết, định')).toEqual(plain);
  });

  it('ranks hits with exactly the diacritics typed first', async () => {
    // bm25 prefers the short ASCII page (three occurrences); the exact diacritics win anyway.
    expect(await where('Thái Nguyên')).toEqual(['main:1', 'ascii:1']);
    expect(await where('thai nguyen')).toEqual(['ascii:1', 'main:1']);
    const [first] = await search('THÁI NGUYÊN');
    expect(first?.documentId).toBe(mainId);
    expect(first?.snippet).toContain(`${S}Thái${E} ${S}Nguyên${E}`);
  });

  it('searches only the documents the reader may see', async () => {
    expect(await where('nhân sự')).toEqual([]);
    const staff = await search('nhân sự', room.staffToken);
    expect(staff.map((h) => h.documentId)).toEqual([secretId]);
  });
});
