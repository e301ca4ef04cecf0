import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../sync-server/api/http-errors';
import { IngestError } from '../../../sync-server/ingest/ingest-error';
import { cleanOriginalName, ingestFile } from '../../../sync-server/ingest/ingest-file';
import type { PdfInspection } from '../../../sync-server/ingest/pdf-parse';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-file-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A "received upload" as receiveUpload would leave it. */
function received(content: string | Buffer) {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'latin1') : content;
  const path = join(dir, `upload-${Math.random().toString(36).slice(2)}.tmp`);
  writeFileSync(path, bytes);
  return { path, byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

const fakeInspection: PdfInspection = { pageCount: 2, encrypted: false, pages: ['một', 'hai'] };
const inspect = async () => fakeInspection;

describe('ingestFile decisions', () => {
  it('takes PDF content whatever the file is called', async () => {
    for (const name of ['a.pdf', 'a.docx', 'a.xyz', 'noext']) {
      const up = received('%PDF-1.7\n...');
      const got = await ingestFile(up, name, { tmpDir: dir, soffice: null, inspect });
      expect(got).toMatchObject({ pdfPath: up.path, sha256: up.sha256, byteSize: up.byteSize, pageCount: 2 });
      expect(got.originalName).toBe(name);
      await got.discard();
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('refuses empty files', async () => {
    const up = received('');
    await expect(ingestFile(up, 'a.pdf', { tmpDir: dir, inspect })).rejects.toThrow('The file is empty');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a non-PDF named .pdf (or without extension), saying what it is', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    await expect(ingestFile(received(png), 'scan.pdf', { tmpDir: dir, inspect })).rejects.toMatchObject({
      code: 'invalid_document',
      message: 'This is not a PDF file (it starts with PNG image data)',
    });
    await expect(
      ingestFile(received('PK\u0003\u0004'), 'to-trinh', { tmpDir: dir, inspect }),
    ).rejects.toMatchObject({
      code: 'invalid_document',
      message:
        'This is not a PDF file (it starts with ZIP archive data, as .docx, .xlsx, .pptx and .odt files do)',
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses unknown types with 415', async () => {
    const err = await ingestFile(received('GIF89a'), 'anh.gif', { tmpDir: dir, inspect }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IngestError);
    expect(err).toMatchObject({
      code: 'unsupported_media_type',
      message: expect.stringMatching(
        /^Unsupported file type \.gif: upload a PDF or an office document/,
      ) as unknown,
    });
    expect(httpStatusOf((err as IngestError).code)).toBe(415);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses office files when LibreOffice is not installed', async () => {
    const err = await ingestFile(received('PK\u0003\u0004'), 'Tờ trình.docx', {
      tmpDir: dir,
      soffice: null,
      inspect,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(err).toMatchObject({
      code: 'unsupported_media_type',
      message: expect.stringMatching(
        /^Office files need LibreOffice on the room server, which is not installed/,
      ) as unknown,
    });
    expect(httpStatusOf((err as IngestError).code)).toBe(415);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a file named like an office document that is something else', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    await expect(
      ingestFile(received(png), 'Tờ trình.docx', { tmpDir: dir, soffice: '/bin/false', inspect }),
    ).rejects.toMatchObject({
      code: 'invalid_document',
      message: 'This is not a real .docx file (it starts with PNG image data)',
    });
    await expect(
      ingestFile(received(Buffer.from([0, 1, 2, 3, 4])), 'a.rtf', {
        tmpDir: dir,
        soffice: '/bin/false',
        inspect,
      }),
    ).rejects.toMatchObject({
      message: 'This is not a real .rtf file (its content is not an office document)',
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('deletes the upload when inspection fails', async () => {
    const failing = async (): Promise<PdfInspection> => {
      throw new Error('boom');
    };
    await expect(
      ingestFile(received('%PDF-1.4'), 'a.pdf', { tmpDir: dir, inspect: failing }),
    ).rejects.toThrow('boom');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('cleans the original name', () => {
    expect(cleanOriginalName('C:\\Users\\vt\\Tờ trình.docx')).toBe('Tờ trình.docx');
    expect(cleanOriginalName('/home/a/Bie\u0302n ba\u0309n.pdf')).toBe('Biên bản.pdf');
    expect(cleanOriginalName(' a\u0000b.pdf ')).toBe('ab.pdf');
  });
});
