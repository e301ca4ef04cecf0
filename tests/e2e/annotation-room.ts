/**
 * A room server of its own for the annotation specs: one published meeting with a Vietnamese
 * PDF whose first page carries a marker phrase, delegates with join codes (two codes for the
 * first, so a second device can check what the server kept), and the viewer opened at it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page, PlaywrightWorkerArgs } from '@playwright/test';
import { makeVietnamesePdf } from '../fixtures/vietnamese-pdf';
import { expect } from './fixtures';
import { RESULTS_DIR, type StartedRoomServer, startRoomServer } from './room-server';

export const MARKER = { page: 1, text: 'đối chiếu', x: 200, y: 600, size: 20 };

export interface AnnotationRoom {
  server: StartedRoomServer;
  documentId: string;
  /** A "no export" document (no text layer), granted to the delegates. */
  noExportId: string;
  /** Join codes: `first` twice (two devices of one delegate), then one each for others. */
  codes: { first: [string, string]; others: string[] };
}

async function api<T>(
  request: APIRequestContext,
  url: string,
  token: string,
  method: 'POST' | 'GET' | 'PUT',
  path: string,
  body?: { json: unknown } | { bytes: Uint8Array; contentType: string },
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

export async function startAnnotationRoom(
  playwright: PlaywrightWorkerArgs['playwright'],
): Promise<AnnotationRoom> {
  const server = await startRoomServer();
  const request = await playwright.request.newContext();
  try {
    if (!server.info.adminCode) throw new Error('a fresh room server must print a secretariat code');
    const url = server.info.url;
    const { token } = await api<{ token: string }>(request, url, '', 'POST', '/join', {
      json: { code: server.info.adminCode, deviceLabel: 'annotation-e2e' },
    });
    const { meeting } = await api<{ meeting: { id: string } }>(request, url, token, 'POST', '/meetings', {
      json: { title: 'Phiên họp thử ghi chú', startsAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    const ids: string[] = [];
    for (const name of ['Trần Văn Ghi', 'Lê Thị Chép']) {
      const { participant } = await api<{ participant: { id: string } }>(
        request,
        url,
        token,
        'POST',
        `/meetings/${meeting.id}/participants`,
        { json: { name, role: 'delegate' } },
      );
      ids.push(participant.id);
    }
    const code = async (participantId: string): Promise<string> =>
      (
        await api<{ code: string }>(
          request,
          url,
          token,
          'POST',
          `/participants/${participantId}/join-codes`,
          {
            json: {},
          },
        )
      ).code;
    const title = 'Báo cáo ghi chú thử';
    const bytes = await makeVietnamesePdf({ pages: 3, marker: MARKER, title });
    const { document } = await api<{ document: { id: string } }>(
      request,
      url,
      token,
      'POST',
      `/meetings/${meeting.id}/documents?fileName=${encodeURIComponent(`${title}.pdf`)}&title=${encodeURIComponent(title)}`,
      { bytes, contentType: 'application/pdf' },
    );
    const locked = 'Tài liệu không được tải về';
    const { document: noExport } = await api<{ document: { id: string } }>(
      request,
      url,
      token,
      'POST',
      `/meetings/${meeting.id}/documents?fileName=${encodeURIComponent(`${locked}.pdf`)}&title=${encodeURIComponent(locked)}&noExport=true`,
      { bytes: await makeVietnamesePdf({ pages: 2, title: locked }), contentType: 'application/pdf' },
    );
    await api(request, url, token, 'POST', `/meetings/${meeting.id}/publish`, { json: {} });
    const first = ids[0] as string;
    return {
      server,
      documentId: document.id,
      noExportId: noExport.id,
      codes: { first: [await code(first), await code(first)], others: [await code(ids[1] as string)] },
    };
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    await request.dispose();
  }
}

/** Joins with `code`, waits for the documents, and opens the test document in the viewer at 100 %. */
export async function joinAndOpen(page: Page, room: AnnotationRoom, code: string): Promise<void> {
  await page.goto(`${room.server.info.url}/?join=${code}`);
  await openDocument(page, room);
}

/** Opens the test document, or another (after a join or a reload). */
export async function openDocument(
  page: Page,
  room: AnnotationRoom,
  documentId = room.documentId,
): Promise<void> {
  await expect(page.getByTestId('distribution-total')).toContainText('100%', { timeout: 30_000 });
  const toggle = page.getByTestId('distribution-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page
    .locator(`[data-testid="distribution-row"][data-document-id="${documentId}"]`)
    .getByTestId('distribution-open')
    .click();
  await expect(page.getByTestId('pdf-viewer')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await page.getByTestId('pdf-zoom-select').selectOption('1');
  await pageDrawn(page, MARKER.page);
  await expect(page.getByTestId('ann-toolbar')).toBeVisible();
}

export async function pageDrawn(page: Page, n: number): Promise<void> {
  await expect(page.locator(`[data-testid="pdf-page"][data-page-number="${n}"]`)).toHaveAttribute(
    'data-rendered',
    'true',
    { timeout: 20_000 },
  );
}

/** Selects the text layer span that holds exactly `text` on page `n` (as a reader's drag would). */
export async function selectSpan(page: Page, n: number, text: string): Promise<void> {
  const span = page
    .locator(`.pdf-page[data-page-number="${n}"] .textLayer span`)
    .filter({ hasText: new RegExp(`^${text}$`) })
    .first();
  await span.waitFor();
  await span.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  });
}

const SHOTS = [join(RESULTS_DIR, 'screenshots'), '/tmp/annotation-shots'];
for (const dir of SHOTS) mkdirSync(dir, { recursive: true });
export async function shot(page: Page, name: string): Promise<void> {
  for (const dir of SHOTS) await page.screenshot({ path: join(dir, `annotation-${name}.png`) });
}
