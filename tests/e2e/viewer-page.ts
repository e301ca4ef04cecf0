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

/** A box in the page's CSS pixels (client coordinates). */
export interface ClientBox {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * Where the reader sees the test PDFs' red marker text (`makeVietnamesePdf`'s `marker`, drawn
 * in rgb(0.6, 0, 0) over black body text) near `around`: the box of the red pixels of a
 * screenshot within `margin` CSS px of `around`, in client coordinates, or null when there are
 * none. Our overlay and pdf.js's text layer are hidden for the shot, so it shows the page's
 * picture as pdf.js drew it (whichever canvas, however transformed), not where the text layer
 * says the words are.
 */
export async function markerInkBox(page: Page, around: ClientBox, margin = 24): Promise<ClientBox | null> {
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('markerInkBox needs a fixed viewport');
  const x = Math.max(0, Math.floor(around.left - margin));
  const y = Math.max(0, Math.floor(around.top - margin));
  const width = Math.min(viewport.width, Math.ceil(around.right + margin)) - x;
  const height = Math.min(viewport.height, Math.ceil(around.bottom + margin)) - y;
  if (width <= 0 || height <= 0) return null;
  const hide = (hidden: boolean) =>
    page.evaluate((hidden) => {
      for (const el of document.querySelectorAll<HTMLElement>('.viewer-overlay-slot, .textLayer')) {
        el.style.visibility = hidden ? 'hidden' : '';
      }
    }, hidden);
  await hide(true);
  let png: Buffer;
  try {
    png = await page.screenshot({ clip: { x, y, width, height }, scale: 'css', animations: 'disabled' });
  } finally {
    await hide(false);
  }
  const found = await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = -1;
    let maxY = -1;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i]! - data[i + 1]! <= 60 || data[i]! - data[i + 2]! <= 60) continue;
      const px = (i / 4) % bitmap.width;
      const py = Math.floor(i / 4 / bitmap.width);
      minX = Math.min(minX, px);
      maxX = Math.max(maxX, px);
      minY = Math.min(minY, py);
      maxY = Math.max(maxY, py);
    }
    return maxX < 0 ? null : { left: minX, top: minY, right: maxX + 1, bottom: maxY + 1 };
  }, png.toString('base64'));
  if (!found) return null;
  return { left: x + found.left, top: y + found.top, right: x + found.right, bottom: y + found.bottom };
}
