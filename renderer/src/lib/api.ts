/**
 * The room server's HTTP API as the renderer sees it. This is the only module that calls
 * `fetch`: every answer is validated with the shared zod schemas before the UI sees it, and
 * every failure becomes an {@link ApiRequestError} with a code the UI can translate.
 */
import {
  API_PREFIX,
  type ApiErrorCode,
  ApiErrorSchema,
  type HealthResponse,
  HealthResponseSchema,
  type JoinRequest,
  JoinRequestSchema,
  type JoinResponse,
  JoinResponseSchema,
  type MeetingDetailResponse,
  MeetingDetailResponseSchema,
  MeetingListResponseSchema,
  type SessionInfo,
  SessionInfoSchema,
} from '#common/schemas/api';
import {
  DeviceListResponseSchema,
  type JoinCodeResponse,
  JoinCodeResponseSchema,
  ParticipantImportResponseSchema,
  ParticipantListResponseSchema,
} from '#common/schemas/api';
import {
  type Classification,
  type DocumentGrants,
  DocumentGrantsSchema,
  type DocumentKind,
  DocumentVersionSchema,
  type MeetingDocument,
  MeetingDocumentSchema,
  type UpdateDocumentRequest,
  UpdateDocumentRequestSchema,
} from '#common/schemas/document';
import { IdSchema } from '#common/schemas/ids';
import type { Meeting } from '#common/schemas/meeting';
import {
  type AgendaItem,
  AgendaItemSchema,
  CreateAgendaItemRequestSchema,
  CreateMeetingRequestSchema,
  MeetingSchema,
  type MoveAgendaItemRequest,
  MoveAgendaItemRequestSchema,
  PublishResponseSchema,
  type UpdateAgendaItemRequest,
  UpdateAgendaItemRequestSchema,
  type UpdateMeetingRequest,
  UpdateMeetingRequestSchema,
} from '#common/schemas/meeting';
import {
  CreateParticipantRequestSchema,
  type DeviceSession,
  DeviceSessionSchema,
  type Participant,
  ParticipantSchema,
} from '#common/schemas/participant';
import { z } from 'zod';

/**
 * Codes a request can fail with: the server's own codes, plus the ones only a client can see
 * (no answer at all, no answer in time, an answer that is not what the contract says).
 */
export type ClientErrorCode = ApiErrorCode | 'network_error' | 'timeout' | 'invalid_response';

/** A failed API call. `code` selects the translated message; `message` is for logs only. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    /** What went wrong, as a stable code (translated under `errors.<code>`). */
    readonly code: ClientErrorCode,
    message: string,
    /** HTTP status, or null when no HTTP answer arrived. */
    readonly status: number | null = null,
    /** Field-level problems the server reported for a validation failure. */
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** True when the error means "this device is no longer signed in" (token bad or revoked). */
export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiRequestError && error.code === 'unauthenticated';
}

/** The calls the renderer makes; one client per server URL and token. */
export interface ApiClient {
  readonly serverUrl: string;
  health(): Promise<HealthResponse>;
  join(request: z.input<typeof JoinRequestSchema>): Promise<JoinResponse>;
  getSession(): Promise<SessionInfo>;
  leave(): Promise<void>;
  listMeetings(): Promise<Meeting[]>;
  getMeeting(meetingId: string): Promise<MeetingDetailResponse>;
}

/** Long enough for a slow room Wi-Fi, short enough that a dead server is reported promptly. */
const REQUEST_TIMEOUT_MS = 15_000;

/** When the error body is not ours (a proxy's 502 page, say), guess the code from the status. */
function codeForStatus(status: number): ClientErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal';
  return 'invalid_response';
}

interface RequestOptions<T> {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  /** Schema of a successful answer; null for answers without a body (204). */
  schema: z.ZodType<T> | null;
}

/**
 * The one place the client talks HTTP to the room server (uploads with progress aside):
 * sends, turns failures into {@link ApiRequestError}s and checks every answer against its schema.
 */
async function sendRequest<T>(
  serverUrl: string,
  token: string | null,
  { method, path, body = { kind: 'none' }, schema, timeoutMs }: PrepareRequest<T>,
): Promise<T> {
  const url = new URL(`${API_PREFIX}${path}`, serverUrl);
  const headers: Record<string, string> = {
    Accept: schema === 'blob' ? 'application/pdf, application/json' : 'application/json',
  };
  // The token travels in a header, never as a cookie, so no credentials are needed.
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let payload: BodyInit | null = null;
  if (body.kind === 'json') {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body.value);
  } else if (body.kind === 'raw') {
    headers['Content-Type'] = body.contentType;
    payload = body.value;
  }

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: payload,
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ApiRequestError(
      timedOut ? 'timeout' : 'network_error',
      `${method} ${url.pathname}: ${String(error)}`,
    );
  }
  if (!response.ok) throw await toApiError(method, url, response);
  if (schema === null) return undefined as T;
  if (schema === 'blob') return (await response.blob()) as T;
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ApiRequestError(
      'invalid_response',
      `${method} ${url.pathname}: body is not JSON`,
      response.status,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiRequestError(
      'invalid_response',
      `${method} ${url.pathname}: answer does not match the contract: ${parsed.error.message}`,
      response.status,
    );
  }
  return parsed.data;
}

/**
 * Creates an API client bound to one room server and, once joined, one device token.
 *
 * @param serverUrl base URL from `normaliseServerUrl` (an origin, no trailing slash)
 * @param token the bearer token from `join`, or null before joining
 */
export function createApiClient(serverUrl: string, token: string | null): ApiClient {
  const request = <T>({ method, path, body, schema }: RequestOptions<T>): Promise<T> =>
    sendRequest(serverUrl, token, {
      method,
      path,
      body: body === undefined ? { kind: 'none' } : { kind: 'json', value: body },
      schema,
    });

  return {
    serverUrl,
    health: () => request({ method: 'GET', path: '/health', schema: HealthResponseSchema }),
    join: (input) => {
      // Validate with the same schema as the server so a bad request never leaves the device.
      const body: JoinRequest = JoinRequestSchema.parse(input);
      return request({ method: 'POST', path: '/join', body, schema: JoinResponseSchema });
    },
    getSession: () => request({ method: 'GET', path: '/session', schema: SessionInfoSchema }),
    leave: () => request({ method: 'DELETE', path: '/session', schema: null }),
    listMeetings: async () =>
      (await request({ method: 'GET', path: '/meetings', schema: MeetingListResponseSchema })).meetings,
    getMeeting: (meetingId) => {
      const id = IdSchema.parse(meetingId);
      return request({ method: 'GET', path: `/meetings/${id}`, schema: MeetingDetailResponseSchema });
    },
  };
}

async function toApiError(method: string, url: URL, response: Response): Promise<ApiRequestError> {
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    // Not JSON (e.g. an HTML error page from a proxy); fall back to the status code below.
  }
  const parsed = ApiErrorSchema.safeParse(json);
  if (parsed.success) {
    const { code, message, issues } = parsed.data.error;
    return new ApiRequestError(code, `${method} ${url.pathname}: ${message}`, response.status, issues ?? []);
  }
  return new ApiRequestError(
    codeForStatus(response.status),
    `${method} ${url.pathname}: HTTP ${response.status}`,
    response.status,
  );
}

/** A short, non-identifying label so the secretariat can tell this device apart in the device list. */
export function defaultDeviceLabel(): string {
  const kind = /\bElectron\//.test(navigator.userAgent) ? 'Desktop app' : 'Browser';
  const platform = navigator.platform || 'unknown platform';
  return `${kind} · ${platform}`.slice(0, 200);
}

// ---------------------------------------------------------------------------------------------
// Preparing a meeting (secretariat): meeting details, agenda, participants, documents, publish.
// Kept as a separate client so the participant-facing client above stays small; it shares the
// error conversion (`toApiError`) and the rules of this module (validate every answer).
// ---------------------------------------------------------------------------------------------

/** Envelopes of the preparation routes; the entities inside are the shared strict schemas. */
const MeetingEnvelopeSchema = z.object({ meeting: MeetingSchema });
const AgendaItemEnvelopeSchema = z.object({ item: AgendaItemSchema });
const AgendaEnvelopeSchema = z.object({ agenda: z.array(AgendaItemSchema) });
const ParticipantEnvelopeSchema = z.object({ participant: ParticipantSchema });
const DeviceEnvelopeSchema = z.object({ device: DeviceSessionSchema });
const DocumentEnvelopeSchema = z.object({ document: MeetingDocumentSchema });
const UploadResultSchema = z.object({ document: MeetingDocumentSchema, duplicate: z.boolean() });
const DocumentDetailSchema = z.object({
  document: MeetingDocumentSchema,
  versions: z.array(DocumentVersionSchema),
});

/** The answer to an upload: the stored document, and whether the same bytes were already there. */
export type UploadResult = z.infer<typeof UploadResultSchema>;

/** A document with the history of its files, newest last or first as the server sends them. */
export type DocumentDetail = z.infer<typeof DocumentDetailSchema>;

/** The answer to publishing: the meeting as published and what the secretariat should know. */
export type PublishResult = z.infer<typeof PublishResponseSchema>;

/** Bytes sent and to send, as reported by `XMLHttpRequest.upload.onprogress`. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** A running upload: its result, and a way to stop it. */
export interface UploadHandle<T> {
  readonly promise: Promise<T>;
  abort(): void;
}

/** Thrown by an upload the user cancelled; not a failure to report. */
export class UploadAbortedError extends Error {
  override readonly name = 'UploadAbortedError';
}

/** What an upload of a new document carries beside the file (query parameters). */
export interface UploadDocumentParams {
  agendaItemId?: string | null;
  kind?: DocumentKind;
  classification?: Classification;
  noExport?: boolean;
  title?: string;
}

/** The calls the "prepare a meeting" screens make; every one needs a secretariat session. */
export interface PrepareApi {
  createMeeting(input: z.input<typeof CreateMeetingRequestSchema>): Promise<Meeting>;
  updateMeeting(meetingId: string, patch: UpdateMeetingRequest): Promise<Meeting>;
  publishMeeting(meetingId: string): Promise<PublishResult>;
  createAgendaItem(
    meetingId: string,
    input: z.input<typeof CreateAgendaItemRequestSchema>,
  ): Promise<AgendaItem>;
  updateAgendaItem(itemId: string, patch: UpdateAgendaItemRequest): Promise<AgendaItem>;
  /** Moves an item (with its sub-items); answers with the whole agenda in its new order. */
  moveAgendaItem(itemId: string, move: MoveAgendaItemRequest): Promise<AgendaItem[]>;
  deleteAgendaItem(itemId: string): Promise<void>;
  listParticipants(meetingId: string): Promise<Participant[]>;
  createParticipant(
    meetingId: string,
    input: z.input<typeof CreateParticipantRequestSchema>,
  ): Promise<Participant>;
  updateParticipant(participantId: string, patch: ParticipantPatch): Promise<Participant>;
  deleteParticipant(participantId: string): Promise<void>;
  /** Sends a CSV file as it is (the server decodes it and reports bad lines). */
  importParticipants(meetingId: string, csv: Blob): Promise<Participant[]>;
  createJoinCode(participantId: string, ttlHours?: number): Promise<JoinCodeResponse>;
  /** The printable join sheet (PDF) with a fresh code per participant. */
  joinSheet(meetingId: string, participantIds?: readonly string[]): Promise<Blob>;
  listDevices(participantId: string): Promise<DeviceSession[]>;
  revokeDevice(deviceId: string): Promise<DeviceSession>;
  uploadDocument(
    meetingId: string,
    file: File,
    params: UploadDocumentParams,
    onProgress: (progress: UploadProgress) => void,
  ): UploadHandle<UploadResult>;
  getDocument(documentId: string): Promise<DocumentDetail>;
  updateDocument(documentId: string, patch: UpdateDocumentRequest): Promise<MeetingDocument>;
  uploadVersion(
    documentId: string,
    file: File,
    onProgress: (progress: UploadProgress) => void,
  ): UploadHandle<MeetingDocument>;
  getGrants(documentId: string): Promise<DocumentGrants>;
  putGrants(documentId: string, grants: DocumentGrants): Promise<DocumentGrants>;
  deleteDocument(documentId: string): Promise<void>;
}

/** The fields of a participant the secretariat may change. */
export type ParticipantPatch = Partial<Pick<Participant, 'name' | 'position' | 'unit' | 'role' | 'group'>>;

/** Generating a join sheet issues a code per participant and draws a PDF: allow it more time. */
const JOIN_SHEET_TIMEOUT_MS = 60_000;

/** MIME types the upload route accepts as they are; anything else goes as octet-stream. */
const UPLOAD_TYPES = new Set([
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/rtf',
]);

/** The Content-Type to send a picked file with. */
function uploadContentType(file: Blob): string {
  return UPLOAD_TYPES.has(file.type) ? file.type : 'application/octet-stream';
}

type PrepareBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; value: Blob; contentType: string }
  | { kind: 'none' };

interface PrepareRequest<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: PrepareBody;
  /** Schema of a JSON answer, `null` for 204, `'blob'` for a file. */
  schema: z.ZodType<T> | null | 'blob';
  timeoutMs?: number;
}

/**
 * Creates the secretariat's client for one room server and token. Uploads go through
 * XMLHttpRequest because only it reports upload progress (`fetch` has no upload events).
 */
export function createPrepareApi(serverUrl: string, token: string): PrepareApi {
  const urlFor = (path: string): URL => new URL(`${API_PREFIX}${path}`, serverUrl);

  const send = <T>(req: PrepareRequest<T>): Promise<T> => sendRequest(serverUrl, token, req);

  const id = (value: string): string => IdSchema.parse(value);

  return {
    createMeeting: async (input) =>
      (
        await send({
          method: 'POST',
          path: '/meetings',
          body: { kind: 'json', value: CreateMeetingRequestSchema.parse(input) },
          schema: MeetingEnvelopeSchema,
        })
      ).meeting,
    updateMeeting: async (meetingId, patch) =>
      (
        await send({
          method: 'PATCH',
          path: `/meetings/${id(meetingId)}`,
          body: { kind: 'json', value: UpdateMeetingRequestSchema.parse(patch) },
          schema: MeetingEnvelopeSchema,
        })
      ).meeting,
    publishMeeting: (meetingId) =>
      send({ method: 'POST', path: `/meetings/${id(meetingId)}/publish`, schema: PublishResponseSchema }),
    createAgendaItem: async (meetingId, input) =>
      (
        await send({
          method: 'POST',
          path: `/meetings/${id(meetingId)}/agenda-items`,
          body: { kind: 'json', value: CreateAgendaItemRequestSchema.parse(input) },
          schema: AgendaItemEnvelopeSchema,
        })
      ).item,
    updateAgendaItem: async (itemId, patch) =>
      (
        await send({
          method: 'PATCH',
          path: `/agenda-items/${id(itemId)}`,
          body: { kind: 'json', value: UpdateAgendaItemRequestSchema.parse(patch) },
          schema: AgendaItemEnvelopeSchema,
        })
      ).item,
    moveAgendaItem: async (itemId, move) =>
      (
        await send({
          method: 'POST',
          path: `/agenda-items/${id(itemId)}/move`,
          body: { kind: 'json', value: MoveAgendaItemRequestSchema.parse(move) },
          schema: AgendaEnvelopeSchema,
        })
      ).agenda,
    deleteAgendaItem: (itemId) =>
      send({ method: 'DELETE', path: `/agenda-items/${id(itemId)}`, schema: null }),
    listParticipants: async (meetingId) =>
      (
        await send({
          method: 'GET',
          path: `/meetings/${id(meetingId)}/participants`,
          schema: ParticipantListResponseSchema,
        })
      ).participants,
    createParticipant: async (meetingId, input) =>
      (
        await send({
          method: 'POST',
          path: `/meetings/${id(meetingId)}/participants`,
          body: { kind: 'json', value: CreateParticipantRequestSchema.parse(input) },
          schema: ParticipantEnvelopeSchema,
        })
      ).participant,
    updateParticipant: async (participantId, patch) =>
      (
        await send({
          method: 'PATCH',
          path: `/participants/${id(participantId)}`,
          body: { kind: 'json', value: patch },
          schema: ParticipantEnvelopeSchema,
        })
      ).participant,
    deleteParticipant: (participantId) =>
      send({ method: 'DELETE', path: `/participants/${id(participantId)}`, schema: null }),
    importParticipants: async (meetingId, csv) =>
      (
        await send({
          method: 'POST',
          path: `/meetings/${id(meetingId)}/participants/import`,
          body: { kind: 'raw', value: csv, contentType: 'text/csv' },
          schema: ParticipantImportResponseSchema,
        })
      ).created,
    createJoinCode: (participantId, ttlHours) =>
      send({
        method: 'POST',
        path: `/participants/${id(participantId)}/join-codes`,
        body: { kind: 'json', value: ttlHours === undefined ? {} : { ttlHours } },
        schema: JoinCodeResponseSchema,
      }),
    joinSheet: (meetingId, participantIds) =>
      send<Blob>({
        method: 'POST',
        path: `/meetings/${id(meetingId)}/join-sheet`,
        body: {
          kind: 'json',
          value: participantIds === undefined ? {} : { participantIds: [...participantIds] },
        },
        schema: 'blob',
        timeoutMs: JOIN_SHEET_TIMEOUT_MS,
      }),
    listDevices: async (participantId) =>
      (
        await send({
          method: 'GET',
          path: `/participants/${id(participantId)}/devices`,
          schema: DeviceListResponseSchema,
        })
      ).devices,
    revokeDevice: async (deviceId) =>
      (await send({ method: 'POST', path: `/devices/${id(deviceId)}/revoke`, schema: DeviceEnvelopeSchema }))
        .device,
    uploadDocument: (meetingId, file, params, onProgress) => {
      const url = urlFor(`/meetings/${id(meetingId)}/documents`);
      url.searchParams.set('fileName', file.name);
      if (params.agendaItemId) url.searchParams.set('agendaItemId', id(params.agendaItemId));
      if (params.title) url.searchParams.set('title', params.title);
      if (params.kind) url.searchParams.set('kind', params.kind);
      if (params.classification) url.searchParams.set('classification', params.classification);
      if (params.noExport !== undefined) url.searchParams.set('noExport', String(params.noExport));
      return xhrUpload(url, token, file, UploadResultSchema, onProgress);
    },
    getDocument: (documentId) =>
      send({ method: 'GET', path: `/documents/${id(documentId)}`, schema: DocumentDetailSchema }),
    updateDocument: async (documentId, patch) =>
      (
        await send({
          method: 'PATCH',
          path: `/documents/${id(documentId)}`,
          body: { kind: 'json', value: UpdateDocumentRequestSchema.parse(patch) },
          schema: DocumentEnvelopeSchema,
        })
      ).document,
    uploadVersion: (documentId, file, onProgress) => {
      const url = urlFor(`/documents/${id(documentId)}/versions`);
      url.searchParams.set('fileName', file.name);
      const handle = xhrUpload(url, token, file, DocumentEnvelopeSchema, onProgress);
      return { promise: handle.promise.then((answer) => answer.document), abort: handle.abort };
    },
    getGrants: (documentId) =>
      send({ method: 'GET', path: `/documents/${id(documentId)}/grants`, schema: DocumentGrantsSchema }),
    putGrants: (documentId, grants) =>
      send({
        method: 'PUT',
        path: `/documents/${id(documentId)}/grants`,
        body: { kind: 'json', value: DocumentGrantsSchema.parse(grants) },
        schema: DocumentGrantsSchema,
      }),
    deleteDocument: (documentId) =>
      send({ method: 'DELETE', path: `/documents/${id(documentId)}`, schema: null }),
  };
}

/** Turns an XHR error answer into the same {@link ApiRequestError} `fetch` calls produce. */
function xhrError(method: string, url: URL, xhr: XMLHttpRequest): ApiRequestError {
  let json: unknown = null;
  try {
    json = JSON.parse(xhr.responseText);
  } catch {
    // Not JSON (a proxy's error page): the status code decides below.
  }
  const parsed = ApiErrorSchema.safeParse(json);
  if (parsed.success) {
    const { code, message, issues } = parsed.data.error;
    return new ApiRequestError(code, `${method} ${url.pathname}: ${message}`, xhr.status, issues ?? []);
  }
  return new ApiRequestError(
    codeForStatus(xhr.status),
    `${method} ${url.pathname}: HTTP ${xhr.status}`,
    xhr.status,
  );
}

/**
 * POSTs a file as the raw request body with progress events. There is no overall timeout (a
 * 200 MB file over room Wi-Fi takes minutes); the user can cancel instead.
 */
function xhrUpload<T>(
  url: URL,
  token: string,
  file: File,
  schema: z.ZodType<T>,
  onProgress: (progress: UploadProgress) => void,
): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', uploadContentType(file));
    xhr.upload.onprogress = (event) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(xhrError('POST', url, xhr));
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        reject(new ApiRequestError('invalid_response', `POST ${url.pathname}: body is not JSON`, xhr.status));
        return;
      }
      const parsed = schema.safeParse(json);
      if (parsed.success) resolve(parsed.data);
      else
        reject(
          new ApiRequestError(
            'invalid_response',
            `POST ${url.pathname}: answer does not match the contract: ${parsed.error.message}`,
            xhr.status,
          ),
        );
    };
    xhr.onerror = () => reject(new ApiRequestError('network_error', `POST ${url.pathname}: network error`));
    xhr.onabort = () => reject(new UploadAbortedError(`POST ${url.pathname}: cancelled`));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

// ---------------------------------------------------------------------------------------------
// Document bytes (GET /blobs/:sha256) for the download manager and the viewer. Streams the
// body instead of parsing it, so progress moves as bytes arrive; resumes with Range.
// ---------------------------------------------------------------------------------------------

/** One answer of GET /blobs/:sha256: any HTTP status, with the body left unread. */
export interface BlobAnswer {
  readonly status: number;
  /** The `Content-Range` header (206 and 416 answers). */
  readonly contentRange: string | null;
  /** The body as a byte stream (200 and 206); the caller reads or cancels it. */
  readonly body: ReadableStream<Uint8Array> | null;
}

/** Asks for a blob from byte `offset` (sends `Range: bytes=offset-` when offset > 0). */
export type BlobFetcher = (
  sha256: string,
  options: { readonly offset: number; readonly signal: AbortSignal },
) => Promise<BlobAnswer>;

/**
 * How long to wait for the answer's headers. The body itself has no overall limit (a large
 * file on a slow Wi-Fi takes minutes); the download manager aborts a stalled body instead.
 */
const BLOB_HEADERS_TIMEOUT_MS = 30_000;

/**
 * Creates the blob fetcher for one room server and device token. Rejects with an
 * {@link ApiRequestError} (`network_error` or `timeout`) only when no answer arrived; error
 * statuses are answers, and the caller decides what they mean for a resume.
 */
export function createBlobFetcher(serverUrl: string, token: string): BlobFetcher {
  return async (sha256, { offset, signal }) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ApiRequestError('bad_request', 'not a sha256 hex digest');
    if (!Number.isSafeInteger(offset) || offset < 0) throw new ApiRequestError('bad_request', 'bad offset');
    const url = new URL(`${API_PREFIX}/blobs/${sha256}`, serverUrl);
    const headers: Record<string, string> = { Accept: 'application/pdf', Authorization: `Bearer ${token}` };
    if (offset > 0) headers.Range = `bytes=${offset}-`;

    const headersTimeout = new AbortController();
    const timer = setTimeout(() => headersTimeout.abort(), BLOB_HEADERS_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        method: 'GET',
        headers,
        credentials: 'omit',
        // Never keep a copy in the HTTP cache: the document cache is the one copy on this
        // device, and confidential documents must not linger anywhere else.
        cache: 'no-store',
        signal: AbortSignal.any([signal, headersTimeout.signal]),
      });
      return {
        status: response.status,
        contentRange: response.headers.get('Content-Range'),
        body: response.body,
      };
    } catch (error) {
      throw new ApiRequestError(
        headersTimeout.signal.aborted && !signal.aborted ? 'timeout' : 'network_error',
        `GET ${url.pathname}: ${String(error)}`,
      );
    } finally {
      clearTimeout(timer);
    }
  };
}
