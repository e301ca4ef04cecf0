import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, startTestRoom, type TestRoom, waitFor } from './helpers/test-room';

/**
 * Soak: 50 stock WebsocketProvider clients with presence, each editing the shared minutes and
 * moving its cursor about once a second for a minute (env PRESENCE_SOAK_MS to change it). Every stock
 * client re-sends the presence changes it receives; none of that may get a socket closed.
 */
const CLIENTS = 50;
const SOAK_MS = Number(process.env.PRESENCE_SOAK_MS ?? 60_000);

type Client = ReturnType<typeof connectClient>;

let r: TestRoom | null = null;
const clients: Client[] = [];
const timers: NodeJS.Timeout[] = [];

// Every stock provider adds a process 'exit' listener (it clears its presence on exit).
const maxListeners = process.getMaxListeners();
process.setMaxListeners(maxListeners + CLIENTS);

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const c of clients) c.provider.destroy();
  await r?.destroy();
  process.setMaxListeners(maxListeners);
});

/** Resolves after `ms`: the soak's duration, not a wait for something to happen. */
const runFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('presence soak', () => {
  it(`${CLIENTS} stock clients with presence stay connected while editing and converge`, {
    timeout: SOAK_MS + 60_000,
  }, async () => {
    r = await startTestRoom();
    const room = r;
    const m = await room.createMeeting('Phiên họp thường kỳ');
    // The minutes are written by secretaries: everyone here may write.
    const members: { id: string; token: string; name: string }[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const name = `Thư ký ${i + 1}`;
      members.push({ ...(await room.addMember(m, 'secretary', { name })), name });
    }
    const docName = `meeting/${m}/minutes`;
    for (const p of members) clients.push(connectClient(room, docName, p.token));
    await waitFor(() => clients.every((c) => c.provider.synced), 'all synced', 20_000);

    const edits = new Array<number>(CLIENTS).fill(0);
    clients.forEach((c, i) => {
      c.provider.awareness.setLocalState({ user: { name: members[i]!.name }, cursor: null });
    });
    const tick = (c: Client, i: number) => {
      const text = c.doc.getText('body');
      // Between two markers, so that each stays readable and can be counted.
      const current = text.toString();
      const boundaries = [0];
      for (let k = current.indexOf(']'); k !== -1; k = current.indexOf(']', k + 1)) boundaries.push(k + 1);
      const at = boundaries[Math.floor(Math.random() * boundaries.length)]!;
      c.doc.transact(() => {
        text.insert(at, `[${i}:${edits[i]}]`);
        c.doc.getMap('progress').set(`c${i}`, edits[i]);
      });
      edits[i]!++;
      const pos = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, at));
      c.provider.awareness.setLocalStateField('cursor', { anchor: pos, head: pos });
    };
    // Spread the clients over the second, each then ticking about once a second.
    const started = clients.map(
      (c, i) =>
        new Promise<void>((resolve) => {
          setTimeout(
            () => {
              tick(c, i);
              timers.push(setInterval(() => tick(c, i), 900 + Math.floor(Math.random() * 200)));
              resolve();
            },
            Math.floor((i * 1000) / CLIENTS),
          );
        }),
    );
    await Promise.all(started);
    // The soak itself: nothing is asserted after this wait that depends on its length; what
    // follows waits (bounded) for convergence.
    await runFor(SOAK_MS);
    for (const t of timers.splice(0)) clearInterval(t);

    // Everyone converges to the same content (bounded wait).
    const texts = () => clients.map((c) => c.doc.getText('body').toString());
    await waitFor(
      () => {
        const first = texts()[0];
        return texts().every((t) => t === first);
      },
      'all documents equal',
      30_000,
    );
    const total = edits.reduce((a, b) => a + b, 0);
    const reference = clients[0]!.doc;
    expect(
      reference
        .getText('body')
        .toString()
        .match(/\[\d+:\d+\]/g)?.length,
    ).toBe(total);
    for (const c of clients) {
      expect(c.doc.getText('body').toString()).toBe(reference.getText('body').toString());
      expect(c.doc.getMap('progress').toJSON()).toEqual(reference.getMap('progress').toJSON());
      expect(Y.decodeStateVector(Y.encodeStateVector(c.doc))).toEqual(
        Y.decodeStateVector(Y.encodeStateVector(reference)),
      );
    }
    // Everyone sees everyone's presence, stamped by the server.
    await waitFor(
      () => clients.every((c) => c.provider.awareness.getStates().size === CLIENTS),
      'everyone sees every presence',
      10_000,
    );
    for (const c of clients) {
      expect(c.closes).toEqual([]);
      expect(c.provider.wsconnected).toBe(true);
    }
  });
});
