/**
 * Offline means offline (issue 14), end to end against the real, built room server:
 * 1. the web client starts cold with the server gone: a delegate brings the documents onto the
 *    device, the room server STOPS, the page RELOADS — the app shell comes from the service
 *    worker, the meeting, agenda and document list from the device, and a document opens from
 *    the device's document cache. The worker's cache holds the shell only, never an API answer.
 * 2. leaving the room asks first: "Ở lại" keeps the delegate in; "Rời phòng họp" signs the
 *    device out and removes the meeting's confidential document (a "no export" one, on the
 *    device as the reader's stamped copy) from the device cache, while the others stay.
 * Each test runs its own demo room server: the first one stops it, and neither takes codes
 * from the shared pool.
 */
import { join } from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { RESULTS_DIR, type StartedRoomServer, startRoomServer } from './room-server';

const SHOTS = join(RESULTS_DIR, 'screenshots');
const shot = (page: Page, name: string, fullPage = false): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** Counts the non-white pixels of a canvas: a drawn page has text on it, a blank one none. */
async function inkedPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const context = c.getContext('2d');
    if (!context || c.width === 0 || c.height === 0) return 0;
    const { data } = context.getImageData(0, 0, c.width, c.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if ((data[i] as number) < 200 || (data[i + 1] as number) < 200 || (data[i + 2] as number) < 200)
        inked += 1;
    }
    return inked;
  });
}

async function expectPageDrawn(page: Page, pageNumber: number): Promise<void> {
  const canvas = page.locator(`[data-testid="pdf-page"][data-page-number="${pageNumber}"]`);
  await expect(canvas).toHaveAttribute('data-rendered', 'true', { timeout: 20_000 });
  expect(await inkedPixels(canvas)).toBeGreaterThan(500);
}

/** The complete entries of the web client's document cache (IndexedDB), by hash. */
function cachedHashes(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('paperless-document-cache');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('meta', 'readonly').objectStore('meta').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            db.close();
            resolve((all.result as { sha256: string }[]).map((meta) => meta.sha256).sort());
          };
        };
      }),
  );
}

/** Every URL the page's origin keeps in Cache Storage (the service worker's caches). */
function cacheStorageUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
}

/** What the device kept of the meeting (lib/cache/meeting-copies.ts), read from localStorage. */
interface KeptDocument {
  id: string;
  sha256: string;
  classification: 'thuong' | 'mat';
  noExport: boolean;
  title: string;
}

async function keptDocuments(page: Page, meetingId: string): Promise<KeptDocument[]> {
  const raw = await page.evaluate((id) => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? '';
      if (key.startsWith('paperless.meetings.v1:') && key.endsWith(`:${id}`))
        return localStorage.getItem(key);
    }
    return null;
  }, meetingId);
  return raw === null ? [] : (JSON.parse(raw) as { documents: KeptDocument[] }).documents;
}

function codeOf(server: StartedRoomServer, role: string, name?: string): string {
  const entry = server.info.demo.codes.find(
    (c) => c.role === role && (name === undefined || c.name === name),
  );
  if (!entry) throw new Error(`the demo has no ${role} code${name ? ` for ${name}` : ''}`);
  return entry.code;
}

test('the web client starts cold with the room server gone and reads a document kept on the device', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const server = await startRoomServer();
  try {
    const page = await newPage(browser);
    await test.step('a delegate joins; the documents and the app shell reach the device', async () => {
      await page.goto(`${server.info.url}/?join=${codeOf(server, 'delegate')}`);
      await expect(page.getByTestId('agenda-heading')).toHaveText('Chương trình họp');
      await expect(page.getByTestId('distribution-total')).toContainText('100%', { timeout: 30_000 });
      // The worker takes the page over only once its install stored the whole shell.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
        timeout: 30_000,
      });
      await expect(page.getByTestId('connection-badge')).toHaveText('Trực tuyến');
    });
    const agendaOnline = await page.getByTestId('agenda-item-title').allTextContents();
    const documentsOnline = await page.getByTestId('agenda-document').count();
    expect(documentsOnline).toBeGreaterThan(0);

    await test.step('the server stops and the page reloads: the client starts from the device', async () => {
      await server.stop();
      await page.reload();
      await expect(page.getByTestId('agenda-heading')).toHaveText('Chương trình họp');
      await expect(page.getByTestId('meeting-title')).toHaveText(server.info.demo.meetingTitle);
      await expect(page.getByTestId('connection-badge')).not.toHaveText('Trực tuyến', { timeout: 15_000 });
      expect(await page.getByTestId('agenda-item-title').allTextContents()).toEqual(agendaOnline);
      await expect(page.getByTestId('agenda-document')).toHaveCount(documentsOnline);
      await expect(page.getByTestId('distribution-total')).toContainText('100%');
      await expect(
        page.locator('[data-testid="agenda-document-state"]:not([data-state="cached"])'),
      ).toHaveCount(0);
      await shot(page, 'offline-01-reloaded-with-server-stopped', true);
    });

    await test.step('a document opens and its pages are drawn from the device cache', async () => {
      await page.getByTestId('document-open').first().click();
      await expect(page.getByTestId('pdf-viewer')).toBeVisible();
      await expectPageDrawn(page, 1);
      await shot(page, 'offline-02-reloaded-viewer');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('pdf-viewer')).toHaveCount(0);
    });

    // The worker keeps the shell only: no API answer, no document bytes, no reader copy.
    const kept = await cacheStorageUrls(page);
    expect(kept.some((url) => url.endsWith('/index.html'))).toBe(true);
    expect(kept.filter((url) => new URL(url).pathname.startsWith('/api/'))).toEqual([]);
    await page.context().close();
  } finally {
    await server.stop();
  }
});

test('leaving the room asks first, then signs out and removes the confidential documents', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const server = await startRoomServer();
  try {
    const page = await newPage(browser);
    // The chair is granted the demo's confidential, "no export" report.
    await page.goto(`${server.info.url}/?join=${codeOf(server, 'chair')}`);
    await expect(page.getByTestId('distribution-total')).toContainText('100%', { timeout: 30_000 });
    const documents = await keptDocuments(page, server.info.demo.meetingId);
    const secret = documents.find((d) => d.classification === 'mat');
    if (!secret) throw new Error('the chair should have the confidential report');
    expect(secret.noExport).toBe(true);
    const normalHashes = documents.filter((d) => d.classification === 'thuong').map((d) => d.sha256);
    const before = await cachedHashes(page);
    for (const sha256 of normalHashes) expect(before).toContain(sha256);
    // The reader's stamped copy is the one file the confidential report is on the device as.
    const copyHashes = before.filter((sha256) => !normalHashes.includes(sha256));
    expect(copyHashes).toHaveLength(1);

    const leave = page.getByTestId('leave-button');
    const dialog = page.getByTestId('leave-dialog');
    await test.step('"Rời phòng họp" asks what leaving means; "Ở lại" keeps the delegate in', async () => {
      await leave.click();
      await expect(dialog).toBeVisible();
      await expect(page.getByRole('dialog', { name: 'Rời phòng họp?' })).toBeVisible();
      await expect(page.getByTestId('leave-dialog-code')).toContainText('không dùng lại được');
      await expect(page.getByTestId('leave-dialog-code')).toContainText('mã mới');
      await expect(page.getByTestId('leave-dialog-confidential')).toContainText(
        'Tài liệu mật của cuộc họp này sẽ bị xoá khỏi thiết bị',
      );
      await expect(page.getByTestId('leave-cancel')).toBeFocused();
      await shot(page, 'offline-03-leave-dialog-vi');
      await page.getByTestId('leave-cancel').click();
      await expect(dialog).toBeHidden();
      await expect(leave).toBeFocused();
      // Escape is "stay" too.
      await leave.click();
      await expect(dialog).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId('agenda-heading')).toBeVisible();
      expect(await cachedHashes(page)).toEqual(before);
    });

    await test.step('in English too', async () => {
      await page.getByTestId('language-en').click();
      await leave.click();
      await expect(page.getByRole('dialog', { name: 'Leave the meeting room?' })).toBeVisible();
      await expect(page.getByTestId('leave-dialog-confidential')).toContainText(
        "This meeting's confidential documents will be removed from this device",
      );
      await shot(page, 'offline-04-leave-dialog-en');
      await page.getByTestId('leave-cancel').click();
      await page.getByTestId('language-vi').click();
    });

    await test.step('confirming signs out and removes the confidential document only', async () => {
      await leave.click();
      await page.getByTestId('leave-confirm').click();
      await expect(page.getByTestId('join-screen')).toBeVisible();
      await expect(page.getByTestId('join-notice')).toHaveText('Bạn đã rời phòng họp trên thiết bị này.');
      const after = await cachedHashes(page);
      for (const sha256 of copyHashes) expect(after).not.toContain(sha256);
      expect(after).not.toContain(secret.sha256);
      expect(after).toEqual(normalHashes.filter((h, i) => normalHashes.indexOf(h) === i).sort());
      // What the device kept of the meeting goes with the session.
      expect(await keptDocuments(page, server.info.demo.meetingId)).toEqual([]);
      await page.reload();
      await expect(page.getByTestId('join-screen')).toBeVisible();
    });
    await page.context().close();
  } finally {
    await server.stop();
  }
});
