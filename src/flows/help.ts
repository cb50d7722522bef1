import type { TurnContext } from 'botbuilder';

import { commandsForScope, type CommandSpec, type Scope } from '../actions/commands';
import type { AdminCheck } from '../auth/admin-check';
import { renderHelpCard } from '../cards/general-cards';
import { renderNoticeCard } from '../cards/knowledge-cards';
import type { CommandButton } from '../cards/render';
import { escapeCardText } from '../cards/text';

import { scopeOf, sendCard } from './context';

const SCOPE_INTROS: Record<Scope, string> = {
  personal: 'Here is what you can ask me in this chat. Type a command, or tap a button below.',
  team: 'In a channel, mention me first (for example **@Enrollment Assistant help**), then the command.',
  groupChat: 'In a group chat, mention me first, then the command.',
};

const SCOPE_TITLES: Record<Scope, string> = {
  personal: 'What I can do for you',
  team: 'Commands for this team',
  groupChat: 'Commands for this group chat',
};

/** Buttons offering the commands of a scope, for the help and fallback cards. */
export function commandButtons(scope: Scope, max = 5): CommandButton[] {
  return commandsForScope(scope)
    .slice(0, max)
    .map((c) => ({ title: c.title.charAt(0).toUpperCase() + c.title.slice(1), value: c.title }));
}

/** Replies with the help card for the conversation's scope (admin commands for admins only). */
export async function showHelp(ctx: TurnContext, isAdmin: AdminCheck): Promise<void> {
  const scope = scopeOf(ctx);
  const admin = await isAdmin(ctx.activity.from?.aadObjectId);
  await sendCard(
    ctx,
    renderHelpCard({
      title: SCOPE_TITLES[scope],
      intro: SCOPE_INTROS[scope],
      // Titles such as "verify domain <domain>" would lose "<domain>" as an HTML-looking tag.
      commands: commandsForScope(scope, { admin }).map((c) => ({
        title: escapeCardText(c.title),
        description: escapeCardText(c.description),
      })),
      footer: 'I only cover enrolling iPhones and iPads in Microsoft Intune.',
      buttons: commandButtons(scope).filter((b) => b.value !== 'help'),
    }),
  );
}

/**
 * "Did you mean …?" for a short message close to a command it did not match ("crate profle").
 * A command without arguments gets a button that runs it; one with arguments shows how to type it.
 */
export async function suggestCommand(ctx: TurnContext, command: CommandSpec): Promise<void> {
  const takesArgument = /<[^>]+>/.test(command.title);
  await sendCard(
    ctx,
    renderNoticeCard({
      title: `Did you mean “${escapeCardText(command.title)}”?`,
      message: `${escapeCardText(command.description)}${takesArgument ? `\n\nType it like this: **${escapeCardText(command.title)}**.` : ''}`,
      topics: [],
      footer: 'Type **help** to see everything I can do.',
      buttons: takesArgument ? [] : [{ title: command.title, value: command.title }],
      fallbackText: `Did you mean "${command.title}"?`,
    }),
  );
}
