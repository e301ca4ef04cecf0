import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ClientErrorCode } from '../../lib/api';
import { translateReason } from '../../lib/errors';
import { type Failure, FailureMessage } from './prepare-context';
import { type UploadEntry, uploadPercent } from './use-uploads';

/**
 * The translated refusal of an upload: the file's name and the server's reason when it gave
 * one ("“x.txt”: This is not a PDF file: its content is plain text."), else by error code
 * (the generic error text for other codes).
 */
export function uploadFailureMessage(t: TFunction, language: string, failure: Failure, name: string): string {
  if (failure.reason)
    return t('prepare.upload.errors.refused', { name, reason: translateReason(failure.reason, t, language) });
  return uploadCodeMessage(t, failure.code, name);
}

/** The refusal of an upload by its error code alone (a server that gave no reason). */
function uploadCodeMessage(t: TFunction, code: ClientErrorCode, name: string): string {
  switch (code) {
    case 'invalid_document':
      return t('prepare.upload.errors.invalidDocument', { name });
    case 'unsupported_media_type':
      return t('prepare.upload.errors.unsupported', { name });
    case 'payload_too_large':
      return t('prepare.upload.errors.tooLarge', { name });
    default:
      return `${t('prepare.upload.errors.failed', { name })} ${t(`errors.${code}`)}`;
  }
}

/** Props of {@link UploadList}. */
export interface UploadListProps {
  entries: readonly UploadEntry[];
  onCancel: (key: string) => void;
  onDismiss: (key: string) => void;
}

/** Files being uploaded to one agenda item, each with a progress bar, and their outcomes. */
export function UploadList({ entries, onCancel, onDismiss }: UploadListProps) {
  const { t, i18n } = useTranslation();
  if (entries.length === 0) return null;
  return (
    <ul className="prep-uploads" aria-label={t('prepare.upload.listLabel')}>
      {entries.map((entry) => {
        const percent = uploadPercent(entry);
        return (
          <li
            key={entry.key}
            className={`prep-upload prep-upload--${entry.state}`}
            data-testid="upload-entry"
            data-state={entry.state}
          >
            <div className="prep-upload__line">
              <span className="prep-upload__name">{entry.fileName}</span>
              {entry.state !== 'failed' && entry.state !== 'cancelled' && (
                <>
                  <progress
                    className="prep-upload__bar"
                    data-testid="upload-progress"
                    data-percent={percent}
                    value={percent}
                    max={100}
                    aria-label={t('prepare.upload.progressLabel', { name: entry.fileName })}
                  />
                  <span className="prep-upload__percent" data-testid="upload-percent">
                    {percent}%
                  </span>
                </>
              )}
              <span className="prep-upload__state" role="status">
                {t(`prepare.upload.state.${entry.state}`)}
              </span>
              {entry.state === 'uploading' || entry.state === 'queued' ? (
                <button type="button" className="button button--small" onClick={() => onCancel(entry.key)}>
                  {t('prepare.upload.cancel')}
                </button>
              ) : (
                <button
                  type="button"
                  className="button button--small button--icon"
                  aria-label={t('prepare.upload.dismiss', { name: entry.fileName })}
                  title={t('prepare.upload.dismiss', { name: entry.fileName })}
                  onClick={() => onDismiss(entry.key)}
                >
                  ×
                </button>
              )}
            </div>
            {entry.state === 'duplicate' && entry.document && (
              <p className="prep-upload__notice" data-testid="upload-duplicate">
                {t('prepare.upload.duplicate', { title: entry.document.title })}
              </p>
            )}
            {entry.state === 'failed' && entry.failure && (
              <FailureMessage
                failure={entry.failure}
                message={uploadFailureMessage(t, i18n.language, entry.failure, entry.fileName)}
                reasonInMessage
                testId="upload-error"
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}
