import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { listAudit } from '../../sync-server/audit/audit-log';
import { onePagePdf } from './helpers/one-page-pdf';
import { expectError, expectOk, startTestRoom, type TestRoom } from './helpers/test-room';

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
});
