import type { TurnContext } from 'botbuilder';

import { renderFallbackCard } from '../cards/general-cards';

import { scopeOf, sendCard } from './context';
import { commandButtons } from './help';

/** Why the bot is answering with the fallback. */
export type FallbackReason = 'unknown-command' | 'empty' | 'too-long' | 'unsupported-submit';

const MESSAGES: Record<FallbackReason, { title: string; message: string }> = {
  'unknown-command': {
    title: "Sorry, I didn't catch that",
    message:
      'I help with enrolling iPhones and iPads in Microsoft Intune. Try one of these, or type **help** to see everything I can do here.',
  },
  'too-long': {
    title: 'That message is too long for me',
    message:
      'Please ask in a sentence or two (under 4,000 characters). For an error, the exact words on screen are enough.',
  },
  empty: {
    title: 'Your message was empty',
    message: 'Type a question or a command, or tap one of these:',
  },
  'unsupported-submit': {
    title: 'That button no longer works',
    message: 'It belongs to an older card. Nothing was changed. Here is what you can do now:',
  },
};

/** Replies with a friendly "didn't understand" card that offers the scope's commands as buttons. */
export async function sendFallback(ctx: TurnContext, reason: FallbackReason): Promise<void> {
  const scope = scopeOf(ctx);
  const buttons = commandButtons(scope);
  await sendCard(ctx, renderFallbackCard({ ...MESSAGES[reason], buttons }));
}
