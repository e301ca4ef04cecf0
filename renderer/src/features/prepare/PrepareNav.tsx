import { useTranslation } from 'react-i18next';
import { confirmDiscard } from '../../lib/unsaved-changes';

/** The two views of a meeting the secretariat switches between. */
export type SessionView = 'agenda' | 'prepare';

/** Props of {@link PrepareNav}. */
export interface PrepareNavProps {
  view: SessionView;
  onChange: (view: SessionView) => void;
}

/** "Chương trình họp" | "Chuẩn bị cuộc họp": shown to the secretariat only. */
export function PrepareNav({ view, onChange }: PrepareNavProps) {
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
      <button
        type="button"
        className="prep-nav__button"
        data-testid="nav-prepare"
        aria-pressed={view === 'prepare'}
        onClick={() => go('prepare')}
      >
        {t('prepare.nav.prepare')}
      </button>
    </div>
  );
}
