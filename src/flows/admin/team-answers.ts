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
import { translator, type Translate } from '../../i18n/catalogue';
import type { Language } from '../../i18n/languages';
import { turnLanguage } from '../../i18n/turn-language';
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

function who(name: string | undefined, t: Translate): string {
  return escapeCardText(truncate(name ?? t('admin.teamAnswers.someone'), 60));
}

/** "Published by … · date", "Proposed by … from case … · date · edited by …". */
function bylineOf(a: TeamAnswer, t: Translate): string {
  const editor = a.edited ? who(a.edited.by.name, t) : undefined;
  if (a.status === 'published' && a.published) {
    const values = { who: who(a.published.by.name, t), day: day(a.published.at), editor };
    return editor
      ? t('admin.teamAnswers.bylinePublishedEdited', values)
      : t('admin.teamAnswers.bylinePublished', values);
  }
  if (a.status === 'withdrawn' && a.withdrawn) {
    return t('admin.teamAnswers.bylineWithdrawn', {
      who: who(a.withdrawn.by.name, t),
      day: day(a.withdrawn.at),
    });
  }
  const values = {
    who: who(a.proposed.by.name, t),
    day: day(a.proposed.at),
    editor,
    caseId: a.fromCase ? escapeCardText(a.fromCase) : undefined,
  };
  if (a.fromCase) {
    return editor
      ? t('admin.teamAnswers.bylineProposedFromCaseEdited', values)
      : t('admin.teamAnswers.bylineProposedFromCase', values);
  }
  return editor
    ? t('admin.teamAnswers.bylineProposedEdited', values)
    : t('admin.teamAnswers.bylineProposed', values);
}

function rowOf(a: TeamAnswer, t: Translate): TeamAnswerRow {
  const steps = stepsOf(a.steps);
  return {
    id: a.id,
    rev: a.rev,
    titleShown: escapeCardText(truncate(a.title, 100)),
    byline: bylineOf(a, t),
    preview: escapeCardText(
      truncate(
        t('admin.teamAnswers.preview', {
          cause: a.cause,
          steps: `${steps
            .slice(0, 3)
            .map((s, i) => `${i + 1}. ${s}`)
            .join(' ')}${steps.length > 3 ? ' …' : ''}`,
        }),
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
  lang: Language = 'en',
): Promise<RenderedCard> {
  const t = translator(lang);
  const { answers } = await store.read();
  const newestFirst = [...answers].reverse();
  const of = (s: TeamAnswer['status']): TeamAnswer[] => newestFirst.filter((a) => a.status === s);
  const drafts = of('draft');
  const published = of('published');
  const summary = t('admin.teamAnswers.summary', {
    drafts: drafts.length,
    published: published.length,
  });
  const row = (a: TeamAnswer): TeamAnswerRow => rowOf(a, t);
  return renderTeamAnswersCard(
    {
      summary,
      status,
      statusColor,
      drafts: drafts.slice(0, SHOWN.drafts).map(row),
      published: published.slice(0, SHOWN.published).map(row),
      withdrawn: of('withdrawn').slice(0, SHOWN.withdrawn).map(row),
      fallbackText: t('admin.teamAnswers.fallback', { summary }),
    },
    lang,
  );
}

/** `team answers`: the list, for admins. */
export async function teamAnswersCommand(ctx: TurnContext, deps: TeamAnswersDeps): Promise<void> {
  const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
  if (!auth.admin) {
    await sendRefusal(ctx, auth);
    return;
  }
  const lang = turnLanguage(ctx).lang;
  const t = translator(lang);
  if (!deps.teamAnswers) {
    await ctx.sendActivity(t('admin.teamAnswers.notSetUp'));
    return;
  }
  await sendCard(ctx, await listCard(deps.teamAnswers, '', 'Default', lang));
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
  t: Translate,
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
    : { error: parsed.error.issues[0]?.message ?? t('admin.teamAnswers.checkAnswer') };
}

/** What the admin is told after a change, with the answer's title (escaped). */
function doneText(kind: TeamAnswerChange['kind'], title: string, t: Translate): string {
  switch (kind) {
    case 'publish':
      return t('admin.teamAnswers.done.publish', { title });
    case 'save':
      return t('admin.teamAnswers.done.save', { title });
    case 'discard':
      return t('admin.teamAnswers.done.discard', { title });
    default:
      return t('admin.teamAnswers.done.withdraw', { title });
  }
}

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
      const lang = turnLanguage(ctx).lang;
      const t = translator(lang);
      const auth = await deps.authorize(ctx.activity.from?.aadObjectId, { fresh: true });
      if (!auth.admin) return refusalResponse(auth, lang);
      const store = deps.teamAnswers;
      if (!store) {
        return errorResponse(500, 'NotAvailable', t('admin.teamAnswers.notSetUpHere'));
      }
      const form = kind === 'publish' || kind === 'save' ? textOf(data, t) : undefined;
      if (form?.error) {
        return errorResponse(
          400,
          'InvalidInput',
          t('admin.teamAnswers.invalid', { error: form.error }),
        );
      }
      if (kind === 'save' && !form?.text) {
        return errorResponse(400, 'InvalidInput', t('admin.teamAnswers.editFirst'));
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
            ? t('admin.teamAnswers.missing')
            : outcome.reason === 'stale'
              ? t('admin.teamAnswers.stale')
              : t('admin.teamAnswers.movedOn');
        return cardResponse(await listCard(store, message, 'Attention', lang));
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
        await listCard(
          store,
          doneText(kind, escapeCardText(truncate(answer.title, 80)), t),
          'Good',
          lang,
        ),
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
