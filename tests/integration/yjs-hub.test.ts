import Database from 'better-sqlite3';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { SYSTEM } from '../../sync-server/commands/command';
import { addDocument } from '../../sync-server/commands/documents/add-document';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { ROUTES } from '#common/http/route-table';
import { CloseCodes } from '#common/protocol/close-codes';
import { LIVE_MAP, LiveKeys } from '#common/protocol/live-doc';
import { closedAfterEachTest, type StockClient as Client } from './helpers/per-test';
import { closeCode, expectOk, rawSocket, type TestRoom, waitFor, yjsUrl } from './helpers/test-room';

const perTest = closedAfterEachTest();
const room = perTest.room;
const client = perTest.client;

const synced = (c: Client) => waitFor(() => c.provider.synced, 'client sync');

let sentinels = 0;
/**
 * Barrier instead of a sleep: `writer` (allowed to write) sets a fresh marker in the
 * `sentinel` map, and this resolves once every observer has it. The server handles a socket's
 * messages in order and sends to each socket in order, so whatever it broadcast before the
 * marker has reached the observers too, and whatever it persisted before it is stored.
 */
async function sentinel(writer: Client, observers: Client[]): Promise<void> {
  const key = `marker-${++sentinels}`;
  writer.doc.getMap('sentinel').set(key, true);
  await waitFor(() => observers.every((o) => o.doc.getMap('sentinel').get(key) === true), `sentinel ${key}`);
}

function storedRows(r: TestRoom, docName: string): number {
  const db = new Database(join(r.dataDir, 'room.sqlite'), { readonly: true });
  try {
    return (
      db.prepare('SELECT count(*) AS n FROM yjs_updates WHERE doc_name = ?').get(docName) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

/** Everything the server has stored for a document, merged into a fresh doc. */
function storedDoc(r: TestRoom, docName: string): Y.Doc {
  const db = new Database(join(r.dataDir, 'room.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT data FROM yjs_updates WHERE doc_name = ? ORDER BY id').all(docName) as {
      data: Buffer;
    }[];
    const doc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
    return doc;
  } finally {
    db.close();
  }
}

describe('Yjs hub with stock WebsocketProvider clients', () => {
  it('two writers converge', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const a = await r.addMember(m, 'secretary');
    const b = await r.addMember(m, 'secretary');
    const name = `meeting/${m}/minutes`;
    const ca = client(r, name, a.token);
    const cb = client(r, name, b.token);
    await Promise.all([synced(ca), synced(cb)]);
    // Concurrent edits on both sides before either has seen the other's.
    ca.doc.getText('body').insert(0, 'Cuộc họp bắt đầu lúc 8 giờ. ');
    cb.doc.getText('body').insert(0, 'Chủ tọa: đồng chí Chủ tịch. ');
    ca.doc.getMap('meta').set('secretaryNote', 'A');
    cb.doc.getMap('meta').set('secretaryNote', 'B');
    // Each edit is its own update: wait for all four on both sides, the map's too.
    await waitFor(
      () =>
        ca.doc.getText('body').length === cb.doc.getText('body').length &&
        ca.doc.getText('body').length > 40 &&
        ca.doc.getMap('meta').get('secretaryNote') === cb.doc.getMap('meta').get('secretaryNote'),
      'both edits on both sides',
    );
    expect(ca.doc.getText('body').toString()).toBe(cb.doc.getText('body').toString());
    expect(ca.doc.getMap('meta').get('secretaryNote')).toBe(cb.doc.getMap('meta').get('secretaryNote'));
    expect(ca.doc.getText('body').toString()).toContain('Cuộc họp bắt đầu');
    expect(ca.doc.getText('body').toString()).toContain('Chủ tọa');
    expect(storedDoc(r, name).getText('body').toString()).toBe(ca.doc.getText('body').toString());
  });

  it('a read-only client cannot change a document: not seen, not persisted, socket closed 1008', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const secretary = await r.addMember(m, 'secretary');
    const secondSecretary = await r.addMember(m, 'secretary');
    const chair = await r.addMember(m, 'chair');
    const name = `meeting/${m}/minutes`;
    const writer = client(r, name, secretary.token);
    await synced(writer);
    writer.doc.getText('body').insert(0, 'Bản chính thức. ');
    // Another writer, whose marker tells when the server has handled everything before it.
    const markerWriter = client(r, name, secondSecretary.token);
    await synced(markerWriter);
    const reader = client(r, name, chair.token);
    await synced(reader);
    await waitFor(() => reader.doc.getText('body').toString() === 'Bản chính thức. ', 'reader sees writer');
    await waitFor(() => markerWriter.doc.getText('body').length > 0, 'marker writer sees writer');
    const rowsBefore = storedRows(r, name);

    reader.doc.getText('body').insert(0, 'SỬA TRÁI PHÉP ');
    await waitFor(
      () => reader.closes.some((c) => c.code === CloseCodes.PolicyViolation.code),
      'policy close',
    );
    // The server refused the write before it closed the reader. A marker sent now reaches the
    // writer after anything the server might have broadcast from that write.
    await sentinel(markerWriter, [writer]);
    expect(writer.doc.getText('body').toString()).toBe('Bản chính thức. ');
    // One new row: the marker's.
    expect(storedRows(r, name)).toBe(rowsBefore + 1);
    expect(storedDoc(r, name).getText('body').toString()).toBe('Bản chính thức. ');
    // The reader keeps receiving (after reconnecting) what writers write.
    reader.provider.disconnect();
    const freshReader = client(r, name, chair.token);
    await synced(freshReader);
    writer.doc.getText('body').insert(writer.doc.getText('body').length, 'Tiếp theo.');
    await waitFor(
      () => freshReader.doc.getText('body').toString().endsWith('Tiếp theo.'),
      'reader gets later edits',
    );
  });

  it('a read-only client that has seen deletions reconnects without being closed', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const secretary = await r.addMember(m, 'secretary');
    const chair = await r.addMember(m, 'chair');
    const name = `meeting/${m}/minutes`;
    const writer = client(r, name, secretary.token);
    await synced(writer);
    writer.doc.getText('body').insert(0, 'abcdef');
    writer.doc.getText('body').delete(1, 3);
    const reader = client(r, name, chair.token);
    await synced(reader);
    await waitFor(() => reader.doc.getText('body').toString() === 'aef', 'reader synced with deletions');
    reader.provider.disconnect();
    reader.provider.connect();
    await synced(reader);
    // The reader's SyncStep2 (its answer to the server's SyncStep1) is the message that could
    // get it closed. Its next message, a presence state, is handled after it: once the writer
    // sees that presence, and the reader then gets the writer's marker, the server has handled
    // the SyncStep2 and kept the socket open.
    reader.provider.awareness.setLocalStateField('reconnected', true);
    await waitFor(
      () => writer.provider.awareness.getStates().get(reader.doc.clientID)?.reconnected === true,
      'reader presence after reconnecting',
    );
    await sentinel(writer, [reader]);
    expect(reader.closes.filter((c) => c.code === CloseCodes.PolicyViolation.code)).toEqual([]);
    expect(reader.provider.wsconnected).toBe(true);
  });

  it("a client without a grant cannot open another participant's private layer", async () => {
    const r = await room();
    const m = await r.createMeeting();
    const owner = await r.addMember(m, 'delegate');
    const other = await r.addMember(m, 'delegate');
    const blob = {
      sha256: 'a'.repeat(64),
      byteSize: 10,
      pageCount: 1,
      originalName: 'x.pdf',
      encrypted: false,
      pages: ['trang 1'],
    };
    const run = r.server.context.commands;
    const open = run.execute(addDocument, SYSTEM, {
      meetingId: m,
      agendaItemId: null,
      title: 'Tờ trình',
      kind: 'to_trinh',
      classification: 'thuong',
      noExport: false,
      file: blob,
    });
    const secret = run.execute(addDocument, SYSTEM, {
      meetingId: m,
      agendaItemId: null,
      title: 'Tài liệu mật',
      kind: 'bao_cao',
      classification: 'mat',
      noExport: true,
      file: blob,
      grants: { participantIds: [owner.id], groups: [] },
    });
    // Participants reach a meeting's documents (and their layers) only once it is published.
    expectOk(await r.call(ROUTES.publishMeeting, { token: r.staffToken, params: { meetingId: m } }));
    const privateName = `ann/${open.id}/${owner.id}/private`;
    // The owner may open it.
    const mine = await rawSocket(yjsUrl(r, privateName, owner.token));
    expect(mine.ws).not.toBeNull();
    mine.ws?.close();
    // Someone else may not, whatever the document's grants.
    expect((await rawSocket(yjsUrl(r, privateName, other.token))).status).toBe(404);
    // Shared layers: granted readers read; without a grant the document does not exist.
    const shared = await rawSocket(yjsUrl(r, `ann/${open.id}/${owner.id}/shared`, other.token));
    expect(shared.ws).not.toBeNull();
    shared.ws?.close();
    expect((await rawSocket(yjsUrl(r, `ann/${secret.id}/${owner.id}/shared`, other.token))).status).toBe(404);
    expect((await rawSocket(yjsUrl(r, `ann/${secret.id}/${other.id}/private`, other.token))).status).toBe(
      404,
    );
    // A stock provider pointed at a forbidden layer never syncs and gets no content.
    const ownerClient = client(r, privateName, owner.token);
    await synced(ownerClient);
    ownerClient.doc.getText('notes').insert(0, 'Ghi chú riêng');
    await waitFor(() => storedDoc(r, privateName).getText('notes').length > 0, 'owner note stored');
    const intruder = client(r, privateName, other.token);
    // Barrier: two refused attempts (the provider retries), both after the note was stored.
    await waitFor(() => intruder.closes.length >= 2, 'intruder refused twice');
    expect(intruder.provider.synced).toBe(false);
    expect(intruder.doc.getText('notes').toString()).toBe('');
  });

  it('a server restart keeps every update that was broadcast', async () => {
    const first = await room();
    const m = await first.createMeeting();
    const a = await first.addMember(m, 'secretary');
    const b = await first.addMember(m, 'secretary');
    const name = `meeting/${m}/minutes`;
    const ca = client(first, name, a.token);
    const cb = client(first, name, b.token);
    await Promise.all([synced(ca), synced(cb)]);
    for (let i = 0; i < 120; i++) {
      (i % 2 ? ca : cb).doc.getArray<number>('items').push([i]);
    }
    await waitFor(
      () => cb.doc.getArray('items').length === 120 && ca.doc.getArray('items').length === 120,
      'fan-out',
    );
    const seen = ca.doc.getArray<number>('items').toArray();
    ca.provider.destroy();
    cb.provider.destroy();
    await first.stop();

    const second = await room({}, first.dataDir);
    const again = client(second, name, a.token);
    await synced(again);
    expect(again.doc.getArray<number>('items').toArray()).toEqual(seen);
  });

  it('compacts the log into one snapshot and unloads idle documents', async () => {
    const r = await room({ yjs: { compactThreshold: 20, idleUnloadMs: 100 } });
    const m = await r.createMeeting();
    const a = await r.addMember(m, 'secretary');
    const name = `meeting/${m}/minutes`;
    const c = client(r, name, a.token);
    await synced(c);
    for (let i = 0; i < 50; i++) c.doc.getText('t').insert(0, 'x');
    await waitFor(() => storedDoc(r, name).getText('t').length === 50, 'all stored');
    await waitFor(() => storedRows(r, name) <= 21, 'compaction');
    c.provider.destroy();
    await waitFor(() => !r.server.context.hub.isLoaded(name), 'idle unload', 3000);
    expect(storedRows(r, name)).toBe(1);
    const back = client(r, name, a.token);
    await synced(back);
    expect(back.doc.getText('t').length).toBe(50);
  });

  it('stores a server write made while its document compacts on load', async () => {
    const first = await room({ yjs: { compactThreshold: 5 } });
    const m = await first.createMeeting('Tên cũ');
    const name = `meeting/${m}/live`;
    await first.stop();
    // More rows than the threshold, so the next load compacts at once.
    const db = new Database(join(first.dataDir, 'room.sqlite'));
    const insert = db.prepare('INSERT INTO yjs_updates (doc_name, data, created_at) VALUES (?, ?, ?)');
    const extra = new Y.Doc();
    extra.on('update', (u: Uint8Array) => insert.run(name, u, Date.now()));
    for (let i = 0; i < 8; i++) extra.getMap('extra').set(`k${i}`, i);
    db.close();
    const second = await room({ yjs: { compactThreshold: 5 } }, first.dataDir);
    const hub = second.server.context.hub;
    expect(hub.isLoaded(name)).toBe(false);
    // Loading (which compacts) and writing in one go, as the live document writer does.
    hub.serverWrite(name, (d) => d.getMap(LIVE_MAP).set(LiveKeys.title, 'Tên mới'));
    // What is stored right after (a few microtasks, no later compaction yet), read beside the
    // running server: a snapshot taken before the write must not have replaced its row.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(storedDoc(second, name).getMap(LIVE_MAP).get(LiveKeys.title)).toBe('Tên mới');
    expect(storedDoc(second, name).getMap('extra').get('k7')).toBe(7);
  });

  it('the live document is written by the server and read by every participant', async () => {
    const r = await room();
    const m = await r.createMeeting('Phiên họp tháng 11');
    const delegate = await r.addMember(m, 'delegate');
    const name = `meeting/${m}/live`;
    const c = client(r, name, delegate.token);
    await synced(c);
    const live = c.doc.getMap(LIVE_MAP);
    expect(live.get(LiveKeys.title)).toBe('Phiên họp tháng 11');
    expect(live.get(LiveKeys.status)).toBe('draft');
    const rev = live.get(LiveKeys.agendaRevision) as number;
    expectOk(
      await r.call(ROUTES.createAgendaItem, {
        token: r.staffToken,
        params: { meetingId: m },
        body: { title: 'Khai mạc' },
      }),
      201,
    );
    await waitFor(() => live.get(LiveKeys.agendaRevision) === rev + 1, 'agenda revision bump');
    expectOk(await r.call(ROUTES.publishMeeting, { token: r.staffToken, params: { meetingId: m } }));
    await waitFor(() => live.get(LiveKeys.status) === 'published', 'publish seen live');
    // Nobody but the server writes it.
    live.set(LiveKeys.status, 'ended');
    await waitFor(() => c.closes.some((x) => x.code === CloseCodes.PolicyViolation.code), 'policy close');
    expect(r.server.context.hub.serverRead(name, (d) => d.getMap(LIVE_MAP).get(LiveKeys.status))).toBe(
      'published',
    );
    // Someone from another meeting cannot even open it.
    const m2 = await r.createMeeting('Khác');
    const outsider = await r.addMember(m2, 'delegate');
    expect((await rawSocket(yjsUrl(r, name, outsider.token))).status).toBe(404);
  });
});

describe('Yjs hub under bad input', () => {
  async function writerSocket() {
    const r = await room();
    const m = await r.createMeeting();
    const a = await r.addMember(m, 'secretary');
    const name = `meeting/${m}/minutes`;
    const c = client(r, name, a.token);
    await synced(c);
    c.doc.getText('body').insert(0, 'Nội dung đã lưu');
    await waitFor(() => storedRows(r, name) > 0, 'stored');
    const { ws } = await rawSocket(yjsUrl(r, name, a.token));
    if (!ws) throw new Error('no socket');
    return { r, name, token: a.token, ws, c };
  }

  it('refuses unknown names, missing and forged tokens before upgrading', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const a = await r.addMember(m, 'secretary');
    expect((await rawSocket(yjsUrl(r, 'meeting/../../etc', a.token))).status).toBe(404);
    expect((await rawSocket(yjsUrl(r, 'random-doc', a.token))).status).toBe(404);
    expect((await rawSocket(yjsUrl(r, `meeting/${m}/minutes`))).status).toBe(401);
    expect((await rawSocket(yjsUrl(r, `meeting/${m}/minutes`, 'x'.repeat(43)))).status).toBe(401);
    const notYjs = await rawSocket(`${r.url.replace(/^http/, 'ws')}/elsewhere`);
    expect(notYjs.status).toBe(404);
  });

  it('closes on random bytes, text frames, unknown types and truncated updates; the document survives', async () => {
    const { r, name, token, c } = await writerSocket();
    const frames: { data: Uint8Array | string; code: number }[] = [
      {
        data: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
        code: 1007,
      },
      { data: 'hello', code: 1003 },
      { data: new Uint8Array([9, 1, 2, 3]), code: 1007 },
      { data: new Uint8Array([0, 2, 50, 1, 2]), code: 1007 },
      { data: new Uint8Array([0, 2, 5, 200, 200, 200, 200, 200]), code: 1007 },
      { data: new Uint8Array([1, 10, 1, 2]), code: 1007 },
    ];
    for (const f of frames) {
      const { ws } = await rawSocket(yjsUrl(r, name, token));
      if (!ws) throw new Error('no socket');
      ws.send(f.data);
      expect(await closeCode(ws)).toBe(f.code);
    }
    for (let i = 0; i < 20; i++) {
      const { ws } = await rawSocket(yjsUrl(r, name, token));
      if (!ws) throw new Error('no socket');
      const junk = new Uint8Array(64 + i * 13).map(() => Math.floor(Math.random() * 256));
      ws.send(junk);
      ws.close();
    }
    expectOk(await r.call(ROUTES.health), 200);
    expect(storedDoc(r, name).getText('body').toString()).toBe('Nội dung đã lưu');
    c.doc.getText('body').insert(0, '+');
    await waitFor(
      () => storedDoc(r, name).getText('body').toString() === '+Nội dung đã lưu',
      'still writable',
    );
  });

  it('closes a socket whose frame exceeds the payload limit', async () => {
    const { ws } = await writerSocket();
    ws.send(new Uint8Array(5 * 1024 * 1024));
    expect(await closeCode(ws)).toBe(1009);
  });

  it("refuses awareness updates for another connection's client id", async () => {
    const { r, name, token, ws, c } = await writerSocket();
    // A stock client watches the presence of 4242.
    const watcher = client(r, name, token);
    await synced(watcher);
    // Our raw socket introduces client id 4242.
    const doc = new Y.Doc();
    doc.clientID = 4242;
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: 'A' });
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, 1);
    encoding.writeVarUint8Array(enc, awarenessProtocol.encodeAwarenessUpdate(awareness, [4242]));
    ws.send(encoding.toUint8Array(enc));
    // Barrier: the server has applied it once it relays it.
    await waitFor(() => watcher.provider.awareness.getStates().get(4242)?.user === 'A', '4242 introduced');
    const other = await rawSocket(yjsUrl(r, name, token));
    if (!other.ws) throw new Error('no socket');
    // A second socket tries to remove or overwrite 4242's presence.
    awareness.setLocalState({ user: 'spoofed' });
    const spoof = encoding.createEncoder();
    encoding.writeVarUint(spoof, 1);
    encoding.writeVarUint8Array(spoof, awarenessProtocol.encodeAwarenessUpdate(awareness, [4242]));
    other.ws.send(encoding.toUint8Array(spoof));
    expect(await closeCode(other.ws)).toBe(CloseCodes.PolicyViolation.code);
    expect(ws.readyState).toBe(ws.OPEN);
    // Sentinel: a presence change from another socket reaches the watcher after anything the
    // server relayed before it; 4242 is still what its own socket said.
    c.provider.awareness.setLocalStateField('sentinel', 1);
    await waitFor(
      () => watcher.provider.awareness.getStates().get(c.doc.clientID)?.sentinel === 1,
      'sentinel presence',
    );
    expect(watcher.provider.awareness.getStates().get(4242)?.user).toBe('A');
    awareness.destroy();
  });

  it('closes open sockets of a revoked device', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const a = await r.addMember(m, 'delegate');
    const { ws } = await rawSocket(yjsUrl(r, `meeting/${m}/live`, a.token));
    if (!ws) throw new Error('no socket');
    const closed = closeCode(ws);
    expectOk(await r.call(ROUTES.leave, { token: a.token }), 204);
    expect(await closed).toBe(CloseCodes.SessionRevoked.code);
    expect((await rawSocket(yjsUrl(r, `meeting/${m}/live`, a.token))).status).toBe(401);
  });

  it('answers a raw sync step 1 like the stock server does', async () => {
    const { ws } = await writerSocket();
    const received: Uint8Array[] = [];
    ws.on('message', (d: Buffer) => received.push(new Uint8Array(d)));
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, 0);
    syncProtocol.writeSyncStep1(enc, new Y.Doc());
    ws.send(encoding.toUint8Array(enc));
    await waitFor(() => received.some((m) => m[0] === 0 && m[1] === 1), 'sync step 2');
    const step2 = received.find((m) => m[0] === 0 && m[1] === 1)!;
    const doc = new Y.Doc();
    const dec = decoding.createDecoder(step2);
    decoding.readVarUint(dec);
    syncProtocol.readSyncMessage(dec, encoding.createEncoder(), doc, null);
    expect(doc.getText('body').toString()).toBe('Nội dung đã lưu');
  });
});
