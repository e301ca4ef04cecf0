import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '#common/schemas/roles';
import {
  CARDS_PER_PAGE,
  cardRect,
  formatVietnamDateTime,
  type JoinSheetCard,
  type JoinSheetInput,
  qrPlacement,
  ROLE_LABELS_VI,
  renderJoinSheetPdf,
} from '../../../sync-server/participants/join-sheet-pdf';

const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const SERVER = 'http://192.168.1.10:8443';

const PEOPLE: [string, string, string, Role, string][] = [
  ['Lương Quốc Khánh', 'Chủ tịch UBND tỉnh', 'Ủy ban nhân dân tỉnh', 'chair', '7K3MQ9XZ'],
  ['Nguyễn Thị Thu Hằng', 'Chánh Văn phòng UBND tỉnh', 'Văn phòng UBND tỉnh', 'secretary', 'A1B2C3D4'],
  ['Trịnh Văn Khải', 'Phó Chủ tịch Thường trực UBND tỉnh', 'Ủy ban nhân dân tỉnh', 'delegate', '0H9WXYZ5'],
  ['Hà Thị Minh Nguyệt', 'Phó Chủ tịch UBND tỉnh', 'Ủy ban nhân dân tỉnh', 'delegate', 'MNPQRSTV'],
  ['Vũ Thị Lan Phương', 'Giám đốc Sở Tài chính', 'Sở Tài chính', 'delegate', '23456789'],
  [
    'Dương Văn Thịnh',
    'Giám đốc Sở Nông nghiệp và Môi trường',
    'Sở Nông nghiệp và Môi trường',
    'delegate',
    'ABCDEFGH',
  ],
  [
    'Triệu Thị Hồng Nhung',
    'Phó Giám đốc Sở Giáo dục và Đào tạo',
    'Sở Giáo dục và Đào tạo',
    'observer',
    'JKMNPQRS',
  ],
  ['Phùng Minh Tâm', 'Chuyên viên', 'Văn phòng UBND tỉnh', 'secretariat', 'TVWXYZ01'],
  ['Hoàng Quang Huy', 'Viên chức', 'Trung tâm Lưu trữ lịch sử tỉnh', 'archivist', 'QWERTY12'],
  ['Nông Văn Chiến', 'Giám đốc Công an tỉnh', 'Công an tỉnh', 'delegate', 'ZXCVB987'],
  ['Đặng Thị Ngọc Ánh', 'Phó Chánh Văn phòng UBND tỉnh', 'Văn phòng UBND tỉnh', 'delegate', 'HJKMN456'],
];

const CARDS: JoinSheetCard[] = PEOPLE.map(([name, position, unit, role, code]) => ({
  name,
  position,
  unit,
  role,
  code,
  joinUrl: `${SERVER}/join#code=${code}`,
  expiresAt: '2026-11-26T10:00:00.000Z',
}));

const INPUT: JoinSheetInput = {
  meetingTitle: 'Phiên họp thường kỳ tháng 11 năm 2026 của Ủy ban nhân dân tỉnh Thái Nguyên',
  body: 'Ủy ban nhân dân tỉnh Thái Nguyên',
  startsAt: '2026-11-26T08:00:00+07:00',
  place: 'Phòng họp số 1, Trụ sở UBND tỉnh',
  serverUrl: SERVER,
  cards: CARDS,
  createdAt: '2026-11-20T02:30:00.000Z',
};

function hasTool(name: string): boolean {
  return spawnSync(name, ['-v'], { stdio: 'ignore' }).error === undefined;
}
const POPPLER = hasTool('pdftotext') && hasTool('pdftoppm');

describe('formatVietnamDateTime', () => {
  it('shows Vietnam time (UTC+7) with the glossary date rules', () => {
    expect(formatVietnamDateTime('2026-11-26T01:00:00Z')).toBe('08:00 ngày 26 tháng 11 năm 2026');
    expect(formatVietnamDateTime('2026-11-26T08:00:00+07:00')).toBe('08:00 ngày 26 tháng 11 năm 2026');
    expect(formatVietnamDateTime('2026-02-05T01:05:00.000Z')).toBe('08:05 ngày 05 tháng 02 năm 2026');
    expect(formatVietnamDateTime('2026-01-31T17:30:00Z')).toBe('00:30 ngày 01 tháng 02 năm 2026');
    expect(formatVietnamDateTime('2026-03-09T14:00:00+07:00')).toBe('14:00 ngày 09 tháng 3 năm 2026');
    expect(formatVietnamDateTime('2026-12-31T20:00:00-05:00')).toBe('08:00 ngày 01 tháng 01 năm 2027');
  });

  it('reads a date-time without an offset as Vietnam time and rejects non-dates', () => {
    expect(formatVietnamDateTime('2026-11-26T08:00')).toBe('08:00 ngày 26 tháng 11 năm 2026');
    // Another meeting zone: read and shown on that clock, and named.
    expect(formatVietnamDateTime('2026-12-10T07:00:00Z', 'Europe/Paris')).toBe(
      '08:00 ngày 10 tháng 12 năm 2026 (giờ Europe/Paris)',
    );
    expect(formatVietnamDateTime('2026-12-10T08:00', 'Europe/Paris')).toBe(
      '08:00 ngày 10 tháng 12 năm 2026 (giờ Europe/Paris)',
    );
    expect(() => formatVietnamDateTime('26/11/2026')).toThrow(RangeError);
    expect(() => formatVietnamDateTime('2026-11-26')).toThrow(RangeError);
  });
});

describe('renderJoinSheetPdf', () => {
  let pdf: Uint8Array;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    pdf = await renderJoinSheetPdf(INPUT);
    dir = mkdtempSync(join(tmpdir(), 'join-sheet-'));
    file = join(dir, 'sheet.pdf');
    writeFileSync(file, pdf);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts 11 cards on 2 A4 portrait pages', async () => {
    const doc = await PDFDocument.load(pdf);
    expect(CARDS_PER_PAGE).toBe(8);
    expect(doc.getPageCount()).toBe(2);
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(A4.width, 1);
      expect(page.getHeight()).toBeCloseTo(A4.height, 1);
    }
  });

  it('carries fixed metadata and embeds font subsets only', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-11-20T02:30:00.000Z');
    expect(doc.getTitle()).toContain('Phiên họp thường kỳ tháng 11 năm 2026');
    // Four full Liberation fonts would be about 1.4 MB.
    expect(pdf.length).toBeLessThan(150_000);
  });

  it('gives the same bytes for the same input, whatever the process time zone', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      const again = await renderJoinSheetPdf(INPUT);
      expect(Buffer.from(again).equals(Buffer.from(pdf))).toBe(true);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('renders one page with a note when there are no cards', async () => {
    const doc = await PDFDocument.load(await renderJoinSheetPdf({ ...INPUT, cards: [] }));
    expect(doc.getPageCount()).toBe(1);
  });

  it('throws on an expiry it cannot read', async () => {
    const [first] = CARDS;
    if (!first) throw new Error('no cards');
    await expect(renderJoinSheetPdf({ ...INPUT, cards: [{ ...first, expiresAt: 'soon' }] })).rejects.toThrow(
      RangeError,
    );
  });

  it('draws each QR symbol at least 30 mm wide', () => {
    for (const card of CARDS) {
      const n = QRCode.create(card.joinUrl, { errorCorrectionLevel: 'M' }).modules.size;
      expect(n * qrPlacement(0, n).module).toBeGreaterThanOrEqual(30 * MM);
    }
    expect(21 * qrPlacement(0, 21).module).toBeGreaterThanOrEqual(30 * MM - 1e-9);
  });

  describe.skipIf(!POPPLER)('read back with poppler-utils', () => {
    const text = (page?: number) =>
      execFileSync(
        'pdftotext',
        [...(page ? ['-f', String(page), '-l', String(page)] : []), '-enc', 'UTF-8', file, '-'],
        {
          encoding: 'utf8',
        },
      );

    it('shows the Vietnamese names, codes, roles and times as text', () => {
      const all = text();
      for (const [name, , , role, code] of PEOPLE) {
        expect(all).toContain(name);
        expect(all).toContain(`${code.slice(0, 4)}-${code.slice(4)}`);
        expect(all).toContain(`Vai trò: ${ROLE_LABELS_VI[role]}`);
      }
      expect(all).toContain('đại biểu');
      expect(all).toContain('ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN');
      expect(all).toContain('Thời gian: 08:00 ngày 26 tháng 11 năm 2026');
      expect(all).toContain('Địa điểm: Phòng họp số 1, Trụ sở UBND tỉnh');
      expect(all).toContain('Mã dùng một lần, dùng được đến 17:00 ngày 26 tháng 11 năm 2026.');
      // The instruction wraps inside the card: compare with the line breaks folded.
      expect(all.replace(/\s+/g, ' ')).toContain(
        `Mở ${SERVER} trên máy tính/máy tính bảng, nhập mã hoặc quét mã QR.`,
      );
    });

    it('repeats the header on page 2 and numbers pages from page 2', () => {
      const first = text(1);
      const second = text(2);
      expect(second).toContain('Phiên họp thường kỳ tháng 11 năm 2026');
      expect(second.split('\n').map((l) => l.trim())).toContain('2');
      expect(first.split('\n').map((l) => l.trim())).not.toContain('1');
      expect(second).toContain('Đặng Thị Ngọc Ánh');
      expect(first).not.toContain('Đặng Thị Ngọc Ánh');
    });

    it('keeps every word of a card inside its cut lines and out of the QR quiet zone', () => {
      const long: JoinSheetCard = {
        name: 'Công Tằng Tôn Nữ Thị Phương Thảo Nguyên Hoàng',
        position: 'Phó Trưởng phòng Tổng hợp, Kiểm soát thủ tục hành chính và Hành chính tổ chức',
        unit: 'Trung tâm Lưu trữ lịch sử tỉnh Thái Nguyên thuộc Sở Nội vụ tỉnh Thái Nguyên',
        role: 'archivist',
        code: 'ABCDEFGH',
        joinUrl: `http://phong-hop-khong-giay.ubnd-thainguyen.example.vn:8443/join#code=ABCDEFGH`,
        expiresAt: '2026-11-26T10:00:00Z',
      };
      return renderJoinSheetPdf({
        ...INPUT,
        serverUrl: 'http://phong-hop-khong-giay.ubnd-thainguyen.example.vn:8443',
        cards: [...CARDS.slice(0, 7), long],
      }).then((bytes) => {
        const path = join(dir, 'long.pdf');
        writeFileSync(path, bytes);
        const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', path, '-'], {
          encoding: 'utf8',
        });
        const words = [
          ...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g),
        ].map((m) => ({
          x0: Number(m[1]),
          // pdftotext measures from the top; card geometry is in PDF points from the bottom.
          y0: A4.height - Number(m[4]),
          x1: Number(m[3]),
          y1: A4.height - Number(m[2]),
          text: m[5] ?? '',
        }));
        const inGrid = words.filter((w) => w.y1 <= cardRect(0).top + 0.5);
        expect(inGrid.length).toBeGreaterThan(100);
        for (const w of inGrid) {
          const slot = [...Array(8).keys()].find((s) => {
            const r = cardRect(s);
            return w.x0 >= r.left && w.x1 <= r.left + r.width && w.y0 >= r.top - r.height && w.y1 <= r.top;
          });
          expect(slot, `"${w.text}" is not inside one card`).toBeDefined();
          const r = cardRect(slot ?? 0);
          expect(w.x0 - r.left, `"${w.text}" too close to the left cut line`).toBeGreaterThan(3 * MM);
          expect(w.y0 - (r.top - r.height), `"${w.text}" too close to the bottom cut line`).toBeGreaterThan(
            2 * MM,
          );
          const url = (slot === 7 ? long : CARDS[slot ?? 0])?.joinUrl ?? '';
          const n = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules.size;
          const q = qrPlacement(slot ?? 0, n);
          const quiet = { x0: q.left - 4 * q.module, x1: q.left + (n + 4) * q.module };
          const qy = { y1: q.top + 4 * q.module, y0: q.top - (n + 4) * q.module };
          const overlaps = w.x1 > quiet.x0 && w.x0 < quiet.x1 && w.y1 > qy.y0 && w.y0 < qy.y1;
          expect(overlaps, `"${w.text}" is inside the QR quiet zone`).toBe(false);
        }
        const all = words.map((w) => w.text).join(' ');
        expect(all).toContain('Công');
        expect(all).toContain('ABCD-EFGH');
      });
    });

    it('renders page 1 at 50 dpi as an A4-sized PNG', () => {
      execFileSync('pdftoppm', [
        '-r',
        '50',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        '-png',
        file,
        join(dir, 'page1'),
      ]);
      const png = readFileSync(join(dir, 'page1.png'));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(Math.abs(png.readUInt32BE(16) - (210 / 25.4) * 50)).toBeLessThan(1.5);
      expect(Math.abs(png.readUInt32BE(20) - (297 / 25.4) * 50)).toBeLessThan(1.5);
    });

    /**
     * No QR decoder is installed, so the pixels are checked against the matrix the QR
     * library computes: rasterise the page, sample the centre of every module and of the
     * quiet zone around it, and compare.
     */
    it.each([
      [0, 1, 0],
      [5, 1, 5],
      [10, 2, 2],
    ])(
      'prints the QR of card %i (page %i, slot %i) module by module, with a clean quiet zone',
      (index, page, slot) => {
        const card = CARDS[index];
        if (!card) throw new Error('no card');
        const modules = QRCode.create(card.joinUrl, { errorCorrectionLevel: 'M' }).modules;
        const n = modules.size;
        const { left, top, module } = qrPlacement(slot, n);
        const dpi = 300;
        const px = (pt: number) => (pt * dpi) / 72;
        const quiet = 4 * module;
        const x0 = Math.floor(px(left - quiet));
        const y0 = Math.floor(px(A4.height - top - quiet));
        const size = Math.ceil(px((n + 8) * module)) + 2;
        const out = join(dir, `qr-${index}`);
        execFileSync('pdftoppm', [
          ...['-r', String(dpi), '-f', String(page), '-l', String(page), '-gray', '-singlefile'],
          ...['-x', String(x0), '-y', String(y0), '-W', String(size), '-H', String(size)],
          file,
          out,
        ]);
        const image = readPgm(readFileSync(`${out}.pgm`));
        const sample = (row: number, col: number) => {
          const x = Math.floor(px(left + (col + 0.5) * module)) - x0;
          const y = Math.floor(px(A4.height - top + (row + 0.5) * module)) - y0;
          return image.at(x, y);
        };
        let mismatches = 0;
        for (let row = -4; row < n + 4; row++) {
          for (let col = -4; col < n + 4; col++) {
            const inside = row >= 0 && col >= 0 && row < n && col < n;
            const dark = inside && modules.get(row, col) === 1;
            const value = sample(row, col);
            if (dark ? value > 64 : value < 192) mismatches++;
          }
        }
        expect(mismatches).toBe(0);
      },
    );
  });
});

/** A binary PGM (P5, 8-bit) as pdftoppm -gray writes it. */
function readPgm(bytes: Buffer): { width: number; height: number; at(x: number, y: number): number } {
  const header = bytes.subarray(0, 64).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  if (!m) throw new Error('not a binary PGM');
  const width = Number(m[1]);
  const height = Number(m[2]);
  const offset = m[0].length;
  return {
    width,
    height,
    at(x: number, y: number) {
      if (x < 0 || y < 0 || x >= width || y >= height) throw new Error(`outside the image: ${x},${y}`);
      return bytes[offset + y * width + x] ?? 0;
    },
  };
}
