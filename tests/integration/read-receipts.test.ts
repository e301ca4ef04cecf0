import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { viewerDocName } from '#common/protocol/doc-names';
import { VIEWER_MAP, ViewerKeys } from '#common/protocol/live-doc';
import { listAudit } from '../../sync-server/audit/audit-log';
import { onePagePdf } from './helpers/one-page-pdf';
import {
  connectClient,
  expectError,
  expectOk,
  startTestRoom,
  type TestRoom,
  waitFor,
} from './helpers/test-room';

/**
 * Read receipts against a real room server: delegates' viewers report what they opened, the
 * chair and the secretariat see who has and who has not opened each version, and the audit
 * log holds one entry per first open of a version.
 */

const SETUP_TIMEOUT_MS = 120_000;

describe('read receipts', () => {
  let room: TestRoom;
  let meetingId: string;
  let docId: string;
  let secretId: string;
  let an: { id: string; token: string };
  let binh: { id: string; token: string };
  let cuong: { id: string; token: string };
  let guest: { id: string; token: string };
  let chair: { id: string; token: string };
  let secretariat: { id: string; token: string };

  const opened = (token: string, documentId: string, version: number) =>
    room.call(ROUTES.documentOpened, { token, params: { documentId }, body: { version } });
  const readers = (token: string, documentId: string) =>
    room.call(ROUTES.getDocumentReaders, { token, params: { documentId } });
  const openAudit = () =>
    listAudit(room.server.context.db, meetingId)
      .filter((e) => e.action === 'document.open')
      .map((e) => ({
        actor: e.actor_id,
        ...(JSON.parse(e.payload) as { documentId: string; participantId: string; version: number }),
      }));

  beforeAll(async () => {
    room = await startTestRoom();
    meetingId = await room.createMeeting('Kỳ họp thứ 12 — đã đọc');
    an = await room.addMember(meetingId, 'delegate', { name: 'Nguyễn Văn An', group: 'Đại biểu' });
    binh = await room.addMember(meetingId, 'delegate', { name: 'Trần Thị Bình', group: 'Đại biểu' });
    cuong = await room.addMember(meetingId, 'delegate', { name: 'Lê Văn Cường', group: 'Đại biểu' });
    guest = await room.addMember(meetingId, 'observer', { name: 'Khách mời', group: 'Khách mời' });
    chair = await room.addMember(meetingId, 'chair', { name: 'Chủ tọa', group: 'Đại biểu' });
    secretariat = await room.addMember(meetingId, 'secretariat', { name: 'Thư ký phòng họp' });
    const upload = async (text: string, query: { fileName: string; classification?: 'mat' }) =>
      expectOk(
        await room.call(ROUTES.uploadDocument, {
          token: room.staffToken,
          params: { meetingId },
          query,
          body: onePagePdf(text),
          headers: { 'content-type': 'application/pdf' },
        }),
        201,
      ).document.id;
    docId = await upload('Receipts document', { fileName: 'to-trinh.pdf' });
    secretId = await upload('Receipts secret', { fileName: 'mat.pdf', classification: 'mat' });
    expectOk(
      await room.call(ROUTES.putGrants, {
        token: room.staffToken,
        params: { documentId: secretId },
        body: { participantIds: [an.id], groups: [] },
      }),
    );
    expectOk(await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId } }));
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await room?.destroy();
  });

  it('records opens, shows the chair who has not opened it yet, and audits each first open once', async () => {
    const first = expectOk(await opened(an.token, docId, 1));
    expect(first).toMatchObject({ first: true, receipt: { version: 1, openCount: 1 } });
    const again = expectOk(await opened(an.token, docId, 1));
    expect(again).toMatchObject({ first: false, receipt: { version: 1, openCount: 2 } });
    expect(again.receipt.firstOpenedAt).toBe(first.receipt.firstOpenedAt);
    expect(again.receipt.lastOpenedAt >= first.receipt.lastOpenedAt).toBe(true);
    expectOk(await opened(binh.token, docId, 1));

    const seen = expectOk(await readers(chair.token, docId));
    expect(seen.version).toBe(1);
    const byId = new Map(seen.readers.map((r) => [r.participantId, r]));
    expect(byId.get(an.id)).toMatchObject({ name: 'Nguyễn Văn An', openedCurrent: true });
    expect(byId.get(an.id)?.receipts).toEqual([again.receipt]);
    expect(byId.get(binh.id)?.openedCurrent).toBe(true);
    // Who has not opened it yet: Cường, the chair, the guest and the secretariat.
    expect(
      seen.readers
        .filter((r) => !r.openedCurrent)
        .map((r) => r.participantId)
        .sort(),
    ).toEqual([cuong.id, guest.id, chair.id, secretariat.id].sort());
    expect(expectOk(await readers(secretariat.token, docId)).readers).toHaveLength(seen.readers.length);

    // One entry per first open of a version, naming who opened it: An's second open added none.
    expect(openAudit()).toEqual([
      { actor: an.id, documentId: docId, participantId: an.id, version: 1 },
      { actor: binh.id, documentId: docId, participantId: binh.id, version: 1 },
    ]);
  });

  it('lets only the secretariat and the chair see receipts, and only of documents they may read', async () => {
    expectError(await readers(an.token, docId), 403, 'forbidden');
    expectError(await readers(guest.token, docId), 403, 'forbidden');
    // The Mật document was granted to An alone: the chair is told it does not exist.
    const hidden = expectError(await readers(chair.token, secretId), 404, 'not_found');
    const unknown = expectError(await readers(chair.token, 'no-such-document'), 404, 'not_found');
    expect(hidden).toEqual(unknown);
    const forSecretariat = expectOk(await readers(secretariat.token, secretId));
    expect(forSecretariat.readers.map((r) => r.participantId)).toContain(an.id);
    expect(forSecretariat.readers.map((r) => r.participantId)).not.toContain(binh.id);
  });

  it('refuses an open of a document the caller may not read (404) or of a version it does not have', async () => {
    const hidden = expectError(await opened(binh.token, secretId, 1), 404, 'not_found');
    const unknown = expectError(await opened(binh.token, 'no-such-document', 1), 404, 'not_found');
    expect(hidden).toEqual(unknown);
    const noVersion = expectError(await opened(an.token, docId, 7), 400, 'validation_failed');
    expect(noVersion).toMatchObject({ reason: 'opened_unknown_version', params: { version: 7 } });
    expect(openAudit().filter((e) => e.documentId === secretId)).toEqual([]);
  });

  it('counts a new version as not opened until it is', async () => {
    expectOk(
      await room.call(ROUTES.uploadVersion, {
        token: room.staffToken,
        params: { documentId: docId },
        query: { fileName: 'to-trinh-v2.pdf' },
        body: onePagePdf('Receipts document v2'),
        headers: { 'content-type': 'application/pdf' },
      }),
      201,
    );
    const before = expectOk(await readers(chair.token, docId));
    expect(before.version).toBe(2);
    expect(before.readers.find((r) => r.participantId === an.id)?.openedCurrent).toBe(false);
    expectOk(await opened(an.token, docId, 2));
    const after = expectOk(await readers(chair.token, docId));
    const anNow = after.readers.find((r) => r.participantId === an.id);
    expect(anNow?.openedCurrent).toBe(true);
    expect(anNow?.receipts.map((r) => r.version)).toEqual([2, 1]);
    expect(openAudit().map((e) => [e.participantId, e.version])).toContainEqual([an.id, 2]);
  });
  it('tells the chair and the secretariat live when somebody opens a document they may read, and nobody else', async () => {
    // Each watches their own viewer document with a stock client, presence on as in the app.
    const watch = (who: { id: string; token: string }, name: string) => {
      const client = connectClient(room, viewerDocName(meetingId, who.id), who.token);
      client.provider.awareness.setLocalStateField('user', { name });
      return client;
    };
    const clients = {
      chair: watch(chair, 'Chủ tọa'),
      secretariat: watch(secretariat, 'Thư ký phòng họp'),
      delegate: watch(binh, 'Trần Thị Bình'),
    };
    try {
      const all = Object.values(clients);
      await waitFor(() => all.every((c) => c.provider.synced), 'the viewer documents to sync');
      const map = (c: (typeof all)[number]) => c.doc.getMap<unknown>(VIEWER_MAP);
      const readersRevision = (c: (typeof all)[number]) => {
        const value = map(c).get(ViewerKeys.readersRevision);
        return typeof value === 'number' ? value : 0;
      };
      const seen = (): number[] => [readersRevision(clients.chair), readersRevision(clients.secretariat)];
      const start = seen();
      const { version } = expectOk(await readers(chair.token, docId));

      // A first open and a later one of the same version: both move the lists (last open, count).
      expectOk(await opened(cuong.token, docId, version));
      await waitFor(() => seen().every((n, i) => n > (start[i] ?? 0)), 'the first open to reach both');
      const afterFirst = seen();
      expectOk(await opened(cuong.token, docId, version));
      await waitFor(() => seen().every((n, i) => n > (afterFirst[i] ?? 0)), 'the later open to reach both');

      // An opens the Mật document, which the chair may not read (for the chair it does not
      // exist): only the secretariat hears of it. Barrier: an open of a document both see.
      const [chairBefore, secretariatBefore] = seen() as [number, number];
      expectOk(await opened(an.token, secretId, 1));
      expectOk(await opened(an.token, docId, version));
      await waitFor(
        () =>
          readersRevision(clients.chair) > chairBefore &&
          readersRevision(clients.secretariat) > secretariatBefore + 1,
        'both opens to reach the secretariat and the visible one the chair',
      );
      expect(readersRevision(clients.chair)).toBe(chairBefore + 1);
      expect(readersRevision(clients.secretariat)).toBe(secretariatBefore + 2);

      // The delegate's own viewer document never hears of it. Barrier: a change the delegate
      // is told of (a grant of the Mật document), written after the opens on the same document.
      const documentsRevision = () => map(clients.delegate).get(ViewerKeys.documentsRevision);
      const beforeGrant = documentsRevision();
      expectOk(
        await room.call(ROUTES.putGrants, {
          token: room.staffToken,
          params: { documentId: secretId },
          body: { participantIds: [an.id, binh.id], groups: [] },
        }),
      );
      await waitFor(() => documentsRevision() !== beforeGrant, 'the grant to reach the delegate');
      expect(map(clients.delegate).has(ViewerKeys.readersRevision)).toBe(false);
      // Reading receipts is still the chair's and the secretariat's: the delegate is refused.
      expectError(await readers(binh.token, docId), 403, 'forbidden');
    } finally {
      for (const c of Object.values(clients)) c.provider.destroy();
    }
  });
});
