import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCodes } from '#common/protocol/close-codes';
import { PRESENCE_PARTICIPANT_KEY, presenceParticipant } from '#common/protocol/presence';
import type { Role } from '#common/schemas/roles';
import { closedAfterEachTest, type StockClient as Client } from './helpers/per-test';
import { type TestRoom, waitFor, yjsUrl } from './helpers/test-room';

const perTest = closedAfterEachTest();
const room = () => perTest.room();
const client = (r: TestRoom, docName: string, token: string): Client => perTest.client(r, docName, token);

type Entry = { id: number; clock: number; state: unknown };

/** One y-websocket awareness frame, written by hand. */
function awarenessFrame(entries: Entry[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(inner, e.id);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, JSON.stringify(e.state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

/**
 * A raw socket that records the presence the server relays to it and how it was closed. Its
 * listeners are in place before it opens: the server sends everyone's presence at once.
 */
async function presenceSocket(r: TestRoom, docName: string, token: string) {
  const ws = new WebSocket(yjsUrl(r, docName, token));
  perTest.socket(ws);
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
  });
  const seen = new Map<number, { clock: number; state: unknown }>();
  let closed: { code: number; reason: string } | null = null;
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== 1) return;
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const n = decoding.readVarUint(update);
    for (let i = 0; i < n; i++) {
      const id = decoding.readVarUint(update);
      const clock = decoding.readVarUint(update);
      seen.set(id, { clock, state: JSON.parse(decoding.readVarString(update)) });
    }
  });
  ws.on('close', (code, reason) => {
    closed = { code, reason: reason.toString() };
  });
  await opened;
  return {
    ws,
    seen,
    closed: () => closed as { code: number; reason: string } | null,
    send: (entries: Entry[]) => ws.send(awarenessFrame(entries)),
  };
}

const states = (c: Client) => c.provider.awareness.getStates() as Map<number, Record<string, unknown>>;

describe('presence with stock WebsocketProvider clients', () => {
  it('five stock clients with presence stay connected, see each other, and carry the server-stamped participant', async () => {
    const r = await room();
    const m = await r.createMeeting();
    // The live document: everyone reads it, nobody writes it; presence works on read-only sockets.
    const people: { role: Role; name: string }[] = [
      { role: 'chair', name: 'Phạm Minh Chính' },
      { role: 'secretary', name: 'Trần Thị Thu' },
      { role: 'delegate', name: 'Nguyễn Văn An' },
      { role: 'delegate', name: 'Lê Thị Bình' },
      { role: 'observer', name: 'Hoàng Văn Cường' },
    ];
    const members: { role: Role; name: string; id: string; token: string }[] = [];
    for (const p of people) members.push({ ...p, ...(await r.addMember(m, p.role, { name: p.name })) });
    const name = `meeting/${m}/live`;
    const cs = members.map((p) => client(r, name, p.token));
    await waitFor(() => cs.every((c) => c.provider.synced), 'all synced');
    cs.forEach((c, i) => {
      const claim =
        members[i]!.role === 'observer'
          ? // The observer claims to be the chair.
            { [PRESENCE_PARTICIPANT_KEY]: { id: members[0]!.id, name: 'Lương Quốc Khánh', role: 'chair' } }
          : {};
      c.provider.awareness.setLocalState({ cursor: { page: i + 1 }, ...claim });
    });
    const expectedParticipant = (i: number) => ({
      id: members[i]!.id,
      name: members[i]!.name,
      role: members[i]!.role,
    });
    const seesEveryone = (viewer: Client, check: (state: Record<string, unknown>, i: number) => boolean) =>
      cs.every((other, i) => {
        if (other === viewer) return true;
        const state = states(viewer).get(other.doc.clientID);
        return state !== undefined && check(state, i);
      });
    await waitFor(
      () =>
        cs.every((viewer) =>
          seesEveryone(viewer, (s, i) => (s.cursor as { page?: number } | undefined)?.page === i + 1),
        ),
      'everyone sees the four others',
    );
    for (const viewer of cs) {
      for (const [i, other] of cs.entries()) {
        if (other === viewer) continue;
        expect(presenceParticipant(states(viewer).get(other.doc.clientID))).toEqual(expectedParticipant(i));
      }
    }
    const observerIndex = members.findIndex((p) => p.role === 'observer');
    expect(presenceParticipant(states(cs[0]!).get(cs[observerIndex]!.doc.clientID))).toEqual({
      id: members[observerIndex]!.id,
      name: 'Hoàng Văn Cường',
      role: 'observer',
    });

    // Everyone moves: every client re-sends the others' changes (the stock provider does), twice over.
    for (const round of [2, 3]) {
      cs.forEach((c, i) => {
        c.provider.awareness.setLocalStateField('cursor', { page: i + 1, round });
      });
      await waitFor(
        () =>
          cs.every((viewer) =>
            seesEveryone(viewer, (s) => (s.cursor as { round?: number } | undefined)?.round === round),
          ),
        `everyone sees round ${round}`,
      );
    }
    // Barrier for the echoes of the last round: each client sent its echoes of round 3 before
    // its "done"; once everyone sees everyone's "done", the server has handled all of them.
    for (const c of cs) c.provider.awareness.setLocalStateField('done', true);
    await waitFor(() => cs.every((viewer) => seesEveryone(viewer, (s) => s.done === true)), 'everyone done');
    for (const c of cs) {
      expect(c.closes).toEqual([]);
      expect(c.provider.wsconnected).toBe(true);
    }
  });

  it('a socket that sends a newer clock for another socket’s client id is closed 1008; the victim keeps its state', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const victimMember = await r.addMember(m, 'chair', { name: 'Phạm Minh Chính' });
    const watcherMember = await r.addMember(m, 'delegate');
    const attackerMember = await r.addMember(m, 'observer');
    const name = `meeting/${m}/live`;
    const victim = client(r, name, victimMember.token);
    const watcher = client(r, name, watcherMember.token);
    await waitFor(() => victim.provider.synced && watcher.provider.synced, 'synced');
    victim.provider.awareness.setLocalState({ cursor: 'thật' });
    const victimId = victim.doc.clientID;
    await waitFor(() => states(watcher).get(victimId)?.cursor === 'thật', 'watcher sees the victim');

    const attacker = await presenceSocket(r, name, attackerMember.token);
    await waitFor(() => attacker.seen.get(victimId)?.state !== undefined, 'attacker learns the victim');
    const known = attacker.seen.get(victimId)!;
    // Echoes change nothing and are dropped silently: the same clock, and the same clock with
    // null (which y-protocols would take as "remove that client").
    attacker.send([{ id: victimId, clock: known.clock, state: known.state }]);
    attacker.send([{ id: victimId, clock: known.clock, state: null }]);
    attacker.send([{ id: victimId, clock: Math.max(0, known.clock - 1), state: { cursor: 'cũ' } }]);
    // The attacker's own presence tells when the server has handled those.
    const attackerId = 777_001;
    attacker.send([{ id: attackerId, clock: 1, state: { cursor: 'mốc' } }]);
    await waitFor(() => states(watcher).get(attackerId)?.cursor === 'mốc', 'attacker presence relayed');
    expect(attacker.closed()).toBeNull();
    expect(states(watcher).get(victimId)?.cursor).toBe('thật');

    // A newer clock would change the victim's presence.
    attacker.send([{ id: victimId, clock: known.clock + 1, state: { cursor: 'giả mạo' } }]);
    await waitFor(() => attacker.closed() !== null, 'attacker closed');
    expect(attacker.closed()!.code).toBe(CloseCodes.PolicyViolation.code);
    // Sentinel: the victim moves; the watcher sees that after anything relayed before it.
    victim.provider.awareness.setLocalStateField('sentinel', 1);
    await waitFor(() => states(watcher).get(victimId)?.sentinel === 1, 'victim sentinel');
    expect(states(watcher).get(victimId)?.cursor).toBe('thật');
    expect(presenceParticipant(states(watcher).get(victimId))?.name).toBe('Phạm Minh Chính');
    expect(victim.closes).toEqual([]);
    expect(watcher.closes).toEqual([]);
    // The attacker's presence went with its socket.
    await waitFor(() => !states(watcher).has(attackerId), 'attacker presence removed');
  });

  it('a socket may introduce at most four presence ids', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const a = await r.addMember(m, 'delegate');
    const b = await r.addMember(m, 'delegate');
    const name = `meeting/${m}/live`;
    const watcher = client(r, name, b.token);
    await waitFor(() => watcher.provider.synced, 'synced');
    const s = await presenceSocket(r, name, a.token);
    // Four ids, one of them only as a null state (which still costs the server memory).
    s.send([
      { id: 900_001, clock: 1, state: { n: 1 } },
      { id: 900_002, clock: 1, state: { n: 2 } },
    ]);
    s.send([
      { id: 900_003, clock: 1, state: null },
      { id: 900_004, clock: 1, state: { n: 4 } },
    ]);
    // Its own ids it may update as often as it likes.
    s.send([{ id: 900_001, clock: 2, state: { n: 11 } }]);
    await waitFor(
      () => states(watcher).get(900_001)?.n === 11 && states(watcher).get(900_004)?.n === 4,
      'four ids relayed',
    );
    expect(s.closed()).toBeNull();
    s.send([{ id: 900_005, clock: 1, state: { n: 5 } }]);
    await waitFor(() => s.closed() !== null, 'closed on the fifth id');
    expect(s.closed()).toEqual(CloseCodes.TooManyPresenceIds);
    expect(s.closed()!.reason).toMatch(/too many presence ids/);
    await waitFor(
      () => !states(watcher).has(900_001) && !states(watcher).has(900_004),
      'its presence removed',
    );
    expect(states(watcher).has(900_005)).toBe(false);
    expect(watcher.closes).toEqual([]);
  });

  it('refuses presence states over 8 KiB (1009) and drops messages with more than 64 entries unread', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const a = await r.addMember(m, 'delegate');
    const name = `meeting/${m}/live`;
    // Just at the limit: accepted.
    const fits = await presenceSocket(r, name, a.token);
    const filler = (bytes: number) => 'x'.repeat(bytes - JSON.stringify({ f: '' }).length);
    fits.send([{ id: 910_001, clock: 1, state: { f: filler(8 * 1024) } }]);
    await waitFor(() => fits.seen.has(910_001), 'state of exactly 8 KiB relayed');
    expect(fits.closed()).toBeNull();

    const big = await presenceSocket(r, name, a.token);
    big.send([{ id: 910_002, clock: 1, state: { f: filler(8 * 1024 + 1) } }]);
    await waitFor(() => big.closed() !== null, 'closed on a big state');
    expect(big.closed()).toEqual(CloseCodes.PresenceTooBig);

    // 65 entries: dropped whole without being read, so not even the five-ids rule is reached;
    // the socket stays open (a stock provider sends such a message when it times out a crowd).
    const many = await presenceSocket(r, name, a.token);
    many.send(Array.from({ length: 65 }, (_, i) => ({ id: 920_000 + i, clock: 1, state: { i } })));
    // Sentinel: the same socket's next message is handled after it.
    many.send([{ id: 929_999, clock: 1, state: { after: true } }]);
    await waitFor(() => fits.seen.has(929_999), 'sentinel presence relayed');
    expect(many.closed()).toBeNull();
    for (let i = 0; i < 65; i++) expect(fits.seen.has(920_000 + i)).toBe(false);
    // 64 are read (and here, being five or more new ids, refused).
    const sixtyFour = await presenceSocket(r, name, a.token);
    sixtyFour.send(Array.from({ length: 64 }, (_, i) => ({ id: 950_000 + i, clock: 1, state: { i } })));
    await waitFor(() => sixtyFour.closed() !== null, 'closed on 64 new ids');
    expect(sixtyFour.closed()).toEqual(CloseCodes.TooManyPresenceIds);

    const notObject = await presenceSocket(r, name, a.token);
    notObject.send([{ id: 930_001, clock: 1, state: 'chủ tọa' }]);
    await waitFor(() => notObject.closed() !== null, 'closed on a non-object state');
    expect(notObject.closed()).toEqual(CloseCodes.PresenceNotObject);
    expect(fits.closed()).toBeNull();
  });

  it('a stock client joining a room with more than 64 presences stays connected', async () => {
    const r = await room();
    const m = await r.createMeeting();
    const a = await r.addMember(m, 'delegate');
    const b = await r.addMember(m, 'delegate');
    const name = `meeting/${m}/live`;
    // 17 sockets × 4 ids = 68 presences.
    const crowd = [];
    for (let s = 0; s < 17; s++) {
      const sock = await presenceSocket(r, name, a.token);
      sock.send(
        Array.from({ length: 4 }, (_, i) => ({ id: 940_000 + s * 4 + i, clock: 1, state: { s, i } })),
      );
      crowd.push(sock);
    }
    const last = crowd[crowd.length - 1]!;
    await waitFor(() => last.seen.size >= 68, 'all 68 presences relayed');
    // The server sends its presences in messages of at most 64 entries, so the newcomer's
    // echo of them (one message per message applied) stays within the limit.
    const newcomer = client(r, name, b.token);
    await waitFor(
      () => newcomer.provider.synced && states(newcomer).size >= 68,
      'newcomer sees 68 presences',
    );
    newcomer.provider.awareness.setLocalState({ here: true });
    await waitFor(() => last.seen.get(newcomer.doc.clientID) !== undefined, 'newcomer presence relayed');
    expect(newcomer.closes).toEqual([]);
    expect(newcomer.provider.wsconnected).toBe(true);
    expect(crowd.every((s) => s.closed() === null)).toBe(true);
  });
});
