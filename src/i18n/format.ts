/**
 * Dates, times and numbers as the person reads them: in their language's conventions (or the
 * Teams client's locale, when it is a variant of that language: "de-AT", "fr-CA") and in their
 * own time zone (Teams sends `localTimezone` with each activity).
 */
import { DEFAULT_LOCALES, languageFromLocale, type Language } from './languages';

/** How to format for one person. */
export interface Reader {
  lang: Language;
  /** The Teams client's locale, used when it is a variant of `lang`. */
  locale?: string;
  /** IANA time zone ("Europe/Berlin"); UTC when unknown or invalid. */
  timeZone?: string;
}

/** The locale to format in: the client's when it is in the reader's language, else the default. */
export function localeOf(reader: Reader): string {
  return reader.locale && languageFromLocale(reader.locale) === reader.lang
    ? reader.locale
    : DEFAULT_LOCALES[reader.lang];
}

/** Zones already checked (a check builds an Intl.DateTimeFormat: too dear for every turn). */
const zones = new Map<string, boolean>();

/** True when `zone` is a time zone Intl knows. */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  const known = zones.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  if (zones.size > 1000) zones.clear();
  zones.set(zone, valid);
  return valid;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(reader: Reader, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const timeZone = isTimeZone(reader.timeZone) ? reader.timeZone : 'UTC';
  const locale = localeOf(reader);
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    if (formats.size > 500) formats.clear();
    formats.set(key, f);
  }
  return f;
}

/** "4 Dec 2026, 14:05" / "04.12.2026, 14:05" / "2026/12/04 14:05", with the zone when UTC. */
export function formatDateTime(at: Date, reader: Reader): string {
  const text = dateFormat(reader, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
  return isTimeZone(reader.timeZone) ? text : `${text} UTC`;
}

/** The date alone, long form: "4 December 2026" / "4. Dezember 2026" / "2026年12月4日". */
export function formatLongDate(at: Date, reader: Reader): string {
  return dateFormat(reader, { dateStyle: 'long' }).format(at);
}

/** A whole number with the reader's grouping: "10,000" / "10.000" / "10 000". */
export function formatNumber(n: number, reader: Reader): string {
  return new Intl.NumberFormat(localeOf(reader)).format(n);
}
