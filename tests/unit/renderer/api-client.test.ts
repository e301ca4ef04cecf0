/**
 * The renderer's API client against a fake `fetch` (and a fake XMLHttpRequest for uploads):
 * every URL and method comes from the route table, requests outside their schema never leave,
 * answers outside their schema become `invalid_response`, error bodies keep code and issues.
 */
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import { ROUTES, type RouteSpec, routePath } from '#common/http/route-table';
import { API_PREFIX } from '#common/schemas/api';
import { type Meeting, MeetingSchema } from '#common/schemas/meeting';
import {
  ApiRequestError,
  createApiClient,
  createBlobFetcher,
  createCall,
  createPrepareApi,
  type PrepareApi,
} from '../../../renderer/src/lib/api';

const SERVER = 'http://192.168.1.10:4780';
const TOKEN = 't'.repeat(43);
const MEETING_ID = 'meeting-1';
const NOW = '2026-11-20T08:00:00+07:00';

const meeting: Meeting = MeetingSchema.parse({
  id: MEETING_ID,
  title: 'Phiên họp thường kỳ tháng 11',
  body: 'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN',
  type: 'regular',
  startsAt: NOW,
  endsAt: '2026-11-20T23:59:59+07:00',
  timeZone: 'Asia/Ho_Chi_Minh',
  place: 'Phòng họp số 1',
  status: 'draft',
  createdAt: NOW,
  updatedAt: NOW,
  leadTimeWorkingDays: 3,
  publishedAt: null,
  publishedRevision: 0,
});

const agendaItem = {
  id: 'item-0001',
  meetingId: MEETING_ID,
  parentId: null,
  position: 0,
  title: 'Khai mạc',
  presenter: '',
  durationMinutes: 10,
  description: '',
};

const meetingDocument = {
  id: 'document-1',
  meetingId: MEETING_ID,
  agendaItemId: null,
  title: 'Tờ trình',
  kind: 'to_trinh',
  classification: 'thuong',
  noExport: false,
  position: 0,
  sha256: 'a'.repeat(64),
  byteSize: 10,
  pageCount: 1,
  createdAt: NOW,
  version: 1,
  updatedAt: NOW,
  originalName: 'to-trinh.pdf',
  encrypted: false,
};

/** A JSON answer as the room server would send it. */
function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

let fetchMock: Mock<typeof fetch>;

beforeEach(() => {
  fetchMock = vi.fn<typeof fetch>();
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The one request the fake fetch saw: URL, method, headers and body. */
function sent(index = 0): { url: URL; method: string; headers: Record<string, string>; body: unknown } {
  const call = fetchMock.mock.calls[index];
  if (!call) throw new Error(`fetch was called ${fetchMock.mock.calls.length} times`);
  const [input, init] = call;
  return {
    url: new URL(String(input)),
    method: init?.method ?? 'GET',
    headers: (init?.headers ?? {}) as Record<string, string>,
    body: init?.body,
  };
}

/** The URL path the table says a route with these parameters has. */
const pathOf = (route: RouteSpec, params: Record<string, string> = {}): string =>
  `${API_PREFIX}${routePath(route, params)}`;

describe('URL and method come from the route table', () => {
  const api = (): PrepareApi => createPrepareApi(SERVER, TOKEN);

  const cases: {
    name: string;
    route: RouteSpec;
    params?: Record<string, string>;
    answer: () => Response;
    run: () => Promise<unknown>;
    body?: unknown;
  }[] = [
    {
      name: 'health',
      route: ROUTES.health,
      answer: () => json({ status: 'ok', version: '0.1.0', uptimeSeconds: 3, schemaVersion: 1 }),
      run: () => createApiClient(SERVER, null).health(),
    },
    {
      name: 'getMeeting',
      route: ROUTES.getMeeting,
      params: { meetingId: MEETING_ID },
      answer: () => json({ meeting, agenda: [agendaItem], documents: [meetingDocument] }),
      run: () => createApiClient(SERVER, TOKEN).getMeeting(MEETING_ID),
    },
    {
      name: 'updateMeeting',
      route: ROUTES.updateMeeting,
      params: { meetingId: MEETING_ID },
      answer: () => json({ meeting }),
      run: () => api().updateMeeting(MEETING_ID, { place: 'Hội trường A' }),
      body: { place: 'Hội trường A' },
    },
    {
      name: 'moveAgendaItem',
      route: ROUTES.moveAgendaItem,
      params: { itemId: 'item-0001' },
      answer: () => json({ agenda: [agendaItem] }),
      run: () => api().moveAgendaItem('item-0001', { parentId: null, position: 0 }),
      body: { parentId: null, position: 0 },
    },
    {
      name: 'deleteAgendaItem',
      route: ROUTES.deleteAgendaItem,
      params: { itemId: 'item-0001' },
      answer: () => new Response(null, { status: 204 }),
      run: () => api().deleteAgendaItem('item-0001'),
    },
    {
      name: 'putGrants',
      route: ROUTES.putGrants,
      params: { documentId: 'document-1' },
      answer: () => json({ participantIds: [], groups: ['Thường trực'] }),
      run: () => api().putGrants('document-1', { participantIds: [], groups: ['Thường trực'] }),
      body: { participantIds: [], groups: ['Thường trực'] },
    },
    {
      name: 'revokeDevice',
      route: ROUTES.revokeDevice,
      params: { deviceId: 'device-1' },
      answer: () =>
        json({
          device: {
            id: 'device-1',
            participantId: 'person-1',
            deviceLabel: '',
            createdAt: NOW,
            lastSeenAt: NOW,
            revokedAt: NOW,
          },
        }),
      run: () => api().revokeDevice('device-1'),
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name}: ${testCase.route.method} ${testCase.route.path}`, async () => {
      fetchMock.mockResolvedValueOnce(testCase.answer());
      await testCase.run();
      const request = sent();
      expect(request.url.origin).toBe(SERVER);
      expect(request.url.pathname).toBe(pathOf(testCase.route, testCase.params));
      expect(request.method).toBe(testCase.route.method);
      if (testCase.body === undefined) expect(request.body ?? null).toBeNull();
      else {
        expect(request.headers['Content-Type']).toBe('application/json');
        expect(JSON.parse(String(request.body))).toEqual(testCase.body);
      }
    });
  }

  it('sends the device token as a bearer header, and none before joining', async () => {
    fetchMock.mockResolvedValueOnce(json({ meeting, agenda: [], documents: [] }));
    fetchMock.mockResolvedValueOnce(json({ status: 'ok', version: '1', uptimeSeconds: 1, schemaVersion: 1 }));
    await createApiClient(SERVER, TOKEN).getMeeting(MEETING_ID);
    await createApiClient(SERVER, null).health();
    expect(sent(0).headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent(1).headers.Authorization).toBeUndefined();
  });

  it('sends a CSV import as text/csv and reads the join sheet as a PDF', async () => {
    fetchMock.mockResolvedValueOnce(json({ created: [] }, 201));
    fetchMock.mockResolvedValueOnce(new Response(new Uint8Array([37, 80, 68, 70]), { status: 200 }));
    const csv = new Blob(['name,role\nAn,delegate\n'], { type: 'text/csv' });
    expect(await api().importParticipants(MEETING_ID, csv)).toEqual({ created: [] });
    const sheet = await api().joinSheet(MEETING_ID, ['person-1']);

    expect(sent(0).url.pathname).toBe(pathOf(ROUTES.importParticipants, { meetingId: MEETING_ID }));
    // Unless told otherwise, a file that repeats people imports nothing and asks.
    expect(sent(0).url.searchParams.get('duplicates')).toBe('ask');
    expect(sent(0).method).toBe(ROUTES.importParticipants.method);
    expect(sent(0).headers['Content-Type']).toBe('text/csv');
    expect(sent(0).body).toBe(csv);

    expect(sent(1).url.pathname).toBe(pathOf(ROUTES.joinSheet, { meetingId: MEETING_ID }));
    expect(sent(1).method).toBe(ROUTES.joinSheet.method);
    expect(sent(1).headers.Accept).toContain('application/pdf');
    expect(JSON.parse(String(sent(1).body))).toEqual({ participantIds: ['person-1'] });
    expect(sheet).toBeInstanceOf(Blob);
    expect(sheet.size).toBe(4);
  });

  it('the generic call builds the URL with routePath and encodes the query', async () => {
    fetchMock.mockResolvedValueOnce(json({ query: 'ngân sách', hits: [] }));
    const call = createCall(SERVER, TOKEN);
    const answer = await call(ROUTES.search, {
      params: { meetingId: MEETING_ID },
      query: { q: 'ngân sách' },
    });
    expect(answer).toEqual({ query: 'ngân sách', hits: [] });
    expect(sent().method).toBe(ROUTES.search.method);
    expect(sent().url.pathname).toBe(pathOf(ROUTES.search, { meetingId: MEETING_ID }));
    expect(sent().url.searchParams.get('q')).toBe('ngân sách');
  });

  it('the blob fetcher asks the table’s getBlob route, with Range when resuming', async () => {
    const sha256 = 'b'.repeat(64);
    fetchMock.mockResolvedValueOnce(new Response(new Uint8Array(4), { status: 206 }));
    const answer = await createBlobFetcher(SERVER, TOKEN)(sha256, {
      offset: 100,
      signal: new AbortController().signal,
    });
    expect(answer.status).toBe(206);
    expect(sent().url.pathname).toBe(pathOf(ROUTES.getBlob, { sha256 }));
    expect(sent().method).toBe(ROUTES.getBlob.method);
    expect(sent().headers.Range).toBe('bytes=100-');
  });
});

describe('a request outside its schema never leaves the device', () => {
  /** The rejection of a call, which must be an ApiRequestError. */
  async function refusal(promise: Promise<unknown>): Promise<ApiRequestError> {
    const error = await promise.then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ApiRequestError);
    return error as ApiRequestError;
  }

  it('refuses a title longer than the schema allows, naming the field and the limit', async () => {
    const error = await refusal(
      createPrepareApi(SERVER, TOKEN).createMeeting({ title: 'x'.repeat(301), startsAt: NOW }),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.status).toBeNull();
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toBe('title');
    expect(error.issues[0]?.issue).toMatchObject({ code: 'too_big', maximum: 300 });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('refuses an empty patch ("nothing to change") and a missing required field', async () => {
    const api = createPrepareApi(SERVER, TOKEN);
    const empty = await refusal(api.updateMeeting(MEETING_ID, {}));
    expect(empty.code).toBe('validation_failed');
    expect(empty.issues.map((issue) => [issue.path, issue.message])).toEqual([['', 'nothing to change']]);

    const joined = await refusal(createApiClient(SERVER, null).join({ code: '   ' }));
    expect(joined.code).toBe('validation_failed');
    expect(joined.issues[0]).toMatchObject({ path: 'code', issue: { code: 'too_small', minimum: 1 } });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('refuses path parameters outside their schema', async () => {
    const error = await refusal(createApiClient(SERVER, TOKEN).getMeeting('../admin'));
    expect(error.code).toBe('validation_failed');
    expect(error.issues[0]?.path).toBe('meetingId');
    const blob = await refusal(
      createBlobFetcher(SERVER, TOKEN)('not-a-hash', { offset: 0, signal: new AbortController().signal }),
    );
    expect(blob.code).toBe('validation_failed');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('refuses a participant patch the update schema does not allow', async () => {
    const error = await refusal(
      createPrepareApi(SERVER, TOKEN).updateParticipant('person-1', { group: 'g'.repeat(101) }),
    );
    expect(error.issues[0]).toMatchObject({ path: 'group', issue: { code: 'too_big', maximum: 100 } });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('answers', () => {
  it('an answer outside the response schema is invalid_response', async () => {
    fetchMock.mockResolvedValueOnce(json({ meeting: { ...meeting, status: 'archived' } }));
    const error = await createPrepareApi(SERVER, TOKEN)
      .updateMeeting(MEETING_ID, { title: 'Mới' })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
  });

  it('an answer that is not JSON is invalid_response', async () => {
    fetchMock.mockResolvedValueOnce(new Response('<html>ok</html>', { status: 200 }));
    await expect(createApiClient(SERVER, TOKEN).listMeetings()).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });

  it('an error body becomes an ApiRequestError with the server’s code, status and issues', async () => {
    fetchMock.mockResolvedValueOnce(
      json(
        {
          error: {
            code: 'validation_failed',
            message: 'invalid request: title: too long',
            issues: [{ path: 'title', message: 'Too big: expected string to have <=300 characters' }],
          },
        },
        400,
      ),
    );
    const error = await createPrepareApi(SERVER, TOKEN)
      .updateMeeting(MEETING_ID, { title: 'Mới' })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({
      code: 'validation_failed',
      status: 400,
      issues: [{ path: 'title', message: 'Too big: expected string to have <=300 characters' }],
    });
    expect((error as ApiRequestError).message).toContain(
      `${ROUTES.updateMeeting.method} ${pathOf(ROUTES.updateMeeting, { meetingId: MEETING_ID })}`,
    );
  });

  it('an error body that is not ours falls back to the status', async () => {
    fetchMock.mockResolvedValueOnce(new Response('<h1>Bad gateway</h1>', { status: 502 }));
    fetchMock.mockResolvedValueOnce(json({ error: { code: 'invalid_code', message: 'unknown code' } }, 400));
    await expect(createApiClient(SERVER, TOKEN).getSession()).rejects.toMatchObject({
      code: 'internal',
      status: 502,
    });
    await expect(createApiClient(SERVER, null).join({ code: 'ZZZZ-ZZZZ' })).rejects.toMatchObject({
      code: 'invalid_code',
      status: 400,
      issues: [],
    });
  });

  it('no answer at all is network_error', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(createApiClient(SERVER, TOKEN).getSession()).rejects.toMatchObject({
      code: 'network_error',
      status: null,
    });
  });
});

/** A stand-in for XMLHttpRequest that records the request and answers as told. */
class FakeXhr {
  static last: FakeXhr | null = null;
  static answer = { status: 201, text: '' };
  method = '';
  url = '';
  headers: Record<string, string> = {};
  sentBody: unknown = null;
  status = 0;
  responseText = '';
  upload: {
    onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null;
  } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: URL | string): void {
    this.method = method;
    this.url = String(url);
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  send(body: unknown): void {
    this.sentBody = body;
    queueMicrotask(() => {
      this.upload.onprogress?.({ loaded: 5, total: 10, lengthComputable: true });
      this.status = FakeXhr.answer.status;
      this.responseText = FakeXhr.answer.text;
      this.onload?.();
    });
  }
  abort(): void {
    this.onabort?.();
  }
}

/** The last fake request made (read through a function, so no narrowing survives a reset). */
const lastXhr = (): FakeXhr | null => FakeXhr.last;

describe('uploads take method, path, query and answer schema from the table', () => {
  beforeEach(() => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    FakeXhr.last = null;
  });

  it('uploads a document with its query and parses the answer', async () => {
    FakeXhr.answer = { status: 201, text: JSON.stringify({ document: meetingDocument, duplicate: false }) };
    const file = new File(['%PDF'], 'to-trinh.pdf', { type: 'application/pdf' });
    const progress: number[] = [];
    const handle = createPrepareApi(SERVER, TOKEN).uploadDocument(
      MEETING_ID,
      file,
      { agendaItemId: 'item-0001', kind: 'to_trinh', noExport: true },
      ({ loaded }) => progress.push(loaded),
    );
    const result = await handle.promise;
    expect(result.duplicate).toBe(false);
    expect(result.document.id).toBe('document-1');
    const xhr = FakeXhr.last;
    if (!xhr) throw new Error('no request');
    const url = new URL(xhr.url);
    expect(xhr.method).toBe(ROUTES.uploadDocument.method);
    expect(url.pathname).toBe(pathOf(ROUTES.uploadDocument, { meetingId: MEETING_ID }));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      fileName: 'to-trinh.pdf',
      agendaItemId: 'item-0001',
      kind: 'to_trinh',
      noExport: 'true',
    });
    expect(xhr.headers['Content-Type']).toBe('application/pdf');
    expect(xhr.sentBody).toBe(file);
    expect(progress).toEqual([5]);
  });

  it('an upload answer outside the schema is invalid_response; a bad query never leaves', async () => {
    FakeXhr.answer = { status: 201, text: JSON.stringify({ document: { id: 'x' } }) };
    const file = new File(['%PDF'], 'a.pdf', { type: 'application/pdf' });
    const api = createPrepareApi(SERVER, TOKEN);
    await expect(api.uploadVersion('document-1', file, () => undefined).promise).rejects.toMatchObject({
      code: 'invalid_response',
    });
    expect(FakeXhr.last?.method).toBe(ROUTES.uploadVersion.method);

    FakeXhr.last = null;
    const longName = new File(['%PDF'], `${'n'.repeat(300)}.pdf`, { type: 'application/pdf' });
    await expect(api.uploadVersion('document-1', longName, () => undefined).promise).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [{ path: 'fileName' }],
    });
    expect(lastXhr()?.sentBody ?? null).toBeNull();
  });
});
