import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { findSoffice } from '../../sync-server/ingest/office-convert';
import { DRAFT_MARK, minutesDocx } from '../../sync-server/minutes/docx/minutes-docx';
import { renderMinutesPdf } from '../../sync-server/pdf/minutes/minutes-pdf';
import { draftMinutesModel, minutesModel } from '../fixtures/minutes-model';

/**
 * The minutes as DOCX: every WordprocessingML part we write is valid against the ECMA-376
 * Transitional schemas (xmllint, tests/fixtures/ooxml-xsd), the page and the form 1.9 parts are
 * where the decree puts them, record blocks are real tables, a draft is marked on every page,
 * and LibreOffice opens the file and prints the decree's sections in order.
 */

const XSD_DIR = join(import.meta.dirname, '..', 'fixtures', 'ooxml-xsd');
const ENTRY = 'wordprocessingml.xsd';
const schema = { fileName: ENTRY, contents: readFileSync(join(XSD_DIR, ENTRY), 'utf8') };
const preload = readdirSync(XSD_DIR)
  .filter((f) => f.endsWith('.xsd') && f !== ENTRY)
  .map((fileName) => ({ fileName, contents: readFileSync(join(XSD_DIR, fileName), 'utf8') }));

/**
 * Markup Compatibility processing (ECMA-376 Part 3) before validation, as a consumer does: the
 * namespaces listed in `mc:Ignorable` (Word 2010+ extensions) are dropped with their elements and
 * attributes; what is left must be valid Part 1 Transitional. `mc:AlternateContent` is not
 * expected from our writer at all, so its presence fails rather than being guessed at.
 */
function markupCompatibility(xml: string): string {
  expect(xml).not.toContain('mc:AlternateContent');
  const ignorable = /\smc:Ignorable="([^"]*)"/.exec(xml)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
  let out = xml.replace(/\smc:Ignorable="[^"]*"/, '');
  for (const prefix of ignorable) {
    out = out
      .replace(new RegExp(`\\s${prefix}:[\\w.-]+="[^"]*"`, 'g'), '')
      .replace(new RegExp(`<${prefix}:[\\w.-]+(\\s[^>]*)?/>`, 'g'), '');
    expect(out, `an element of the ignorable namespace ${prefix} with content`).not.toMatch(
      new RegExp(`<${prefix}:`),
    );
  }
  return out;
}

/** Schema errors of the parts (name → XML), validated in one run (the schemas compile once). */
async function schemaErrors(xmlParts: Readonly<Record<string, string>>): Promise<string[]> {
  const result = await validateXML({
    xml: Object.entries(xmlParts).map(([name, xml]) => ({
      fileName: name.replaceAll('/', '_'),
      contents: markupCompatibility(xml),
    })),
    schema,
    preload,
  });
  return result.errors.map((e) => e.rawMessage);
}

const only = (p: Record<string, string>, names: readonly string[]) =>
  Object.fromEntries(names.map((n) => [n, p[n] ?? '']));

function parts(docx: Uint8Array): Record<string, string> {
  const files = unzipSync(docx);
  return Object.fromEntries(
    Object.entries(files)
      .filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels'))
      .map(([name, bytes]) => [name, strFromU8(bytes)]),
  );
}

/** The WordprocessingML parts (document, styles, numbering, settings, headers, notes, fonts). */
function wordParts(p: Record<string, string>): string[] {
  return Object.keys(p).filter((n) => /^word\/[^/]+\.xml$/.test(n) && !n.startsWith('word/theme'));
}

/** Headers by their relationship type in the section: `default`, `first`. */
function headersByType(p: Record<string, string>): Record<string, string> {
  const rels = p['word/_rels/document.xml.rels'] ?? '';
  const targets = new Map(
    [...rels.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1], m[2]]),
  );
  const out: Record<string, string> = {};
  for (const m of (p['word/document.xml'] ?? '').matchAll(
    /<w:headerReference w:type="(\w+)" r:id="([^"]+)"\/>/g,
  )) {
    out[m[1]!] = p[`word/${targets.get(m[2]!)}`] ?? '';
  }
  return out;
}

/** The text of a WordprocessingML part, paragraph by paragraph. */
function textOf(xml: string): string {
  return xml
    .split('</w:p>')
    .map((para) => [...para.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter((line) => line.length > 0)
    .join('\n')
    .replaceAll('&amp;', '&');
}

/** The header of form 1.9: two columns side by side, so read in either order. */
const HEADER = [
  'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN',
  'VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH',
  'Số: 07/BB-VPUBND',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
];

/** The sections of form 1.9 under the header, in the order the minutes must show them. */
const SECTIONS = [
  'BIÊN BẢN',
  'Phiên họp thường kỳ tháng 01 năm 2027',
  'I. THỜI GIAN, ĐỊA ĐIỂM',
  'II. THÀNH PHẦN THAM DỰ',
  'Tình hình tham dự (lúc 08 giờ 05 phút, ngày 05 tháng 01 năm 2027)',
  'III. NỘI DUNG CUỘC HỌP',
  'Ý kiến phát biểu: Tờ trình về bảng giá đất',
  'Kết quả biểu quyết: Thông qua bảng giá đất',
  '3 thành viên tán thành, chiếm 60,00% tổng số thành viên: được thông qua.',
  'IV. KẾT LUẬN',
  'Cuộc họp kết thúc vào 11 giờ 30 phút cùng ngày',
  'THƯ KÝ',
  'CHỦ TỌA',
  'Nơi nhận:',
  '- Lưu: VT, Hồ sơ.',
  'PHỤ LỤC ĐÍNH CHÍNH',
];

/** `headerText`: the same page read column by column, where the header's two columns are apart. */
function expectInOrder(text: string, sections: readonly string[], headerText = text): void {
  const flat = text.replace(/\s+/g, ' ');
  const headFlat = headerText.replace(/\s+/g, ' ');
  const head = headFlat.slice(0, headFlat.indexOf('BIÊN BẢN'));
  for (const h of HEADER) expect(head, 'the header above the title').toContain(h);
  let from = 0;
  for (const s of sections) {
    const at = flat.indexOf(s.replace(/\s+/g, ' '), from);
    expect(at, `"${s}" after position ${from}`).toBeGreaterThanOrEqual(0);
    from = at + 1;
  }
}

describe('the minutes as DOCX', () => {
  let final: Record<string, string>;
  let draft: Record<string, string>;
  let finalBytes: Uint8Array;
  let dir: string;

  beforeAll(async () => {
    finalBytes = await minutesDocx(minutesModel());
    final = parts(finalBytes);
    draft = parts(await minutesDocx(draftMinutesModel()));
    dir = mkdtempSync(join(tmpdir(), 'minutes-docx-'));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is valid against the ECMA-376 Transitional schemas, part by part', async () => {
    const names = wordParts(final);
    expect(names).toEqual(
      expect.arrayContaining(['word/document.xml', 'word/styles.xml', 'word/numbering.xml']),
    );
    expect(names.length).toBeGreaterThanOrEqual(8);
    expect(await schemaErrors(only(final, names))).toEqual([]);
    expect(await schemaErrors(only(draft, wordParts(draft)))).toEqual([]);
  }, 120_000);

  it('the schema check catches what Word would refuse', async () => {
    const broken = final['word/document.xml']!.replace('<w:body>', '<w:body><w:p><w:bogus/></w:p>');
    // Among valid parts, as the real check runs them.
    const errors = await schemaErrors({ ...only(final, ['word/styles.xml']), 'broken.xml': broken });
    expect(errors.join('\n')).toMatch(/broken\.xml.*bogus/);
    const misplaced = final['word/document.xml']!.replace(/<w:tblPr>/, '<w:tblPr><w:jc w:val="sideways"/>');
    expect(await schemaErrors({ 'misplaced.xml': misplaced })).not.toEqual([]);
  }, 60_000);

  it('has the page of Decree 30: A4, margins 20/20/30/15 mm, page numbers from page 2 at the top centre', () => {
    const doc = final['word/document.xml']!;
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const mar = /<w:pgMar ([^>]*)\/>/.exec(doc)?.[1] ?? '';
    expect(mar).toMatch(/w:top="1134"/);
    expect(mar).toMatch(/w:bottom="1134"/);
    expect(mar).toMatch(/w:left="1701"/);
    expect(mar).toMatch(/w:right="850"/);
    expect(doc).toContain('<w:titlePg/>');
    const headers = headersByType(final);
    expect(headers.default).toMatch(/PAGE/);
    expect(headers.default).toMatch(/<w:jc w:val="center"\/>/);
    expect(headers.first).toBeDefined();
    expect(headers.first).not.toMatch(/PAGE/);
  });

  it('writes the body justified with a 1.27 cm first-line indent in Times New Roman 14 pt', () => {
    const doc = final['word/document.xml']!;
    const body = doc.split('</w:p>').find((p) => p.includes('Thời gian bắt đầu: 08 giờ 00 phút'))!;
    expect(body).toContain('<w:jc w:val="both"/>');
    expect(body).toMatch(/<w:ind w:firstLine="720"\/>/);
    expect(body).toContain('w:ascii="Times New Roman"');
    expect(body).toContain('<w:sz w:val="28"/>');
    expect(body).toMatch(/<w:b\/>[\s\S]*Địa điểm:/);
    expect(body).toMatch(/<w:i\/>[\s\S]*Phòng họp số 1/);
  });

  it('holds the sections of form 1.9 in order, and every record block as a real table', () => {
    const doc = final['word/document.xml']!;
    expectInOrder(textOf(doc), SECTIONS);
    // Header, attendance (summary + absentees), speakers, vote (result + names), signatures.
    expect(doc.match(/<w:tbl>/g)).toHaveLength(7);
    const voteTable = doc.split('<w:tbl>').find((t) => t.includes('Số đại biểu tham gia biểu quyết'))!;
    expect(textOf(voteTable)).toContain('Tán thành\n3\n60,00%');
    const signatures = doc.split('<w:tbl>').at(-1)!;
    expect(textOf(signatures)).toMatch(/THƯ KÝ\nTrần Thị Thư Ký\nCHỦ TỌA\nNguyễn Văn Chủ Tọa/);
    expect(doc).not.toContain(DRAFT_MARK);
  });

  it('marks a draft on every page and gives it no number', () => {
    const headers = headersByType(draft);
    expect(textOf(headers.first!)).toContain(DRAFT_MARK);
    expect(textOf(headers.default!)).toContain(DRAFT_MARK);
    expect(textOf(draft['word/document.xml']!)).toContain('Số: …/BB-VPUBND');
  });

  it('opens in LibreOffice, which prints the same sections in the same order as the PDF export', async (ctx) => {
    const soffice = await findSoffice();
    if (!soffice) ctx.skip('LibreOffice (soffice) is not installed');
    const input = join(dir, 'bien-ban.docx');
    writeFileSync(input, finalBytes);
    const converted = spawnSync(
      soffice!,
      [
        `-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        input,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(converted.status, converted.stderr).toBe(0);
    const pdf = join(dir, 'bien-ban.pdf');
    // -layout keeps the lines of a row together (THƯ KÝ and CHỦ TỌA side by side); the
    // header's columns read apart only without it.
    const read = (...args: string[]) =>
      spawnSync('pdftotext', ['-enc', 'UTF-8', ...args, pdf, '-'], { encoding: 'utf8' }).stdout;
    expectInOrder(read('-layout'), SECTIONS, read());

    // The PDF export of the same minutes reads the same, section by section.
    const ours = join(dir, 'bien-ban-pdf.pdf');
    writeFileSync(ours, await renderMinutesPdf(minutesModel()));
    const readOurs = (...args: string[]) =>
      spawnSync('pdftotext', ['-enc', 'UTF-8', ...args, ours, '-'], { encoding: 'utf8' }).stdout;
    expectInOrder(readOurs('-layout'), SECTIONS, readOurs());
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const pageText = (n: number) =>
      spawnSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' })
        .stdout;
    expect(pageText(1)).not.toMatch(/^\s*1\s*$/m);
    expect(pageText(2).trimStart().split('\n')[0]?.trim()).toBe('2');
  }, 150_000);
});
