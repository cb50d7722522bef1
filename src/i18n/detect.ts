/**
 * Which language a message is clearly written in. Short chat messages defeat statistical
 * detectors ("Ich habe ein iPhone 13 mit iOS 16.6" reads as Latin to them), so the bot's own
 * languages are recognised by their function words (the `stopword` package's lists, counting only
 * words that belong to one of the four Latin-script languages) and by script (kana is Japanese);
 * tinyld then names another language a longer message is written in, so the bot can say which
 * languages it speaks.
 */
import { deu, eng, fra, spa } from 'stopword';
import type * as Tinyld from 'tinyld';

import { isLanguage, type Language } from './languages';

/** What a message is written in. */
export interface DetectedLanguage {
  /** ISO 639-1 code ("de", or "it" for a language the bot does not speak). */
  code: string;
  /** One of the bot's languages. */
  supported: boolean;
}

/** Words people type that name products and devices, the same in every language. */
const PRODUCT_WORDS =
  /\b(iphone|ipad|ipados|ios|intune|microsoft|teams|outlook|authenticator|company|portal|apple|icloud|mdm|byod|vpn|wlan|wifi|app|apps|face|id|ok|okay)\b/giu;

/**
 * What a screen shows in English whatever the reader's language, copied into a message ("Me sale
 * Sign In Failed y abajo dice algo de The Enrollment SSO application has been installed on the
 * device"), and anything between quote marks: the screen's words, not the person's.
 */
const SCREEN_WORDS =
  /«[^»]{0,160}»|„[^“”]{0,160}[“”]|“[^”]{0,160}”|"[^"]{0,160}"|「[^」]{0,160}」|\b(sign[- ]?in failed|(the )?enrollment sso application has been installed( on (the|this) device)?|user ?name not recognized|invalid profile|profile installation failed|(this )?service is not supported|(your )?apple (account|id) does not support the expected services( on this device)?|contact your (it )?administrator|allow remote management|not verified)\b/giu;

/** Short words that are themselves a sentence in one language: greetings, thanks, commands. */
const OWN_WORDS: Readonly<Record<'en' | 'de' | 'fr' | 'es', readonly string[]>> = {
  en: ['hello', 'hi', 'thanks', 'thank', 'bye', 'help', 'please', 'enroll', 'enrol', 'yes'],
  de: [
    'hallo',
    'danke',
    'tschüss',
    'hilfe',
    'bitte',
    'servus',
    'moin',
    'registrieren',
    'ja',
    'nein',
    'wie',
    'warum',
    'sprache',
    'gerät',
    'handy',
    'einrichten',
    'geht',
    'nicht',
    'kann',
    'ich',
  ],
  fr: [
    'bonjour',
    'salut',
    'merci',
    'aide',
    'inscrire',
    'inscription',
    'oui',
    'comment',
    'pourquoi',
    'langue',
    'appareil',
    'téléphone',
    'bonsoir',
    'marche',
    'pas',
  ],
  es: [
    'hola',
    'gracias',
    'ayuda',
    'inscribir',
    'inscripción',
    'sí',
    'cómo',
    'por',
    'qué',
    'idioma',
    'dispositivo',
    'teléfono',
    'móvil',
    'adiós',
    'funciona',
    'mis',
    'puede',
    'puedo',
    'tengo',
    'quiero',
    'necesito',
    'hacer',
    'dónde',
    'cuándo',
    'jefe',
    'empresa',
  ],
};

type Latin = keyof typeof OWN_WORDS;
const LATIN: readonly Latin[] = ['en', 'de', 'fr', 'es'];

/** Each Latin-script language's common words (shared ones too), lower case. */
const LISTS: Readonly<Record<Latin, ReadonlySet<string>>> = {
  en: new Set([...eng, ...OWN_WORDS.en].map((w) => w.toLowerCase())),
  de: new Set([...deu, ...OWN_WORDS.de].map((w) => w.toLowerCase())),
  fr: new Set([...fra, ...OWN_WORDS.fr].map((w) => w.toLowerCase())),
  es: new Set([...spa, ...OWN_WORDS.es].map((w) => w.toLowerCase())),
};

/** For each word, the one Latin-script language it marks (words shared by two mark none). */
const MARKERS: ReadonlyMap<string, Latin> = (() => {
  const lists = LISTS;
  const owners = new Map<string, Set<Latin>>();
  for (const lang of LATIN) {
    for (const w of lists[lang]) {
      const word = w.toLowerCase();
      if (word.length < 2) continue;
      const set = owners.get(word) ?? new Set<Latin>();
      set.add(lang);
      owners.set(word, set);
    }
  }
  const markers = new Map<string, Latin>();
  for (const [word, set] of owners) {
    if (set.size === 1) markers.set(word, [...set][0] as Latin);
  }
  return markers;
})();

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HAN = /\p{Script=Han}/u;
const HANGUL = /\p{Script=Hangul}/u;

let tinyld: typeof Tinyld | undefined;

/**
 * tinyld's guesses for a text, best first. Loaded on first use: its model takes a couple of
 * hundred milliseconds to load, and most messages never need it.
 */
function detectAll(text: string): { lang: string; accuracy: number }[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
  tinyld ??= require('tinyld') as typeof Tinyld;
  return tinyld.detectAll(text);
}

/** Languages a statistical guess lands on for terse text that nobody writes a helpdesk in. */
const NOBODY_WRITES = new Set(['la', 'eo', 'ia', 'vo', 'io', 'ber', 'tlh']);

/** Only the first part of a long message is read: the language shows in its first sentences. */
const READ_CHARS = 600;

/**
 * The language `text` is clearly written in, or undefined when it is unclear (a word or two
 * shared by several languages, product names and numbers only, a mixture). `expected` is the
 * language the person is known to write or read (their earlier messages, their client's locale):
 * a message with a common word of that language (German, French, Spanish) is not another
 * language the statistical guess names ("Es un iPad de 6ª generación, tiene iPadOS 16.7" from someone writing Spanish is
 * not Portuguese, however Portuguese it looks to a guesser).
 */
export function detectLanguage(text: string, expected?: Language): DetectedLanguage | undefined {
  const sample = text.slice(0, READ_CHARS);
  if ((sample.match(KANA) ?? []).length >= 2) return { code: 'ja', supported: true };
  if (HANGUL.test(sample)) return { code: 'ko', supported: false };
  const words = (
    sample
      .replace(SCREEN_WORDS, ' ')
      .toLowerCase()
      .replace(PRODUCT_WORDS, ' ')
      .match(/\p{L}+/gu) ?? []
  ).filter((w) => w.length > 1);
  if (HAN.test(sample) && !words.some((w) => MARKERS.has(w)))
    return { code: 'zh', supported: false };
  if (words.length === 0) return undefined;
  const hits: Record<Latin, number> = { en: 0, de: 0, fr: 0, es: 0 };
  for (const w of words) {
    const lang = MARKERS.get(w);
    if (lang) hits[lang]++;
  }
  const ranked = LATIN.map((l) => [l, hits[l]] as const).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (best && best[1] > 0) {
    const lead = best[1] - (second?.[1] ?? 0);
    // Clear: at least two marking words and three times the next language's, or the only
    // marking word of a one- or two-word message ("Danke!", "merci beaucoup").
    const clear =
      (best[1] >= 2 && best[1] >= 3 * (second?.[1] ?? 0)) ||
      // (Not English: "help" or "thanks" is typed by everyone, whatever they read.)
      (words.length <= 2 && lead === best[1] && best[0] !== 'en');
    // Many words, few of them marking: maybe another language that shares some ("come", "die").
    const dense = best[1] >= Math.min(3, Math.ceil(words.length / 6));
    if (clear && dense && !otherLanguage(sample, words.length, best[1], best[0])) {
      return { code: best[0], supported: true };
    }
  }
  // (English is everyone's default locale and shares words with every language: no evidence.)
  if (
    expected !== undefined &&
    expected !== 'en' &&
    expected !== 'ja' &&
    words.some((w) => LISTS[expected].has(w))
  ) {
    return undefined;
  }
  // Not one of the four: a longer message may be clearly in another language (not one where a
  // third of the words mark one of ours: "sms code fails on ios 16" is terse English, not Latin).
  if (words.length < 4 || (best?.[1] ?? 0) * 3 > words.length) return undefined;
  const [guess, next] = detectAll(sample);
  if (
    !guess ||
    NOBODY_WRITES.has(guess.lang) ||
    guess.accuracy < 0.3 ||
    (next && next.accuracy * 3 > guess.accuracy)
  ) {
    return undefined;
  }
  if (isLanguage(guess.lang)) return undefined; // ours, but not by its words: unclear
  return { code: guess.lang, supported: false };
}

/**
 * True when a message with few marking words reads strongly as another language that shares them
 * ("Olá, como faço para…" is Portuguese, though "como" and "para" are Spanish too).
 */
function otherLanguage(sample: string, words: number, marks: number, ours: Latin): boolean {
  // Only Spanish and French share their function words with Portuguese and Italian; and a
  // message where half the words mark the language is not borrowing them. (The statistical
  // guess costs a few hundred microseconds: English questions never pay it.)
  if ((ours !== 'es' && ours !== 'fr') || marks >= 4 || words < 4 || marks * 2 >= words) {
    return false;
  }
  const [guess] = detectAll(sample);
  return (
    guess !== undefined && guess.accuracy >= 0.6 && guess.lang !== ours && !isLanguage(guess.lang)
  );
}

/** The bot's language for a detection, if it is one. */
export function supportedLanguage(detected: DetectedLanguage | undefined): Language | undefined {
  return detected?.supported && isLanguage(detected.code) ? detected.code : undefined;
}
