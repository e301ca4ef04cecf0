/**
 * Document distribution, the offline cache and the PDF viewer, end to end against the real,
 * built room server:
 * 1. a delegate of the demo meeting gets every document granted to them onto the device
 *    (the confidential one, granted to others, never appears) and reads one;
 * 2. the secretary, who is granted the confidential report, sees it marked MẬT, watermarked
 *    with their name and without a download button;
 * 3. the flow on a server of its own: the secretariat builds a two-item agenda,
 *    uploads two PDFs and publishes; a delegate in a second browser context sees the
 *    progress reach 100%; the server is stopped; the delegate still opens a document — also a
 *    "no export" one, which reached the device only as the copy stamped with their name.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { APIRequestContext, Browser, Locator, Page } from '@playwright/test';
import { type Room, expect, test } from './fixtures';
import { z } from 'zod';
import { REPO_ROOT, RESULTS_DIR } from './room-server';

/** The part of the ready file this suite reads (a server without --demo has no demo codes). */
const OwnReadySchema = z.object({ url: z.url(), adminCode: z.string().nullable() });

const SHOTS = join(RESULTS_DIR, 'screenshots');
const shot = (page: Page, name: string, fullPage = false): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

/** The sample PDFs shared by every test suite of the project. */
const CORPUS = resolve(REPO_ROOT, '../shared/corpus/pdfs');

/** The demo meeting as seeded, to know which documents each participant may read. */
interface DemoJson {
  participants: { key: string; name: string; role: string; group: string }[];
  documents: {
    title: string;
    classification: 'thuong' | 'mat';
    grants?: { participants?: string[]; groups?: string[] };
  }[];
}

async function readDemo(): Promise<DemoJson> {
  return JSON.parse(
    await readFile(join(REPO_ROOT, 'resources', 'demo', 'demo-meeting.json'), 'utf8'),
  ) as DemoJson;
}

/** True when the demo participant may read the demo document (the server's grant rule). */
function mayRead(demo: DemoJson, participantName: string, document: DemoJson['documents'][number]): boolean {
  const person = demo.participants.find((p) => p.name === participantName);
  if (!person) throw new Error(`no demo participant named ${participantName}`);
  const grants = document.grants;
  const hasGrants = (grants?.participants?.length ?? 0) + (grants?.groups?.length ?? 0) > 0;
  if (!hasGrants) return document.classification === 'thuong';
  return (grants?.participants ?? []).includes(person.key) || (grants?.groups ?? []).includes(person.group);
}

/** Takes delegate codes until one belongs to someone outside the confidential document's grants. */
function takeUngrantedDelegate(room: Room, demo: DemoJson): { code: string; name: string } {
  const secret = demo.documents.find((d) => d.classification === 'mat');
  if (!secret) throw new Error('the demo has no confidential document');
  for (;;) {
    const entry = room.takeCode('delegate');
    if (!mayRead(demo, entry.name, secret)) return entry;
  }
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

/** Counts the reddish pixels (the confidential watermark) of a canvas. */
async function reddishPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const context = c.getContext('2d');
    if (!context || c.width === 0) return 0;
    const { data } = context.getImageData(0, 0, c.width, c.height);
    let red = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] as number;
      const g = data[i + 1] as number;
      const b = data[i + 2] as number;
      if (r > g + 20 && r > b + 20) red += 1;
    }
    return red;
  });
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** Waits for the viewer to show a drawn page `pageNumber` with ink on it. */
async function expectPageDrawn(page: Page, pageNumber: number): Promise<void> {
  const canvas = page.locator(`[data-testid="pdf-page"][data-page-number="${pageNumber}"]`);
  await expect(canvas).toHaveAttribute('data-rendered', 'true', { timeout: 20_000 });
  expect(await inkedPixels(canvas)).toBeGreaterThan(500);
}

test('a delegate gets every granted document onto the device and reads one', async ({ browser, room }) => {
  const demo = await readDemo();
  const delegate = takeUngrantedDelegate(room, demo);
  const granted = demo.documents.filter((d) => mayRead(demo, delegate.name, d));
  const withheld = demo.documents.filter((d) => !mayRead(demo, delegate.name, d));
  expect(withheld.length).toBeGreaterThan(0);

  const page = await newPage(browser);
  const consoleProblems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleProblems.push(message.text());
  });
  await page.goto(`${room.info.url}/?join=${delegate.code}`);
  await expect(page.getByTestId('agenda-heading')).toHaveText('Chương trình họp');

  await test.step('the distribution panel reaches 100% for exactly the granted documents', async () => {
    const panel = page.getByTestId('distribution-panel');
    await expect(panel).toBeVisible();
    await expect(panel.getByRole('heading', { name: 'Tải tài liệu về máy' })).toBeVisible();
    await expect(page.getByTestId('distribution-total')).toContainText('100%', { timeout: 30_000 });
    const rows = page.getByTestId('distribution-row');
    await expect(rows).toHaveCount(granted.length);
    for (const row of await rows.all()) await expect(row).toHaveAttribute('data-state', 'cached');
    const listed = await rows.allTextContents();
    for (const secret of withheld) expect(listed.join('\n')).not.toContain(secret.title);
    await expect(page.getByTestId('document-open')).toHaveCount(granted.length);
    await expect(page.getByTestId('distribution-done')).toBeVisible();
    // The panel folds once everything is stored; unfold it to show the rows.
    await page.getByTestId('distribution-toggle').click();
    await expect(rows.first()).toBeVisible();
    await expect(rows.first()).toContainText('Đã lưu trên máy');
    await expect(rows.first()).toContainText('Phiên bản 1');
    await shot(page, 'distribution-01-delegate-panel-100', true);
  });

  await test.step('the delegate opens a document and pages are drawn', async () => {
    const open = page.getByTestId('document-open').first();
    const documentId = await open.getAttribute('data-document-id');
    await open.click();
    const viewer = page.getByTestId('pdf-viewer');
    await expect(viewer).toBeVisible();
    await expect(viewer).toHaveAttribute('data-document-id', documentId ?? '');
    await expect(page.getByTestId('pdf-viewer-version')).toHaveText('Phiên bản 1');
    await expectPageDrawn(page, 1);
    await expect(page.getByTestId('pdf-viewer-confidential')).toHaveCount(0);
    await expect(page.getByTestId('pdf-download')).toBeVisible();
    await shot(page, 'distribution-02-viewer-page-1');

    const pages = Number((await page.getByTestId('pdf-page-count').textContent())?.replace(/\D/g, ''));
    if (pages > 1) {
      await page.getByTestId('pdf-next').click();
      await expect(page.getByTestId('pdf-page-input')).toHaveValue('2');
      await expectPageDrawn(page, 2);
    }
    const zoomBefore = await page.getByTestId('pdf-zoom').textContent();
    await page.getByTestId('pdf-zoom-in').click();
    await expect(page.getByTestId('pdf-zoom')).not.toHaveText(zoomBefore ?? '');
    await expectPageDrawn(page, pages > 1 ? 2 : 1);
    await page.keyboard.press('Escape');
    await expect(viewer).toHaveCount(0);
  });

  // pdf.js runs in its own worker under the page's CSP: nothing it does may be refused (no
  // eval, no wasm), and it must not fall back to a "fake worker" on the main thread.
  expect(
    consoleProblems.filter((text) => /Content Security Policy|unsafe-eval|wasm|fake worker/i.test(text)),
  ).toEqual([]);
  await page.context().close();
});

test('a confidential document is marked MẬT, watermarked with the reader and not downloadable', async ({
  browser,
  room,
}) => {
  const demo = await readDemo();
  const secret = demo.documents.find((d) => d.classification === 'mat');
  if (!secret) throw new Error('the demo has no confidential document');
  const secretary = room.takeCode('secretary');
  expect(mayRead(demo, secretary.name, secret)).toBe(true);

  const page = await newPage(browser);
  await page.goto(`${room.info.url}/?join=${secretary.code}`);
  await expect(page.getByTestId('distribution-total')).toContainText('100%', { timeout: 30_000 });
  const row = page.getByTestId('distribution-row').filter({ hasText: secret.title });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('MẬT');

  const item = page.getByTestId('agenda-document').filter({ hasText: secret.title });
  await item.getByTestId('document-open').click();
  await expect(page.getByTestId('pdf-viewer-confidential')).toHaveText('MẬT');
  await expectPageDrawn(page, 1);
  // The watermark is in the page's pixels, in the watermark's red.
  expect(await reddishPixels(page.locator('[data-testid="pdf-page"][data-page-number="1"]'))).toBeGreaterThan(
    2_000,
  );
  await expect(page.getByTestId('pdf-download')).toHaveCount(0);
  await shot(page, 'distribution-03-confidential-watermark');
  await page.context().close();
});

/** A room server of this test's own (it gets stopped mid-test), with an empty data folder. */
interface OwnServer {
  url: string;
  adminCode: string;
  stop(): Promise<void>;
}

async function startOwnServer(): Promise<OwnServer> {
  const entry = join(REPO_ROOT, 'dist', 'room-server.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  const tmp = await mkdtemp(join(tmpdir(), 'paperless-distribution-'));
  const readyFile = join(tmp, 'ready.json');
  const child: ChildProcess = spawn(
    process.execPath,
    [entry, '--data-dir', join(tmp, 'data'), '--host', '127.0.0.1', '--port', '0', '--ready-file', readyFile],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 5_000));
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    }
    await rm(tmp, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (existsSync(readyFile)) {
      const info = OwnReadySchema.parse(JSON.parse(await readFile(readyFile, 'utf8')));
      if (info.adminCode === null) throw new Error('a fresh data folder must print a secretariat code');
      return { url: info.url, adminCode: info.adminCode, stop };
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  await stop();
  throw new Error(`the room server did not start:\n${output}`);
}

/** Calls the API as the secretariat and returns the JSON answer, failing on any other status. */
async function call<T>(
  request: APIRequestContext,
  server: OwnServer,
  token: string,
  method: 'POST' | 'PUT',
  path: string,
  expected: number,
  body?: { json: unknown } | { bytes: Buffer; contentType: string },
): Promise<T> {
  const response = await request.fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(token === '' ? {} : { Authorization: `Bearer ${token}` }),
      ...(body && 'bytes' in body ? { 'Content-Type': body.contentType } : {}),
    },
    ...(body ? ('json' in body ? { data: body.json } : { data: body.bytes }) : {}),
  });
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBe(expected);
  return (await response.json()) as T;
}

test('the secretariat publishes two PDFs; a delegate downloads them and reads one with the server stopped', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const server = await startOwnServer();
  try {
    let delegateCode = '';
    let token = '';
    let noExportSha = '';
    const secretariat = await newPage(browser);
    await test.step('the secretariat builds a two-item agenda, uploads two PDFs and publishes', async () => {
      const page = secretariat;
      await page.goto(server.url);
      await page.getByTestId('join-code').fill(server.adminCode);
      await page.getByTestId('join-submit').click();
      await expect(page.getByTestId('meeting-picker')).toBeVisible();
      const session = await page.evaluate(() => localStorage.getItem('paperless.session.v1'));
      token = (JSON.parse(session ?? '{}') as { token?: string }).token ?? '';
      expect(token).not.toBe('');

      // The meeting and its delegate come from the API (prepare-meeting.spec.ts covers those
      // screens); the agenda, the uploads and publishing go through the secretariat's screens.
      const { meeting } = await call<{ meeting: { id: string } }>(
        request,
        server,
        token,
        'POST',
        '/meetings',
        201,
        {
          json: {
            title: 'Phiên họp chuyên đề về chuyển đổi số',
            startsAt: new Date(Date.now() + 10 * 24 * 3600_000).toISOString(),
            place: 'Phòng họp số 2',
          },
        },
      );
      const { participant } = await call<{ participant: { id: string } }>(
        request,
        server,
        token,
        'POST',
        `/meetings/${meeting.id}/participants`,
        201,
        { json: { name: 'Nguyễn Thị Thu Trang', position: 'Giám đốc Sở Thông tin', role: 'delegate' } },
      );
      delegateCode = (
        await call<{ code: string }>(
          request,
          server,
          token,
          'POST',
          `/participants/${participant.id}/join-codes`,
          201,
          {
            json: {},
          },
        )
      ).code;

      await page.reload();
      await page.locator(`[data-testid="meeting-option"][data-meeting-id="${meeting.id}"]`).click();
      await page.getByTestId('nav-prepare').click();
      await page.getByTestId('prepare-tab-agenda').click();
      for (const [index, title] of ['Báo cáo kết quả chuyển đổi số', 'Dự thảo kế hoạch năm 2027'].entries()) {
        await page.getByTestId('agenda-new-title').fill(title);
        await page.getByTestId('agenda-add').click();
        await expect(page.getByTestId('agenda-item')).toHaveCount(index + 1);
      }
      const itemIds = await page
        .getByTestId('agenda-item')
        .evaluateAll((items) => items.map((li) => li.getAttribute('data-item-id') ?? ''));
      for (const [index, file] of ['tracemonkey.pdf', 'empty.pdf'].entries()) {
        await page
          .locator(`[data-testid="document-upload-input"][data-item-id="${itemIds[index]}"]`)
          .setInputFiles(join(CORPUS, file));
        await expect(page.getByTestId('prepared-document')).toHaveCount(index + 1, { timeout: 30_000 });
      }
      // A confidential "no export" document for the delegate: it may reach them only as a copy
      // stamped with their name (GET /documents/:id/reader-copy), never as the stored bytes.
      const secret = await call<{ document: { id: string; sha256: string } }>(
        request,
        server,
        token,
        'POST',
        `/meetings/${meeting.id}/documents?fileName=bao-cao-mat.pdf&title=${encodeURIComponent('Báo cáo mật')}` +
          `&agendaItemId=${itemIds[0]}&classification=mat&noExport=true`,
        201,
        { bytes: await readFile(join(CORPUS, 'inks.pdf')), contentType: 'application/pdf' },
      );
      noExportSha = secret.document.sha256;
      await call(request, server, token, 'PUT', `/documents/${secret.document.id}/grants`, 200, {
        json: { participantIds: [participant.id], groups: [] },
      });
      await page.getByTestId('publish-meeting').click();
      await expect(page.getByTestId('publish-status')).toHaveAttribute('data-status', 'published');
      await shot(page, 'distribution-04-secretariat-published', true);
    });

    const delegate = await newPage(browser);
    // The first answer for the big PDF breaks off after 300 000 bytes, like a dropped Wi-Fi:
    // the device must keep those bytes and ask for the rest with a Range header.
    const CUT = 300_000;
    const blobRequests: { path: string; range: string | null }[] = [];
    const copyRequests: { status: number; sha256: string | null }[] = [];
    delegate.on('response', (response) => {
      if (/\/api\/v1\/documents\/[^/]+\/reader-copy$/.test(new URL(response.url()).pathname)) {
        copyRequests.push({
          status: response.status(),
          sha256: response.headers()['x-content-sha256'] ?? null,
        });
      }
    });
    let cut = false;
    await delegate.route('**/api/v1/blobs/*', async (route) => {
      const path = new URL(route.request().url()).pathname;
      blobRequests.push({ path, range: (await route.request().headerValue('range')) ?? null });
      if (cut) {
        // Hold the resumed request a moment, so the panel can be seen mid-way.
        await new Promise((done) => setTimeout(done, 1_500));
        await route.continue();
        return;
      }
      const response = await route.fetch();
      const body = await response.body();
      if (body.byteLength <= CUT) {
        await route.fulfill({ response });
        return;
      }
      cut = true;
      await route.fulfill({ status: 200, contentType: 'application/pdf', body: body.subarray(0, CUT) });
    });
    await test.step('a delegate in another browser context sees the download reach 100%', async () => {
      await delegate.goto(`${server.url}/?join=${delegateCode}`);
      await expect(delegate.getByTestId('agenda-heading')).toHaveText('Chương trình họp');
      await expect(delegate.locator('[data-testid="distribution-row"][data-state="cached"]')).toHaveCount(2);
      await expect(delegate.getByTestId('distribution-total')).not.toContainText('100%');
      await shot(delegate, 'distribution-05a-own-server-interrupted');
      await expect(delegate.getByTestId('distribution-total')).toContainText('100%', { timeout: 30_000 });
      await expect(delegate.getByTestId('distribution-row')).toHaveCount(3);
      await expect(delegate.getByTestId('document-open')).toHaveCount(3);
      // The "no export" document came as the reader's own copy; its stored bytes were never asked for.
      expect(
        copyRequests.some((r) => r.status === 200 && r.sha256 !== null && r.sha256 !== noExportSha),
      ).toBe(true);
      expect(blobRequests.map((r) => r.path)).not.toContain(`/api/v1/blobs/${noExportSha}`);
      // The interrupted download resumed from the stored length instead of starting over.
      expect(cut).toBe(true);
      expect(blobRequests.map((r) => r.range)).toContain(`bytes=${CUT}-`);
      await delegate.getByTestId('distribution-toggle').click();
      await shot(delegate, 'distribution-05-own-server-100', true);
    });

    await test.step('a replaced file reaches the delegate as a new version, without reloading', async () => {
      const open = delegate
        .getByTestId('agenda-document')
        .filter({ hasText: 'empty' })
        .getByTestId('document-open');
      const documentId = await open.getAttribute('data-document-id');
      await call(
        request,
        server,
        token,
        'POST',
        `/documents/${documentId}/versions?fileName=phu-luc-v2.pdf`,
        201,
        {
          bytes: await readFile(join(CORPUS, 'annotation-highlight.pdf')),
          contentType: 'application/pdf',
        },
      );
      const row = delegate.locator(`[data-testid="distribution-row"][data-document-id="${documentId}"]`);
      await expect(row).toContainText('Phiên bản 2');
      await expect(row.getByTestId('document-new-version')).toHaveText(
        'Tài liệu đã thay đổi — phiên bản mới',
      );
      await expect(row).toHaveAttribute('data-state', 'cached', { timeout: 30_000 });
      await expect(delegate.getByTestId('distribution-total')).toContainText('100%');
      await shot(delegate, 'distribution-05b-new-version', true);
    });

    await test.step('the server stops; the delegate still opens a document without reloading', async () => {
      await server.stop();
      await expect(delegate.getByTestId('connection-badge')).not.toHaveText('Trực tuyến', {
        timeout: 15_000,
      });
      await delegate
        .getByTestId('agenda-document')
        // Titled from the PDF's first heading, not its file name.
        .filter({ hasText: 'Trace-based Just-in-Time' })
        .getByTestId('document-open')
        .click();
      await expect(delegate.getByTestId('pdf-viewer')).toBeVisible();
      await expect(delegate.getByTestId('pdf-viewer-title')).toContainText('Trace-based Just-in-Time');
      await expectPageDrawn(delegate, 1);
      await expect(delegate.getByTestId('pdf-page-count')).toHaveText('/ 14');
      await delegate.getByTestId('pdf-page-input').fill('5');
      await delegate.getByTestId('pdf-page-input').press('Enter');
      await expectPageDrawn(delegate, 5);
      await shot(delegate, 'distribution-06-offline-viewer');
      await delegate.keyboard.press('Escape');
      await expect(delegate.getByTestId('pdf-viewer')).toHaveCount(0);

      // The "no export" document opens offline too, from the reader copy on the device.
      await delegate
        .getByTestId('agenda-document')
        .filter({ hasText: 'Báo cáo mật' })
        .getByTestId('document-open')
        .click();
      await expect(delegate.getByTestId('pdf-viewer-title')).toContainText('Báo cáo mật');
      await expect(delegate.getByTestId('pdf-viewer-confidential')).toHaveText('MẬT');
      await expectPageDrawn(delegate, 1);
      await expect(delegate.getByTestId('pdf-download')).toHaveCount(0);
      await shot(delegate, 'distribution-07-offline-no-export');
    });
    await delegate.context().close();
    await secretariat.context().close();
  } finally {
    await server.stop();
  }
});
