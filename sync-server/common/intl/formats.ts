/**
 * The Intl formatters of the UI languages, made once per language and options and then kept.
 * Building an `Intl.NumberFormat` or `Intl.DateTimeFormat` loads and resolves ICU's data for
 * its locale: tenths of a millisecond warm, several milliseconds cold, and a screen that formats
 * every row's size or time on each render (the distribution panel while a document downloads)
 * paid it per row and per render. Shared by the server and the renderer.
 */

/** Intl locale per UI language; en-GB keeps day-before-month dates, as Vietnamese does. */
export const UI_LOCALES: Readonly<Record<string, string>> = { vi: 'vi-VN', en: 'en-GB' };

/** The Intl locale of a UI language ("vi" → "vi-VN"); any other tag is used as it is. */
export function localeOf(language: string): string {
  return UI_LOCALES[language] ?? language;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Formatters kept per key; a few dozen at most (languages × the app's option sets). */
function kept<F>(cache: Map<string, F>, key: string, make: () => F): F {
  let formatter = cache.get(key);
  if (formatter === undefined) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

/** `new Intl.NumberFormat(localeOf(language), options)`, made once. */
export function numberFormat(language: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const locale = localeOf(language);
  return kept(
    numberFormats,
    `${locale}\u0000${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(locale, options),
  );
}

/** `new Intl.DateTimeFormat(localeOf(language), options)`, made once. */
export function dateTimeFormat(
  language: string,
  options: Intl.DateTimeFormatOptions = {},
): Intl.DateTimeFormat {
  const locale = localeOf(language);
  return kept(
    dateTimeFormats,
    `${locale}\u0000${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(locale, options),
  );
}
