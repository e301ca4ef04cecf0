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
import { IdSchema } from '#common/schemas/ids';
import type { Meeting } from '#common/schemas/meeting';
import type { z } from 'zod';

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
 * Creates an API client bound to one room server and, once joined, one device token.
 *
 * @param serverUrl base URL from `normaliseServerUrl` (an origin, no trailing slash)
 * @param token the bearer token from `join`, or null before joining
 */
export function createApiClient(serverUrl: string, token: string | null): ApiClient {
  async function request<T>({ method, path, body, schema }: RequestOptions<T>): Promise<T> {
    const url = new URL(`${API_PREFIX}${path}`, serverUrl);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        // The token travels in a header, never as a cookie, so no credentials are needed.
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
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
