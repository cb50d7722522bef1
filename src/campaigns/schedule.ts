/**
 * When campaign messages go: reminders on working days (Monday to Friday) at 09:00 in the
 * person's own time zone, and the deadline as the end of its day there. Luxon does the calendar
 * arithmetic (daylight-saving changes, zones with odd offsets).
 */
import { DateTime, IANAZone } from 'luxon';

import { localeOf, type Reader } from '../i18n/format';

/** The hour reminders go out, in the person's zone. */
export const REMINDER_HOUR = 9;

/** True for a time zone name the runtime knows (IANA, e.g. `Europe/Berlin`). */
export function isTimeZone(zone: string | undefined): zone is string {
  return typeof zone === 'string' && zone.length <= 64 && IANAZone.isValidZone(zone);
}

function zoneOr(zone: string | undefined, fallback: string): string {
  if (isTimeZone(zone)) return zone;
  return isTimeZone(fallback) ? fallback : 'UTC';
}

function isWorkingDay(day: DateTime): boolean {
  return day.weekday <= 5;
}

/**
 * 09:00 on the `days`-th working day after the day of `fromMs`, in `zone` (the person's, or the
 * campaign's when theirs is unknown). A Saturday start counts Monday as the first working day.
 */
export function workingDaysLater(
  fromMs: number,
  days: number,
  zone: string | undefined,
  fallbackZone: string,
): number {
  let day = DateTime.fromMillis(fromMs, { zone: zoneOr(zone, fallbackZone) }).startOf('day');
  let left = Math.max(0, Math.floor(days));
  while (left > 0) {
    day = day.plus({ days: 1 });
    if (isWorkingDay(day)) left -= 1;
  }
  while (!isWorkingDay(day)) day = day.plus({ days: 1 });
  return day.set({ hour: REMINDER_HOUR }).toMillis();
}

/** "Remind me later": 09:00 on the next working day in the person's zone. */
export function nextWorkingMorning(
  nowMs: number,
  zone: string | undefined,
  fallbackZone: string,
): number {
  return workingDaysLater(nowMs, 1, zone, fallbackZone);
}

/** Has the deadline day (yyyy-mm-dd) ended in `zone`? */
export function deadlinePassed(
  deadline: string,
  nowMs: number,
  zone: string | undefined,
  fallbackZone: string,
): boolean {
  const end = DateTime.fromISO(deadline, { zone: zoneOr(zone, fallbackZone) }).endOf('day');
  return end.isValid && nowMs > end.toMillis();
}

/** The calendar day of `ms` in `zone`, yyyy-mm-dd. */
export function dayIn(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone: zoneOr(zone, 'UTC') }).toISODate() ?? '';
}

/** Today in `zone`, yyyy-mm-dd (the wizard's earliest deadline). */
export function todayIn(nowMs: number, zone: string): string {
  return dayIn(nowMs, zone);
}

/** A short date for chart labels: "18 Dec" (the admin's dashboard: English). */
export function shortDate(day: string): string {
  const d = DateTime.fromISO(day, { zone: 'UTC' });
  return d.isValid ? d.setLocale('en-GB').toFormat('d LLL') : day;
}

/** English dates keep the wording cards have always had ("Friday 18 December 2026"). */
const ENGLISH_LONG_DATE = 'cccc d LLLL yyyy'; // i18n-exempt: a Luxon date pattern

/**
 * A readable date for cards and messages: "Friday 18 December 2026"; in the reader's language
 * when given ("Freitag, 18. Dezember 2026", "2026年12月18日金曜日"). `day` is a calendar day
 * (yyyy-mm-dd), the same everywhere, so no time zone applies.
 */
export function longDate(day: string, reader?: Reader): string {
  const d = DateTime.fromISO(day, { zone: 'UTC' });
  if (!d.isValid) return day;
  if (!reader || reader.lang === 'en') return d.setLocale('en-GB').toFormat(ENGLISH_LONG_DATE);
  return new Intl.DateTimeFormat(localeOf(reader), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d.toJSDate());
}

/**
 * A day and time in `zone`, in the reader's language: "Monday 7 December at 09:00",
 * "Montag, 7. Dezember um 09:00", "12月7日月曜日 09:00". English keeps the British form.
 */
export function dayAndTime(ms: number, zone: string, reader: Reader = { lang: 'en' }): string {
  return new Intl.DateTimeFormat(reader.lang === 'en' ? 'en-GB' : localeOf(reader), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: isTimeZone(zone) ? zone : 'UTC',
  }).format(new Date(ms));
}
