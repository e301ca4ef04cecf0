import i18next, { type TFunction } from 'i18next';
import { type Language, LANGUAGES, resources } from '../../../renderer/src/i18n';

/**
 * A translator per UI language over the bundled resources, with no fallback language: a key
 * missing in one language comes back as the key itself instead of being hidden by Vietnamese.
 */
export async function translators(): Promise<Record<Language, TFunction>> {
  const instance = i18next.createInstance();
  await instance.init({
    resources,
    lng: 'vi',
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return { vi: instance.getFixedT('vi'), en: instance.getFixedT('en') };
}
