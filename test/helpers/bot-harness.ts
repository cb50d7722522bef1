import { TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';

import { type CardActionHandler } from '../../src/bot/card-actions';
import { TeamsBot } from '../../src/bot/teams-bot';
import type { Logger } from '../../src/logging';
import { ConversationStore } from '../../src/storage/conversation-store';
import { MemoryStateStorage } from '../fakes/memory-state-storage';

/** A bot on botbuilder's TestAdapter with in-memory fakes, plus what it sent. */
export interface BotHarness {
  bot: TeamsBot;
  adapter: TestAdapter;
  storage: MemoryStateStorage;
  logger: Logger;
  logLines: string[];
  /** Sends one activity through the bot and returns every activity the bot produced in reply. */
  send(activity: Partial<Activity>): Promise<Partial<Activity>[]>;
}

/** Builds a harness. `cardActions` lets a test register verbs of its own. */
export function createBotHarness(
  cardActions: Map<string, CardActionHandler<unknown>> = new Map(),
): BotHarness {
  const storage = new MemoryStateStorage();
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const bot = new TeamsBot({
    logger,
    storage,
    conversations: new ConversationStore(storage),
    cardActions,
  });
  const adapter = new TestAdapter(async (ctx) => {
    await bot.run(ctx);
  });
  return {
    bot,
    adapter,
    storage,
    logger,
    logLines,
    async send(activity) {
      const before = adapter.activeQueue.length;
      await adapter.processActivity(activity);
      return adapter.activeQueue.splice(before);
    },
  };
}

/** The Adaptive Card content of the first card attachment in a reply. */
export function cardOf(activity: Partial<Activity> | undefined): Record<string, unknown> {
  const attachment = activity?.attachments?.[0];
  if (!attachment || attachment.contentType !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`expected an Adaptive Card, got ${JSON.stringify(activity)}`);
  }
  return attachment.content as Record<string, unknown>;
}

/** All TextBlock texts of a card, depth-first, for content assertions. */
export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      if (o.type === 'Fact' || (typeof o.title === 'string' && typeof o.value === 'string')) {
        out.push(`${String(o.title)}: ${String(o.value)}`);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** Titles of the card's actions (buttons), including those in ActionSets. */
export function cardButtons(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (
        typeof o.type === 'string' &&
        o.type.startsWith('Action.') &&
        typeof o.title === 'string'
      ) {
        out.push(o.title);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
