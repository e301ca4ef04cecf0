import { ROUTES } from '#common/http/route-table';
import type { ArchiveExport, ArchiveVerifyResult } from '#common/schemas/archive';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Call, isUnauthenticated } from '../../lib/api';
import { formatLimitBytes } from '../../lib/errors';
import { problemText } from './package-problems';
import { useArchiveError } from './use-archive-error';

/** Props of {@link ExportControls}. */
export interface ExportControlsProps {
  call: Call;
  meetingId: string;
  /** The meeting's last export as the list knew it. */
  initial: ArchiveExport | null;
  onUnauthenticated: () => void;
}

/** How often a running export's progress is asked for. */
const POLL_MS = 500;
/** A package download may take long on a slow network. */
const DOWNLOAD_TIMEOUT_MS = 30 * 60_000;

type Verify =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done'; result: ArchiveVerifyResult }
  | { kind: 'failed'; message: string };

/** Share done of a running export, 0…1; below 1 until the server says it is done. */
function fractionOf(job: ArchiveExport): number {
  if (job.state === 'done') return 1;
  if (job.bytesTotal <= 0) return 0;
  return Math.min(0.99, job.bytesDone / job.bytesTotal);
}

/**
 * "Xuất hồ sơ" with its progress bar, then "Tải về" and "Kiểm tra": one meeting's archive
 * package. Progress is polled while the server writes the package.
 */
export function ExportControls({ call, meetingId, initial, onUnauthenticated }: ExportControlsProps) {
  const { t, i18n } = useTranslation();
  const explain = useArchiveError();
  const [job, setJob] = useState<ArchiveExport | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<Verify>({ kind: 'idle' });
  const running = job?.state === 'running';

  const fail = (e: unknown) => {
    if (isUnauthenticated(e)) onUnauthenticated();
    setError(explain(e));
  };

  useEffect(() => {
    if (!running || !job) return;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      call(ROUTES.getArchiveExport, { params: { exportId: job.id } }).then(
        (next) => {
          if (!cancelled) setJob(next);
        },
        (e: unknown) => {
          if (!cancelled) fail(e);
        },
      );
    }, POLL_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  });

  const start = () => {
    setError(null);
    setVerify({ kind: 'idle' });
    call(ROUTES.startArchiveExport, { params: { meetingId } }).then(setJob, fail);
  };

  const download = () => {
    if (!job) return;
    setError(null);
    call(ROUTES.downloadArchiveExport, { params: { exportId: job.id }, timeoutMs: DOWNLOAD_TIMEOUT_MS }).then(
      (blob) => {
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = job.fileName;
        document.body.append(a);
        a.click();
        a.remove();
        window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      },
      fail,
    );
  };

  const check = () => {
    if (!job) return;
    setVerify({ kind: 'running' });
    call(ROUTES.verifyArchiveExport, { params: { exportId: job.id } }).then(
      (result) => setVerify({ kind: 'done', result }),
      (e: unknown) => {
        if (isUnauthenticated(e)) onUnauthenticated();
        setVerify({ kind: 'failed', message: explain(e) });
      },
    );
  };

  const percent = job ? Math.round(fractionOf(job) * 100) : 0;
  return (
    <div className="archive-export" data-testid="archive-export" data-state={job?.state ?? 'none'}>
      <div className="archive-export__buttons">
        <button
          type="button"
          className="button button--primary"
          onClick={start}
          disabled={running}
          data-testid="archive-export-start"
        >
          {t('archive.export.start')}
        </button>
        {job?.state === 'done' && (
          <>
            <button type="button" className="button" onClick={download} data-testid="archive-export-download">
              {t('archive.export.download')}
            </button>
            <button
              type="button"
              className="button"
              onClick={check}
              disabled={verify.kind === 'running'}
              data-testid="archive-export-verify"
            >
              {t('archive.export.verify')}
            </button>
          </>
        )}
      </div>
      {running && job && (
        <div className="archive-export__progress">
          <progress
            max={100}
            value={percent}
            aria-label={t('archive.export.progressLabel')}
            data-testid="archive-export-progress"
          />
          <span className="muted" data-testid="archive-export-progress-text">
            {t('archive.export.progress', {
              percent,
              files: job.filesDone,
              filesTotal: job.filesTotal,
              done: formatLimitBytes(job.bytesDone, i18n.language),
              total: formatLimitBytes(job.bytesTotal, i18n.language),
            })}
          </span>
        </div>
      )}
      {job?.state === 'done' && (
        <p className="muted archive-export__done" data-testid="archive-export-done">
          {t('archive.export.done', {
            files: job.filesDone,
            size: formatLimitBytes(job.zipBytes ?? 0, i18n.language),
          })}
        </p>
      )}
      {job?.state === 'failed' && job.failure && (
        <p className="alert" role="alert" data-testid="archive-export-failed">
          {t('archive.export.failed')}{' '}
          {job.failure.reason && i18n.exists(`reasons.${job.failure.reason}`)
            ? t(`reasons.${job.failure.reason}` as 'reasons.archive_export_unavailable')
            : job.failure.message}
        </p>
      )}
      {error && (
        <p className="alert" role="alert" data-testid="archive-export-error">
          {error}
        </p>
      )}
      {verify.kind === 'running' && <p className="muted">{t('archive.verify.running')}</p>}
      {verify.kind === 'failed' && (
        <p className="alert" role="alert">
          {verify.message}
        </p>
      )}
      {verify.kind === 'done' && <VerifyResult result={verify.result} />}
    </div>
  );
}

/** "Hợp lệ" or every problem the verifier named. */
export function VerifyResult({ result }: { result: ArchiveVerifyResult }) {
  const { t } = useTranslation();
  if (result.ok) {
    return (
      <p className="archive-verify archive-verify--ok" role="status" data-testid="archive-verify-ok">
        ✓ {t('archive.verify.ok', { files: result.payloadFiles, entries: result.auditEntries })}
      </p>
    );
  }
  return (
    <div className="archive-verify archive-verify--bad" role="alert" data-testid="archive-verify-problems">
      <p>{t('archive.verify.bad', { count: result.problems.length })}</p>
      <ul>
        {result.problems.map((p) => (
          <li
            key={`${p.code}:${p.path ?? ''}:${p.detail}`}
            data-testid="archive-verify-problem"
            data-code={p.code}
          >
            {problemText(p, t)}
          </li>
        ))}
      </ul>
    </div>
  );
}
