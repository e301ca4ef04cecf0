/**
 * The annotation tools, end to end against a room server of this file's own: one delegate
 * highlights selected text, draws with the pen, adds a sticky note, a text box and a bookmark,
 * moves the text box, undoes and redoes, erases the stroke (and undoes that), deletes the note;
 * after a reload everything is there, and a second device of the same delegate (a fresh browser
 * profile: nothing kept locally) gets it all from the server. Screenshots go to
 * test-results/screenshots/ and /tmp/annotation-shots/.
 */
import type { Page } from '@playwright/test';
import {
  joinAndOpen,
  MARKER,
  openDocument,
  selectSpan,
  shot,
  annotationRoomForThisFile,
} from './annotation-room';
import { expect, test } from './fixtures';

const room = annotationRoomForThisFile();

const kind = (page: Page, k: string) => page.locator(`[data-annotation-kind="${k}"]`);

/** Page 1's top left corner on screen. */
async function pageOrigin(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.locator('.pdf-page[data-page-number="1"] .viewer-overlay-slot').boundingBox();
  if (!box) throw new Error('page 1 is not on screen');
  return { x: box.x, y: box.y };
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

async function expectAll(page: Page, note: number): Promise<void> {
  await expect(kind(page, 'highlight')).toHaveCount(1, { timeout: 15_000 });
  await expect(kind(page, 'ink')).toHaveCount(1);
  await expect(kind(page, 'textbox')).toHaveText('Đồng ý thông qua');
  await expect(kind(page, 'bookmark')).toHaveText('Mục quan trọng');
  await expect(kind(page, 'note')).toHaveCount(note);
  for (const k of ['highlight', 'ink', 'textbox', 'bookmark']) {
    await expect(kind(page, k)).toHaveAttribute('data-layer', 'private');
  }
}

test('a delegate highlights, draws, notes, moves, undoes, erases and deletes; all of it is kept', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await joinAndOpen(page, room, room.codes.first[0]);
  const me = await page.evaluate(() => {
    const stored = JSON.parse(localStorage.getItem('paperless.session.v1') ?? 'null') as {
      info?: { participant?: { id?: string } };
    } | null;
    return stored?.info?.participant?.id ?? null;
  });

  await test.step('highlight the selected text', async () => {
    await selectSpan(page, MARKER.page, MARKER.text);
    await page.getByTestId('ann-color-green').click();
    await page.getByTestId('ann-tool-highlight').click();
    await expect(kind(page, 'highlight')).toHaveCount(1);
    await expect(kind(page, 'highlight')).toHaveAttribute('data-author-id', me ?? '');
    await expect(kind(page, 'highlight').locator('polygon')).toHaveAttribute('fill', '#5fd35f');
    expect(await page.evaluate(() => window.getSelection()?.isCollapsed)).toBe(true);
  });

  const o = await pageOrigin(page);

  await test.step('draw with the pen', async () => {
    await page.getByTestId('ann-tool-pen').click();
    await page.getByTestId('ann-color-red').click();
    await page.getByTestId('ann-pen-width').selectOption('4');
    await drag(page, { x: o.x + 120, y: o.y + 130 }, { x: o.x + 320, y: o.y + 150 });
    await expect(kind(page, 'ink')).toHaveCount(1);
    await expect(kind(page, 'ink').locator('path')).toHaveAttribute('stroke', '#e0242a');
  });

  await test.step('add a sticky note', async () => {
    await page.getByTestId('ann-tool-note').click();
    await page.getByTestId('ann-color-yellow').click();
    await page.mouse.click(o.x + 560, o.y + 115);
    const editor = page.getByTestId('ann-editor');
    await expect(editor).toBeFocused();
    await page.keyboard.type('Cần làm rõ số liệu giải ngân');
    await page.keyboard.press('Control+Enter');
    await expect(editor).toHaveCount(0);
    await expect(kind(page, 'note')).toHaveCount(1);
    await expect(kind(page, 'note')).toHaveAttribute('title', 'Cần làm rõ số liệu giải ngân');
  });

  await test.step('add a text box', async () => {
    await page.getByTestId('ann-tool-textbox').click();
    await page.getByTestId('ann-color-blue').click();
    await drag(page, { x: o.x + 420, y: o.y + 30 }, { x: o.x + 640, y: o.y + 70 });
    await expect(page.getByTestId('ann-editor')).toBeFocused();
    await page.keyboard.type('Đồng ý thông qua');
    await page.keyboard.press('Control+Enter');
    await expect(kind(page, 'textbox')).toHaveText('Đồng ý thông qua');
  });

  await test.step('bookmark the page', async () => {
    await page.getByTestId('ann-tool-bookmark').click();
    const editor = page.getByTestId('ann-editor');
    await expect(editor).toBeFocused();
    await expect(editor).toHaveValue('Trang 1');
    await editor.fill('Mục quan trọng');
    await page.keyboard.press('Enter');
    await expect(kind(page, 'bookmark')).toHaveText('Mục quan trọng');
    await expect(page.getByTestId('ann-tool-select')).toHaveAttribute('aria-pressed', 'true');
  });

  const textbox = kind(page, 'textbox');
  const before = await textbox.boundingBox();
  if (!before) throw new Error('no text box');

  await test.step('move the text box, undo and redo the move', async () => {
    await drag(
      page,
      { x: before.x + before.width / 2, y: before.y + before.height / 2 },
      { x: before.x + before.width / 2 - 60, y: before.y + before.height / 2 + 40 },
    );
    await expect.poll(async () => (await textbox.boundingBox())?.x).toBeCloseTo(before.x - 60, 0);
    expect((await textbox.boundingBox())?.y).toBeCloseTo(before.y + 40, 0);
    await shot(page, 'tools-in-use');
    await page.getByTestId('ann-undo').click();
    await expect.poll(async () => (await textbox.boundingBox())?.x).toBeCloseTo(before.x, 0);
    expect((await textbox.boundingBox())?.y).toBeCloseTo(before.y, 0);
    await page.getByTestId('ann-redo').click();
    await expect.poll(async () => (await textbox.boundingBox())?.x).toBeCloseTo(before.x - 60, 0);
  });

  await test.step('the eraser removes the stroke it crosses; undo brings it back', async () => {
    await page.getByTestId('ann-tool-eraser').click();
    await drag(page, { x: o.x + 220, y: o.y + 100 }, { x: o.x + 220, y: o.y + 180 });
    await expect(kind(page, 'ink')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(kind(page, 'ink')).toHaveCount(1);
  });

  await test.step('delete the note (button), undo with the keys, delete it with the Delete key', async () => {
    await page.getByTestId('ann-tool-select').click();
    await kind(page, 'note').click();
    await expect(page.getByTestId('ann-note-text')).toHaveText('Cần làm rõ số liệu giải ngân');
    await shot(page, 'tools-note-open');
    await page.getByTestId('ann-delete').click();
    await expect(kind(page, 'note')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(kind(page, 'note')).toHaveCount(1);
    // Escape with an annotation selected clears the selection and leaves the viewer open.
    await kind(page, 'note').click();
    await expect(page.getByTestId('ann-selected')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('ann-selected')).toHaveCount(0);
    await expect(page.getByTestId('pdf-viewer')).toBeVisible();
    await kind(page, 'note').click();
    await page.keyboard.press('Delete');
    await expect(kind(page, 'note')).toHaveCount(0);
  });

  await test.step('keyboard: focus selects, Shift+→ nudges 10 pt, Enter edits, Ctrl+Z undoes', async () => {
    const start = await textbox.boundingBox();
    await textbox.focus();
    await expect(page.getByTestId('ann-selected')).toBeVisible();
    await page.keyboard.press('Shift+ArrowRight');
    // 10 pt at 100 % is 13.3 CSS px.
    await expect.poll(async () => (await textbox.boundingBox())?.x).toBeCloseTo((start?.x ?? 0) + 13.33, 0);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('ann-editor')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('ann-editor')).toHaveCount(0);
    await expect(textbox).toHaveText('Đồng ý thông qua');
    await textbox.focus();
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await textbox.boundingBox())?.x).toBeCloseTo(start?.x ?? 0, 0);
  });

  // Where the text box is on its page (the scroll position after a reload may differ).
  const onPage = async (p: Page) => {
    const box = await kind(p, 'textbox').boundingBox();
    const origin = await pageOrigin(p);
    return { x: (box?.x ?? 0) - origin.x, y: (box?.y ?? 0) - origin.y };
  };
  const moved = await onPage(page);

  await test.step('after a reload everything is there, where it was', async () => {
    await page.reload();
    await openDocument(page, room);
    await expectAll(page, 0);
    const again = await onPage(page);
    expect(again.x).toBeCloseTo(moved.x, 0);
    expect(again.y).toBeCloseTo(moved.y, 0);
  });

  await test.step('a second device of the same delegate gets it all from the server', async () => {
    const context = await browser.newContext();
    try {
      const other = await context.newPage();
      await joinAndOpen(other, room, room.codes.first[1]);
      await expectAll(other, 0);
      await shot(other, 'tools-second-device');
    } finally {
      await context.close();
    }
  });
});
