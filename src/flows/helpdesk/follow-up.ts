/**
 * Employees follow up on their own reports in chat: "my tickets", "status of my ticket", "any news
 * on my problem?", or the case number itself. The bot shows the person's own cases (status, last
 * update, what happens next) and lets them add information or say it works now; the helpdesk
 * sees both on the case card in the channel. Identity comes from the authenticated activity:
 * anyone asking about a case that is not theirs learns nothing, not even that it exists.
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
  renderHelpdeskIncidentAlertCard,
  renderHelpdeskMyCasesCard,
  type HelpdeskMyCasesCardData,
} from '../../cards/helpdesk-cards';
import { cardTime, escapeCardText, truncate } from '../../cards/text';
import { VERBS } from '../../cards/verbs';
import {
  CASE_ID_PATTERN,
  findCaseId,
  incidentRev,
  planIncidentCardUpdate,
  type Actor,
  type Ticket,
} from '../../helpdesk';
import { sendCard } from '../context';

import { incidentAlertCardData, resolutionNote } from './card-data';
import {
  caseCardOptions,
  cardActivity,
  CASES_PREFIX,
  helpdeskChannel,
  notice,
  recentTickets,
  type CaseIndex,
  type HelpdeskDeps,
} from './helpdesk';

/** Cases shown on the card. */
const SHOWN_MAX = 5;

/** This person's cases, newest first: the index, plus open ones filed before the index existed. */
async function casesOf(deps: HelpdeskDeps, aadObjectId: string): Promise<Ticket[]> {
  const key = CASES_PREFIX + aadObjectId;
  const index = (await deps.storage.read([key]))[key] as CaseIndex | undefined;
  const indexed = await deps.tickets.getMany(index?.ids ?? []);
  const open = (await deps.tickets.listOpen()).filter(
    (t) => t.reporter.aadObjectId === aadObjectId,
  );
  const byId = new Map([...indexed, ...open].map((t) => [t.id, t]));
  return [...byId.values()]
    .filter((t) => t.reporter.aadObjectId === aadObjectId)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/** What the resolver wrote when the ticket was last resolved. */
function resolutionOf(ticket: Ticket): string | undefined {
  const entry = [...ticket.history].reverse().find((h) => h.action === 'resolved');
  return resolutionNote(entry?.detail);
}

function caseRow(ticket: Ticket): HelpdeskMyCasesCardData['cases'][number] {
  const assignee = ticket.assignee?.name ? escapeCardText(truncate(ticket.assignee.name, 80)) : '';
  let status: string;
  let next: string;
  switch (ticket.status) {
    case 'resolved': {
      const why = resolutionOf(ticket);
      status = 'Resolved';
      next = `${why ? `The helpdesk says: ${escapeCardText(truncate(why, 300))} ` : ''}Try enrolling again; if it still fails, type **report a problem**.`;
      break;
    }
    case 'assigned':
      status = assignee ? `Being worked on by ${assignee}` : 'Being worked on';
      next = `${assignee || 'The helpdesk'} will message you here. Add anything new below, or tell them it works now.`;
      break;
    default:
      status = 'Waiting for the helpdesk';
      next =
        'The helpdesk has your report and will message you here. Add anything new below, or tell them it works now.';
  }
  return {
    id: ticket.id,
    status,
    problem: escapeCardText(truncate(ticket.diagnosis.title, 120)),
    updated: cardTime(ticket.updatedAt) || escapeCardText(ticket.updatedAt),
    next,
    open: ticket.status !== 'resolved',
    infoInput: `info-${ticket.id}`,
  };
}

function casesCard(cases: readonly Ticket[], title: string, intro: string) {
  return renderHelpdeskMyCasesCard({
    title,
    intro,
    cases: cases.slice(0, SHOWN_MAX).map(caseRow),
    fallbackText: `${title}: ${cases
      .slice(0, SHOWN_MAX)
      .map((t) => `${t.id} ${t.status}`)
      .join(', ')}`,
  });
}

/** `my tickets`, "status of my ticket", a case number: the person's own cases. */
export async function myCasesCommand(
  ctx: TurnContext,
  deps: HelpdeskDeps,
  text: string,
): Promise<void> {
  const userId = ctx.activity.from?.aadObjectId;
  if (!userId) {
    await notice(
      ctx,
      'Your reports',
      "I can't tell who you are here, so I can't show your reports.",
    );
    return;
  }
  const cases = await casesOf(deps, userId);
  const asked = findCaseId(text);
  if (asked) {
    const mine = cases.find((t) => t.id === asked);
    if (!mine) {
      // The same answer whether the case does not exist or is someone else's.
      await notice(
        ctx,
        'Case not found',
        `I can't find ${asked} among the problems you reported. Check the number, or type **my tickets** to see yours.`,
      );
      return;
    }
    await sendCard(ctx, casesCard([mine], `Your case ${mine.id}`, ''));
    return;
  }
  if (cases.length === 0) {
    await notice(
      ctx,
      'Your reports',
      "You haven't reported an enrollment problem. If something went wrong, type **report a problem**.",
    );
    return;
  }
  const open = cases.filter((t) => t.status !== 'resolved').length;
  await sendCard(
    ctx,
    casesCard(
      cases,
      'Your enrollment problem reports',
      `${open === 0 ? 'None is open' : `${open} open`}${cases.length > SHOWN_MAX ? `; the ${SHOWN_MAX} newest are shown` : ''}.`,
    ),
  );
}

const caseSchema = z.object({ ticketId: z.string().regex(CASE_ID_PATTERN) }).catchall(z.unknown());
type CaseData = z.infer<typeof caseSchema>;

/** The case card on the helpdesk channel shows what the employee added. */
async function refreshIncidentCard(
  deps: HelpdeskDeps,
  ticket: Ticket,
  event: string,
): Promise<void> {
  const incident = ticket.incidentId ? await deps.grouper.get(ticket.incidentId) : undefined;
  const channel = await helpdeskChannel(deps);
  if (!incident || !channel) return;
  const tickets = await deps.tickets.getMany(incident.tickets);
  const card = renderHelpdeskIncidentAlertCard(
    incidentAlertCardData(
      incident,
      recentTickets(incident, tickets),
      incidentRev(incident),
      await caseCardOptions(deps),
    ),
  );
  await deps.outbox.enqueue(
    planIncidentCardUpdate({
      incident,
      conversation: channel.reference,
      activity: cardActivity(card),
      version: `${event}-${ticket.id}-${ticket.notes.length}`,
    }),
  );
}

async function followUp(
  ctx: TurnContext,
  deps: HelpdeskDeps,
  data: CaseData,
  kind: 'info' | 'works',
): Promise<AdaptiveCardInvokeResponse> {
  const from = ctx.activity.from;
  const ticket = await deps.tickets.get(data.ticketId);
  // Only the person who reported it (from the authenticated activity, never the card data).
  if (!ticket || !from?.aadObjectId || ticket.reporter.aadObjectId !== from.aadObjectId) {
    return errorResponse(
      404,
      'NotFound',
      "I can't find that case among your reports. Nothing was sent.",
    );
  }
  if (ticket.status === 'resolved') {
    return cardResponse(
      casesCard(
        [ticket],
        `Your case ${ticket.id}`,
        'This case is closed. If the problem is back, type **report a problem**.',
      ),
    );
  }
  const raw = data[`info-${ticket.id}`];
  const info = typeof raw === 'string' ? raw.trim() : '';
  if (kind === 'info' && (info === '' || info.length > 2000)) {
    return errorResponse(
      400,
      'InvalidInput',
      'Type what you want to add (at most 2,000 characters).',
    );
  }
  const actor: Actor = { aadObjectId: from.aadObjectId, name: from.name };
  const updated = await deps.tickets.addNote(
    ticket.id,
    actor,
    kind === 'works' ? 'The employee says it works now.' : `From the employee: ${info}`,
  );
  await refreshIncidentCard(deps, updated, kind);
  return cardResponse(
    casesCard(
      [updated],
      `Your case ${updated.id}`,
      kind === 'works'
        ? 'Thanks: the helpdesk can see that it works now and will close the case.'
        : 'Sent: the helpdesk can see it on your case.',
    ),
  );
}

/** Registers the verbs of the employee's case card. */
export function registerFollowUpActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: HelpdeskDeps,
): void {
  const handler = (kind: 'info' | 'works'): CardActionHandler<CaseData> => ({
    schema: caseSchema,
    handle: (ctx, data) => followUp(ctx, deps, data, kind),
  });
  registerCardAction(registry, VERBS.helpdeskCaseInfo, handler('info'));
  registerCardAction(registry, VERBS.helpdeskCaseWorks, handler('works'));
}
