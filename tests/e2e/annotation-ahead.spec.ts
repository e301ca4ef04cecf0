/**
 * A delegate's own annotation layers are fetched ahead once they join
 * (renderer/src/features/annotations/own-layers-pool.ts): notes written on their other device
 * (a stock y-websocket client with presence, as a second laptop) are on this laptop before any
 * document is opened here, so with the network gone they show in a document this laptop never
 * opened, and still after an offline reload.
 */
import type { Annotation } from '#common/schemas/annotation';
import { OWN_LAYERS_AHEAD_MARK } from '../../renderer/src/features/viewer/perf-contract';
import {
  annotationRoomForThisFile,
  MARKER,
  openDocument,
  shot,
  writeFromSecondDevice,
} from './annotation-room';
import { expect, test } from './fixtures';

const room = annotationRoomForThisFile();

test('notes from the other device are on this laptop before the document is opened, offline too', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(120_000);
  const author = { id: room.participantIds[0] as string, name: 'Trần Văn Ghi' };
  const T = '2026-12-03T07:00:00.000Z';
  const note: Annotation = {
    id: 'ahead-note-from-tablet',
    kind: 'note',
    page: MARKER.page,
    authorId: author.id,
    authorName: author.name,
    createdAt: T,
    updatedAt: T,
    at: { x: 300, y: 500 },
    text: 'Ghi trên máy tính bảng: đề nghị bổ sung số liệu quý III',
    color: '#ff6fa8',
  };
  await writeFromSecondDevice(request, room, author, [note]);

  await page.goto(`${room.server.info.url}/?join=${room.codes.first[0]}`);
  await expect(page.getByTestId('distribution-total')).toContainText('100%', { timeout: 30_000 });
  // Barrier: the layers of every document were fetched (a User Timing mark).
  await expect
    .poll(() => page.evaluate((mark) => performance.getEntriesByName(mark).length, OWN_LAYERS_AHEAD_MARK), {
      timeout: 30_000,
    })
    .toBe(1);

  await context.setOffline(true);
  await openDocument(page, room);
  const drawn = page.locator(`[data-annotation-id="${note.id}"]`);
  await expect(drawn).toBeVisible();
  await shot(page, 'ahead-offline');

  // Reloaded offline: the layer comes from this laptop's copy, which fetching ahead made.
  await page.reload();
  await openDocument(page, room);
  await expect(drawn).toBeVisible();
  await context.setOffline(false);
});
