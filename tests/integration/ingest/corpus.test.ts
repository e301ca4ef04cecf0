import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestError } from '../../../sync-server/ingest/ingest-error';
import type { IngestedFile } from '../../../sync-server/ingest/ingest-file';
import { closePdfInspector } from '../../../sync-server/ingest/pdf-inspect';
import { hasPdfinfo, pdfinfo, uploadFile } from './ingest-helpers';

const CORPUS = '/work/shared/corpus/pdfs';
const DEMO = join(process.cwd(), 'resources/demo/pdfs');

type Expected =
  | { accept: true; pages: number; encrypted?: boolean; text?: string[] }
  | { accept: false; message: string | RegExp };

/** What a good system does with each corpus file (see the corpus notes). */
const EXPECTED: Record<string, Expected> = {
  'tracemonkey.pdf': {
    accept: true,
    pages: 14,
    text: ['Trace-based Just-in-Time Type Specialization for Dynamic', 'Andreas Gal', 'TraceMonkey'],
  },
  'TAMReview.pdf': { accept: true, pages: 23, text: ['Technology Acceptance Model'] },
  'mixedfonts.pdf': { accept: true, pages: 1, text: ['Font Types'] },
  'empty.pdf': { accept: true, pages: 1 },
  'empty_protected.pdf': { accept: true, pages: 1, encrypted: true },
  'password-protected.pdf': {
    accept: false,
    message: 'The PDF is protected by a password; remove the password and upload again',
  },
  // Broken files pdf.js recovers: accepted, with their text.
  'helloworld-bad.pdf': { accept: true, pages: 1, text: ['Hello, world!'] },
  'xref_command_missing.pdf': { accept: true, pages: 1, text: ['Reduced test-case'] },
  'pdfjsbad1586.pdf': { accept: true, pages: 1, text: ['pdf.js test'] },
  'PDFBOX-3148-2-fuzzed.pdf': { accept: true, pages: 1 },
  'truncated-tracemonkey.pdf': {
    accept: false,
    message:
      'The PDF is damaged: the file is cut off before its end (was the upload or download incomplete?); upload the complete file',
  },
  'not-a-pdf.pdf': { accept: false, message: 'This is not a PDF file (it starts with PNG image data)' },
  'zero-bytes.pdf': { accept: false, message: 'The file is empty' },
  // Extra files in the corpus folder: ordinary PDFs.
  'annotation-highlight.pdf': { accept: true, pages: 1, text: ['Lorem ipsum'] },
  'inks.pdf': { accept: true, pages: 1 },
  'scan-bad.pdf': { accept: true, pages: 1 },
};

const corpusFiles = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith('.pdf')) : [];

let tmpDir: string;
beforeEach(() => {
  tmpDir = mkdtempSync(join(tmpdir(), 'ingest-corpus-'));
});
afterEach(() => {
  rmSync(tmpDir, { recursive: true, force: true });
});
afterAll(async () => {
  await closePdfInspector();
});

describe.skipIf(corpusFiles.length === 0)('every corpus PDF through ingestFile', () => {
  it('knows what to expect of every file in the corpus', () => {
    expect(corpusFiles.filter((f) => !(f in EXPECTED))).toEqual([]);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    const path = join(CORPUS, name);
    it.skipIf(!existsSync(path))(`${name}: ${expected.accept ? 'accepted' : 'refused'}`, async () => {
      const outcome = await uploadFile(path, name, { tmpDir }).catch((e: unknown) => e);
      if (!expected.accept) {
        expect(outcome).toBeInstanceOf(IngestError);
        const err = outcome as IngestError;
        expect(err.code).toBe('invalid_document');
        if (typeof expected.message === 'string') expect(err.message).toBe(expected.message);
        else expect(err.message).toMatch(expected.message);
        // Nothing is left behind.
        expect(readdirSync(tmpDir)).toEqual([]);
        return;
      }
      if (outcome instanceof Error) throw outcome;
      const file = outcome as IngestedFile;
      expect(file).toMatchObject({ pageCount: expected.pages, encrypted: expected.encrypted ?? false });
      expect(file.pages).toHaveLength(expected.pages);
      expect(file.originalName).toBe(name);
      const bytes = readFileSync(path);
      expect(file.byteSize).toBe(bytes.length);
      expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(readFileSync(file.pdfPath).equals(bytes)).toBe(true);
      const text = file.pages.join('\n');
      for (const words of expected.text ?? []) expect(text).toContain(words);
      // Our snippet markers can never come from a PDF.
      expect(text).not.toContain('\u0002');
      expect(text).not.toContain('\u0003');
      if (hasPdfinfo) {
        const info = pdfinfo(path);
        expect(file.pageCount).toBe(info.pages);
        expect(file.encrypted).toBe(info.encrypted);
      }
      await file.discard();
      expect(readdirSync(tmpDir)).toEqual([]);
    });
  }
});

/** Each demo PDF and a title on its first page, with its diacritics. */
const DEMO_TITLES: Record<string, string[]> = {
  'bao-cao-an-ninh-trat-tu-thang-11-2026.pdf': [
    'BÁO CÁO',
    'Tình hình an ninh chính trị, trật tự an toàn xã hội',
  ],
  'bao-cao-giai-ngan-dau-tu-cong-2026.pdf': ['BÁO CÁO', 'Tiến độ giải ngân vốn đầu tư công năm 2026'],
  'bao-cao-kinh-te-xa-hoi-thang-11-2026.pdf': ['BÁO CÁO', 'Tình hình kinh tế - xã hội tháng 11'],
  'du-thao-ke-hoach-cai-cach-hanh-chinh-2027.pdf': [
    'KẾ HOẠCH',
    'Cải cách hành chính nhà nước tỉnh Thái Nguyên năm 2027',
  ],
  'du-thao-nghi-quyet-bang-gia-dat-2027.pdf': [
    'NGHỊ QUYẾT',
    'Sửa đổi, bổ sung một số nội dung của Bảng giá đất',
  ],
  'giay-moi-phien-hop-thang-11-2026.pdf': ['GIẤY MỜI', 'Dự phiên họp thường kỳ tháng 11 năm 2026'],
  'to-trinh-bang-gia-dat-2027.pdf': [
    'TỜ TRÌNH',
    'Đề nghị trình Hội đồng nhân dân tỉnh ban hành Nghị quyết sửa đổi',
  ],
  'to-trinh-co-so-vat-chat-truong-hoc.pdf': [
    'TỜ TRÌNH',
    'Về việc đề nghị phê duyệt Đề án tăng cường cơ sở vật chất',
  ],
};

describe('Vietnamese demo PDFs', () => {
  it('covers every demo PDF', () => {
    expect(
      readdirSync(DEMO)
        .filter((f) => f.endsWith('.pdf'))
        .sort(),
    ).toEqual(Object.keys(DEMO_TITLES).sort());
  });

  for (const [name, titles] of Object.entries(DEMO_TITLES)) {
    it(`${name}: page text keeps its Vietnamese title`, async () => {
      const path = join(DEMO, name);
      const file = await uploadFile(path, basename(path), { tmpDir });
      for (const title of titles) expect(file.pages[0]).toContain(title);
      expect(file.pages[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(file.pages[0]).toBe(file.pages[0]!.normalize('NFC'));
      if (hasPdfinfo) expect(file.pageCount).toBe(pdfinfo(path).pages);
      await file.discard();
    });
  }
});
