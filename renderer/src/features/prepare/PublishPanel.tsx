import type { Meeting, MeetingStatus, PublishWarning } from '#common/schemas/meeting';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { translatePublishWarning } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { type Failure, FailureMessage, usePrepare } from './prepare-context';

/** Props of {@link PublishPanel}. */
export interface PublishPanelProps {
  meeting: Meeting;
  /** The status as the live document reports it (it changes when the meeting opens). */
  status: MeetingStatus;
  counts: { items: number; documents: number; participants: number | null };
  onPublished: (meeting: Meeting) => void;
}

/**
 * "Công bố" (publish): sends the agenda and documents to the participants. Shows the state
 * and revision of the publication and the server's warnings (e.g. fewer working days left
 * than the meeting's lead time).
 */
export function PublishPanel({ meeting, status, counts, onPublished }: PublishPanelProps) {
  const { t, i18n } = useTranslation();
  const { prepareApi, fail } = usePrepare();
  const [busy, setBusy] = useState(false);
  const [warnings, setWarnings] = useState<PublishWarning[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const published = meeting.publishedRevision > 0;

  const publish = async () => {
    setBusy(true);
    setFailure(null);
    setWarnings(null);
    try {
      const result = await prepareApi.publishMeeting(meeting.id);
      setWarnings(result.warnings);
      onPublished(result.meeting);
    } catch (error) {
      setFailure(fail(error));
    } finally {
      setBusy(false);
    }
  };

  const warningText = (warning: PublishWarning): string =>
    translatePublishWarning(warning, t, i18n.language, { required: meeting.leadTimeWorkingDays });

  return (
    <section
      className={`prep-publish prep-publish--${published ? 'published' : 'draft'}`}
      aria-label={t('prepare.publish.label')}
    >
      <div className="prep-publish__state">
        <p
          className="prep-publish__status"
          data-testid="publish-status"
          data-status={status}
          data-revision={meeting.publishedRevision}
          role="status"
        >
          <span className={`tag tag--status-${status}`}>{t(`meeting.status.${status}`)}</span>{' '}
          {published && meeting.publishedAt
            ? t('prepare.publish.publishedAt', {
                revision: meeting.publishedRevision,
                time: formatDateTime(meeting.publishedAt, i18n.language, meeting.timeZone),
              })
            : t('prepare.publish.notYet')}
        </p>
        <p className="prep-publish__counts muted">
          {t('prepare.publish.counts', {
            items: counts.items,
            documents: counts.documents,
            participants: counts.participants ?? '…',
          })}
        </p>
      </div>
      <button
        type="button"
        className="button button--primary prep-publish__button"
        data-testid="publish-meeting"
        disabled={busy || status === 'ended'}
        onClick={() => void publish()}
      >
        {busy
          ? t('prepare.publish.busy')
          : published
            ? t('prepare.publish.republish')
            : t('prepare.publish.publish')}
      </button>
      <p className="prep-publish__hint field__hint">
        {published ? t('prepare.publish.republishHint') : t('prepare.publish.hint')}
      </p>
      {failure && <FailureMessage failure={failure} testId="publish-error" />}
      {warnings && warnings.length > 0 && (
        <ul
          className="prep-warnings"
          data-testid="publish-warnings"
          aria-label={t('prepare.publish.warningsLabel')}
        >
          {warnings.map((warning) => (
            <li key={warning.code} data-code={warning.code}>
              {/* Known codes in the UI language; an unknown (newer) one in the server's words. */}
              <strong>{warningText(warning)}</strong>
            </li>
          ))}
        </ul>
      )}
      {warnings && warnings.length === 0 && (
        <p className="notice prep-notice--ok" role="status" data-testid="publish-ok">
          {t('prepare.publish.done', { revision: meeting.publishedRevision })}
        </p>
      )}
    </section>
  );
}
