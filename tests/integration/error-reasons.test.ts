import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '#common/schemas/api';
import { isKnownReason } from '#common/schemas/error-reasons';
import { ROUTES } from '#common/http/route-table';
import { expectError, expectOk, startTestRoom, type TestRoom } from './helpers/test-room';

/**
 * The room server words nothing for people: every refusal a secretariat meets while preparing a
 * meeting carries a reason and the values its message needs, which the client translates. These
 * tests read the answers on the wire of a real room server, with a 1 MB upload limit so the
 * limit it reports is visibly not the 200 MB default.
 */
describe('error answers carry a reason and its parameters', () => {
  const LIMIT_BYTES = 1024 * 1024;
  let room: TestRoom;
  let meetingId: string;

  beforeAll(async () => {
    room = await startTestRoom({ maxUploadBytes: LIMIT_BYTES });
    meetingId = await room.createMeeting();
  });

  afterAll(async () => {
    await room.destroy();
  });

  const upload = (bytes: Uint8Array<ArrayBuffer>, fileName: string) =>
    room.call(ROUTES.uploadDocument, {
      token: room.staffToken,
      params: { meetingId },
      query: { fileName },
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });

  it('a text file named .pdf: not_pdf, with what its content is', async () => {
    const text = new TextEncoder().encode('Biên bản họp ngày 10 tháng 12\nKhông phải PDF.\n');
    const error = expectError(await upload(text, 'bien-ban.pdf'), 422, 'invalid_document');
    expect(error.reason).toBe('not_pdf');
    expect(error.params).toEqual({ contentKind: 'text' });
    // The English message stays for logs and older clients.
    expect(error.message).toMatch(/not a PDF/);
  });

  it('a PNG named .pdf says it is a PNG image', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const error = expectError(await upload(png, 'anh.pdf'), 422, 'invalid_document');
    expect({ reason: error.reason, params: error.params }).toEqual({
      reason: 'not_pdf',
      params: { contentKind: 'png' },
    });
  });

  it('a file over the limit: file_too_large with the server’s real limit in bytes', async () => {
    const big = new Uint8Array(LIMIT_BYTES + 4096);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const error = expectError(await upload(big, 'qua-lon.pdf'), 413, 'payload_too_large');
    expect(error.reason).toBe('file_too_large');
    expect(error.params).toEqual({ limitBytes: LIMIT_BYTES });
  });

  it('an unsupported extension: unsupported_type with the extension', async () => {
    const error = expectError(
      await upload(new TextEncoder().encode('hello'), 'ghi-chu.txt'),
      415,
      'unsupported_media_type',
    );
    expect({ reason: error.reason, params: error.params }).toEqual({
      reason: 'unsupported_type',
      params: { extension: 'txt' },
    });
  });

  it('a bad CSV: one issue per problem, each with its line, reason and parameters', async () => {
    const csv = [
      'Họ và tên;Chức vụ;Đơn vị;Vai trò',
      'Nguyễn Văn An;Giám đốc;Sở Tư pháp;Đại biểu',
      'Trần Thị Bình;;;Trưởng phòng',
      ';Phó Giám đốc;Sở Tài chính;Thư ký',
      'Lê Văn Cường;;;',
    ].join('\r\n');
    const answer = await room.raw('POST', `/meetings/${meetingId}/participants/import`, {
      token: room.staffToken,
      raw: csv,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    expect(answer.status).toBe(400);
    const { error } = ApiErrorSchema.parse(answer.json);
    expect(error.code).toBe('validation_failed');
    expect(error.issues?.map(({ path, line, reason, params }) => ({ path, line, reason, params }))).toEqual([
      { path: 'line 3', line: 3, reason: 'csv_role_unknown', params: { value: 'Trưởng phòng' } },
      { path: 'line 4', line: 4, reason: 'csv_field_empty', params: { field: 'name' } },
      { path: 'line 5', line: 5, reason: 'csv_role_empty', params: undefined },
    ]);
    // Every issue's reason is one the client knows, with the parameters it needs.
    for (const issue of error.issues ?? []) {
      expect(isKnownReason(issue.reason ?? '', issue.params ?? {}), issue.reason).toBe(true);
    }
  });

  it('a CSV saved as Windows-1258: the encoding advice as a reason, with the line', async () => {
    // "Họ và tên;Vai trò" then "Nguyễn Văn An;Đại biểu" in Windows-1258: ă, đ and tone marks
    // sit on single bytes that are not UTF-8.
    const header = new TextEncoder().encode('STT;Ten;Vai tro\r\n1;');
    const name = new Uint8Array([0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e, 0x20, 0xd0, 0xe3, 0x6e]);
    const tail = new TextEncoder().encode(';delegate\r\n');
    const bytes = new Uint8Array([...header, ...name, ...tail]);
    const answer = await room.raw('POST', `/meetings/${meetingId}/participants/import`, {
      token: room.staffToken,
      raw: bytes,
      headers: { 'content-type': 'text/csv' },
    });
    expect(answer.status).toBe(400);
    const { error } = ApiErrorSchema.parse(answer.json);
    const [issue] = error.issues ?? [];
    expect(issue?.path).toBe('file');
    expect(issue?.reason).toMatch(/^csv_windows_1258/);
    expect(issue?.params?.line).toBe(2);
  });

  it('publish warnings carry their numbers: working days left and the rule', async () => {
    const empty = await room.createMeeting('Họp không có tài liệu');
    const published = expectOk(
      await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId: empty } }),
    );
    const byCode = Object.fromEntries(published.warnings.map((w) => [w.code, w.params ?? {}]));
    expect(Object.keys(byCode).sort()).toEqual(['no_documents', 'no_participants']);

    // A meeting starting tomorrow is published late: fewer working days than its lead time.
    const soon = expectOk(
      await room.call(ROUTES.createMeeting, {
        token: room.staffToken,
        body: { title: 'Họp gấp', startsAt: new Date(Date.now() + 86_400_000).toISOString() },
      }),
      201,
    ).meeting;
    const late = expectOk(
      await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId: soon.id } }),
    ).warnings.find((w) => w.code === 'late_publication');
    expect(late?.params).toEqual({
      days: expect.any(Number),
      required: soon.leadTimeWorkingDays,
    });
    expect(Number(late?.params?.days)).toBeLessThan(soon.leadTimeWorkingDays);
  });

  /** A new delegate of the meeting and their unused join code. */
  async function freshCode(name: string): Promise<{ participantId: string; code: string }> {
    const participant = expectOk(
      await room.call(ROUTES.createParticipant, {
        token: room.staffToken,
        params: { meetingId },
        body: { name, role: 'delegate' },
      }),
      201,
    ).participant;
    const { code } = expectOk(
      await room.call(ROUTES.createJoinCode, {
        token: room.staffToken,
        params: { participantId: participant.id },
        body: {},
      }),
      201,
    );
    return { participantId: participant.id, code };
  }

  it('a used join code says so, as a reason', async () => {
    const { code } = await freshCode('Phạm Thị Dung');
    expectOk(await room.call(ROUTES.join, { body: { code, deviceLabel: 'browser · Windows' } }), 201);
    const again = await room.raw('POST', '/join', { body: { code, deviceLabel: '' } });
    const { error } = ApiErrorSchema.parse(again.json);
    expect({ code: error.code, reason: error.reason }).toEqual({ code: 'invalid_code', reason: 'code_used' });
  });

  it('a device that sends no label is labelled without words, not with its user agent', async () => {
    const { participantId, code } = await freshCode('Đỗ Văn Em');
    const joined = await room.raw('POST', '/join', {
      body: { code },
      headers: {
        'user-agent':
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      },
    });
    expect(joined.status).toBe(201);
    const { devices } = expectOk(
      await room.call(ROUTES.listDevices, {
        token: room.staffToken,
        params: { participantId },
      }),
    );
    expect(devices.map((d) => d.deviceLabel)).toEqual(['browser · Windows']);
  });
});
