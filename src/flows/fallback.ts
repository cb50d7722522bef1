import type { TurnContext } from 'botbuilder';

import { renderFallbackCard } from '../cards/general-cards';
import { formatNumber } from '../i18n/format';
import { tr, turnLanguage } from '../i18n/turn-language';

import { scopeOf, sendCard } from './context';
import { commandButtons } from './help';

/** Why the bot is answering with the fallback. */
export type FallbackReason = 'unknown-command' | 'empty' | 'too-long' | 'unsupported-submit';

/** The catalogue keys (under `fallback.`) of each reason's title and message. */
const KEYS: Record<FallbackReason, string> = {
  'unknown-command': 'unknownCommand',
  'too-long': 'tooLong',
  empty: 'empty',
  'unsupported-submit': 'unsupportedSubmit',
};

/** Longest message, as the too-long notice states it (the bot's limit, src/bot/teams-bot.ts). */
const MAX_CHARS = 4000;

/** Replies with a friendly "didn't understand" card that offers the scope's commands as buttons. */
export async function sendFallback(ctx: TurnContext, reason: FallbackReason): Promise<void> {
  const scope = scopeOf(ctx);
  const language = turnLanguage(ctx);
  const t = tr(ctx);
  const buttons = commandButtons(scope, undefined, language.lang);
  const key = KEYS[reason];
  await sendCard(
    ctx,
    renderFallbackCard(
      {
        title: t(`fallback.${key}.title`),
        message: t(`fallback.${key}.message`, { max: formatNumber(MAX_CHARS, language) }),
        buttons,
      },
      language.lang,
    ),
  );
}
