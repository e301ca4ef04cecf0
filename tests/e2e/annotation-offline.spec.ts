/**
 * Offline annotations end to end (issue 15, "A goes offline, draws, reloads, comes back, B sees
 * the drawing"), against a real, built demo room server of this file's own. Three browser
 * contexts: delegate A's laptop, A's tablet (the same delegate joined with a second code, so it
 * sees A's private layer) and delegate B.
 * 1. All three read the same document; A loses the network (`setOffline`: the page's sockets
 *    are dropped on the browser's "offline" event), draws with the pen and shares the drawing;
 *    the unsent edits are counted.
 * 2. A reloads while still offline: the shell comes from the service worker, the document from
 *    the device cache, the shared drawing and its unsent count from IndexedDB.
 * 3. The network returns: the count drops to none; the tablet and B show the drawing, B in A's
 *    shared layer.
 * Screenshots go to test-results/screenshots/.
 */
import { join } from 'node:path';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { RESULTS_DIR, type StartedRoomServer, startRoomServer } from './room-server';

const SHOTS = join(RESULTS_DIR, 'screenshots');
const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `annotation-offline-${name}.png`) });

async function post<T>(
  request: APIRequestContext,
  url: string,
  path: string,
  json: unknown,
  token = '',
): Promise<T> {
  const response = await request.post(`${url}/api/v1${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    data: json,
  });
  expect(response.ok(), `POST ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** A second join code for a demo participant: their second device. */
async function secondCode(
  request: APIRequestContext,
  server: StartedRoomServer,
  participantId: string,
): Promise<string> {
  const adminCode = server.info.adminCode;
  if (adminCode === null) throw new Error('a fresh demo room server prints a secretariat code');
  const { token } = await post<{ token: string }>(request, server.info.url, '/join', {
    code: adminCode,
    deviceLabel: 'annotation-offline-e2e',
  });
  return (
    await post<{ code: string }>(
      request,
      server.info.url,
      `/participants/${participantId}/join-codes`,
      {},
      token,
    )
  ).code;
}

/** Joins a device; `offline` ones wait until the documents and the app shell are on the device. */
async function joinDevice(
  browser: Browser,
  server: StartedRoomServer,
  code: string,
  offline: boolean,
): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.info.url}/?join=${code}`);
  await expect(page.getByTestId('agenda-heading')).toHaveText('Chương trình họp', { timeout: 30_000 });
  if (!offline) return page;
  await expect(page.getByTestId('distribution-total')).toContainText('100%', { timeout: 90_000 });
  // The worker takes the page over only once its install stored the whole shell.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 30_000,
  });
  return page;
}

async function openViewer(page: Page, documentId: string): Promise<void> {
  await page.locator(`[data-testid="document-open"][data-document-id="${documentId}"]`).first().click();
  await expect(page.getByTestId('pdf-viewer')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('[data-testid="pdf-page"][data-page-number="1"]')).toHaveAttribute(
    'data-rendered',
    'true',
    { timeout: 20_000 },
  );
  await expect(page.getByTestId('ann-tool-pen')).toBeVisible();
}

/** A zig-zag stroke across the first page's overlay, with the pen. */
async function drawStroke(page: Page): Promise<void> {
  await page.getByTestId('ann-tool-pen').click();
  const overlay = page.getByTestId('ann-page').first();
  const box = await overlay.boundingBox();
  if (!box) throw new Error('the first page has no annotation overlay');
  const x0 = box.x + box.width * 0.2;
  const y0 = box.y + Math.min(box.height * 0.3, 300);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(x0 + i * 15, y0 + (i % 2 ? 20 : 0), { steps: 2 });
  await page.mouse.up();
}

const ink = (page: Page) => page.locator('[data-annotation-kind="ink"]');

test('A draws and shares offline, reloads offline, comes back; B and A’s other device see the drawing', async ({
  browser,
  playwright,
}) => {
  test.setTimeout(360_000);
  const server = await startRoomServer();
  const request = await playwright.request.newContext();
  try {
    const [delegate, other] = server.info.demo.codes.filter((c) => c.role === 'delegate');
    if (!delegate || !other) throw new Error('the demo has fewer than two delegates');
    const laptop = await joinDevice(browser, server, delegate.code, true);
    const tablet = await joinDevice(
      browser,
      server,
      await secondCode(request, server, delegate.participantId),
      false,
    );
    const b = await joinDevice(browser, server, other.code, false);
    const documentId = await laptop.getByTestId('document-open').first().getAttribute('data-document-id');
    if (documentId === null) throw new Error('the agenda lists no document');
    await openViewer(laptop, documentId);
    await openViewer(tablet, documentId);
    await openViewer(b, documentId);
    const pending = laptop.getByTestId('ann-pending');
    await expect(pending).toHaveAttribute('data-count', '0');
    await expect(pending).toBeHidden();
    await expect(ink(laptop)).toHaveCount(0);

    let unsent = '';
    await test.step('offline, A draws and shares: the edits are counted as unsent', async () => {
      await laptop.context().setOffline(true);
      await expect(laptop.getByTestId('connection-badge')).toHaveText('Ngoại tuyến');
      await drawStroke(laptop);
      await expect(ink(laptop)).toHaveCount(1);
      await expect(pending).toHaveAttribute('data-count', '1');
      await expect(pending).toHaveText('1 thay đổi chưa gửi');
      await laptop.getByTestId('ann-tool-select').click();
      // From the keyboard: focusing an annotation of one's own selects it.
      await ink(laptop).focus();
      await expect(ink(laptop)).toHaveAttribute('data-selected', 'true');
      await laptop.getByTestId('ann-share').click();
      await expect(ink(laptop)).toHaveAttribute('data-layer', 'shared');
      await expect(ink(laptop)).toHaveCount(1);
      // Sharing is one more change (into the shared layer and out of the private one).
      await expect(pending).toHaveAttribute('data-count', '2');
      unsent = (await pending.textContent()) ?? '';
      expect(unsent).toBe('2 thay đổi chưa gửi');
      await shot(laptop, '01-drawn-offline');
    });

    await test.step('A reloads, still offline: the drawing and the count come back from the device', async () => {
      await laptop.reload();
      await expect(laptop.getByTestId('agenda-heading')).toHaveText('Chương trình họp');
      await openViewer(laptop, documentId);
      await expect(ink(laptop)).toHaveCount(1);
      await expect(ink(laptop)).toHaveAttribute('data-layer', 'shared');
      await expect(pending).toHaveText(unsent);
      await expect(pending).toBeVisible();
      await shot(laptop, '02-reloaded-offline');
      // Nothing reached the server: neither the other device nor B has the drawing.
      await expect(ink(tablet)).toHaveCount(0);
      await expect(ink(b)).toHaveCount(0);
    });

    await test.step('the network returns: the edit is sent, the other device shows it', async () => {
      await laptop.context().setOffline(false);
      await expect(pending).toHaveAttribute('data-count', '0', { timeout: 30_000 });
      await expect(pending).toBeHidden();
      await expect(ink(tablet)).toHaveCount(1, { timeout: 30_000 });
      const id = await ink(laptop).getAttribute('data-annotation-id');
      await expect(ink(tablet)).toHaveAttribute('data-annotation-id', id ?? '');
      await expect(ink(tablet)).toHaveAttribute('data-layer', 'shared');
      await shot(tablet, '03-other-device-sees-it');
      await expect(ink(b)).toHaveCount(1, { timeout: 30_000 });
      await expect(ink(b)).toHaveAttribute('data-annotation-id', id ?? '');
      await expect(ink(b)).toHaveAttribute('data-layer', 'shared');
      await expect(ink(b)).toHaveAttribute('data-author-id', delegate.participantId);
      await shot(b, '04-b-sees-it');
    });
  } finally {
    // The server first: a failing dispose must not leave it running.
    await server.stop();
    await request.dispose().catch(() => undefined);
  }
});
