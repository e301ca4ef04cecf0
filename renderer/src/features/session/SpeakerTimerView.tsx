import { type SpeakerTimer, spokenSeconds } from '#common/schemas/session';
import { useTranslation } from 'react-i18next';
import { formatTimer, serverNow, timerPhase } from './server-clock';
import { useNow } from './use-server-clock';

/** Props of {@link SpeakerTimerView}. */
export interface SpeakerTimerViewProps {
  timer: SpeakerTimer;
  /** Offset to the server clock (ms), or null while unknown. */
  offsetMs: number | null;
  /** The projector's and the speaker's own large figures. */
  large?: boolean;
  testId?: string;
}

/**
 * The remaining speaking time, counted from the server's instants so every screen shows the
 * same figure; amber in the last `warningSeconds`, red and negative once over. Only the
 * phase is announced to screen readers (politely), never every second.
 */
export function SpeakerTimerView({
  timer,
  offsetMs,
  large = false,
  testId = 'speaker-timer',
}: SpeakerTimerViewProps) {
  const { t } = useTranslation();
  const paused = timer.pausedAt !== null;
  const now = useNow(!paused);
  const left = Math.ceil(timer.limitSeconds - spokenSeconds(timer, serverNow(now, offsetMs)));
  const phase = timerPhase(left, timer.warningSeconds);
  return (
    <div
      className={`speaker-timer speaker-timer--${phase}${paused ? ' speaker-timer--paused' : ''}${large ? ' speaker-timer--large' : ''}`}
      data-testid={testId}
      data-phase={phase}
    >
      <span className="speaker-timer__figure" role="timer" aria-label={t('session.timer.label')}>
        {formatTimer(left)}
      </span>
      <span className="speaker-timer__phase" aria-live="polite">
        {paused ? t('session.timer.paused') : phase === 'running' ? '' : t(`session.timer.${phase}`)}
      </span>
    </div>
  );
}
