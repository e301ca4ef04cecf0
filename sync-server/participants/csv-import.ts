/**
 * Reads a participant list exported from Excel (or written by hand) as CSV.
 *
 * The secretariat usually keeps the list in Excel with Vietnamese headers, and Excel's
 * defaults are hostile: "CSV (Comma delimited)" writes the Windows ANSI code page
 * (Windows-1258 on Vietnamese Windows, Windows-1252 elsewhere), a Vietnamese locale
 * separates with `;`, "Unicode Text" is UTF-16. We accept UTF-8 with or without BOM,
 * comma or semicolon, and reject everything else with a message that says how to save the
 * file correctly. Import is all-or-nothing: any problem in any row fails the whole file, so
 * a half-imported list never has to be cleaned up by hand.
 */
import type { CsvError } from 'csv-parse/sync';
import { parse } from 'csv-parse/sync';
import { because, type CsvField, type ReasonRef } from '#common/schemas/error-reasons';
import { type CreateParticipantRequest, CreateParticipantRequestSchema } from '#common/schemas/participant';
import type { Role } from '#common/schemas/roles';

/**
 * One problem found in the file; `path` is `file`, `header` or `line N` (1-based, also in
 * `line`). `message` is English for logs and older clients; `reason` and `params` let the
 * client say it in the user's language.
 */
export interface CsvImportIssue extends ReasonRef {
  path: string;
  message: string;
  line?: number;
}

/** An issue about the file as a whole, or the header row. */
function fileIssue(path: 'file' | 'header', message: string, why: ReasonRef): CsvImportIssue {
  return { path, message, ...why };
}

/** An issue about one line of the file. */
function lineIssue(line: number, message: string, why: ReasonRef): CsvImportIssue {
  return { path: `line ${line}`, line, message, ...why };
}

export type CsvImportResult =
  | { ok: true; rows: CreateParticipantRequest[] }
  | { ok: false; issues: CsvImportIssue[] };

/** Most participant rows one file may hold. */
export const MAX_IMPORT_ROWS = 2000;

type Field = CsvField;

/** Shown in messages: the Vietnamese header we print in templates, then the field id. */
const FIELD_LABELS: Record<Field, string> = {
  name: 'Họ và tên',
  position: 'Chức vụ',
  unit: 'Đơn vị',
  role: 'Vai trò',
  group: 'Nhóm',
};

/** Accepted headers per field, already folded (see `fold`). */
const HEADER_ALIASES: Record<Field, readonly string[]> = {
  name: ['ho va ten', 'ho ten', 'ten', 'name', 'full name', 'fullname'],
  position: ['chuc vu', 'position', 'title'],
  unit: ['don vi', 'co quan', 'unit', 'organisation', 'organization'],
  role: ['vai tro', 'role'],
  group: ['nhom', 'group'],
};

/**
 * Row-number columns ("STT", số thứ tự) head almost every Vietnamese list; they carry no
 * data, so they are accepted and ignored rather than rejected as unknown.
 */
const IGNORED_HEADERS: readonly string[] = ['stt', 'tt', 'so tt', 'so thu tu', 'no'];

const REQUIRED_FIELDS: readonly Field[] = ['name', 'role'];

/** Role labels, folded, as the glossary (and people typing them) write them. */
const ROLE_ALIASES: Record<Role, readonly string[]> = {
  chair: ['chu toa', 'chu tri', 'chair'],
  secretary: ['thu ky', 'secretary'],
  delegate: ['dai bieu', 'thanh vien', 'delegate', 'member'],
  observer: ['khach moi', 'nguoi du thinh', 'du thinh', 'observer', 'guest'],
  secretariat: ['van thu', 'bo phan to chuc cuoc hop', 'secretariat'],
  archivist: ['luu tru', 'can bo luu tru', 'archivist'],
};

const ROLE_BY_ALIAS: ReadonlyMap<string, Role> = new Map(
  (Object.entries(ROLE_ALIASES) as [Role, readonly string[]][]).flatMap(([role, aliases]) =>
    aliases.map((alias) => [alias, role] as const),
  ),
);

const ROLE_HELP =
  'Use one of: Chủ tọa (Chủ trì), Thư ký, Đại biểu (Thành viên), Khách mời (Người dự thính), ' +
  'Văn thư, Cán bộ lưu trữ; or chair, secretary, delegate, observer, secretariat, archivist.';

const SAVE_AS_UTF8 = 'In Excel choose "CSV UTF-8 (Comma delimited)" when saving';

/**
 * Parses a participant CSV into create requests, or returns every problem found.
 *
 * Line numbers are physical lines of the file (the header is line 1; a quoted cell with a
 * line break makes its row span two lines, and the row is reported by its first line).
 * Cells are trimmed and NFC-normalised, and runs of white space inside a cell (including
 * line breaks from Alt+Enter in Excel) become one space.
 */
export function parseParticipantCsv(bytes: Uint8Array): CsvImportResult {
  const decoded = decode(bytes);
  if (!decoded.ok) return { ok: false, issues: [fileIssue('file', decoded.message, decoded.why)] };
  const text = decoded.text;
  if (text.trim() === '') return { ok: false, issues: [emptyFileIssue()] };

  const records: { cells: string[]; line: number }[] = [];
  try {
    parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      // Header plus one row too many: enough to say the file is too long, without reading it all.
      to: MAX_IMPORT_ROWS + 2,
      on_record: (record: string[], context) => {
        const breaks = record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
        records.push({ cells: record.map(cleanCell), line: context.lines - breaks });
        return record;
      },
    });
  } catch (err) {
    return { ok: false, issues: [csvErrorIssue(err)] };
  }

  const [header, ...rows] = records;
  if (!header) return { ok: false, issues: [emptyFileIssue()] };
  if (rows.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      issues: [
        fileIssue(
          'file',
          `The file has more than ${MAX_IMPORT_ROWS} participant rows; at most ${MAX_IMPORT_ROWS} can be imported at once. Split the list into several files.`,
          because('csv_too_many_rows', { maxRows: MAX_IMPORT_ROWS }),
        ),
      ],
    };
  }

  const columns = mapHeader(header.cells);
  if (!columns.ok) return { ok: false, issues: columns.issues };
  if (rows.length === 0) {
    return {
      ok: false,
      issues: [
        fileIssue('file', 'The file has a header row but no participant rows.', because('csv_no_rows')),
      ],
    };
  }

  const issues: CsvImportIssue[] = [];
  const out: CreateParticipantRequest[] = [];
  for (const row of rows) {
    const result = readRow(row.cells, columns.fields);
    if (result.ok) out.push(result.value);
    else
      for (const problem of result.problems) issues.push(lineIssue(row.line, problem.message, problem.why));
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, rows: out };
}

// ---------------------------------------------------------------------------------------
// Encoding

type Decoded = { ok: true; text: string } | { ok: false; message: string; why: ReasonRef };

/** The file has nothing in it, or only blank lines. */
function emptyFileIssue(): CsvImportIssue {
  return fileIssue(
    'file',
    'The file is empty: expected a header row and participant rows.',
    because('csv_empty'),
  );
}

function decode(bytes: Uint8Array): Decoded {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    return { ok: false, message: utf16Message(), why: because('csv_utf16') };
  }
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return {
      ok: false,
      message: `This is an Excel workbook (.xlsx), not a CSV file. ${SAVE_AS_UTF8} (File → Save As) and import that file.`,
      why: because('csv_xlsx'),
    };
  }
  // UTF-16 without a BOM: ASCII text then has a zero byte in every other position.
  if (bytes.includes(0)) return { ok: false, message: utf16Message(), why: because('csv_utf16') };
  let text: string;
  try {
    // The decoder drops a leading UTF-8 BOM (ignoreBOM defaults to false).
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, ...notUtf8(bytes) };
  }
  return { ok: true, text };
}

function utf16Message(): string {
  return `The file is UTF-16 ("Unicode Text"), not UTF-8. ${SAVE_AS_UTF8} instead.`;
}

/** Bytes that only Windows-1258 gives Vietnamese meaning: ă Ă ơ Ơ ư Ư đ Đ and the five tone marks. */
const CP1258_VIETNAMESE = new Set([
  0xe3, 0xc3, 0xf5, 0xd5, 0xfd, 0xdd, 0xf0, 0xd0, 0xcc, 0xec, 0xd2, 0xde, 0xf2,
]);

/**
 * Explains a non-UTF-8 file. Excel's plain "CSV" is the ANSI code page: on Vietnamese
 * Windows that is Windows-1258, whose letters ă/ơ/ư/đ and tone marks sit on bytes of their
 * own; when those appear we show how the first such line reads in Windows-1258, so the
 * secretariat recognises the names and knows the diagnosis is right.
 */
function notUtf8(bytes: Uint8Array): { message: string; why: ReasonRef } {
  const base = 'The file is not UTF-8.';
  const advice = `${SAVE_AS_UTF8} (Windows-1258 files are not supported).`;
  const firstBad = firstInvalidUtf8(bytes);
  const line = lineOf(bytes, firstBad);
  const high = bytes.filter((b) => b >= 0x80);
  const vietnamese = high.filter((b) => CP1258_VIETNAMESE.has(b)).length;
  if (vietnamese > 0 && vietnamese * 4 >= high.length) {
    const preview = previewLine(bytes, firstBad, 'windows-1258');
    const reads = preview ? ` Line ${line} reads "${preview}" in that encoding.` : '';
    return {
      message: `${base} It looks like a Windows-1258 (Vietnamese ANSI) export from Excel's plain "CSV" format.${reads} ${advice}`,
      why: preview
        ? because('csv_windows_1258_preview', { line, preview })
        : because('csv_windows_1258', { line }),
    };
  }
  return {
    message: `${base} It looks like a Windows-1252 or other ANSI export (first invalid byte on line ${line}); that encoding cannot hold Vietnamese letters. ${advice}`,
    why: because('csv_ansi', { line }),
  };
}

/** Offset of the first byte that breaks UTF-8 (the decoder only tells us that one does). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function previewLine(bytes: Uint8Array, offset: number, encoding: string): string | null {
  let start = offset;
  while (start > 0 && bytes[start - 1] !== 0x0a) start--;
  let end = offset;
  while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
  try {
    const text = new TextDecoder(encoding).decode(bytes.subarray(start, end)).normalize('NFC').trim();
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  } catch {
    // A Node without full ICU has no windows-1258 decoder; the message still stands.
    return null;
  }
}

// ---------------------------------------------------------------------------------------
// Parsing

/** `;` when the header line has more semicolons than commas (Excel in a Vietnamese locale), else `,`. */
function detectDelimiter(text: string): ',' | ';' {
  const headerLine = text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

function cleanCell(cell: string): string {
  return cell.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function csvErrorIssue(err: unknown): CsvImportIssue {
  const e = err as Partial<CsvError> & { lines?: unknown };
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    return fileIssue(
      'file',
      'A quoted cell is never closed: a " opens a cell and no closing " follows, so the rest of the file would be read as one cell.',
      because('csv_quote_not_closed'),
    );
  }
  const message = `The file is not valid CSV: ${e.message ?? String(err)}`;
  return typeof e.lines === 'number'
    ? lineIssue(e.lines, message, because('csv_invalid'))
    : fileIssue('file', message, because('csv_invalid'));
}

/**
 * Folds a header or role for matching: no diacritics (đ → d), lower case, single spaces,
 * `_`/`-`/`.`/`:`/`*` and parenthesised notes ("Vai trò (bắt buộc)") ignored.
 */
function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[_\-.:*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What a column holds: a field, a row number to skip (STT), or nothing (blank header cell). */
type Column = Field | 'skip' | 'blank';

type Columns = { ok: true; fields: Column[] } | { ok: false; issues: CsvImportIssue[] };

/** Maps each header cell to a field, or to `skip` (STT) or `blank` (no header text). */
function mapHeader(cells: readonly string[]): Columns {
  const issues: CsvImportIssue[] = [];
  const fields: Column[] = [];
  const seen = new Map<Field, number>();
  const unknown: string[] = [];
  const unknownHeaders: string[] = [];
  cells.forEach((cell, i) => {
    const folded = fold(cell);
    if (folded === '' || IGNORED_HEADERS.includes(folded)) {
      fields.push(folded === '' ? 'blank' : 'skip');
      return;
    }
    const field = (Object.keys(HEADER_ALIASES) as Field[]).find((f) => HEADER_ALIASES[f].includes(folded));
    if (!field) {
      unknown.push(`"${cell}" (column ${i + 1})`);
      unknownHeaders.push(`"${cell}"`);
      fields.push('blank');
      return;
    }
    const first = seen.get(field);
    if (first !== undefined) {
      issues.push(
        fileIssue(
          'header',
          `Columns ${first + 1} and ${i + 1} both hold "${FIELD_LABELS[field]}" (${field}); keep one.`,
          because('csv_duplicate_column', { field, first: first + 1, second: i + 1 }),
        ),
      );
    } else {
      seen.set(field, i);
    }
    fields.push(field);
  });

  const found = cells.map((c) => `"${c}"`).join(', ') || '(nothing)';
  for (const field of REQUIRED_FIELDS) {
    if (!seen.has(field)) {
      issues.push(
        fileIssue(
          'header',
          `Missing column "${FIELD_LABELS[field]}" (${field}). Found: ${found}.`,
          because('csv_missing_column', { field, found: cells.map((c) => `"${c}"`).join(', ') }),
        ),
      );
    }
  }
  if (unknown.length > 0) {
    const known = (Object.keys(FIELD_LABELS) as Field[]).map((f) => FIELD_LABELS[f]).join(', ');
    const noun = unknown.length === 1 ? 'Unknown column' : 'Unknown columns';
    issues.push(
      fileIssue(
        'header',
        `${noun} ${unknown.join(', ')}. The columns are: ${known} (or name, position, unit, role, group); remove any other column.`,
        because('csv_unknown_columns', { columns: unknownHeaders.join(', ') }),
      ),
    );
  }
  if (seen.size === 0) {
    issues.push(
      fileIssue(
        'header',
        'The first row must be the column headers, e.g. "Họ và tên;Chức vụ;Đơn vị;Vai trò;Nhóm".',
        because('csv_no_header'),
      ),
    );
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, fields };
}

/** One problem of a row: the English message and its reason. */
interface RowProblem {
  readonly message: string;
  readonly why: ReasonRef;
}

type RowResult = { ok: true; value: CreateParticipantRequest } | { ok: false; problems: RowProblem[] };

function readRow(cells: readonly string[], fields: readonly Column[]): RowResult {
  const problems: RowProblem[] = [];
  const problem = (message: string, why: ReasonRef): void => {
    problems.push({ message, why });
  };
  const raw: Partial<Record<Field, string>> = {};
  const stray: number[] = [];
  cells.forEach((cell, i) => {
    const column = fields[i];
    if (column === 'skip') return;
    if (column === undefined || column === 'blank') {
      // Trailing empty cells are normal (Excel pads rows); text without a header is not.
      if (cell !== '') stray.push(i + 1);
      return;
    }
    raw[column] = cell;
  });
  if (stray.length > 0) {
    const where = stray.length === 1 ? `column ${stray[0]}` : `columns ${stray.join(', ')}`;
    const columns = stray.join(', ');
    if (cells.length > fields.length) {
      problem(
        `This row has ${cells.length} cells but the header has ${fields.length} columns (text in ${where}); a cell that contains the separator must be enclosed in double quotes.`,
        because('csv_too_many_cells', { cells: cells.length, columns: fields.length, where: columns }),
      );
    } else {
      problem(`Text in ${where}, which has no header.`, because('csv_stray_text', { where: columns }));
    }
  }

  let role: Role | undefined;
  const roleText = raw.role ?? '';
  if (roleText === '') {
    problem(`"${FIELD_LABELS.role}" (role) is empty. ${ROLE_HELP}`, because('csv_role_empty'));
  } else {
    role = ROLE_BY_ALIAS.get(fold(roleText));
    if (!role)
      problem(`Unknown role "${roleText}". ${ROLE_HELP}`, because('csv_role_unknown', { value: roleText }));
  }

  for (const field of ['name', 'position', 'unit', 'group'] as const) {
    const value = raw[field];
    // Excel's ANSI "CSV" turns letters the code page lacks into "?": "Nguy?n V?n An".
    if (value && /\p{L}\?\p{L}/u.test(value)) {
      problem(
        `"${FIELD_LABELS[field]}" (${field}) "${value}" has "?" in place of letters: the file was saved in an encoding without Vietnamese letters. ${SAVE_AS_UTF8}.`,
        because('csv_question_marks', { field, value }),
      );
    }
  }

  const candidate: Record<string, string> = { name: raw.name ?? '', role: role ?? roleText };
  for (const field of ['position', 'unit', 'group'] as const) {
    const value = raw[field];
    if (value !== undefined) candidate[field] = value;
  }
  const parsed = CreateParticipantRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      // The role was already explained above in our own words.
      if (field === 'role') continue;
      problems.push(describeIssue(field, issue.code, issue, raw));
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, value: parsed.data };
}

function describeIssue(
  field: PropertyKey | undefined,
  code: string,
  issue: { message: string; maximum?: unknown },
  raw: Partial<Record<Field, string>>,
): RowProblem {
  const known = typeof field === 'string' && field in FIELD_LABELS ? (field as Field) : null;
  const label = known ? `"${FIELD_LABELS[known]}" (${known})` : String(field ?? 'row');
  if (code === 'too_small' && known) {
    return { message: `${label} is empty.`, why: because('csv_field_empty', { field: known }) };
  }
  if (code === 'too_big' && known) {
    const length = raw[known]?.length ?? 0;
    return {
      message: `${label} is ${length} characters long; at most ${String(issue.maximum)} are allowed.`,
      why: because('csv_field_too_long', { field: known, length, maximum: Number(issue.maximum) }),
    };
  }
  // Every field of a participant is one of the CSV's; `name` stands in should the schema ever grow.
  return {
    message: `${label}: ${issue.message}`,
    why: because('csv_field_invalid', { field: known ?? 'name' }),
  };
}
