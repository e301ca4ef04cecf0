import { type MeetingType, MeetingTypeSchema } from '#common/schemas/meeting';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { fromLocalInputValue } from './local-time';

/** The meeting form as typed: strings, so half-typed values survive re-renders. */
export interface MeetingValues {
  title: string;
  body: string;
  type: MeetingType;
  startsLocal: string;
  place: string;
  leadTime: string;
}

/** Problems that keep the form from being sent, by field. */
export type MeetingFieldErrors = Partial<Record<'title' | 'startsLocal' | 'leadTime', string>>;

/** Checks the values; returns the translated problems (empty when the form can be sent). */
export function validateMeeting(
  values: MeetingValues,
  t: ReturnType<typeof useTranslation>['t'],
  withLeadTime: boolean,
): MeetingFieldErrors {
  const errors: MeetingFieldErrors = {};
  if (values.title.trim() === '') errors.title = t('prepare.meeting.errors.titleRequired');
  if (fromLocalInputValue(values.startsLocal) === null)
    errors.startsLocal = t('prepare.meeting.errors.startsRequired');
  if (withLeadTime) {
    const lead = Number(values.leadTime);
    if (values.leadTime.trim() === '' || !Number.isInteger(lead) || lead < 0 || lead > 30)
      errors.leadTime = t('prepare.meeting.errors.leadTime');
  }
  return errors;
}

/** Props of {@link MeetingFields}. */
export interface MeetingFieldsProps {
  values: MeetingValues;
  errors: MeetingFieldErrors;
  onChange: (values: MeetingValues) => void;
  /** The lead time is a setting of an existing meeting; the create form leaves it at its default. */
  withLeadTime: boolean;
  /** Prefix for data-testids, so two forms on one page stay distinguishable. */
  testPrefix: string;
}

/** The fields of a meeting: title, issuing body, type, date and time, place, lead time. */
export function MeetingFields({ values, errors, onChange, withLeadTime, testPrefix }: MeetingFieldsProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const startsAt = fromLocalInputValue(values.startsLocal);
  const set = <K extends keyof MeetingValues>(key: K, value: MeetingValues[K]) =>
    onChange({ ...values, [key]: value });
  const described = (field: keyof MeetingFieldErrors, hint?: string) =>
    [errors[field] ? `${id}-${field}-error` : null, hint ?? null].filter(Boolean).join(' ') || undefined;

  return (
    <div className="prepare-grid">
      <div className="field prepare-grid__wide">
        <label htmlFor={`${id}-title`}>{t('prepare.meeting.title')}</label>
        <input
          id={`${id}-title`}
          data-testid={`${testPrefix}-title`}
          value={values.title}
          maxLength={300}
          required
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={described('title')}
          onChange={(event) => set('title', event.target.value)}
        />
        {errors.title && (
          <p id={`${id}-title-error`} className="field__error">
            {errors.title}
          </p>
        )}
      </div>
      <div className="field prepare-grid__wide">
        <label htmlFor={`${id}-body`}>{t('prepare.meeting.body')}</label>
        <input
          id={`${id}-body`}
          data-testid={`${testPrefix}-body`}
          value={values.body}
          maxLength={300}
          placeholder={t('prepare.meeting.bodyPlaceholder')}
          onChange={(event) => set('body', event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('prepare.meeting.type')}</label>
        <select
          id={`${id}-type`}
          data-testid={`${testPrefix}-type`}
          value={values.type}
          onChange={(event) => set('type', MeetingTypeSchema.parse(event.target.value))}
        >
          {MeetingTypeSchema.options.map((type) => (
            <option key={type} value={type}>
              {t(`meeting.type.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-starts`}>{t('prepare.meeting.startsAt')}</label>
        <input
          id={`${id}-starts`}
          data-testid={`${testPrefix}-starts`}
          type="datetime-local"
          value={values.startsLocal}
          required
          aria-invalid={errors.startsLocal ? true : undefined}
          aria-describedby={described('startsLocal', `${id}-starts-hint`)}
          onChange={(event) => set('startsLocal', event.target.value)}
        />
        {/* The native picker formats by the browser's own locale (maybe 12-hour); say it once more in ours. */}
        <p id={`${id}-starts-hint`} className="field__hint" data-testid={`${testPrefix}-starts-read`}>
          {startsAt
            ? t('prepare.meeting.startsRead', { time: formatDateTime(startsAt, i18n.language) })
            : t('prepare.meeting.startsHint')}
        </p>
        {errors.startsLocal && (
          <p id={`${id}-startsLocal-error`} className="field__error">
            {errors.startsLocal}
          </p>
        )}
      </div>
      <div className="field prepare-grid__wide">
        <label htmlFor={`${id}-place`}>{t('prepare.meeting.place')}</label>
        <input
          id={`${id}-place`}
          data-testid={`${testPrefix}-place`}
          value={values.place}
          maxLength={300}
          onChange={(event) => set('place', event.target.value)}
        />
      </div>
      {withLeadTime && (
        <div className="field prepare-grid__wide prepare-field--narrow">
          <label htmlFor={`${id}-lead`}>{t('prepare.meeting.leadTime')}</label>
          <input
            id={`${id}-lead`}
            data-testid={`${testPrefix}-lead`}
            type="number"
            inputMode="numeric"
            min={0}
            max={30}
            step={1}
            value={values.leadTime}
            aria-invalid={errors.leadTime ? true : undefined}
            aria-describedby={described('leadTime', `${id}-lead-hint`)}
            onChange={(event) => set('leadTime', event.target.value)}
          />
          <p id={`${id}-lead-hint`} className="field__hint">
            {t('prepare.meeting.leadTimeHint')}
          </p>
          {errors.leadTime && (
            <p id={`${id}-leadTime-error`} className="field__error">
              {errors.leadTime}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
