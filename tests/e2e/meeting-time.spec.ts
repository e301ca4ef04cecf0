import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { RESULTS_DIR, type StartedRoomServer, startRoomServer } from './room-server';

/**
 * A meeting nine days ahead, prepared on a laptop whose clock is set to UTC: its times are the
 * meeting's (Vietnam's) everywhere, its join codes last until it ends (not 72 hours), and
 * unsaved details are not dropped without a question.
 *
 * Starts its own room server: the first secretariat code is single-use.
 */

const SHOTS = join(RESULTS_DIR, 'screenshots');

let server: StartedRoomServer;

test.beforeAll(async () => {
  server = await startRoomServer();
});

test.afterAll(async () => {
  await server?.stop();
});

/** "YYYY-MM-DD" nine days from now (the wall-clock date typed into the form). */
function nineDaysAhead(): string {
  const date = new Date(Date.now() + 9 * 24 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** "DD/MM/YYYY" of a "YYYY-MM-DD". */
const dayMonthYear = (isoDate: string): string => isoDate.split('-').reverse().join('/');

async function joinWith(page: Page, code: string): Promise<void> {
  await page.goto(server.info.url);
  await page.getByTestId('join-code').fill(code);
  await page.getByTestId('join-submit').click();
}

test('a code printed nine days ahead lasts until the meeting ends, on the meeting’s clock', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const day = nineDaysAhead();
  const title = 'Phiên họp thường kỳ UBND tỉnh tháng 12';

  // The secretariat's machine is set to UTC; the meeting is in Vietnam.
  const staff = await browser.newContext({ timezoneId: 'UTC' });
  const page = await staff.newPage();

  await test.step('create the meeting at 08:00 Vietnam time, typed on a UTC machine', async () => {
    await joinWith(page, server.info.adminCode ?? '');
    await page.getByTestId('meeting-create-open').click();
    await page.getByTestId('meeting-create-title').fill(title);
    await page.getByTestId('meeting-create-starts').fill(`${day}T08:00`);
    await expect(page.getByTestId('meeting-create-zone')).toHaveValue('Asia/Ho_Chi_Minh');
    await expect(page.getByTestId('meeting-create-starts-read')).toContainText('08:00');
    await page.getByTestId('meeting-create-submit').click();
    await expect(page.getByTestId('prepare-screen')).toBeVisible();

    await page.getByTestId('prepare-tab-details').click();
    const form = page.getByTestId('meeting-form');
    await expect(form.getByTestId('meeting-field-starts')).toHaveValue(`${day}T08:00`);
    await expect(form.getByTestId('meeting-field-ends')).toHaveValue(`${day}T23:59`);
    await expect(form.getByTestId('meeting-field-ends-read')).toContainText(dayMonthYear(day));
  });

  await test.step('unsaved details are not dropped without a question', async () => {
    const form = page.getByTestId('meeting-form');
    await form.getByTestId('meeting-field-title').fill(`${title} (sửa)`);
    const questions: string[] = [];
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByTestId('nav-agenda').click();
    await expect.poll(() => questions.length).toBe(1);
    expect(questions[0]).toContain('chưa được lưu');
    await expect(page.getByTestId('nav-prepare')).toHaveAttribute('aria-pressed', 'true');
    await expect(form.getByTestId('meeting-field-title')).toHaveValue(`${title} (sửa)`);
    await form.getByTestId('meeting-field-title').fill(title);
    await expect(form.getByTestId('meeting-save-status')).toHaveText('');
  });

  let code = '';
  await test.step('a participant’s code is valid until the meeting ends', async () => {
    await page.getByTestId('prepare-tab-participants').click();
    const validity = page.getByTestId('code-validity');
    await expect(validity).toHaveAttribute('data-state', 'valid');
    await expect(validity).toContainText(dayMonthYear(day));
    await expect(validity).toContainText('23:59');
    await page.getByTestId('participant-add-open').click();
    await page.getByTestId('participant-new-name').fill('Trần Thị Bình');
    await page.getByTestId('participant-new-role').selectOption('delegate');
    await page.getByTestId('participant-add').click();
    await expect(page.getByTestId('participant-row')).toHaveCount(1);
    await page.getByTestId('participant-row').first().getByTestId('participant-access-toggle').click();
    await page.getByTestId('join-code-create').click();
    const card = page.getByTestId('join-code-card');
    await expect(card).toContainText(`Dùng được đến`);
    await expect(card).toContainText(dayMonthYear(day));
    await expect(card).toContainText('23:59');
    code = (await page.getByTestId('join-code-value').textContent()) ?? '';
    await page.screenshot({ path: join(SHOTS, 'meeting-time-01-code-until-end.png'), fullPage: true });
  });

  await test.step('publish, and a delegate on a laptop set to New York joins and sees 08:00', async () => {
    await page.getByTestId('publish-meeting').click();
    await expect(page.getByTestId('publish-status')).toHaveAttribute('data-status', 'published');
    const delegate = await browser.newContext({ timezoneId: 'America/New_York' });
    const laptop = await delegate.newPage();
    await joinWith(laptop, code);
    await expect(laptop.getByTestId('agenda-screen')).toBeVisible();
    await expect(laptop.getByTestId('agenda-screen')).toContainText(`${dayMonthYear(day)}`);
    await expect(laptop.getByTestId('agenda-screen')).toContainText('08:00');
    await delegate.close();
  });

  await staff.close();
});
