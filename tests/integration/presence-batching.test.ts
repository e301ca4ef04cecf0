import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { closedAfterEachTest, type StockClient as Client } from './helpers/per-test';
import { type TestRoom, waitFor } from './helpers/test-room';

/**
 * The hub gathers presence changes for `presenceBatchMs` and sends them on as one message, on a
 * timer (shared-doc.ts): each socket gets at most one presence frame per interval however many
 * readers turn pages, and document updates never wait behind presence. A long interval here
 * makes both visible without timing anything: the changes are made well within it.
 */
const BATCH_MS = 2000;

const perTest = closedAfterEachTest({ yjs: { presenceBatchMs: BATCH_MS } });
const room = () => perTest.room();
const client = (r: TestRoom, docName: string, token: string): Client => perTest.client(r, docName, token);

/** One y-websocket awareness frame with one entry. */
function awarenessFrame(id: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, id);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

/** A raw socket that records each awareness message the server sends it, as its entries. */
async function presenceSocket(r: TestRoom, docName: string, token: string) {
  const u = new URL(`/yjs/${docName}`, r.url.replace(/^http/, 'ws'));
  u.searchParams.set('token', token);
  const ws = new WebSocket(u.toString());
  perTest.socket(ws);
  const messages: { id: number; clock: number }[][] = [];
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== 1) return;
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const entries: { id: number; clock: number }[] = [];
    const n = decoding.readVarUint(update);
    for (let i = 0; i < n; i++) {
      const id = decoding.readVarUint(update);
      const clock = decoding.readVarUint(update);
      decoding.readVarString(update);
      entries.push({ id, clock });
    }
    messages.push(entries);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages };
}

describe('presence is sent on in batches', () => {
  it('changes made within the interval reach every socket as one message, each entry as it stands last', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const a = await r.addMember(m, 'delegate');
    const b = await r.addMember(m, 'delegate');
    const name = `meeting/${m}/live`;
    const watcher = await presenceSocket(r, name, b.token);
    const sender = await presenceSocket(r, name, a.token);
    const mentions = (id: number) => watcher.messages.filter((entries) => entries.some((e) => e.id === id));
    // Two readers turning pages: three changes of one, two of the other, back to back.
    for (let clock = 1; clock <= 3; clock++) sender.ws.send(awarenessFrame(960_001, clock, { page: clock }));
    for (let clock = 1; clock <= 2; clock++) sender.ws.send(awarenessFrame(960_002, clock, { page: clock }));
    await waitFor(
      () => mentions(960_001).length > 0 && mentions(960_002).length > 0,
      'the batch relayed',
      BATCH_MS + 10_000,
    );
    // One message for both readers, with the last clock of each.
    expect(mentions(960_001)).toEqual([
      [
        { id: 960_001, clock: 3 },
        { id: 960_002, clock: 2 },
      ],
    ]);
    // The sender's own socket gets it too, like every socket (a client ignores its own clock).
    await waitFor(() => sender.messages.some((e) => e.some((x) => x.id === 960_001)), 'sender got it');
  });

  it('a document update is relayed at once while presence sent before it waits for its batch', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const secretary = await r.addMember(m, 'secretary');
    const chair = await r.addMember(m, 'chair');
    const name = `meeting/${m}/minutes`;
    const writer = client(r, name, secretary.token);
    const reader = client(r, name, chair.token);
    await waitFor(() => writer.provider.synced && reader.provider.synced, 'both synced');
    const step = () =>
      (reader.provider.awareness.getStates().get(writer.doc.clientID) as { step?: number } | undefined)?.step;
    writer.provider.awareness.setLocalStateField('step', 1);
    writer.doc.getText('body').insert(0, 'Khai mạc');
    await waitFor(() => reader.doc.getText('body').toString().includes('Khai mạc'), 'the update relayed');
    // The presence change went to the server first, and is still in its batch.
    expect(step()).toBeUndefined();
    await waitFor(() => step() === 1, 'the presence batch relayed', BATCH_MS + 10_000);
  });
});
