import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createProvider } from '../../renderer/src/lib/yjs/provider';
import { connectClient, startTestRoom, type TestRoom, waitFor } from './helpers/test-room';

/**
 * Presence traffic with stock providers and with ours (renderer/src/lib/yjs/provider.ts). The
 * stock provider re-sends every presence change it receives, so the server receives about N
 * messages per change in a room of N, N² for a round of changes; ours sends only its own.
 */
const CHANGES = 3;

interface Peer {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
}

const rooms: TestRoom[] = [];
const peers: Peer[] = [];

// Every provider adds a process 'exit' listener (it clears its presence on exit).
const maxListeners = process.getMaxListeners();

afterEach(async () => {
  for (const p of peers.splice(0)) p.provider.destroy();
  for (const r of rooms.splice(0)) await r.destroy();
  process.setMaxListeners(maxListeners);
});

function stock(r: TestRoom, docName: string, token: string): Peer {
  const c = connectClient(r, docName, token);
  peers.push(c);
  return c;
}

function ours(r: TestRoom, docName: string, token: string): Peer {
  const doc = new Y.Doc();
  const provider = createProvider({
    base: `${r.url.replace(/^http/, 'ws')}/yjs`,
    docName,
    doc,
    token,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 500,
  });
  const peer = { doc, provider };
  peers.push(peer);
  return peer;
}

const stateOf = (viewer: Peer, of: Peer) =>
  viewer.provider.awareness.getStates().get(of.doc.clientID) as { step?: number } | undefined;

/** Every peer sees `of` at `step`. */
const allSee = (all: readonly Peer[], of: Peer, step: number) =>
  all.every((viewer) => viewer === of || stateOf(viewer, of)?.step === step);

/** A room of `n` delegates on the live document (read-only sockets carry presence too). */
async function roomOf(n: number): Promise<{ r: TestRoom; docName: string; tokens: string[] }> {
  process.setMaxListeners(maxListeners + 2 * n);
  const r = await startTestRoom();
  rooms.push(r);
  const m = await r.createMeeting();
  const tokens: string[] = [];
  for (let i = 0; i < n; i++)
    tokens.push((await r.addMember(m, 'delegate', { name: `Đại biểu ${i + 1}` })).token);
  return { r, docName: `meeting/${m}/live`, tokens };
}

/**
 * Each peer changes its presence CHANGES times, one change at a time and each seen by everyone
 * before the next (so every echo a stock peer makes is sent before the next change), then a
 * final round makes sure the server has read every frame sent before it (a socket's frames are
 * handled in order). Returns the awareness messages the server received meanwhile.
 */
async function measure(kind: 'stock' | 'ours', n: number): Promise<number> {
  const { r, docName, tokens } = await roomOf(n);
  const all = tokens.map((t) => (kind === 'stock' ? stock(r, docName, t) : ours(r, docName, t)));
  for (const p of all) p.provider.awareness.setLocalState({ step: 0 });
  await waitFor(() => all.every((p) => allSee(all, p, 0)), 'everyone sees everyone', 15_000);
  const hub = r.server.context.hub;
  const before = hub.presenceMessagesReceived;
  for (let step = 1; step <= CHANGES; step++) {
    for (const p of all) {
      p.provider.awareness.setLocalStateField('step', step);
      await waitFor(() => allSee(all, p, step), `step ${step} seen`, 15_000);
    }
  }
  const final = CHANGES + 1;
  for (const p of all) p.provider.awareness.setLocalStateField('step', final);
  await waitFor(() => all.every((p) => allSee(all, p, final)), 'the final round seen', 15_000);
  return hub.presenceMessagesReceived - before;
}

describe('presence without echo', () => {
  it('our providers cost the server linear presence traffic, stock ones quadratic', {
    timeout: 120_000,
  }, async () => {
    const counts: Record<string, number> = {};
    for (const n of [10, 20]) {
      counts[`stock ${n}`] = await measure('stock', n);
      for (const p of peers.splice(0)) p.provider.destroy();
      counts[`ours ${n}`] = await measure('ours', n);
      for (const p of peers.splice(0)) p.provider.destroy();
    }
    console.log(`awareness messages received by the server for ${CHANGES} changes each:`, counts);
    for (const n of [10, 20]) {
      // Each change is re-sent by each of the n−1 other stock peers.
      expect(counts[`stock ${n}`]).toBeGreaterThanOrEqual(n * (n - 1) * CHANGES);
      // Ours: at most one message per change, the final round, and the slack of the first states.
      expect(counts[`ours ${n}`]).toBeLessThanOrEqual(n * (CHANGES + 2));
      expect(counts[`ours ${n}`]).toBeGreaterThanOrEqual(n);
    }
    // Doubling the room: ours about doubles, stock about quadruples.
    expect(counts['ours 20']! / counts['ours 10']!).toBeLessThan(3);
    expect(counts['stock 20']! / counts['stock 10']!).toBeGreaterThan(3);
  });

  it('in a mixed room of stock and our providers everyone sees everyone', async () => {
    const { r, docName, tokens } = await roomOf(12);
    const all = tokens.map((t, i) => (i % 2 === 0 ? stock(r, docName, t) : ours(r, docName, t)));
    for (const [i, p] of all.entries()) p.provider.awareness.setLocalState({ step: i + 1 });
    await waitFor(
      () => all.every((p, i) => allSee(all, p, i + 1)),
      'everyone sees everyone’s presence',
      15_000,
    );
    // A burst of changes from every peer: the last state of each arrives everywhere.
    for (let k = 0; k < 5; k++) {
      for (const [i, p] of all.entries()) p.provider.awareness.setLocalState({ step: 100 * k + i });
    }
    await waitFor(
      () => all.every((p, i) => allSee(all, p, 400 + i)),
      'everyone sees the last state of everyone',
      15_000,
    );
    expect(all.every((p) => p.provider.wsconnected)).toBe(true);
  });
});
