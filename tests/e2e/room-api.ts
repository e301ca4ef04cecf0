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
