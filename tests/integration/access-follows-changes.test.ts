import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCodes } from '#common/protocol/close-codes';
import { LIVE_MAP, LiveKeys } from '#common/protocol/live-doc';
import { ROUTES } from '#common/http/route-table';
import { closedAfterEachTest, type StockClient as Client } from './helpers/per-test';
import { expectOk, type TestRoom, waitFor } from './helpers/test-room';
import { onePagePdf } from './helpers/one-page-pdf';

/**
 * Access follows every change: after a command changes who may read or write what, the hub
 * re-checks the open sockets of the meeting — with stock y-websocket providers, presence on.
 */

const perTest = closedAfterEachTest();
const room = () => perTest.room();

/** A stock provider with presence set, as every real client has. */
function client(r: TestRoom, docName: string, token: string, who: string): Client {
  const c = perTest.client(r, docName, token, new Y.Doc());
  c.provider.awareness.setLocalStateField('user', { name: who });
  return c;
}

const synced = (c: Client) => waitFor(() => c.provider.synced, 'client sync');
/** The close the stock provider reported last (it stops reconnecting on 44xx codes). */
const lastClose = (c: Client) => c.closes.at(-1)?.code;

let markers = 0;
/** Barrier: an allowed writer sets a fresh marker and every observer has it. */
async function sentinel(writer: Client, observers: Client[]): Promise<void> {
  const key = `marker-${++markers}`;
  writer.doc.getMap('sentinel').set(key, true);
  await waitFor(() => observers.every((o) => o.doc.getMap('sentinel').get(key) === true), `sentinel ${key}`);
}

describe('access follows every change', () => {
  it('a demoted secretary keeps reading the minutes but cannot write them any more', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const demoted = await r.addMember(m, 'secretary');
    const other = await r.addMember(m, 'secretary');
    const name = `meeting/${m}/minutes`;
    const a = client(r, name, demoted.token, 'Thư ký A');
    const b = client(r, name, other.token, 'Thư ký B');
    await Promise.all([synced(a), synced(b)]);
    a.doc.getText('body').insert(0, 'Trước. ');
    await waitFor(() => b.doc.getText('body').toString() === 'Trước. ', 'first write');

    // Secretary → chair: the chair reads the minutes but does not write them.
    expectOk(
      await r.call(ROUTES.updateParticipant, {
        token: r.staffToken,
        params: { participantId: demoted.id },
        body: { role: 'chair' },
      }),
    );
    a.doc.getText('body').insert(0, 'Sau khi bị đổi vai trò. ');
    await waitFor(
      () => lastClose(a) === CloseCodes.PolicyViolation.code,
      'the forbidden write closes the socket',
    );
    await sentinel(b, [b]);
    const c = client(r, name, other.token, 'Thư ký B, lần hai');
    await synced(c);
    await sentinel(b, [c]);
    expect(c.doc.getText('body').toString()).toBe('Trước. ');
    expect(b.doc.getText('body').toString()).toBe('Trước. ');
  });

  it('a secretary demoted to delegate loses the minutes at once, for good', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const s = await r.addMember(m, 'secretary');
    const a = client(r, `meeting/${m}/minutes`, s.token, 'Thư ký');
    await synced(a);
    expectOk(
      await r.call(ROUTES.updateParticipant, {
        token: r.staffToken,
        params: { participantId: s.id },
        body: { role: 'delegate' },
      }),
    );
    await waitFor(() => lastClose(a) === CloseCodes.AccessWithdrawn.code, 'closed with 4403');
    // The stock provider does not retry a 44xx close.
    await waitFor(() => a.provider.shouldConnect === false || !a.provider.wsconnecting, 'no reconnect');
    expect(a.provider.wsconnected).toBe(false);
  });

  it('a participant who gains write access can write on the socket already open', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const chair = await r.addMember(m, 'chair');
    const secretary = await r.addMember(m, 'secretary');
    const name = `meeting/${m}/minutes`;
    const reader = client(r, name, chair.token, 'Chủ tọa');
    const writer = client(r, name, secretary.token, 'Thư ký');
    await Promise.all([synced(reader), synced(writer)]);
    expectOk(
      await r.call(ROUTES.updateParticipant, {
        token: r.staffToken,
        params: { participantId: chair.id },
        body: { role: 'secretary' },
      }),
    );
    reader.doc.getText('body').insert(0, 'Nay được ghi. ');
    await waitFor(
      () => writer.doc.getText('body').toString() === 'Nay được ghi. ',
      'the promoted write arrives',
    );
    expect(reader.closes).toEqual([]);
  });

  it('a reader whose grant is withdrawn stops receiving the shared annotation layer', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const owner = await r.addMember(m, 'delegate', { name: 'Người chia sẻ' });
    const reader = await r.addMember(m, 'delegate', { name: 'Người đọc' });
    const bystander = await r.addMember(m, 'delegate', { name: 'Người khác', group: 'Thường trực' });
    const uploaded = expectOk(
      await r.call(ROUTES.uploadDocument, {
        token: r.staffToken,
        params: { meetingId: m },
        query: { fileName: 'mat.pdf', classification: 'mat' },
        body: onePagePdf('Tai lieu mat'),
      }),
      201,
    );
    const documentId = uploaded.document.id;
    expectOk(
      await r.call(ROUTES.putGrants, {
        token: r.staffToken,
        params: { documentId },
        body: { participantIds: [owner.id, reader.id], groups: ['Thường trực'] },
      }),
    );
    // Participants reach a meeting's documents (and their layers) only once it is published.
    expectOk(await r.call(ROUTES.publishMeeting, { token: r.staffToken, params: { meetingId: m } }));
    const layer = `ann/${documentId}/${owner.id}/shared`;
    const live = client(r, `meeting/${m}/live`, reader.token, 'Người đọc (live)');
    const o = client(r, layer, owner.token, 'Người chia sẻ');
    const rd = client(r, layer, reader.token, 'Người đọc');
    const by = client(r, layer, bystander.token, 'Người khác');
    await Promise.all([synced(o), synced(rd), synced(by), synced(live)]);
    o.doc.getMap('notes').set('n1', 'ghi chú 1');
    await waitFor(() => rd.doc.getMap('notes').get('n1') === 'ghi chú 1', 'reader sees the note');
    const revisionBefore = live.doc.getMap(LIVE_MAP).get(LiveKeys.documentsRevision) as number;

    expectOk(
      await r.call(ROUTES.putGrants, {
        token: r.staffToken,
        params: { documentId },
        body: { participantIds: [owner.id], groups: ['Thường trực'] },
      }),
    );
    await waitFor(() => lastClose(rd) === CloseCodes.AccessWithdrawn.code, 'reader closed with 4403');
    // The live document tells every client to refetch its document list.
    await waitFor(
      () => (live.doc.getMap(LIVE_MAP).get(LiveKeys.documentsRevision) as number) > revisionBefore,
      'documents revision bumped',
    );
    o.doc.getMap('notes').set('n2', 'ghi chú 2');
    await sentinel(o, [by]);
    expect(rd.doc.getMap('notes').get('n2')).toBeUndefined();
    expect(by.closes).toEqual([]);
    // And it cannot come back.
    const again = client(r, layer, reader.token, 'Người đọc, lần hai');
    await waitFor(() => again.closes.length > 0 || again.provider.wsconnected === false, 'refused');
    expect(again.provider.synced).toBe(false);
  });

  it('a removed participant and a revoked device are closed and not retried', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const gone = await r.addMember(m, 'delegate');
    const lost = await r.addMember(m, 'delegate');
    const stays = await r.addMember(m, 'delegate');
    const name = `meeting/${m}/live`;
    const a = client(r, name, gone.token, 'Bị xóa');
    const b = client(r, name, lost.token, 'Máy bị thu hồi');
    const c = client(r, name, stays.token, 'Ở lại');
    await Promise.all([synced(a), synced(b), synced(c)]);
    expectOk(
      await r.call(ROUTES.deleteParticipant, { token: r.staffToken, params: { participantId: gone.id } }),
      204,
    );
    await waitFor(() => lastClose(a) === CloseCodes.SessionRevoked.code, 'removed participant closed 4401');
    const { devices } = expectOk(
      await r.call(ROUTES.listDevices, { token: r.staffToken, params: { participantId: lost.id } }),
    );
    expectOk(
      await r.call(ROUTES.revokeDevice, { token: r.staffToken, params: { deviceId: devices[0]?.id ?? '' } }),
    );
    await waitFor(() => lastClose(b) === CloseCodes.SessionRevoked.code, 'revoked device closed 4401');
    expect(c.closes).toEqual([]);
    expect(c.provider.wsconnected).toBe(true);
  });

  it('publishing re-checks the meeting and keeps every entitled socket open', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const d = await r.addMember(m, 'delegate');
    const a = client(r, `meeting/${m}/live`, d.token, 'Đại biểu');
    await synced(a);
    expectOk(await r.call(ROUTES.publishMeeting, { token: r.staffToken, params: { meetingId: m } }));
    await waitFor(() => a.doc.getMap(LIVE_MAP).get(LiveKeys.status) === 'published', 'published');
    expect(a.closes).toEqual([]);
  });
});
