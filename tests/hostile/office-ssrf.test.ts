/**
 * Finding 4: converting an uploaded office file made LibreOffice on the room server fetch what
 * the file links to — a web address (server-side request forgery: the room server's network,
 * loopback included, as seen by an attacker) or a local file (disclosure of the server's files in
 * the converted PDF). A secretariat laptop uploads documents built here, through a real room;
 * a loopback HTTP listener stands in for an internal service and must never hear from the
 * converter, and a marker in a local file must never reach the stored PDF.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { findSoffice } from '../../sync-server/ingest/office-convert';
import { closePdfInspector } from '../../sync-server/ingest/pdf-inspect';
import { expectOk, startTestRoom, type TestRoom } from '../integration/helpers/test-room';

const soffice = await findSoffice();
if (!soffice) {
  console.log(
    'office SSRF tests skipped: LibreOffice (soffice) is not installed here (Debian: apt-get install libreoffice-writer)',
  );
}

/** A ZIP archive with every entry stored (no compression), as ODF and OOXML packages may be. */
function storedZip(entries: readonly (readonly [name: string, content: string])[]): Uint8Array<ArrayBuffer> {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.from(content, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0); // central directory header
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(0, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, fileName, data);
    central.push(entry, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  const zip = Buffer.concat([...parts, directory, end]);
  return new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength) as Uint8Array<ArrayBuffer>;
}

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ' +
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" ' +
  'xmlns:xlink="http://www.w3.org/1999/xlink"';

/** An .odt whose only image is linked (not embedded) from `href`. */
function odtLinkingImage(href: string, words: string): Uint8Array<ArrayBuffer> {
  const content =
    `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODF_NS} office:version="1.2">` +
    `<office:body><office:text><text:p>${words}</text:p><text:p>` +
    '<draw:frame draw:name="Image1" text:anchor-type="as-char" svg:width="8cm" svg:height="2cm">' +
    `<draw:image xlink:href="${href}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>` +
    '</draw:frame></text:p></office:text></office:body></office:document-content>';
  const manifest =
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>' +
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>';
  // The mimetype entry comes first and stored, as ODF requires.
  return storedZip([
    ['mimetype', 'application/vnd.oasis.opendocument.text'],
    ['META-INF/manifest.xml', manifest],
    ['content.xml', content],
  ]);
}

/** A .docx with an image relationship to an external target (TargetMode="External"), used by r:link. */
function docxLinkingImage(target: string, words: string): Uint8Array<ArrayBuffer> {
  const w =
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"';
  const picture =
    '<w:drawing><wp:inline><wp:extent cx="2880000" cy="720000"/><wp:docPr id="1" name="Picture 1"/>' +
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>' +
    '<pic:nvPicPr><pic:cNvPr id="1" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr>' +
    '<pic:blipFill><a:blip r:link="rIdImg"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>' +
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2880000" cy="720000"/></a:xfrm>' +
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>' +
    '</wp:inline></w:drawing>';
  const rels = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"';
  return storedZip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships ${rels}>` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    [
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${w}><w:body>` +
        `<w:p><w:r><w:t>${words}</w:t></w:r></w:p><w:p><w:r>${picture}</w:r></w:p></w:body></w:document>`,
    ],
    [
      'word/_rels/document.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships ${rels}>` +
        `<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${target}" TargetMode="External"/></Relationships>`,
    ],
  ]);
}

/** What the upload must be refused with when it is refused at all. */
const REFUSAL = /^The file links to .+ outside itself \(.+\), which the room server does not follow/;

let room: TestRoom;
let meetingId: string;
let listener: Server;
let listenerPort: number;
const requests: string[] = [];
let localDir: string;

beforeAll(async () => {
  if (!soffice) return;
  listener = createServer((req: IncomingMessage, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerPort = (listener.address() as AddressInfo).port;
  localDir = mkdtempSync(join(tmpdir(), 'office-ssrf-local-'));
  room = await startTestRoom();
  meetingId = await room.createMeeting();
});

afterAll(async () => {
  await room?.destroy();
  await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
  if (localDir) rmSync(localDir, { recursive: true, force: true });
  await closePdfInspector();
});

/**
 * Uploads through the room and waits for the answer. The server answers only after LibreOffice
 * has exited (the conversion waits for the process and its output pipes to close), so once the
 * answer is here nothing can still fetch; the short grace period only lets a request already
 * on its way through the loopback reach the listener, so a late one would still be seen.
 */
async function upload(bytes: Uint8Array<ArrayBuffer>, fileName: string) {
  const result = await room.call(ROUTES.uploadDocument, {
    token: room.staffToken,
    params: { meetingId },
    query: { fileName },
    body: bytes,
    headers: { 'content-type': 'application/octet-stream' },
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  return result;
}

/** Whether the room's search finds `words` in the meeting's documents. */
async function searchable(words: string): Promise<boolean> {
  const found = expectOk(
    await room.call(ROUTES.search, { token: room.staffToken, params: { meetingId }, query: { q: words } }),
  );
  return found.hits.length > 0;
}

describe.skipIf(!soffice)('office conversion never follows links out of the uploaded file', () => {
  it('an .odt whose image is linked from a loopback web address: the converter makes no request', async () => {
    const url = `http://127.0.0.1:${listenerPort}/odt-linked-image.png`;
    const result = await upload(odtLinkingImage(url, 'Tờ trình CHARLIE'), 'Tờ trình.odt');
    expect(requests).toEqual([]);
    if (result.ok) {
      // Converted without the image; the text made it.
      expect(await searchable('CHARLIE')).toBe(true);
    } else {
      expect(result.status).toBe(422);
      expect(result.error.message).toMatch(REFUSAL);
    }
  }, 120_000);

  it('a .docx with an external image relationship: the converter makes no request', async () => {
    const url = `http://127.0.0.1:${listenerPort}/docx-linked-image.png`;
    const result = await upload(docxLinkingImage(url, 'Báo cáo DELTA'), 'Báo cáo.docx');
    expect(requests).toEqual([]);
    if (result.ok) {
      expect(await searchable('DELTA')).toBe(true);
    } else {
      expect(result.status).toBe(422);
      expect(result.error.message).toMatch(REFUSAL);
    }
  }, 120_000);

  it("an .odt linking an image file on the server's disk: its content never reaches the stored PDF", async () => {
    // An SVG "image" with text in it: were it loaded, its words would be in the PDF's text.
    const secret = join(localDir, 'secret.svg');
    writeFileSync(
      secret,
      '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="80"><text x="10" y="50" font-size="30">MATKHAUMAYCHU</text></svg>',
    );
    for (const [href, name, marker] of [
      [pathToFileURL(secret).href, 'Giấy mời.odt', 'ALPHA'],
      // Relative links climbing out of the package reach the same disk.
      [`../../../../../../../../..${secret}`, 'Giấy mời 2.odt', 'BRAVO'],
    ] as const) {
      const result = await upload(odtLinkingImage(href, `Giấy mời họp ${marker}`), name);
      if (result.ok) {
        expect(await searchable(marker)).toBe(true);
      } else {
        expect(result.status).toBe(422);
        expect(result.error.message).toMatch(REFUSAL);
      }
      expect(await searchable('MATKHAUMAYCHU')).toBe(false);
    }
    expect(requests).toEqual([]);
  }, 240_000);
});
