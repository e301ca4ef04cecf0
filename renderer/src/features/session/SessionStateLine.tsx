import type { LiveSession } from '#common/schemas/session';
import { useTranslation } from 'react-i18next';
import { formatClockTime } from './format-session';

/** Props of {@link SessionStateLine}. */
export interface SessionStateLineProps {
  session: LiveSession | null;
  large?: boolean;
}

/** "Đang họp · khai mạc lúc 08:02": the session's state and the time that matters for it. */
export function SessionStateLine({ session, large = false }: SessionStateLineProps) {
  const { t, i18n } = useTranslation();
  const state = session?.state ?? 'not_started';
  const time =
    state === 'ended'
      ? session?.endedAt
      : state === 'paused'
        ? session?.pausedAt
        : state === 'in_session'
          ? session?.startedAt
          : null;
  return (
    <p
      className={`session-state session-state--${state}${large ? ' session-state--large' : ''}`}
      data-testid="session-state"
      data-state={state}
    >
      <span className="session-state__dot" aria-hidden="true" />
      <strong>{t(`session.state.${state}`)}</strong>
      {time && (
        <span className="session-state__time">
          {' · '}
          {t(`session.stateSince.${state}`, { time: formatClockTime(time, i18n.language) })}
        </span>
      )}
    </p>
  );
}
