import type { MeetingDocument } from '#common/schemas/document';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { PdfViewer } from './PdfViewer';
import type { Distribution } from './use-distribution';

/** What the document widgets (panel, agenda buttons) share. */
export interface DocumentsContextValue {
  readonly distribution: Distribution;
  /** Opens a document in the viewer. */
  open(document: MeetingDocument): void;
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
  const [opened, setOpened] = useState<MeetingDocument | null>(null);
  /** Where focus goes back to when the viewer closes (the "Mở" button that opened it). */
  const returnFocus = useRef<HTMLElement | null>(null);

  const open = useCallback((document: MeetingDocument) => {
    returnFocus.current =
      window.document.activeElement instanceof HTMLElement ? window.document.activeElement : null;
    setOpened(document);
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
          key={`${opened.id}:${opened.sha256}`}
          document={opened}
          manager={distribution.manager}
          readerName={readerName}
          onClose={close}
        />
      )}
    </DocumentsContext.Provider>
  );
}
