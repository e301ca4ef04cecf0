/**
 * Search, end to end against the real, built room server and its demo meeting: a delegate
 * searches the meeting's documents with and without diacritics, sees the hits grouped by
 * document with page numbers and the words marked, opens a hit and lands in the viewer on that
 * page with the words highlighted, then finds other words inside the document.
 */
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { RESULTS_DIR } from './room-server';

const SHOTS = join(RESULTS_DIR, 'screenshots');
const shot = (page: Page, name: string, fullPage = false): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

/** Every hit shown, as "documentId:page", in the order shown. */
async function shownHits(page: Page): Promise<string[]> {
  const out: string[] = [];
  for (const group of await page.getByTestId('search-group').all()) {
    const id = await group.getAttribute('data-document-id');
    for (const hit of await group.getByTestId('search-hit').all()) {
      out.push(`${id}:${await hit.getAttribute('data-page')}`);
    }
  }
  return out;
}

/** Types a query and waits for its answer. */
async function searchFor(page: Page, query: string): Promise<Locator> {
  await page.getByTestId('search-input').fill(query);
  await page.getByTestId('search-submit').click();
  const summary = page.getByTestId('search-summary');
  await expect(summary).toBeVisible();
  return summary;
}

test('a delegate searches with and without diacritics and a hit opens on its page, highlighted', async ({
  browser,
  room,
}) => {
  const delegate = room.takeCode('delegate');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${room.info.url}/?join=${delegate.code}`);
  await expect(page.getByTestId('agenda-heading')).toHaveText('Chương trình họp');
  await expect(page.getByTestId('distribution-total')).toContainText('100%', { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Tìm trong tài liệu họp' })).toBeVisible();

  let withMarks: string[] = [];
  await test.step('typed with diacritics: hits grouped by document, with pages and the words marked', async () => {
    const summary = await searchFor(page, 'giải ngân');
    await expect(summary).toContainText('Tìm thấy');
    const groups = page.getByTestId('search-group');
    // The list renders after the summary: wait for it before counting.
    await expect(groups.first()).toBeVisible();
    expect(await groups.count()).toBeGreaterThan(0);
    // Each document appears once, with its hits under it.
    const ids = await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-document-id')));
    expect(new Set(ids).size).toBe(ids.length);
    await expect(
      page
        .getByTestId('search-group-title')
        .filter({ hasText: /giải ngân/i })
        .first(),
    ).toBeVisible();
    const first = page.getByTestId('search-hit').first();
    await expect(first.getByTestId('search-hit-page')).toHaveText(/^Trang \d+$/);
    // Retried until the snippet shows its marks (allTextContents alone does not wait).
    const marks = page.getByTestId('search-hit-snippet').first().locator('mark');
    await expect
      .poll(async () => (await marks.allTextContents()).map((m) => m.toLowerCase()))
      .toEqual(expect.arrayContaining(['giải', 'ngân']));
    withMarks = await shownHits(page);
    await page.getByTestId('search-panel').scrollIntoViewIfNeeded();
    await page
      .getByTestId('search-panel')
      .screenshot({ path: join(SHOTS, 'search-01-results-with-diacritics.png') });
  });

  await test.step('typed without diacritics: the same pages', async () => {
    await searchFor(page, 'giai ngan');
    await expect.poll(async () => (await shownHits(page)).sort()).toEqual([...withMarks].sort());
  });

  await test.step('syllables in another order are another phrase', async () => {
    const summary = await searchFor(page, 'ngân giải');
    await expect(summary).toContainText('Không tìm thấy');
    await expect(page.getByTestId('search-hit')).toHaveCount(0);
    await searchFor(page, 'giai ngan');
    await expect(page.getByTestId('search-hit').first()).toBeVisible();
  });

  await test.step('a hit opens the viewer on its page with the words highlighted', async () => {
    // The hit on the highest page of the first document: the viewer must really move there.
    const group = page.getByTestId('search-group').first();
    const documentId = await group.getAttribute('data-document-id');
    const hits = group.getByTestId('search-hit');
    const pages = (await hits.evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-page'))),
    )) as number[];
    const target = Math.max(...pages);
    await hits.nth(pages.indexOf(target)).click();

    const viewer = page.getByTestId('pdf-viewer');
    await expect(viewer).toHaveAttribute('data-document-id', documentId ?? '');
    await expect(viewer).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('find-input')).toHaveValue('giai ngan');
    await expect(page.getByTestId('pdf-page-input')).toHaveValue(String(target));
    const onPage = page.locator(`.pdf-page[data-page-number="${target}"]`);
    await expect(onPage.getByTestId('pdf-highlight').first()).toBeVisible();
    await expect(onPage.locator('[data-testid="pdf-highlight"][data-current="true"]').first()).toBeVisible();
    await expect(page.getByTestId('find-count')).toHaveText(/^\d+\/\d+$/);
    await expect(onPage.getByTestId('pdf-page')).toHaveAttribute('data-rendered', 'true', {
      timeout: 20_000,
    });
    // The current match is inside the visible part of the scroll area.
    const current = onPage.locator('[data-testid="pdf-highlight"][data-current="true"]').first();
    const box = await current.boundingBox();
    const area = await page.locator('.pdf-viewer__scroller').boundingBox();
    expect(box && area).toBeTruthy();
    if (box && area) {
      expect(box.y).toBeGreaterThanOrEqual(area.y);
      expect(box.y + box.height).toBeLessThanOrEqual(area.y + area.height);
    }
    await shot(page, 'search-02-viewer-highlighted');
  });

  await test.step('find in the document, diacritics-insensitive, next and previous', async () => {
    const find = page.getByTestId('find-input');
    await find.fill('von dau tu');
    const bar = page.getByTestId('find-bar');
    await expect(bar).toHaveAttribute('data-searched', 'von dau tu');
    await expect(bar).toHaveAttribute('data-status', 'done');
    const count = page.getByTestId('find-count');
    // A new query continues from where the reader is: the first match at or after this page.
    await expect(count).toHaveText(/^\d+\/\d+$/);
    await expect(page.getByTestId('find-input')).toHaveValue('von dau tu');
    await expect(page.locator('[data-testid="pdf-highlight"][data-current="true"]').first()).toBeVisible();
    const [at, total] = ((await count.textContent()) ?? '').split('/').map(Number) as [number, number];
    expect(total).toBeGreaterThan(0);
    if (total > 1) {
      await page.getByTestId('find-next').click();
      await expect(count).toHaveText(`${(at % total) + 1}/${total}`);
      await find.press('Shift+Enter');
      await expect(count).toHaveText(`${at}/${total}`);
    }
    await expect(page.locator('[data-testid="pdf-highlight"][data-current="true"]').first()).toBeVisible();
    await find.fill('tu dau von');
    await expect(bar).toHaveAttribute('data-searched', 'tu dau von');
    await expect(page.getByTestId('find-count')).toHaveText('Không thấy');
    await expect(page.getByTestId('pdf-highlight')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('pdf-viewer')).toHaveCount(0);
  });
  await context.close();
});
