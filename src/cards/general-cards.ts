import fallbackJson from '../../cards/fallback.json';
import helpJson from '../../cards/help.json';
import welcomePersonalJson from '../../cards/welcome-personal.json';
import welcomeTeamJson from '../../cards/welcome-team.json';
import { translator } from '../i18n/catalogue';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n/languages';

import {
  compileLocalizedTemplate,
  deepFreeze,
  toAttachment,
  type CommandButton,
  type RenderedCard,
} from './render';
import { escapeCardText, truncate } from './text';

/** One command row on the help card. */
export interface HelpCommand {
  title: string;
  description: string;
}

/** Data for the help card. */
export interface HelpCardData {
  title: string;
  intro: string;
  commands: HelpCommand[];
  footer: string;
  buttons: CommandButton[];
}

/** One choice of the welcome card's language picker. */
export interface LanguageChoice {
  title: string;
  value: string;
}

/** Data for the personal-chat welcome card. */
export interface WelcomePersonalCardData {
  greeting: string;
  hint: string;
  buttons: CommandButton[];
  /** The language picker's current value: a language code, or `auto`. */
  selected: string;
  /** "Automatic" and each language in its own name. */
  languages: LanguageChoice[];
}

/** Data for the team welcome card. */
export interface WelcomeTeamCardData {
  greeting: string;
  setupSteps: string;
  hint: string;
  buttons: CommandButton[];
}

/** Data for the "I didn't understand" card. */
export interface FallbackCardData {
  title: string;
  message: string;
  buttons: CommandButton[];
}

const helpTemplate = compileLocalizedTemplate<HelpCardData>('help', helpJson);
const welcomePersonalTemplate = compileLocalizedTemplate<WelcomePersonalCardData>(
  'welcome-personal',
  welcomePersonalJson,
);
const welcomeTeamTemplate = compileLocalizedTemplate<WelcomeTeamCardData>(
  'welcome-team',
  welcomeTeamJson,
);
const fallbackTemplate = compileLocalizedTemplate<FallbackCardData>('fallback', fallbackJson);

/**
 * The help card's content. Data that can't change (frozen, as the help flow keeps it per
 * language, scope and role) gives one content object, kept and frozen itself, so a help turn
 * neither serialises nor parses the card again; anything that tried to change it would throw.
 */
function helpContent(data: HelpCardData, lang: Language): Record<string, unknown> {
  if (!Object.isFrozen(data)) return helpTemplate(lang).bind(data);
  const byLang = boundHelp.get(data) ?? new Map<Language, Record<string, unknown>>();
  boundHelp.set(data, byLang);
  let content = byLang.get(lang);
  if (content === undefined) {
    content = deepFreeze(helpTemplate(lang).bind(data));
    byLang.set(lang, content);
  }
  return content;
}

const boundHelp = new WeakMap<HelpCardData, Map<Language, Record<string, unknown>>>();

/** Renders the help card listing the commands of one conversation scope. */
export function renderHelpCard(data: HelpCardData, lang: Language = 'en'): RenderedCard {
  return {
    attachment: toAttachment(helpContent(data, lang)),
    summary: `${data.title}: ${data.commands.map((c) => c.title).join(', ')}`,
  };
}

/**
 * Renders the welcome card for a personal chat, with a choice of the language the bot answers in
 * (`selected`: the person's chosen language, or `auto`). `userName` is untrusted and escaped here.
 */
export function renderWelcomePersonalCard(
  userName: string | undefined,
  buttons: CommandButton[],
  lang: Language = 'en',
  selected: Language | 'auto' = 'auto',
): RenderedCard {
  const t = translator(lang);
  const first = userName?.trim().split(/\s+/)[0];
  const greeting = first
    ? t('welcome.greetingNamed', { name: escapeCardText(truncate(first, 40)) })
    : t('welcome.greeting');
  return {
    attachment: toAttachment(
      welcomePersonalTemplate(lang).bind({
        greeting,
        hint: t('welcome.hint'),
        buttons,
        selected,
        languages: [
          { title: t('welcome.languageAuto'), value: 'auto' },
          ...LANGUAGES.map((l) => ({ title: LANGUAGE_NAMES[l], value: l })),
        ],
      }),
    ),
    summary: t('welcome.summary'),
  };
}

/** Renders the welcome card for a team. `teamName` is untrusted and escaped here. */
export function renderWelcomeTeamCard(
  teamName: string | undefined,
  buttons: CommandButton[],
  lang: Language = 'en',
): RenderedCard {
  const t = translator(lang);
  const name = teamName?.trim();
  const greeting = name
    ? t('welcome.team.greetingNamed', { team: escapeCardText(truncate(name, 60)) })
    : t('welcome.team.greeting');
  return {
    attachment: toAttachment(
      welcomeTeamTemplate(lang).bind({
        greeting,
        setupSteps: t('welcome.team.setupSteps'),
        hint: t('welcome.team.hint'),
        buttons,
      }),
    ),
    summary: t('welcome.team.summary'),
  };
}

/** Renders the friendly fallback for messages the bot did not understand. */
export function renderFallbackCard(data: FallbackCardData, lang: Language = 'en'): RenderedCard {
  return {
    attachment: toAttachment(fallbackTemplate(lang).bind(data)),
    summary: data.title,
  };
}
