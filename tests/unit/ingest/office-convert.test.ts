import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
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
import { classifyTarget, findExternalReference } from '../../../sync-server/ingest/office-references';
import { officeSandbox } from '../../../sync-server/ingest/office-sandbox';

const posix = process.platform !== 'win32';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'office-convert-'));
  // Run as root, the server converts as `nobody`: the stand-in soffice below must be reachable
  // by that user and the files it records writable.
  if (posix) chmodSync(dir, 0o777);
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

/** A ZIP package; entries deflated (method 8) unless named in `stored`. */
function zip(entries: Record<string, string | Buffer>, stored: readonly string[] = ['mimetype']): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const method = stored.includes(name) ? 0 : 8;
    const data = method === 0 ? raw : deflateRawSync(raw);
    const fileName = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(raw), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(crc32(raw), 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(raw.length, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, fileName, data);
    central.push(entry, fileName);
    offset += 30 + fileName.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

const ODF =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"';

/** An .odt whose content.xml body is `body`. */
function odt(body: string): Buffer {
  return zip({
    mimetype: 'application/vnd.oasis.opendocument.text',
    'META-INF/manifest.xml':
      '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
    'content.xml': `<?xml version="1.0"?><office:document-content ${ODF}><office:body><office:text>${body}</office:text></office:body></office:document-content>`,
  });
}

const image = (href: string, attr = 'xlink:href') =>
  `<text:p><draw:frame><draw:image ${attr}="${href}" xlink:type="simple"/></draw:frame></text:p>`;

/** A .docx with these relationships of word/document.xml and this body. */
function docx(rels: string, body = '<w:p/>'): Buffer {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels':
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': `<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`,
    'word/_rels/document.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
  });
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

describe('links out of an office file', () => {
  it('tells the package apart from the network and the disk', () => {
    expect(classifyTarget('Pictures/100000000000.png', null)).toBeNull();
    expect(classifyTarget('./Object 1', null)).toBeNull();
    expect(classifyTarget('#Slide 2', null)).toBeNull();
    expect(classifyTarget('data:image/png;base64,AAAA', null)).toBeNull();
    expect(classifyTarget('http://10.0.0.5/x.png', null)).toBe('remote');
    expect(classifyTarget('HTTPS://example.vn/x.png', null)).toBe('remote');
    expect(classifyTarget('smb://server/share/x.png', null)).toBe('remote');
    expect(classifyTarget('file:///etc/passwd', null)).toBe('local');
    expect(classifyTarget('vnd.sun.star.expand:$BRAND_BASE_DIR/x', null)).toBe('local');
    expect(classifyTarget('../secret.svg', null)).toBe('local');
    expect(classifyTarget('Pictures/../../secret.svg', null)).toBe('local');
    expect(classifyTarget('Pictures/%2e%2e/%2e%2e/secret.svg', null)).toBe('local');
    expect(classifyTarget('/etc/passwd', null)).toBe('local');
    expect(classifyTarget('C:\\Users\\vt\\anh.png', null)).toBe('local');
    expect(classifyTarget('\\\\server\\share\\anh.png', null)).toBe('local');
    // OOXML relationships: relative to their part's folder, "/" is the package root.
    expect(classifyTarget('media/image1.png', 'word/')).toBeNull();
    expect(classifyTarget('../customXml/item1.xml', 'word/')).toBeNull();
    expect(classifyTarget('/word/media/image1.png', 'word/')).toBeNull();
    expect(classifyTarget('../../x.png', 'word/')).toBe('local');
  });

  const cases: [what: string, file: Buffer, expected: { kind: 'remote' | 'local' } | null][] = [
    ['an .odt image linked from the web', odt(image('http://127.0.0.1:9/x.png')), { kind: 'remote' }],
    ['an .odt image linked from the disk', odt(image('file:///srv/x.svg')), { kind: 'local' }],
    [
      'an .odt image linked by a path climbing out of the package',
      odt(image('../../x.svg')),
      { kind: 'local' },
    ],
    ['an .odt image stored inside the package', odt(image('Pictures/1.png')), null],
    ['an .odt hyperlink', odt('<text:p><text:a xlink:href="http://example.vn/">x</text:a></text:p>'), null],
    [
      'an .odt link under another namespace prefix',
      odt(
        image('http://127.0.0.1:9/x.png', 'l:href').replace(
          '<draw:image',
          '<draw:image xmlns:l="http://www.w3.org/1999/xlink"',
        ),
      ),
      { kind: 'remote' },
    ],
    [
      'an .odt link after an attribute holding ">"',
      odt(image('http://127.0.0.1:9/x.png').replace('<draw:image', '<draw:image draw:name="a>b"')),
      { kind: 'remote' },
    ],
    [
      'an entity declaration',
      odt('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><text:p/>'),
      { kind: 'local' },
    ],
    [
      'a .docx image relationship to the web',
      docx(
        `<Relationship Id="r5" Type="${REL}/image" Target="http://127.0.0.1:9/x.png" TargetMode="External"/>`,
      ),
      { kind: 'remote' },
    ],
    [
      'a .docx image relationship to a path next to the document',
      docx(`<Relationship Id="r5" Type="${REL}/image" Target="anh.png" TargetMode="External"/>`),
      { kind: 'local' },
    ],
    [
      'a .docx hyperlink and template',
      docx(
        `<Relationship Id="r5" Type="${REL}/hyperlink" Target="http://example.vn/" TargetMode="External"/>` +
          `<Relationship Id="r6" Type="${REL}/attachedTemplate" Target="file:///C:/Normal.dotm" TargetMode="External"/>` +
          `<Relationship Id="r7" Type="${REL}/image" Target="media/image1.png"/>`,
      ),
      null,
    ],
    [
      'a .docx INCLUDEPICTURE field split over runs',
      docx(
        '',
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDE</w:instrText></w:r>' +
          '<w:r><w:instrText>PICTURE "http://127.0.0.1:9/x.png" \\d</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
      ),
      { kind: 'remote' },
    ],
    [
      'a .docx INCLUDETEXT field',
      docx('', '<w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;C:\\\\secret.docx&quot; "/></w:p>'),
      { kind: 'local' },
    ],
    [
      'a .docx HYPERLINK field',
      docx('', '<w:p><w:fldSimple w:instr=" HYPERLINK &quot;http://example.vn/link&quot; "/></w:p>'),
      null,
    ],
    [
      'a relationship part in UTF-16',
      zip({
        'word/_rels/document.xml.rels': Buffer.from(
          `\uFEFF<?xml version="1.0" encoding="UTF-16"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r5" Type="${REL}/image" Target="http://127.0.0.1:9/x.png" TargetMode="External"/></Relationships>`,
          'utf16le',
        ),
      }),
      { kind: 'remote' },
    ],
    [
      'an XML part declared in an encoding the check cannot read',
      zip({ 'content.xml': '<?xml version="1.0" encoding="UTF-7"?>+ADw-draw:image/+AD4-' }),
      { kind: 'local' },
    ],
    [
      'an RTF picture field',
      Buffer.from('{\\rtf1{\\field{\\*\\fldinst INCLUDEPICTURE "x.png"}}}'),
      { kind: 'local' },
    ],
    [
      'a binary document with a UTF-16 address',
      Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0]),
        Buffer.from('see https://example.vn/x', 'utf16le'),
      ]),
      { kind: 'remote' },
    ],
  ];
  for (const [what, file, expected] of cases) {
    it(`${what}: ${expected ? expected.kind : 'no reference'}`, async () => {
      const path = join(dir, 'file.bin');
      writeFileSync(path, file);
      const found = await findExternalReference(path, false);
      if (expected) expect(found).toMatchObject(expected);
      else expect(found).toBeNull();
      // Without a network for LibreOffice, only the disk matters.
      const offline = await findExternalReference(path, true);
      if (expected?.kind === 'local') expect(offline).toMatchObject(expected);
      else expect(offline).toBeNull();
    });
  }

  it.skipIf(!posix)('refuses a file linking to the disk without starting LibreOffice', async () => {
    const started = join(dir, 'started');
    const soffice = fakeSoffice(`touch "${started}"`);
    const path = join(dir, 'upload.tmp');
    writeFileSync(path, odt(image('file:///etc/passwd')));
    const err = await convertToPdf(path, 'Giấy mời.odt', dir, { soffice }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(httpStatusOf((err as IngestError).code)).toBe(422);
    expect((err as Error).message).toBe(
      'The file links to a file outside itself (file:///etc/passwd, in content.xml), which the room server does not follow when converting; embed the picture or object in the document instead of linking to it, or save the file as PDF, and upload again',
    );
    expect(existsSync(started)).toBe(false);
  });

  it.skipIf(!posix)(
    'takes no symlink for the converted PDF (a subverted converter cannot make it read a file)',
    async () => {
      const soffice = fakeSoffice(
        'while [ $# -gt 1 ]; do if [ "$1" = "--outdir" ]; then out="$2"; fi; shift; done\n' +
          'ln -s /etc/passwd "$out/document.pdf"',
      );
      const err = await convertToPdf(input(), 'a.docx', dir, { soffice }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'invalid_document' });
      expect((err as Error).message).toMatch(
        /^LibreOffice could not convert the file to PDF: LibreOffice produced no PDF/,
      );
      expect(readdirSync(dir).filter((f) => f.startsWith('converted-'))).toEqual([]);
    },
  );

  it.skipIf(process.platform !== 'linux')(
    'runs LibreOffice unprivileged, with a locked-down profile and none of the server environment',
    async () => {
      const sandbox = await officeSandbox();
      console.log(`office sandbox on this machine: ${sandbox.description}`);
      process.env.PAPERLESS_TEST_SECRET = 'do-not-leak';
      try {
        const record = join(dir, 'record.txt');
        const soffice = fakeSoffice(
          `{ id -u; env; cat "$(echo "$1" | sed 's|^-env:UserInstallation=file://||')/user/registrymodifications.xcu"; } > "${record}"\n` +
            'while [ $# -gt 1 ]; do if [ "$1" = "--outdir" ]; then out="$2"; fi; shift; done\n' +
            'printf "%%PDF-1.4 fake" > "$out/document.pdf"',
        );
        const pdf = await convertToPdf(input(), 'a.docx', dir, { soffice });
        expect(readFileSync(pdf, 'latin1')).toBe('%PDF-1.4 fake');
        const [uid, ...rest] = readFileSync(record, 'utf8').split('\n');
        if (process.getuid?.() === 0 && sandbox.runAs) expect(Number(uid)).toBe(sandbox.runAs.uid);
        else expect(Number(uid)).not.toBe(0);
        const recorded = rest.join('\n');
        expect(recorded).not.toContain('PAPERLESS_TEST_SECRET');
        expect(recorded).toContain(
          '<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value>',
        );
        expect(recorded).toContain(
          '<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value>',
        );
      } finally {
        delete process.env.PAPERLESS_TEST_SECRET;
      }
    },
  );
});
