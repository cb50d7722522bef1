import type { TurnContext } from 'botbuilder';

import { matchCommand } from '../actions/commands';
import { renderWelcomePersonalCard, renderWelcomeTeamCard } from '../cards/general-cards';
import { StorageConflictError } from '../errors';
import { turnLanguage } from '../i18n/turn-language';
import type { StateStorage } from '../storage/state-storage';

import { scopeOf, sendCard } from './context';
import { commandButtons } from './help';

/**
 * Greets a new conversation in the turn's language: in a personal chat it explains what the bot
 * does for employees and admins and offers the language choice; in a team or group chat it
 * explains how a channel becomes the helpdesk channel.
 */
export async function sendWelcome(ctx: TurnContext): Promise<void> {
  const scope = scopeOf(ctx);
  const language = turnLanguage(ctx);
  const buttons = commandButtons(scope, undefined, language.lang);
  if (scope === 'personal') {
    const selected = language.source === 'choice' ? language.lang : 'auto';
    // The card chooses the language itself (and Teams shows at most five buttons).
    const commands = buttons.filter((b) => matchCommand(b.value, scope)?.id !== 'language');
    await sendCard(
      ctx,
      renderWelcomePersonalCard(ctx.activity.from?.name, commands, language.lang, selected),
    );
    return;
  }
  const teamName = (ctx.activity.channelData as { team?: { name?: string } } | undefined)?.team
    ?.name;
  await sendCard(ctx, renderWelcomeTeamCard(teamName, buttons, language.lang));
}

/** Dependencies of the welcome flow. */
export interface WelcomeDeps {
  storage: StateStorage;
}

function welcomeKey(ctx: TurnContext): string | undefined {
  const id = ctx.activity.conversation?.id;
  return id ? `welcomed/${id}` : undefined;
}

/**
 * Sends the welcome card unless this conversation was already welcomed since the bot was
 * installed. Teams may announce one install with two events (installationUpdate and
 * membersAdded); a create-only write decides which one greets, even across bot instances.
 */
export async function welcomeOnce(ctx: TurnContext, deps: WelcomeDeps): Promise<void> {
  const key = welcomeKey(ctx);
  if (!key) {
    return;
  }
  try {
    await deps.storage.writeNew({ [key]: { at: new Date().toISOString() } });
  } catch (err) {
    if (err instanceof StorageConflictError) {
      return;
    }
    throw err;
  }
  await sendWelcome(ctx);
}

/** Forgets the welcome on uninstall, so a later reinstall is greeted again. */
export async function forgetWelcome(ctx: TurnContext, deps: WelcomeDeps): Promise<void> {
  const key = welcomeKey(ctx);
  if (key) {
    await deps.storage.delete([key]);
  }
}
