import type { Meeting } from '#common/schemas/meeting';
import { DEFAULT_TIME_ZONE } from '#common/time/meeting-time';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrepareApi } from '../../lib/api';
import { type FieldIssues, hasIssues } from '../../lib/form-issues';
import { useUnsavedChanges } from '../../lib/unsaved-changes';
import {
  MEETING_FIELDS,
  MeetingFields,
  type MeetingValues,
  meetingRequestOf,
  validateMeeting,
} from './MeetingFields';
import { type Failure, FailureMessage, failureIssues, toFailure } from './prepare-context';

/** Props of {@link CreateMeeting}. */
export interface CreateMeetingProps {
  prepareApi: PrepareApi;
  onCreated: (meeting: Meeting) => void;
  onUnauthenticated: () => void;
}

const EMPTY: MeetingValues = {
  title: '',
  body: '',
  type: 'regular',
  startsLocal: '',
  endsLocal: '',
  timeZone: DEFAULT_TIME_ZONE,
  place: '',
  leadTime: '3',
};

/** "Tạo cuộc họp mới" for room staff, above the meeting picker (POST /meetings). */
export function CreateMeeting({ prepareApi, onCreated, onUnauthenticated }: CreateMeetingProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<MeetingValues>(EMPTY);
  const [errors, setErrors] = useState<FieldIssues>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  useUnsavedChanges('create-meeting', open && JSON.stringify(values) !== JSON.stringify(EMPTY));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = validateMeeting(values, false);
    setErrors(problems);
    if (hasIssues(problems)) return;
    setBusy(true);
    setFailure(null);
    try {
      const meeting = await prepareApi.createMeeting(meetingRequestOf(values));
      setValues(EMPTY);
      setOpen(false);
      onCreated(meeting);
    } catch (error) {
      const failed = toFailure(error, onUnauthenticated);
      setFailure(failed);
      setErrors(failureIssues(failed));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="create-meeting" aria-labelledby={headingId}>
      <div className="create-meeting__head">
        <h2 id={headingId} className="create-meeting__heading">
          {t('prepare.create.heading')}
        </h2>
        {!open && (
          <button
            type="button"
            className="button button--primary"
            data-testid="meeting-create-open"
            onClick={() => setOpen(true)}
          >
            + {t('prepare.create.open')}
          </button>
        )}
      </div>
      {open && (
        <form
          className="prepare-card"
          data-testid="meeting-create-form"
          onSubmit={(e) => void submit(e)}
          noValidate
        >
          <p className="muted prepare-card__intro">{t('prepare.create.intro')}</p>
          <MeetingFields
            values={values}
            errors={errors}
            onChange={setValues}
            withLeadTime={false}
            testPrefix="meeting-create"
          />
          {failure && <FailureMessage failure={failure} fields={MEETING_FIELDS} />}
          <div className="prepare-actions">
            <button
              type="submit"
              className="button button--primary"
              data-testid="meeting-create-submit"
              disabled={busy}
            >
              {busy ? t('prepare.saving') : t('prepare.create.submit')}
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)} disabled={busy}>
              {t('prepare.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
