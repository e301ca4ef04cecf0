import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ROUTES } from '#common/http/route-table';
import { minutesDocName } from '#common/protocol/doc-names';
import { MINUTES_FRAGMENT } from '#common/schemas/minutes';
import { wallClockAt } from '#common/time/meeting-time';
import { buildMinutesExportModel } from '../../sync-server/minutes/minutes-export-model';
import { readMinutesContent } from '../../sync-server/minutes/read-minutes-content';
import { FontMissingError } from '../../sync-server/pdf/fonts';
import { UnsupportedCharactersError } from '../../sync-server/pdf/minutes/glyph-check';
import { renderMinutesPdf } from '../../sync-server/pdf/minutes/minutes-pdf';
import { viDateOf } from '../../sync-server/pdf/vi-date';
import { readPagesRaw } from './helpers/pdf-items';
import {
  connectClient,
  expectError,
  expectOk,
  startTestRoom,
  type TestRoom,
  waitFor,
} from './helpers/test-room';

/**
 * The minutes PDF, its PDF/A-2b variant and the conclusion notice, read back with poppler
 * (pdftotext, pdffonts, pdfinfo) and qpdf: the Decree 30 form's parts in order, the
 * Vietnamese intact, the page and its margins as measured, the PDF/A preconditions.
 */

const MM = 72 / 25.4;
const BODY = 'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN';
const TITLE = 'Phiên họp thường kỳ tháng 01 năm 2027';
const CONCLUSION = 'Thống nhất thông qua dự thảo Nghị quyết về kế hoạch đầu tư công năm 2027.';

let room: TestRoom;
let tmp: string;
let meetingId = '';
let chair: { id: string; token: string };
let secretary: { id: string; token: string };
let delegate: { id: string; token: string };
let draftPdf: Uint8Array;
let finalPdf: Uint8Array;

async function getPdf(
  path: string,
  token: string,
): Promise<{ status: number; bytes: Uint8Array; json?: unknown }> {
  const res = await fetch(`${room.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json'))
    return { status: res.status, bytes, json: JSON.parse(new TextDecoder().decode(bytes)) };
  return { status: res.status, bytes };
}

let fileNo = 0;
function file(bytes: Uint8Array): string {
  const path = join(tmp, `f${++fileNo}.pdf`);
  writeFileSync(path, bytes);
  return path;
}
const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const pageCount = (path: string) => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [path]))?.[1]);
const pageText = (path: string, page: number) =>
  run('pdftotext', ['-f', `${page}`, '-l', `${page}`, '-layout', path, '-']);

interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word with its box (pdftotext -bbox: points from the top left corner). */
function words(path: string): Word[] {
  const html = run('pdftotext', ['-bbox', path, '-']);
  const out: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) out.push({ page, xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: m[5]! });
  }
  return out;
}

/**
 * The watermark runs along the diagonal, which pdftotext breaks into letters; PDF.js reads it
 * back as the one string it was drawn as, and its matrix shows the slant.
 */
async function expectWatermarkOnEveryPage(bytes: Uint8Array): Promise<void> {
  const pages = await readPagesRaw(bytes);
  expect(pages.length).toBeGreaterThanOrEqual(1);
  pages.forEach((items, i) => {
    const mark = items.find((t) => t.str === 'BẢN NHÁP / DRAFT');
    expect(mark, `watermark on page ${i + 1}`).toBeDefined();
    expect(Math.abs(mark?.transform[1] ?? 0), 'drawn at a slant').toBeGreaterThan(1);
  });
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'minutes-pdf-'));
  room = await startTestRoom();
  const staff = room.staffToken;
  meetingId = expectOk(
    await room.call(ROUTES.createMeeting, {
      token: staff,
      body: { title: TITLE, body: BODY, startsAt: '2027-01-05T01:00:00.000Z', place: 'Phòng họp số 1' },
    }),
    201,
  ).meeting.id;
  expectOk(
    await room.call(ROUTES.createAgendaItem, {
      token: staff,
      params: { meetingId },
      body: { title: 'Dự thảo Nghị quyết về kế hoạch đầu tư công năm 2027' },
    }),
    201,
  );
  chair = await room.addMember(meetingId, 'chair', { name: 'Nguyễn Thanh Bình' });
  secretary = await room.addMember(meetingId, 'secretary', { name: 'Vũ Thị Mai' });
  delegate = await room.addMember(meetingId, 'delegate', { name: 'Đỗ Minh Tuấn' });
  expectOk(await room.call(ROUTES.publishMeeting, { token: staff, params: { meetingId } }));
  expectOk(await room.call(ROUTES.startSession, { token: chair.token, params: { meetingId } }));
  expectOk(await room.call(ROUTES.endSession, { token: chair.token, params: { meetingId } }));

  // The secretary writes enough text for three pages, and the conclusions.
  const writer = connectClient(room, minutesDocName(meetingId), secretary.token);
  await waitFor(() => writer.provider.synced, 'the minutes to sync', 30_000);
  const fragment = writer.doc.getXmlFragment(MINUTES_FRAGMENT);
  await waitFor(() => fragment.length > 0, 'the template', 30_000);
  const paragraph = (text: string) => {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    return p;
  };
  writer.doc.transact(() => {
    const items = fragment.toArray();
    const conclusions = items.findIndex(
      (n) => n instanceof Y.XmlElement && n.nodeName === 'heading' && n.toString().includes('Kết luận'),
    );
    fragment.insert(conclusions + 1, [paragraph(CONCLUSION)]);
    const body = Array.from({ length: 24 }, (_x, i) =>
      paragraph(
        `Ý kiến thứ ${i + 1}: đại biểu đề nghị làm rõ nguồn vốn, tiến độ giải ngân và trách nhiệm của từng sở, ngành trong việc triển khai các dự án trọng điểm của tỉnh trong năm tới.`,
      ),
    );
    fragment.insert(conclusions, body);
  });
  // A second client sees the edits once the server holds them.
  const reader = connectClient(room, minutesDocName(meetingId), chair.token);
  await waitFor(
    () =>
      JSON.stringify(readMinutesContent(reader.doc.getXmlFragment(MINUTES_FRAGMENT))).includes(CONCLUSION),
    'the edits to reach the server',
    30_000,
  );
  writer.provider.destroy();
  reader.provider.destroy();
}, 60_000);

afterAll(async () => {
  await room?.destroy();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the minutes PDF of a draft', () => {
  it('is refused to a delegate before publication, and served to the secretary', async () => {
    const refused = await getPdf(`/meetings/${meetingId}/minutes.pdf`, delegate.token);
    expect(refused.status).toBe(403);
    expect((refused.json as { error: { reason?: string } }).error.reason).toBe('minutes_export_forbidden');
    const ok = await getPdf(`/meetings/${meetingId}/minutes.pdf`, secretary.token);
    expect(ok.status).toBe(200);
    draftPdf = ok.bytes;
  });

  it('carries "BẢN NHÁP / DRAFT" on every page and no register number', async () => {
    const path = file(draftPdf);
    expect(pageCount(path)).toBeGreaterThanOrEqual(2);
    await expectWatermarkOnEveryPage(draftPdf);
    expect(pageText(path, 1)).toContain('Số: …/BB-UBND');
  });
});

describe('the minutes PDF once final', () => {
  beforeAll(async () => {
    const status = expectOk(
      await room.call(ROUTES.finaliseMinutes, { token: chair.token, params: { meetingId } }),
    );
    expect(status.registerNumber).toBe('01/BB-UBND');
    const res = await getPdf(`/meetings/${meetingId}/minutes.pdf`, secretary.token);
    expect(res.status).toBe(200);
    finalPdf = res.bytes;
  });

  it('holds the form’s parts in order, in Vietnamese with its diacritics', () => {
    const path = file(finalPdf);
    const text = run('pdftotext', ['-layout', path, '-']).replace(/\s+/g, ' ');
    const parts = [
      'ỦY BAN NHÂN DÂN',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'TỈNH THÁI NGUYÊN',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 01/BB-UBND',
      'BIÊN BẢN',
      TITLE,
      'Thời gian bắt đầu: 08 giờ 00 phút, ngày 05 tháng 01 năm 2027',
      'Địa điểm: Phòng họp số 1',
      'Chủ trì (chủ tọa): Nguyễn Thanh Bình',
      'Thư ký (người ghi biên bản): Vũ Thị Mai',
      'Kết luận của chủ tọa',
      CONCLUSION,
      'Cuộc họp kết thúc vào',
      'THƯ KÝ',
      'CHỦ TỌA',
      'Vũ Thị Mai',
      'Nguyễn Thanh Bình',
      'Nơi nhận:',
      '- Các thành viên dự họp;',
      '- Lưu: VT, Hồ sơ.',
    ];
    let at = -1;
    for (const part of parts) {
      const next = text.indexOf(part, at + 1);
      expect(next, `"${part}" after the previous part`).toBeGreaterThan(at);
      at = next;
    }
    expect(text).not.toContain('BẢN NHÁP');
    // Form 1.9 has no place-and-date line: nothing dated before the title.
    expect(text.slice(0, text.indexOf('BIÊN BẢN'))).not.toMatch(/ngày \S+ tháng/);
    // The closing line states the real end, on the day the session opened.
    expect(text).toMatch(/Cuộc họp kết thúc vào \d{2} giờ \d{2} phút cùng ngày/);
  });

  it('embeds every font (Liberation Serif, with Unicode maps)', () => {
    const out = run('pdffonts', [file(finalPdf)])
      .trim()
      .split('\n')
      .slice(2);
    expect(out.length).toBeGreaterThanOrEqual(2);
    for (const line of out) {
      expect(line).toMatch(/LiberationSerif/);
      expect(line).toMatch(/\byes\s+yes\s+yes\b/);
    }
  });

  it('is A4 with the decree’s margins, measured from the words’ boxes', () => {
    const path = file(finalPdf);
    expect(run('pdfinfo', [path])).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const all = words(path);
    const pages = pageCount(path);
    expect(pages).toBeGreaterThanOrEqual(2);
    // The page numbers stand in the top margin by design; everything else within the margins.
    const body = all.filter((w) => !(w.page > 1 && /^\d+$/.test(w.text) && w.yMax < 20 * MM));
    const tol = 0.5;
    expect(Math.min(...body.map((w) => w.xMin))).toBeGreaterThanOrEqual(30 * MM - tol);
    expect(Math.max(...body.map((w) => w.xMax))).toBeLessThanOrEqual(595.28 - 15 * MM + tol);
    expect(Math.min(...body.map((w) => w.yMin))).toBeGreaterThanOrEqual(20 * MM - tol);
    expect(Math.max(...body.map((w) => w.yMax))).toBeLessThanOrEqual(841.89 - 20 * MM + tol);
    // Justified body text reaches the right margin.
    expect(Math.max(...body.map((w) => w.xMax))).toBeGreaterThan(595.28 - 15 * MM - 3);
  });

  it('numbers pages from 2 at the top centre, none on page 1', () => {
    const all = words(file(finalPdf));
    const inTopMargin = (page: number) => all.filter((w) => w.page === page && w.yMax < 20 * MM);
    expect(inTopMargin(1)).toEqual([]);
    const [two] = inTopMargin(2);
    expect(two?.text).toBe('2');
    const centre = 30 * MM + (595.28 - 45 * MM) / 2;
    expect(Math.abs(((two?.xMin ?? 0) + (two?.xMax ?? 0)) / 2 - centre)).toBeLessThan(2);
  });
});

describe('the archival PDF/A-2b', () => {
  let pdfa: string;
  beforeAll(async () => {
    const res = await getPdf(`/meetings/${meetingId}/minutes-pdfa.pdf`, chair.token);
    expect(res.status).toBe(200);
    pdfa = file(res.bytes);
  });

  it('claims PDF/A-2b in XMP, with an sRGB output intent and a document ID', () => {
    const json = JSON.parse(
      run('qpdf', ['--json', '--json-stream-data=inline', '--decode-level=generalized', pdfa]),
    ) as {
      encrypt: { encrypted: boolean };
      qpdf: [
        unknown,
        Record<
          string,
          { value?: Record<string, unknown>; stream?: { dict: Record<string, unknown>; data?: string } }
        >,
      ];
    };
    expect(json.encrypt.encrypted).toBe(false);
    const objects = json.qpdf[1];
    const trailer = objects.trailer?.value ?? {};
    const ids = trailer['/ID'] as string[];
    expect(ids).toHaveLength(2);
    const deref = (ref: unknown) => objects[`obj:${ref as string}`];
    const catalog = deref(trailer['/Root'])?.value ?? {};
    const metadata = deref(catalog['/Metadata'])?.stream;
    expect(metadata?.dict['/Subtype']).toBe('/XML');
    const xmp = Buffer.from(metadata?.data ?? '', 'base64').toString('utf8');
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain(`Biên bản ${TITLE}`);
    expect(xmp).toContain(`<rdf:li>${BODY}</rdf:li>`);
    const intents = catalog['/OutputIntents'] as string[];
    expect(intents).toHaveLength(1);
    const intent = deref(intents[0])?.value ?? {};
    expect(intent['/S']).toBe('/GTS_PDFA1');
    const profile = deref(intent['/DestOutputProfile'])?.stream;
    expect(profile?.dict['/N']).toBe(3);
    // No JavaScript, no actions; every annotation (there are none) with an appearance stream.
    const raw = JSON.stringify(objects);
    for (const key of ['/JavaScript', '/JS', '/OpenAction', '/AA', '/Encrypt', '/Group']) {
      expect(raw, key).not.toContain(`"${key}"`);
    }
    for (const obj of Object.values(objects)) {
      if (obj.value?.['/Type'] === '/Annot') expect(obj.value['/AP'], 'annotation appearance').toBeDefined();
    }
    expect(
      run('pdffonts', [pdfa])
        .trim()
        .split('\n')
        .slice(2)
        .every((l) => /\byes\s+yes\s+yes\b/.test(l)),
    ).toBe(true);
    expect(run('pdftotext', [pdfa, '-'])).toContain('Số: 01/BB-UBND');
  });
});

describe('an addendum', () => {
  it('follows the signatures as "Phụ lục đính chính", the signed text unchanged', async () => {
    const correction = 'Tại mục III, sửa "năm 2027" thành "năm 2027 và các năm tiếp theo".';
    expectOk(
      await room.call(ROUTES.addMinutesAddendum, {
        token: secretary.token,
        params: { meetingId },
        body: { text: correction },
      }),
      201,
    );
    const res = await getPdf(`/meetings/${meetingId}/minutes.pdf`, chair.token);
    const path = file(res.bytes);
    const text = run('pdftotext', ['-layout', path, '-']).replace(/\s+/g, ' ');
    const order = [
      CONCLUSION,
      'THƯ KÝ',
      'Nơi nhận:',
      'PHỤ LỤC ĐÍNH CHÍNH',
      '(Kèm theo Biên bản số 01/BB-UBND',
      'Đính chính 1 (',
      'Vũ Thị Mai):',
      correction,
    ];
    let at = -1;
    for (const part of order) {
      const next = text.indexOf(part, at + 1);
      expect(next, `"${part}"`).toBeGreaterThan(at);
      at = next;
    }
    // The appendix starts a page of its own.
    const last = pageCount(path);
    expect(pageText(path, last)).toContain('PHỤ LỤC ĐÍNH CHÍNH');
    expect(pageText(path, last - 1)).not.toContain('PHỤ LỤC ĐÍNH CHÍNH');
  });
});

describe('the conclusion notice', () => {
  it('is drafted from the conclusions, then issued with the next number and the date', async () => {
    const refused = await room.call(ROUTES.draftConclusionNotice, {
      token: secretary.token,
      params: { meetingId },
      body: {},
    });
    expect(expectError(refused, 403, 'forbidden').reason).toBe('notice_issuers_only');
    const drafted = expectOk(
      await room.call(ROUTES.draftConclusionNotice, { token: chair.token, params: { meetingId }, body: {} }),
    ).notice;
    expect(JSON.stringify(drafted.content)).toContain(CONCLUSION);
    expect(drafted.status.state).toBe('draft');
    expect(drafted.status.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(drafted.status.warning).toBeNull();

    const draftPath = file((await getPdf(`/meetings/${meetingId}/conclusion-notice.pdf`, chair.token)).bytes);
    const draftText = run('pdftotext', [draftPath, '-']);
    await expectWatermarkOnEveryPage(
      (await getPdf(`/meetings/${meetingId}/conclusion-notice.pdf`, chair.token)).bytes,
    );
    expect(draftText).toContain('Số: …/TB-UBND');
    expect(draftText).toContain('Thái Nguyên, ngày … tháng … năm …');

    const issued = expectOk(
      await room.call(ROUTES.issueConclusionNotice, { token: chair.token, params: { meetingId } }),
    ).notice;
    expect(issued.status.registerNumber).toBe('02/TB-UBND');
    const again = await room.call(ROUTES.issueConclusionNotice, {
      token: chair.token,
      params: { meetingId },
    });
    expect(expectError(again, 409, 'conflict').reason).toBe('notice_issued');

    const path = file((await getPdf(`/meetings/${meetingId}/conclusion-notice.pdf`, chair.token)).bytes);
    const text = run('pdftotext', ['-layout', path, '-']).replace(/\s+/g, ' ');
    const w = wallClockAt(Date.parse(issued.status.issuedAt ?? ''), 'Asia/Ho_Chi_Minh');
    const order = [
      'Số: 02/TB-UBND',
      `Thái Nguyên, ${viDateOf(w.year, w.month, w.day).text}`,
      'THÔNG BÁO',
      `Kết luận của chủ tọa tại ${TITLE}`,
      CONCLUSION,
      'CHỦ TRÌ',
      'Nguyễn Thanh Bình',
    ];
    let at = -1;
    for (const part of order) {
      const next = text.indexOf(part, at + 1);
      expect(next, `"${part}"`).toBeGreaterThan(at);
      at = next;
    }
    expect(text).toContain('- Lưu: VT, Hồ sơ.');
    expect(text).not.toContain('BẢN NHÁP');

    const view = expectOk(
      await room.call(ROUTES.conclusionNotice, { token: secretary.token, params: { meetingId } }),
    );
    expect(view.status).toMatchObject({ state: 'issued', registerNumber: '02/TB-UBND', warning: null });
    const year = String(wallClockAt(Date.now(), 'Asia/Ho_Chi_Minh').year);
    const register = expectOk(
      await room.call(ROUTES.listRegister, {
        token: room.staffToken,
        query: { year, classified: 'false' },
      }),
    );
    expect(register.entries.map((e) => e.formatted)).toEqual(['01/BB-UBND', '02/TB-UBND']);
  });
});

describe('a missing font', () => {
  it('fails loudly, never a PDF with boxes for letters', async () => {
    const model = buildMinutesExportModel(room.server.context.db, meetingId);
    const empty = mkdtempSync(join(tmp, 'no-fonts-'));
    await expect(renderMinutesPdf(model, { fontDir: empty })).rejects.toBeInstanceOf(FontMissingError);
    await expect(renderMinutesPdf(model, { fontDir: empty })).rejects.toThrow(/LiberationSerif-Regular\.ttf/);
  });

  it('refuses characters the font has no glyph for, naming them', async () => {
    const model = buildMinutesExportModel(room.server.context.db, meetingId);
    const pasted = {
      ...model,
      content: {
        blocks: [{ type: 'paragraph' as const, content: [{ text: 'Đồng ý 👍 với 中 phương án.' }] }],
      },
    };
    const err = await renderMinutesPdf(pasted).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedCharactersError);
    expect((err as UnsupportedCharactersError).chars.split(' ').sort()).toEqual(['中', '👍'].sort());
    // Vietnamese in both forms (composed, and decomposed as some keyboards type it) is printable.
    const decomposed = 'Nghị quyết được thông qua'.normalize('NFD');
    const ok = {
      ...model,
      content: { blocks: [{ type: 'paragraph' as const, content: [{ text: decomposed }] }] },
    };
    const text = run('pdftotext', [file(await renderMinutesPdf(ok)), '-']);
    expect(text).toContain('Nghị quyết được thông qua');
  });
});
