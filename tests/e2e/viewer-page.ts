import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { RESULTS_DIR } from './room-server';

/** Waits until the viewer has drawn page `n` (pdf.js's canvas and text layer are in). */
export async function pageDrawn(page: Page, n: number): Promise<void> {
  await expect(page.locator(`[data-testid="pdf-page"][data-page-number="${n}"]`)).toHaveAttribute(
    'data-rendered',
    'true',
    { timeout: 20_000 },
  );
}

/**
 * A spec's screenshot taker: each shot goes to test-results/screenshots/ and to `tmpDir`, as
 * `<prefix>-<name>.png` (both folders are made here).
 */
export function screenshots(prefix: string, tmpDir: string): (page: Page, name: string) => Promise<void> {
  const dirs = [join(RESULTS_DIR, 'screenshots'), tmpDir];
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
  return async (page, name) => {
    for (const dir of dirs) await page.screenshot({ path: join(dir, `${prefix}-${name}.png`) });
  };
}
