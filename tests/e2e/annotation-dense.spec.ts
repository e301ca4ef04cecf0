/**
 * A page with more annotations than DENSE_PAGE_THRESHOLD draws them as a few paths in PDF space,
 * placed by one SVG transform (renderer/src/features/annotations/dense-page.ts). Here the
 * delegate's other device writes 200 annotations to page 1 of their private layer (stock
 * y-websocket client, as a second laptop would), the viewer opens it, and one highlight in a
 * colour of its own is compared, drawn among the dense paths, with the same highlight drawn on
 * its own once selected (as every page under the threshold draws it, whose placing the
 * alignment spec checks against the text): within 1 px at 100 %, at 200 % and turned 90°.
 */
import type { Annotation } from '#common/schemas/annotation';
import {
  annotationRoomForThisFile,
  joinAndOpen,
  MARKER,
  pageDrawn,
  shot,
  writeFromSecondDevice,
} from './annotation-room';
import { expect, test } from './fixtures';
import { zoomAndTurnSteps } from './viewer-page';

const room = annotationRoomForThisFile();

const LONE_COLOUR = '#5fd35f';
const STROKES = 199;
const T = '2026-12-03T02:00:00.000Z';

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** 199 short strokes over the top of page 1, and one highlight lower down in a colour of its own. */
function denseLayer(author: { id: string; name: string }): Annotation[] {
  const common = { page: 1, authorId: author.id, authorName: author.name, createdAt: T, updatedAt: T };
  const strokes: Annotation[] = Array.from({ length: STROKES }, (_, i) => ({
    ...common,
    id: `dense-ink-${String(i).padStart(4, '0')}`,
    kind: 'ink',
    paths: [
      Array.from({ length: 8 }, (_, k) => ({
        x: 60 + (i % 20) * 24 + k * 2,
        y: 780 - Math.floor(i / 20) * 14 + (k % 2) * 4,
      })),
    ],
    color: '#e0242a',
    width: 1.5,
  }));
  const lone: Annotation = {
    ...common,
    id: 'dense-lone-highlight',
    kind: 'highlight',
    // Top left, top right, bottom left, bottom right (PDF /QuadPoints), away from the strokes.
    quads: [[120, 420, 330, 420, 120, 398, 330, 398]],
    quotedText: 'Đoạn được đánh dấu',
    color: LONE_COLOUR,
  };
  return [...strokes, lone];
}

test('a dense page draws its annotations where they are drawn one by one, at two zooms and turned', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const author = { id: room.participantIds[0] as string, name: 'Trần Văn Ghi' };
  await writeFromSecondDevice(request, room, author, denseLayer(author));

  await joinAndOpen(page, room, room.codes.first[0]);
  const densePath = page.locator(`.ann-dense-shapes path[fill="${LONE_COLOUR}"]`);
  const single = page.locator('.ann-page [data-annotation-id="dense-lone-highlight"]');
  // Every annotation is drawn, in a few paths: no element per stroke.
  await expect
    .poll(() =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('.ann-dense-shapes path')).reduce(
          (n, p) => n + Number(p.getAttribute('data-annotation-count') ?? 0),
          0,
        ),
      ),
    )
    .toBe(STROKES + 1);
  await expect(page.locator('[data-annotation-kind="ink"]')).toHaveCount(0);

  const boxOf = (selector: string): Promise<Box | null> =>
    page.evaluate((s) => {
      const element = document.querySelector(s);
      if (!element) return null;
      const r = element.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    }, selector);

  for (const each of zoomAndTurnSteps(page)) {
    await test.step(each.name, async () => {
      await each.apply();
      await pageDrawn(page, MARKER.page);
      await densePath.scrollIntoViewIfNeeded();
      await expect(densePath).toHaveAttribute('data-annotation-count', '1');
      // Settled: the same box twice in a row, after the page took its new size.
      let dense: Box | null = null;
      await expect
        .poll(async () => {
          const before = dense;
          dense = await boxOf(`.ann-dense-shapes path[fill="${LONE_COLOUR}"]`);
          return before !== null && dense !== null && JSON.stringify(before) === JSON.stringify(dense);
        })
        .toBe(true);
      if (!dense) throw new Error('the dense path is gone');
      const drawn: Box = dense;
      expect(drawn.right - drawn.left).toBeGreaterThan(20);
      await shot(page, `dense-${each.name}`);

      // Selected, the highlight leaves the dense path and is drawn on its own.
      const box = await densePath.boundingBox();
      if (!box) throw new Error('the dense path has no box');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await expect(single).toHaveAttribute('data-selected', 'true');
      await expect(densePath).toHaveAttribute('data-annotation-count', '0');
      const alone = await boxOf('.ann-page [data-annotation-id="dense-lone-highlight"]');
      if (!alone) throw new Error('the selected highlight is not drawn');
      for (const side of ['left', 'top', 'right', 'bottom'] as const) {
        expect(Math.abs(alone[side] - drawn[side]), `${each.name} ${side}`).toBeLessThanOrEqual(1);
      }
      await page.keyboard.press('Escape');
      await expect(single).toHaveCount(0);
    });
  }
});
