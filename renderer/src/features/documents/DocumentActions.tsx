import type { MeetingDocument } from '#common/schemas/document';
import { useTranslation } from 'react-i18next';
import { percentDone } from '../../lib/cache/progress';
import { AnnotationExport } from './AnnotationExport';
import { useDocuments } from './DocumentsContext';
import { ReadersButton } from './ReadersButton';

/**
 * What follows a document's title in the agenda: its version, whether it is on this device
 * (or how far along), a "new version" badge, and the "Mở" button that opens the viewer.
 * Renders nothing outside a DocumentsProvider.
 */
export function DocumentActions({ document }: { document: MeetingDocument }) {
  const { t } = useTranslation();
  const documents = useDocuments();
  if (documents === null) return null;
  const row = documents.distribution.snapshot.documents.find((entry) => entry.document.id === document.id);
  const state = row?.state ?? 'checking';
  return (
    <span className="document-actions">
      <span className="document-actions__version">
        {t('documents.version', { version: document.version })}
      </span>
      {row?.newVersion && (
        <span className="tag tag--new-version" data-testid="agenda-document-new-version">
          {t('documents.newVersion')}
        </span>
      )}
      <span className={`state state--${state}`} data-testid="agenda-document-state" data-state={state}>
        {t(`documents.state.${state}`)}
        {state === 'downloading' && row && ` ${percentDone(row.receivedBytes, document.byteSize)}%`}
      </span>
      <button
        type="button"
        className="button button--small"
        onClick={() => documents.open(document)}
        aria-label={t('documents.openTitle', { title: document.title })}
        data-testid="document-open"
        data-document-id={document.id}
      >
        {t('documents.open')}
      </button>
      {documents.downloads && <AnnotationExport document={document} downloads={documents.downloads} />}
      {documents.readers && <ReadersButton document={document} access={documents.readers} />}
    </span>
  );
}
