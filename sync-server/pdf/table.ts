import type { Line } from './line-break';
import { ASCENT, type PageWriter } from './page-writer';
import type { Text } from './text-runs';

/** A ruled table spanning the text block. */
export interface TableSpec {
  /** Centred bold line above the table: "Bảng 1. …". */
  caption?: Text;
  /** Right-aligned italic note above the table, e.g. "Đơn vị tính: tỷ đồng". */
  note?: Text;
  /** Relative column widths (scaled to the text block) and body alignment. */
  columns: { width: number; align?: 'left' | 'center' | 'right' }[];
  /** Header cells: bold (plain strings), centred, repeated on every page the table reaches. */
  header: Text[];
  rows: Text[][];
  /** Cell font size; 12 pt when absent. */
  size?: number;
  /** Space after the table; 10 pt when absent. */
  after?: number;
}

const PAD_X = 3;
const PAD_Y = 3;
const CELL_LEADING = 1.18;
const RULE = 0.5;
/** A table no taller than this share of the text block is kept on one page. */
const SMALL_TABLE = 0.4;

interface TableGeometry {
  size: number;
  lineHeight: number;
  widths: number[];
  /** Left edges of the columns, then the right edge of the last one. */
  xs: number[];
}

function geometry(w: PageWriter, spec: TableSpec): TableGeometry {
  const size = spec.size ?? 12;
  const total = spec.columns.reduce((sum, c) => sum + c.width, 0);
  const widths = spec.columns.map((c) => (c.width / total) * w.textWidth);
  const xs = [w.left];
  for (const width of widths) xs.push((xs[xs.length - 1] ?? w.left) + width);
  return { size, lineHeight: size * CELL_LEADING, widths, xs };
}

function layoutRow(w: PageWriter, g: TableGeometry, cells: readonly Text[], header: boolean) {
  const wrapped = cells.map((cell, c) =>
    w.lines(cell, { size: g.size, width: (g.widths[c] ?? 0) - 2 * PAD_X, face: header ? 'b' : 'r' }),
  );
  const height = Math.max(1, ...wrapped.map((lines) => lines.length)) * g.lineHeight + 2 * PAD_Y;
  return { wrapped, height };
}

function captionOptions(w: PageWriter) {
  return { align: 'center', face: 'b', size: w.defaults.size, after: 0 } as const;
}

const NOTE = { align: 'right', face: 'i', size: 12, after: 2 } as const;

/**
 * Height that must be free before a table starts: the whole table when it is small (kept
 * on one page), otherwise its caption, header and first row.
 */
export function tableKeepHeight(w: PageWriter, spec: TableSpec): number {
  const g = geometry(w, spec);
  const caption = spec.caption ? w.paragraphHeight(spec.caption, captionOptions(w)) : 0;
  const note = spec.note ? w.paragraphHeight(spec.note, NOTE) + NOTE.after : 0;
  const header = layoutRow(w, g, spec.header, true).height;
  const rows = spec.rows.map((row) => layoutRow(w, g, row, false).height);
  const start = caption + note + header + (rows[0] ?? 0);
  const full = caption + note + header + rows.reduce((a, b) => a + b, 0);
  const small = full <= (w.height - w.margin.top - w.margin.bottom) * SMALL_TABLE;
  return small ? full : start;
}

/** Draws a table at the cursor; rows that do not fit go to the next page under a repeated header. */
export function drawTable(w: PageWriter, spec: TableSpec): void {
  w.ensure(tableKeepHeight(w, spec));
  const g = geometry(w, spec);
  const leftEdge = g.xs[0] ?? w.left;
  const rightEdge = g.xs[g.xs.length - 1] ?? w.left;

  const drawRow = (cells: readonly Text[], header: boolean) => {
    const { wrapped, height } = layoutRow(w, g, cells, header);
    const top = w.y;
    wrapped.forEach((lines: Line[], c) => {
      const align = header ? 'center' : (spec.columns[c]?.align ?? 'left');
      const cellX = g.xs[c] ?? w.left;
      const cellW = g.widths[c] ?? 0;
      // Header cells are centred vertically, body cells start at the top.
      const offset = header ? (height - 2 * PAD_Y - lines.length * g.lineHeight) / 2 : 0;
      lines.forEach((line, i) => {
        let x = cellX + PAD_X;
        if (align === 'center') x = cellX + (cellW - line.width) / 2;
        else if (align === 'right') x = cellX + cellW - PAD_X - line.width;
        const baseline = top - PAD_Y - offset - i * g.lineHeight - g.size * ASCENT;
        w.drawLine(line, { x, baseline, size: g.size });
      });
    });
    const bottom = top - height;
    w.strokeLine({ x: leftEdge, y: top }, { x: rightEdge, y: top }, { thickness: RULE });
    w.strokeLine({ x: leftEdge, y: bottom }, { x: rightEdge, y: bottom }, { thickness: RULE });
    for (const x of g.xs) w.strokeLine({ x, y: top }, { x, y: bottom }, { thickness: RULE });
    w.y = bottom;
  };

  if (spec.caption) w.paragraph(spec.caption, captionOptions(w));
  if (spec.note) w.paragraph(spec.note, NOTE);
  w.ensure(layoutRow(w, g, spec.header, true).height + g.lineHeight * 2);
  drawRow(spec.header, true);
  for (const row of spec.rows) {
    if (w.y - layoutRow(w, g, row, false).height < w.margin.bottom) {
      w.newPage();
      drawRow(spec.header, true);
    }
    drawRow(row, false);
  }
  w.y -= spec.after ?? 10;
}
