import type { Annotation } from '#common/schemas/annotation';
import type { MeetingDocument } from '#common/schemas/document';
import { type ReactNode, useCallback, useMemo } from 'react';
import { FollowControls } from '../../follow/FollowControls';
import { type FollowedView, useFollowInViewer } from '../../follow/use-follow-in-viewer';
import { PageReadersMark, PresenceAvatars } from '../../presence/PresenceAvatars';
import { presentReaders, readersByPage } from '../../presence/presence-pages';
import { useAnnotationSession } from '../annotation-session';
import { SharedPanel } from './SharedPanel';
import { SharingControls } from './SharingControls';
import { useDocumentSharing } from './use-document-sharing';

/** Class of a page being shown from the shared-notes panel (styles.css: a short flash). */
const FLASH_CLASS = 'page--flash';

/** What the viewer gives the collaborative parts: what follow mode reads, and the document. */
export interface ViewerCollaborationInput extends Omit<FollowedView, 'documentId' | 'version'> {
  readonly document: MeetingDocument;
  goToPage(page: number): void;
}

/** Where the viewer puts them. */
export interface ViewerCollaboration {
  /** In the header: who else reads, follow / present. */
  readonly header: ReactNode;
  /** Inside the annotation tools: share, unshare, share all, the panel's button. */
  readonly tools: ReactNode;
  /** Beside the pages: the shared-notes panel, when open. */
  readonly panel: ReactNode;
  /** On a page's thumbnail: who is on that page. */
  pageMark(page: number): ReactNode;
}

/**
 * The viewer's collaborative parts in one place (README, "Sharing and following"): presence in
 * the document's reading room, other people's shared layers and the panel listing them,
 * sharing one's own, follow the presenter and presenting.
 */
export function useViewerCollaboration(input: ViewerCollaborationInput): ViewerCollaboration {
  const { document, view, page, goToPage } = input;
  const session = useAnnotationSession();
  const sharing = useDocumentSharing(session, document.id, document.version, page);
  useFollowInViewer({ ...input, documentId: document.id, version: document.version });

  const readers = useMemo(() => presentReaders(sharing.room.readers), [sharing.room.readers]);
  const byPage = useMemo(() => readersByPage(readers), [readers]);

  const jump = useCallback(
    (annotation: Annotation) => {
      goToPage(annotation.page);
      const element = view?.pageElement(annotation.page);
      if (!element) return;
      element.classList.remove(FLASH_CLASS);
      // Restart the animation when the same page is shown twice in a row.
      void element.offsetWidth;
      element.classList.add(FLASH_CLASS);
      element.addEventListener('animationend', () => element.classList.remove(FLASH_CLASS), { once: true });
    },
    [goToPage, view],
  );

  const pageMark = useCallback(
    (n: number): ReactNode => <PageReadersMark readers={byPage.get(n) ?? []} />,
    [byPage],
  );

  return {
    header: (
      <>
        <PresenceAvatars readers={readers} onPage={goToPage} />
        <FollowControls inViewer page={page} />
      </>
    ),
    tools: session ? <SharingControls sharing={sharing} /> : null,
    panel: sharing.panelOpen ? (
      <SharedPanel
        layers={sharing.layers}
        hidden={sharing.hidden}
        onToggleHidden={sharing.toggleHidden}
        onJump={jump}
        onClose={() => sharing.setPanelOpen(false)}
      />
    ) : null,
    pageMark,
  };
}
