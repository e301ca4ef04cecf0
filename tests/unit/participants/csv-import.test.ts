import { describe, expect, it } from 'vitest';
import {
  type CsvImportIssue,
  MAX_IMPORT_ROWS,
  parseParticipantCsv,
} from '../../../sync-server/participants/csv-import';

const utf8 = (text: string) => new TextEncoder().encode(text);
const BOM = '\uFEFF';

/** Bytes from text and raw byte values, for files in legacy encodings. */
function bytesOf(...parts: (string | number[])[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));
}

function rowsOf(bytes: Uint8Array) {
  const result = parseParticipantCsv(bytes);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues, null, 2)}`);
  return result.rows;
}

function allIssuesOf(bytes: Uint8Array): CsvImportIssue[] {
  const result = parseParticipantCsv(bytes);
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.rows)}`);
  return result.issues;
}

/** The issues as the log reads them: where, and the English message. */
function issuesOf(bytes: Uint8Array): Pick<CsvImportIssue, 'path' | 'message'>[] {
  return allIssuesOf(bytes).map(({ path, message }) => ({ path, message }));
}

/** The issues as the client translates them: where (with the line), the reason and its parameters. */
function reasonsOf(bytes: Uint8Array): Omit<CsvImportIssue, 'message'>[] {
  return allIssuesOf(bytes).map(({ message: _message, ...rest }) => rest);
}

describe('parseParticipantCsv: accepted files', () => {
  it('reads Vietnamese headers with a BOM, CRLF and every Vietnamese role label', () => {
    const csv = [
      'Họ và tên,Chức vụ,Đơn vị,Vai trò,Nhóm',
      'Lương Quốc Khánh,Chủ tịch UBND tỉnh,Ủy ban nhân dân tỉnh,Chủ tọa,Thường trực UBND',
      'Trịnh Văn Khải,Phó Chủ tịch UBND tỉnh,Ủy ban nhân dân tỉnh,chu toa,',
      'Ma Đình Tuấn,,,Chủ trì,',
      'Nguyễn Thị Thu Hằng,Chánh Văn phòng,Văn phòng UBND tỉnh,Thư ký,',
      'Vũ Thị Lan Phương,Giám đốc Sở Tài chính,Sở Tài chính,Đại biểu,Sở ngành',
      'Dương Văn Thịnh,,,Thành viên,',
      'Trần Minh Đức,,,Khách mời,Khách mời',
      'Lê Thị Hoa,,,Người dự thính,',
      'Phùng Minh Tâm,Chuyên viên,,Văn thư,',
      'Hoàng Quang Huy,,,Lưu trữ,',
      'Nông Thị Mai,,,Cán bộ lưu trữ,',
      'Đỗ Văn Nam,,,THƯ KÝ,',
    ].join('\r\n');
    const rows = rowsOf(utf8(`${BOM}${csv}\r\n`));
    expect(rows.map((r) => r.role)).toEqual([
      'chair',
      'chair',
      'chair',
      'secretary',
      'delegate',
      'delegate',
      'observer',
      'observer',
      'secretariat',
      'archivist',
      'archivist',
      'secretary',
    ]);
    expect(rows[0]).toEqual({
      name: 'Lương Quốc Khánh',
      position: 'Chủ tịch UBND tỉnh',
      unit: 'Ủy ban nhân dân tỉnh',
      role: 'chair',
      group: 'Thường trực UBND',
    });
    expect(rows[2]).toEqual({ name: 'Ma Đình Tuấn', position: '', unit: '', role: 'chair', group: '' });
  });

  it('reads English headers without a BOM, in any order, with optional columns left out', () => {
    const rows = rowsOf(
      utf8('role,Full Name,organisation\ndelegate,Nguyễn Văn An,Sở Tài chính\nobserver,Jane Doe,\n'),
    );
    expect(rows).toEqual([
      { name: 'Nguyễn Văn An', position: '', unit: 'Sở Tài chính', role: 'delegate', group: '' },
      { name: 'Jane Doe', position: '', unit: '', role: 'observer', group: '' },
    ]);
  });

  it('matches headers case- and diacritic-insensitively, with notes in parentheses and an STT column', () => {
    const rows = rowsOf(
      utf8(
        'STT,HỌ VÀ TÊN,chuc vu,Cơ quan,Vai tro (bắt buộc),NHÓM\n1,Nguyễn Văn An,Phó Giám đốc,Sở Nội vụ,đại biểu,A\n',
      ),
    );
    expect(rows).toEqual([
      { name: 'Nguyễn Văn An', position: 'Phó Giám đốc', unit: 'Sở Nội vụ', role: 'delegate', group: 'A' },
    ]);
  });

  it('detects semicolons (Excel in a Vietnamese locale) and keeps commas inside cells', () => {
    const csv =
      'Họ tên;Chức vụ;Đơn vị;Vai trò\nNguyễn Văn An;Giám đốc, kiêm Bí thư Đảng ủy;Sở Nội vụ;Đại biểu\n';
    expect(rowsOf(utf8(csv))).toEqual([
      {
        name: 'Nguyễn Văn An',
        position: 'Giám đốc, kiêm Bí thư Đảng ủy',
        unit: 'Sở Nội vụ',
        role: 'delegate',
        group: '',
      },
    ]);
  });

  it('handles quoted commas, doubled quotes and line breaks, and trims cells', () => {
    const csv = [
      'name,position,unit,role',
      '"Trần Thị ""Bé"" Ba","Trưởng phòng, Phòng Tổng hợp","Văn phòng',
      'UBND tỉnh",delegate',
      '  Lê Văn Cường  ,  Chuyên viên , , observer ',
    ].join('\n');
    expect(rowsOf(utf8(csv))).toEqual([
      {
        name: 'Trần Thị "Bé" Ba',
        position: 'Trưởng phòng, Phòng Tổng hợp',
        unit: 'Văn phòng UBND tỉnh',
        role: 'delegate',
        group: '',
      },
      { name: 'Lê Văn Cường', position: 'Chuyên viên', unit: '', role: 'observer', group: '' },
    ]);
  });

  it('skips empty lines and rows of empty cells, and tolerates trailing empty cells', () => {
    const csv = 'Họ và tên;Vai trò;;\n\n;;;\nNguyễn Văn An;Đại biểu;;\n   \nLê Văn Bình;Thư ký\n;;;;\n';
    expect(rowsOf(utf8(csv)).map((r) => r.name)).toEqual(['Nguyễn Văn An', 'Lê Văn Bình']);
  });

  it('normalises decomposed (NFD) Vietnamese to NFC', () => {
    const nfd = 'Nguyễn Văn Ánh'.normalize('NFD');
    const [row] = rowsOf(utf8(`name,role\n${nfd},delegate\n`));
    expect(row?.name).toBe('Nguyễn Văn Ánh'.normalize('NFC'));
  });

  it(`accepts exactly ${MAX_IMPORT_ROWS} rows`, () => {
    const lines = Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => `Người ${i + 1},đại biểu`);
    expect(rowsOf(utf8(`name,role\n${lines.join('\n')}\n`))).toHaveLength(MAX_IMPORT_ROWS);
  });
});

describe('parseParticipantCsv: encodings', () => {
  it('explains a Windows-1258 export from Excel, showing how the line reads', () => {
    // "Nguyễn Văn An" in Windows-1258: ê = 0xEA, combining tilde = 0xDE, ă = 0xE3.
    const bytes = bytesOf('Ho ten,Vai tro\nNguy', [0xea, 0xde], 'n V', [0xe3], 'n An,delegate\n');
    const issues = issuesOf(bytes);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('file');
    expect(issues[0]?.message).toMatch(/^The file is not UTF-8\./);
    expect(issues[0]?.message).toContain('Windows-1258');
    expect(issues[0]?.message).toContain('In Excel choose "CSV UTF-8 (Comma delimited)" when saving');
    expect(issues[0]?.message).toContain('Line 2 reads "Nguyễn Văn An,delegate"');
  });

  it('rejects any other invalid UTF-8 with the same advice', () => {
    const issues = issuesOf(bytesOf('name,role\nNguy', [0xea, 0xd8], 'n,delegate\n'));
    expect(issues).toEqual([
      {
        path: 'file',
        message: expect.stringMatching(
          /^The file is not UTF-8\..*line 2.*In Excel choose "CSV UTF-8 \(Comma delimited\)" when saving \(Windows-1258 files are not supported\)\.$/,
        ),
      },
    ]);
  });

  it('rejects UTF-16 with or without a BOM', () => {
    const text = 'name,role\nAn,delegate\n';
    const le = [0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0), 0])];
    const be = [0xfe, 0xff, ...[...text].flatMap((c) => [0, c.charCodeAt(0)])];
    const bare = [...text].flatMap((c) => [c.charCodeAt(0), 0]);
    for (const bytes of [le, be, bare]) {
      const issues = issuesOf(Uint8Array.from(bytes));
      expect(issues).toHaveLength(1);
      expect(issues[0]?.path).toBe('file');
      expect(issues[0]?.message).toContain('UTF-16');
      expect(issues[0]?.message).toContain('CSV UTF-8 (Comma delimited)');
    }
  });

  it('recognises an .xlsx workbook uploaded by mistake', () => {
    const issues = issuesOf(bytesOf([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    expect(issues[0]?.message).toContain('Excel workbook');
  });

  it('flags "?" where an ANSI save dropped Vietnamese letters', () => {
    const issues = issuesOf(utf8('name,role\nNguy?n V?n An,delegate\n'));
    expect(issues).toEqual([{ path: 'line 2', message: expect.stringContaining('"?" in place of letters') }]);
  });
});

describe('parseParticipantCsv: rejected content', () => {
  it('names a missing required column and lists what it found', () => {
    const issues = issuesOf(utf8('Tên đầy đủ,Chức vụ,Vai trò\nAn,,đại biểu\n'));
    expect(issues).toContainEqual({
      path: 'header',
      message: 'Missing column "Họ và tên" (name). Found: "Tên đầy đủ", "Chức vụ", "Vai trò".',
    });
    expect(issues.some((i) => i.message.includes('Unknown column "Tên đầy đủ" (column 1)'))).toBe(true);
  });

  it('rejects a file with the wrong columns instead of importing garbage', () => {
    const issues = issuesOf(utf8('Mã,Ngày sinh,Email\n01,1980-01-02,an@example.vn\n'));
    expect(issues.every((i) => i.path === 'header')).toBe(true);
    const text = issues.map((i) => i.message).join('\n');
    expect(text).toContain('Missing column "Họ và tên" (name)');
    expect(text).toContain('Missing column "Vai trò" (role)');
    expect(text).toContain('Unknown columns "Mã" (column 1), "Ngày sinh" (column 2), "Email" (column 3)');
  });

  it('rejects an extra unknown column even when the required ones are there', () => {
    expect(issuesOf(utf8('name,role,email\nAn,delegate,an@example.vn\n'))).toEqual([
      { path: 'header', message: expect.stringContaining('Unknown column "email" (column 3)') },
    ]);
  });

  it('rejects a column given twice', () => {
    expect(issuesOf(utf8('name,Họ tên,role\nAn,An,delegate\n'))).toEqual([
      { path: 'header', message: expect.stringContaining('Columns 1 and 2 both hold "Họ và tên" (name)') },
    ]);
  });

  it('reports an unknown role with its physical line number', () => {
    const csv = [
      'Họ và tên,Đơn vị,Vai trò',
      'Nguyễn Văn An,"Sở Tài chính',
      'tỉnh Thái Nguyên",Đại biểu',
      'Lê Văn Bình,Sở Nội vụ,Chủ tịch',
    ].join('\n');
    expect(issuesOf(utf8(csv))).toEqual([
      { path: 'line 4', message: expect.stringMatching(/^Unknown role "Chủ tịch"\. Use one of: Chủ tọa/) },
    ]);
  });

  it('reports a missing name on line 4 (and nothing is imported)', () => {
    const csv =
      'name,role\nNguyễn Văn An,delegate\nLê Văn Bình,delegate\n ,delegate\nTrần Văn Cường,delegate\n';
    expect(parseParticipantCsv(utf8(csv))).toEqual({
      ok: false,
      issues: [
        {
          path: 'line 4',
          line: 4,
          message: '"Họ và tên" (name) is empty.',
          reason: 'csv_field_empty',
          params: { field: 'name' },
        },
      ],
    });
  });

  it('reports every problem of every row', () => {
    const long = 'x'.repeat(201);
    const csv = `name,role,group\n${long},,\nAn,thủ quỹ,${'y'.repeat(101)}\nBình,delegate,\n`;
    expect(issuesOf(utf8(csv))).toEqual([
      { path: 'line 2', message: expect.stringContaining('"Vai trò" (role) is empty') },
      { path: 'line 2', message: '"Họ và tên" (name) is 201 characters long; at most 200 are allowed.' },
      { path: 'line 3', message: expect.stringContaining('Unknown role "thủ quỹ"') },
      { path: 'line 3', message: '"Nhóm" (group) is 101 characters long; at most 100 are allowed.' },
    ]);
  });

  it('reports a row with more cells than the header (an unquoted separator)', () => {
    expect(issuesOf(utf8('name,unit,role\nAn,Sở Tài chính, tỉnh Thái Nguyên,delegate\n'))).toEqual([
      {
        path: 'line 2',
        message: expect.stringContaining('This row has 4 cells but the header has 3 columns'),
      },
      { path: 'line 2', message: expect.stringContaining('Unknown role "tỉnh Thái Nguyên"') },
    ]);
  });

  it('reports a quote that is never closed', () => {
    expect(issuesOf(utf8('name,role\n"An,delegate\nBình,delegate\n'))).toEqual([
      { path: 'file', message: expect.stringContaining('never closed') },
    ]);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows with one issue`, () => {
    const lines = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `Người ${i + 1},không rõ`);
    expect(issuesOf(utf8(`name,role\n${lines.join('\n')}\n`))).toEqual([
      { path: 'file', message: expect.stringContaining(`more than ${MAX_IMPORT_ROWS} participant rows`) },
    ]);
  });

  it('refuses an empty file, a BOM alone, blank lines and a header without rows', () => {
    for (const bytes of [new Uint8Array(), utf8(BOM), utf8('\r\n \r\n')]) {
      expect(issuesOf(bytes)).toEqual([
        { path: 'file', message: expect.stringContaining('The file is empty') },
      ]);
    }
    expect(issuesOf(utf8('Họ và tên;Vai trò\n'))).toEqual([
      { path: 'file', message: 'The file has a header row but no participant rows.' },
    ]);
  });

  it('says the header row must come first when the first row is data', () => {
    const issues = issuesOf(utf8('Nguyễn Văn An,Đại biểu\nLê Văn Bình,Thư ký\n'));
    expect(issues.map((i) => i.message).join('\n')).toContain('The first row must be the column headers');
  });
});

describe('parseParticipantCsv: every issue has a reason the client translates', () => {
  it('names the line, the reason and its values for row problems', () => {
    const csv = [
      'Họ và tên;Chức vụ;Đơn vị;Vai trò',
      'Trần Thị Bình;;;Trưởng phòng',
      ';Phó Giám đốc;Sở Tài chính;Thư ký',
      'Lê Văn Cường;;;',
      `Nguy?n V?n An;;;Đại biểu`,
      `${'A'.repeat(301)};;;Đại biểu`,
      'Ngô Thị Hoa;;;Đại biểu;thừa',
    ].join('\n');
    expect(reasonsOf(utf8(csv))).toEqual([
      { path: 'line 2', line: 2, reason: 'csv_role_unknown', params: { value: 'Trưởng phòng' } },
      { path: 'line 3', line: 3, reason: 'csv_field_empty', params: { field: 'name' } },
      { path: 'line 4', line: 4, reason: 'csv_role_empty', params: {} },
      {
        path: 'line 5',
        line: 5,
        reason: 'csv_question_marks',
        params: { field: 'name', value: 'Nguy?n V?n An' },
      },
      {
        path: 'line 6',
        line: 6,
        reason: 'csv_field_too_long',
        params: { field: 'name', length: 301, maximum: 200 },
      },
      {
        path: 'line 7',
        line: 7,
        reason: 'csv_too_many_cells',
        params: { cells: 5, columns: 4, where: '5' },
      },
    ]);
  });

  it('gives the file and header problems their reasons', () => {
    expect(reasonsOf(utf8('Tên;Chức danh;Vai trò\nAn;x;Đại biểu\n'))).toEqual([
      { path: 'header', reason: 'csv_unknown_columns', params: { columns: '"Chức danh"' } },
    ]);
    expect(reasonsOf(utf8('Họ và tên;Đơn vị\nAn;Sở\n'))).toEqual([
      {
        path: 'header',
        reason: 'csv_missing_column',
        params: { field: 'role', found: '"Họ và tên", "Đơn vị"' },
      },
    ]);
    expect(reasonsOf(utf8('Họ và tên;Vai trò\n'))).toEqual([
      { path: 'file', reason: 'csv_no_rows', params: {} },
    ]);
    expect(reasonsOf(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toEqual([
      { path: 'file', reason: 'csv_utf16', params: {} },
    ]);
    const cp1252 = new Uint8Array([...utf8('name,role\n'), 0x4a, 0xf6, 0x72, 0x67, ...utf8(',delegate\n')]);
    expect(reasonsOf(cp1252)).toEqual([{ path: 'file', reason: 'csv_ansi', params: { line: 2 } }]);
  });
});
