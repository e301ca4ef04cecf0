import type { MeetingDocument } from '#common/schemas/document';
import type { DocumentReadersResponse } from '#common/schemas/read-receipt';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReadersList } from './ReadersList';

/** Reading the read receipts of a document, for those the route table lets (the chair, the secretariat). */
export interface ReadersAccess {
  load(documentId: string): Promise<DocumentReadersResponse>;
  /** The meeting's time zone, in which open times are shown. */
  readonly timeZone: string;
  /** Changes when somebody opened a document of the meeting (live): an open list refetches. */
  readonly revision?: number | null;
}

/** "Đã đọc" beside a document in the agenda: opens the list of who has and has not read it. */
export function ReadersButton({ document, access }: { document: MeetingDocument; access: ReadersAccess }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [readers, setReaders] = useState<DocumentReadersResponse | null>(null);
  const [failed, setFailed] = useState(false);

  // Loaded on opening, and again whenever somebody opens a document while the list is shown.
  const { load, revision } = access;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `revision` is the refetch trigger
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    load(document.id).then(
      (found) => {
        if (cancelled) return;
        setReaders(found);
        setFailed(false);
      },
      () => {
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [open, load, document.id, revision]);

  const toggle = (): void => {
    if (!open) setFailed(false);
    setOpen(!open);
  };

  return (
    <>
      <button
        type="button"
        className="button button--small"
        aria-expanded={open}
        aria-controls={`${id}-readers`}
        data-testid="document-readers"
        onClick={toggle}
      >
        {t('prepare.readBy.heading')}
      </button>
      {open && (
        <div id={`${id}-readers`} className="document-actions__readers">
          {failed && <p role="alert">{t('documents.readersFailed')}</p>}
          {readers && <ReadersList readers={readers} timeZone={access.timeZone} />}
        </div>
      )}
    </>
  );
}
