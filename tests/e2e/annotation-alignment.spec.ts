/**
 * A highlight drawn by the annotation tools sits exactly on the text it was made from: its
 * overlay box is compared with the text layer span's box (within 1.5 px) at 100 %, at 200 % and
 * turned 90°. The highlight is made once, at 100 %: the later cases check the stored PDF
 * geometry, not a pixel position kept from when it was made.
 */
import { expect, test } from './fixtures';
import { zoomAndTurnSteps } from './viewer-page';
import {
  openDocument,
  joinAndOpen,
  MARKER,
  pageDrawn,
  selectSpan,
  shot,
  annotationRoomForThisFile,
} from './annotation-room';

const room = annotationRoomForThisFile();

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

test('a highlight lines up with its text at two zooms and after rotation', async ({ page }) => {
  test.setTimeout(120_000);
  await joinAndOpen(page, room, room.codes.first[0]);
  await selectSpan(page, MARKER.page, MARKER.text);
  await page.getByTestId('ann-tool-highlight').click();
  const highlight = page.locator('[data-annotation-kind="highlight"]');
  await expect(highlight).toHaveCount(1);
  await expect(highlight).toHaveAttribute('data-layer', 'private');

  const boxes = (): Promise<{ overlay: Box; text: Box } | null> =>
    page.evaluate((text) => {
      const g = document.querySelector('[data-annotation-kind="highlight"]');
      const span = Array.from(document.querySelectorAll('.textLayer span')).find(
        (s) => s.textContent === text,
      );
      if (!g || !span) return null;
      const box = (r: DOMRect) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
      return { overlay: box(g.getBoundingClientRect()), text: box(span.getBoundingClientRect()) };
    }, MARKER.text);

  for (const each of zoomAndTurnSteps(page)) {
    await test.step(each.name, async () => {
      await each.apply();
      await pageDrawn(page, MARKER.page);
      await highlight.scrollIntoViewIfNeeded();
      // Wait until the text layer and the overlay both show the page at the new size.
      await expect
        .poll(async () => {
          const b = await boxes();
          if (!b) return Number.POSITIVE_INFINITY;
          return Math.max(
            ...(['left', 'top', 'right', 'bottom'] as const).map((side) =>
              Math.abs(b.overlay[side] - b.text[side]),
            ),
          );
        })
        .toBeLessThanOrEqual(1.5);
      const b = await boxes();
      if (!b) throw new Error('highlight or span missing');
      for (const side of ['left', 'top', 'right', 'bottom'] as const) {
        expect(Math.abs(b.overlay[side] - b.text[side]), `${each.name} ${side}`).toBeLessThanOrEqual(1.5);
      }
      // Sanity: the box is the text's size, not a degenerate one.
      expect(b.overlay.right - b.overlay.left).toBeGreaterThan(5);
      await shot(page, `alignment-${each.name}`);
    });
  }
});

test('on a "no export" document highlighting is off and says why; the other tools work', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${room.server.info.url}/?join=${room.codes.others[0]}`);
  await openDocument(page, room, room.noExportId);
  await expect(page.locator('.textLayer span')).toHaveCount(0);
  const button = page.getByTestId('ann-tool-highlight');
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute('aria-label', /lớp chữ/);
  await expect(page.locator('span[title*="lớp chữ"]')).toHaveCount(1);
  await page.getByTestId('ann-tool-note').click();
  const slot = await page.locator('.pdf-page[data-page-number="1"] .viewer-overlay-slot').boundingBox();
  if (!slot) throw new Error('page 1 is not on screen');
  await page.mouse.click(slot.x + 300, slot.y + 200);
  await page.keyboard.type('Ghi chú trên tài liệu mật');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('[data-annotation-kind="note"]')).toHaveCount(1);
  await shot(page, 'no-export');
});
