import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MalformedUpdate, MAX_ANY_DEPTH, measureUpdate } from '../../../sync-server/yjs/update-meter';
import { conflictBomb, mapBomb } from '../../hostile/helpers/hostile-updates';

/** What Yjs itself reads from an update: its structs and delete ranges. */
function yjsCount(update: Uint8Array): { structs: number; deleteRanges: number } {
  const { structs, ds } = Y.decodeUpdate(update);
  let deleteRanges = 0;
  for (const ranges of ds.clients.values()) deleteRanges += ranges.length;
  return { structs: structs.length, deleteRanges };
}

/** A document with every kind of content Yjs encodes, edited by two clients. */
function everyKindOfContent(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 11;
  const text = doc.getText('body');
  text.insert(0, 'Biên bản cuộc họp — phiên thứ nhất');
  text.format(0, 8, { bold: true, color: '#c00' });
  text.insertEmbed(5, { image: 'chữ-ký.png' });
  text.delete(2, 4);
  const map = doc.getMap('annotations');
  map.set('a1', { page: 3, rect: [10, 20, 30.5, 40], note: 'Đồng ý', tags: ['x', null, true, false] });
  map.set('big', 2 ** 40);
  map.set('neg', -12345);
  map.set('float', 0.1);
  map.set('bytes', new Uint8Array([1, 2, 3]));
  map.set('undef', undefined);
  map.set('a1', 'overwritten');
  const nested = new Y.Map<unknown>();
  map.set('nested', nested);
  nested.set('inner', new Y.Text('lồng nhau'));
  const arr = doc.getArray<unknown>('list');
  arr.insert(0, [1, 'hai', { ba: [4, { năm: 6 }] }, new Y.Array()]);
  arr.delete(1, 1);
  const xml = doc.getXmlFragment('xml');
  const p = new Y.XmlElement('paragraph');
  p.setAttribute('align', 'center');
  p.insert(0, [new Y.XmlText('xml text')]);
  // A hook is an XML node Yjs's types do not list among an element's children.
  xml.insert(0, [p, new Y.XmlHook('hook') as unknown as Y.XmlElement]);
  // A second client edits concurrently: items with origins and right origins of another client.
  const other = new Y.Doc();
  other.clientID = 22;
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  other.getText('body').insert(3, 'chen ');
  other.getArray('list').insert(1, ['giữa']);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
  return doc;
}

describe('measureUpdate', () => {
  it('counts exactly the structs and delete ranges Yjs reads, for every kind of content', () => {
    const doc = everyKindOfContent();
    const update = Y.encodeStateAsUpdate(doc);
    const m = measureUpdate(update);
    expect({ structs: m.structs, deleteRanges: m.deleteRanges }).toEqual(yjsCount(update));
    expect(m.bytes).toBe(update.length);
    expect(m.clients).toBe(2);
    expect(m.subdocuments).toBe(0);
  });

  it('counts the updates of single transactions, and merged ones', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const text = doc.getText('t');
    for (let i = 0; i < 200; i++) {
      text.insert(Math.floor(text.length / 2), `w${i} `);
      if (i % 7 === 0) text.delete(0, 2);
      doc.getMap('m').set(`k${i % 13}`, i);
    }
    for (const u of [...updates, Y.mergeUpdates(updates)]) {
      const m = measureUpdate(u);
      expect({ structs: m.structs, deleteRanges: m.deleteRanges }).toEqual(yjsCount(u));
    }
  });

  it('counts subdocuments', () => {
    const doc = new Y.Doc();
    doc.getArray('docs').insert(0, [new Y.Doc(), new Y.Doc({ meta: { n: 1 } })]);
    expect(measureUpdate(Y.encodeStateAsUpdate(doc)).subdocuments).toBe(2);
  });

  it('counts the hostile frames of the hardening review', () => {
    const bomb = mapBomb({ client: 7, clock: 0, entries: 1000 });
    expect(measureUpdate(bomb).structs).toBe(1000);
    expect(yjsCount(bomb).structs).toBe(1000);
    const { first, second } = conflictBomb(50, { base: 1, first: 2, second: 3 });
    expect(measureUpdate(first).structs).toBe(yjsCount(first).structs);
    expect(measureUpdate(second).structs).toBe(yjsCount(second).structs);
  });

  it('refuses every truncation of a real update, and never throws anything else', () => {
    const update = Y.encodeStateAsUpdate(everyKindOfContent());
    for (let end = 0; end < update.length; end++) {
      let outcome: unknown = null;
      try {
        measureUpdate(update.subarray(0, end));
      } catch (err) {
        outcome = err;
      }
      // A prefix may happen to parse (ending on a section boundary); it must never crash otherwise.
      if (outcome !== null) expect(outcome).toBeInstanceOf(MalformedUpdate);
    }
  });

  it('never throws anything but MalformedUpdate on random bytes and mutated updates', () => {
    const update = Y.encodeStateAsUpdate(everyKindOfContent());
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 3000; i++) {
      const bytes =
        i % 2 === 0
          ? Uint8Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256))
          : update.map((b) => (rand() < 0.02 ? Math.floor(rand() * 256) : b));
      try {
        const m = measureUpdate(bytes);
        expect(m.structs).toBeLessThanOrEqual(bytes.length);
      } catch (err) {
        expect(err).toBeInstanceOf(MalformedUpdate);
      }
    }
  });

  it('refuses unknown content, type and value tags, and values nested past the limit', () => {
    // One item: info byte with content ref 12 (unknown), parent = root "a".
    const unknownContent = Uint8Array.from([1, 1, 5, 0, 12, 1, 1, 97, 0]);
    expect(() => measureUpdate(unknownContent)).toThrow(MalformedUpdate);
    // ContentType with type ref 9 (Yjs knows 0–6).
    const unknownType = Uint8Array.from([1, 1, 5, 0, 7, 1, 1, 97, 9, 0]);
    expect(() => measureUpdate(unknownType)).toThrow(/unknown type reference/);
    // ContentAny holding one value with tag 100.
    const unknownTag = Uint8Array.from([1, 1, 5, 0, 8, 1, 1, 97, 1, 100, 0]);
    expect(() => measureUpdate(unknownTag)).toThrow(/unknown value tag/);
    const deep = (depth: number) =>
      Uint8Array.from([1, 1, 5, 0, 8, 1, 1, 97, 1, ...Array(depth).fill([117, 1]).flat(), 126, 0]);
    expect(measureUpdate(deep(MAX_ANY_DEPTH)).structs).toBe(1);
    expect(() => measureUpdate(deep(MAX_ANY_DEPTH + 1))).toThrow(/nested too deeply/);
  });

  it('reads a 220,000-entry frame (3.7 MiB) without building anything, in well under a second', () => {
    const frame = mapBomb({ client: 7, clock: 0, entries: 220_000 });
    expect(frame.length).toBeGreaterThan(3.5 * 1024 * 1024);
    const started = performance.now();
    const m = measureUpdate(frame);
    const ms = performance.now() - started;
    expect(m.structs).toBe(220_000);
    // Figure for the record; the bound is loose on purpose (a shared CI machine).
    expect(ms).toBeLessThan(2000);
  });
});
