import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readAnnotationLayer, writeAnnotation } from '#common/protocol/annotation-layer';
import type { LivePresenter } from '#common/schemas/presenter';
import {
  AUTHOR_COLOURS,
  authorColour,
  initials,
} from '../../../renderer/src/features/annotations/sharing/author-colour';
import { moveAll, moveAnnotation } from '../../../renderer/src/features/annotations/sharing/move-annotation';
import {
  mayPresent,
  presenterTarget,
  presenterZoom,
  viewerZoom,
} from '../../../renderer/src/features/follow/presenter-position';
import { presentReaders, readersByPage } from '../../../renderer/src/features/presence/presence-pages';
import { normalRotation } from '../../../renderer/src/lib/pdf/rotation';
import { mixedAnnotation } from '../../integration/helpers/annotations';

const author = { id: 'owner-1', name: 'Nguyễn Văn An' };
const newMap = () => new Y.Map<unknown>();

describe('sharing: moving an annotation between the owner’s layers', () => {
  it('moves one annotation with its id, writing the target before emptying the source', () => {
    const priv = new Y.Doc();
    const shared = new Y.Doc();
    const a = mixedAnnotation(4, author, 'm');
    const b = mixedAnnotation(7, author, 'm');
    writeAnnotation(priv, a, newMap);
    writeAnnotation(priv, b, newMap);
    const order: string[] = [];
    shared.on('update', () => order.push('target'));
    priv.on('update', () => order.push('source'));
    expect(moveAnnotation(priv, shared, a.id, new Date('2026-12-01T00:00:00.000Z'))).toBe(true);
    expect(order).toEqual(['target', 'source']);
    expect(readAnnotationLayer(priv).map((x) => x.id)).toEqual([b.id]);
    expect(readAnnotationLayer(shared)).toEqual([{ ...a, updatedAt: '2026-12-01T00:00:00.000Z' }]);
    // Back again (unshare), and an id the source does not hold moves nothing.
    expect(moveAnnotation(shared, priv, a.id)).toBe(true);
    expect(readAnnotationLayer(shared)).toEqual([]);
    expect(moveAnnotation(shared, priv, a.id)).toBe(false);
    expect(readAnnotationLayer(priv)).toHaveLength(2);
  });

  it('moves all, skipping entries that are not valid annotations', () => {
    const priv = new Y.Doc();
    const shared = new Y.Doc();
    for (let i = 0; i < 5; i++) writeAnnotation(priv, mixedAnnotation(i, author, 'all'), newMap);
    priv.getMap('annotations').set('garbage', 42);
    expect(moveAll(priv, shared)).toBe(5);
    expect(readAnnotationLayer(shared)).toHaveLength(5);
    expect([...priv.getMap('annotations').keys()]).toEqual(['garbage']);
  });
});

describe('author colours and initials', () => {
  it('give one stable colour per author from the palette', () => {
    expect(authorColour('abc')).toBe(authorColour('abc'));
    expect(AUTHOR_COLOURS).toContain(authorColour('x1'));
    const many = new Set(Array.from({ length: 60 }, (_, i) => authorColour(`participant-${i}`)));
    expect(many.size).toBeGreaterThan(6);
  });

  it('take the initials of the last two words', () => {
    expect(initials('Nguyễn Văn Nam')).toBe('VN');
    expect(initials('đặng')).toBe('Đ');
    expect(initials('  ')).toBe('?');
  });
});

describe('follow the presenter: positions', () => {
  const base: LivePresenter = {
    presenterId: 'p1',
    presenterName: 'An',
    sharedBy: 'p1',
    sharedByName: 'An',
    share: null,
    sharedAt: null,
  };

  it('reads the live share as a target', () => {
    expect(presenterTarget(null)).toEqual({ kind: 'none' });
    expect(presenterTarget(base)).toEqual({ kind: 'none' });
    expect(presenterTarget({ ...base, share: { restricted: true } })).toEqual({
      kind: 'restricted',
      byName: 'An',
    });
    expect(
      presenterTarget({
        ...base,
        sharedAt: '2026-12-01T00:00:00.000Z',
        share: { restricted: false, documentId: 'd1', version: 2, page: 7, zoom: 'fit-width', rotation: 90 },
      }),
    ).toEqual({
      kind: 'document',
      documentId: 'd1',
      version: 2,
      page: 7,
      zoom: 'fit-width',
      rotation: 90,
      byName: 'An',
      sharedAt: '2026-12-01T00:00:00.000Z',
    });
  });

  it('maps zoom and rotation both ways', () => {
    expect(viewerZoom('fit-width')).toBe('page-width');
    expect(viewerZoom('fit-page')).toBe('page-fit');
    expect(viewerZoom(150)).toBe(1.5);
    expect(presenterZoom('page-width', 1.2)).toBe('fit-width');
    expect(presenterZoom('page-fit', 0.8)).toBe('fit-page');
    expect(presenterZoom(1.256, 1.256)).toBe(126);
    expect(presenterZoom(50, 50)).toBe(800);
    expect(normalRotation(-90)).toBe(270);
    expect(normalRotation(450)).toBe(90);
  });

  it('lets the chair and the named presenter present, nobody else', () => {
    expect(mayPresent({ id: 'c', role: 'chair' }, null)).toBe(true);
    expect(mayPresent({ id: 'p1', role: 'delegate' }, base)).toBe(true);
    expect(mayPresent({ id: 'p2', role: 'delegate' }, base)).toBe(false);
    expect(mayPresent({ id: 'p2', role: 'delegate' }, null)).toBe(false);
  });
});

describe('presence: readers per person and per page', () => {
  it('folds a person’s devices into one and groups by page', () => {
    const readers = presentReaders([
      { clientId: 1, participantId: 'a', name: 'A', page: null, sharing: false },
      { clientId: 2, participantId: 'a', name: 'A', page: 4, sharing: true },
      { clientId: 3, participantId: 'b', name: 'B', page: 4, sharing: false },
      { clientId: 4, participantId: 'c', name: 'C', page: null, sharing: false },
    ]);
    expect(readers).toEqual([
      { participantId: 'a', name: 'A', page: 4 },
      { participantId: 'b', name: 'B', page: 4 },
      { participantId: 'c', name: 'C', page: null },
    ]);
    expect(
      readersByPage(readers)
        .get(4)
        ?.map((r) => r.participantId),
    ).toEqual(['a', 'b']);
    expect([...readersByPage(readers).keys()]).toEqual([4]);
  });
});
