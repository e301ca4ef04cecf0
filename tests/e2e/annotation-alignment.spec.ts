/**
 * A highlight drawn by the annotation tools sits exactly on the text it was made from: its
 * overlay box is compared with the text layer span's box (within 1.5 px) at 100 %, at 200 % and
 * turned 90°, and with the red marker's ink in the page's picture (centred within 2 px, inside
 * within 2.5 px), so the text layer and the overlay are checked against what the reader sees.
 * The highlight is made once, at 100 %: the later cases check the stored PDF geometry, not a
 * pixel position kept from when it was made.
 */
import { expect, test } from './fixtures';
import { markerInkBox, zoomAndTurnSteps } from './viewer-page';
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
      // The words as drawn lie under the highlight: the ink's box inside the highlight's, and
      // centred on it along the line (a glyph's side bearings leave up to ~2.3 px of paper
      // at either end, so the ends are not compared exactly; the centres agree within 1 px).
      const ink = await markerInkBox(page, b.overlay);
      if (!ink) throw new Error(`${each.name}: no marker ink near the highlight`);
      const [from, to] =
        each.name === 'rotated-90' ? (['top', 'bottom'] as const) : (['left', 'right'] as const);
      const centre = (box: { [side in typeof from | typeof to]: number }) => (box[from] + box[to]) / 2;
      expect(Math.abs(centre(ink) - centre(b.overlay)), `${each.name}: ink centre`).toBeLessThanOrEqual(2);
      expect(ink.left, `${each.name}: ink left`).toBeGreaterThanOrEqual(b.overlay.left - 2.5);
      expect(ink.top, `${each.name}: ink top`).toBeGreaterThanOrEqual(b.overlay.top - 2.5);
      expect(ink.right, `${each.name}: ink right`).toBeLessThanOrEqual(b.overlay.right + 2.5);
      expect(ink.bottom, `${each.name}: ink bottom`).toBeLessThanOrEqual(b.overlay.bottom + 2.5);
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
