import type { DocumentReadersResponse } from '#common/schemas/read-receipt';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';

/**
 * Who opened the current version of a document (first and last open, how often) and who has
 * not opened it yet, from `GET /documents/:id/readers`. Shown to the secretariat (the prepare
 * screen's document row) and the chair (the agenda).
 */
export function ReadersList({ readers, timeZone }: { readers: DocumentReadersResponse; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const opened = readers.readers.filter((r) => r.openedCurrent);
  const notYet = readers.readers.filter((r) => !r.openedCurrent);
  return (
    <div className="readers-list">
      <p>{t('prepare.readBy.count', { opened: opened.length, total: readers.readers.length })}</p>
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
    </div>
  );
}
