import { type Activity, TestAdapter } from 'botbuilder';

import type { StateStorage } from '../../src/storage/state-storage';
import { cardAction, message, type ActivityOptions } from '../factories/activities';

import type { BotHarness } from './bot-harness';
import { forEachNode, validateCard } from './card-validation';

/** An Action.Execute button found on a card. */
export interface ExecuteAction {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

/** The Action.Execute actions of a card (including those in ActionSets and ShowCards). */
export function executeActions(card: Record<string, unknown>): ExecuteAction[] {
  const out: ExecuteAction[] = [];
  forEachNode(card, (o) => {
    if (o.type === 'Action.Execute') {
      out.push({
        title: String(o.title),
        verb: String(o.verb),
        data: (o.data ?? {}) as Record<string, unknown>,
      });
    }
  });
  return out;
}

/** An invoke response body. */
export interface InvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

/** The status code of the invoke response among a turn's replies. */
export function invokeStatus(replies: readonly Partial<Activity>[]): number {
  const invoke = replies.find((r) => r.type === 'invokeResponse');
  return (invoke?.value as { body: InvokeBody }).body.statusCode;
}

/**
 * Clicks the button with this title, as Teams does: an adaptiveCard/action invoke whose data is
 * the button's data merged with the card's inputs. Returns the invoke body and any other replies.
 */
export async function click(
  h: BotHarness<StateStorage>,
  card: Record<string, unknown>,
  title: string,
  inputs: Record<string, unknown> = {},
  opts: ActivityOptions = {},
): Promise<{ response: InvokeBody; others: Partial<Activity>[] }> {
  const action = executeActions(card).find((a) => a.title === title);
  if (!action) {
    throw new Error(
      `no button "${title}" on card: ${executeActions(card)
        .map((a) => a.title)
        .join(', ')}`,
    );
  }
  const replies = await h.send(cardAction(action.verb, { ...action.data, ...inputs }, opts));
  const invoke = replies.find((r) => r.type === 'invokeResponse');
  const body = (invoke?.value as { body: InvokeBody }).body;
  return { response: body, others: replies.filter((r) => r.type !== 'invokeResponse') };
}

/** The invoke Teams sends for the button with this title (data merged with the card's inputs). */
export function buttonClick(
  card: Record<string, unknown>,
  title: string,
  inputs: Record<string, unknown> = {},
  opts: ActivityOptions = {},
): Partial<Activity> {
  const action = executeActions(card).find((a) => a.title === title);
  if (!action) throw new Error(`no button "${title}" on card`);
  return cardAction(action.verb, { ...action.data, ...inputs }, opts);
}

/**
 * Sends every activity at once, each through its own adapter as separate HTTP requests arrive,
 * round-robin over `bots` (instances of one deployment on one store). Resolves the invoke bodies
 * in input order; a turn that threw counts as status 500.
 */
export async function invokeConcurrently(
  bots: readonly BotHarness<StateStorage>[],
  activities: readonly Partial<Activity>[],
): Promise<InvokeBody[]> {
  return Promise.all(
    activities.map(async (activity, i) => {
      const bot = bots[i % bots.length];
      if (!bot) throw new Error('no bot to send to');
      const adapter = new TestAdapter(async (ctx) => {
        await bot.bot.run(ctx);
      });
      try {
        await adapter.processActivity(activity);
      } catch (err) {
        return { statusCode: 500, type: 'error', value: String(err) };
      }
      const invoke = adapter.activeQueue.find((r) => r.type === 'invokeResponse');
      const body = (invoke?.value as { body?: InvokeBody; status?: number } | undefined)?.body;
      return body ?? { statusCode: 500, type: 'missing', value: undefined };
    }),
  );
}

/** Asserts the invoke answered with a valid replacement card and returns it. */
export function responseCard(r: InvokeBody): Record<string, unknown> {
  if (r.statusCode !== 200 || r.type !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`expected a card, got ${JSON.stringify(r)}`);
  }
  const card = r.value as Record<string, unknown>;
  const problems = validateCard(card);
  if (problems.length > 0) throw new Error(`invalid card: ${problems.join('; ')}`);
  return card;
}

/** What {@link walkWizardToReview} fills in on each page. */
export interface WizardWalk {
  admin: ActivityOptions;
  name: string;
  description?: string;
  groupSearch: string;
  groupId: string;
}

/**
 * Starts `create profile` and walks Basics → Settings (account driven) → Assignments (one group
 * found by search and included) → Review, asserting each step answers with a valid card.
 */
export async function walkWizardToReview(
  h: BotHarness<StateStorage>,
  walk: WizardWalk,
): Promise<Record<string, unknown>> {
  const replies = await h.send(message('create profile', walk.admin));
  const basics = replies[0]?.attachments?.[0]?.content as Record<string, unknown>;
  const step = async (
    card: Record<string, unknown>,
    title: string,
    inputs: Record<string, unknown>,
  ): Promise<Record<string, unknown>> =>
    responseCard((await click(h, card, title, inputs, walk.admin)).response);
  const settings = await step(basics, 'Next', {
    name: walk.name,
    description: walk.description ?? '',
  });
  const assignments = await step(settings, 'Next', {
    enrollmentType: 'accountDrivenUserEnrollment',
  });
  const searched = await step(assignments, 'Search groups', {
    target: 'groups',
    groupSearch: walk.groupSearch,
  });
  const included = await step(searched, 'Include selected', {
    target: 'groups',
    picked: walk.groupId,
  });
  return step(included, 'Next', { target: 'groups' });
}
