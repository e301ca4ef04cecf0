import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@cantoo/fontkit';
import { PDFDocument } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePdfInspector } from '../../../sync-server/ingest/pdf-inspect';
import { hasPdfinfo, pdfinfo, uploadFile } from './ingest-helpers';

const PAGES = 500;

let dir: string;
let pdfPath: string;

/** A 500-page PDF with Vietnamese text on every page, in an embedded (subset) font. */
async function makeLargePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(
    readFileSync(join(process.cwd(), 'resources/fonts/LiberationSerif-Bold.ttf')),
    {
      subset: true,
    },
  );
  for (let n = 1; n <= PAGES; n++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Trang ${n} – Biên bản phiên họp thường kỳ`, { x: 50, y: 780, size: 16, font });
    for (let line = 0; line < 30; line++) {
      page.drawText(`Dòng ${line + 1}: Ủy ban nhân dân tỉnh thảo luận nội dung số ${n * 100 + line}.`, {
        x: 50,
        y: 740 - line * 22,
        size: 11,
        font,
      });
    }
  }
  return doc.save();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'large-pdf-'));
  pdfPath = join(dir, 'large.pdf');
  writeFileSync(pdfPath, await makeLargePdf());
}, 120_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closePdfInspector();
});

describe('a 500-page PDF', () => {
  it('ingests in the worker while the event loop stays responsive', async () => {
    const tmp = join(dir, 'tmp');
    let last = performance.now();
    let maxGap = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 10);
    const started = performance.now();
    try {
      const file = await uploadFile(pdfPath, 'Biên bản 500 trang.pdf', { tmpDir: tmp });
      const elapsed = performance.now() - started;
      console.log(
        `500-page PDF (${(file.byteSize / 1024 / 1024).toFixed(1)} MB) ingested in ${Math.round(elapsed)} ms; ` +
          `event loop: ${ticks} ticks, longest gap ${Math.round(maxGap)} ms`,
      );
      expect(file.pageCount).toBe(PAGES);
      expect(file.pages).toHaveLength(PAGES);
      expect(file.pages[0]).toContain('Trang 1 – Biên bản phiên họp thường kỳ');
      expect(file.pages[PAGES - 1]).toContain(`Trang ${PAGES} – Biên bản phiên họp thường kỳ`);
      expect(file.pages[PAGES - 1]).toContain(
        `Dòng 30: Ủy ban nhân dân tỉnh thảo luận nội dung số ${PAGES * 100 + 29}.`,
      );
      if (hasPdfinfo) expect(pdfinfo(pdfPath).pages).toBe(PAGES);
      // Parsing on the main thread would stall the loop for the whole ingest (seconds); the
      // bound only has to tell that apart from scheduling noise on a loaded 2-core CI box.
      expect(maxGap).toBeLessThan(1000);
      await file.discard();
    } finally {
      clearInterval(timer);
    }
  }, 120_000);
});
