import { useTranslation } from 'react-i18next';

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
  return (
    <div className="prep-nav">
      <button
        type="button"
        className="prep-nav__button"
        data-testid="nav-agenda"
        aria-pressed={view === 'agenda'}
        onClick={() => onChange('agenda')}
      >
        {t('prepare.nav.agenda')}
      </button>
      <button
        type="button"
        className="prep-nav__button"
        data-testid="nav-prepare"
        aria-pressed={view === 'prepare'}
        onClick={() => onChange('prepare')}
      >
        {t('prepare.nav.prepare')}
      </button>
    </div>
  );
}
