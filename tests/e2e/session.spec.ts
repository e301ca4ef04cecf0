import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { ownRoomServer } from './own-room';

/**
 * A session run from the client: the chair opens the session and a vote, two delegates in
 * their own browsers vote (one with the keyboard only), the projector shows the result as a
 * bar chart; a delegate's check-in moves the chair's quorum line.
 *
 * Starts its own room server: the demo has one chair code, and the session's state must not
 * leak into the other specs.
 */

/** Screenshots to look at (chair console, ballot dialog, projector at 16:9 and 4:3). */
const SHOTS = process.env.SESSION_SHOTS_DIR ?? '/tmp/session-shots';

const room = ownRoomServer(SHOTS);
const code = (role: string, n = 0) => room.code(role, n);

/** The session's screens at a laptop's size (the chair's is larger where it says). */
const joinAs = (browser: Browser, joinCode: string, viewport = { width: 1366, height: 768 }): Promise<Page> =>
  room.joinInBrowser(browser, joinCode, { viewport });

test('the chair runs a vote, two delegates vote, the projector shows the result', async ({ browser }) => {
  test.setTimeout(240_000);
  const { info } = room;
  const chair = await joinAs(browser, code('chair').code, { width: 1440, height: 900 });
  const alice = await joinAs(browser, code('delegate', 0).code);
  const bob = await joinAs(browser, code('delegate', 1).code);

  await test.step('the chair opens the session and moves to the first item', async () => {
    await chair.getByTestId('nav-session').click();
    await expect(chair.getByTestId('session-screen')).toBeVisible();
    await chair.getByTestId('session-start').click();
    await expect(chair.getByTestId('session-state')).toHaveAttribute('data-state', 'in_session');
    await chair.getByTestId('item-next').click();
    await expect(chair.getByTestId('console-current-item')).toContainText('1.');
    // Every laptop follows: the delegates' panels show the session and the item.
    for (const delegate of [alice, bob]) {
      await expect(delegate.getByTestId('session-state')).toHaveAttribute('data-state', 'in_session');
      await expect(delegate.getByTestId('panel-current-item')).toContainText('1.');
      await expect(delegate.locator('[data-testid="agenda-item"][data-current="true"]')).toHaveAttribute(
        'data-number',
        '1',
      );
    }
  });

  await test.step("a delegate checks in and the chair's quorum line changes", async () => {
    const quorum = chair.getByTestId('quorum-line');
    await expect(quorum).toHaveAttribute('data-present', '0');
    await alice.getByTestId('check-in').click();
    await expect(alice.getByTestId('my-attendance')).toHaveAttribute('data-status', 'present');
    await expect(quorum).toHaveAttribute('data-present', '1');
    await expect(quorum).toContainText('1/11 đại biểu có mặt');
    await bob.getByTestId('check-in').click();
    await expect(quorum).toHaveAttribute('data-present', '2');
    // Two of eleven is no quorum under the default rule; the secretary's rule for this sitting: 2.
    await expect(quorum).toHaveAttribute('data-met', 'false');
    await chair.getByTestId('quorum-rule').selectOption('fixed');
    const count = chair.locator('.attendance-panel__count');
    await count.fill('2');
    await count.press('Tab');
    await expect(quorum).toHaveAttribute('data-met', 'true');
    await expect(quorum).toContainText('đủ túc số');
  });

  const projector = await chair.context().newPage();
  await projector.setViewportSize({ width: 1920, height: 1080 });

  await test.step('the chair opens a vote; the projector shows its progress, never the choices', async () => {
    await projector.goto(`${info.url}/projector/${info.demo.meetingId}`);
    await expect(projector.getByTestId('projector')).toBeVisible();
    await expect(projector.getByTestId('projector-title')).toHaveText(info.demo.meetingTitle);
    await chair.getByTestId('vote-create-submit').click();
    const row = chair.locator('[data-testid="vote-row"][data-status="draft"]');
    await row.getByTestId('vote-open').click();
    await expect(chair.locator('[data-testid="vote-row"][data-status="open"]')).toBeVisible();
    await expect(projector.getByTestId('projector-vote')).toHaveAttribute('data-status', 'open');
    await expect(projector.getByTestId('projector-vote-progress')).toContainText('0/2');
    await chair.screenshot({ path: `${SHOTS}/chair-console.png`, fullPage: true });
  });

  await test.step('Alice votes with the mouse', async () => {
    const dialog = alice.getByTestId('ballot-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('ballot-option')).toHaveCount(3);
    await alice.screenshot({ path: `${SHOTS}/delegate-ballot.png` });
    await dialog.locator('[data-testid="ballot-option"][data-option-id="for"]').click();
    await dialog.getByTestId('ballot-send').click();
    await expect(dialog.getByTestId('ballot-recorded')).toContainText('Tán thành');
    await dialog.getByTestId('ballot-close').click();
    await expect(projector.getByTestId('projector-vote-progress')).toContainText('1/2');
  });

  await test.step('Bob votes with the keyboard only: focus is in the dialog when it opens', async () => {
    const dialog = bob.getByTestId('ballot-dialog');
    await expect(dialog).toBeVisible();
    // Focus moved into the ballot by itself: the first option.
    await expect(dialog.locator('input[type="radio"]').first()).toBeFocused();
    await bob.keyboard.press('ArrowDown');
    await expect(dialog.locator('input[type="radio"][value="against"]')).toBeChecked();
    await bob.keyboard.press('3');
    await expect(dialog.locator('input[type="radio"][value="abstain"]')).toBeChecked();
    await bob.keyboard.press('1');
    await expect(dialog.locator('input[type="radio"][value="for"]')).toBeChecked();
    await bob.keyboard.press('Enter');
    await expect(dialog.getByTestId('ballot-recorded')).toContainText('Tán thành');
    await expect(dialog.getByTestId('ballot-close'))
      .toBeFocused({ timeout: 1000 })
      .catch(() => undefined);
    await bob.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(chair.getByTestId('vote-progress')).toContainText('2/2');
    await expect(projector.getByTestId('projector-vote-progress')).toContainText('2/2');
  });

  await test.step('the chair closes the vote; the projector shows the result with its bar chart', async () => {
    await chair.getByTestId('vote-close').click();
    await expect(projector.getByTestId('projector-vote')).toHaveAttribute('data-status', 'closed');
    const result = projector.getByTestId('vote-result');
    await expect(result.getByTestId('vote-result-chart')).toBeVisible();
    await expect(result.getByTestId('vote-result-bar')).toHaveCount(3);
    await expect(result.locator('[data-testid="vote-result-bar"][data-option-id="for"]')).toHaveAttribute(
      'data-count',
      '2',
    );
    await expect(result.locator('[data-testid="vote-result-line"][data-option-id="for"]')).toContainText(
      '2 đại biểu tán thành, chiếm',
    );
    await expect(result.getByTestId('vote-result-verdict')).toBeVisible();
    // Every delegate's panel shows the same result.
    await expect(alice.getByTestId('vote-result')).toBeVisible();
    await projector.screenshot({ path: `${SHOTS}/projector-1920x1080.png` });
    await projector.setViewportSize({ width: 1024, height: 768 });
    await projector.screenshot({ path: `${SHOTS}/projector-1024x768.png` });
    await chair.screenshot({ path: `${SHOTS}/chair-console-result.png`, fullPage: true });
    await alice.screenshot({ path: `${SHOTS}/delegate-result.png`, fullPage: true });
  });

  await test.step('a delegate asks for the floor; the chair gives it; the timer runs everywhere', async () => {
    await bob.getByTestId('request-floor-phat_bieu').click();
    await expect(bob.getByTestId('my-floor-request')).toBeVisible();
    await expect(chair.getByTestId('queue-entry')).toHaveCount(1);
    await chair.getByTestId('grant-floor').click();
    await expect(bob.getByTestId('your-turn')).toBeVisible();
    await expect(bob.getByTestId('your-turn-action')).toBeFocused();
    await bob.keyboard.press('Enter');
    await expect(bob.getByTestId('your-turn')).toBeHidden();
    await expect(chair.getByTestId('console-timer')).toBeVisible();
    await projector.setViewportSize({ width: 1920, height: 1080 });
    // The result gives way to the speaker and the running timer.
    await expect(projector.getByTestId('projector-vote')).toHaveCount(0);
    await expect(projector.getByTestId('projector-timer')).toBeVisible();
  });

  await test.step('a stand-alone projector joins as an observer with one link', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const wall = await context.newPage();
    await wall.goto(`${info.url}/?join=${code('observer').code}&projector=${info.demo.meetingId}`);
    // Joining redeems the code first (slow on a loaded machine), then the projector view opens.
    await expect(wall.getByTestId('projector')).toBeVisible({ timeout: 30_000 });
    await expect(wall.getByTestId('projector-speaker')).toContainText(code('delegate', 1).name);
    await expect(wall.getByTestId('projector-timer')).toBeVisible();
    await wall.screenshot({ path: `${SHOTS}/projector-speaker-1024x768.png` });
    await context.close();
  });

  await test.step('the chair moves on; a delegate is told and can jump there', async () => {
    await chair.getByTestId('item-next').click();
    const notice = alice.getByTestId('item-moved-notice');
    await expect(notice).toContainText('2.');
    await notice.getByRole('button', { name: 'Đến mục đang họp' }).click();
    await expect(alice.locator('[data-testid="agenda-item"][data-number="2"]')).toBeFocused();
  });

  for (const page of [chair, alice, bob]) await page.context().close();
});
