import { type Meeting, type UpdateMeetingRequest, UpdateMeetingRequestSchema } from '#common/schemas/meeting';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/FieldError';
import { type FieldIssues, hasIssues, issuesFor } from '../../lib/form-issues';
import { useUnsavedChanges } from '../../lib/unsaved-changes';
import { fromLocalInputValue, toLocalInputValue } from './local-time';
import { MEETING_FIELDS, MeetingFields, type MeetingValues, validateMeeting } from './MeetingFields';
import { type Failure, FailureMessage, failureIssues, usePrepare } from './prepare-context';

/** Props of {@link MeetingForm}. */
export interface MeetingFormProps {
  meeting: Meeting;
  onSaved: (meeting: Meeting) => void;
}

function valuesOf(meeting: Meeting): MeetingValues {
  return {
    title: meeting.title,
    body: meeting.body,
    type: meeting.type,
    startsLocal: toLocalInputValue(meeting.startsAt, meeting.timeZone),
    endsLocal: toLocalInputValue(meeting.endsAt, meeting.timeZone),
    timeZone: meeting.timeZone,
    place: meeting.place,
    leadTime: String(meeting.leadTimeWorkingDays),
  };
}

/** Only the fields that differ from the stored meeting, so a save never overwrites others' edits needlessly. */
function changes(meeting: Meeting, values: MeetingValues): UpdateMeetingRequest {
  const patch: UpdateMeetingRequest = {};
  // The inputs show minutes (an end of day is 23:59:59): a time counts as changed when its
  // field reads differently, or when a new zone makes the same reading another instant.
  const zoneChanged = values.timeZone !== meeting.timeZone;
  const changedTime = (typed: string, stored: string): string | null => {
    const instant = fromLocalInputValue(typed, values.timeZone);
    if (instant === null) return null;
    const retyped = typed !== toLocalInputValue(stored, meeting.timeZone);
    return retyped || (zoneChanged && Date.parse(instant) !== Date.parse(stored)) ? instant : null;
  };
  const startsAt = changedTime(values.startsLocal, meeting.startsAt);
  const endsAt = changedTime(values.endsLocal, meeting.endsAt);
  if (values.title.trim() !== meeting.title) patch.title = values.title.trim();
  if (values.body.trim() !== meeting.body) patch.body = values.body.trim();
  if (values.type !== meeting.type) patch.type = values.type;
  if (startsAt !== null) patch.startsAt = startsAt;
  if (endsAt !== null) patch.endsAt = endsAt;
  if (values.timeZone !== meeting.timeZone) patch.timeZone = values.timeZone;
  if (values.place.trim() !== meeting.place) patch.place = values.place.trim();
  if (Number(values.leadTime) !== meeting.leadTimeWorkingDays)
    patch.leadTimeWorkingDays = Number(values.leadTime);
  return patch;
}

/** The meeting's details (thông tin chung), saved with PATCH /meetings/:m. */
export function MeetingForm({ meeting, onSaved }: MeetingFormProps) {
  const { t } = useTranslation();
  const { prepareApi, fail } = usePrepare();
  const id = useId();
  const [values, setValues] = useState<MeetingValues>(() => valuesOf(meeting));
  const [errors, setErrors] = useState<FieldIssues>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);

  const patch = changes(meeting, values);
  const dirty = Object.keys(patch).length > 0;
  useUnsavedChanges(`meeting-form-${meeting.id}`, dirty);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    // Every field is checked, then the patch itself (the schema refuses "nothing to change").
    const problems = validateMeeting(values, true);
    const checked = hasIssues(problems) ? problems : issuesFor(UpdateMeetingRequestSchema, patch);
    setErrors(checked);
    if (hasIssues(checked)) return;
    setSaving(true);
    setFailure(null);
    try {
      const updated = await prepareApi.updateMeeting(meeting.id, patch);
      setValues(valuesOf(updated));
      setSaved(true);
      onSaved(updated);
    } catch (error) {
      const failed = fail(error);
      setFailure(failed);
      setErrors(failureIssues(failed));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="prepare-card"
      data-testid="meeting-form"
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <h3 className="prepare-card__heading">{t('prepare.meeting.heading')}</h3>
      <MeetingFields
        values={values}
        errors={errors}
        onChange={(next) => {
          setValues(next);
          setSaved(false);
        }}
        withLeadTime
        testPrefix="meeting-field"
      />
      {failure && <FailureMessage failure={failure} testId="meeting-save-error" fields={MEETING_FIELDS} />}
      <FieldError id={`${id}-form-error`} issue={errors['']} testId="meeting-form-error" />
      <div className="prepare-actions">
        <button type="submit" className="button button--primary" data-testid="meeting-save" disabled={saving}>
          {saving ? t('prepare.saving') : t('prepare.meeting.save')}
        </button>
        <span role="status" className="prepare-status" data-testid="meeting-save-status">
          {saved ? t('prepare.saved') : dirty ? t('prepare.unsaved') : ''}
        </span>
      </div>
    </form>
  );
}
