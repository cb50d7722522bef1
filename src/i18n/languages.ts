/**
 * The languages the bot speaks to employees, and how Teams names them. English is complete and
 * the fallback for every string; the others are complete for everything employees see.
 */

export const LANGUAGES = ['en', 'de', 'fr', 'es', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language in its own words, as people look for it in a list. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  ja: '日本語',
};

/** The BCP 47 locale each language formats dates and numbers in when Teams sends none. */
export const DEFAULT_LOCALES: Readonly<Record<Language, string>> = {
  en: 'en-GB',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
  ja: 'ja-JP',
};

/** True when `value` is one of the bot's languages. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The primary language subtag of a BCP 47 locale ("de-AT" → "de", "zh-Hant-TW" → "zh"), lower
 * case, or undefined when it is not a well-formed tag.
 */
export function primaryLanguage(locale: unknown): string | undefined {
  if (typeof locale !== 'string' || locale.length > 64) return undefined;
  const m = /^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*$/.exec(locale.trim());
  return m?.[1]?.toLowerCase();
}

/** The bot's language for a Teams locale, or undefined when it does not speak it. */
export function languageFromLocale(locale: unknown): Language | undefined {
  const primary = primaryLanguage(locale);
  return isLanguage(primary) ? primary : undefined;
}

/** English names of languages people may write in that the bot does not speak (for the notice). */
export const OTHER_LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  it: 'Italian',
  pt: 'Portuguese',
  nl: 'Dutch',
  pl: 'Polish',
  sv: 'Swedish',
  da: 'Danish',
  no: 'Norwegian',
  fi: 'Finnish',
  cs: 'Czech',
  hu: 'Hungarian',
  ro: 'Romanian',
  tr: 'Turkish',
  ru: 'Russian',
  uk: 'Ukrainian',
  zh: 'Chinese',
  ko: 'Korean',
  ar: 'Arabic',
  he: 'Hebrew',
  hi: 'Hindi',
  th: 'Thai',
  vi: 'Vietnamese',
  id: 'Indonesian',
};
