/**
 * A screen whose code is its own chunk says so when the chunk cannot be loaded, instead of
 * "Đang tải…" forever or a blank app, and "Tải lại" brings it back once the server answers.
 * Uses the projector view (an observer's join link) of the shared demo room; no service worker,
 * so the chunk really comes from the network.
 */
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { RESULTS_DIR } from './room-server';

test('a screen whose code cannot be loaded says so, and reloading brings it back', async ({
  browser,
  room,
}) => {
  const observer = room.takeCode('observer');
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const chunk = '**/assets/ProjectorScreen-*.js';
    let refused = 0;
    await page.route(chunk, (route) => {
      refused++;
      return route.abort('connectionrefused');
    });
    await page.goto(`${room.info.url}/?join=${observer.code}&projector=${room.info.demo.meetingId}`);
    const failed = page.getByTestId('screen-load-failed');
    await expect(failed).toBeVisible({ timeout: 30_000 });
    await expect(failed).toContainText('Không tải được màn hình này');
    expect(refused).toBeGreaterThan(0);
    await expect(page.getByTestId('projector')).toHaveCount(0);
    await page.screenshot({ path: join(RESULTS_DIR, 'screenshots', 'lazy-screen-failed.png') });

    await page.unroute(chunk);
    await failed.getByRole('button', { name: 'Tải lại' }).click();
    await expect(page.getByTestId('projector')).toBeVisible({ timeout: 30_000 });
    await expect(failed).toHaveCount(0);
  } finally {
    await context.close();
  }
});
