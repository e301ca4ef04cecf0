import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { LIVE_MAP, LiveKeys, VIEWER_MAP, ViewerKeys } from '#common/protocol/live-doc';
import { viewerDocName } from '#common/protocol/doc-names';
import {
  connectClient,
  expectOk,
  rawSocket,
  startTestRoom,
  type TestRoom,
  waitFor,
} from '../integration/helpers/test-room';
import { onePagePdf } from '../integration/helpers/one-page-pdf';

/**
 * Finding 8, the revision signal: the live document is read by every participant, and its
 * `documentsRevision` used to move for changes to documents only some of them may see — a
 * delegate watching it learned that something hidden had changed. Changes are now signalled
 * where only those who see them look: the shared revision for what everyone sees, each
 * participant's own viewer document for the rest.
 */

/** Uploads are ingested by a worker thread: slow on a busy machine. */
const SETUP_TIMEOUT_MS = 120_000;

describe('the documents revision reveals no change a participant cannot see', () => {
  let room: TestRoom;
  let meetingId: string;
  let outsider: { id: string; token: string };
  let reader: { id: string; token: string };
  let hiddenId: string;

  const upload = async (marker: string, classification: 'thuong' | 'mat') =>
    expectOk(
      await room.call(ROUTES.uploadDocument, {
        token: room.staffToken,
        params: { meetingId },
        query: { fileName: `${marker}.pdf`, classification },
        body: onePagePdf(marker),
        headers: { 'content-type': 'application/pdf' },
      }),
      201,
    ).document;

  beforeAll(async () => {
    room = await startTestRoom();
    meetingId = await room.createMeeting('Kỳ họp có tài liệu mật');
    outsider = await room.addMember(meetingId, 'delegate', { group: 'Khách mời' });
    reader = await room.addMember(meetingId, 'delegate', { group: 'Thường trực' });
    hiddenId = (await upload('HIDDEN-V1', 'mat')).id;
    expectOk(
      await room.call(ROUTES.putGrants, {
        token: room.staffToken,
        params: { documentId: hiddenId },
        body: { participantIds: [reader.id], groups: [] },
      }),
    );
    await upload('PUBLIC-1', 'thuong');
    expectOk(await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId } }));
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await room.destroy();
  });

  it(
    'moves nothing the outsider can read for a hidden change, and tells the granted reader',
    async () => {
      const live = connectClient(room, `meeting/${meetingId}/live`, outsider.token);
      const outsiderView = connectClient(room, viewerDocName(meetingId, outsider.id), outsider.token);
      const readerView = connectClient(room, viewerDocName(meetingId, reader.id), reader.token);
      await waitFor(
        () => live.provider.synced && outsiderView.provider.synced && readerView.provider.synced,
        'synced',
      );
      const shared = () =>
        (live.doc.getMap(LIVE_MAP).get(LiveKeys.documentsRevision) as number | undefined) ?? 0;
      const updatedAt = () => live.doc.getMap(LIVE_MAP).get(LiveKeys.updatedAt);
      const own = (c: typeof outsiderView) =>
        (c.doc.getMap(VIEWER_MAP).get(ViewerKeys.documentsRevision) as number | undefined) ?? 0;
      const before = {
        shared: shared(),
        updatedAt: updatedAt(),
        outsider: own(outsiderView),
        reader: own(readerView),
      };

      // Changes to the confidential document, which the outsider may not see: a new version,
      // a new title, a grant.
      expectOk(
        await room.call(ROUTES.uploadVersion, {
          token: room.staffToken,
          params: { documentId: hiddenId },
          query: { fileName: 'hidden-v2.pdf' },
          body: onePagePdf('HIDDEN-V2'),
          headers: { 'content-type': 'application/pdf' },
        }),
        201,
      );
      expectOk(
        await room.call(ROUTES.updateDocument, {
          token: room.staffToken,
          params: { documentId: hiddenId },
          body: { title: 'Báo cáo mật (sửa)' },
        }),
      );
      // The reader, who sees it, is told.
      await waitFor(() => own(readerView) > before.reader, 'the reader is told of the change');
      // Then a change everyone sees, as a barrier: once it arrives, anything the hidden changes
      // sent would have arrived before it.
      await upload('PUBLIC-2', 'thuong');
      await waitFor(
        () => own(outsiderView) > before.outsider && shared() > before.shared,
        'the public change',
      );
      expect(shared()).toBe(before.shared + 1);
      expect(own(outsiderView)).toBe(before.outsider + 1);
      expect(own(readerView)).toBeGreaterThanOrEqual(before.reader + 2);
      expect(updatedAt()).not.toBe(before.updatedAt);

      for (const c of [live, outsiderView, readerView]) c.provider.destroy();
    },
    SETUP_TIMEOUT_MS,
  );

  it('keeps each viewer document to its own participant', async () => {
    const url = (name: string, token: string) => {
      const u = new URL(`/yjs/${name}`, room.url.replace(/^http/, 'ws'));
      u.searchParams.set('token', token);
      return u.toString();
    };
    const foreign = await rawSocket(url(viewerDocName(meetingId, reader.id), outsider.token));
    expect(foreign.status).toBe(404);
    foreign.ws?.close();
    const ownSocket = await rawSocket(url(viewerDocName(meetingId, outsider.id), outsider.token));
    expect(ownSocket.ws).not.toBeNull();
    ownSocket.ws?.close();
  });
});
