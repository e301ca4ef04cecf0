import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  HeadingLevel,
  type ILevelsOptions,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { Inline, MinutesBlock } from '#common/schemas/minutes';
import type { MinutesExportModel } from '#common/schemas/minutes-export';
import { recordTables } from '../../pdf/minutes/minutes-blocks';
import { closingLine, numberLine, openingLines, plain } from '../../pdf/minutes/minutes-pdf';
import { viMoment } from '../../pdf/minutes/vi-time';
import type { TableSpec } from '../../pdf/table';
import { plainText } from '../../pdf/text-runs';

/**
 * The minutes (biên bản) as a Word document in the layout of Decree 30/2020 form 1.9 — the same
 * parts in the same order as the PDF: the header table (governing and issuing body and the
 * number on the left; national name and motto on the right, each with its rule), the title and
 * subject, the body (justified, first-line indent 1.27 cm), headings, lists, each record block
 * as a real table, the closing line, the THƯ KÝ / CHỦ TỌA signature table, "Nơi nhận:", then
 * the addenda. A4 with the decree's margins; page numbers from page 2 at the top centre (the
 * first page has its own, empty header). A draft carries "BẢN NHÁP" in the header of every page
 * and no register number.
 *
 * The wording (opening facts, record tables, closing line, number, addenda) is the PDF's own
 * (`pdf/minutes/`), so the two exports say the same thing. The font is named "Times New
 * Roman", as the decree says; LibreOffice substitutes the
 * metric-compatible Liberation Serif where Times is not installed, so lines break alike.
 */

/** Twentieths of a point per millimetre. */
const TWIP_PER_MM = 1440 / 25.4;
const mm = (n: number) => Math.round(n * TWIP_PER_MM);
/** docx sizes are half-points. */
const pt = (n: number) => Math.round(n * 2);

const FONT = 'Times New Roman';
const A4 = { width: mm(210), height: mm(297) };
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
/** The text width: 210 − 30 − 15 = 165 mm. */
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const HEADER_LEFT = Math.round(TEXT_WIDTH * 0.4);
const HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT;
const BODY_SIZE = 14;
const FIRST_LINE_INDENT = mm(12.7);
/** Space after a paragraph (Decree 30: at least 6 pt), in twips. */
const PARAGRAPH_AFTER = 6 * 20;
/** Line spacing in 240ths of a line: 1.22 lines, as the PDF. */
const LINE = Math.round(240 * 1.22);
/** Measured once with Liberation Serif Bold: "Độc lập - Tự do - Hạnh phúc" at 13.5 pt. */
const MOTTO_WIDTH = 165 * 20;
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const DRAFT_MARK = 'BẢN NHÁP';

const draft = (model: MinutesExportModel) => model.state === 'draft';

const ORDERED = 'minutes-ordered';
const BULLET = 'minutes-bullet';

const NO_BORDERS = TableBorders.NONE;
const RULE = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } as const;
const CELL_LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const GRID = {
  top: CELL_LINE,
  bottom: CELL_LINE,
  left: CELL_LINE,
  right: CELL_LINE,
  insideHorizontal: CELL_LINE,
  insideVertical: CELL_LINE,
};

interface RunStyle {
  size?: number;
  bold?: boolean;
  italics?: boolean;
}

function run(text: string, style: RunStyle = {}): TextRun {
  return new TextRun({
    text,
    font: FONT,
    size: pt(style.size ?? BODY_SIZE),
    ...(style.bold ? { bold: true } : {}),
    ...(style.italics ? { italics: true } : {}),
  });
}

function inlines(content: readonly Inline[], base: RunStyle = {}): ParagraphChild[] {
  return content.map(
    (c) =>
      new TextRun({
        text: c.text,
        font: FONT,
        size: pt(base.size ?? BODY_SIZE),
        ...(c.bold || base.bold ? { bold: true } : {}),
        ...(c.italic || base.italics ? { italics: true } : {}),
        ...(c.underline ? { underline: {} } : {}),
      }),
  );
}

/** A centred line of a header or signature column. */
function centred(text: string, style: RunStyle & { after?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: style.after ?? 0, line: 240 },
    children: text === '' ? [] : [run(text, style)],
  });
}

/**
 * A rule under the line above, `indent` leaving it as long as the decree wants: an empty
 * paragraph one point high whose top border is the rule.
 */
function rule(indent: { left: number; right: number }, after = 0): Paragraph {
  return new Paragraph({
    border: { top: RULE },
    indent,
    spacing: { before: 0, after, line: 20, lineRule: LineRuleType.EXACT },
    children: [],
  });
}

/** Left/right indents that leave a paragraph `length` twips wide in a column of `column` twips. */
function ruleOf(column: number, length: number): { left: number; right: number } {
  const side = Math.max(0, Math.round((column - length) / 2));
  return { left: side, right: side };
}

/** Rough width of a bold capitals line: its rule is 1/3–1/2 of it (Decree 30 Appendix I). */
function issuerRule(lines: readonly string[], size: number): number {
  const longest = Math.max(...lines.map((l) => l.length), 1);
  const text = Math.min(HEADER_LEFT, longest * size * 0.68 * 20);
  return Math.round(text * 0.4);
}

function cell(children: Paragraph[], width: number, extra: { borders?: boolean } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    ...(extra.borders ? {} : { borders: NO_BORDERS }),
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
    children,
  });
}

function headerTable(model: MinutesExportModel): Table {
  const governing = model.meeting.body.trim() ? [model.meeting.body.toUpperCase()] : [];
  const issuer = [model.meeting.issuingBody.toUpperCase()];
  const left: Paragraph[] = [
    ...governing.map((g) => centred(g, { size: 13 })),
    ...issuer.map((line) => centred(line, { size: 13, bold: true })),
    rule(ruleOf(HEADER_LEFT, issuerRule(issuer, 13)), 160),
    centred(numberLine(draft(model) ? null : model.registerNumber, 'BB', model.meeting.abbreviation), {
      size: 13,
    }),
  ];
  if (model.meeting.classified) left.push(centred('MẬT', { size: 13, bold: true }));
  const right: Paragraph[] = [
    centred(NATIONAL_NAME, { size: 12.5, bold: true }),
    centred(MOTTO, { size: 13.5, bold: true }),
    rule(ruleOf(HEADER_RIGHT, MOTTO_WIDTH)),
  ];
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [HEADER_LEFT, HEADER_RIGHT],
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, HEADER_LEFT), cell(right, HEADER_RIGHT)] })],
  });
}

function bodyParagraph(children: ParagraphChild[], opts: { indent?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: { after: PARAGRAPH_AFTER, line: LINE },
    ...(opts.indent === false ? {} : { indent: { firstLine: FIRST_LINE_INDENT } }),
    children,
  });
}

const HEADING = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;

/** A caption line above a record table (bold, centred), or its note (italic, right). */
function captionLine(text: string, kind: 'caption' | 'note'): Paragraph {
  return new Paragraph({
    keepNext: true,
    alignment: kind === 'caption' ? AlignmentType.CENTER : AlignmentType.RIGHT,
    spacing: { before: kind === 'caption' ? 60 : 0, after: 60, line: 240 },
    children: [run(text, kind === 'caption' ? { bold: true } : { size: 12, italics: true })],
  });
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

/** One record table as a Word table: its caption, a bold heading row repeated on each page, the rows. */
function wordTable(t: TableSpec): (Paragraph | Table)[] {
  const total = t.columns.reduce((a, c) => a + c.width, 0);
  const widths = t.columns.map((c) => Math.floor((c.width / total) * TEXT_WIDTH));
  const size = t.size ?? 12;
  const row = (cells: readonly (string | TableSpec['rows'][number][number])[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map((text, i) => {
        const value = plainText(text);
        return new TableCell({
          width: { size: widths[i] ?? 0, type: WidthType.DXA },
          verticalAlign: VerticalAlign.CENTER,
          margins: { left: 60, right: 60, top: 40, bottom: 40 },
          children: [
            new Paragraph({
              alignment: header ? AlignmentType.CENTER : ALIGN[t.columns[i]?.align ?? 'left'],
              spacing: { after: 0, line: 240 },
              children: value === '' ? [] : [run(value, { size, bold: header })],
            }),
          ],
        });
      }),
    });
  const out: (Paragraph | Table)[] = [];
  if (t.caption !== undefined) out.push(captionLine(plainText(t.caption), 'caption'));
  if (t.note !== undefined) out.push(captionLine(plainText(t.note), 'note'));
  out.push(
    new Table({
      layout: TableLayoutType.FIXED,
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      borders: GRID,
      rows: [row(t.header, true), ...t.rows.map((r) => row(r, false))],
    }),
  );
  return out;
}

/** A blank line between a table and what follows (Word needs a paragraph between two tables). */
const gap = () => new Paragraph({ spacing: { after: 0, line: 240 }, children: [] });

function blockElements(
  block: MinutesBlock,
  timeZone: string,
  listIndex: () => number,
): (Paragraph | Table)[] {
  switch (block.type) {
    case 'heading':
      return [
        new Paragraph({
          heading: HEADING[block.level - 1],
          alignment: AlignmentType.JUSTIFIED,
          keepNext: true,
          spacing: { before: 120, after: PARAGRAPH_AFTER, line: LINE },
          indent: { firstLine: FIRST_LINE_INDENT },
          children: inlines(block.content, { bold: true, italics: block.level === 3 }),
        }),
      ];
    case 'paragraph':
      return [bodyParagraph(inlines(block.content))];
    case 'list': {
      const instance = listIndex();
      return block.items.map(
        (item) =>
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            spacing: { after: PARAGRAPH_AFTER / 2, line: LINE },
            numbering: { reference: block.ordered ? ORDERED : BULLET, level: 0, instance },
            children: inlines(item),
          }),
      );
    }
    case 'record': {
      const r = recordTables(block.record, timeZone);
      const out: (Paragraph | Table)[] = [];
      if (r.lead !== undefined) out.push(bodyParagraph([run(r.lead)]));
      for (const t of r.tables) out.push(...wordTable(t), gap());
      for (const line of r.tail) out.push(bodyParagraph([run(line)]));
      return out;
    }
    default:
      throw new Error(`unknown block ${String((block satisfies never as { type: string }).type)}`);
  }
}

function signatureTable(model: MinutesExportModel): Table {
  const half = Math.round(TEXT_WIDTH / 2);
  const column = (title: string, name: string | undefined) => [
    centred(title, { bold: true, after: 1400 }),
    centred(name ?? '', { bold: true }),
  ];
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [half, TEXT_WIDTH - half],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          cell(column('THƯ KÝ', model.secretary?.name), half),
          cell(column('CHỦ TỌA', model.chair?.name), TEXT_WIDTH - half),
        ],
      }),
    ],
  });
}

function recipients(model: MinutesExportModel): Paragraph[] {
  const line = (text: string) =>
    new Paragraph({ spacing: { after: 0, line: 240 }, children: [run(text, { size: 11 })] });
  return [
    new Paragraph({
      spacing: { before: 240, after: 0, line: 240 },
      children: [run('Nơi nhận:', { size: 12, bold: true, italics: true })],
    }),
    ...model.recipients.map((r, i) => line(`- ${r}${i === model.recipients.length - 1 ? '.' : ';'}`)),
  ];
}

/** Corrections after finalising, after the signatures, as the PDF writes them. */
function addenda(model: MinutesExportModel): Paragraph[] {
  if (model.addenda.length === 0) return [];
  const tz = model.meeting.timeZone;
  const ref = model.registerNumber ? ` số ${model.registerNumber}` : '';
  const finalised = model.finalisedAt ? ` ${viMoment(model.finalisedAt, tz).date.text}` : '';
  return [
    new Paragraph({
      pageBreakBefore: true,
      alignment: AlignmentType.CENTER,
      spacing: { after: 0, line: LINE },
      children: [run('PHỤ LỤC ĐÍNH CHÍNH', { bold: true })],
    }),
    centred(`(Kèm theo Biên bản${ref}${finalised})`, { italics: true }),
    rule(ruleOf(TEXT_WIDTH, 60 * 20), 240),
    ...model.addenda.flatMap((a) => {
      const at = viMoment(a.at, tz);
      return [
        new Paragraph({
          keepNext: true,
          alignment: AlignmentType.JUSTIFIED,
          spacing: { after: 40, line: LINE },
          indent: { firstLine: FIRST_LINE_INDENT },
          children: [run(`Đính chính ${a.seq} (${at.time}, ${at.date.text}, ${a.by}):`, { bold: true })],
        }),
        ...a.text
          .split(/\n+/)
          .filter((p) => p.trim() !== '')
          .map((p) => bodyParagraph([run(p)])),
      ];
    }),
  ];
}

const LIST_LEVELS: Record<typeof ORDERED | typeof BULLET, ILevelsOptions[]> = {
  [ORDERED]: [
    {
      level: 0,
      format: LevelFormat.DECIMAL,
      text: '%1.',
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: FIRST_LINE_INDENT + 360, hanging: 360 } } },
    },
  ],
  [BULLET]: [
    {
      level: 0,
      format: LevelFormat.BULLET,
      text: '-',
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: FIRST_LINE_INDENT + 360, hanging: 360 } } },
    },
  ],
};

/** Builds the minutes' DOCX bytes. */
export async function minutesDocx(model: MinutesExportModel): Promise<Uint8Array> {
  const isDraft = draft(model);
  const blocks = model.content.blocks;
  // The facts form 1.9 opens and closes with, where the text does not state them (as the PDF).
  const opening = blocks.some((b) => /thời gian/i.test(plain(b))) ? [] : openingLines(model);
  const closing = blocks.some((b) => /^\s*cuộc họp kết thúc/i.test(plain(b))) ? [] : [closingLine(model)];
  let lists = 0;
  const body: (Paragraph | Table)[] = [
    headerTable(model),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 360, after: 0, line: 240 },
      children: [run('BIÊN BẢN', { bold: true })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 360, line: 240 },
      children: [run(model.meeting.title, { bold: true })],
    }),
    ...opening.map((line) => bodyParagraph([run(line)])),
    ...blocks.flatMap((b) => blockElements(b, model.meeting.timeZone, () => ++lists)),
    ...closing.map((line) => bodyParagraph([run(line)])),
    new Paragraph({ spacing: { after: 120, line: 240 }, children: [] }),
    signatureTable(model),
    ...recipients(model),
    ...addenda(model),
  ];
  const draftMark = () =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { after: 0, line: 240 },
      children: [
        new TextRun({ text: `${DRAFT_MARK} / DRAFT`, font: FONT, size: pt(13), bold: true, color: 'C00000' }),
      ],
    });
  const pageNumber = new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 0, line: 240 },
    children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: pt(14) })],
  });
  const doc = new Document({
    creator: 'Paperless Room',
    title: `Biên bản ${model.meeting.title}`,
    description: isDraft ? `${DRAFT_MARK}: chưa được chủ tọa thông qua` : (model.registerNumber ?? ''),
    styles: {
      default: {
        document: { run: { font: FONT, size: pt(BODY_SIZE) }, paragraph: { spacing: { line: LINE } } },
        heading1: { run: { font: FONT, size: pt(BODY_SIZE), bold: true, color: '000000' } },
        heading2: { run: { font: FONT, size: pt(BODY_SIZE), bold: true, color: '000000' } },
        heading3: { run: { font: FONT, size: pt(BODY_SIZE), bold: true, italics: true, color: '000000' } },
      },
    },
    numbering: {
      config: [
        { reference: ORDERED, levels: LIST_LEVELS[ORDERED] },
        { reference: BULLET, levels: LIST_LEVELS[BULLET] },
      ],
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: A4,
            margin: { ...MARGIN, header: mm(10), footer: mm(10) },
          },
        },
        headers: {
          first: new Header({ children: isDraft ? [draftMark()] : [] }),
          default: new Header({ children: isDraft ? [pageNumber, draftMark()] : [pageNumber] }),
        },
        children: body,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
