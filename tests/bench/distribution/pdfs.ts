/**
 * The benchmark's documents, made with pdf-lib: real PDFs with Vietnamese text (a subset of
 * Liberation Serif, so pdf.js extracts the text through the font's ToUnicode map) and, for the
 * distribution set, scanned-page-sized images of random noise, which no compression shrinks.
 * Everything comes from a seeded generator, so the same options give the same bytes.
 */
import { deflateSync } from 'node:zlib';
import fontkit from '@cantoo/fontkit';
import {
  concatTransformationMatrix,
  drawObject,
  type PDFFont,
  PDFDocument,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rgb,
} from '@cantoo/pdf-lib';

/** A4 in PDF points. */
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = 56;
const FIXED_DATE = new Date('2026-11-20T08:00:00+07:00');

/** Sentences of the kind the meetings' documents hold (minutes, reports, draft decisions). */
const SENTENCES = [
  'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 và Luật sửa đổi, bổ sung một số điều.',
  'Ủy ban nhân dân tỉnh đã chỉ đạo các sở, ban, ngành triển khai đồng bộ các nhiệm vụ phát triển kinh tế – xã hội.',
  'Tổng thu ngân sách nhà nước trên địa bàn ước đạt 112,5% dự toán, tăng 8,3% so với cùng kỳ năm trước.',
  'Công tác cải cách hành chính, chuyển đổi số được đẩy mạnh; tỷ lệ hồ sơ trực tuyến toàn trình đạt 78%.',
  'Đề nghị các đại biểu nghiên cứu kỹ tờ trình, cho ý kiến về phương án phân bổ vốn đầu tư công trung hạn.',
  'Việc giải phóng mặt bằng dự án đường vành đai còn chậm, ảnh hưởng đến tiến độ giải ngân vốn.',
  'Sở Tài nguyên và Môi trường chủ trì, phối hợp với Ủy ban nhân dân cấp huyện rà soát quỹ đất.',
  'Thư ký cuộc họp ghi biên bản, tổng hợp ý kiến thảo luận và trình chủ tọa ký ban hành thông báo kết luận.',
  'Chất lượng giáo dục, y tế cơ sở tiếp tục được nâng lên; an sinh xã hội được bảo đảm, đời sống nhân dân ổn định.',
  'Quốc phòng, an ninh được giữ vững; trật tự an toàn xã hội, an toàn giao thông có chuyển biến tích cực.',
  'Giao Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc việc thực hiện và báo cáo kết quả trước ngày 15 hằng tháng.',
  'Những khó khăn, vướng mắc vượt thẩm quyền, các đơn vị kịp thời báo cáo để xem xét, quyết định.',
];

/** xorshift32: fast, seedable, good enough for noise and shuffles. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  nextU32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return this.nextU32() % n;
  }

  /** Fills a buffer with noise, four bytes at a time. */
  fill(bytes: Uint8Array): void {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
    for (let i = 0; i < words.length; i++) words[i] = this.nextU32();
    for (let i = words.length * 4; i < bytes.byteLength; i++) bytes[i] = this.nextU32() & 0xff;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** Word widths at 1 pt per font: measuring each candidate line with fontkit is slow. */
const wordWidths = new WeakMap<PDFFont, Map<string, number>>();

/** Breaks text into lines that fit `width` points (word widths summed, 2 % spare for kerning). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  let widths = wordWidths.get(font);
  if (!widths) {
    widths = new Map();
    wordWidths.set(font, widths);
  }
  const measure = (word: string) => {
    let w = widths.get(word);
    if (w === undefined) {
      w = font.widthOfTextAtSize(word, 1);
      widths.set(word, w);
    }
    return w * size;
  };
  const space = measure(' ');
  const limit = width * 0.98;
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const word of text.split(' ')) {
    const w = measure(word);
    if (line !== '' && lineWidth + space + w > limit) {
      lines.push(line);
      line = word;
      lineWidth = w;
    } else {
      lineWidth = line === '' ? w : lineWidth + space + w;
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Fills one page with a heading and paragraphs of Vietnamese text; `extra` goes last. */
function writeTextPage(
  page: PDFPage,
  font: PDFFont,
  prng: Prng,
  heading: string,
  extra: string | null,
  bottom = MARGIN,
): void {
  const size = 11;
  const leading = 15;
  let y = PAGE_H - MARGIN;
  page.drawText(heading, { x: MARGIN, y, size: 14, font, color: rgb(0, 0, 0) });
  y -= 28;
  const width = PAGE_W - 2 * MARGIN;
  const paragraphs: string[] = [];
  while (paragraphs.length < 8) {
    const count = 2 + prng.below(3);
    const picked: string[] = [];
    for (let i = 0; i < count; i++) picked.push(SENTENCES[prng.below(SENTENCES.length)]!);
    paragraphs.push(picked.join(' '));
  }
  if (extra) paragraphs.push(extra);
  for (const [index, paragraph] of paragraphs.entries()) {
    const lines = wrap(paragraph, font, size, width);
    const isExtra = extra !== null && index === paragraphs.length - 1;
    // The extra paragraph must fit: stop the ordinary ones early enough.
    if (!isExtra && y - lines.length * leading < bottom + (extra ? 60 : 0)) continue;
    for (const line of lines) {
      page.drawText(line, { x: MARGIN, y, size, font });
      y -= leading;
    }
    y -= 6;
  }
}

async function newDocument(
  title: string,
  fontBytes: Uint8Array,
): Promise<{ doc: PDFDocument; font: PDFFont }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(title);
  doc.setProducer('Paperless Room distribution benchmark');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fontBytes, { subset: true });
  return { doc, font };
}

/**
 * An image XObject of RGB noise (a "scan"): deflated by node's zlib at the fastest level,
 * which leaves random bytes their size, and stored as is (pdf-lib would recompress in JS).
 */
function addNoiseImage(doc: PDFDocument, prng: Prng, width: number, height: number) {
  const pixels = Buffer.allocUnsafe(width * height * 3);
  prng.fill(pixels);
  const data = deflateSync(pixels, { level: 1 });
  const stream = doc.context.stream(data, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: width,
    Height: height,
    ColorSpace: 'DeviceRGB',
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
  });
  return { ref: doc.context.register(stream), bytes: data.byteLength };
}

function drawImage(
  page: PDFPage,
  ref: ReturnType<typeof addNoiseImage>['ref'],
  box: { x: number; y: number; w: number; h: number },
) {
  const name = page.node.newXObject('Scan', ref);
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(box.w, 0, 0, box.h, box.x, box.y),
    drawObject(name),
    popGraphicsState(),
  );
}

export interface SetDocument {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly pages: number;
}

/**
 * The distribution set: `count` PDFs whose sizes add up to about `totalBytes`, unequal (like a
 * real meeting: a short notice next to a long report with scanned annexes). Each has text
 * pages and scanned pages; a scanned page holds one noise image of about 1.9 MB.
 */
export async function makeDocumentSet(
  totalBytes: number,
  count: number,
  fontBytes: Uint8Array,
  seed = 20261201,
): Promise<SetDocument[]> {
  const prng = new Prng(seed);
  // Weights 1..count: the largest file is `count` times the smallest.
  const weights = Array.from({ length: count }, (_, i) => i + 1);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const out: SetDocument[] = [];
  for (let i = 0; i < count; i++) {
    const target = Math.round((totalBytes * weights[i]!) / weightSum);
    const { doc, font } = await newDocument(`Tài liệu họp số ${i + 1}`, fontBytes);
    const textPages = 4 + 3 * i;
    for (let p = 0; p < textPages; p++) {
      writeTextPage(doc.addPage([PAGE_W, PAGE_H]), font, prng, `Tài liệu số ${i + 1} — trang ${p + 1}`, null);
    }
    // Scanned annex pages until the target size is reached; the last image is cut to fit.
    // Text pages take a few kB each, so the images carry nearly all of the bytes.
    let remaining = target - textPages * 3000 - 40_000;
    let scan = 0;
    while (remaining > 50_000) {
      const width = 900;
      const fullHeight = 700; // 900 × 700 × 3 ≈ 1.9 MB
      const height = Math.max(16, Math.min(fullHeight, Math.floor(remaining / (width * 3))));
      const image = addNoiseImage(doc, prng, width, height);
      remaining -= image.bytes;
      scan++;
      const page = doc.addPage([PAGE_W, PAGE_H]);
      page.drawText(`Phụ lục ${scan} — bản chụp (tài liệu số ${i + 1})`, {
        x: MARGIN,
        y: PAGE_H - MARGIN,
        size: 12,
        font,
      });
      const w = PAGE_W - 2 * MARGIN;
      drawImage(page, image.ref, {
        x: MARGIN,
        y: PAGE_H - MARGIN - 30 - (w * height) / width,
        w,
        h: (w * height) / width,
      });
    }
    const bytes = await doc.save({ useObjectStreams: false });
    out.push({
      fileName: `tai-lieu-${String(i + 1).padStart(2, '0')}.pdf`,
      bytes,
      pages: doc.getPageCount(),
    });
  }
  return out;
}

/** A word that occurs only on the last page of the long PDF (in Vietnamese, with diacritics). */
export const LAST_PAGE_WORD = 'Quyếtnghịcuốicùng';

/**
 * A long text-only PDF (a full year's minutes, say): every page has its own heading and about
 * 400 words of Vietnamese; the last page also carries LAST_PAGE_WORD.
 */
export async function makeLongPdf(pages: number, fontBytes: Uint8Array, seed = 500): Promise<SetDocument> {
  const prng = new Prng(seed);
  const { doc, font } = await newDocument(`Biên bản tổng hợp ${pages} trang`, fontBytes);
  for (let p = 1; p <= pages; p++) {
    const extra = p === pages ? `Kết thúc tài liệu: ${LAST_PAGE_WORD} được thông qua tại trang ${p}.` : null;
    writeTextPage(
      doc.addPage([PAGE_W, PAGE_H]),
      font,
      prng,
      `Biên bản tổng hợp — trang ${p}/${pages}`,
      extra,
    );
  }
  const bytes = await doc.save({ useObjectStreams: false });
  return { fileName: `bien-ban-${pages}-trang.pdf`, bytes, pages };
}
