import type { TurnContext } from 'botbuilder';

import {
  commandsForScope,
  matchCommand,
  type CommandId,
  type CommandSpec,
  type Scope,
} from '../actions/commands';
import type { AdminCheck } from '../auth/admin-check';
import { renderHelpCard, type HelpCardData } from '../cards/general-cards';
import { renderNoticeCard } from '../cards/knowledge-cards';
import { deepFreeze, type CommandButton } from '../cards/render';
import { escapeCardText } from '../cards/text';
import { translator, type Translate } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';
import { tr, turnLanguage } from '../i18n/turn-language';

import { scopeOf, sendCard } from './context';

/** A catalogue string, or undefined when the catalogue has no such key (in any language). */
function optional(t: Translate, key: string): string | undefined {
  const text = t(key);
  return text === key ? undefined : text;
}

/**
 * A command as a person types it in the reader's language: the catalogue's title of the command
 * (`commands.<id>.title`), else its word in `common.commands`, else the English title. A
 * translation is used only when the bot routes it to that same command, so a button or a line
 * on the help card never offers words the bot would not understand.
 */
export function typedCommand(t: Translate, spec: CommandSpec, scope: Scope): string {
  // The same for every card in a language: routed once, then remembered.
  const known = typed.get(t) ?? new Map<string, string>();
  typed.set(t, known);
  const key = `${spec.id}|${scope}`;
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  const candidates = [
    optional(t, `commands.${spec.id}.title`),
    optional(t, `common.commands.${spec.id}`),
  ];
  const word =
    candidates.find((c) => c !== undefined && matchCommand(c, scope)?.id === spec.id) ?? spec.title;
  known.set(key, word);
  return word;
}

/** Commands as typed, per language's translate function (a handful of entries each). */
const typed = new WeakMap<Translate, Map<string, string>>();

/** What a command does, in the reader's language (English when the catalogue lacks it). */
export function commandDescription(t: Translate, spec: CommandSpec): string {
  return optional(t, `commands.${spec.id}.description`) ?? spec.description;
}

/** The first commands of a scope as buttons, with the command each one runs. */
function buttonsWithIds(
  scope: Scope,
  max: number,
  t: Translate,
): (CommandButton & { id: CommandId })[] {
  return commandsForScope(scope)
    .slice(0, max)
    .map((c) => {
      const value = typedCommand(t, c, scope);
      return { id: c.id, title: value.charAt(0).toUpperCase() + value.slice(1), value };
    });
}

/**
 * Buttons offering the commands of a scope, for the help and fallback cards: each sends the
 * command as a person types it in `lang`.
 */
export function commandButtons(scope: Scope, max = 5, lang: Language = 'en'): CommandButton[] {
  return buttonsWithIds(scope, max, translator(lang)).map(({ title, value }) => ({ title, value }));
}

/** Replies with the help card for the conversation's scope (admin commands for admins only). */
export async function showHelp(ctx: TurnContext, isAdmin: AdminCheck): Promise<void> {
  const scope = scopeOf(ctx);
  const t = tr(ctx);
  const admin = await isAdmin(ctx.activity.from?.aadObjectId);
  const lang = turnLanguage(ctx).lang;
  // The same card for everyone of a scope, language and role: built once.
  const key = `${lang}|${scope}|${admin}`;
  let data = helpCards.get(key);
  if (!data) {
    data = {
      title: t(`help.title.${scope}`),
      intro: t(`help.intro.${scope}`),
      // Titles such as "verify domain <domain>" would lose "<domain>" as an HTML-looking tag.
      commands: commandsForScope(scope, { admin }).map((c) => ({
        title: escapeCardText(typedCommand(t, c, scope)),
        description: escapeCardText(commandDescription(t, c)),
      })),
      footer: t('help.footer'),
      buttons: buttonsWithIds(scope, 5, t)
        .filter((b) => b.id !== 'help')
        .map(({ title, value }) => ({ title, value })),
    };
    // Frozen: the card renderer keeps its bound card by identity and shares it.
    helpCards.set(key, deepFreeze(data));
  }
  await sendCard(ctx, renderHelpCard(data, lang));
}

/** Help card data per language, scope and role (30 at most). */
const helpCards = new Map<string, HelpCardData>();

/**
 * "Did you mean …?" for a short message close to a command it did not match ("crate profle").
 * A command without arguments gets a button that runs it; one with arguments shows how to type it.
 * The command stays as it was nearly typed (its English title); what it does is in the reader's
 * language.
 */
export async function suggestCommand(ctx: TurnContext, command: CommandSpec): Promise<void> {
  const t = tr(ctx);
  const takesArgument = /<[^>]+>/.test(command.title);
  const title = escapeCardText(command.title);
  const description = escapeCardText(commandDescription(t, command));
  await sendCard(
    ctx,
    renderNoticeCard(
      {
        title: t('help.didYouMean', { command: title }),
        message: takesArgument
          ? `${description}\n\n${t('help.typeItLike', { command: title })}`
          : description,
        topics: [],
        footer: t('help.didYouMeanFooter'),
        buttons: takesArgument ? [] : [{ title: command.title, value: command.title }],
        fallbackText: t('help.didYouMeanFallback', { command: command.title }),
      },
      turnLanguage(ctx).lang,
    ),
  );
}
