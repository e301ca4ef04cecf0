import { useEffect, useRef } from 'react';
import { useDocuments } from '../documents/DocumentsContext';
import { useFollow } from './FollowContext';

/**
 * Inside the DocumentsProvider: opens the presenter's document in the viewer when follow mode
 * asks for it (the viewer then registers and moves with the presenter). A document missing
 * from this reader's list is not opened; the follow bar says why.
 */
export function FollowOpener() {
  const follow = useFollow();
  const documents = useDocuments();
  const toOpen = follow?.toOpen ?? null;
  const open = documents?.open;
  const listed = documents?.distribution.snapshot.documents;
  /** Opened once per document: page turns before the viewer is ready are applied once it registers. */
  const opening = useRef<string | null>(null);
  useEffect(() => {
    if (!toOpen) {
      opening.current = null;
      return;
    }
    if (!open || !listed || opening.current === toOpen.documentId) return;
    const entry = listed.find((d) => d.document.id === toOpen.documentId);
    if (!entry) return;
    opening.current = toOpen.documentId;
    open(entry.document, { page: toOpen.page });
  }, [toOpen, open, listed]);
  return null;
}
