import {
  ANNOTATIONS_MAP,
  readAnnotationEntry,
  removeAnnotation,
  writeAnnotation,
} from '#common/protocol/annotation-layer';
import * as Y from 'yjs';
import { secondHalfOrigin } from '../../../lib/yjs/pending-edits';

/**
 * The origin of sharing and unsharing. Not the tools' origin: a move between layers touches
 * two documents (two undo managers), and undoing half of it would lose or duplicate the
 * annotation, so a move is not on the undo stack; the opposite button moves it back.
 */
export const SHARING_ORIGIN: object = { annotationSharing: true };

/**
 * The origin of a move's second half (emptying the source): offline, sharing counts as one
 * unsent change, the write into the other layer, not two.
 */
const SHARING_SOURCE_ORIGIN: object = secondHalfOrigin({ annotationSharing: true, source: true });

/**
 * Moves one annotation from one of its owner's layers to the other (private → shared shares it,
 * shared → private takes it back), keeping its id. The target is written first and the source
 * emptied after, in two transactions of two documents: a crash between them leaves the
 * annotation in both layers (which readers and the export count once, by id), never in none.
 * Returns false when the source does not hold a valid annotation of that id.
 */
export function moveAnnotation(from: Y.Doc, to: Y.Doc, id: string, updatedAt = new Date()): boolean {
  const annotation = readAnnotationEntry(id, from.getMap(ANNOTATIONS_MAP).get(id));
  if (annotation === null) return false;
  writeAnnotation(
    to,
    { ...annotation, updatedAt: updatedAt.toISOString() },
    () => new Y.Map(),
    SHARING_ORIGIN,
  );
  removeAnnotation(from, id, SHARING_SOURCE_ORIGIN);
  return true;
}

/** Moves every annotation of `from` to `to` (share all, or unshare all); returns how many moved. */
export function moveAll(from: Y.Doc, to: Y.Doc, updatedAt = new Date()): number {
  const ids: string[] = [];
  from.getMap(ANNOTATIONS_MAP).forEach((_value, key) => {
    ids.push(key);
  });
  let moved = 0;
  for (const id of ids) if (moveAnnotation(from, to, id, updatedAt)) moved++;
  return moved;
}
