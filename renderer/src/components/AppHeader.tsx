import type { Participant } from '#common/schemas/participant';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../lib/connection';
import { ConnectionBadge } from './ConnectionBadge';
import { LanguageSwitch } from './LanguageSwitch';
import { LeaveDialog } from './LeaveDialog';
import { confirmDiscard } from '../lib/unsaved-changes';

/** Props of {@link AppHeader}. */
export interface AppHeaderProps {
  /** The meeting title, or null while no meeting is chosen (room staff). */
  meetingTitle: string | null;
  participant: Participant;
  connection: ConnectionState;
  leaving: boolean;
  /** Called once the participant confirmed leaving in the dialog. */
  onLeave: () => void;
}

/**
 * The bar on top of every screen after joining: which meeting, who is signed in on this
 * device and in what role, the connection state, the language, and the way out.
 */
export function AppHeader({ meetingTitle, participant, connection, leaving, onLeave }: AppHeaderProps) {
  const { t } = useTranslation();
  /** The "leave?" question is open. */
  const [asking, setAsking] = useState(false);
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
            // Unsaved meeting details are asked about first; then what leaving means.
            if (confirmDiscard(t('prepare.unsavedLeave'))) setAsking(true);
          }}
          disabled={leaving}
          aria-haspopup="dialog"
        >
          {leaving ? t('header.leaving') : t('header.leave')}
        </button>
        <LeaveDialog
          open={asking}
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            onLeave();
          }}
        />
      </div>
    </header>
  );
}
