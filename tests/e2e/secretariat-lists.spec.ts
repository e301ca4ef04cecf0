import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { REPO_ROOT, RESULTS_DIR, type StartedRoomServer, startRoomServer } from './room-server';

/**
 * What a secretariat notices in the lists: importing the same participant list twice asks
 * instead of doubling everyone, people stay in protocol order and move with Alt+arrows; a
 * "no download, no printing" document prints nothing of itself.
 *
 * This file starts its own room server (with the demo meeting): it takes the first secretariat
 * code and a demo code, both single-use.
 */

const SHOTS = join(RESULTS_DIR, 'screenshots');
/** The shared test corpus sits beside the repository (also in CI). */
const PDFS = resolve(REPO_ROOT, '../shared/corpus/pdfs');

let server: StartedRoomServer;
let tmp: string;

test.beforeAll(async () => {
  server = await startRoomServer();
  tmp = await mkdtemp(join(tmpdir(), 'paperless-lists-'));
});

test.afterAll(async () => {
  await server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** The participants' names as the table shows them, top to bottom. */
function shownNames(page: Page): Promise<string[]> {
  return page
    .getByTestId('participant-row')
    .evaluateAll((rows) => rows.map((row) => row.querySelector('.prep-table__name')?.textContent ?? ''));
}

const LIST = [
  'Họ và tên,Chức vụ,Đơn vị,Vai trò,Nhóm',
  'Trần Thị Bình,Chánh Văn phòng,Văn phòng UBND tỉnh,thư ký,Thường trực',
  'Nguyễn Văn An,Chủ tịch UBND tỉnh,UBND tỉnh,chủ tọa,Thường trực',
  'Lê Văn Cường,Giám đốc,Sở Tài chính,đại biểu,Thành viên',
];

test('importing the same list twice asks first; people keep protocol order and move with Alt+arrows', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(server.info.url);
  await page.getByTestId('join-code').fill(server.info.adminCode ?? '');
  await page.getByTestId('join-submit').click();
  await expect(page.getByTestId('meeting-picker')).toBeVisible();
  await page.getByTestId('meeting-create-open').click();
  await page.getByTestId('meeting-create-title').fill('Họp thường kỳ tháng 12');
  await page.getByTestId('meeting-create-starts').fill('2027-01-12T08:00');
  await page.getByTestId('meeting-create-submit').click();
  await expect(page.getByTestId('prepare-screen')).toBeVisible();
  await page.getByTestId('prepare-tab-participants').click();

  const first = join(tmp, 'thanh-phan.csv');
  await writeFile(first, `\uFEFF${LIST.join('\r\n')}`, 'utf8');
  await page.getByTestId('participants-import-input').setInputFiles(first);
  await expect(page.getByTestId('participants-import-result')).toHaveText('Đã nhập 3 người tham dự.');
  // The file's order (protocol order), not by name or role.
  expect(await shownNames(page)).toEqual(['Trần Thị Bình', 'Nguyễn Văn An', 'Lê Văn Cường']);

  // The same list again, typed a little differently, with one new person.
  const again = join(tmp, 'thanh-phan-bo-sung.csv');
  await writeFile(
    again,
    [
      ...LIST.slice(0, 3),
      'LÊ VĂN  CƯỜNG,Giám đốc,sở tài chính,đại biểu,Thành viên',
      'Phạm Thị Dung,Phó Giám đốc,Sở Kế hoạch và Đầu tư,người dự thính,Khách mời',
    ].join('\r\n'),
    'utf8',
  );
  await page.getByTestId('participants-import-input').setInputFiles(again);
  const dialog = page.getByTestId('import-duplicates-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Tệp có người đã có trong danh sách');
  await expect(page.getByTestId('import-duplicates-summary')).toContainText('3 người trong tệp');
  await expect(dialog.getByTestId('import-duplicate')).toHaveText([
    /Trần Thị Bình — Văn phòng UBND tỉnh/,
    /Nguyễn Văn An — UBND tỉnh/,
    /LÊ VĂN CƯỜNG — sở tài chính/,
  ]);
  // Nothing is imported while the question is open; the safe answer has focus.
  await expect(page.getByTestId('participant-row')).toHaveCount(3);
  await expect(page.getByTestId('import-skip-duplicates')).toBeFocused();
  await expect(page.getByTestId('import-skip-duplicates')).toHaveText('Bỏ qua người trùng, nhập 1 người mới');
  await page.screenshot({ path: join(SHOTS, 'participants-duplicates-dialog.png') });

  // "Không nhập": nothing changes.
  await page.getByTestId('import-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('participant-row')).toHaveCount(3);

  // Again, and skip the repeated people: only the new one is added, last.
  await page.getByTestId('participants-import-input').setInputFiles(again);
  await expect(dialog).toBeVisible();
  await page.getByTestId('import-skip-duplicates').click();
  await expect(page.getByTestId('participants-import-result')).toHaveText(
    'Đã nhập 1 người tham dự. Đã bỏ qua 3 người trùng.',
  );
  expect(await shownNames(page)).toEqual(['Trần Thị Bình', 'Nguyễn Văn An', 'Lê Văn Cường', 'Phạm Thị Dung']);

  // The chair first: focus the row, Alt+↑ moves it; focus stays with the person.
  const chair = page.locator('[data-testid="participant-row"]', { hasText: 'Nguyễn Văn An' });
  await chair.focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByTestId('participants-move-status')).toHaveText(
    'Đã chuyển Nguyễn Văn An đến vị trí 1.',
  );
  expect(await shownNames(page)).toEqual(['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường', 'Phạm Thị Dung']);
  await expect(chair).toBeFocused();
  // The down button does the same for a mouse user.
  await page
    .locator('[data-testid="participant-row"]', { hasText: 'Trần Thị Bình' })
    .getByTestId('participant-move-down')
    .click();
  await expect
    .poll(() => shownNames(page))
    .toEqual(['Nguyễn Văn An', 'Lê Văn Cường', 'Trần Thị Bình', 'Phạm Thị Dung']);

  // The order is the server's: it survives a reload.
  await page.reload();
  await page.getByTestId('meeting-option').filter({ hasText: 'Họp thường kỳ tháng 12' }).click();
  await page.getByTestId('nav-prepare').click();
  await page.getByTestId('prepare-tab-participants').click();
  await expect(page.getByTestId('participant-row')).toHaveCount(4);
  expect(await shownNames(page)).toEqual(['Nguyễn Văn An', 'Lê Văn Cường', 'Trần Thị Bình', 'Phạm Thị Dung']);

  // Uploads are titled from the PDF (its metadata title, its first heading), not "TAMReview";
  // then both get one type and one set of grants at once.
  await page.getByTestId('prepare-tab-agenda').click();
  await page
    .getByTestId('document-upload-input')
    .setInputFiles([join(PDFS, 'TAMReview.pdf'), join(PDFS, 'tracemonkey.pdf')]);
  const documents = page.getByTestId('prepared-document');
  await expect(documents).toHaveCount(2, { timeout: 30_000 });
  await expect(documents.getByTestId('prepared-document-title')).toHaveText([
    'Overview of the Technology Acceptance Model: Origins, Developments and Future Directions',
    'Trace-based Just-in-Time Type Specialization for Dynamic Languages',
  ]);
  await expect(documents.first()).toContainText('Khác');
  for (const box of await documents.getByTestId('prepared-document-select').all()) await box.check();
  const bulk = page.getByTestId('bulk-documents');
  await expect(page.getByTestId('bulk-documents-count')).toHaveText('Đã chọn 2 tài liệu');
  await page.getByTestId('bulk-kind').selectOption('bao_cao');
  await page.getByTestId('bulk-kind-apply').click();
  await expect(page.getByTestId('bulk-documents-done')).toHaveText('Đã đặt loại “Báo cáo” cho 2 tài liệu.');
  await expect(documents.filter({ hasText: 'Báo cáo' })).toHaveCount(2);
  await bulk.locator('[data-testid="bulk-grant-group"][data-group="Thường trực"]').check();
  await bulk.getByTestId('bulk-grants-apply').click();
  await expect(page.getByTestId('bulk-documents-done')).toHaveText('Đã lưu phân quyền xem cho 2 tài liệu.');
  await page.screenshot({ path: join(SHOTS, 'documents-bulk-edit.png') });
});

interface DemoJson {
  documents: {
    title: string;
    classification: string;
    grants?: { participants?: string[]; groups?: string[] };
  }[];
  participants: { key: string; name: string; group: string }[];
}

test('a "no download, no printing" document prints nothing of itself', async ({ page }) => {
  test.setTimeout(90_000);
  const demo = JSON.parse(
    await readFile(join(REPO_ROOT, 'resources', 'demo', 'demo-meeting.json'), 'utf8'),
  ) as DemoJson;
  const secret = demo.documents.find((d) => d.classification === 'mat');
  if (!secret) throw new Error('the demo has no confidential (no-export) document');
  const secretary = server.info.demo.codes.find((c) => c.role === 'secretary');
  if (!secretary) throw new Error('the demo has no secretary');

  await page.goto(`${server.info.url}/?join=${secretary.code}`);
  await expect(page.getByTestId('distribution-total')).toContainText('100%', { timeout: 30_000 });
  await page
    .getByTestId('agenda-document')
    .filter({ hasText: secret.title })
    .getByTestId('document-open')
    .click();
  const viewer = page.getByTestId('pdf-viewer');
  await expect(viewer).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  const canvas = page.locator('[data-testid="pdf-page"][data-page-number="1"]');
  await expect(canvas).toHaveAttribute('data-rendered', 'true', { timeout: 20_000 });
  await expect(canvas).toBeVisible();
  await expect(page.getByTestId('pdf-print-blocked')).toBeHidden();

  // The viewer's own print path (Ctrl+P) refuses, and says so.
  await viewer.focus();
  await page.keyboard.press('Control+P');
  await expect(page.getByTestId('pdf-print-refused')).toHaveText(
    'Tài liệu này không được in (“Không được tải về, không được in”). Lệnh in đã bị từ chối.',
  );

  // Printed anyway (the browser's menu): no page of it, only the notice.
  await page.emulateMedia({ media: 'print' });
  await expect(canvas).toBeHidden();
  for (const each of await page.locator('canvas').all()) await expect(each).toBeHidden();
  await expect(page.getByTestId('pdf-print-blocked')).toBeVisible();
  await expect(page.getByTestId('pdf-print-blocked')).toContainText('không được tải về, không được in');
  await page.screenshot({ path: join(SHOTS, 'viewer-print-blocked.png') });

  await page.emulateMedia({ media: 'screen' });
  await expect(canvas).toBeVisible();
  await expect(page.getByTestId('pdf-print-blocked')).toBeHidden();
  await page.getByTestId('pdf-close').click();

  // An ordinary document still prints its pages.
  // Open to the whole meeting: no grants.
  const ordinary = demo.documents.find(
    (d) =>
      d.classification === 'thuong' &&
      (d.grants?.participants?.length ?? 0) + (d.grants?.groups?.length ?? 0) === 0,
  );
  if (!ordinary) throw new Error('the demo has no ordinary document');
  await page
    .getByTestId('agenda-document')
    .filter({ hasText: ordinary.title })
    .getByTestId('document-open')
    .click();
  await expect(canvas).toHaveAttribute('data-rendered', 'true', { timeout: 20_000 });
  await page.emulateMedia({ media: 'print' });
  await expect(canvas).toBeVisible();
  await expect(page.getByTestId('pdf-print-blocked')).toHaveCount(0);
  await page.emulateMedia({ media: 'screen' });
});
