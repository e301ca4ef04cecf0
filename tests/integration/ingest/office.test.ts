import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../sync-server/api/http-errors';
import { IngestError } from '../../../sync-server/ingest/ingest-error';
import { findSoffice } from '../../../sync-server/ingest/office-convert';
import { closePdfInspector } from '../../../sync-server/ingest/pdf-inspect';
import { uploadFile } from './ingest-helpers';

const soffice = await findSoffice();
const available = soffice !== null;
if (!available) {
  console.log('office conversion tests skipped: LibreOffice (soffice) is not installed on this machine');
}

/** A flat ODT (plain XML) with Vietnamese text; LibreOffice turns it into .odt and .docx fixtures. */
const FODT = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"
  office:mimetype="application/vnd.oasis.opendocument.text">
  <office:body><office:text>
    <text:h text:outline-level="1">BIÊN BẢN HỌP</text:h>
    <text:p>Các đại biểu đồng ý thông qua tờ trình về Bảng giá đất năm 2027.</text:p>
  </office:text></office:body>
</office:document>
`;

/** A UTF-8 CSV; converted to .xlsx for the spreadsheet case. */
const CSV = 'Khu vực,Giá đất (đồng/m²)\nPhường Phan Đình Phùng,45000000\nXã Đồng Hỷ,3500000\n';

let fixtures: string;
/** Whether this LibreOffice has Calc (found out by converting the CSV fixture). */
let calcAvailable = false;
let tmpDir: string;

beforeAll(() => {
  fixtures = mkdtempSync(join(tmpdir(), 'office-fixtures-'));
  if (!available) return;
  const profile = pathToFileURL(join(fixtures, 'profile')).href;
  writeFileSync(join(fixtures, 'bien-ban.fodt'), FODT);
  writeFileSync(join(fixtures, 'bang-gia.csv'), CSV);
  const convert = (file: string, to: string, extra: string[] = []) =>
    execFileSync(
      soffice!,
      [
        `-env:UserInstallation=${profile}`,
        '--headless',
        '--norestore',
        ...extra,
        '--convert-to',
        to,
        '--outdir',
        join(fixtures, 'out'),
        join(fixtures, file),
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
  mkdirSync(join(fixtures, 'out'));
  convert('bien-ban.fodt', 'docx');
  convert('bien-ban.fodt', 'odt');
  // Needs LibreOffice Calc, which a minimal (Writer-only) install lacks.
  try {
    convert('bang-gia.csv', 'xlsx', ['--infilter=Text - txt - csv (StarCalc):44,34,76']);
  } catch {}
  calcAvailable = existsSync(join(fixtures, 'out', 'bang-gia.xlsx'));
}, 180_000);

afterAll(async () => {
  rmSync(fixtures, { recursive: true, force: true });
  await closePdfInspector();
});

beforeEach(() => {
  tmpDir = mkdtempSync(join(tmpdir(), 'office-ingest-'));
});
afterEach(() => {
  rmSync(tmpDir, { recursive: true, force: true });
});

describe('office files', () => {
  for (const [file, name] of [
    ['bien-ban.docx', 'Biên bản họp.docx'],
    ['bien-ban.odt', 'Biên bản họp.odt'],
  ] as const) {
    it.skipIf(!available)(`converts ${name} to PDF and reads its text`, async () => {
      const started = Date.now();
      const got = await uploadFile(join(fixtures, 'out', file), name, { tmpDir });
      console.log(`${name}: converted and inspected in ${Date.now() - started} ms`);
      expect(got.pageCount).toBe(1);
      expect(got.originalName).toBe(name);
      expect(got.pages[0]).toContain('BIÊN BẢN HỌP');
      expect(got.pages[0]).toContain('Các đại biểu đồng ý thông qua tờ trình về Bảng giá đất năm 2027.');
      expect(got.pdfPath.endsWith('.pdf')).toBe(true);
      // The upload itself is gone; only the converted PDF is left, for the blob store.
      expect(readdirSync(tmpDir)).toEqual([got.pdfPath.split(/[\\/]/).pop()]);
      const pdf = readFileSync(got.pdfPath);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(got.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
      expect(got.byteSize).toBe(pdf.length);
      await got.discard();
      expect(readdirSync(tmpDir)).toEqual([]);
    });
  }

  it.skipIf(!available)('converts a spreadsheet (when LibreOffice Calc is installed)', async (ctx) => {
    if (!calcAvailable) {
      console.log('spreadsheet conversion skipped: this LibreOffice has no Calc (libreoffice-calc)');
      ctx.skip();
    }
    const got = await uploadFile(join(fixtures, 'out', 'bang-gia.xlsx'), 'Bảng giá.xlsx', { tmpDir });
    expect(got.pageCount).toBeGreaterThanOrEqual(1);
    expect(got.pages.join('\n')).toContain('Phường Phan Đình Phùng');
    await got.discard();
  });

  it.skipIf(!available)(
    'refuses a damaged office file with a clear message and leaves nothing behind',
    async () => {
      const broken = join(fixtures, 'broken.docx');
      writeFileSync(broken, 'PK\u0003\u0004 this is not really a zip package');
      const err = await uploadFile(broken, 'broken.docx', { tmpDir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      expect(err).toMatchObject({ code: 'invalid_document' });
      expect((err as Error).message).toBe(
        'LibreOffice could not convert the file to PDF: LibreOffice could not open it; the file may be damaged, protected by a password, or not really the type its name says',
      );
      expect(readdirSync(tmpDir)).toEqual([]);
    },
  );

  it.skipIf(!available)(
    'names the missing LibreOffice part when a spreadsheet cannot be opened',
    async (ctx) => {
      if (calcAvailable) ctx.skip();
      // A minimal but well-formed-looking package: without Calc, LibreOffice cannot load it.
      const file = join(fixtures, 'sheet.xlsx');
      writeFileSync(file, 'PK\u0003\u0004 a spreadsheet');
      const err = await uploadFile(file, 'Bảng giá.xlsx', { tmpDir }).catch((e: unknown) => e);
      expect((err as Error).message).toBe(
        "LibreOffice could not convert the file to PDF: LibreOffice could not open it; the file may be damaged, protected by a password, or not really the type its name says (or the room server's LibreOffice lacks Calc, which .xlsx files need)",
      );
    },
  );

  it('refuses office files with 415 when LibreOffice is absent', async () => {
    const file = join(fixtures, 'any.docx');
    writeFileSync(file, 'PK\u0003\u0004...');
    const err = await uploadFile(file, 'any.docx', { tmpDir, soffice: null }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unsupported_media_type' });
    expect(httpStatusOf((err as IngestError).code)).toBe(415);
    expect((err as Error).message).toMatch(
      /^Office files need LibreOffice on the room server, which is not installed/,
    );
    expect(readdirSync(tmpDir)).toEqual([]);
  });
});
