import * as decoding from 'lib0/decoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { presenceReading } from '#common/protocol/presence';
import { sendOwnPresence, setReading } from '../../../renderer/src/lib/yjs/own-presence';

/** The entries of an awareness update, read as the wire format has them. */
function decode(update: Uint8Array): { id: number; clock: number; state: unknown }[] {
  const decoder = decoding.createDecoder(update);
  const entries: { id: number; clock: number; state: unknown }[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const id = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    entries.push({ id, clock, state: JSON.parse(decoding.readVarString(decoder)) });
  }
  return entries;
}

describe('sendOwnPresence', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends at most one message per interval, the latest state, and always the last one', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    const sent: Uint8Array[] = [];
    const own = sendOwnPresence(awareness, (u) => sent.push(u), 250);

    awareness.setLocalState({ page: 1 });
    expect(sent).toHaveLength(1); // the first change goes at once
    for (let page = 2; page <= 10; page++) {
      awareness.setLocalState({ page });
      vi.advanceTimersByTime(10);
    }
    expect(sent).toHaveLength(1); // 90 ms later: still throttled
    vi.advanceTimersByTime(160);
    expect(sent).toHaveLength(2);
    expect(decode(sent[1]!)).toEqual([
      { id: doc.clientID, clock: awareness.meta.get(doc.clientID)!.clock, state: { page: 10 } },
    ]);
    // Nothing pending: no further message.
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
    own.stop();
    awareness.destroy();
  });

  it('never sends remote entries, and sends leaving (null) at once', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    const sent: Uint8Array[] = [];
    const own = sendOwnPresence(awareness, (u) => sent.push(u), 250);
    const other = new awarenessProtocol.Awareness(new Y.Doc());
    other.setLocalState({ page: 7 });
    awarenessProtocol.applyAwarenessUpdate(
      awareness,
      awarenessProtocol.encodeAwarenessUpdate(other, [other.clientID]),
      'remote',
    );
    expect(awareness.getStates().get(other.clientID)).toEqual({ page: 7 });
    expect(sent).toHaveLength(0);

    awareness.setLocalState({ page: 1 });
    awareness.setLocalState({ page: 2 });
    expect(sent).toHaveLength(1);
    awareness.setLocalState(null);
    expect(sent).toHaveLength(2);
    expect(decode(sent[1]!)).toEqual([
      { id: doc.clientID, clock: awareness.meta.get(doc.clientID)!.clock, state: null },
    ]);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2); // the pending {page: 2} was superseded by the removal
    own.stop();
    other.destroy();
    awareness.destroy();
  });

  it('still sends the 15 s keep-alive renewal of y-protocols', () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    const sent: Uint8Array[] = [];
    const own = sendOwnPresence(awareness, (u) => sent.push(u), 250);
    awareness.setLocalState({ page: 3 });
    expect(sent).toHaveLength(1);
    const meta = awareness.meta.get(doc.clientID)!;
    const clock = meta.clock;
    // y-protocols reads the time through lib0's `getUnixTime`, a reference to the real
    // `Date.now` taken at import, which fake timers do not replace: age the state instead.
    awareness.meta.set(doc.clientID, {
      ...meta,
      lastUpdated: meta.lastUpdated - awarenessProtocol.outdatedTimeout / 2,
    });
    vi.advanceTimersByTime(awarenessProtocol.outdatedTimeout / 10);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    const renewal = decode(sent.at(-1)!)[0]!;
    expect(renewal.clock).toBeGreaterThan(clock);
    expect(renewal.state).toEqual({ page: 3 });
    own.stop();
    awareness.destroy();
  });

  it('writes and reads the reading field', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    setReading(awareness, { documentId: 'doc-1', version: 2, page: 5 });
    expect(presenceReading(awareness.getLocalState())).toEqual({ documentId: 'doc-1', version: 2, page: 5 });
    setReading(awareness, null);
    expect(presenceReading(awareness.getLocalState())).toBeNull();
    awareness.destroy();
  });
});
