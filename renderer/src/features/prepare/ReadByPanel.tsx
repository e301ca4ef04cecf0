import type { MeetingDocument } from '#common/schemas/document';
import type { DocumentReadersResponse } from '#common/schemas/read-receipt';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { type Failure, FailureMessage, usePrepare } from './prepare-context';

/**
 * "Đã đọc" (read by): who may read the document and who opened its current version, when
 * first and last and how often — and who has not opened it yet — from the read receipts the
 * viewers send. Loaded when shown, and again on request or when the document changes version.
 */
export function ReadByPanel({ document }: { document: MeetingDocument }) {
  const { t, i18n } = useTranslation();
  const { prepareApi, fail, timeZone } = usePrepare();
  const [readers, setReaders] = useState<DocumentReadersResponse | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  const load = useCallback(() => {
    setFailure(null);
    prepareApi.getDocumentReaders(document.id).then(setReaders, (error: unknown) => setFailure(fail(error)));
  }, [prepareApi, document.id, fail]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the current version changes
  useEffect(load, [load, document.version]);

  const opened = readers?.readers.filter((r) => r.openedCurrent) ?? [];
  const notYet = readers?.readers.filter((r) => !r.openedCurrent) ?? [];

  return (
    <div className="prep-doc__section" data-testid="document-read-by">
      <h4 className="prep-doc__subheading">
        {t('prepare.readBy.heading')}
        {readers &&
          ` — ${t('prepare.readBy.count', { opened: opened.length, total: readers.readers.length })}`}
      </h4>
      {failure && <FailureMessage failure={failure} />}
      {readers && (
        <>
          <ol className="prep-versions" data-testid="read-by-opened">
            {opened.map((reader) => {
              const receipt = reader.receipts.find((r) => r.version === readers.version);
              return (
                <li key={reader.participantId}>
                  <strong>{reader.name}</strong>
                  {reader.unit && ` (${reader.unit})`}
                  {receipt &&
                    ` · ${t('prepare.readBy.opened', {
                      first: formatDateTime(receipt.firstOpenedAt, i18n.language, timeZone),
                      last: formatDateTime(receipt.lastOpenedAt, i18n.language, timeZone),
                      count: receipt.openCount,
                    })}`}
                </li>
              );
            })}
          </ol>
          <p data-testid="read-by-not-yet">
            <strong>{t('prepare.readBy.notYet', { count: notYet.length })}</strong>
            {notYet.length > 0 && `: ${notYet.map((r) => r.name).join(', ')}`}
          </p>
        </>
      )}
      <button type="button" className="button button--small" onClick={load}>
        {t('prepare.readBy.refresh')}
      </button>
    </div>
  );
}
