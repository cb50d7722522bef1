/**
 * `team answers` (admins): the answers helpdesk members proposed from solved cases, to review,
 * edit, publish or discard, and the published ones, to withdraw. Publishing puts an answer in the
 * knowledge base at once on this instance and within seconds on every other (they re-read the
 * team answers document, src/knowledge/team-answers.ts); employees see it marked "written by your
 * IT team". Every change is checked against the admin role afresh, quotes the answer's `rev`
 * (a stale or replayed card changes nothing), and is written to the audit log.
 */
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';

import {
  cardResponse,
  errorResponse,
  registerCardAction,
  type CardActionHandler,
} from '../../actions/card-actions';
import {
  renderTeamAnswersCard,
  type TeamAnswerRow,
  type TeamAnswersCardData,
} from '../../cards/admin-cards';
import type { RenderedCard } from '../../cards/render';
import { cardTime, escapeCardText, noBinding, truncate } from '../../cards/text';
import { VERBS } from '../../cards/verbs';
import {
  stepsOf,
  teamAnswerTextSchema,
  type TeamAnswer,
  type TeamAnswerChange,
  type TeamAnswerStore,
} from '../../knowledge/team-answers';
import type { AuditEntry } from '../../storage/audit-log';
import { sendCard } from '../context';

import { actorOf, refusalResponse, sendRefusal, type AdminDeps } from './admin-deps';

/** What the team answers flows need besides the admin basics. */
export interface TeamAnswersDeps extends AdminDeps {
  teamAnswers?: TeamAnswerStore;
  /** Tells this instance's knowledge base to pick the change up on the next message. */
  knowledgeChanged?: () => void;
}

/** Rows a card shows (the rest wait their turn): a card stays under Teams' 28 KB. */
const SHOWN = { drafts: 3, published: 10, withdrawn: 5 } as const;

/** A day as Teams shows it in the reader's zone. */
const day = (iso: string): string => cardTime(iso, { dateOnly: true });

function who(name: string | undefined): string {
  return escapeCardText(truncate(name ?? 'someone', 60));
}

function rowOf(a: TeamAnswer): TeamAnswerRow {
  const from = a.fromCase ? ` from case ${escapeCardText(a.fromCase)}` : '';
  const byline =
    a.status === 'published' && a.published
      ? `Published by ${who(a.published.by.name)} · ${day(a.published.at)}${a.edited ? ` · edited by ${who(a.edited.by.name)}` : ''}`
      : a.status === 'withdrawn' && a.withdrawn
        ? `Withdrawn by ${who(a.withdrawn.by.name)} · ${day(a.withdrawn.at)}`
        : `Proposed by ${who(a.proposed.by.name)}${from} · ${day(a.proposed.at)}${a.edited ? ` · edited by ${who(a.edited.by.name)}` : ''}`;
  const steps = stepsOf(a.steps);
  return {
    id: a.id,
    rev: a.rev,
    titleShown: escapeCardText(truncate(a.title, 100)),
    byline,
    preview: escapeCardText(
      truncate(
        `${a.cause} Fix: ${steps
          .slice(0, 3)
          .map((s, i) => `${i + 1}. ${s}`)
          .join(' ')}${steps.length > 3 ? ' …' : ''}`,
        400,
      ),
    ),
    title: noBinding(a.title),
    question: noBinding(a.question),
    symptom: noBinding(a.symptom),
    cause: noBinding(a.cause),
    steps: noBinding(a.steps),
  };
}

async function listCard(
  store: TeamAnswerStore,
  status = '',
  statusColor: TeamAnswersCardData['statusColor'] = 'Default',
): Promise<RenderedCard> {
  const { answers } = await store.read();
  const newestFirst = [...answers].reverse();
  const of = (s: TeamAnswer['status']): TeamAnswer[] => newestFirst.filter((a) => a.status === s);
  const drafts = of('draft');
  const published = of('published');
  const summary = `${drafts.length} waiting for review · ${published.length} published`;
  return renderTeamAnswersCard({
    summary,
    status,
    statusColor,
    drafts: drafts.slice(0, SHOWN.drafts).map(rowOf),
    published: published.slice(0, SHOWN.published).map(rowOf),
    withdrawn: of('withdrawn').slice(0, SHOWN.withdrawn).map(rowOf),
    fallbackText: `Answers written by your IT team: ${summary}`,
  });
}

/** `team answers`: the list, for admins. */
export async function teamAnswersCommand(ctx: TurnContext, deps: TeamAnswersDeps): Promise<void> {
  const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
  if (!auth.admin) {
    await sendRefusal(ctx, auth);
    return;
  }
  if (!deps.teamAnswers) {
    await ctx.sendActivity('Team answers are not set up in this deployment.');
    return;
  }
  await sendCard(ctx, await listCard(deps.teamAnswers));
}

/** The answer and the card's rev of it; the form's fields are named after the answer's id. */
const actionSchema = z.looseObject({
  answerId: z.string().regex(/^team-[a-z0-9]{8}$/),
  rev: z.coerce.number().int().nonnegative().max(1_000_000),
});
type ActionData = z.infer<typeof actionSchema>;

/** The edited text from the card's form, when the form was sent (Publish, Save changes). */
function textOf(
  data: ActionData,
): { text?: z.infer<typeof teamAnswerTextSchema>; error?: string } | undefined {
  const field = (name: string): unknown => data[`${name}-${data.answerId}`];
  if (field('title') === undefined) return undefined;
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const parsed = teamAnswerTextSchema.safeParse({
    title: str(field('title')),
    question: str(field('question')),
    symptom: str(field('symptom')),
    cause: str(field('cause')),
    steps: str(field('steps')),
  });
  return parsed.success
    ? { text: parsed.data }
    : { error: parsed.error.issues[0]?.message ?? 'Check the answer.' };
}

const DONE: Record<TeamAnswerChange['kind'], (title: string) => string> = {
  publish: (t) => `Published "${t}": employees get it now.`,
  save: (t) => `Saved your changes to "${t}".`,
  discard: (t) => `Discarded "${t}".`,
  withdraw: (t) => `Withdrew "${t}": employees no longer get it.`,
};

const AUDIT: Record<TeamAnswerChange['kind'], AuditEntry['action']> = {
  publish: 'answer.publish',
  save: 'answer.edit',
  discard: 'answer.discard',
  withdraw: 'answer.withdraw',
};

function teamAnswerAction(
  deps: TeamAnswersDeps,
  kind: TeamAnswerChange['kind'],
): CardActionHandler<ActionData> {
  return {
    schema: actionSchema,
    async handle(ctx, data): Promise<AdaptiveCardInvokeResponse> {
      // Publishing changes what every employee is told: a fresh check, not a cached answer.
      const auth = await deps.authorize(ctx.activity.from?.aadObjectId, { fresh: true });
      if (!auth.admin) return refusalResponse(auth);
      const store = deps.teamAnswers;
      if (!store) {
        return errorResponse(500, 'NotAvailable', 'Team answers are not set up here.');
      }
      const form = kind === 'publish' || kind === 'save' ? textOf(data) : undefined;
      if (form?.error) {
        return errorResponse(400, 'InvalidInput', `${form.error} Nothing was changed.`);
      }
      if (kind === 'save' && !form?.text) {
        return errorResponse(400, 'InvalidInput', 'Open the answer and edit it first.');
      }
      const change: TeamAnswerChange =
        kind === 'publish'
          ? form?.text
            ? { kind, text: form.text }
            : { kind }
          : kind === 'save'
            ? { kind, text: form?.text as z.infer<typeof teamAnswerTextSchema> }
            : { kind };
      const actor = actorOf(ctx);
      const outcome = await store.change(data.answerId, data.rev, change, actor);
      if (!outcome.ok) {
        const message =
          outcome.reason === 'missing'
            ? 'That answer no longer exists. Nothing was changed.'
            : outcome.reason === 'stale'
              ? 'This card was out of date (someone else changed that answer). Nothing was changed; here is the latest.'
              : 'That answer has moved on since this card was drawn. Nothing was changed; here is the latest.';
        return cardResponse(await listCard(store, message, 'Attention'));
      }
      const answer = outcome.answer;
      const target = { type: 'answer' as const, id: answer.id, name: answer.title };
      // Publishing with changes made on the card: the edit is recorded on its own line.
      if (outcome.edited && kind !== 'save') {
        await deps.audit.record({ actor, action: 'answer.edit', target, sandbox: false });
      }
      await deps.audit.record({
        actor,
        action: AUDIT[kind],
        target,
        ...(answer.fromCase ? { after: { fromCase: answer.fromCase } } : {}),
        sandbox: false,
      });
      deps.knowledgeChanged?.();
      deps.logger.info({ answerId: answer.id, change: kind }, 'team answer changed');
      return cardResponse(
        await listCard(store, DONE[kind](escapeCardText(truncate(answer.title, 80))), 'Good'),
      );
    },
  };
}

/** Registers the `team answers` card's verbs. */
export function registerTeamAnswerActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: TeamAnswersDeps,
): void {
  registerCardAction(registry, VERBS.teamAnswerPublish, teamAnswerAction(deps, 'publish'));
  registerCardAction(registry, VERBS.teamAnswerSave, teamAnswerAction(deps, 'save'));
  registerCardAction(registry, VERBS.teamAnswerDiscard, teamAnswerAction(deps, 'discard'));
  registerCardAction(registry, VERBS.teamAnswerWithdraw, teamAnswerAction(deps, 'withdraw'));
}
