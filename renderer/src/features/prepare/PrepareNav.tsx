import { useTranslation } from 'react-i18next';
import { confirmDiscard } from '../../lib/unsaved-changes';

/** The views of a meeting staff switch between. */
export type SessionView = 'agenda' | 'prepare' | 'session' | 'archive';

/** Props of {@link PrepareNav}. */
export interface PrepareNavProps {
  view: SessionView;
  onChange: (view: SessionView) => void;
  /** The views this person may open besides the agenda ("prepare": secretariat; "session": who runs it; "archive": archivists and the secretariat). */
  views: readonly SessionView[];
}

/** "Chương trình họp" | "Phiên họp" | "Chuẩn bị cuộc họp": for the staff who have more than the agenda. */
export function PrepareNav({ view, onChange, views }: PrepareNavProps) {
  const { t } = useTranslation();
  const go = (next: SessionView) => {
    if (next !== view && confirmDiscard(t('prepare.unsavedLeave'))) onChange(next);
  };
  return (
    <div className="prep-nav">
      <button
        type="button"
        className="prep-nav__button"
        data-testid="nav-agenda"
        aria-pressed={view === 'agenda'}
        onClick={() => go('agenda')}
      >
        {t('prepare.nav.agenda')}
      </button>
      {views.includes('session') && (
        <button
          type="button"
          className="prep-nav__button"
          data-testid="nav-session"
          aria-pressed={view === 'session'}
          onClick={() => go('session')}
        >
          {t('session.nav')}
        </button>
      )}
      {views.includes('archive') && (
        <button
          type="button"
          className="prep-nav__button"
          data-testid="nav-archive"
          aria-pressed={view === 'archive'}
          onClick={() => go('archive')}
        >
          {t('archive.nav')}
        </button>
      )}
      {views.includes('prepare') && (
        <button
          type="button"
          className="prep-nav__button"
          data-testid="nav-prepare"
          aria-pressed={view === 'prepare'}
          onClick={() => go('prepare')}
        >
          {t('prepare.nav.prepare')}
        </button>
      )}
    </div>
  );
}
