import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@cantoo/fontkit';
import { PDFDocument, PDFName } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { expectOk, startTestRoom, type TestRoom } from './helpers/test-room';

/**
 * An upload's starting title comes from the PDF when it says what it is — its metadata title
 * (info dictionary, else XMP), else its first heading (the largest text on page 1) — and from the
 * file name otherwise ("TAMReview"). PDFs are generated here with pdf-lib.
 */

interface PdfSpec {
  /** /Title of the info dictionary. */
  infoTitle?: string;
  /** dc:title of an XMP metadata stream. */
  xmpTitle?: string;
  /** Lines of page 1, each with its font size. */
  lines: readonly { text: string; size: number }[];
}

async function makePdf(spec: PdfSpec): Promise<Uint8Array<ArrayBuffer>> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(
    readFileSync(join(process.cwd(), 'resources/fonts/LiberationSerif-Regular.ttf')),
    { subset: true },
  );
  if (spec.infoTitle !== undefined) doc.setTitle(spec.infoTitle);
  if (spec.xmpTitle !== undefined) {
    const xmp =
      '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
      `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${spec.xmpTitle}</rdf:li></rdf:Alt></dc:title>` +
      '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
    const stream = doc.context.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' });
    doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  }
  const page = doc.addPage([595, 842]);
  let y = 780;
  for (const line of spec.lines) {
    page.drawText(line.text, { x: 60, y, size: line.size, font });
    y -= line.size * 1.6;
  }
  return (await doc.save()) as Uint8Array<ArrayBuffer>;
}

const BODY = [
  { text: 'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;', size: 12 },
  { text: 'Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét.', size: 12 },
  { text: 'Nội dung cụ thể như sau.', size: 12 },
];

let room: TestRoom;
let meetingId: string;
beforeAll(async () => {
  room = await startTestRoom();
  meetingId = await room.createMeeting();
});
afterAll(async () => {
  await room?.destroy();
});

async function uploadedTitle(fileName: string, spec: PdfSpec, title?: string): Promise<string> {
  const uploaded = await room.call(ROUTES.uploadDocument, {
    token: room.staffToken,
    params: { meetingId },
    query: { fileName, ...(title ? { title } : {}) },
    body: await makePdf(spec),
    headers: { 'content-type': 'application/octet-stream' },
  });
  return expectOk(uploaded, 201).document.title;
}

// The first upload starts the inspection worker and loads pdf.js: seconds on a busy machine.
describe('the title of an uploaded document', { timeout: 30_000 }, () => {
  it('is the metadata title when the PDF has one', async () => {
    expect(
      await uploadedTitle('TAMReview.pdf', { infoTitle: 'Tờ trình về bảng giá đất 2027', lines: BODY }),
    ).toBe('Tờ trình về bảng giá đất 2027');
  });

  it('is the XMP title when the info dictionary has none', async () => {
    expect(
      await uploadedTitle('scan_0042.pdf', { xmpTitle: 'Báo cáo kinh tế – xã hội quý IV', lines: BODY }),
    ).toBe('Báo cáo kinh tế – xã hội quý IV');
  });

  it('is the first heading (largest text on page 1) when the metadata says nothing', async () => {
    const lines = [
      { text: 'ỦY BAN NHÂN DÂN TỈNH', size: 12 },
      { text: 'TỜ TRÌNH', size: 20 },
      { text: 'Về việc ban hành bảng giá đất', size: 20 },
      ...BODY,
    ];
    // An editor's default and a file name in the metadata are not titles.
    expect(
      await uploadedTitle('TAMReview.pdf', { infoTitle: 'Microsoft Word - TAMReview.docx', lines }),
    ).toBe('TỜ TRÌNH Về việc ban hành bảng giá đất');
    expect(await uploadedTitle('to-trinh.pdf', { infoTitle: 'Untitled', lines })).toBe(
      'TỜ TRÌNH Về việc ban hành bảng giá đất',
    );
  });

  it('falls back to the file name when the PDF has neither', async () => {
    expect(await uploadedTitle('TAMReview.pdf', { lines: BODY })).toBe('TAMReview');
    expect(await uploadedTitle('Bao-cao.pdf', { infoTitle: 'Bao cao', lines: BODY })).toBe('Bao-cao');
  });

  it('is the title sent with the upload when there is one', async () => {
    expect(
      await uploadedTitle('x.pdf', { infoTitle: 'Tờ trình về bảng giá đất', lines: BODY }, 'Phụ lục 1'),
    ).toBe('Phụ lục 1');
  });
});
