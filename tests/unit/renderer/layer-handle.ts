import type * as Y from 'yjs';
import type { AnnotationLayerHandle } from '../../../renderer/src/lib/yjs/annotation-layers';

/** A layer handle around a bare doc (the provider and device store are not under test here). */
export function bareLayerHandle(
  doc: Y.Doc,
  docName = 'ann/doc-000001/person-1/private',
): AnnotationLayerHandle {
  return {
    docName,
    doc,
    provider: null as never,
    synced: Promise.resolve(),
    onDevice: Promise.resolve(),
    pending: () => 0,
    onPendingChange: () => () => {},
    destroy: () => doc.destroy(),
  };
}
