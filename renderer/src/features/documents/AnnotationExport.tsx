import type { MeetingDocument } from '#common/schemas/document';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../../lib/api';
import { translateReason } from '../../lib/errors';
import type { AnnotationDownloads, AnnotationExportKind } from './annotation-downloads';

/**
 * "Tải bản có ghi chú" and "Danh sách ghi chú": the reader's own annotations of a document as a
 * PDF to keep. Not offered for a "no export" document (the server refuses it too).
 */
export function AnnotationExport({
  document,
  downloads,
}: {
  document: MeetingDocument;
  downloads: AnnotationDownloads;
}) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState<AnnotationExportKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (document.noExport) return null;

  const save = (kind: AnnotationExportKind): void => {
    setBusy(kind);
    setError(null);
    downloads.save(document, kind).then(
      () => setBusy(null),
      (failure: unknown) => {
        setBusy(null);
        const reason = failure instanceof ApiRequestError ? failure.reason : null;
        setError(reason ? translateReason(reason, t, i18n.language) : t('documents.annotations.failed'));
      },
    );
  };

  return (
    <span className="document-actions__export">
      <button
        type="button"
        className="button button--small"
        disabled={busy !== null}
        data-testid="annotations-export-pdf"
        onClick={() => save('annotated')}
      >
        {busy === 'annotated' ? t('documents.annotations.preparing') : t('documents.annotations.annotated')}
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={busy !== null}
        data-testid="annotations-export-list"
        onClick={() => save('notes')}
      >
        {busy === 'notes' ? t('documents.annotations.preparing') : t('documents.annotations.notes')}
      </button>
      {error && (
        <span role="alert" className="field__error">
          {error}
        </span>
      )}
    </span>
  );
}
