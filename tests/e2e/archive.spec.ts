import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ownRoomServer } from './own-room';
import { REPO_ROOT, RESULTS_DIR } from './room-server';

/**
 * The archivist's screen, end to end against the real, built room server: a meeting is built,
 * held and ended through the HTTP API (its minutes finalised by the chair), then the archivist
 * joins in a browser, finds a phrase of a document in the archive search, exports the meeting's
 * package watching its progress, and verifies it.
 *
 * Starts its own room server: the meeting it builds must not show in the other specs.
 */

const SHOTS = join(RESULTS_DIR, 'screenshots');
const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `archive-${name}.png`), fullPage: true });

const room = ownRoomServer(SHOTS);
const { api } = room;

/** Adds a participant to the meeting and returns a join code for them. */
async function member(staff: string, meetingId: string, role: string, name: string): Promise<string> {
  const { participant } = await api<{ participant: { id: string } }>(
    'POST',
    `/meetings/${meetingId}/participants`,
    staff,
    { name, role },
  );
  const { code } = await api<{ code: string }>(
    'POST',
    `/participants/${participant.id}/join-codes`,
    staff,
    {},
  );
  return code;
}

test('the archivist searches, exports a finished meeting with progress, and verifies the package', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const { info } = room;
  if (!info.adminCode) throw new Error('the fresh room server printed no secretariat code');
  const staff = (await api<{ token: string }>('POST', '/join', null, { code: info.adminCode })).token;

  const meetingId =
    await test.step('the secretariat builds the meeting; the chair holds and ends it', async () => {
      const { meeting } = await api<{ meeting: { id: string } }>('POST', '/meetings', staff, {
        title: 'Phiên họp tháng 10 năm 2026 về giải ngân đầu tư công',
        startsAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
        // Not the default (the end of its start's day in Vietnam): three hours ago is yesterday
        // there between 17:00 and 20:00 UTC, and an ended meeting issues no join codes.
        endsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
        place: 'Phòng họp tầng 3',
      });
      const pdf = readFileSync(
        join(REPO_ROOT, 'resources', 'demo', 'pdfs', 'bao-cao-giai-ngan-dau-tu-cong-2026.pdf'),
      );
      await api(
        'POST',
        `/meetings/${meeting.id}/documents?fileName=bao-cao.pdf&title=${encodeURIComponent('Báo cáo giải ngân vốn đầu tư công')}`,
        staff,
        undefined,
        pdf,
      );
      const chairCode = await member(staff, meeting.id, 'chair', 'Nguyễn Văn Chủ Tọa');
      await member(staff, meeting.id, 'secretary', 'Lê Thị Thư Ký');
      const chair = (await api<{ token: string }>('POST', '/join', null, { code: chairCode })).token;
      await api('POST', `/meetings/${meeting.id}/publish`, staff, {});
      await api('POST', `/meetings/${meeting.id}/session/start`, chair, {});
      await api('POST', `/meetings/${meeting.id}/session/end`, chair, {});
      // The chair finalises the minutes (the template the server seeded), as the flow does.
      await api('POST', `/meetings/${meeting.id}/minutes/finalise`, chair, {});
      return meeting.id;
    });

  const archivistCode = await member(staff, meetingId, 'archivist', 'Tạ Thị Lưu Trữ');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${info.url}/?join=${archivistCode}`);
  await expect(page.getByTestId('archive-screen')).toBeVisible({ timeout: 30_000 });
  const row = page.locator(`[data-testid="archive-meeting"][data-meeting-id="${meetingId}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('archive-minutes-state')).toHaveText('Đã chốt');

  await test.step('search without diacritics finds the document, the words marked', async () => {
    await page.getByTestId('archive-search-input').fill('giai ngan');
    await page.getByTestId('archive-search-submit').click();
    await expect(page.getByTestId('archive-search-summary')).toContainText('Tìm thấy');
    const snippet = page.locator('[data-testid="archive-hit"][data-source="document"]').first();
    await expect(snippet).toBeVisible();
    await expect
      .poll(async () => (await snippet.locator('mark').allTextContents()).map((m) => m.toLowerCase()))
      .toEqual(expect.arrayContaining(['giải', 'ngân']));
    await shot(page, '01-search');
  });

  await test.step('export: a progress bar, then done with Tải về and Kiểm tra', async () => {
    await row.getByTestId('archive-export-start').click();
    const exportBox = row.getByTestId('archive-export');
    await expect(exportBox).toHaveAttribute('data-state', /running|done/);
    // A small meeting may finish before the first poll; when it is still running, the bar shows.
    if ((await exportBox.getAttribute('data-state')) === 'running') {
      await shot(page, '02-export-running');
    }
    await expect(exportBox).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(row.getByTestId('archive-export-done')).toContainText('Đã xuất');
    await expect(row.getByTestId('archive-export-download')).toBeVisible();
    const download = page.waitForEvent('download');
    await row.getByTestId('archive-export-download').click();
    expect((await download).suggestedFilename()).toMatch(/^ho-so-.*\.zip$/);
  });

  await test.step('verify: valid', async () => {
    await row.getByTestId('archive-export-verify').click();
    await expect(row.getByTestId('archive-verify-ok')).toContainText('Hợp lệ', { timeout: 30_000 });
    await shot(page, '03-verified');
  });
  await context.close();
});
