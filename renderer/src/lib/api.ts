/**
 * The room server's HTTP API as the renderer sees it, derived from the one route table
 * (`#common/http/route-table`). This is the only module that talks HTTP to the room server.
 *
 * Every call goes through {@link createCall}'s `call(route, { params, query, body })`: the
 * table gives the method, the path, the schemas of parameters, query and body (checked here,
 * so a bad request never leaves the device) and the schema of the answer (checked here, so
 * the UI never sees an answer outside the contract). Two transports keep their own way but
 * still take everything from the table: file uploads (XMLHttpRequest, for progress events)
 * and document bytes (a streamed body with `Range`, for the download manager).
 *
 * Every failure becomes an {@link ApiRequestError} with a code the UI can translate.
 */
import {
  type RawBody,
  type Route,
  type RouteBodyInput,
  type RouteResult,
  ROUTES,
  type RouteSpec,
  routePath,
} from '#common/http/route-table';
import {
  API_PREFIX,
  type ApiErrorCode,
  ApiErrorSchema,
  type DocumentDetail,
  type UploadResult,
} from '#common/schemas/api';
import { deviceLabelOf } from '#common/schemas/device-label';
import { type ErrorReason, isKnownReason, type ReasonParamValues } from '#common/schemas/error-reasons';
import type { Classification, DocumentKind } from '#common/schemas/document';
import type { ImportDuplicatesMode } from '#common/schemas/participant';
import { z } from 'zod';
import type { FetchBlob, FetchReaderCopy } from './cache/download-manager';

export type { DocumentDetail, UploadResult } from '#common/schemas/api';

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** The codes only a client can see: no answer at all, none in time, one outside the contract. */
export const CLIENT_ONLY_ERROR_CODES = ['network_error', 'timeout', 'invalid_response'] as const;

/** Codes a request can fail with: the server's own codes, plus the ones only a client can see. */
export type ClientErrorCode = ApiErrorCode | (typeof CLIENT_ONLY_ERROR_CODES)[number];

/**
 * Why a request failed, more precisely than its code, as the server sent it: one of the
 * shared `ERROR_REASONS` with its parameters, checked (so the UI can word it in the user's
 * language; see `lib/errors.ts`). A reason this client does not know is dropped.
 */
export interface ReasonMessage {
  readonly reason: ErrorReason;
  readonly params: ReasonParamValues;
}

/** The reason of an answer when this client knows it (with the parameters it needs), else null. */
export function knownReason(
  reason: string | undefined,
  params: ReasonParamValues | undefined,
): ReasonMessage | null {
  if (reason === undefined) return null;
  const values = params ?? {};
  return isKnownReason(reason, values) ? { reason, params: values } : null;
}

/** One field-level problem of a `validation_failed`: `path` names the field (`title`, `line 4`). */
export interface ApiIssue {
  readonly path: string;
  /** The server's (or zod's) English explanation, for logs and as a last resort. */
  readonly message: string;
  /** The line of an imported file the problem is on, when it is about one. */
  readonly line?: number;
  /** The server's reason, when it sent one this client knows: shown instead of `message`. */
  readonly reason?: ReasonMessage;
  /**
   * The zod issue itself when the request was refused on this device: its kind and limits
   * (`too_big`, maximum 300) let the UI say exactly what is wrong, in the user's language.
   */
  readonly issue?: z.core.$ZodIssue;
}

/** A failed API call. `code` selects the translated message; `message` is for logs only. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    /** What went wrong, as a stable code (translated under `errors.<code>`). */
    readonly code: ClientErrorCode,
    message: string,
    /** HTTP status, or null when no HTTP answer arrived (or the request never left). */
    readonly status: number | null = null,
    /** Field-level problems of a validation failure (the server's, or this device's check). */
    readonly issues: readonly ApiIssue[] = [],
    /** Why, more precisely than the code, when the server said so (translated in `lib/errors.ts`). */
    readonly reason: ReasonMessage | null = null,
  ) {
    super(message);
  }
}

/** True when the error means "this device is no longer signed in" (token bad or revoked). */
export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiRequestError && error.code === 'unauthenticated';
}

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

/** The error an HTTP error answer stands for: the server's own code and issues when it sent them. */
function answerError(label: string, status: number, text: string): ApiRequestError {
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (e.g. an HTML error page from a proxy); fall back to the status code below.
  }
  const parsed = ApiErrorSchema.safeParse(json);
  if (parsed.success) {
    const { code, message, issues, reason, params } = parsed.data.error;
    return new ApiRequestError(
      code,
      `${label}: ${message}`,
      status,
      (issues ?? []).map((issue) => {
        const why = knownReason(issue.reason, issue.params);
        return {
          path: issue.path,
          message: issue.message,
          ...(issue.line !== undefined ? { line: issue.line } : {}),
          ...(why ? { reason: why } : {}),
        };
      }),
      knownReason(reason, params),
    );
  }
  return new ApiRequestError(codeForStatus(status), `${label}: HTTP ${status}`, status);
}

// ---------------------------------------------------------------------------------------------
// The one generic call
// ---------------------------------------------------------------------------------------------

/** What a call of route `R` carries: its path parameters, query and body, typed by the table. */
export type CallInput<R extends RouteSpec> = (R extends { readonly params: infer P extends z.ZodType }
  ? { readonly params: z.input<P> }
  : { readonly params?: undefined }) &
  (R extends { readonly query: infer Q extends z.ZodType }
    ? { readonly query: z.input<Q> }
    : { readonly query?: undefined }) &
  (R extends { readonly body: infer B }
    ? B extends z.ZodType
      ? { readonly body: z.input<B> }
      : { readonly body: Blob }
    : { readonly body?: undefined }) & {
    /** Overrides the default time limit (long-running answers such as the join sheet). */
    readonly timeoutMs?: number;
  };

/** What a call of route `R` resolves with: its parsed JSON answer, nothing, or the bytes. */
export type CallResult<R extends RouteSpec> = R['response'] extends z.ZodType
  ? z.output<R['response']>
  : R['response'] extends 'empty'
    ? undefined
    : Blob;

/** The input argument is optional when the route needs no parameters, query or body. */
type CallArgs<R extends RouteSpec> =
  object extends CallInput<R> ? [input?: CallInput<R>] : [input: CallInput<R>];

/** Calls one route of the table; see {@link createCall}. */
export type Call = <R extends RouteSpec>(route: R, ...args: CallArgs<R>) => Promise<CallResult<R>>;

/** Long enough for a slow room Wi-Fi, short enough that a dead server is reported promptly. */
const REQUEST_TIMEOUT_MS = 15_000;

/** Content types of raw request bodies, by the table's kind. */
const RAW_BODY_TYPES: Record<RawBody, string> = { file: 'application/octet-stream', csv: 'text/csv' };

/** What {@link prepareRequest} makes of a call: where it goes, what it sends, how to name it. */
interface PreparedRequest {
  readonly url: URL;
  readonly label: string;
  readonly body: BodyInit | null;
  readonly contentType: string | null;
}

/** Turns zod issues into the issues of an {@link ApiRequestError}, keeping the zod issue. */
function toIssues(issues: readonly z.core.$ZodIssue[]): ApiIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message, issue }));
}

/** Checks one part of a request against the table; a failure never leaves the device. */
function checked<S extends z.ZodType>(
  route: RouteSpec,
  part: string,
  schema: S,
  value: unknown,
): z.output<S> {
  // With the input in each issue, a form can tell an empty number field from a fraction.
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issues = toIssues(result.error.issues);
  throw new ApiRequestError(
    'validation_failed',
    `${route.method} ${route.path}: ${part} does not match the contract: ${issues
      .map((issue) => `${issue.path || '(whole)'}: ${issue.message}`)
      .join('; ')}`,
    null,
    issues,
  );
}

/** Parameters, query and body as {@link prepareRequest} reads them (any route's). */
interface LooseInput {
  readonly params?: unknown;
  readonly query?: unknown;
  readonly body?: unknown;
}

/**
 * Validates a call against its route and builds its URL and body: the path from the table's
 * template and the checked parameters, the query (as typed; the server applies defaults) and
 * the JSON body (as typed, after the check) or the raw bytes.
 */
function prepareRequest(serverUrl: string, route: RouteSpec, input: LooseInput): PreparedRequest {
  const params = route.params ? checked(route, 'params', route.params, input.params ?? {}) : {};
  const url = new URL(`${API_PREFIX}${routePath(route, params)}`, serverUrl);
  if (route.query) {
    checked(route, 'query', route.query, input.query ?? {});
    for (const [name, value] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
  }
  const label = `${route.method} ${url.pathname}`;
  if (route.body === undefined) return { url, label, body: null, contentType: null };
  if (route.body instanceof z.ZodType) {
    checked(route, 'body', route.body, input.body);
    return { url, label, body: JSON.stringify(input.body), contentType: 'application/json' };
  }
  if (!(input.body instanceof Blob)) {
    throw new ApiRequestError('validation_failed', `${label}: the body must be a file`, null, [
      { path: '', message: 'the body must be a file' },
    ]);
  }
  const contentType = route.body === 'file' ? uploadContentType(input.body) : RAW_BODY_TYPES[route.body];
  return { url, label, body: input.body, contentType };
}

/** The `Accept` header for a route's answer. */
function acceptFor(route: RouteSpec): string {
  if (route.response === 'pdf') return 'application/pdf, application/json';
  if (route.response === 'blob') return 'application/pdf';
  if (route.response === 'csv') return 'text/csv';
  if (route.response === 'docx')
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/json';
  return 'application/json';
}

/** Parses a successful JSON answer with the route's response schema. */
function parseAnswer<R extends RouteSpec>(
  route: R,
  label: string,
  status: number,
  text: string,
): CallResult<R> {
  const schema = route.response;
  if (!(schema instanceof z.ZodType)) return undefined as CallResult<R>;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiRequestError('invalid_response', `${label}: body is not JSON`, status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiRequestError(
      'invalid_response',
      `${label}: answer does not match the contract: ${parsed.error.message}`,
      status,
    );
  }
  return parsed.data as CallResult<R>;
}

/**
 * Creates the one generic call for a room server and (once joined) a device token:
 * `call(ROUTES.updateMeeting, { params: { meetingId }, body: patch })`.
 *
 * It builds the URL with `routePath`, sends the table's method, checks parameters, query and
 * body with the table's schemas before anything is sent (`validation_failed`, with the issues),
 * and reads the answer as the table says: nothing (`empty`), bytes (`pdf`, `blob`) or JSON
 * checked against the response schema (`invalid_response` when it does not match).
 *
 * @param serverUrl base URL from `normaliseServerUrl` (an origin, no trailing slash)
 * @param token the bearer token from `join`, or null before joining
 */
export function createCall(serverUrl: string, token: string | null): Call {
  return async <R extends RouteSpec>(route: R, ...[input]: CallArgs<R>): Promise<CallResult<R>> => {
    const request = prepareRequest(serverUrl, route, input ?? {});
    const headers: Record<string, string> = { Accept: acceptFor(route) };
    // The token travels in a header, never as a cookie, so no credentials are needed.
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (request.contentType !== null) headers['Content-Type'] = request.contentType;

    let response: Response;
    try {
      response = await fetch(request.url, {
        method: route.method,
        headers,
        body: request.body,
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(input?.timeoutMs ?? REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      throw new ApiRequestError(timedOut ? 'timeout' : 'network_error', `${request.label}: ${String(error)}`);
    }
    if (!response.ok)
      throw answerError(request.label, response.status, await response.text().catch(() => ''));
    if (route.response === 'empty') return undefined as CallResult<R>;
    if (
      route.response === 'pdf' ||
      route.response === 'blob' ||
      route.response === 'csv' ||
      route.response === 'docx'
    )
      return (await response.blob()) as CallResult<R>;
    return parseAnswer(route, request.label, response.status, await response.text());
  };
}

// ---------------------------------------------------------------------------------------------
// The participant's client
// ---------------------------------------------------------------------------------------------

/** The calls the renderer makes; one client per server URL and token. */
export interface ApiClient {
  readonly serverUrl: string;
  health(): Promise<RouteResult<Route<'health'>>>;
  join(request: RouteBodyInput<Route<'join'>>): Promise<RouteResult<Route<'join'>>>;
  getSession(): Promise<RouteResult<Route<'getSession'>>>;
  leave(): Promise<void>;
  listMeetings(): Promise<RouteResult<Route<'listMeetings'>>['meetings']>;
  getMeeting(meetingId: string): Promise<RouteResult<Route<'getMeeting'>>>;
  /** Searches the meeting's documents this participant may read (README, "Searching"). */
  search(meetingId: string, q: string, limit?: number): Promise<RouteResult<Route<'search'>>>;
}

/**
 * Creates an API client bound to one room server and, once joined, one device token.
 *
 * @param serverUrl base URL from `normaliseServerUrl` (an origin, no trailing slash)
 * @param token the bearer token from `join`, or null before joining
 */
export function createApiClient(serverUrl: string, token: string | null): ApiClient {
  const call = createCall(serverUrl, token);
  return {
    serverUrl,
    health: () => call(ROUTES.health),
    join: (request) => call(ROUTES.join, { body: request }),
    getSession: () => call(ROUTES.getSession),
    leave: () => call(ROUTES.leave),
    listMeetings: async () => (await call(ROUTES.listMeetings)).meetings,
    getMeeting: (meetingId) => call(ROUTES.getMeeting, { params: { meetingId } }),
    search: (meetingId, q, limit) => call(ROUTES.search, { params: { meetingId }, query: { q, limit } }),
  };
}

/**
 * A short, non-identifying label so the secretariat can tell this device apart in the device
 * list: `desktop · Windows`, `browser · Linux`. It holds no words of any language (the reader
 * of the list translates the kind; see `#common/schemas/device-label`).
 */
export function defaultDeviceLabel(): string {
  return deviceLabelOf(navigator.userAgent).slice(0, 200);
}

// ---------------------------------------------------------------------------------------------
// Preparing a meeting (secretariat): meeting details, agenda, participants, documents, publish.
// Kept as a separate client so the participant-facing client above stays small.
// ---------------------------------------------------------------------------------------------

/** The answer to publishing: the meeting as published and what the secretariat should know. */
export type PublishResult = RouteResult<Route<'publishMeeting'>>;

/** The fields of a participant the secretariat may change. */
export type ParticipantPatch = RouteBodyInput<Route<'updateParticipant'>>;

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

/** What an upload of a new document carries beside the file (sent as the route's query). */
export interface UploadDocumentParams {
  agendaItemId?: string | null;
  kind?: DocumentKind;
  classification?: Classification;
  noExport?: boolean;
  title?: string;
}

type Result<N extends keyof typeof ROUTES> = RouteResult<Route<N>>;
type Body<N extends keyof typeof ROUTES> = RouteBodyInput<Route<N>>;

/** The calls the "prepare a meeting" screens make; every one needs a secretariat session. */
export interface PrepareApi {
  createMeeting(input: Body<'createMeeting'>): Promise<Result<'createMeeting'>['meeting']>;
  updateMeeting(meetingId: string, patch: Body<'updateMeeting'>): Promise<Result<'updateMeeting'>['meeting']>;
  publishMeeting(meetingId: string): Promise<PublishResult>;
  createAgendaItem(
    meetingId: string,
    input: Body<'createAgendaItem'>,
  ): Promise<Result<'createAgendaItem'>['item']>;
  updateAgendaItem(
    itemId: string,
    patch: Body<'updateAgendaItem'>,
  ): Promise<Result<'updateAgendaItem'>['item']>;
  /** Moves an item (with its sub-items); answers with the whole agenda in its new order. */
  moveAgendaItem(itemId: string, move: Body<'moveAgendaItem'>): Promise<Result<'moveAgendaItem'>['agenda']>;
  deleteAgendaItem(itemId: string): Promise<void>;
  listParticipants(meetingId: string): Promise<Result<'listParticipants'>['participants']>;
  createParticipant(
    meetingId: string,
    input: Body<'createParticipant'>,
  ): Promise<Result<'createParticipant'>['participant']>;
  updateParticipant(
    participantId: string,
    patch: ParticipantPatch,
  ): Promise<Result<'updateParticipant'>['participant']>;
  deleteParticipant(participantId: string): Promise<void>;
  /**
   * Sends a CSV file as it is (the server decodes it and reports bad lines). With `duplicates`
   * `ask` (the default) a file that repeats people imports nothing and answers `needsDecision`.
   */
  importParticipants(
    meetingId: string,
    csv: Blob,
    duplicates?: ImportDuplicatesMode,
  ): Promise<Result<'importParticipants'>>;
  /** Moves a participant to `index` (0-based) in protocol order; answers the list in its new order. */
  moveParticipant(participantId: string, index: number): Promise<Result<'moveParticipant'>['participants']>;
  createJoinCode(participantId: string, ttlHours?: number): Promise<Result<'createJoinCode'>>;
  /** The printable join sheet (PDF) with a fresh code per participant. */
  joinSheet(meetingId: string, participantIds?: readonly string[]): Promise<Blob>;
  listDevices(participantId: string): Promise<Result<'listDevices'>['devices']>;
  revokeDevice(deviceId: string): Promise<Result<'revokeDevice'>['device']>;
  uploadDocument(
    meetingId: string,
    file: File,
    params: UploadDocumentParams,
    onProgress: (progress: UploadProgress) => void,
  ): UploadHandle<UploadResult>;
  getDocument(documentId: string): Promise<DocumentDetail>;
  updateDocument(
    documentId: string,
    patch: Body<'updateDocument'>,
  ): Promise<Result<'updateDocument'>['document']>;
  uploadVersion(
    documentId: string,
    file: File,
    onProgress: (progress: UploadProgress) => void,
  ): UploadHandle<Result<'uploadVersion'>['document']>;
  getGrants(documentId: string): Promise<Result<'getGrants'>>;
  /** Who may read the document and what each opened of it (read receipts). */
  getDocumentReaders(documentId: string): Promise<Result<'getDocumentReaders'>>;
  putGrants(documentId: string, grants: Body<'putGrants'>): Promise<Result<'putGrants'>>;
  deleteDocument(documentId: string): Promise<void>;
}

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
  return UPLOAD_TYPES.has(file.type) ? file.type : RAW_BODY_TYPES.file;
}

/** The upload query for a new document: the file's name and what the secretariat chose. */
function uploadDocumentQuery(
  file: File,
  params: UploadDocumentParams,
): CallInput<Route<'uploadDocument'>>['query'] {
  return {
    fileName: file.name,
    agendaItemId: params.agendaItemId ?? undefined,
    title: params.title || undefined,
    kind: params.kind,
    classification: params.classification,
    noExport: params.noExport === undefined ? undefined : params.noExport ? 'true' : 'false',
  };
}

/**
 * Uploads a file as the raw body of a `file` route, with progress events. XMLHttpRequest,
 * because `fetch` has no upload progress; method, URL, query check and answer schema are the
 * table's, as for {@link createCall}. There is no overall timeout (a 200 MB file over room
 * Wi-Fi takes minutes); the user can cancel instead.
 */
function createUpload(serverUrl: string, token: string) {
  return <R extends RouteSpec & { readonly body: 'file' }>(
    route: R,
    input: Omit<CallInput<R>, 'body' | 'timeoutMs'>,
    file: File,
    onProgress: (progress: UploadProgress) => void,
  ): UploadHandle<CallResult<R>> => {
    const xhr = new XMLHttpRequest();
    const promise = new Promise<CallResult<R>>((resolve, reject) => {
      const request = prepareRequest(serverUrl, route, { ...input, body: file });
      xhr.open(route.method, request.url);
      xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.setRequestHeader('Accept', acceptFor(route));
      if (request.contentType !== null) xhr.setRequestHeader('Content-Type', request.contentType);
      xhr.upload.onprogress = (event) => {
        onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
      };
      xhr.onload = () => {
        try {
          if (xhr.status < 200 || xhr.status >= 300)
            throw answerError(request.label, xhr.status, xhr.responseText);
          resolve(parseAnswer(route, request.label, xhr.status, xhr.responseText));
        } catch (error) {
          reject(error);
        }
      };
      xhr.onerror = () => reject(new ApiRequestError('network_error', `${request.label}: network error`));
      xhr.onabort = () => reject(new UploadAbortedError(`${request.label}: cancelled`));
      xhr.send(file);
    });
    return { promise, abort: () => xhr.abort() };
  };
}

/** Maps a running upload's answer (an envelope) to what the caller wants from it. */
function mapUpload<T, U>(handle: UploadHandle<T>, map: (answer: T) => U): UploadHandle<U> {
  return { promise: handle.promise.then(map), abort: handle.abort };
}

/**
 * Creates the secretariat's client for one room server and token: each method is one call of
 * the route it is named after, unwrapping the answer's envelope where it has one.
 */
export function createPrepareApi(serverUrl: string, token: string): PrepareApi {
  const call = createCall(serverUrl, token);
  const upload = createUpload(serverUrl, token);
  return {
    createMeeting: async (body) => (await call(ROUTES.createMeeting, { body })).meeting,
    updateMeeting: async (meetingId, body) =>
      (await call(ROUTES.updateMeeting, { params: { meetingId }, body })).meeting,
    publishMeeting: (meetingId) => call(ROUTES.publishMeeting, { params: { meetingId } }),
    createAgendaItem: async (meetingId, body) =>
      (await call(ROUTES.createAgendaItem, { params: { meetingId }, body })).item,
    updateAgendaItem: async (itemId, body) =>
      (await call(ROUTES.updateAgendaItem, { params: { itemId }, body })).item,
    moveAgendaItem: async (itemId, body) =>
      (await call(ROUTES.moveAgendaItem, { params: { itemId }, body })).agenda,
    deleteAgendaItem: (itemId) => call(ROUTES.deleteAgendaItem, { params: { itemId } }),
    listParticipants: async (meetingId) =>
      (await call(ROUTES.listParticipants, { params: { meetingId } })).participants,
    createParticipant: async (meetingId, body) =>
      (await call(ROUTES.createParticipant, { params: { meetingId }, body })).participant,
    updateParticipant: async (participantId, body) =>
      (await call(ROUTES.updateParticipant, { params: { participantId }, body })).participant,
    deleteParticipant: (participantId) => call(ROUTES.deleteParticipant, { params: { participantId } }),
    importParticipants: (meetingId, csv, duplicates = 'ask') =>
      call(ROUTES.importParticipants, { params: { meetingId }, query: { duplicates }, body: csv }),
    moveParticipant: async (participantId, index) =>
      (await call(ROUTES.moveParticipant, { params: { participantId }, body: { index } })).participants,
    createJoinCode: (participantId, ttlHours) =>
      call(ROUTES.createJoinCode, {
        params: { participantId },
        body: ttlHours === undefined ? {} : { ttlHours },
      }),
    joinSheet: (meetingId, participantIds) =>
      call(ROUTES.joinSheet, {
        params: { meetingId },
        body: participantIds === undefined ? {} : { participantIds: [...participantIds] },
        timeoutMs: JOIN_SHEET_TIMEOUT_MS,
      }),
    listDevices: async (participantId) =>
      (await call(ROUTES.listDevices, { params: { participantId } })).devices,
    revokeDevice: async (deviceId) => (await call(ROUTES.revokeDevice, { params: { deviceId } })).device,
    uploadDocument: (meetingId, file, params, onProgress) =>
      upload(
        ROUTES.uploadDocument,
        { params: { meetingId }, query: uploadDocumentQuery(file, params) },
        file,
        onProgress,
      ),
    getDocument: (documentId) => call(ROUTES.getDocument, { params: { documentId } }),
    updateDocument: async (documentId, body) =>
      (await call(ROUTES.updateDocument, { params: { documentId }, body })).document,
    uploadVersion: (documentId, file, onProgress) =>
      mapUpload(
        upload(
          ROUTES.uploadVersion,
          { params: { documentId }, query: { fileName: file.name } },
          file,
          onProgress,
        ),
        (answer) => answer.document,
      ),
    getGrants: (documentId) => call(ROUTES.getGrants, { params: { documentId } }),
    getDocumentReaders: (documentId) => call(ROUTES.getDocumentReaders, { params: { documentId } }),
    putGrants: (documentId, body) => call(ROUTES.putGrants, { params: { documentId }, body }),
    deleteDocument: (documentId) => call(ROUTES.deleteDocument, { params: { documentId } }),
  };
}

// ---------------------------------------------------------------------------------------------
// Document bytes (the table's `getBlob`) for the download manager and the viewer. Streams the
// body instead of parsing it, so progress moves as bytes arrive; resumes with Range.
// ---------------------------------------------------------------------------------------------

/** Asks for a blob from byte `offset`; the download manager's {@link FetchBlob}. */
export type BlobFetcher = FetchBlob;

/**
 * How long to wait for the answer's headers. The body itself has no overall limit (a large
 * file on a slow Wi-Fi takes minutes); the download manager aborts a stalled body instead.
 */
const BLOB_HEADERS_TIMEOUT_MS = 30_000;

/**
 * Creates the blob fetcher for one room server and device token. Rejects with an
 * {@link ApiRequestError} (`validation_failed` for a name or offset that cannot be asked for,
 * `network_error` or `timeout`) only when no answer arrived; error statuses are answers, and
 * the caller decides what they mean for a resume.
 */
export function createBlobFetcher(serverUrl: string, token: string): BlobFetcher {
  const route = ROUTES.getBlob;
  return async (sha256, { offset, signal }) => {
    const { url, label } = prepareRequest(serverUrl, route, { params: { sha256 } });
    const response = await fetchByteRange(url, label, route, token, { offset, ifRange: null, signal });
    return {
      status: response.status,
      contentRange: response.headers.get('Content-Range'),
      body: response.body,
    };
  };
}

/**
 * GETs document bytes from `offset` on (a `Range` request past 0, with `If-Range` when given),
 * waiting at most {@link BLOB_HEADERS_TIMEOUT_MS} for the headers. Never through the HTTP cache:
 * the document cache is the one copy on this device, and confidential documents (and copies
 * naming their reader) must not linger anywhere else.
 */
async function fetchByteRange(
  url: URL,
  label: string,
  route: RouteSpec,
  token: string,
  { offset, ifRange, signal }: { offset: number; ifRange: string | null; signal: AbortSignal },
): Promise<Response> {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new ApiRequestError('validation_failed', `${label}: bad offset ${offset}`, null, [
      { path: 'offset', message: 'must be a whole number of bytes, 0 or more' },
    ]);
  }
  const headers: Record<string, string> = { Accept: acceptFor(route), Authorization: `Bearer ${token}` };
  if (offset > 0) {
    headers.Range = `bytes=${offset}-`;
    if (ifRange !== null) headers['If-Range'] = `"${ifRange}"`;
  }
  const headersTimeout = new AbortController();
  const timer = setTimeout(() => headersTimeout.abort(), BLOB_HEADERS_TIMEOUT_MS);
  try {
    return await fetch(url, {
      method: route.method,
      headers,
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.any([signal, headersTimeout.signal]),
    });
  } catch (error) {
    throw new ApiRequestError(
      headersTimeout.signal.aborted && !signal.aborted ? 'timeout' : 'network_error',
      `${label}: ${String(error)}`,
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Creates the reader-copy fetcher for one room server and device token: the download manager's
 * {@link FetchReaderCopy}, for "no export" documents (whose stored bytes `/blobs` refuses to
 * their readers). Like {@link createBlobFetcher}, plus what the server says of the copy: its
 * SHA-256 (`X-Content-SHA256`) and whole size, which the stored bytes are checked against.
 */
export function createReaderCopyFetcher(serverUrl: string, token: string): FetchReaderCopy {
  const route = ROUTES.getReaderCopy;
  return async (documentId, { offset, ifRange, signal }) => {
    const { url, label } = prepareRequest(serverUrl, route, { params: { documentId } });
    // The stored bytes are of copy `ifRange`: any other copy comes whole (200), not as a range.
    const response = await fetchByteRange(url, label, route, token, { offset, ifRange, signal });
    const contentRange = response.headers.get('Content-Range');
    const total =
      response.status === 206
        ? /\/(\d+)\s*$/.exec(contentRange ?? '')?.[1]
        : (response.headers.get('Content-Length') ?? undefined);
    return {
      status: response.status,
      contentRange,
      body: response.body,
      sha256: response.headers.get('X-Content-SHA256'),
      totalBytes: total === undefined ? null : Number(total),
    };
  };
}
