import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentProgress } from '../../lib/cache/download-manager';
import { percentDone } from '../../lib/cache/progress';
import { useDocuments } from './DocumentsContext';
import { formatBytes } from '../../lib/format';
import { formatRate, splitSeconds } from './format';

/**
 * "Tải tài liệu về máy": how far this device is with bringing the meeting's documents on
 * board — a total bar with percent, speed and time left, and one row per document with its
 * version, size and state. Shown to every participant; folds to one line once everything is
 * stored (the rows stay in the page, hidden, one click away).
 */
export function DistributionPanel() {
  const { t, i18n } = useTranslation();
  const documents = useDocuments();
  /** null: follow the default (open while downloading, folded when done). */
  const [expanded, setExpanded] = useState<boolean | null>(null);
  if (documents === null) return null;
  const { distribution } = documents;
  const { snapshot, listError } = distribution;
  const { total } = snapshot;
  const language = i18n.language;
  const complete = snapshot.listLoaded && total.doneCount === total.count;
  const failed = snapshot.documents.filter((row) => row.state === 'error').length;
  const open = expanded ?? !complete;
  const eta = snapshot.secondsLeft === null ? null : splitSeconds(snapshot.secondsLeft);

  return (
    <section
      className={`distribution${complete ? ' distribution--complete' : ''}`}
      aria-labelledby="distribution-heading"
      data-testid="distribution-panel"
      data-complete={complete ? 'true' : 'false'}
    >
      <div className="distribution__head">
        <h2 id="distribution-heading" className="distribution__heading">
          {t('documents.panel.heading')}
        </h2>
        {snapshot.listLoaded && total.count > 0 && (
          <button
            type="button"
            className="button button--quiet distribution__toggle"
            aria-expanded={open}
            aria-controls="distribution-rows"
            onClick={() => setExpanded(!open)}
            data-testid="distribution-toggle"
          >
            {open ? t('documents.panel.hideDetails') : t('documents.panel.showDetails')}
          </button>
        )}
      </div>

      {!snapshot.listLoaded && listError === null && (
        <p className="muted">{t('documents.panel.loadingList')}</p>
      )}

      {listError !== null && (
        <div
          className="alert alert--with-action distribution__alert"
          role="alert"
          data-testid="distribution-list-error"
        >
          <span>
            {t('documents.panel.listFailed')} {t(`errors.${listError}`)}
          </span>
          <button type="button" className="button" onClick={distribution.retry}>
            {t('documents.panel.retry')}
          </button>
        </div>
      )}

      {snapshot.listLoaded && total.count === 0 && (
        <p className="muted" data-testid="distribution-empty">
          {t('documents.panel.noDocuments')}
        </p>
      )}

      {snapshot.listLoaded && total.count > 0 && (
        <>
          <div className="distribution__total" data-testid="distribution-total" data-percent={total.percent}>
            <div
              className="progress"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={total.percent}
              aria-labelledby="distribution-heading"
            >
              <div className="progress__bar" style={{ width: `${total.percent}%` }} />
            </div>
            <p className="distribution__figures">
              <strong className="distribution__percent">{total.percent}%</strong>
              <span>
                {t('documents.panel.counted', { done: total.doneCount, count: total.count })} ·{' '}
                {formatBytes(total.receivedBytes, language)} / {formatBytes(total.totalBytes, language)}
              </span>
              {snapshot.busy && failed === 0 && (
                <>
                  <span data-testid="distribution-rate">{formatRate(snapshot.bytesPerSecond, language)}</span>
                  {eta !== null && (
                    <span data-testid="distribution-eta">
                      {t('documents.panel.timeLeft', {
                        time:
                          eta.minutes > 0
                            ? `${t('duration.minutes', { count: eta.minutes })} ${t('documents.seconds', { count: eta.seconds })}`
                            : t('documents.seconds', { count: eta.seconds }),
                      })}
                    </span>
                  )}
                </>
              )}
            </p>
            {complete && (
              <p className="distribution__done" data-testid="distribution-done">
                ✓ {t('documents.panel.allSaved')}
              </p>
            )}
            {failed > 0 && (
              <div className="alert alert--with-action distribution__alert" role="alert">
                <span>{t('documents.panel.someFailed', { count: failed })}</span>
                <button
                  type="button"
                  className="button"
                  onClick={distribution.retry}
                  data-testid="distribution-retry"
                >
                  {t('documents.panel.retry')}
                </button>
              </div>
            )}
          </div>

          <ul id="distribution-rows" className="distribution__rows" hidden={!open}>
            {snapshot.documents.map((row) => (
              <DistributionRow
                key={row.document.id}
                row={row}
                number={distribution.agendaNumbers.get(row.document.id) ?? null}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** One document's line in the panel. */
function DistributionRow({ row, number }: { row: DocumentProgress; number: string | null }) {
  const { t, i18n } = useTranslation();
  const documents = useDocuments();
  const { document } = row;
  const percent = row.state === 'cached' ? 100 : percentDone(row.receivedBytes, document.byteSize);
  const inFlight = row.state === 'downloading' || row.state === 'verifying' || row.state === 'waiting';
  return (
    <li
      className={`distribution-row distribution-row--${row.state}`}
      data-testid="distribution-row"
      data-document-id={document.id}
      data-state={row.state}
    >
      <div className="distribution-row__main">
        <p className="distribution-row__title">
          {document.classification === 'mat' && (
            <span className="tag tag--confidential">{t('documents.confidential')}</span>
          )}
          {number !== null && <span className="distribution-row__number">{number}.</span>} {document.title}
        </p>
        <p className="distribution-row__meta">
          <span>{t('documents.version', { version: document.version })}</span>
          <span>{formatBytes(document.byteSize, i18n.language)}</span>
          {row.newVersion && (
            <span className="tag tag--new-version" data-testid="document-new-version">
              {t('documents.newVersion')}
            </span>
          )}
        </p>
        {inFlight && (
          <div className="progress progress--small" aria-hidden="true">
            <div className="progress__bar" style={{ width: `${percent}%` }} />
          </div>
        )}
      </div>
      <div className="distribution-row__side">
        <span className={`state state--${row.state}`} data-testid="distribution-row-state">
          {t(`documents.state.${row.state}`)}
          {row.state === 'downloading' && ` ${percent}%`}
        </span>
        {row.errorCode !== null && (row.state === 'error' || row.state === 'waiting') && (
          <span className="distribution-row__error">{t(`documents.errors.${row.errorCode}`)}</span>
        )}
        {documents && row.state !== 'error' && (
          <button
            type="button"
            className="button button--small"
            onClick={() => documents.open(document)}
            aria-label={t('documents.openTitle', { title: document.title })}
            data-testid="distribution-open"
            data-document-id={document.id}
          >
            {t('documents.open')}
          </button>
        )}
      </div>
    </li>
  );
}
