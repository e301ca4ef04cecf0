import type { MeetingDocument } from '#common/schemas/document';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { PdfViewer } from './PdfViewer';
import type { Distribution } from './use-distribution';

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
  children: ReactNode;
}

/**
 * Provides the distribution state to the widgets below it and shows the PDF viewer over
 * the page when a document is opened.
 */
export function DocumentsProvider({ distribution, readerName, children }: DocumentsProviderProps) {
  const [opened, setOpened] = useState<{ document: MeetingDocument; at: OpenAt } | null>(null);
  /** Where focus goes back to when the viewer closes (the "Mở" button that opened it). */
  const returnFocus = useRef<HTMLElement | null>(null);

  const open = useCallback((document: MeetingDocument, at: OpenAt = {}) => {
    returnFocus.current =
      window.document.activeElement instanceof HTMLElement ? window.document.activeElement : null;
    setOpened({ document, at });
  }, []);

  const close = useCallback(() => {
    setOpened(null);
    returnFocus.current?.focus();
  }, []);

  const value = useMemo(() => ({ distribution, open }), [distribution, open]);

  return (
    <DocumentsContext.Provider value={value}>
      {children}
      {opened && distribution.manager && (
        <PdfViewer
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
