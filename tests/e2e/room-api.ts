import type { APIRequestContext, PlaywrightWorkerArgs } from '@playwright/test';
import { expect } from './fixtures';
import { type StartedRoomServer, startRoomServer } from './room-server';

/** A JSON body, or raw bytes (a PDF upload) with their content type. */
export type RoomApiBody = { json: unknown } | { bytes: Uint8Array; contentType: string };

/**
 * One call of a room server's HTTP API through Playwright's request context, as the specs
 * that build their own meeting make it: fails the test with the server's answer unless the
 * call succeeds, and gives back the parsed JSON answer.
 */
export async function roomApi<T>(
  request: APIRequestContext,
  url: string,
  token: string,
  method: 'POST' | 'GET' | 'PUT',
  path: string,
  body?: RoomApiBody,
): Promise<T> {
  const response = await request.fetch(`${url}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body && 'bytes' in body ? { 'Content-Type': body.contentType } : {}),
    },
    ...(body ? ('json' in body ? { data: body.json } : { data: Buffer.from(body.bytes) }) : {}),
  });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/**
 * The same call by plain `fetch`, for specs that drive the API outside any browser context:
 * throws with the server's answer on anything but a 2xx. `url` is read at each call (the
 * server starts in `beforeAll`); `pdf` sends raw PDF bytes instead of a JSON body.
 */
export function fetchRoomApi(url: () => string) {
  return async <T>(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    pdf?: Uint8Array,
  ): Promise<T> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (pdf) headers['content-type'] = 'application/pdf';
    else if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url()}/api/v1${path}`, {
      method,
      headers,
      body: pdf ? Buffer.from(pdf) : body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** A meeting being built on a fresh room server by its secretariat, for specs that need their own. */
export interface MeetingBuilder {
  readonly url: string;
  /** The secretariat's token. */
  readonly token: string;
  readonly meetingId: string;
  /** Adds a participant (a delegate unless `role` says otherwise); returns their id. */
  addParticipant(name: string, role?: 'delegate' | 'chair' | 'secretary'): Promise<string>;
  /** A new join code for the participant. */
  joinCode(participantId: string): Promise<string>;
  /** Uploads a PDF under `title`; `query` adds upload options (`&noExport=true`…). Returns its id. */
  upload(bytes: Uint8Array, title: string, query?: string): Promise<string>;
  /** Grants a document (a confidential one) to these participants. */
  grant(documentId: string, participantIds: readonly string[]): Promise<void>;
  addAgendaItem(title: string): Promise<void>;
  publish(): Promise<void>;
}

/**
 * Signs in with the server's secretariat code as `deviceLabel` and creates a meeting called
 * `title` (tomorrow); the builder's calls go through {@link roomApi}.
 */
export async function buildMeeting(
  request: APIRequestContext,
  server: { info: { url: string; adminCode?: string | null } },
  { deviceLabel, title }: { deviceLabel: string; title: string },
): Promise<MeetingBuilder> {
  if (!server.info.adminCode) throw new Error('a fresh room server must print a secretariat code');
  const url = server.info.url;
  const { token } = await roomApi<{ token: string }>(request, url, '', 'POST', '/join', {
    json: { code: server.info.adminCode, deviceLabel },
  });
  const { meeting } = await roomApi<{ meeting: { id: string } }>(request, url, token, 'POST', '/meetings', {
    json: { title, startsAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  return meetingApi(request, url, token, meeting.id);
}

/** {@link MeetingBuilder} for a meeting that exists, as the secretariat whose `token` it is. */
export function meetingApi(
  request: APIRequestContext,
  url: string,
  token: string,
  meetingId: string,
): MeetingBuilder {
  const call = <T>(method: 'POST' | 'PUT', path: string, body: RoomApiBody): Promise<T> =>
    roomApi<T>(request, url, token, method, path, body);
  return {
    url,
    token,
    meetingId,
    addParticipant: async (name, role = 'delegate') =>
      (
        await call<{ participant: { id: string } }>('POST', `/meetings/${meetingId}/participants`, {
          json: { name, role },
        })
      ).participant.id,
    joinCode: async (participantId) =>
      (await call<{ code: string }>('POST', `/participants/${participantId}/join-codes`, { json: {} })).code,
    upload: async (bytes, title, query = '') =>
      (
        await call<{ document: { id: string } }>(
          'POST',
          `/meetings/${meetingId}/documents?fileName=${encodeURIComponent(`${title}.pdf`)}&title=${encodeURIComponent(title)}${query}`,
          { bytes, contentType: 'application/pdf' },
        )
      ).document.id,
    grant: async (documentId, participantIds) => {
      await call('PUT', `/documents/${documentId}/grants`, { json: { participantIds, groups: [] } });
    },
    addAgendaItem: async (title) => {
      await call('POST', `/meetings/${meetingId}/agenda-items`, { json: { title } });
    },
    publish: async () => {
      await call('POST', `/meetings/${meetingId}/publish`, { json: {} });
    },
  };
}

/**
 * Starts a room server of the spec's own and builds on it with `build` (a request context is
 * open meanwhile): what `build` returns, or the server stopped again when building fails.
 */
export async function startBuiltRoom<T>(
  playwright: PlaywrightWorkerArgs['playwright'],
  build: (server: StartedRoomServer, request: APIRequestContext) => Promise<T>,
): Promise<T> {
  const server = await startRoomServer();
  const request = await playwright.request.newContext();
  try {
    return await build(server, request);
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    await request.dispose();
  }
}
