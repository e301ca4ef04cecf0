/**
 * Undo is per user and per tab (renderer/src/features/annotations/annotation-store.ts and
 * layered-undo.ts): two clients' layer documents synced in memory, each with its own undo;
 * undoing in one never reverts what the other did, whether the other is another person (their
 * own layer, here the same doc for the worst case) or the same person in another tab.
 */
import { readAnnotationLayer } from '#common/protocol/annotation-layer';
import type { Annotation } from '#common/schemas/annotation';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { OwnAnnotations } from '../../../renderer/src/features/annotations/annotation-store';
import { bareLayerHandle } from './layer-handle';

const handle = (doc: Y.Doc) => bareLayerHandle(doc);

/** Two docs kept in sync as the server would: each one's updates applied to the other with a foreign origin. */
function syncPair(a: Y.Doc, b: Y.Doc): void {
  const network = { doc: 'network' };
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== network) Y.applyUpdate(b, update, network);
  });
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== network) Y.applyUpdate(a, update, network);
  });
}

let n = 0;
function note(authorId: string, text: string): Annotation {
  n += 1;
  return {
    id: `note-${String(n).padStart(6, '0')}`,
    kind: 'note',
    page: 1,
    authorId,
    authorName: authorId,
    createdAt: `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    updatedAt: '2026-01-01T00:00:00.000Z',
    at: { x: 10 * n, y: 700 },
    text,
    color: '#ffd400',
  };
}

const opened: OwnAnnotations[] = [];
/** One client (tab): its private and shared docs, synced with the other client's. */
function client(privateDoc: Y.Doc, sharedDoc: Y.Doc, authorId: string): OwnAnnotations {
  const own = new OwnAnnotations(
    { private: handle(privateDoc), shared: handle(sharedDoc) },
    { id: authorId, name: authorId },
  );
  opened.push(own);
  return own;
}

const texts = (doc: Y.Doc): string[] =>
  readAnnotationLayer(doc).map((a) => (a.kind === 'note' ? a.text : a.kind));

afterEach(() => {
  for (const own of opened.splice(0)) own.destroy();
});

describe('undo scoped to this client', () => {
  it('undo in one tab never reverts the other tab’s edit, and redo brings back only its own', () => {
    const [p1, p2, s1, s2] = [new Y.Doc(), new Y.Doc(), new Y.Doc(), new Y.Doc()];
    syncPair(p1, p2);
    syncPair(s1, s2);
    const one = client(p1, s1, 'person-1');
    const two = client(p2, s2, 'person-1');

    const mine = note('person-1', 'tab one');
    one.create(mine);
    const theirs = note('person-1', 'tab two');
    two.create(theirs);
    expect(texts(p1)).toEqual(['tab one', 'tab two']);

    // Tab two edits tab one's note too (the same person, another device): still not tab one's edit.
    two.update({ ...(two.find(mine.id) as Annotation), text: 'tab one, edited in tab two' } as Annotation);
    expect(texts(p1)).toEqual(['tab one, edited in tab two', 'tab two']);

    expect(one.getSnapshot().canUndo).toBe(true);
    expect(one.undo.undo()).toBe(true);
    // Tab one's only edit was creating its note: that is undone, tab two's note stays.
    expect(texts(p1)).toEqual(['tab two']);
    expect(texts(p2)).toEqual(['tab two']);
    // Nothing else of tab one's to undo: tab two's edits are not on its stack.
    expect(one.undo.undo()).toBe(false);
    expect(texts(p1)).toEqual(['tab two']);

    expect(one.undo.redo()).toBe(true);
    expect(texts(p2)).toEqual(['tab one, edited in tab two', 'tab two']);

    // Tab two's undo reverts its own edits only: its note goes, tab one's note stays. (Its text
    // edit applied to the note tab one removed and brought back: Yjs skips it as spent.)
    let undone = 0;
    while (undone < 5 && two.undo.undo()) undone += 1;
    expect(undone).toBeGreaterThanOrEqual(1);
    expect(texts(p1)).toHaveLength(1);
    expect(readAnnotationLayer(p1)[0]?.id).toBe(mine.id);
    expect(readAnnotationLayer(p2).map((a) => a.id)).toEqual([mine.id]);
  });

  it('undoes across the private and shared layers in the order of the edits', () => {
    const [p1, p2, s1, s2] = [new Y.Doc(), new Y.Doc(), new Y.Doc(), new Y.Doc()];
    syncPair(p1, p2);
    syncPair(s1, s2);
    const me = client(p1, s1, 'person-1');
    const other = client(p2, s2, 'person-2');

    const first = note('person-1', 'private');
    me.create(first);
    // Sharing moves it (the sharing part writes with the tools' origin, so it is one of my edits).
    s1.transact(() => {
      p1.transact(() => {
        p1.getMap('annotations').delete(first.id);
      }, me.origin);
      const entry = new Y.Map<unknown>();
      for (const [k, v] of Object.entries(first)) entry.set(k, v);
      s1.getMap('annotations').set(first.id, entry);
    }, me.origin);
    const second = note('person-1', 'second');
    me.create(second);
    // Someone else writes in the shared doc meanwhile.
    other.layers.shared.doc.transact(() => {
      const entry = new Y.Map<unknown>();
      const foreign = note('person-2', 'not mine');
      for (const [k, v] of Object.entries(foreign)) entry.set(k, v);
      other.layers.shared.doc.getMap('annotations').set(foreign.id, entry);
    }, other.origin);

    expect(me.undo.undo()).toBe(true);
    expect(texts(p1)).toEqual([]);
    expect(texts(s1).sort()).toEqual(['not mine', 'private']);
    expect(me.undo.undo()).toBe(true);
    expect(texts(s1)).toEqual(['not mine']);
    expect(me.undo.undo()).toBe(true);
    expect(texts(p1)).toEqual(['private']);
    expect(me.undo.undo()).toBe(true);
    expect(texts(p1)).toEqual([]);
    expect(me.undo.undo()).toBe(false);
    expect(texts(s2)).toEqual(['not mine']);
    expect(me.getSnapshot().canRedo).toBe(true);
  });

  it('the eraser’s sweep is one step, and a new edit clears the redo stack', () => {
    const doc = new Y.Doc();
    const me = client(doc, new Y.Doc(), 'person-1');
    const a = note('person-1', 'a');
    const b = note('person-1', 'b');
    me.create(a);
    me.create(b);
    me.edit([{ ...a, text: 'a2' } as Annotation], [b.id]);
    expect(texts(doc)).toEqual(['a2']);
    me.undo.undo();
    expect(texts(doc)).toEqual(['a', 'b']);
    expect(me.getSnapshot().canRedo).toBe(true);
    me.create(note('person-1', 'c'));
    expect(me.getSnapshot().canRedo).toBe(false);
    expect(me.undo.redo()).toBe(false);
  });

  it('clearing forgets every step of both layers, and the edits stay', () => {
    const privateDoc = new Y.Doc();
    const sharedDoc = new Y.Doc();
    const me = client(privateDoc, sharedDoc, 'person-1');
    const a = note('person-1', 'a');
    me.create(a);
    me.create(note('person-1', 'b'));
    me.undo.undo();
    expect(me.getSnapshot().canUndo).toBe(true);
    expect(me.getSnapshot().canRedo).toBe(true);
    me.undo.clear();
    expect(me.getSnapshot().canUndo).toBe(false);
    expect(me.getSnapshot().canRedo).toBe(false);
    expect(me.undo.undo()).toBe(false);
    expect(me.undo.redo()).toBe(false);
    expect(texts(privateDoc)).toEqual(['a']);
    // A new edit after clearing is undone on its own.
    me.create(note('person-1', 'c'));
    me.undo.undo();
    expect(texts(privateDoc)).toEqual(['a']);
  });
});
