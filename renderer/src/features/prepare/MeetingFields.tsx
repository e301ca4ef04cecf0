import {
  CreateMeetingRequestSchema,
  type MeetingType,
  MeetingTypeSchema,
  UpdateMeetingRequestSchema,
} from '#common/schemas/meeting';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/FieldError';
import { formatDateTime } from '../../lib/format';
import {
  type FieldIssues,
  fieldAria,
  issuesFor,
  maxLengthOf,
  numberFromInput,
  rangeOf,
} from '../../lib/form-issues';
import { DEFAULT_TIME_ZONE, offsetMinutesAt } from '#common/time/meeting-time';
import { fromLocalInputValue } from './local-time';

/** The meeting form as typed: strings, so half-typed values survive re-renders. */
export interface MeetingValues {
  title: string;
  body: string;
  type: MeetingType;
  startsLocal: string;
  /** Empty in the create form: the end of the meeting's day. */
  endsLocal: string;
  timeZone: string;
  place: string;
  leadTime: string;
}

/**
 * The fields as the create request carries them. An incomplete date stays as typed, so the
 * schema reports it instead of the form guessing a time.
 */
export function meetingRequestOf(values: MeetingValues) {
  const ends = values.endsLocal.trim();
  return {
    title: values.title.trim(),
    body: values.body.trim(),
    type: values.type,
    startsAt: fromLocalInputValue(values.startsLocal, values.timeZone) ?? values.startsLocal,
    ...(ends === '' ? {} : { endsAt: fromLocalInputValue(ends, values.timeZone) ?? ends }),
    timeZone: values.timeZone,
    place: values.place.trim(),
  };
}

/**
 * Zones a secretariat in Vietnam is likely to need (delegations abroad, partners in the region),
 * with the meeting's own zone added when it is another.
 */
const COMMON_ZONES = [
  DEFAULT_TIME_ZONE,
  'Asia/Bangkok',
  'Asia/Vientiane',
  'Asia/Phnom_Penh',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Seoul',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Europe/Moscow',
  'Europe/Paris',
  'Europe/London',
  'America/New_York',
  'UTC',
];

/** "+07:00" for a zone, at `instant`. */
function offsetLabel(timeZone: string, instant: number): string {
  const minutes = offsetMinutesAt(instant, timeZone);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Checks the values with the request schema the server uses: the create request's, or (with
 * the lead time) the update request's over every field. Problems are keyed by the request's
 * field names (`title`, `startsAt`, `leadTimeWorkingDays`); empty when the form can be sent.
 */
export function validateMeeting(values: MeetingValues, withLeadTime: boolean): FieldIssues {
  const request = meetingRequestOf(values);
  return withLeadTime
    ? issuesFor(UpdateMeetingRequestSchema, {
        ...request,
        leadTimeWorkingDays: numberFromInput(values.leadTime),
      })
    : issuesFor(CreateMeetingRequestSchema, request);
}

/** The fields a problem can be shown beside (the request's names). */
export const MEETING_FIELDS = [
  'title',
  'body',
  'type',
  'startsAt',
  'endsAt',
  'timeZone',
  'place',
  'leadTimeWorkingDays',
] as const;

/** Typing aids read from the schema (the schema itself is the rule). */
const LIMITS = {
  title: maxLengthOf(UpdateMeetingRequestSchema.shape.title),
  body: maxLengthOf(UpdateMeetingRequestSchema.shape.body),
  place: maxLengthOf(UpdateMeetingRequestSchema.shape.place),
  leadTime: rangeOf(UpdateMeetingRequestSchema.shape.leadTimeWorkingDays),
};

/** Props of {@link MeetingFields}. */
export interface MeetingFieldsProps {
  values: MeetingValues;
  /** Problems by the request's field names (this form's check and the server's). */
  errors: FieldIssues;
  onChange: (values: MeetingValues) => void;
  /** The lead time is a setting of an existing meeting; the create form leaves it at its default. */
  withLeadTime: boolean;
  /** Prefix for data-testids, so two forms on one page stay distinguishable. */
  testPrefix: string;
}

type MeetingField = (typeof MEETING_FIELDS)[number];

/** The fields of a meeting: title, issuing body, type, date and time, place, lead time. */
export function MeetingFields({ values, errors, onChange, withLeadTime, testPrefix }: MeetingFieldsProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const startsAt = fromLocalInputValue(values.startsLocal, values.timeZone);
  const endsAt =
    values.endsLocal.trim() === '' ? null : fromLocalInputValue(values.endsLocal, values.timeZone);
  const zones = COMMON_ZONES.includes(values.timeZone) ? COMMON_ZONES : [values.timeZone, ...COMMON_ZONES];
  const offsetAt = startsAt ? Date.parse(startsAt) : Date.now();
  const set = <K extends keyof MeetingValues>(key: K, value: MeetingValues[K]) =>
    onChange({ ...values, [key]: value });
  const errorId = (field: MeetingField) => `${id}-${field}-error`;
  /** What a field's problem (and hint) needs: its ARIA attributes and the message under it. */
  const problem = (field: MeetingField, hint?: string) => ({
    aria: fieldAria(errors[field], errorId(field), hint),
    message: <FieldError id={errorId(field)} issue={errors[field]} testId={`${testPrefix}-${field}-error`} />,
  });
  const title = problem('title');
  const body = problem('body');
  const type = problem('type');
  const starts = problem('startsAt', `${id}-starts-hint`);
  const ends = problem('endsAt', `${id}-ends-hint`);
  const zone = problem('timeZone', `${id}-zone-hint`);
  const place = problem('place');
  const lead = problem('leadTimeWorkingDays', `${id}-lead-hint`);

  return (
    <div className="prepare-grid">
      <div className="field prepare-grid__wide">
        <label htmlFor={`${id}-title`}>{t('prepare.meeting.title')}</label>
        <input
          id={`${id}-title`}
          data-testid={`${testPrefix}-title`}
          value={values.title}
          maxLength={LIMITS.title}
          {...title.aria}
          onChange={(event) => set('title', event.target.value)}
        />
        {title.message}
      </div>
      <div className="field prepare-grid__wide">
        <label htmlFor={`${id}-body`}>{t('prepare.meeting.body')}</label>
        <input
          id={`${id}-body`}
          data-testid={`${testPrefix}-body`}
          value={values.body}
          maxLength={LIMITS.body}
          placeholder={t('prepare.meeting.bodyPlaceholder')}
          {...body.aria}
          onChange={(event) => set('body', event.target.value)}
        />
        {body.message}
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('prepare.meeting.type')}</label>
        <select
          id={`${id}-type`}
          data-testid={`${testPrefix}-type`}
          value={values.type}
          {...type.aria}
          onChange={(event) => set('type', MeetingTypeSchema.parse(event.target.value))}
        >
          {MeetingTypeSchema.options.map((option) => (
            <option key={option} value={option}>
              {t(`meeting.type.${option}`)}
            </option>
          ))}
        </select>
        {type.message}
      </div>
      <div className="field">
        <label htmlFor={`${id}-starts`}>{t('prepare.meeting.startsAt')}</label>
        <input
          id={`${id}-starts`}
          data-testid={`${testPrefix}-starts`}
          type="datetime-local"
          value={values.startsLocal}
          {...starts.aria}
          onChange={(event) => set('startsLocal', event.target.value)}
        />
        {/* The native picker formats by the browser's own locale (maybe 12-hour); say it once more in ours. */}
        <p id={`${id}-starts-hint`} className="field__hint" data-testid={`${testPrefix}-starts-read`}>
          {startsAt
            ? t('prepare.meeting.startsRead', {
                time: formatDateTime(startsAt, i18n.language, values.timeZone),
              })
            : t('prepare.meeting.startsHint')}
        </p>
        {starts.message}
      </div>
      <div className="field">
        <label htmlFor={`${id}-ends`}>{t('prepare.meeting.endsAt')}</label>
        <input
          id={`${id}-ends`}
          data-testid={`${testPrefix}-ends`}
          type="datetime-local"
          value={values.endsLocal}
          {...ends.aria}
          onChange={(event) => set('endsLocal', event.target.value)}
        />
        <p id={`${id}-ends-hint`} className="field__hint" data-testid={`${testPrefix}-ends-read`}>
          {endsAt
            ? t('prepare.meeting.endsRead', { time: formatDateTime(endsAt, i18n.language, values.timeZone) })
            : t('prepare.meeting.endsHint')}
        </p>
        {ends.message}
      </div>
      <div className="field">
        <label htmlFor={`${id}-zone`}>{t('prepare.meeting.timeZone')}</label>
        <select
          id={`${id}-zone`}
          data-testid={`${testPrefix}-zone`}
          value={values.timeZone}
          {...zone.aria}
          onChange={(event) => set('timeZone', event.target.value)}
        >
          {zones.map((option) => (
            <option key={option} value={option}>
              {t('prepare.meeting.timeZoneOption', { zone: option, offset: offsetLabel(option, offsetAt) })}
            </option>
          ))}
        </select>
        <p id={`${id}-zone-hint`} className="field__hint">
          {t('prepare.meeting.timeZoneHint')}
        </p>
        {zone.message}
      </div>
      <div className="field prepare-grid__wide">
        <label htmlFor={`${id}-place`}>{t('prepare.meeting.place')}</label>
        <input
          id={`${id}-place`}
          data-testid={`${testPrefix}-place`}
          value={values.place}
          maxLength={LIMITS.place}
          {...place.aria}
          onChange={(event) => set('place', event.target.value)}
        />
        {place.message}
      </div>
      {withLeadTime && (
        <div className="field prepare-grid__wide prepare-field--narrow">
          <label htmlFor={`${id}-lead`}>{t('prepare.meeting.leadTime')}</label>
          <input
            id={`${id}-lead`}
            data-testid={`${testPrefix}-lead`}
            type="number"
            inputMode="numeric"
            min={LIMITS.leadTime.min}
            max={LIMITS.leadTime.max}
            step={1}
            value={values.leadTime}
            {...lead.aria}
            onChange={(event) => set('leadTime', event.target.value)}
          />
          <p id={`${id}-lead-hint`} className="field__hint">
            {t('prepare.meeting.leadTimeHint')}
          </p>
          {lead.message}
        </div>
      )}
    </div>
  );
}
