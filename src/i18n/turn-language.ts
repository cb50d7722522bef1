/**
 * The language of one turn, decided once when the activity arrives and read by every flow:
 * the person's own choice, else the language their message is clearly written in, else the one
 * they last wrote in, else the Teams client's locale, else English. A message clearly written in
 * a language the bot does not speak is answered in English with a line saying which it speaks.
 */
import type { LanguagePreference } from '../storage/language-preferences';

import { translator, type Translate } from './catalogue';
import { detectLanguage } from './detect';
import type { Reader } from './format';
import { isTimeZone } from './format';
import { languageFromLocale, type Language } from './languages';

/** How the turn's language was decided. */
export type LanguageSource = 'choice' | 'message' | 'written' | 'locale' | 'default';

/** The language of this turn and how to format for the person. */
export interface TurnLanguage extends Reader {
  lang: Language;
  source: LanguageSource;
  /** ISO 639-1 code of a language the person wrote in that the bot lacks. */
  unsupported?: string;
  /** The supported language the message is clearly written in, if any. */
  detected?: Language;
}

const TURN_LANGUAGE = Symbol('turnLanguage');

/**
 * The part of botbuilder's TurnContext this module uses (botbuilder stays at the edge: flows pass
 * their TurnContext, which fits).
 */
export interface TurnLike {
  turnState: { get(key: unknown): unknown; set(key: unknown, value: unknown): unknown };
  activity?: { locale?: unknown; localTimezone?: unknown };
}

/**
 * Decides the turn's language from the person's stored preference, the message text (already
 * stripped of mentions; empty for card actions) and the activity.
 */
export function decideLanguage(
  preference: LanguagePreference,
  text: string,
  activity: { locale?: unknown; localTimezone?: unknown },
): TurnLanguage {
  const fromLocale = languageFromLocale(activity.locale);
  const detected = text
    ? detectLanguage(text, preference.chosen ?? preference.written ?? fromLocale)
    : undefined;
  const written = detected?.supported ? (detected.code as Language) : undefined;
  const reader: Omit<Reader, 'lang'> = {
    ...(typeof activity.locale === 'string' && activity.locale.length <= 64
      ? { locale: activity.locale }
      : {}),
    ...(isTimeZone(activity.localTimezone) ? { timeZone: activity.localTimezone } : {}),
  };
  const decided: Pick<TurnLanguage, 'lang' | 'source'> = preference.chosen
    ? { lang: preference.chosen, source: 'choice' }
    : written
      ? { lang: written, source: 'message' }
      : preference.written
        ? { lang: preference.written, source: 'written' }
        : fromLocale
          ? { lang: fromLocale, source: 'locale' }
          : { lang: 'en', source: 'default' };
  // Written in a language the bot lacks: the reply says which languages it speaks. (A client
  // locale alone is no reason: the person may well read English.)
  const unsupported =
    decided.source !== 'choice' && detected && !detected.supported ? detected.code : undefined;
  return {
    ...reader,
    ...decided,
    ...(unsupported ? { unsupported } : {}),
    ...(written ? { detected: written } : {}),
  };
}

/** Stores the turn's language on the context for the flows. */
export function setTurnLanguage(ctx: TurnLike, language: TurnLanguage): void {
  ctx.turnState.set(TURN_LANGUAGE, language);
}

/** The turn's language (English, UTC, when none was decided: tests and proactive sends). */
export function turnLanguage(ctx: TurnLike): TurnLanguage {
  const stored = ctx.turnState.get(TURN_LANGUAGE) as TurnLanguage | undefined;
  if (stored) return stored;
  return decideLanguage({}, '', ctx.activity ?? {});
}

/** The translate function for this turn's language. */
export function tr(ctx: TurnLike): Translate {
  return translator(turnLanguage(ctx).lang);
}
