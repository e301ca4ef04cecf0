import type { Participant } from '#common/schemas/participant';
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../lib/connection';
import { ConnectionBadge } from './ConnectionBadge';
import { LanguageSwitch } from './LanguageSwitch';
import { confirmDiscard } from '../lib/unsaved-changes';

/** Props of {@link AppHeader}. */
export interface AppHeaderProps {
  /** The meeting title, or null while no meeting is chosen (room staff). */
  meetingTitle: string | null;
  participant: Participant;
  connection: ConnectionState;
  leaving: boolean;
  onLeave: () => void;
}

/**
 * The bar on top of every screen after joining: which meeting, who is signed in on this
 * device and in what role, the connection state, the language, and the way out.
 */
export function AppHeader({ meetingTitle, participant, connection, leaving, onLeave }: AppHeaderProps) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <div className="app-header__meeting">
        <span className="app-header__app-name">{t('app.name')}</span>
        <h1 className="app-header__title" data-testid="meeting-title">
          {meetingTitle ?? t('header.noMeeting')}
        </h1>
      </div>
      <div className="app-header__tools">
        <div className="app-header__person" data-testid="participant">
          <span className="app-header__person-name" data-testid="participant-name">
            {participant.name}
          </span>
          <span className="app-header__role" data-testid="participant-role" data-role={participant.role}>
            {t(`role.${participant.role}`)}
          </span>
        </div>
        <ConnectionBadge state={connection} />
        <LanguageSwitch />
        <button
          type="button"
          className="button button--quiet"
          data-testid="leave-button"
          onClick={() => {
            if (confirmDiscard(t('prepare.unsavedLeave'))) onLeave();
          }}
          disabled={leaving}
        >
          {leaving ? t('header.leaving') : t('header.leave')}
        </button>
      </div>
    </header>
  );
}
