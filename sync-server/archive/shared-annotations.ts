import * as Y from 'yjs';
import { compareAnnotations, readAnnotationLayer } from '#common/protocol/annotation-layer';
import { formatDocName } from '#common/protocol/doc-names';
import type { Annotation } from '#common/schemas/annotation';
import type { Participant } from '#common/schemas/participant';
import type { UpdateLog } from '../yjs/update-log';

/**
 * Everyone's shared annotations of one document, read offline from the update log: each
 * owner's shared layer is rebuilt from its stored updates in a fresh Y.Doc (no hub, no
 * socket). The layer's owner is its author by construction — only they may write it — so the
 * author written into the archive is the owner as the room knows them, whatever a client wrote.
 * Private layers are never read: they are their owner's alone.
 */
export function sharedAnnotations(
  log: UpdateLog,
  documentId: string,
  owners: readonly Participant[],
): Annotation[] {
  const out: Annotation[] = [];
  for (const owner of owners) {
    const name = formatDocName({ kind: 'annotations', documentId, ownerId: owner.id, layer: 'shared' });
    if (log.storedSize(name).rows === 0) continue;
    const doc = new Y.Doc();
    try {
      doc.transact(() => {
        for (const update of log.rows(name)) Y.applyUpdate(doc, update);
      });
      for (const a of readAnnotationLayer(doc))
        out.push({ ...a, authorId: owner.id, authorName: owner.name });
    } finally {
      doc.destroy();
    }
  }
  return out.sort(compareAnnotations);
}
