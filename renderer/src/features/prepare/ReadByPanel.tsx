import type { MeetingDocument } from '#common/schemas/document';
import type { DocumentReadersResponse } from '#common/schemas/read-receipt';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReadersList } from '../documents/ReadersList';
import { type Failure, FailureMessage, usePrepare } from './prepare-context';

/**
 * "Đã đọc" (read by) in a prepared document's panel: the read receipts of its current version
 * (see {@link ReadersList}). Loaded when shown, and again on request, when the document
 * changes version, and whenever somebody opens a document of the meeting (live).
 */
export function ReadByPanel({ document }: { document: MeetingDocument }) {
  const { t } = useTranslation();
  const { prepareApi, fail, timeZone, readersRevision } = usePrepare();
  const [readers, setReaders] = useState<DocumentReadersResponse | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  const load = useCallback(() => {
    setFailure(null);
    prepareApi.getDocumentReaders(document.id).then(setReaders, (error: unknown) => setFailure(fail(error)));
  }, [prepareApi, document.id, fail]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the current version changes, or on an open
  useEffect(load, [load, document.version, readersRevision]);

  return (
    <div className="prep-doc__section" data-testid="document-read-by">
      <h4 className="prep-doc__subheading">{t('prepare.readBy.heading')}</h4>
      {failure && <FailureMessage failure={failure} />}
      {readers && <ReadersList readers={readers} timeZone={timeZone} />}
      <button type="button" className="button button--small" onClick={load}>
        {t('prepare.readBy.refresh')}
      </button>
    </div>
  );
}
