import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { REPO_ROOT, RESULTS_DIR, type StartedRoomServer, startRoomServer } from './room-server';

/**
 * The secretariat prepares a meeting from scratch: creates it, builds the agenda (mouse and
 * keyboard), uploads documents, adds and imports participants, and publishes.
 *
 * This file starts its own room server: the first secretariat join code is single-use, and
 * the shared server's code is already taken by join-demo.spec.ts.
 */

/** The shared test corpus sits beside the repository (also in CI). */
const PDFS = resolve(REPO_ROOT, '../shared/corpus/pdfs');
const SHOTS = join(RESULTS_DIR, 'screenshots');
/** Full-page shots start from the top, so the sticky header is drawn where it belongs. */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

let server: StartedRoomServer;
let tmp: string;

test.beforeAll(async () => {
  server = await startRoomServer();
  tmp = await mkdtemp(join(tmpdir(), 'paperless-prepare-'));
});

test.afterAll(async () => {
  await server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** "YYYY-MM-DDTHH:mm" two days from now at 08:00: soon enough that publishing is late. */
function inTwoDaysAtEight(): string {
  const date = new Date(Date.now() + 2 * 24 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T08:00`;
}

/** The agenda as "number title" lines, in display order. */
async function outline(page: Page): Promise<string[]> {
  return page
    .getByTestId('agenda-item')
    .evaluateAll((items) =>
      items.map(
        (li) =>
          `${li.getAttribute('data-number')} ${li.querySelector('[data-testid="agenda-item-title"]')?.textContent ?? ''}`,
      ),
    );
}

/** An agenda item's row (the focusable part) by its title. */
function rowOf(page: Page, title: string): Locator {
  return page.getByTestId('agenda-row').filter({
    has: page.getByTestId('agenda-item-title').getByText(title, { exact: true }),
  });
}

/** The agenda item `<li>` whose own title is `title` (not one of its sub-items'). */
async function itemIdOf(page: Page, title: string): Promise<string> {
  const id = await rowOf(page, title).getAttribute('data-row-id');
  expect(id).toBeTruthy();
  return id ?? '';
}

/** The documents directly under one agenda item (not those of its sub-items). */
function documentsOf(page: Page, itemId: string): Locator {
  return page.locator(
    `[data-testid="agenda-item"][data-item-id="${itemId}"] > .prep-docs [data-testid="prepared-document"]`,
  );
}

test('the secretariat prepares and publishes a new meeting', async ({ page }) => {
  test.setTimeout(180_000);
  const adminCode = server.info.adminCode;
  expect(adminCode, 'a fresh data folder always has a first secretariat code').not.toBeNull();

  const title = 'Hội nghị giao ban công tác quý II năm 2026';

  await test.step('room staff join and create a meeting from the picker', async () => {
    await page.goto(server.info.url);
    await page.getByTestId('join-code').fill(adminCode ?? '');
    await page.getByTestId('join-submit').click();
    await expect(page.getByTestId('meeting-picker')).toBeVisible();
    await page.getByTestId('meeting-create-open').click();
    await page.getByTestId('meeting-create-title').fill(title);
    await page.getByTestId('meeting-create-body').fill('ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN');
    await page.getByTestId('meeting-create-type').selectOption('thematic');
    await page.getByTestId('meeting-create-starts').fill(inTwoDaysAtEight());
    await page.getByTestId('meeting-create-place').fill('Phòng họp số 1, trụ sở UBND tỉnh');
    await shot(page, 'prepare-01-create-meeting');
    await page.getByTestId('meeting-create-submit').click();

    await expect(page.getByTestId('prepare-screen')).toBeVisible();
    await expect(page.getByTestId('nav-prepare')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('meeting-title')).toHaveText(title);
    await expect(page.getByTestId('publish-status')).toHaveAttribute('data-status', 'draft');
  });

  await test.step('the details form shows local time and saves the lead time', async () => {
    await page.getByTestId('prepare-tab-details').click();
    const form = page.getByTestId('meeting-form');
    await expect(form).toBeVisible();
    await expect(page.getByTestId('meeting-title')).toHaveText(title);
    await expect(form.getByTestId('meeting-field-starts')).toHaveValue(inTwoDaysAtEight());
    // Whatever the browser's own date format, the time is repeated in Vietnamese, 24-hour.
    await expect(form.getByTestId('meeting-field-starts-read')).toContainText('08:00');
    await expect(form.getByTestId('meeting-field-lead')).toHaveValue('3');
    await form.getByTestId('meeting-field-lead').fill('5');
    await form.getByTestId('meeting-save').click();
    await expect(form.getByTestId('meeting-save-status')).toHaveText('Đã lưu.');
    await shot(page, 'prepare-02-details');
  });

  await test.step('build a two-item agenda with a sub-item, and reorder it with the keyboard', async () => {
    await page.getByTestId('prepare-tab-agenda').click();
    await page.getByTestId('agenda-new-title').fill('Báo cáo tình hình kinh tế - xã hội quý II');
    await page.getByTestId('agenda-add').click();
    await expect(page.getByTestId('agenda-item')).toHaveCount(1);
    await page.getByTestId('agenda-new-title').fill('Khai mạc hội nghị');
    await page.getByTestId('agenda-add').click();
    await expect(page.getByTestId('agenda-item')).toHaveCount(2);

    const report = page.locator('[data-testid="agenda-item"][data-number="1"]');
    await report.getByTestId('agenda-item-add-child').first().click();
    await page.getByTestId('agenda-child-title').fill('Tờ trình về kế hoạch đầu tư công năm 2027');
    await page.getByTestId('agenda-child-add').click();
    await expect
      .poll(() => outline(page))
      .toEqual([
        '1 Báo cáo tình hình kinh tế - xã hội quý II',
        '1.1 Tờ trình về kế hoạch đầu tư công năm 2027',
        '2 Khai mạc hội nghị',
      ]);

    // Alt+↑ moves "Khai mạc" before the report; focus stays on the moved row.
    await rowOf(page, 'Khai mạc hội nghị').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect(page.locator('[data-testid="agenda-item"][data-number="1"]')).toContainText(
      'Khai mạc hội nghị',
    );
    await expect
      .poll(() => outline(page))
      .toEqual([
        '1 Khai mạc hội nghị',
        '2 Báo cáo tình hình kinh tế - xã hội quý II',
        '2.1 Tờ trình về kế hoạch đầu tư công năm 2027',
      ]);
    await expect(rowOf(page, 'Khai mạc hội nghị')).toBeFocused();
    await expect(page.getByTestId('agenda-announcer')).toHaveText(
      'Đã chuyển “Khai mạc hội nghị”, nay là mục 1.',
    );

    // Alt+← takes the sub-item out to the top level, Alt+→ puts it back under the item above.
    await rowOf(page, 'Tờ trình về kế hoạch đầu tư công năm 2027').focus();
    await page.keyboard.press('Alt+ArrowLeft');
    await expect(page.locator('[data-testid="agenda-item"][data-number="3"]')).toContainText('Tờ trình');
    await page.keyboard.press('Alt+ArrowRight');
    await expect(page.locator('[data-testid="agenda-item"][data-number="2.1"]')).toContainText('Tờ trình');
    await expect(page.getByTestId('agenda-announcer')).toHaveText(
      'Đã chuyển “Tờ trình về kế hoạch đầu tư công năm 2027”, nay là mục 2.1.',
    );
    // The first item cannot go further up: said, not silently ignored.
    await rowOf(page, 'Khai mạc hội nghị').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect(page.getByTestId('agenda-announcer')).toHaveText('“Khai mạc hội nghị” đã ở đầu danh sách.');

    // Drag and drop: the lower part of a row drops after it, the upper part before it.
    const reportRow = rowOf(page, 'Báo cáo tình hình kinh tế - xã hội quý II');
    const height = (await reportRow.boundingBox())?.height ?? 40;
    await rowOf(page, 'Khai mạc hội nghị').dragTo(reportRow, { targetPosition: { x: 60, y: height - 3 } });
    await expect(page.locator('[data-testid="agenda-item"][data-number="2"]')).toContainText(
      'Khai mạc hội nghị',
    );
    await expect
      .poll(() => outline(page))
      .toEqual([
        '1 Báo cáo tình hình kinh tế - xã hội quý II',
        '1.1 Tờ trình về kế hoạch đầu tư công năm 2027',
        '2 Khai mạc hội nghị',
      ]);
    await rowOf(page, 'Khai mạc hội nghị').dragTo(reportRow, { targetPosition: { x: 60, y: 3 } });
    await expect(page.locator('[data-testid="agenda-item"][data-number="1"]')).toContainText(
      'Khai mạc hội nghị',
    );

    // Edit in place: presenter and planned minutes.
    const opening = page.locator('[data-testid="agenda-item"][data-number="1"]');
    await opening.getByTestId('agenda-item-edit').click();
    await opening.getByTestId('agenda-edit-presenter').fill('Chủ tịch UBND tỉnh');
    await opening.getByTestId('agenda-edit-minutes').fill('15');
    await opening.getByTestId('agenda-edit-save').click();
    await expect(opening.locator('.prep-row__meta')).toContainText('Chủ tịch UBND tỉnh');
    await expect(opening.locator('.prep-row__meta')).toContainText('15 phút');

    // Delete asks first; the answer button takes the focus.
    await page.getByTestId('agenda-new-title').fill('Mục thêm nhầm');
    await page.getByTestId('agenda-add').click();
    await expect(page.getByTestId('agenda-item')).toHaveCount(4);
    const mistake = page.locator('[data-testid="agenda-item"][data-number="3"]');
    await mistake.getByTestId('agenda-item-delete').click();
    await expect(mistake.getByRole('alertdialog')).toContainText('Xóa nội dung “Mục thêm nhầm”?');
    await expect(mistake.getByTestId('agenda-item-delete-confirm')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('agenda-item')).toHaveCount(3);
  });

  const reportId = await itemIdOf(page, 'Báo cáo tình hình kinh tế - xã hội quý II');

  await test.step('upload two PDFs to an item with progress, and have a non-PDF refused', async () => {
    const input = page.locator(`[data-testid="document-upload-input"][data-item-id="${reportId}"]`);
    await input.setInputFiles([join(PDFS, 'tracemonkey.pdf'), join(PDFS, 'empty.pdf')]);
    const progress = page.getByTestId('upload-progress');
    await expect(progress).toHaveCount(2);
    await expect(progress.nth(0)).toHaveAttribute('data-percent', '100', { timeout: 30_000 });
    await expect(progress.nth(1)).toHaveAttribute('data-percent', '100', { timeout: 30_000 });
    await expect(page.getByTestId('upload-percent').first()).toHaveText('100%');
    await expect(documentsOf(page, reportId)).toHaveCount(2);
    // Titled from the PDF's first heading, not its file name.
    await expect(documentsOf(page, reportId).first()).toContainText('Trace-based Just-in-Time');
    await expect(documentsOf(page, reportId).first()).toContainText('Phiên bản 1');

    await input.setInputFiles(join(PDFS, 'not-a-pdf.pdf'));
    const refusal = page.getByTestId('upload-error');
    await expect(refusal).toBeVisible();
    await expect(refusal).toHaveAttribute('data-code', 'invalid_document');
    // The server's reason in Vietnamese, with what the file really is; none of its English words.
    await expect(refusal).toHaveAttribute('data-reason', 'not_pdf');
    await expect(refusal).toContainText('“not-a-pdf.pdf”: Đây không phải tệp PDF: nội dung tệp là ảnh PNG.');
    await expect(refusal).not.toContainText('Máy chủ báo');
    await expect(refusal).not.toContainText('not a PDF');
    await expect(documentsOf(page, reportId)).toHaveCount(2);
    await shot(page, 'prepare-03-upload-refused');

    // The same bytes again are not stored twice.
    await input.setInputFiles(join(PDFS, 'tracemonkey.pdf'));
    await expect(page.getByTestId('upload-duplicate')).toContainText('Tài liệu đã có trong cuộc họp');
    await expect(documentsOf(page, reportId)).toHaveCount(2);
    await shot(page, 'prepare-03-agenda-documents');
  });

  await test.step('add a participant by hand and import the others from CSV', async () => {
    await page.getByTestId('prepare-tab-participants').click();
    await expect(page.getByTestId('participants-empty')).toBeVisible();
    await page.getByTestId('participant-add-open').click();
    await page.getByTestId('participant-new-name').fill('Nguyễn Văn An');
    await page.getByTestId('participant-new-position').fill('Chủ tịch UBND tỉnh');
    await page.getByTestId('participant-new-unit').fill('UBND tỉnh');
    await page.getByTestId('participant-new-role').selectOption('chair');
    await page.getByTestId('participant-new-group').fill('Thường trực');
    await page.getByTestId('participant-add').click();
    await expect(page.getByTestId('participant-row')).toHaveCount(1);
    await expect(page.getByTestId('participant-row').first()).toContainText('Chủ tọa');

    // A file with a bad line imports nothing and names the line.
    const bad = join(tmp, 'sai.csv');
    await writeFile(
      bad,
      '\uFEFFHọ và tên,Chức vụ,Đơn vị,Vai trò,Nhóm\nTrần Thị Bình,Chánh Văn phòng,Văn phòng UBND tỉnh,thư ký,Thường trực\nLê Văn Cường,Giám đốc,Sở Tài chính,giám khảo,Thành viên\n',
      'utf8',
    );
    await page.getByTestId('participants-import-input').setInputFiles(bad);
    const importError = page.getByTestId('participants-import-error');
    await expect(importError).toContainText('không người nào được thêm');
    await expect(importError).toContainText('Dòng 3');
    // Each line's problem in Vietnamese, from the server's reason and values.
    await expect(importError.locator('li[data-reason="csv_role_unknown"]')).toHaveText(
      /^Dòng 3: Vai trò “giám khảo” không xác định\. Hãy dùng một trong các vai trò: Chủ tọa/,
    );
    await expect(importError).not.toContainText('Unknown role');
    await expect(page.getByTestId('participant-row')).toHaveCount(1);
    await shot(page, 'prepare-04-import-error');

    const good = join(tmp, 'thanh-phan.csv');
    await writeFile(
      good,
      [
        'Họ và tên,Chức vụ,Đơn vị,Vai trò,Nhóm',
        'Trần Thị Bình,Chánh Văn phòng,Văn phòng UBND tỉnh,thư ký,Thường trực',
        'Lê Văn Cường,Giám đốc,Sở Tài chính,đại biểu,Thành viên',
        'Phạm Thị Dung,Phó Giám đốc,Sở Kế hoạch và Đầu tư,người dự thính,Khách mời',
      ].join('\r\n'),
      'utf8',
    );
    await page.getByTestId('participants-import-input').setInputFiles(good);
    await expect(page.getByTestId('participants-import-result')).toHaveText('Đã nhập 3 người tham dự.');
    await expect(page.getByTestId('participant-row')).toHaveCount(4);

    // Groups are filter chips.
    await page.locator('[data-testid="group-chip"][data-group="Khách mời"]').click();
    await expect(page.getByTestId('participant-row')).toHaveCount(1);
    await expect(page.getByTestId('participant-row').first()).toContainText('Người dự thính');
    await page.getByTestId('group-chip').first().click();
    await expect(page.getByTestId('participant-row')).toHaveCount(4);
  });

  await test.step('a join code with its QR code, and the printable join sheet', async () => {
    const chair = page.getByTestId('participant-row').filter({ hasText: 'Nguyễn Văn An' });
    await chair.getByTestId('participant-access-toggle').click();
    await page.getByTestId('join-code-create').click();
    await expect(page.getByTestId('join-code-value')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const qr = page.getByTestId('join-code-card').locator('img');
    await expect(qr).toHaveAttribute('src', /^data:image\/svg\+xml;charset=utf-8,/);
    // The image really decoded (an SVG that failed to parse has no natural size).
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await shot(page, 'prepare-05-participants-join-code');

    const download = page.waitForEvent('download');
    await page.getByTestId('join-sheet').click();
    const sheet = await download;
    expect(sheet.suggestedFilename()).toBe('phieu-ma-tham-gia.pdf');
    const saved = join(tmp, 'sheet.pdf');
    await sheet.saveAs(saved);
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(saved)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  await test.step('chair and secretary are shown; a document gets a type, access and a new version', async () => {
    await page.getByTestId('prepare-tab-agenda').click();
    await expect(page.getByTestId('meeting-leaders')).toContainText('Chủ tọa: Nguyễn Văn An');
    await expect(page.getByTestId('meeting-leaders')).toContainText('Thư ký: Trần Thị Bình');

    const empty = documentsOf(page, reportId).filter({ hasText: 'empty' });
    await empty.getByTestId('prepared-document-toggle').click();
    await empty.getByLabel('Tên tài liệu').fill('Dự thảo nghị quyết về kế hoạch đầu tư công');
    await empty.getByLabel('Loại tài liệu').selectOption('du_thao_nghi_quyet');
    await empty.getByLabel('Độ mật').selectOption('mat');
    await empty.getByLabel('Không cho tải về/in').check();
    await empty.getByRole('button', { name: 'Lưu', exact: true }).click();
    const draft = documentsOf(page, reportId).filter({
      hasText: 'Dự thảo nghị quyết về kế hoạch đầu tư công',
    });
    // The security marking as the document bears it (MẬT), in every UI language.
    await expect(draft.locator('.tag--confidential')).toHaveText('MẬT');
    await expect(draft.locator('.prep-doc__line')).toContainText('Không tải về/in');

    await draft.getByRole('button', { name: 'Phân quyền xem' }).click();
    await expect(draft.getByTestId('grants-editor')).toContainText('tài liệu Mật chỉ văn thư xem được');
    await draft.getByTestId('grants-editor').getByLabel('Thường trực', { exact: true }).check();
    await draft.getByRole('button', { name: 'Lưu phân quyền' }).click();
    await expect(draft.getByTestId('grants-editor')).toContainText('Đã lưu.');

    await draft.getByTestId('document-version-input').setInputFiles(join(PDFS, 'inks.pdf'));
    await expect(draft.getByTestId('document-version')).toHaveText('Phiên bản 2', { timeout: 30_000 });
    await expect(draft.locator('.prep-versions li')).toHaveCount(2);

    // Order: the draft resolution goes first.
    await draft.getByRole('button', { name: /lên trên/ }).click();
    await expect(documentsOf(page, reportId).first()).toContainText('Dự thảo nghị quyết');
    await shot(page, 'prepare-06-document-details');
  });

  await test.step('publish, see the late-publication warning, then publish again', async () => {
    await page.getByTestId('publish-meeting').click();
    const status = page.getByTestId('publish-status');
    await expect(status).toHaveAttribute('data-status', 'published');
    await expect(status).toHaveAttribute('data-revision', '1');
    await expect(status).toContainText('Đã công bố lần 1');
    // The server's numbers, worded in Vietnamese: the working days left and the rule.
    await expect(page.getByTestId('publish-warnings')).toContainText(
      /Công bố muộn: chỉ còn \d ngày làm việc trước cuộc họp, trong khi quy định là ít nhất 5 ngày\./,
    );
    await expect(page.getByTestId('publish-meeting')).toHaveText('Công bố lại');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'prepare-07-published', false);

    await page.getByTestId('publish-meeting').click();
    await expect(status).toHaveAttribute('data-revision', '2');
  });

  await test.step('the agenda as participants see it, and the English labels', async () => {
    await page.getByTestId('nav-agenda').click();
    await expect(page.getByTestId('agenda-screen')).toBeVisible();
    await expect(page.getByTestId('meeting-status')).toHaveAttribute('data-status', 'published');
    await expect(page.locator('[data-testid="agenda-item"][data-number="2.1"]')).toBeVisible();
    await shot(page, 'prepare-08-agenda-view');

    await page.getByTestId('nav-prepare').click();
    await page.getByTestId('language-en').click();
    await expect(page.getByTestId('prepare-tab-agenda')).toHaveText('Agenda and documents');
    await expect(page.getByTestId('publish-meeting')).toHaveText('Publish again');
    await shot(page, 'prepare-09-english');
    await page.getByTestId('language-vi').click();

    // A small laptop screen: rows wrap instead of overflowing.
    await page.setViewportSize({ width: 1024, height: 640 });
    await page.getByTestId('prepare-tab-participants').click();
    await shot(page, 'prepare-10-small-participants');
    await page.getByTestId('prepare-tab-agenda').click();
    await shot(page, 'prepare-11-small-agenda', false);
  });
});
