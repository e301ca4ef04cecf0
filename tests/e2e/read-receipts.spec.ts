/**
 * Read receipts, live, end to end against a room server of this file's own (the demo meeting):
 * the chair shows "Đã đọc" of a document on the agenda, where a delegate is among those who
 * have not opened it yet; the delegate opens it in a browser of their own; the chair's list
 * moves them to the readers without being reopened or reloaded. Screenshots go to
 * test-results/screenshots/ and /tmp/read-receipts-shots/.
 */
import { expect, test } from './fixtures';
import { ownRoomServer } from './own-room';
import { screenshots } from './viewer-page';

const room = ownRoomServer('/tmp/read-receipts-shots');
const shot = screenshots('read-receipts', '/tmp/read-receipts-shots');

test('the chair sees a delegate open a document, live, in its "Đã đọc" list', async ({ browser }) => {
  test.setTimeout(180_000);
  const reader = room.code('delegate', 0);
  const chair = await room.joinInBrowser(browser, room.code('chair').code);
  const delegate = await room.joinInBrowser(browser, reader.code);

  // A document the delegate may read, as the agenda lists it on both screens.
  await expect(delegate.getByTestId('distribution-total')).toContainText('100%', { timeout: 60_000 });
  const open = delegate.getByTestId('document-open').first();
  const documentId = await open.getAttribute('data-document-id');
  if (!documentId) throw new Error('the delegate has no document to open');
  const row = chair.locator(`[data-testid="agenda-document"][data-document-id="${documentId}"]`).first();
  await row.getByTestId('document-readers').click();
  const opened = row.getByTestId('read-by-opened');
  const notYet = row.getByTestId('read-by-not-yet');
  await expect(notYet).toContainText(reader.name);
  await expect(opened).not.toContainText(reader.name);
  await shot(chair, '01-not-yet');

  await open.click();
  await expect(delegate.getByTestId('pdf-viewer')).toHaveAttribute('data-state', 'ready', {
    timeout: 20_000,
  });

  // The chair's list, still open, follows: nothing reopened, nothing reloaded.
  await expect(opened).toContainText(reader.name, { timeout: 15_000 });
  await expect(notYet).not.toContainText(reader.name);
  await expect(row.getByTestId('document-readers')).toHaveAttribute('aria-expanded', 'true');
  await shot(chair, '02-opened-live');
  await chair.context().close();
  await delegate.context().close();
});
