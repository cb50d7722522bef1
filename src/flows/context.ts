import { ActivityTypes, type TurnContext } from 'botbuilder';

import type { Scope } from '../actions/commands';
import type { RenderedCard } from '../cards/render';

/**
 * The Teams scope of the conversation a turn belongs to: a team channel, a group chat, or the
 * personal (1:1) chat. Anything unknown is treated as personal, the most restricted scope.
 */
export function scopeOf(ctx: TurnContext): Scope {
  switch (ctx.activity.conversation?.conversationType) {
    case 'channel':
      return 'team';
    case 'groupChat':
      return 'groupChat';
    default:
      return 'personal';
  }
}

/**
 * Sends a rendered card with its summary, so Teams notifications show real text instead of
 * "Sent a card". Returns the id of the sent activity (needed to update the card later).
 */
export async function sendCard(ctx: TurnContext, card: RenderedCard): Promise<string | undefined> {
  const response = await ctx.sendActivity({
    type: ActivityTypes.Message,
    summary: card.summary,
    attachments: [card.attachment],
  });
  return response?.id;
}
