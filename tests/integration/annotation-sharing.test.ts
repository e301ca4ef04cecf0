/**
 * Sharing annotations against a real room server, with stock y-websocket clients whose presence
 * is on (as every viewer's is): sharing moves an annotation from its owner's private layer to
 * their shared layer and another reader of the document sees it; the shared-layers route and
 * the document's reading room tell readers whose layers to open, and nobody else; another
 * person's private layer, and any layer of a document one may not read, are refused; another's
 * shared layer is read-only; withdrawing a grant during the meeting closes the layer and the
 * reading room.
 */
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ROUTES } from '#common/http/route-table';
import { readAnnotationLayer, writeAnnotation } from '#common/protocol/annotation-layer';
import { CloseCodes } from '#common/protocol/close-codes';
import { readersDocName } from '#common/protocol/doc-names';
import { presenceParticipant, presenceReading } from '#common/protocol/presence';
import { PRESENCE_SHARING_KEY } from '#common/schemas/annotation-sharing';
import { moveAll, moveAnnotation } from '../../renderer/src/features/annotations/sharing/move-annotation';
import {
  type OpenAnnotationLayerOptions,
  openAnnotationLayer,
} from '../../renderer/src/lib/yjs/annotation-layers';
import { OthersLayers } from '../../renderer/src/features/annotations/sharing/others-layers';
import { openReadingRoom, type ReadingRoom } from '../../renderer/src/lib/yjs/reading-room';
import { layerName, type Member, startAnnotationMeeting } from './helpers/annotation-meeting';
import { mixedAnnotation } from './helpers/annotations';
import { connectClient, expectError, expectOk, rawSocket, type TestRoom, waitFor } from './helpers/test-room';

type Client = ReturnType<typeof connectClient>;

const newMap = () => new Y.Map<unknown>();
const clients: Client[] = [];
const rooms: ReadingRoom[] = [];
const layerSets: OthersLayers[] = [];
const Ws = WebSocket as unknown as typeof globalThis.WebSocket;

/** A stock client with its presence set, as every viewer has it. */
function client(name: string, who: Member): Client {
  const c = connectClient(room, name, who.token);
  c.provider.awareness.setLocalState({ user: { id: who.id, name: who.name } });
  clients.push(c);
  return c;
}
const synced = (...cs: Client[]) =>
  waitFor(() => cs.every((c) => c.provider.synced), 'clients synced', 15_000);
const ids = (c: { doc: Y.Doc }) => readAnnotationLayer(c.doc).map((a) => a.id);
const wsUrl = (docName: string, token: string) => {
  const u = new URL(`/yjs/${docName}`, room.url.replace(/^http/, 'ws'));
  u.searchParams.set('token', token);
  return u.toString();
};
const owners = async (documentId: string, who: Member) =>
  expectOk(await room.call(ROUTES.listSharedLayers, { token: who.token, params: { documentId } })).owners.map(
    (o) => o.participantId,
  );

let room: TestRoom;
let docId: string;
let secretId: string;
let an: Member;
let binh: Member;
let guest: Member;

beforeAll(async () => {
  ({ room, an, binh, guest, docId, secretId } = await startAnnotationMeeting(
    'Kỳ họp thứ 12 — chia sẻ ghi chú',
    'Sharing',
  ));
}, 120_000);

afterEach(() => {
  for (const c of clients.splice(0)) c.provider.destroy();
  for (const r of rooms.splice(0)) r.destroy();
  for (const l of layerSets.splice(0)) l.destroy();
});
afterAll(async () => {
  await room?.destroy();
});

describe('sharing annotations', () => {
  it('share moves an annotation to the shared layer (same id); another reader sees it live, and unshare takes it back', async () => {
    const priv = client(layerName(docId, an.id, 'private'), an);
    const shared = client(layerName(docId, an.id, 'shared'), an);
    await synced(priv, shared);
    const note = mixedAnnotation(7, an, 'share');
    const ink = mixedAnnotation(0, an, 'share');
    writeAnnotation(priv.doc, note, newMap);
    writeAnnotation(priv.doc, ink, newMap);
    expect(await owners(docId, binh)).toEqual([]);

    // Binh reads the document: our own stack (OthersLayers, as the viewer uses it) on An's layer.
    const others = new OthersLayers(
      { server: room.url, token: binh.token, documentId: docId, selfId: binh.id },
      openLayerWithWs,
    );
    layerSets.push(others);
    others.add(an.id, an.name);

    expect(moveAnnotation(priv.doc, shared.doc, note.id)).toBe(true);
    expect(ids(priv)).toEqual([ink.id]);
    expect(ids(shared)).toEqual([note.id]);
    await waitFor(
      () =>
        others
          .getSnapshot()[0]
          ?.annotations.map((a) => a.id)
          .join() === note.id,
      'Binh sees the shared note',
      15_000,
    );
    const seen = others.getSnapshot()[0];
    expect(seen?.ownerId).toBe(an.id);
    expect(seen?.colour).toMatch(/^#[0-9a-f]{6}$/);
    // Same annotation, same place: only updatedAt moved.
    expect({ ...seen?.annotations[0], updatedAt: note.updatedAt }).toEqual(note);

    // The route lists An to Binh (not to An, who has their own layers), once the write is stored.
    expect(await owners(docId, binh)).toEqual([an.id]);
    expect(await owners(docId, an)).toEqual([]);

    // Share all, then unshare all: Binh follows; an emptied layer is no longer listed.
    expect(moveAll(priv.doc, shared.doc)).toBe(1);
    await waitFor(() => others.getSnapshot()[0]?.annotations.length === 2, 'both shared');
    expect(moveAll(shared.doc, priv.doc)).toBe(2);
    await waitFor(() => others.getSnapshot()[0]?.annotations.length === 0, 'both taken back');
    expect(ids(priv).sort()).toEqual([ink.id, note.id].sort());
    const fresh = client(layerName(docId, an.id, 'shared'), an);
    await synced(fresh);
    expect(ids(fresh)).toEqual([]);
    expect(await owners(docId, binh)).toEqual([]);
  });

  it('the reading room carries page and "I share" presence, stamped by the server, among readers only', async () => {
    const anRoom = openReadingRoom({
      server: room.url,
      token: an.token,
      documentId: docId,
      version: 1,
      WebSocketPolyfill: Ws,
    });
    const binhRoom = openReadingRoom({
      server: room.url,
      token: binh.token,
      documentId: docId,
      version: 1,
      WebSocketPolyfill: Ws,
    });
    rooms.push(anRoom, binhRoom);
    // A stock client in the room too, claiming to be somebody else.
    const stock = client(readersDocName(docId), binh);
    stock.provider.awareness.setLocalStateField('participant', { id: an.id, name: 'forged', role: 'chair' });
    anRoom.setPage(3);
    anRoom.setSharing(true);
    binhRoom.setPage(1);
    await waitFor(
      () =>
        binhRoom.getSnapshot().readers.some((r) => r.participantId === an.id && r.page === 3 && r.sharing),
      'Binh sees An on page 3, sharing',
      15_000,
    );
    const fromAn = binhRoom.getSnapshot().readers.find((r) => r.participantId === an.id);
    expect(fromAn?.name).toBe(an.name);
    // The stock client's forged participant is overwritten with its real one.
    await waitFor(
      () => anRoom.getSnapshot().readers.filter((r) => r.participantId === binh.id).length === 2,
      'An sees both of Binh’s clients',
    );
    expect(anRoom.getSnapshot().readers.some((r) => r.name === 'forged')).toBe(false);
    // The stock client sees An's presence as our client sent it, stamped with An.
    const anState = () =>
      [...stock.provider.awareness.getStates()].find(
        ([id, s]) => id !== stock.provider.awareness.clientID && presenceParticipant(s)?.id === an.id,
      )?.[1];
    await waitFor(() => presenceReading(anState()) !== null, 'the stock client sees An reading');
    expect(presenceReading(anState())).toEqual({ documentId: docId, version: 1, page: 3 });
    expect((anState() as Record<string, unknown>)[PRESENCE_SHARING_KEY]).toBe(true);

    // Nobody writes the room; a guest not granted the secret document cannot join its room.
    writeAnnotation(stock.doc, mixedAnnotation(1, binh, 'room'), newMap);
    await waitFor(() => stock.closes.length > 0, 'a write to the room closes the socket');
    expect(stock.closes[0]?.code).toBe(CloseCodes.PolicyViolation.code);
    expect((await rawSocket(wsUrl(readersDocName(secretId), guest.token))).status).toBe(404);
    expect((await rawSocket(wsUrl(readersDocName(secretId), binh.token))).status).toBeNull();
  });

  it('refuses a non-reader, another’s private layer, and writes to another’s shared layer', async () => {
    // Not granted the secret document: the route and every layer say "no such thing".
    expectError(
      await room.call(ROUTES.listSharedLayers, { token: guest.token, params: { documentId: secretId } }),
      404,
      'not_found',
    );
    expect((await rawSocket(wsUrl(layerName(secretId, an.id, 'shared'), guest.token))).status).toBe(404);
    // Another's private layer, even of a document one reads.
    expect((await rawSocket(wsUrl(layerName(docId, an.id, 'private'), binh.token))).status).toBe(404);

    // Another's shared layer is read-only: the write closes the socket and is not kept or sent on.
    const name = layerName(docId, an.id, 'shared');
    const owner = client(name, an);
    const intruder = client(name, binh);
    await synced(owner, intruder);
    const forged = mixedAnnotation(3, an, 'forged');
    writeAnnotation(intruder.doc, forged, newMap);
    await waitFor(() => intruder.closes.length > 0, 'the read-only socket closed');
    expect(intruder.closes[0]?.code).toBe(CloseCodes.PolicyViolation.code);
    // Barrier: the owner's write after the refusal is stored; the forged one never was.
    writeAnnotation(owner.doc, mixedAnnotation(9, an, 'after'), newMap);
    const fresh = client(name, binh);
    await waitFor(() => ids(fresh).includes('after-00009'), 'the owner’s write stored');
    expect(ids(fresh)).not.toContain(forged.id);
    expect(ids(owner)).not.toContain(forged.id);
    expect(await owners(docId, binh)).toEqual([an.id]);
  });

  it('a grant withdrawn during the meeting closes the shared layer and the reading room; the viewer drops the layer', async () => {
    const name = layerName(secretId, an.id, 'shared');
    const owner = client(name, an);
    const reader = client(name, binh);
    const readerRoom = client(readersDocName(secretId), binh);
    await synced(owner, reader, readerRoom);
    writeAnnotation(owner.doc, mixedAnnotation(1, an, 'secret'), newMap);
    await waitFor(() => ids(reader).includes('secret-00001'), 'the reader sees the shared ink');
    const others = new OthersLayers(
      { server: room.url, token: binh.token, documentId: secretId, selfId: binh.id },
      openLayerWithWs,
    );
    layerSets.push(others);
    others.add(an.id, an.name);
    await waitFor(() => others.getSnapshot()[0]?.annotations.length === 1, 'the viewer shows it');

    expectOk(
      await room.call(ROUTES.putGrants, {
        token: room.staffToken,
        params: { documentId: secretId },
        body: { participantIds: [an.id], groups: [] },
      }),
    );
    const withdrawn = { code: CloseCodes.AccessWithdrawn.code, reason: CloseCodes.AccessWithdrawn.reason };
    await waitFor(
      () => reader.closes.length > 0 && readerRoom.closes.length > 0,
      'the reader’s sockets closed',
    );
    expect(reader.closes[0]).toEqual(withdrawn);
    expect(readerRoom.closes[0]).toEqual(withdrawn);
    expect(owner.closes).toEqual([]);
    await waitFor(() => others.getSnapshot().length === 0, 'the viewer dropped the layer');
    // Not reopened by a later announcement.
    others.add(an.id, an.name);
    expect(others.getSnapshot()).toEqual([]);
    expectError(
      await room.call(ROUTES.listSharedLayers, { token: binh.token, params: { documentId: secretId } }),
      404,
      'not_found',
    );
    expect((await rawSocket(wsUrl(name, binh.token))).status).toBe(404);
  });
});

/** The viewer's layer opener with Node's WebSocket. */
function openLayerWithWs(opts: OpenAnnotationLayerOptions) {
  return openAnnotationLayer({ ...opts, WebSocketPolyfill: Ws });
}
