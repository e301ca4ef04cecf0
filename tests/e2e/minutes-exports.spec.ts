import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { expect, test } from './fixtures';
import { ownRoomServer } from './own-room';

/**
 * The minutes' exports and the conclusion notice from the minutes screen: the secretary writes
 * a conclusion and saves a draft PDF (watermarked), the session closes (the notice's due day is
 * set), the chair finalises, downloads the PDF and the DOCX, drafts the notice from the
 * conclusions and issues it ("02/TB-…"), and downloads its PDF. Starts its own room server: it
 * freezes the demo meeting's minutes and takes register numbers, which other specs must not see.
 */

const SHOTS = process.env.MINUTES_SHOTS_DIR ?? '/tmp/minutes-shots';
const CONCLUSION = 'Giao Sở Tài chính hoàn thiện dự thảo nghị quyết, trình Hội đồng nhân dân tỉnh.';

const room = ownRoomServer(SHOTS);
const { api, join } = room;

/** A participant in a browser of their own, joined with a join link. */
const joinAs = (browser: Browser, joinCode: string): Promise<Page> =>
  room.joinInBrowser(browser, joinCode, { acceptDownloads: true });

async function openMinutes(page: Page): Promise<void> {
  await page.getByTestId('nav-minutes').click();
  await expect(page.getByTestId('minutes-screen')).toBeVisible();
  await expect(page.getByTestId('minutes-text')).toContainText('III. Kết luận của chủ tọa', {
    timeout: 15_000,
  });
}

/** Clicks a button that saves a file and returns the saved bytes and the name it was offered under. */
async function downloadFrom(
  page: Page,
  button: Locator,
): Promise<{ name: string; path: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), path, bytes: readFileSync(path) };
}

/** The text of a saved PDF as `pdftotext` reads it. */
function pdfText(file: { path: string; bytes: Buffer }): string {
  expect(file.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file.path, '-']).toString('utf8');
}

test('the chair exports the minutes and issues the conclusion notice from the minutes screen', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const { info } = room;
  const meetingId = info.demo.meetingId;
  if (!info.adminCode) throw new Error('the e2e server started without an admin code');

  const staff = await join(info.adminCode);
  const chairEntry = room.code('chair');
  const chairApi = await join(chairEntry.code);
  const chairCode = (
    await api<{ code: string }>('POST', `/participants/${chairEntry.participantId}/join-codes`, staff, {})
  ).code;
  const secretary = await joinAs(browser, room.code('secretary').code);

  await test.step('the secretary writes a conclusion and saves a draft PDF, marked as a draft', async () => {
    await openMinutes(secretary);
    await expect(secretary.getByTestId('minutes-export-draft')).toContainText('BẢN NHÁP');
    // The notice is not for the secretary to draft, but its state is theirs to see.
    await expect(secretary.getByTestId('minutes-notice-state')).toHaveText('Chưa soạn');
    await expect(secretary.getByTestId('minutes-notice-draft')).toHaveCount(0);
    await secretary.locator('.ProseMirror').click();
    await secretary.keyboard.press('Control+End');
    await secretary.keyboard.type(CONCLUSION);
    await expect(secretary.getByTestId('minutes-text')).toContainText(CONCLUSION);
    const draft = await downloadFrom(secretary, secretary.getByTestId('minutes-export-pdf'));
    expect(draft.name).toBe('Biên bản (bản nháp).pdf');
    const text = pdfText(draft);
    // The diagonal "BẢN NHÁP / DRAFT" comes out of pdftotext in pieces; the box and the number do not.
    expect(text).toContain('DỰ THẢO');
    expect(text).toContain('Số: …/BB-');
    expect(text).toContain('BIÊN BẢN');
    expect(text.replace(/\s+/g, ' ')).toContain('Giao Sở Tài chính hoàn thiện dự thảo nghị quyết');
  });

  await test.step('the session closes: the notice is due in 5 working days, as the secretary sees', async () => {
    await api('POST', `/meetings/${meetingId}/session/start`, chairApi);
    await api('POST', `/meetings/${meetingId}/session/end`, chairApi);
    // The panel reads the notice when the minutes' state moves; a reload reads it now.
    await secretary.reload();
    await openMinutes(secretary);
    await expect(secretary.getByTestId('minutes-notice-due')).toContainText(
      /Hạn ban hành: \d\d\/\d\d\/\d{4} \(còn \d ngày làm việc\)/,
    );
  });

  const chair = await joinAs(browser, chairCode);
  await test.step('the chair finalises and downloads the PDF and the DOCX', async () => {
    await openMinutes(chair);
    // The finalised text is the one the server holds: wait until the secretary's line reached it.
    await expect(chair.getByTestId('minutes-text')).toContainText(CONCLUSION);
    await chair.getByTestId('minutes-finalise').click();
    await expect(chair.getByTestId('minutes-state')).toHaveText('Đã chốt');
    await expect(chair.getByTestId('minutes-export-draft')).toHaveCount(0);

    const pdf = await downloadFrom(chair, chair.getByTestId('minutes-export-pdf'));
    expect(pdf.name).toMatch(/^Biên bản 01-BB-.+\.pdf$/);
    const text = pdfText(pdf);
    expect(text).toContain('BIÊN BẢN');
    expect(text).toContain('Số: 01/BB-');
    expect(text).not.toContain('DỰ THẢO');

    const docx = await downloadFrom(chair, chair.getByTestId('minutes-export-docx'));
    expect(docx.name).toMatch(/^Biên bản 01-BB-.+\.docx$/);
    expect(docx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const parts = unzipSync(new Uint8Array(docx.bytes));
    const documentXml = parts['word/document.xml'];
    expect(documentXml).toBeDefined();
    expect(new TextDecoder().decode(documentXml)).toContain('BIÊN BẢN');
  });

  await test.step('the chair drafts the notice from the conclusions, issues it and sees its number', async () => {
    await expect(chair.getByTestId('minutes-notice-state')).toHaveText('Chưa soạn');
    await chair.getByTestId('minutes-notice-draft').click();
    await expect(chair.getByTestId('minutes-notice-state')).toHaveText('Dự thảo');
    await expect(chair.getByTestId('minutes-notice-text')).toContainText(CONCLUSION);
    await chair.screenshot({ path: `${SHOTS}/minutes-notice-draft.png`, fullPage: true });
    await chair.getByTestId('minutes-notice-issue').click();
    await expect(chair.getByTestId('minutes-notice-state')).toHaveText('Đã ban hành');
    await expect(chair.getByTestId('minutes-notice-number')).toContainText(/Số: 02\/TB-/);
    await expect(chair.getByTestId('minutes-notice-issue')).toHaveCount(0);
    await expect(chair.getByTestId('minutes-notice-due')).toHaveCount(0);

    const notice = await downloadFrom(chair, chair.getByTestId('minutes-notice-pdf'));
    expect(notice.name).toMatch(/^Thông báo kết luận 02-TB-.+\.pdf$/);
    const text = pdfText(notice);
    expect(text).toContain('THÔNG BÁO');
    expect(text).toContain('02/TB-');
    expect(text.replace(/\s+/g, ' ')).toContain('Giao Sở Tài chính hoàn thiện dự thảo nghị quyết');
    await chair.screenshot({ path: `${SHOTS}/minutes-exports-chair.png`, fullPage: true });
  });

  await test.step('an overdue notice is shown as a warning (the server says so; here, a past due day)', async () => {
    // Five working days cannot pass in a test: the secretary's screen gets the server's own
    // answer with the notice still a draft and the due day in the past, as a late meeting has it.
    const past = new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10);
    const pastText = past.split('-').reverse().join('/');
    await secretary.route('**/api/v1/meetings/*/conclusion-notice', async (route) => {
      const real = await route.fetch();
      const body = (await real.json()) as { status: Record<string, unknown>; notice: unknown };
      await route.fulfill({
        response: real,
        json: {
          status: {
            ...body.status,
            state: 'draft',
            registerNumber: null,
            issuedAt: null,
            dueDate: past,
            warning: 'overdue',
          },
          notice: null,
        },
      });
    });
    await secretary.reload();
    await openMinutes(secretary);
    const warning = secretary.getByTestId('minutes-notice-warning');
    await expect(warning).toContainText(`Thông báo kết luận đã quá hạn: hạn chót là ngày ${pastText}`);
    await expect(warning).toContainText(/đã quá \d+ ngày làm việc/);
    await secretary.screenshot({ path: `${SHOTS}/minutes-notice-overdue.png`, fullPage: true });
  });
});
