/**
 * Two delegates in two browser contexts on one room server. A highlights text and shares it;
 * B sees it live at the same place on the page (its box relative to the page, compared within
 * 1.5 px), in A's colour, listed in the shared-notes panel, and A in the document's presence.
 * The secretariat names A presenter; A presents, B follows: B's viewer moves with A's page;
 * B scrolls away and is detached ("Theo dõi lại"), A turns the page and B stays; one click and
 * B is back on A's page. The projector follows A without a click.
 */
import type { Page } from '@playwright/test';
import {
  type AnnotationRoom,
  joinAndOpen,
  MARKER,
  pageDrawn,
  selectSpan,
  startAnnotationRoom,
} from './annotation-room';
import { expect, test } from './fixtures';
import { screenshots } from './viewer-page';

let room: AnnotationRoom;
let secretariat = '';
let meetingId = '';
let ids: string[] = [];

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  room = await startAnnotationRoom(playwright, {
    meetingTitle: 'Phiên họp thử chia sẻ và trình chiếu',
    delegates: ['Trần Văn Trình', 'Lê Thị Theo'],
    documentTitle: 'Tờ trình chia sẻ thử',
    // This room has no "no export" document (the helpers only read it when asked to).
    extras: false,
  });
  secretariat = room.secretariat;
  meetingId = room.meetingId;
  ids = room.participantIds;
});

test.afterAll(async () => {
  await room?.server.stop();
});

const shot = screenshots('share-follow', '/tmp/annotation-shots');

/** An element's box relative to its page's box, in CSS pixels. */
async function boxOnPage(page: Page, selector: string) {
  return page.locator(selector).evaluate((el) => {
    const pageElement = el.closest('.page');
    if (!pageElement) throw new Error('not on a page');
    const a = el.getBoundingClientRect();
    const p = pageElement.getBoundingClientRect();
    return { left: a.left - p.left, top: a.top - p.top, width: a.width, height: a.height };
  });
}

test('A shares a highlight and B sees it in place; B follows A, detaches by scrolling, follows again', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const [aId, bId] = ids as [string, string];
  const contextA = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const contextB = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const a = await contextA.newPage();
    const b = await contextB.newPage();
    await joinAndOpen(a, room, room.codes.first[0]);
    await joinAndOpen(b, room, room.codes.others[0] as string);

    // Presence: each sees the other reading the document.
    await expect(a.locator(`[data-testid="presence-avatar"][data-participant-id="${bId}"]`)).toBeVisible({
      timeout: 15_000,
    });
    await expect(b.locator(`[data-testid="presence-avatar"][data-participant-id="${aId}"]`)).toHaveAttribute(
      'data-page',
      '1',
    );

    await test.step('A highlights and shares; B sees it at the same place', async () => {
      await selectSpan(a, MARKER.page, MARKER.text);
      await a.getByTestId('ann-tool-highlight').click();
      const mine = a.locator('[data-annotation-kind="highlight"]');
      await expect(mine).toHaveCount(1);
      await expect(mine).toHaveAttribute('data-layer', 'private');
      const id = await mine.getAttribute('data-annotation-id');
      // Private: B sees nothing yet.
      await expect(b.locator(`[data-annotation-kind][data-annotation-id="${id}"]`)).toHaveCount(0);
      await a.getByTestId('ann-tool-select').click();
      await mine.click();
      await a.getByTestId('ann-share').click();
      await expect(mine).toHaveAttribute('data-layer', 'shared');

      const theirs = b.locator(`[data-annotation-kind][data-annotation-id="${id}"]`);
      await expect(theirs).toHaveCount(1, { timeout: 15_000 });
      await expect(theirs).toHaveAttribute('data-author-id', aId);
      await expect(theirs).toHaveAttribute('data-layer', 'shared');
      await pageDrawn(b, MARKER.page);
      const onA = await boxOnPage(a, `[data-annotation-kind][data-annotation-id="${id}"]`);
      const onB = await boxOnPage(b, `[data-annotation-kind][data-annotation-id="${id}"]`);
      for (const side of ['left', 'top', 'width', 'height'] as const) {
        expect(Math.abs(onA[side] - onB[side]), side).toBeLessThanOrEqual(1.5);
      }
      await shot(a, 'a-shared');

      // The panel lists it (author, page, excerpt); a click shows its page.
      await b.getByTestId('ann-panel-toggle').click();
      const panel = b.getByTestId('ann-panel');
      await expect(panel).toContainText('Trần Văn Trình');
      const item = panel.locator(`[data-testid="ann-panel-item"][data-annotation-id="${id}"]`);
      await expect(item).toContainText(MARKER.text);
      await item.click();
      await expect(b.getByTestId('pdf-viewer')).toHaveAttribute('data-page', String(MARKER.page));
      await shot(b, 'b-sees-shared');
      // Hidden per author, shown again.
      await panel.getByTestId('ann-panel-author-visible').uncheck();
      await expect(theirs).toHaveCount(0);
      await panel.getByTestId('ann-panel-author-visible').check();
      await expect(theirs).toHaveCount(1);
    });

    await test.step('the secretariat names A presenter; A presents, B follows', async () => {
      const named = await a.request.fetch(`${room.server.info.url}/api/v1/meetings/${meetingId}/presenter`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${secretariat}` },
        data: { participantId: aId },
      });
      expect(named.ok(), await named.text()).toBe(true);
      await a.getByTestId('present-toggle').click();
      await expect(a.getByTestId('present-toggle')).toHaveAttribute('aria-pressed', 'true');
      const follow = b.getByTestId('pdf-viewer').getByTestId('follow-presenter');
      await expect(follow).toHaveText('Theo dõi người trình bày', { timeout: 15_000 });
      await follow.click();
      await expect(follow).toHaveAttribute('data-mode', 'attached');
      await expect(follow).toHaveText('Đang theo dõi người trình bày');

      await a.getByTestId('pdf-next').click();
      await a.getByTestId('pdf-next').click();
      await expect(a.getByTestId('pdf-viewer')).toHaveAttribute('data-page', '3');
      await expect(b.getByTestId('pdf-viewer')).toHaveAttribute('data-page', '3', { timeout: 15_000 });
      await pageDrawn(b, 3);
      await shot(b, 'b-following');
    });

    await test.step('B scrolls away and is detached; one click follows again', async () => {
      const scroller = b.getByTestId('pdf-scroller');
      await scroller.hover();
      await b.mouse.wheel(0, -6000);
      const follow = b.getByTestId('pdf-viewer').getByTestId('follow-presenter');
      await expect(follow).toHaveAttribute('data-mode', 'detached');
      await expect(follow).toHaveText('Theo dõi lại');
      await expect(b.getByTestId('pdf-viewer')).toHaveAttribute('data-page', '1');

      // A turns to page 2: B receives it (barrier) but does not move.
      await a.getByTestId('pdf-prev').click();
      await expect(a.getByTestId('pdf-viewer')).toHaveAttribute('data-page', '2');
      await expect(b.getByTestId('pdf-viewer').getByTestId('follow-bar')).toHaveAttribute(
        'data-presenter-page',
        '2',
      );
      await expect(b.getByTestId('pdf-viewer')).toHaveAttribute('data-page', '1');
      await shot(b, 'b-detached');

      await follow.click();
      await expect(follow).toHaveAttribute('data-mode', 'attached');
      await expect(b.getByTestId('pdf-viewer')).toHaveAttribute('data-page', '2');
    });

    await test.step('the projector follows the presenter by default', async () => {
      const projector = await contextB.newPage();
      await projector.goto(`${room.server.info.url}/projector/${meetingId}`);
      const shown = projector.getByTestId('projector-document');
      await expect(shown).toHaveAttribute('data-page', '2', { timeout: 30_000 });
      await a.getByTestId('pdf-next').click();
      await expect(shown).toHaveAttribute('data-page', '3');
      await expect(b.getByTestId('pdf-viewer')).toHaveAttribute('data-page', '3');
      await expect(projector.locator('.page[data-page-number="3"] canvas')).toBeVisible();
      await shot(projector, 'projector');
    });
  } finally {
    await contextA.close();
    await contextB.close();
  }
});
