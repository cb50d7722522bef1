/**
 * The `language` command and the language choice on cards: which language the bot answers a
 * person in. The choice is stored per person (src/storage/language-preferences.ts) and wins over
 * the language they write in and their Teams locale; "automatic" forgets it.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';

import languageJson from '../../cards/language-choice.json';
import {
  cardResponse,
  errorResponse,
  registerCardAction,
  type CardActionHandler,
} from '../actions/card-actions';
import { compileLocalizedTemplate, toAttachment, type RenderedCard } from '../cards/render';
import { VERBS } from '../cards/verbs';
import { translator } from '../i18n/catalogue';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n/languages';
import {
  decideLanguage,
  setTurnLanguage,
  turnLanguage,
  type TurnLanguage,
} from '../i18n/turn-language';
import type { LanguagePreferences } from '../storage/language-preferences';

import { sendCard } from './context';

/** What the language flow needs. */
export interface LanguageDeps {
  /** Absent: nothing can be stored, and the card says so. */
  languages?: LanguagePreferences;
}

interface LanguageCardData {
  current: string;
  note: string;
  selected: string;
  choices: { title: string; value: string }[];
  fallbackText: string;
}

const template = compileLocalizedTemplate<LanguageCardData>('language-choice', languageJson);

/** Each language's names as people type them, in the five languages (and its code). */
const NAMES: Readonly<Record<Language | 'auto', readonly string[]>> = {
  en: ['en', 'english', 'englisch', 'anglais', 'inglés', 'ingles', '英語'],
  de: ['de', 'german', 'deutsch', 'allemand', 'alemán', 'aleman', 'ドイツ語'],
  fr: [
    'fr',
    'french',
    'französisch',
    'franzosisch',
    'français',
    'francais',
    'francés',
    'frances',
    'フランス語',
  ],
  es: ['es', 'spanish', 'spanisch', 'espagnol', 'español', 'espanol', 'castellano', 'スペイン語'],
  ja: ['ja', 'japanese', 'japanisch', 'japonais', 'japonés', 'japones', '日本語'],
  auto: [
    'auto',
    'automatic',
    'automatically',
    'automatisch',
    'automatique',
    'automático',
    'automatico',
    '自動',
  ],
};

/**
 * The language a `language …` message names ("language de", "Sprache Englisch", "en français",
 * "日本語で"), "auto" for automatic, or undefined when it names none.
 */
export function parseLanguageChoice(text: string): Language | 'auto' | undefined {
  const t = text.normalize('NFKC').toLowerCase();
  const words = new Set(t.match(/[\p{L}]+/gu) ?? []);
  for (const [lang, names] of Object.entries(NAMES) as [Language | 'auto', readonly string[]][]) {
    // Latin names as whole words ("en" only when it is the whole choice: "language en");
    // Japanese names anywhere (no spaces between words).
    const named = names.some((n) =>
      /^[a-z]{2}$/.test(n)
        ? new RegExp(`^\\S+\\s+${n}$`).test(t.trim())
        : /\p{Script=Han}|\p{Script=Katakana}/u.test(n)
          ? t.includes(n)
          : words.has(n),
    );
    if (named) return lang;
  }
  return undefined;
}

/** The card: the language in use and why, the choice, and a note after saving. */
export function renderLanguageCard(language: TurnLanguage, note = ''): RenderedCard {
  const t = translator(language.lang);
  const name = LANGUAGE_NAMES[language.lang];
  const data: LanguageCardData = {
    current: t(`language.current.${language.source}`, { language: name }),
    note,
    selected: language.source === 'choice' ? language.lang : 'auto',
    choices: [
      { title: t('language.auto'), value: 'auto' },
      ...LANGUAGES.map((l) => ({ title: LANGUAGE_NAMES[l], value: l })),
    ],
    fallbackText: t('language.fallback'),
  };
  return {
    attachment: toAttachment(template(language.lang).bind(data)),
    summary: t('language.title'),
  };
}

/** Stores the choice and returns the turn language it makes (what to answer in from now on). */
async function choose(
  ctx: TurnContext,
  deps: LanguageDeps,
  userId: string,
  choice: Language | 'auto',
): Promise<{ language: TurnLanguage; note: string }> {
  await deps.languages?.choose(userId, choice === 'auto' ? undefined : choice);
  const language: TurnLanguage =
    choice === 'auto'
      ? // Back to automatic: what the stored preference (now without a choice) and Teams say.
        decideLanguage((await deps.languages?.get(userId)) ?? {}, '', ctx.activity)
      : { ...turnLanguage(ctx), lang: choice, source: 'choice' };
  // The rest of this turn speaks the new language too.
  setTurnLanguage(ctx, language);
  const t = translator(language.lang);
  const note =
    choice === 'auto'
      ? t('language.savedAuto')
      : t('language.saved', { language: LANGUAGE_NAMES[choice] });
  return { language, note };
}

/**
 * `language` (shows the choice), `language <name>` / "auf Deutsch" / "日本語で" (sets it).
 * The person is the one in the authenticated activity.
 */
export async function languageCommand(
  ctx: TurnContext,
  deps: LanguageDeps,
  text: string,
): Promise<void> {
  const userId = ctx.activity.from?.aadObjectId;
  const choice = parseLanguageChoice(text);
  if (!choice || !userId || !deps.languages) {
    const note = choice && !userId ? translator(turnLanguage(ctx).lang)('language.noIdentity') : '';
    await sendCard(ctx, renderLanguageCard(turnLanguage(ctx), note));
    return;
  }
  const { language, note } = await choose(ctx, deps, userId, choice);
  await sendCard(ctx, renderLanguageCard(language, note));
}

/** language.choose: the card's choice (anything but a language or "auto" is refused). */
const chooseSchema = z.object({ language: z.string().max(10).optional() }).passthrough();

function chooseHandler(deps: LanguageDeps): CardActionHandler<z.infer<typeof chooseSchema>> {
  return {
    schema: chooseSchema,
    async handle(ctx, data) {
      const t = translator(turnLanguage(ctx).lang);
      const value = data.language;
      if (value !== 'auto' && !isLanguage(value)) {
        return errorResponse(400, 'UnknownLanguage', t('language.unknown'));
      }
      const userId = ctx.activity.from?.aadObjectId;
      if (!userId || !deps.languages) {
        return errorResponse(400, 'NoIdentity', t('language.noIdentity'));
      }
      const { language, note } = await choose(ctx, deps, userId, value);
      return cardResponse(renderLanguageCard(language, note));
    },
  };
}

/** Registers the language card action. */
export function registerLanguageActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: LanguageDeps,
): void {
  registerCardAction(registry, VERBS.languageChoose, chooseHandler(deps));
}
