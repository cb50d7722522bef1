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
import { translator, type Translate } from '../../i18n/catalogue';
import type { Language } from '../../i18n/languages';
import { turnLanguage } from '../../i18n/turn-language';
import { sendCard } from '../context';

import { employeeDiagnosis, incidentAlertCardData, resolutionNote } from './card-data';
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

function caseRow(ticket: Ticket, lang: Language): HelpdeskMyCasesCardData['cases'][number] {
  const t = translator(lang);
  const assignee = ticket.assignee?.name ? escapeCardText(truncate(ticket.assignee.name, 80)) : '';
  let status: string;
  let next: string;
  switch (ticket.status) {
    case 'resolved': {
      const why = resolutionOf(ticket);
      status = t('report.cases.status.resolved');
      next = why
        ? t('report.cases.next.resolvedNote', { note: escapeCardText(truncate(why, 300)) })
        : t('report.cases.next.resolved');
      break;
    }
    case 'assigned':
      status = assignee
        ? t('report.cases.status.assignedTo', { name: assignee })
        : t('report.cases.status.assigned');
      next = assignee
        ? t('report.cases.next.assignedTo', { name: assignee })
        : t('report.cases.next.assigned');
      break;
    default:
      status = t('report.cases.status.waiting');
      next = t('report.cases.next.waiting');
  }
  return {
    id: ticket.id,
    status,
    // The diagnosis in the reader's language (the helpdesk keeps the English one).
    problem: escapeCardText(truncate(employeeDiagnosis(ticket, lang).title, 120)),
    // Adaptive Cards date and time functions: the Teams client shows them in the reader's
    // locale and time zone.
    updated: cardTime(ticket.updatedAt) || escapeCardText(ticket.updatedAt),
    next,
    open: ticket.status !== 'resolved',
    infoInput: `info-${ticket.id}`,
  };
}

function casesCard(cases: readonly Ticket[], title: string, intro: string, lang: Language) {
  const t = translator(lang);
  const shown = cases.slice(0, SHOWN_MAX);
  return renderHelpdeskMyCasesCard(
    {
      title,
      intro,
      cases: shown.map((c) => caseRow(c, lang)),
      fallbackText: t('report.cases.fallback', {
        title,
        cases: shown.map((c) => `${c.id} ${statusWord(t, c)}`).join(', '),
      }),
    },
    lang,
  );
}

/** A case's status in one word, for the notification text. */
function statusWord(t: Translate, ticket: Ticket): string {
  return t(`report.cases.state.${ticket.status}`);
}

/** `my tickets`, "status of my ticket", a case number: the person's own cases. */
export async function myCasesCommand(
  ctx: TurnContext,
  deps: HelpdeskDeps,
  text: string,
): Promise<void> {
  const lang = turnLanguage(ctx).lang;
  const t = translator(lang);
  const userId = ctx.activity.from?.aadObjectId;
  if (!userId) {
    await notice(ctx, t('report.cases.yourReports'), t('report.cases.noIdentity'));
    return;
  }
  const cases = await casesOf(deps, userId);
  const asked = findCaseId(text);
  if (asked) {
    const mine = cases.find((c) => c.id === asked);
    if (!mine) {
      // The same answer whether the case does not exist or is someone else's.
      await notice(ctx, t('report.cases.notFoundTitle'), t('report.cases.notFound', { id: asked }));
      return;
    }
    await sendCard(ctx, casesCard([mine], t('report.cases.yourCase', { id: mine.id }), '', lang));
    return;
  }
  if (cases.length === 0) {
    await notice(ctx, t('report.cases.yourReports'), t('report.cases.noneReported'));
    return;
  }
  const open = cases.filter((c) => c.status !== 'resolved').length;
  const more = cases.length > SHOWN_MAX;
  await sendCard(
    ctx,
    casesCard(
      cases,
      t('report.cases.title'),
      open === 0
        ? t(more ? 'report.cases.introNoneNewest' : 'report.cases.introNone', { shown: SHOWN_MAX })
        : t(more ? 'report.cases.introOpenNewest' : 'report.cases.introOpen', {
            count: open,
            shown: SHOWN_MAX,
          }),
      lang,
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
  const lang = turnLanguage(ctx).lang;
  const t = translator(lang);
  const from = ctx.activity.from;
  const ticket = await deps.tickets.get(data.ticketId);
  // Only the person who reported it (from the authenticated activity, never the card data).
  if (!ticket || !from?.aadObjectId || ticket.reporter.aadObjectId !== from.aadObjectId) {
    return errorResponse(404, 'NotFound', t('report.cases.notYours'));
  }
  if (ticket.status === 'resolved') {
    return cardResponse(
      casesCard(
        [ticket],
        t('report.cases.yourCase', { id: ticket.id }),
        t('report.cases.closed'),
        lang,
      ),
    );
  }
  const raw = data[`info-${ticket.id}`];
  const info = typeof raw === 'string' ? raw.trim() : '';
  if (kind === 'info' && (info === '' || info.length > 2000)) {
    return errorResponse(400, 'InvalidInput', t('report.cases.infoInvalid'));
  }
  const actor: Actor = { aadObjectId: from.aadObjectId, name: from.name };
  // The note is for the helpdesk (English), with the employee's words as they wrote them.
  const staff = translator('en');
  const updated = await deps.tickets.addNote(
    ticket.id,
    actor,
    kind === 'works'
      ? staff('helpdesk.notes.worksNow')
      : staff('helpdesk.notes.fromEmployee', { text: info }),
  );
  await refreshIncidentCard(deps, updated, kind);
  return cardResponse(
    casesCard(
      [updated],
      t('report.cases.yourCase', { id: updated.id }),
      kind === 'works' ? t('report.cases.thanksWorks') : t('report.cases.sent'),
      lang,
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
