import { afterEach, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { LIVE_MAP, LiveKeys, readLiveSnapshot } from '#common/protocol/live-doc';
import type { LivePresenter } from '#common/schemas/presenter';
import { listAudit } from '../../sync-server/audit/audit-log';
import { emptyPagesPdf } from './helpers/one-page-pdf';
import {
  connectClient,
  expectError,
  expectOk,
  startTestRoom,
  type TestRoom,
  waitFor,
} from './helpers/test-room';

type Client = ReturnType<typeof connectClient>;

const rooms: TestRoom[] = [];
const clients: Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.provider.destroy();
  for (const r of rooms.splice(0)) await r.destroy();
});

const presenterOf = (c: Client): LivePresenter | undefined =>
  readLiveSnapshot(c.doc.getMap(LIVE_MAP))[LiveKeys.presenter];

describe('follow the presenter (server)', () => {
  it('the named presenter shares a page every participant follows; a confidential one stays unnamed', async () => {
    const r = await startTestRoom();
    rooms.push(r);
    const m = await r.createMeeting();
    const chair = await r.addMember(m, 'chair', { name: 'Chủ tọa' });
    const speaker = await r.addMember(m, 'delegate', { name: 'Người trình bày' });
    const other = await r.addMember(m, 'delegate', { name: 'Đại biểu B' });
    const outsider = await r.addMember(m, 'delegate', { name: 'Đại biểu C' });
    const upload = async (fileName: string, classification: 'thuong' | 'mat', pages: number) =>
      expectOk(
        await r.call(ROUTES.uploadDocument, {
          token: r.staffToken,
          params: { meetingId: m },
          query: { fileName, classification },
          body: emptyPagesPdf(pages, fileName.replace(/\W/g, '')),
        }),
        201,
      ).document;
    const open = await upload('To trinh.pdf', 'thuong', 6);
    const secret = await upload('Bao cao mat.pdf', 'mat', 3);
    expect(open.pageCount).toBe(6);
    expectOk(
      await r.call(ROUTES.putGrants, {
        token: r.staffToken,
        params: { documentId: secret.id },
        body: { participantIds: [chair.id, speaker.id, other.id], groups: [] },
      }),
    );
    expectOk(await r.call(ROUTES.publishMeeting, { token: r.staffToken, params: { meetingId: m } }));

    // Three stock clients with presence on the live document: the chair's, B's and C's.
    const live = `meeting/${m}/live`;
    for (const p of [chair, other, outsider]) {
      const c = connectClient(r, live, p.token);
      c.provider.awareness.setLocalState({ reading: null });
      clients.push(c);
    }
    await waitFor(() => clients.every((c) => c.provider.synced), 'live documents synced');

    // Only the chair (or the secretariat) names the presenter.
    const refusedName = expectError(
      await r.call(ROUTES.namePresenter, {
        token: other.token,
        params: { meetingId: m },
        body: { participantId: other.id },
      }),
      403,
      'forbidden',
    );
    expect(refusedName.reason).toBe('chair_only');
    const named = expectOk(
      await r.call(ROUTES.namePresenter, {
        token: chair.token,
        params: { meetingId: m },
        body: { participantId: speaker.id },
      }),
    );
    expect(named).toEqual({ presenterId: speaker.id, share: null });

    const shared = expectOk(
      await r.call(ROUTES.sharePresenter, {
        token: speaker.token,
        params: { meetingId: m },
        body: { documentId: open.id, version: 1, page: 5, zoom: 'fit-width' },
      }),
    );
    expect(shared.share).toMatchObject({ documentId: open.id, page: 5, sharedBy: speaker.id });
    await waitFor(
      () =>
        clients.every((c) => {
          const p = presenterOf(c);
          return p?.share?.restricted === false && p.share.documentId === open.id && p.share.page === 5;
        }),
      'every client sees page 5',
    );
    expect(presenterOf(clients[0]!)).toMatchObject({
      presenterId: speaker.id,
      presenterName: 'Người trình bày',
      sharedBy: speaker.id,
      share: { restricted: false, documentId: open.id, version: 1, page: 5, zoom: 'fit-width', rotation: 0 },
    });

    // A page the version does not have.
    const noPage = expectError(
      await r.call(ROUTES.sharePresenter, {
        token: speaker.token,
        params: { meetingId: m },
        body: { documentId: open.id, version: 1, page: 7, zoom: 'fit-page' },
      }),
      400,
      'bad_request',
    );
    expect(noPage).toMatchObject({
      reason: 'presenter_page_out_of_range',
      params: { page: 7, pageCount: 6 },
    });

    // The confidential document: C is not granted it, so the live document must not name it.
    expectOk(
      await r.call(ROUTES.sharePresenter, {
        token: speaker.token,
        params: { meetingId: m },
        body: { documentId: secret.id, version: 1, page: 2, zoom: 150, rotation: 90 },
      }),
    );
    await waitFor(
      () => clients.every((c) => presenterOf(c)?.share?.restricted === true),
      'every client sees a restricted share',
    );
    const seenByOutsider = JSON.stringify(clients[2]!.doc.getMap(LIVE_MAP).toJSON());
    expect(seenByOutsider).not.toContain(secret.id);
    expect(seenByOutsider).not.toContain(secret.title);
    expect(presenterOf(clients[2]!)?.share).toEqual({ restricted: true });

    // A delegate who is not the presenter is refused.
    const refused = expectError(
      await r.call(ROUTES.sharePresenter, {
        token: other.token,
        params: { meetingId: m },
        body: { documentId: open.id, version: 1, page: 1, zoom: 'fit-page' },
      }),
      403,
      'forbidden',
    );
    expect(refused.reason).toBe('presenter_only');

    // Naming B instead: the old presenter's share ends and their next one is refused.
    expectOk(
      await r.call(ROUTES.namePresenter, {
        token: chair.token,
        params: { meetingId: m },
        body: { participantId: other.id },
      }),
    );
    await waitFor(
      () => clients.every((c) => presenterOf(c)?.presenterId === other.id && presenterOf(c)?.share === null),
      'the new presenter, nothing shared',
    );
    const stale = expectError(
      await r.call(ROUTES.sharePresenter, {
        token: speaker.token,
        params: { meetingId: m },
        body: { documentId: open.id, version: 1, page: 6, zoom: 'fit-width' },
      }),
      403,
      'forbidden',
    );
    expect(stale.reason).toBe('presenter_only');
    expectOk(
      await r.call(ROUTES.sharePresenter, {
        token: other.token,
        params: { meetingId: m },
        body: { documentId: open.id, version: 1, page: 3, zoom: 'fit-page' },
      }),
    );
    // The chair may always present, and stop.
    expectOk(
      await r.call(ROUTES.sharePresenter, {
        token: chair.token,
        params: { meetingId: m },
        body: { documentId: open.id, version: 1, page: 4, zoom: 'fit-page' },
      }),
    );
    await waitFor(
      () =>
        clients.every(
          (c) => presenterOf(c)?.share?.restricted === false && presenterOf(c)?.sharedBy === chair.id,
        ),
      'the chair’s share',
    );
    expectOk(await r.call(ROUTES.stopPresenter, { token: chair.token, params: { meetingId: m } }));
    await waitFor(() => clients.every((c) => presenterOf(c)?.share === null), 'sharing stopped');

    // A granted document the presenter may not read is not found, as anywhere else.
    expectOk(
      await r.call(ROUTES.namePresenter, {
        token: chair.token,
        params: { meetingId: m },
        body: { participantId: outsider.id },
      }),
    );
    expectError(
      await r.call(ROUTES.sharePresenter, {
        token: outsider.token,
        params: { meetingId: m },
        body: { documentId: secret.id, version: 1, page: 1, zoom: 'fit-page' },
      }),
      404,
      'not_found',
    );

    // Every page turn is one audit entry, without zoom or rotation.
    const shares = listAudit(r.server.context.db, m)
      .filter((e) => e.action === 'presenter.share')
      .map((e) => JSON.parse(e.payload) as { page: number });
    expect(shares.map((e) => e.page)).toEqual([5, 2, 3, 4]);
    expect(shares[1]).toEqual({ meetingId: m, documentId: secret.id, version: 1, page: 2 });
  });
});
