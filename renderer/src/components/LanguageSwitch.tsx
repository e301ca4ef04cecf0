import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, setLanguage } from '../i18n';

const SHORT_KEYS = { vi: 'language.viShort', en: 'language.enShort' } as const;
const NAME_KEYS = { vi: 'language.vi', en: 'language.en' } as const;

/** Two-button language switch (VI | EN); the pressed button is the current language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage ?? i18n.language;
  return (
    <fieldset className="language-switch" data-testid="language-switch">
      <legend className="visually-hidden">{t('language.label')}</legend>
      {LANGUAGES.map((language: Language) => (
        <button
          key={language}
          type="button"
          className="language-switch__button"
          lang={language}
          aria-pressed={current === language}
          aria-label={t(NAME_KEYS[language])}
          title={t(NAME_KEYS[language])}
          data-testid={`language-${language}`}
          onClick={() => void setLanguage(language)}
        >
          {t(SHORT_KEYS[language])}
        </button>
      ))}
    </fieldset>
  );
}
