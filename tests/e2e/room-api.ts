import type { APIRequestContext } from '@playwright/test';
import { expect } from './fixtures';

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
