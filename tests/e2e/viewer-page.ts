import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { RESULTS_DIR } from './room-server';

/**
 * Waits until the viewer has drawn page `n` (pdf.js's canvas and text layer are in). When it
 * never is, the failure says what each page of the viewer held at that moment, so that a page
 * left undrawn in CI can be explained from the log alone.
 */
export async function pageDrawn(page: Page, n: number): Promise<void> {
  try {
    await expect(page.locator(`[data-testid="pdf-page"][data-page-number="${n}"]`)).toHaveAttribute(
      'data-rendered',
      'true',
      { timeout: 20_000 },
    );
  } catch (error) {
    const state = await viewerState(page).catch((reason: unknown) => `(no state: ${String(reason)})`);
    throw new Error(`page ${n} was not drawn; the viewer then held:\n${state}`, { cause: error });
  }
}

/** One line per pdf.js page box (drawn or not, its canvases, loading) and the scroll position. */
async function viewerState(page: Page): Promise<string> {
  return page.evaluate(() => {
    const pages = [...document.querySelectorAll<HTMLElement>('.pdfViewer .page')];
    const scroller = document.querySelector<HTMLElement>('[data-testid="pdf-scroller"]');
    const lines = pages.map((box) => {
      const canvases = [...box.querySelectorAll('canvas')].map(
        (c) =>
          `${c.width}x${c.height}${c.isConnected ? '' : ' detached'} rendered=${c.getAttribute('data-rendered')}`,
      );
      const rect = box.getBoundingClientRect();
      return [
        `page ${box.dataset.pageNumber}`,
        `loaded=${box.dataset.loaded ?? '-'}`,
        `loading=${box.classList.contains('loading') || box.querySelector('.loadingIcon') !== null}`,
        `top=${Math.round(rect.top)} height=${Math.round(rect.height)}`,
        `text=${box.querySelector('.textLayer') !== null}`,
        `canvases=[${canvases.join('; ')}]`,
      ].join(' ');
    });
    const viewer = document.querySelector<HTMLElement>('[data-testid="pdf-viewer"]');
    lines.push(
      `viewer data-page=${viewer?.dataset.page} state=${viewer?.dataset.state}` +
        ` scrollTop=${scroller?.scrollTop} clientHeight=${scroller?.clientHeight}`,
    );
    return lines.join('\n');
  });
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

/** One view of the page that placement checks compare in. */
export interface ViewStep {
  readonly name: 'zoom-100' | 'zoom-200' | 'rotated-90';
  apply(): Promise<void>;
}

/**
 * The views where what is drawn over a page must still line up, taken in this order: 100 %,
 * 200 %, then turned 90° (at 200 %).
 */
export function zoomAndTurnSteps(page: Page): ViewStep[] {
  const zoom = (value: string) => async () =>
    void (await page.getByTestId('pdf-zoom-select').selectOption(value));
  return [
    { name: 'zoom-100', apply: zoom('1') },
    { name: 'zoom-200', apply: zoom('2') },
    { name: 'rotated-90', apply: () => page.getByTestId('pdf-rotate-cw').click() },
  ];
}
