/**
 * Writes the demo meeting's PDFs into `resources/demo/pdfs/` from `demo-meeting.json` and
 * the texts in `demo-document-texts.ts`:
 *
 *   npx tsx resources/demo/make-demo-pdfs.ts
 *
 * Output is deterministic (fixed dates, subset names and resource keys): running it again
 * writes identical bytes.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { type Block, type DocumentText, documentTexts } from './demo-document-texts';
import { type DemoDocument, DemoMeetingFileSchema } from './demo-meeting.schema';
import { BODY_SIZE, Composer, drawHeader, drawSignature, embedFonts, finishPages } from './pdf-layout';

const here = dirname(fileURLToPath(import.meta.url));
const fontDir = join(here, '..', 'fonts');
const outDir = join(here, 'pdfs');

const HEADING_KEEP = 2 * BODY_SIZE * 1.22 + 6;

function renderBlocks(c: Composer, blocks: readonly Block[]): void {
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    // A heading stays on the page of what follows it (two lines, or a table's start).
    let keep = HEADING_KEEP;
    if (next && typeof next === 'object' && 'table' in next) keep = c.tableKeepHeight(next.table);
    else if (next && typeof next === 'object' && 'heading' in next) keep += c.paragraphHeight(next.heading);
    renderBlock(c, block, keep);
  });
}

function renderBlock(c: Composer, block: Block, keepWithNext: number): void {
  if (typeof block === 'string') c.paragraph(block);
  else if ('heading' in block) c.paragraph(block.heading, { style: 'b', keepWithNext });
  else if ('center' in block) {
    c.paragraph(block.center, {
      align: 'center',
      style: block.style ?? 'r',
      ...(block.size === undefined ? {} : { size: block.size }),
      ...(block.after === undefined ? {} : { after: block.after }),
    });
  } else if ('plain' in block)
    c.paragraph(block.plain, { after: 2, ...(block.size ? { size: block.size } : {}) });
  else if ('table' in block) c.table(block.table);
  else c.newPage();
}

async function buildPdf(meta: DemoDocument, text: DocumentText, meetingTitle: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFonts(doc, fontDir);
  const c = new Composer(doc, fonts);
  const secret = meta.classification === 'mat';

  drawHeader(c, { ...text.header, secret });
  if (text.bodySize) c.bodySize = text.bodySize;
  renderBlocks(c, text.body);
  drawSignature(c, text.signature);
  if (text.appendix) {
    c.newPage();
    c.bodySize = text.bodySize ?? BODY_SIZE;
    renderBlocks(c, text.appendix);
  }
  finishPages(c, { secret });

  const date = new Date(text.date);
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  const governing = text.header.governing ? [text.header.governing.join(' ')] : [];
  doc.setAuthor([...governing, text.header.issuer.join(' ')].join(' - '));
  doc.setSubject(meetingTitle);
  doc.setKeywords([meta.kind, secret ? 'MẬT' : 'Thường', 'Paperless Room demo']);
  doc.setCreator('Paperless Room demo (resources/demo/make-demo-pdfs.ts)');
  doc.setProducer('pdf-lib');
  doc.setLanguage('vi-VN');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  return doc.save({ useObjectStreams: true });
}

/** Every demo PDF as bytes, keyed by file name, in the order of `demo-meeting.json`. */
export async function renderDemoPdfs(): Promise<Map<string, Uint8Array>> {
  const file = DemoMeetingFileSchema.parse(JSON.parse(readFileSync(join(here, 'demo-meeting.json'), 'utf8')));
  const texts = documentTexts(file);
  const out = new Map<string, Uint8Array>();
  for (const meta of file.documents) {
    const text = texts[meta.file];
    if (!text) throw new Error(`no text for ${meta.file} in demo-document-texts.ts`);
    out.set(meta.file, await buildPdf(meta, text, file.meeting.title));
  }
  const unused = Object.keys(texts).filter((f) => !out.has(f));
  if (unused.length > 0) console.warn(`texts without a document entry: ${unused.join(', ')}`);
  return out;
}

async function main(): Promise<void> {
  const pdfs = await renderDemoPdfs();
  mkdirSync(outDir, { recursive: true });
  let total = 0;
  for (const [name, bytes] of pdfs) {
    writeFileSync(join(outDir, name), bytes);
    const pages = (await PDFDocument.load(bytes)).getPageCount();
    total += bytes.length;
    console.log(
      `${name.padEnd(48)} ${String(pages).padStart(2)} pages ${String(bytes.length).padStart(8)} bytes`,
    );
  }
  console.log(`total ${total} bytes`);
  const stale = readdirSync(outDir).filter((f) => f.endsWith('.pdf') && !pdfs.has(f));
  if (stale.length > 0) console.warn(`not in demo-meeting.json (delete them?): ${stale.join(', ')}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
