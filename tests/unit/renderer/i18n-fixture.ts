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

/** The raw (untranslated) string at a dotted path of a language's resources. */
export function raw(language: Language, path: string): unknown {
  let node: unknown = resources[language].translation;
  for (const part of path.split('.')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  return node;
}

/** The `{{name}}` placeholders of a message (i18next's interpolation, with or without a format), sorted. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1] ?? ''))].sort();
}
