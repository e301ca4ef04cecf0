/**
 * Writes the demo meeting's PDFs into `resources/demo/pdfs/` from `demo-meeting.json` and
 * the texts in `demo-document-texts.ts`:
 *
 *   npx tsx sync-server/demo/make-demo-pdfs.ts
 *
 * Output is deterministic (fixed dates, subset names and resource keys): running it again
 * writes identical bytes. The room indexes these PDFs for full-text search, so their text
 * must extract with its diacritics intact.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from '@cantoo/pdf-lib';
import {
  BODY_LEADING,
  BODY_SIZE,
  decree30Writer,
  drawHeader,
  drawSignature,
  finishPages,
} from '../pdf/decree30';
import { embedFonts } from '../pdf/fonts';
import type { PageWriter } from '../pdf/page-writer';
import { createPdf, savePdf } from '../pdf/pdf-document';
import { drawTable, type TableSpec, tableKeepHeight } from '../pdf/table';
import { parseMarkup, type Text } from '../pdf/text-runs';
import { packageRoot } from '../runtime/package-root';
import { type Block, type DocumentText, documentTexts } from './demo-document-texts';
import { type DemoDocument, DemoMeetingFileSchema } from './demo-meeting-schema';

/** A heading keeps its own two lines and the paragraph gap on the page of what follows. */
const HEADING_KEEP = 2 * BODY_SIZE * BODY_LEADING + 6;

/** The demo texts write their tables with inline markup; the engine takes styled runs. */
function markupTable(spec: TableSpec): TableSpec {
  const runs = (cell: Text, base: 'r' | 'b' | 'i' = 'r') =>
    typeof cell === 'string' ? parseMarkup(cell, base) : cell;
  return {
    ...spec,
    header: spec.header.map((cell) => runs(cell, 'b')),
    rows: spec.rows.map((row) => row.map((cell) => runs(cell))),
    ...(spec.caption === undefined ? {} : { caption: runs(spec.caption, 'b') }),
    ...(spec.note === undefined ? {} : { note: runs(spec.note, 'i') }),
  };
}

function renderBlocks(w: PageWriter, blocks: readonly Block[]): void {
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    // A heading stays on the page of what follows it (two lines, or a table's start).
    let keep = HEADING_KEEP;
    if (next && typeof next === 'object' && 'table' in next)
      keep = tableKeepHeight(w, markupTable(next.table));
    else if (next && typeof next === 'object' && 'heading' in next)
      keep += w.paragraphHeight(parseMarkup(next.heading));
    renderBlock(w, block, keep);
  });
}

function renderBlock(w: PageWriter, block: Block, keepWithNext: number): void {
  if (typeof block === 'string') w.paragraph(parseMarkup(block));
  else if ('heading' in block) w.paragraph(parseMarkup(block.heading, 'b'), { keepWithNext });
  else if ('center' in block) {
    w.paragraph(parseMarkup(block.center, block.style ?? 'r'), {
      align: 'center',
      ...(block.size === undefined ? {} : { size: block.size }),
      ...(block.after === undefined ? {} : { after: block.after }),
    });
  } else if ('plain' in block) {
    w.paragraph(parseMarkup(block.plain), { after: 2, ...(block.size ? { size: block.size } : {}) });
  } else if ('table' in block) drawTable(w, markupTable(block.table));
  else w.newPage();
}

async function buildPdf(meta: DemoDocument, text: DocumentText, meetingTitle: string): Promise<Uint8Array> {
  const doc = await createPdf();
  const fonts = await embedFonts(doc);
  const w = decree30Writer(doc, fonts);
  const secret = meta.classification === 'mat';

  w.newPage();
  drawHeader(w, { ...text.header, secret });
  if (text.bodySize) w.defaults.size = text.bodySize;
  renderBlocks(w, text.body);
  drawSignature(w, text.signature);
  if (text.appendix) {
    w.newPage();
    renderBlocks(w, text.appendix);
  }
  finishPages(w, { secret });

  const governing = text.header.governing ? [text.header.governing.join(' ')] : [];
  return savePdf(doc, {
    title: meta.title,
    author: [...governing, text.header.issuer.join(' ')].join(' - '),
    subject: meetingTitle,
    keywords: [meta.kind, secret ? 'MẬT' : 'Thường', 'Paperless Room demo'],
    creator: 'Paperless Room demo (sync-server/demo/make-demo-pdfs.ts)',
    date: new Date(text.date),
  });
}

/** Where the demo data lives: shipped with the app, next to the fonts. */
const demoDir = () => join(packageRoot(), 'resources', 'demo');

/** Every demo PDF as bytes, keyed by file name, in the order of `demo-meeting.json`. */
export async function renderDemoPdfs(): Promise<Map<string, Uint8Array>> {
  // Read directly rather than through the seeder: generating PDFs needs no server modules.
  const file = DemoMeetingFileSchema.parse(
    JSON.parse(readFileSync(join(demoDir(), 'demo-meeting.json'), 'utf8')),
  );
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
  const outDir = join(demoDir(), 'pdfs');
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
