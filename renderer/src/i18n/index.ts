import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import vi from './vi.json';

/** Languages the UI ships in; Vietnamese first, because it is the language of the meeting. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Vietnamese is the default and the fallback: a missing English string still reads correctly. */
export const DEFAULT_LANGUAGE: Language = 'vi';

const STORAGE_KEY = 'paperless.language';

/**
 * Resources typed from vi.json; `satisfies` makes the build fail when en.json lacks a key
 * that vi.json has, so the two files cannot drift apart silently.
 */
export const resources = {
  vi: { translation: vi },
  en: { translation: en satisfies typeof vi },
} as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: (typeof resources)['vi'];
  }
}

/** Narrows any string (from storage, a URL, a button) to a supported language. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    // Storage can be disabled (private mode, policy); the default language is the right answer.
    return DEFAULT_LANGUAGE;
  }
}

/** Keeps `<html lang>` in step so screen readers and hyphenation use the right language. */
function applyDocumentLanguage(language: string): void {
  document.documentElement.lang = language;
}

/**
 * Initialises i18next synchronously (resources are bundled, nothing to fetch) so the first
 * render already has every string. Call once, before rendering.
 */
export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: storedLanguage(),
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    // React escapes text itself; escaping twice would show "&amp;" in titles.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  applyDocumentLanguage(i18next.language);
  i18next.on('languageChanged', applyDocumentLanguage);
  return i18next;
}

/** Switches the UI language and remembers it on this device. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembering the choice is harmless; the switch itself still happens below.
  }
  await i18next.changeLanguage(language);
}
