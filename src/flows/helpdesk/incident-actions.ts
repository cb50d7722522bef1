/**
 * The alert card's actions, as the state allows: Acknowledge, Assign to me, Unassign, Add note,
 * Resolve (with a note), Reopen. Only members
 * of the helpdesk team may act (checked on the server for the acting user, from the authenticated
 * activity); anyone else is refused and nothing changes. An action carries the card's `rev`: an
 * action from an older card (stale, replayed or forged) is refused too. Each change answers with
 * the new card (the invoke response updates it for the actor), writes the same card to the
 * outbox as an update (for everyone else), and tells each affected reporter in their personal
 * chat when the status changed.
 */
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';

import {
  cardResponse,
  errorResponse,
  registerCardAction,
  type CardActionHandler,
} from '../../actions/card-actions';
import { renderHelpdeskIncidentAlertCard } from '../../cards/helpdesk-cards';
import type { RenderedCard } from '../../cards/render';
import { plainCardText } from '../../cards/text';
import { VERBS } from '../../cards/verbs';
import {
  CASE_ID_PATTERN,
  incidentRev,
  planIncidentCardUpdate,
  planTicketNotice,
  type Actor,
  type Incident,
  type Ticket,
} from '../../helpdesk';
import { translator, type Translate } from '../../i18n/catalogue';
import type { Language } from '../../i18n/languages';
import { tr } from '../../i18n/turn-language';
import type { ConversationRef, OutboxMessageInput } from '../../outbox';

import { incidentAlertCardData, incidentStatus, isAcknowledged } from './card-data';
import {
  caseCardOptions,
  cardActivity,
  channelReference,
  readerLanguage,
  recentTickets,
  REPORTER_REF_PREFIX,
  type HelpdeskDeps,
} from './helpdesk';

const baseSchema = z.object({
  incidentId: z.string().regex(CASE_ID_PATTERN),
  rev: z.string().regex(/^[0-9a-f]{16}$/),
});
const noteSchema = baseSchema.extend({ note: z.string().max(2000).optional() });
const resolveSchema = baseSchema.extend({ resolveNote: z.string().max(2000).optional() });
const reassignSchema = baseSchema.extend({ reassignTo: z.string().max(256).optional() });

type Action = 'acknowledge' | 'assign' | 'reassign' | 'unassign' | 'note' | 'resolve' | 'reopen';

export interface Loaded {
  incident: Incident;
  tickets: Ticket[];
}

export async function load(deps: HelpdeskDeps, incidentId: string): Promise<Loaded | undefined> {
  const incident = await deps.grouper.get(incidentId);
  if (!incident) return undefined;
  return { incident, tickets: await deps.tickets.getMany(incident.tickets) };
}

/** `text` ending as a sentence, so the next one does not run on ("…works now Try enrolling"). */
function asSentence(text: string): string {
  return /[.!?…。！？]["'”’)」]*$/.test(text) ? text : `${text}.`;
}

/**
 * What the reporter is told in their personal chat, in their language (sent outside a turn:
 * the language they chose or last wrote in, else the one they reported in). The helpdesk's note
 * is passed on as the helpdesk wrote it.
 */
export function noticeText(
  ticket: Ticket,
  action: Action,
  actor: Actor,
  note: string | undefined,
  lang: Language = 'en',
): string {
  const t = translator(lang);
  const id = ticket.id;
  switch (action) {
    case 'acknowledge':
      return t('report.notices.acknowledged', { id });
    case 'assign':
    case 'reassign':
      return actor.name
        ? t('report.notices.assigned', { id, name: actor.name })
        : t('report.notices.assignedNoName', { id });
    case 'resolve':
      return note
        ? t('report.notices.resolvedNote', { id, note: asSentence(note) })
        : t('report.notices.resolved', { id });
    default:
      return t('report.notices.reopened', { id });
  }
}

async function reporterConversation(
  deps: HelpdeskDeps,
  ticket: Ticket,
): Promise<ConversationRef | undefined> {
  const id = ticket.reporter.aadObjectId;
  if (!id) return undefined;
  const key = REPORTER_REF_PREFIX + id;
  const stored = (await deps.storage.read([key]))[key] as
    { reference?: ConversationRef } | undefined;
  return stored?.reference;
}

async function act(
  ctx: TurnContext,
  deps: HelpdeskDeps,
  action: Action,
  data: z.infer<typeof baseSchema> & { note?: string },
): Promise<AdaptiveCardInvokeResponse> {
  const say = tr(ctx);
  const from = ctx.activity.from;
  if (!(await deps.isMember(from?.aadObjectId))) {
    deps.logger.info(
      { action, incidentId: data.incidentId },
      'helpdesk action refused: not a member',
    );
    return errorResponse(403, 'Forbidden', say('helpdesk.actions.forbidden'));
  }
  const before = await load(deps, data.incidentId);
  if (!before) {
    return errorResponse(404, 'NotFound', say('helpdesk.actions.gone'));
  }
  if (incidentRev(before.incident) !== data.rev) return staleResponse(say);
  const actor: Actor = { aadObjectId: from?.aadObjectId, name: from?.name };
  const note = data.note?.trim();
  const refusal = refuse(say, action, incidentStatus(before.tickets), before.tickets, note);
  if (refusal) return refusal;
  // Reassign: the person named must be found in the directory and be a helpdesk member.
  let assignee: Actor = actor;
  if (action === 'reassign') {
    const found = await helpdeskMemberNamed(say, deps, note ?? '');
    if ('refusal' in found) return found.refusal;
    assignee = found.member;
  }

  // One conditional write decides which click wins: the card's rev must still be the incident's
  // at the moment of the write. Every other click (the same button, or another on the same card)
  // sees a newer rev and changes nothing, so nothing below runs twice.
  const claim = await deps.grouper.claimAction(before.incident.id, data.rev, (incident) => {
    if (action === 'resolve') deps.grouper.markResolved(incident, actor);
  });
  if (!claim.won) {
    return claim.reason === 'missing'
      ? errorResponse(404, 'NotFound', say('helpdesk.actions.gone'))
      : staleResponse(say);
  }
  const changed: Ticket[] = [];
  const staff = translator('en');
  switch (action) {
    case 'acknowledge':
      for (const t of before.tickets) {
        if (t.status === 'resolved' || isAcknowledged(t)) continue;
        changed.push(await deps.tickets.acknowledge(t.id, actor));
      }
      break;
    case 'assign':
      for (const t of before.tickets) {
        if (t.status === 'resolved' || t.assignee?.aadObjectId === actor.aadObjectId) continue;
        changed.push(await deps.tickets.assign(t.id, actor, actor));
      }
      break;
    case 'reassign':
      for (const t of before.tickets) {
        if (t.status === 'resolved' || t.assignee?.aadObjectId === assignee.aadObjectId) continue;
        changed.push(await deps.tickets.assign(t.id, assignee, actor));
      }
      break;
    case 'unassign':
      for (const t of before.tickets) {
        if (t.status === 'resolved' || !t.assignee) continue;
        await deps.tickets.unassign(t.id, actor);
      }
      break;
    case 'note':
      for (const t of before.tickets) await deps.tickets.addNote(t.id, actor, note ?? '');
      break;
    case 'resolve': {
      const result = await deps.grouper.resolveTickets(claim.incident, actor, note);
      changed.push(...result.tickets.filter((t) => result.newlyResolved.includes(t.id)));
      break;
    }
    case 'reopen':
      for (const t of before.tickets) {
        if (t.status !== 'resolved') continue;
        // The history's detail, read by the helpdesk.
        changed.push(
          await deps.tickets.reopen(t.id, actor, staff('helpdesk.actions.reopenedDetail')),
        );
      }
      break;
  }
  const { card, update } = await redrawIncidentCard(ctx, deps, before, action);
  const messages: OutboxMessageInput[] = [update];
  if (action !== 'note' && action !== 'unassign') {
    for (const ticket of changed) {
      const conversation = await reporterConversation(deps, ticket);
      if (!conversation) {
        deps.logger.info({ ticketId: ticket.id }, 'no personal chat known for the reporter');
        continue;
      }
      const lang = await readerLanguage(deps, ticket);
      messages.push(
        planTicketNotice({
          ticket,
          event: `${action}-${ticket.history.length}`,
          conversation,
          activity: {
            type: 'message',
            textFormat: 'plain',
            text: noticeText(ticket, action, action === 'reassign' ? assignee : actor, note, lang),
          },
        }),
      );
    }
  }
  await deps.outbox.enqueueMany(messages);
  return cardResponse(card);
}

/**
 * The incident's card after a change (read again, so it shows what was written), and the outbox
 * message that updates it in the channel for everyone else. `why` names the change in the
 * update's id.
 */
export async function redrawIncidentCard(
  ctx: TurnContext,
  deps: HelpdeskDeps,
  before: Loaded,
  why: string,
): Promise<{ card: RenderedCard; update: OutboxMessageInput }> {
  const after = (await load(deps, before.incident.id)) ?? before;
  const newRev = incidentRev(after.incident);
  const card = renderHelpdeskIncidentAlertCard(
    incidentAlertCardData(
      after.incident,
      recentTickets(after.incident, after.tickets),
      newRev,
      await caseCardOptions(deps),
    ),
  );
  const update = planIncidentCardUpdate({
    incident: after.incident,
    conversation: channelReference(ctx),
    activity: cardActivity(card),
    version: `${why}-${newRev}`,
  });
  return { card, update };
}

/**
 * The helpdesk member a reassignment names: searched in the directory by name or e-mail, then
 * checked to be a member (for that user, as every action is). One exact e-mail/UPN match wins
 * over other name matches; several name matches ask for the e-mail.
 */
async function helpdeskMemberNamed(
  t: Translate,
  deps: HelpdeskDeps,
  text: string,
): Promise<{ member: Actor } | { refusal: AdaptiveCardInvokeResponse }> {
  const query = plainCardText(text, 120);
  if (!deps.directory || query === '') {
    return { refusal: errorResponse(400, 'InvalidInput', t('helpdesk.actions.nameMember')) };
  }
  // An e-mail or sign-in name is looked up directly; anything else is searched by name.
  const byUpn = /^[^\s@]+@[^\s@]+$/.test(query) ? await deps.directory.getUser(query) : undefined;
  const people = byUpn ? [byUpn] : await deps.directory.searchUsers(query, 5);
  const members = [];
  for (const p of people) if (await deps.isMember(p.id)) members.push(p);
  const lower = query.toLowerCase();
  const exact = members.filter(
    (m) => m.userPrincipalName.toLowerCase() === lower || m.mail?.toLowerCase() === lower,
  );
  const pick = exact.length === 1 ? exact : members;
  if (pick.length === 1 && pick[0]) {
    return { member: { aadObjectId: pick[0].id, name: pick[0].displayName } };
  }
  if (pick.length === 0) {
    return {
      refusal: errorResponse(404, 'NotFound', t('helpdesk.actions.noMember', { query })),
    };
  }
  const names = pick.map((m) => `${m.displayName} (${m.userPrincipalName})`).join(', ');
  return {
    refusal: errorResponse(409, 'Ambiguous', t('helpdesk.actions.severalMembers', { names })),
  };
}

/** The refusal of a click on an older card. */
export function staleResponse(t: Translate = translator('en')): AdaptiveCardInvokeResponse {
  return errorResponse(409, 'Stale', t('helpdesk.actions.stale'));
}

/** Why this action cannot apply to the incident as the card shows it, if it cannot. */
function refuse(
  t: Translate,
  action: Action,
  status: ReturnType<typeof incidentStatus>,
  tickets: readonly Ticket[],
  note: string | undefined,
): AdaptiveCardInvokeResponse | undefined {
  const reopenFirst = (): AdaptiveCardInvokeResponse =>
    errorResponse(409, 'Resolved', t('helpdesk.actions.reopenFirst'));
  switch (action) {
    case 'acknowledge':
      if (status === 'resolved') return reopenFirst();
      return tickets.some((k) => k.status !== 'resolved' && !isAcknowledged(k))
        ? undefined
        : errorResponse(409, 'Acknowledged', t('helpdesk.actions.alreadyAcknowledged'));
    case 'reassign':
      if (status === 'resolved') return reopenFirst();
      return note
        ? undefined
        : errorResponse(400, 'InvalidInput', t('helpdesk.actions.nameMember'));
    case 'unassign':
      return tickets.some((k) => k.status !== 'resolved' && k.assignee)
        ? undefined
        : errorResponse(409, 'NotAssigned', t('helpdesk.actions.notAssigned'));
    case 'assign':
      return status === 'resolved' ? reopenFirst() : undefined;
    case 'note':
      return note ? undefined : errorResponse(400, 'InvalidInput', t('helpdesk.actions.noteFirst'));
    case 'resolve':
      return note
        ? undefined
        : errorResponse(400, 'InvalidInput', t('helpdesk.actions.sayWhatFixed'));
    case 'reopen':
      return tickets.some((k) => k.status === 'resolved')
        ? undefined
        : errorResponse(409, 'NotResolved', t('helpdesk.actions.nothingToReopen'));
  }
}

function handler<T extends z.infer<typeof baseSchema>>(
  deps: HelpdeskDeps,
  action: Action,
  schema: z.ZodType<T>,
  noteOf: (data: T) => string | undefined,
): CardActionHandler<T> {
  return { schema, handle: (ctx, data) => act(ctx, deps, action, { ...data, note: noteOf(data) }) };
}

/** Registers the alert card's verbs. */
export function registerIncidentActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: HelpdeskDeps,
): void {
  registerCardAction(
    registry,
    VERBS.helpdeskAcknowledge,
    handler(deps, 'acknowledge', baseSchema, () => undefined),
  );
  registerCardAction(
    registry,
    VERBS.helpdeskAssign,
    handler(deps, 'assign', baseSchema, () => undefined),
  );
  registerCardAction(
    registry,
    VERBS.helpdeskReassign,
    handler(deps, 'reassign', reassignSchema, (d) => d.reassignTo),
  );
  registerCardAction(
    registry,
    VERBS.helpdeskUnassign,
    handler(deps, 'unassign', baseSchema, () => undefined),
  );
  registerCardAction(
    registry,
    VERBS.helpdeskNote,
    handler(deps, 'note', noteSchema, (d) => d.note),
  );
  registerCardAction(
    registry,
    VERBS.helpdeskResolve,
    handler(deps, 'resolve', resolveSchema, (d) => d.resolveNote),
  );
  registerCardAction(
    registry,
    VERBS.helpdeskReopen,
    handler(deps, 'reopen', baseSchema, () => undefined),
  );
}
