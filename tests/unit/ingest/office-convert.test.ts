import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../sync-server/api/http-errors';
import { IngestError } from '../../../sync-server/ingest/ingest-error';
import {
  classifyFileName,
  convertToPdf,
  findSoffice,
  OFFICE_EXTENSIONS,
  officeConversionAvailable,
  resetOfficeDetection,
} from '../../../sync-server/ingest/office-convert';

const posix = process.platform !== 'win32';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'office-convert-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in for soffice: a shell script with the given body. */
function fakeSoffice(body: string): string {
  const path = join(dir, 'fake-soffice');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Whether a process is alive: gone, or a zombie waiting for a parent that (in a container) may never reap it. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function input(name = 'in.docx'): string {
  const path = join(dir, name);
  writeFileSync(path, 'PK\u0003\u0004 not really a docx');
  return path;
}

describe('classifyFileName', () => {
  it('knows the office extensions, in any case', () => {
    expect(OFFICE_EXTENSIONS).toEqual([
      'doc',
      'docx',
      'odt',
      'rtf',
      'xls',
      'xlsx',
      'ods',
      'ppt',
      'pptx',
      'odp',
    ]);
    for (const ext of OFFICE_EXTENSIONS) {
      expect(classifyFileName(`Tờ trình.${ext}`)).toEqual({ kind: 'office', extension: ext });
      expect(classifyFileName(`BÁO CÁO.${ext.toUpperCase()}`)).toEqual({ kind: 'office', extension: ext });
    }
  });

  it('passes .pdf through and calls everything else unsupported', () => {
    expect(classifyFileName('a.pdf')).toEqual({ kind: 'pdf', extension: 'pdf' });
    expect(classifyFileName('A.PDF')).toEqual({ kind: 'pdf', extension: 'pdf' });
    expect(classifyFileName('scan.xyz')).toEqual({ kind: 'unsupported', extension: 'xyz' });
    expect(classifyFileName('photo.png')).toEqual({ kind: 'unsupported', extension: 'png' });
    expect(classifyFileName('archive.docx.zip')).toEqual({ kind: 'unsupported', extension: 'zip' });
    expect(classifyFileName('README')).toEqual({ kind: 'unsupported', extension: '' });
    expect(classifyFileName('trailing.')).toEqual({ kind: 'unsupported', extension: '' });
    expect(classifyFileName('C:\\Users\\vt\\Tài liệu\\to-trinh.DOCX')).toEqual({
      kind: 'office',
      extension: 'docx',
    });
  });
});

describe('soffice detection', () => {
  it('finds nothing on an empty PATH and caches the answer', async () => {
    const saved = process.env.PATH;
    try {
      process.env.PATH = dir;
      resetOfficeDetection();
      const found = await findSoffice();
      // Only the well-known install folders can still answer.
      if (found !== null) expect(found).toMatch(/soffice/);
      expect(await officeConversionAvailable()).toBe(found !== null);
      writeFileSync(join(dir, 'soffice'), '#!/bin/sh\n');
      chmodSync(join(dir, 'soffice'), 0o755);
      expect(await findSoffice()).toBe(found);
      resetOfficeDetection();
      if (posix && found === null) expect(await findSoffice()).toBe(join(dir, 'soffice'));
    } finally {
      process.env.PATH = saved;
      resetOfficeDetection();
    }
  });
});

describe('convertToPdf', () => {
  it('refuses names that are not office files', async () => {
    const err = await convertToPdf(input('x.xyz'), 'x.xyz', dir, { soffice: '/nonexistent' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IngestError);
    expect(err).toMatchObject({ code: 'unsupported_media_type' });
    expect(httpStatusOf((err as IngestError).code)).toBe(415);
    expect((err as Error).message).toBe(
      'Unsupported file type .xyz: upload a PDF or an office document (.doc, .docx, .odt, .rtf, .xls, .xlsx, .ods, .ppt, .pptx, .odp)',
    );
  });

  it.skipIf(!posix)('reports a LibreOffice that cannot load the file', async () => {
    const soffice = fakeSoffice('echo "Error: source file could not be loaded" >&2; exit 0');
    const err = await convertToPdf(input(), 'Tờ trình.docx', dir, { soffice }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_document' });
    expect(httpStatusOf((err as IngestError).code)).toBe(422);
    expect((err as Error).message).toBe(
      'LibreOffice could not convert the file to PDF: LibreOffice could not open it; the file may be damaged, protected by a password, or not really the type its name says',
    );
    expect(readdirSync(dir).filter((f) => f.startsWith('office-'))).toEqual([]);
  });

  it.skipIf(!posix)('reports a failing exit code with the last line of output', async () => {
    const soffice = fakeSoffice('echo "javaldx: failed"; echo "something broke" >&2; exit 3');
    const err = await convertToPdf(input(), 'a.odt', dir, { soffice }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'LibreOffice could not convert the file to PDF: LibreOffice stopped with exit code 3 (something broke); the file may be damaged or protected by a password',
    );
  });

  it.skipIf(!posix)('passes a private profile, headless flags and a fresh output folder', async () => {
    // Records its arguments and writes a "PDF" where --outdir says.
    const soffice = fakeSoffice(
      `printf '%s\\n' "$@" > "${join(dir, 'args.txt')}"\n` +
        'while [ $# -gt 1 ]; do if [ "$1" = "--outdir" ]; then out="$2"; fi; shift; done\n' +
        'printf "%%PDF-1.4 fake" > "$out/document.pdf"',
    );
    const pdf = await convertToPdf(input('upload-123.tmp'), 'Biên bản.DOCX', dir, { soffice });
    expect(pdf.startsWith(dir)).toBe(true);
    expect(pdf.endsWith('.pdf')).toBe(true);
    expect(readFileSync(pdf, 'latin1')).toBe('%PDF-1.4 fake');
    const args = readFileSync(join(dir, 'args.txt'), 'utf8').trim().split('\n');
    expect(args[0]).toMatch(/^-env:UserInstallation=file:\/\/\/.+\/profile$/);
    expect(args).toEqual(
      expect.arrayContaining(['--headless', '--norestore', '--convert-to', 'pdf', '--outdir']),
    );
    expect(args.at(-1)).toMatch(/[/\\]in[/\\]document\.docx$/);
    // The work folder (profile, input copy) is gone.
    expect(readdirSync(dir).filter((f) => f.startsWith('office-'))).toEqual([]);
  });

  it.skipIf(!posix)('kills LibreOffice and its children on timeout', async () => {
    const pidFile = join(dir, 'child.pid');
    // A child process like soffice.bin under the soffice script.
    const soffice = fakeSoffice(`sleep 30 & echo $! > "${pidFile}"; wait`);
    const started = Date.now();
    const err = await convertToPdf(input(), 'a.docx', dir, { soffice, timeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err).toMatchObject({ code: 'invalid_document' });
    expect((err as Error).message).toMatch(/^LibreOffice did not finish converting the file within 300 ms;/);
    const childPid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(isRunning(childPid)).toBe(false);
  });

  it('explains a soffice that cannot be started', async () => {
    const err = await convertToPdf(input(), 'a.docx', dir, { soffice: join(dir, 'missing-soffice') }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'invalid_document' });
    expect((err as Error).message).toMatch(
      /^LibreOffice could not convert the file to PDF: it could not be started/,
    );
  });
});
