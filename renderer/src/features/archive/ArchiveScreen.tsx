import { ROUTES } from '#common/http/route-table';
import type { ArchiveMeeting, ArchiveVerifyResult } from '#common/schemas/archive';
import { type ChangeEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Call, isUnauthenticated } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { ArchiveSearch } from './ArchiveSearch';
import { ExportControls, VerifyResult } from './ExportControls';
import { useArchiveError } from './use-archive-error';

/** Props of {@link ArchiveScreen}. */
export interface ArchiveScreenProps {
  call: Call;
  onUnauthenticated: () => void;
}

type Load =
  | { kind: 'loading' }
  | { kind: 'done'; meetings: readonly ArchiveMeeting[] }
  | { kind: 'failed'; message: string };

/** A package check may read a large zip. */
const VERIFY_TIMEOUT_MS = 10 * 60_000;

/**
 * "Lưu trữ": the archivist's screen. The past meetings the caller may archive, with the state of
 * their minutes, their documents and the last export; search over their minutes and documents;
 * per meeting, export of the archive package with its progress, its download and its check;
 * and the check of a package file brought from elsewhere.
 */
export function ArchiveScreen({ call, onUnauthenticated }: ArchiveScreenProps) {
  const { t, i18n } = useTranslation();
  const explain = useArchiveError();
  const id = useId();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [upload, setUpload] = useState<
    | { kind: 'idle' }
    | { kind: 'running' }
    | { kind: 'done'; result: ArchiveVerifyResult }
    | { kind: 'failed'; message: string }
  >({ kind: 'idle' });

  useEffect(() => {
    let cancelled = false;
    call(ROUTES.archiveMeetings).then(
      (answer) => {
        if (!cancelled) setLoad({ kind: 'done', meetings: answer.meetings });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (isUnauthenticated(error)) onUnauthenticated();
        setLoad({ kind: 'failed', message: explain(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [call, onUnauthenticated, explain]);

  const verifyFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setUpload({ kind: 'running' });
    call(ROUTES.verifyArchiveUpload, { body: file, timeoutMs: VERIFY_TIMEOUT_MS }).then(
      (result) => setUpload({ kind: 'done', result }),
      (error: unknown) => {
        if (isUnauthenticated(error)) onUnauthenticated();
        setUpload({ kind: 'failed', message: explain(error) });
      },
    );
  };

  return (
    <main className="archive-screen" data-testid="archive-screen">
      <h1 className="archive-screen__heading">{t('archive.heading')}</h1>
      <ArchiveSearch call={call} onUnauthenticated={onUnauthenticated} />

      <section className="archive-meetings" aria-labelledby={`${id}-meetings`}>
        <h2 id={`${id}-meetings`}>{t('archive.meetings.heading')}</h2>
        {load.kind === 'loading' && <p className="muted">{t('archive.meetings.loading')}</p>}
        {load.kind === 'failed' && (
          <p className="alert" role="alert">
            {load.message}
          </p>
        )}
        {load.kind === 'done' && load.meetings.length === 0 && (
          <p className="muted" data-testid="archive-meetings-empty">
            {t('archive.meetings.empty')}
          </p>
        )}
        {load.kind === 'done' && load.meetings.length > 0 && (
          <table className="archive-table" data-testid="archive-meetings">
            <thead>
              <tr>
                <th scope="col">{t('archive.meetings.title')}</th>
                <th scope="col">{t('archive.meetings.when')}</th>
                <th scope="col">{t('archive.meetings.minutes')}</th>
                <th scope="col">{t('archive.meetings.documents')}</th>
                <th scope="col">{t('archive.meetings.package')}</th>
              </tr>
            </thead>
            <tbody>
              {load.meetings.map((row) => (
                <tr key={row.meeting.id} data-testid="archive-meeting" data-meeting-id={row.meeting.id}>
                  <th scope="row">
                    <span className="archive-table__title">{row.meeting.title}</span>
                    {row.meeting.place && (
                      <span className="muted archive-table__place">{row.meeting.place}</span>
                    )}
                  </th>
                  <td>{formatDateTime(row.meeting.startsAt, i18n.language, row.meeting.timeZone)}</td>
                  <td data-testid="archive-minutes-state">
                    {t(`archive.minutesState.${row.minutesState ?? 'none'}`)}
                  </td>
                  <td>{t('archive.meetings.documentCount', { count: row.documents, pages: row.pages })}</td>
                  <td>
                    <ExportControls
                      call={call}
                      meetingId={row.meeting.id}
                      initial={row.lastExport}
                      onUnauthenticated={onUnauthenticated}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="archive-upload" aria-labelledby={`${id}-upload`}>
        <h2 id={`${id}-upload`}>{t('archive.upload.heading')}</h2>
        <p className="muted">{t('archive.upload.hint')}</p>
        <label className="button">
          {t('archive.upload.choose')}
          <input
            type="file"
            accept=".zip,application/zip"
            className="visually-hidden"
            onChange={verifyFile}
            data-testid="archive-upload-input"
          />
        </label>
        {upload.kind === 'running' && <p className="muted">{t('archive.verify.running')}</p>}
        {upload.kind === 'failed' && (
          <p className="alert" role="alert">
            {upload.message}
          </p>
        )}
        {upload.kind === 'done' && <VerifyResult result={upload.result} />}
      </section>
    </main>
  );
}
