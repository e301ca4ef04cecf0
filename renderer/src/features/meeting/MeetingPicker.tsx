import type { Meeting } from '#common/schemas/meeting';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiClient, type ClientErrorCode, isUnauthenticated } from '../../lib/api';
import { errorCodeOf } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';

/** Props of {@link MeetingPicker}. */
export interface MeetingPickerProps {
  api: ApiClient;
  onPick: (meeting: Meeting) => void;
  onUnauthenticated: () => void;
}

type Load =
  | { kind: 'loading' }
  | { kind: 'ready'; meetings: Meeting[] }
  | { kind: 'failed'; code: ClientErrorCode };

/** Newest first: staff usually want the meeting that is about to start or just started. */
const byStartDescending = (a: Meeting, b: Meeting): number => b.startsAt.localeCompare(a.startsAt);

/**
 * For room staff, whose session belongs to no single meeting: the room's meetings, to pick
 * the one to follow.
 */
export function MeetingPicker({ api, onPick, onUnauthenticated }: MeetingPickerProps) {
  const { t, i18n } = useTranslation();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger
  useEffect(() => {
    let cancelled = false;
    setLoad({ kind: 'loading' });
    api.listMeetings().then(
      (meetings) => {
        if (!cancelled) setLoad({ kind: 'ready', meetings: [...meetings].sort(byStartDescending) });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (isUnauthenticated(error)) onUnauthenticated();
        else setLoad({ kind: 'failed', code: errorCodeOf(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, attempt, onUnauthenticated]);

  return (
    <main className="picker-page" data-testid="meeting-picker">
      <h2 className="picker-page__heading">{t('picker.heading')}</h2>
      <p className="muted">{t('picker.intro')}</p>

      {load.kind === 'loading' && <p className="muted">{t('picker.loading')}</p>}
      {load.kind === 'failed' && (
        <div className="alert alert--with-action" role="alert" data-testid="picker-error">
          <span>
            {t('picker.loadFailed')} {t(`errors.${load.code}`)}
          </span>
          <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('agenda.retry')}
          </button>
        </div>
      )}
      {load.kind === 'ready' && load.meetings.length === 0 && <p className="muted">{t('picker.empty')}</p>}
      {load.kind === 'ready' && load.meetings.length > 0 && (
        <ul className="meeting-list">
          {load.meetings.map((meeting) => (
            <li key={meeting.id}>
              <button
                type="button"
                className="meeting-option"
                data-testid="meeting-option"
                data-meeting-id={meeting.id}
                onClick={() => onPick(meeting)}
              >
                <span className="meeting-option__title">{meeting.title}</span>
                <span className="meeting-option__meta">
                  {formatDateTime(meeting.startsAt, i18n.language, meeting.timeZone)}
                  {meeting.place && ` · ${meeting.place}`}
                </span>
                <span className={`tag tag--status-${meeting.status}`}>
                  {t(`meeting.status.${meeting.status}`)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
