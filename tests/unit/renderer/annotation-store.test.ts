/**
 * The tools' view of the user's layers (renderer/src/features/annotations/annotation-store.ts)
 * is kept current from the layers' changes, entry by entry, and must read exactly what
 * `readAnnotationLayer` reads after every kind of change: an entry added, a field of an
 * existing entry changed (a nested map's event), an entry removed, garbage written beside valid
 * ones (never shown), and changes arriving from another client. A layer nothing changed in keeps
 * its list (the overlay's per-page memos depend on it).
 */
import { readAnnotationLayer, ANNOTATIONS_MAP, writeAnnotation } from '#common/protocol/annotation-layer';
import type { Annotation } from '#common/schemas/annotation';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { OwnAnnotations } from '../../../renderer/src/features/annotations/annotation-store';
import { bareLayerHandle } from './layer-handle';

const handle = (doc: Y.Doc) => bareLayerHandle(doc);

let n = 0;
function note(text: string): Annotation {
  n += 1;
  return {
    id: `note-${String(n).padStart(6, '0')}`,
    kind: 'note',
    page: 1 + (n % 3),
    authorId: 'person-1',
    authorName: 'Người một',
    createdAt: `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    updatedAt: '2026-01-01T00:00:00.000Z',
    at: { x: 10 * n, y: 700 },
    text,
    color: '#ffd400',
  };
}

const opened: OwnAnnotations[] = [];
afterEach(() => {
  for (const own of opened.splice(0)) own.destroy();
});

function open(privateDoc: Y.Doc, sharedDoc: Y.Doc): OwnAnnotations {
  const own = new OwnAnnotations(
    { private: handle(privateDoc), shared: handle(sharedDoc) },
    { id: 'person-1', name: 'Người một' },
  );
  opened.push(own);
  return own;
}

describe('the tools read the layers incrementally', () => {
  it('matches a whole read after adds, field edits, removals, garbage and remote changes', () => {
    const privateDoc = new Y.Doc();
    const sharedDoc = new Y.Doc();
    // Some content before the tools open: read on opening.
    const first = note('một');
    writeAnnotation(privateDoc, first, () => new Y.Map());
    const own = open(privateDoc, sharedDoc);
    const check = (): void => {
      expect(own.getSnapshot().private).toEqual(readAnnotationLayer(privateDoc));
      expect(own.getSnapshot().shared).toEqual(readAnnotationLayer(sharedDoc));
    };
    check();
    expect(own.getSnapshot().private.map((a) => a.id)).toEqual([first.id]);

    const second = note('hai');
    own.create(second);
    check();
    expect(own.find(second.id)?.kind).toBe('note');

    // A field of an existing entry: only the nested map changes.
    own.update({ ...second, text: 'hai, sửa' } as Annotation);
    check();
    expect((own.find(second.id) as Extract<Annotation, { kind: 'note' }>).text).toBe('hai, sửa');

    // Garbage beside a valid entry, and an entry made invalid in place: neither is shown.
    privateDoc.transact(() => {
      const root = privateDoc.getMap(ANNOTATIONS_MAP);
      root.set('junk', 'not an annotation');
      (root.get(first.id) as Y.Map<unknown>).set('page', -4);
    });
    check();
    expect(own.find(first.id)).toBeNull();
    expect(own.find('junk')).toBeNull();
    expect(own.layerOf(first.id)).toBeNull();
    // Valid again.
    (privateDoc.getMap(ANNOTATIONS_MAP).get(first.id) as Y.Map<unknown>).set('page', 2);
    check();
    expect(own.layerOf(first.id)).toBe('private');

    // From another client, into the shared layer.
    const remote = new Y.Doc();
    const third = note('ba');
    writeAnnotation(remote, third, () => new Y.Map());
    Y.applyUpdate(sharedDoc, Y.encodeStateAsUpdate(remote), { doc: 'network' });
    check();
    expect(own.layerOf(third.id)).toBe('shared');

    own.remove([second.id, third.id]);
    check();
    expect(own.find(second.id)).toBeNull();
    expect(own.find(third.id)).toBeNull();

    own.undo.undo();
    check();
  });

  it('keeps the list of a layer nothing changed in, and only tells listeners of real changes', () => {
    const privateDoc = new Y.Doc();
    const sharedDoc = new Y.Doc();
    const own = open(privateDoc, sharedDoc);
    own.create(note('một'));
    const before = own.getSnapshot();
    let calls = 0;
    const off = own.subscribe(() => {
      calls += 1;
    });
    // An edit of the shared layer leaves the private list as it was.
    writeAnnotation(sharedDoc, note('hai'), () => new Y.Map());
    expect(own.getSnapshot().private).toBe(before.private);
    expect(own.getSnapshot().shared).not.toBe(before.shared);
    expect(calls).toBe(1);
    // An update that changes no annotation (another root type) does not refresh the tools.
    privateDoc.getMap('elsewhere').set('x', 1);
    expect(calls).toBe(1);
    off();
  });
});
