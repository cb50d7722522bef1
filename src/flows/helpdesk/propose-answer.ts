/**
 * "Propose an answer" on a resolved case card: a helpdesk member turns what fixed a case the bot
 * had no good answer for into a draft answer (title, how employees ask, symptom, cause, fix).
 * The draft waits for an admin (`team answers`, src/flows/admin/team-answers.ts); employees never
 * see it until it is published.
 *
 * The same rules as every card action: only helpdesk members, identity from the authenticated
 * activity, and the card's `rev` checked inside the conditional write that marks the case as
 * proposed, so two clicks (or a replayed card) make one draft.
 */
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';

import {
  cardResponse,
  errorResponse,
  registerCardAction,
  type CardActionHandler,
} from '../../actions/card-actions';
import { VERBS } from '../../cards/verbs';
import { CASE_ID_PATTERN, incidentRev, type Actor } from '../../helpdesk';
import { tr } from '../../i18n/turn-language';
import { TEAM_ANSWER_LIMITS, teamAnswerTextSchema } from '../../knowledge/team-answers';

import { incidentStatus, needsAnswer } from './card-data';
import type { HelpdeskDeps } from './helpdesk';
import { load, redrawIncidentCard, staleResponse } from './incident-actions';

const text = (max: number): z.ZodOptional<z.ZodString> => z.string().max(max).optional();

const proposeSchema = z.object({
  incidentId: z.string().regex(CASE_ID_PATTERN),
  rev: z.string().regex(/^[0-9a-f]{16}$/),
  answerTitle: text(TEAM_ANSWER_LIMITS.title),
  answerQuestion: text(TEAM_ANSWER_LIMITS.question),
  answerSymptom: text(TEAM_ANSWER_LIMITS.symptom),
  answerCause: text(TEAM_ANSWER_LIMITS.cause),
  answerSteps: text(TEAM_ANSWER_LIMITS.steps),
});
type ProposeData = z.infer<typeof proposeSchema>;

async function propose(
  ctx: TurnContext,
  deps: HelpdeskDeps,
  data: ProposeData,
): Promise<AdaptiveCardInvokeResponse> {
  const t = tr(ctx);
  const from = ctx.activity.from;
  if (!(await deps.isMember(from?.aadObjectId))) {
    return errorResponse(403, 'Forbidden', t('helpdesk.propose.forbidden'));
  }
  if (!deps.teamAnswers) {
    return errorResponse(500, 'NotAvailable', t('helpdesk.propose.notAvailable'));
  }
  const before = await load(deps, data.incidentId);
  if (!before) {
    return errorResponse(404, 'NotFound', t('helpdesk.propose.gone'));
  }
  if (incidentRev(before.incident) !== data.rev) return staleResponse(t);
  const latest = before.tickets[before.tickets.length - 1];
  if (incidentStatus(before.tickets) !== 'resolved' || !latest) {
    return errorResponse(409, 'NotResolved', t('helpdesk.propose.notResolved'));
  }
  if (before.incident.proposedAnswer) {
    return errorResponse(409, 'AlreadyProposed', t('helpdesk.propose.already'));
  }
  if (!needsAnswer(latest.diagnosis)) {
    return errorResponse(409, 'AlreadyAnswered', t('helpdesk.propose.answered'));
  }
  const parsed = teamAnswerTextSchema.safeParse({
    title: data.answerTitle ?? '',
    question: data.answerQuestion ?? '',
    symptom: data.answerSymptom ?? '',
    cause: data.answerCause ?? '',
    steps: data.answerSteps ?? '',
  });
  if (!parsed.success) {
    const first = parsed.error.issues[0]?.message ?? t('helpdesk.propose.check');
    return errorResponse(400, 'InvalidInput', t('helpdesk.propose.invalid', { problem: first }));
  }
  const actor: Actor = { aadObjectId: from?.aadObjectId, name: from?.name };
  const answer = await deps.teamAnswers.propose(parsed.data, actor, before.incident.id);
  const claim = await deps.grouper.claimAction(before.incident.id, data.rev, (incident) => {
    incident.proposedAnswer = { id: answer.id, by: actor, at: answer.proposed.at };
  });
  if (!claim.won) {
    // Another click won: this draft goes (nobody saw it), and the case keeps the winner's.
    await deps.teamAnswers.removeUnseenDraft(answer.id);
    return staleResponse(t);
  }
  await deps.audit?.record({
    actor: { aadObjectId: actor.aadObjectId ?? 'unknown', name: actor.name ?? 'unknown' },
    action: 'answer.propose',
    target: { type: 'answer', id: answer.id, name: answer.title },
    after: { fromCase: before.incident.id },
    sandbox: false,
  });
  deps.logger.info({ answerId: answer.id, incidentId: before.incident.id }, 'answer proposed');
  const { card, update } = await redrawIncidentCard(ctx, deps, before, 'propose');
  await deps.outbox.enqueueMany([update]);
  return cardResponse(card);
}

/** Registers "Propose an answer" on the case card. */
export function registerProposeAnswer(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: HelpdeskDeps,
): void {
  registerCardAction(registry, VERBS.helpdeskProposeAnswer, {
    schema: proposeSchema,
    handle: (ctx, data) => propose(ctx, deps, data),
  });
}
