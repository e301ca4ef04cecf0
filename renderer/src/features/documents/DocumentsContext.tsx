import type { MeetingDocument } from '#common/schemas/document';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { clearViewerHash, parseViewerHash } from '../viewer/direct-open';
import { DocumentViewer } from '../viewer/DocumentViewer';
import type { AnnotationDownloads } from './annotation-downloads';
import type { ReadReceiptOutbox } from './read-receipt-outbox';
import type { ReadersAccess } from './ReadersButton';
import type { Distribution } from './use-distribution';
import { useReadReceipt } from './use-read-receipt';

/** Where to open a document: a page, and words to find and highlight there (a search hit). */
export interface OpenAt {
  readonly page?: number;
  readonly query?: string;
}

/** What the document widgets (panel, agenda buttons, search) share. */
export interface DocumentsContextValue {
  readonly distribution: Distribution;
  /** Opens a document in the viewer, on its first page or where `at` says. */
  open(document: MeetingDocument, at?: OpenAt): void;
  /** "Export my annotations", where this device can (null: not offered). */
  readonly downloads: AnnotationDownloads | null;
  /** Who has read each document, for the chair and the secretariat (null: not offered). */
  readonly readers: ReadersAccess | null;
}

const DocumentsContext = createContext<DocumentsContextValue | null>(null);

/** The documents context, or null outside a {@link DocumentsProvider} (then nothing is offered). */
export function useDocuments(): DocumentsContextValue | null {
  return useContext(DocumentsContext);
}

/** Props of {@link DocumentsProvider}. */
export interface DocumentsProviderProps {
  distribution: Distribution;
  /** Shown in the watermark of confidential documents. */
  readerName: string;
  /** Where opening a document in the viewer is recorded as a read receipt (none: not recorded). */
  receipts?: ReadReceiptOutbox | null;
  /** Saves the reader's own annotations of a document (the annotated copy, the list of notes). */
  downloads?: AnnotationDownloads | null;
  /** Read receipts of the documents, where the reader's role may see them. */
  readers?: ReadersAccess | null;
  children: ReactNode;
}

/**
 * Provides the distribution state to the widgets below it and shows the PDF viewer over
 * the page when a document is opened.
 */
export function DocumentsProvider({
  distribution,
  readerName,
  receipts,
  downloads,
  readers,
  children,
}: DocumentsProviderProps) {
  const [opened, setOpened] = useState<{ document: MeetingDocument; at: OpenAt } | null>(null);
  // The viewer below shows `opened` exactly when the manager is there: that is an open.
  useReadReceipt(receipts ?? null, opened && distribution.manager ? opened.document : null);
  /** Where focus goes back to when the viewer closes (the "Mở" button that opened it). */
  const returnFocus = useRef<HTMLElement | null>(null);

  const open = useCallback((document: MeetingDocument, at: OpenAt = {}) => {
    returnFocus.current =
      window.document.activeElement instanceof HTMLElement ? window.document.activeElement : null;
    setOpened({ document, at });
  }, []);

  const close = useCallback(() => {
    setOpened(null);
    clearViewerHash();
    returnFocus.current?.focus();
  }, []);

  // `#viewer=<documentId>[&page=n]` opens that document directly (features/viewer/direct-open.ts),
  // once the meeting's document list names it; a later change of the hash opens another.
  const [wanted, setWanted] = useState(() => parseViewerHash(window.location.hash));
  useEffect(() => {
    const onHash = (): void => setWanted(parseViewerHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const listed = distribution.snapshot.documents;
  useEffect(() => {
    if (wanted === null || !distribution.snapshot.listLoaded) return;
    const entry = listed.find((d) => d.document.id === wanted.documentId);
    setWanted(null);
    if (!entry) {
      console.warn(`#viewer: no document ${wanted.documentId} in this meeting`);
      clearViewerHash();
      return;
    }
    open(entry.document, wanted.page === null ? {} : { page: wanted.page });
  }, [wanted, listed, distribution.snapshot.listLoaded, open]);

  const value = useMemo(
    () => ({ distribution, open, downloads: downloads ?? null, readers: readers ?? null }),
    [distribution, open, downloads, readers],
  );

  return (
    <DocumentsContext.Provider value={value}>
      {children}
      {opened && distribution.manager && (
        <DocumentViewer
          key={`${opened.document.id}:${opened.document.sha256}`}
          document={opened.document}
          initialPage={opened.at.page}
          initialQuery={opened.at.query}
          manager={distribution.manager}
          readerName={readerName}
          onClose={close}
        />
      )}
    </DocumentsContext.Provider>
  );
}
