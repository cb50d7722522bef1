/**
 * Helpdesk flows: the employee's report form and its submit action, and the channel commands
 * (`set helpdesk channel`, `helpdesk status`, `tickets`). Reports are filed with the helpdesk
 * backend (src/helpdesk) and alerts are written to the outbox, which delivers them.
 */
import { TurnContext } from 'botbuilder';
import { z } from 'zod';

import type { CardActionHandler } from '../../actions/card-actions';
import {
  cardResponse,
  errorResponse,
  messageResponse,
  registerCardAction,
} from '../../actions/card-actions';
import {
  renderHelpdeskIncidentAlertCard,
  renderHelpdeskReportFiledCard,
  renderHelpdeskReportFormCard,
  renderHelpdeskTicketListCard,
} from '../../cards/helpdesk-cards';
import { renderNoticeCard } from '../../cards/knowledge-cards';
import type { RenderedCard } from '../../cards/render';
import { escapeCardText, readCarriedText, truncate } from '../../cards/text';
import { VERBS } from '../../cards/verbs';
import type { DirectoryService } from '../../graph/types';
import {
  draftFromEmployeeReport,
  fileReport,
  incidentRev,
  planIncidentAlert,
  isCaseId,
  parseEmployeeReport,
  type Actor,
  type EnrollmentStep,
  type FiledReport,
  type Incident,
  type Reporter,
  type Ticket,
  type TicketDraft,
  type IncidentGrouper,
  type TenantFacts,
  type TenantFactsSource,
  type TicketStore,
} from '../../helpdesk';
import { translator } from '../../i18n/catalogue';
import type { Language } from '../../i18n/languages';
import { tr, turnLanguage } from '../../i18n/turn-language';
import type { TeamAnswerStore } from '../../knowledge/team-answers';
import type { Logger } from '../../logging';
import { toConversationRef } from '../../outbox/activity';
import type { ConversationRef, Outbox } from '../../outbox/types';
import type { AuditLog } from '../../storage/audit-log';
import type { ConversationMemory } from '../../storage/conversation-memory';
import type { LanguagePreferences } from '../../storage/language-preferences';
import type { StateStorage } from '../../storage/state-storage';
import { updateDocument } from '../../storage/update-document';
import type { AdminAuthorizer } from '../admin/admin-deps';
import { scopeOf, sendCard } from '../context';
import type { CampaignEventSink } from '../knowledge-deps';
import { recall, reportPrefill } from '../memory';

import {
  incidentAlertCardData,
  reportFiledCardData,
  reportFormCardData,
  isTicketFilter,
  ticketLanguage,
  ticketListCardData,
  type ReportFormValues,
} from './card-data';

/** What the helpdesk flows need. */
export interface HelpdeskDeps {
  tickets: TicketStore;
  /** Each person's language, for messages sent to them outside a turn (ticket updates). */
  languages?: LanguagePreferences;
  grouper: IncidentGrouper;
  outbox: Outbox;
  storage: StateStorage;
  logger: Logger;
  /** Admins (may choose the helpdesk channel). */
  authorize: AdminAuthorizer;
  /**
   * May this user act on alert cards (assign, note, resolve, reopen) and list tickets? Checked on
   * the server for the acting user: members of HELPDESK_GROUP_ID, else the bot's admins.
   */
  isMember: (aadObjectId: string | undefined) => Promise<boolean>;
  /** To add the reporter's UPN (for the chat link) when the directory knows them. */
  directory?: DirectoryService;
  /** A channel set in configuration; a channel stored with `set helpdesk channel` wins. */
  configuredChannel?: ConversationRef;
  /** Tenant facts from Graph for the diagnosis (the Apple push certificate), when available. */
  tenantFacts?: TenantFactsSource;
  /** What the person told the bot in this chat, to prefill the report form. */
  memory?: ConversationMemory;
  /** The enrollment method of the profile Intune applies to a user (Graph); undefined: unknown. */
  profileMethodOf?: (aadObjectId: string | undefined) => Promise<string | undefined>;
  /** Answers the IT team writes (a solved case proposes one); without it the card offers none. */
  teamAnswers?: TeamAnswerStore;
  /** Where proposing an answer is recorded. */
  audit?: AuditLog;
  /**
   * The helpdesk's members, for the case card's searchable Reassign list; absent or empty: the
   * card asks for a name or email instead.
   */
  reassignCandidates?: () => Promise<ReassignCandidate[]>;
  /** Enrollment campaigns count a report by someone in their audience (with its cause). */
  campaignEvents?: CampaignEventSink;
}

/** Someone a case can be reassigned to. */
export interface ReassignCandidate {
  aadObjectId: string;
  name: string;
  upn: string;
}

/** What the case card needs besides the case: who it can be reassigned to. */
export async function caseCardOptions(
  deps: HelpdeskDeps,
): Promise<{ candidates: ReassignCandidate[] }> {
  return { candidates: (await deps.reassignCandidates?.()) ?? [] };
}

/** The tenant facts for a diagnosis; none when no source is configured (never throws). */
export async function tenantFactsOf(deps: HelpdeskDeps): Promise<TenantFacts> {
  return deps.tenantFacts ? deps.tenantFacts.get() : {};
}

/** Storage key of the helpdesk channel chosen with `set helpdesk channel`. */
export const HELPDESK_CHANNEL_KEY = 'helpdesk/channel';

interface StoredChannel {
  reference: ConversationRef;
  name?: string;
  setBy?: string;
  setAt: string;
}

/** Where alerts go: the stored channel, else the configured one, else nowhere. */
export async function helpdeskChannel(
  deps: HelpdeskDeps,
): Promise<{ reference: ConversationRef; source: 'stored' | 'config'; name?: string } | undefined> {
  const stored = (await deps.storage.read([HELPDESK_CHANNEL_KEY]))[HELPDESK_CHANNEL_KEY] as
    StoredChannel | undefined;
  if (stored?.reference) {
    return { reference: stored.reference, source: 'stored', name: stored.name };
  }
  return deps.configuredChannel
    ? { reference: deps.configuredChannel, source: 'config' }
    : undefined;
}

/** The conversation key an incident's alert went to. */
function conversationKeyOf(ref: ConversationRef): string {
  return `${ref.serviceUrl}|${ref.conversationId}`;
}

/** Storage key prefix of a person's reported cases, newest last (by Entra object id). */
export const CASES_PREFIX = 'helpdesk/reporter-cases/';
/** Cases kept in a person's index. */
const CASES_KEPT = 50;

/** A person's reported cases: how "my tickets" finds them after they close. */
export interface CaseIndex {
  ids: string[];
}

/** The cases this person reported before, newest last. */
export async function reportedCases(
  deps: Pick<HelpdeskDeps, 'storage'>,
  aadObjectId: string,
): Promise<string[]> {
  const key = CASES_PREFIX + aadObjectId;
  const index = (await deps.storage.read([key]))[key] as CaseIndex | undefined;
  return (index?.ids ?? []).filter((id) => isCaseId(id));
}

/** Remembers that this person reported this case (idempotent; the newest 50 are kept). */
export async function rememberReportedCase(
  deps: Pick<HelpdeskDeps, 'storage'>,
  aadObjectId: string,
  ticketId: string,
): Promise<void> {
  await updateDocument<CaseIndex>(deps.storage, CASES_PREFIX + aadObjectId, (current) => {
    const ids = (current?.ids ?? []).filter((id) => id !== ticketId);
    return { ids: [...ids, ticketId].slice(-CASES_KEPT) };
  });
}

/** Storage key prefix of a reporter's personal conversation reference (by Entra object id). */
export const REPORTER_REF_PREFIX = 'helpdesk/reporter-ref/';

/**
 * The language to write to a ticket's reporter in outside a turn (a status notice): the one they
 * chose, else the one they last wrote in, else the one they reported in, else English.
 */
export async function readerLanguage(
  deps: Pick<HelpdeskDeps, 'languages' | 'logger'>,
  ticket: Ticket,
): Promise<Language> {
  const id = ticket.reporter.aadObjectId;
  if (id && deps.languages) {
    try {
      const preference = await deps.languages.get(id);
      const stored = preference.chosen ?? preference.written;
      if (stored) return stored;
    } catch (err) {
      deps.logger.warn({ err, ticketId: ticket.id }, 'could not read the reporter language');
    }
  }
  return ticketLanguage(ticket) ?? 'en';
}

/** The activity that carries a rendered card. */
export function cardActivity(card: RenderedCard): Record<string, unknown> {
  return { type: 'message', summary: card.summary, attachments: [card.attachment] };
}

/**
 * Files a report (ticket + incident) and enqueues the incident's alert to the helpdesk channel.
 * With no channel, the report is only stored (`alerted: false`).
 */
export async function fileAndAlert(
  deps: HelpdeskDeps,
  draft: TicketDraft,
  options: { idempotencyKey?: string; by?: Actor } = {},
): Promise<{ filed: FiledReport; alerted: boolean }> {
  const filed = await fileReport({ tickets: deps.tickets, grouper: deps.grouper }, draft, options);
  const channel = await helpdeskChannel(deps);
  if (!channel) {
    // Not a warning per report (a burst would flood the log): admins are told in Teams.
    deps.logger.info(
      { ticketId: filed.ticket.id },
      'helpdesk report stored; no helpdesk channel is set',
    );
    await noteUnalerted(deps, filed.ticket.id);
    return { filed, alerted: false };
  }
  // Only the newest reports: the card shows the latest in full and a few names, so a burst of
  // thousands of reports for one cause never reads thousands of tickets per report.
  const tickets = recentTickets(
    filed.incident,
    await deps.tickets.getMany(filed.incident.tickets.slice(-ALERT_TICKET_WINDOW)),
  );
  const messages = planIncidentAlert({
    incident: filed.incident,
    isNew: filed.isNewIncident,
    conversation: channel.reference,
    activity: cardActivity(
      renderHelpdeskIncidentAlertCard(
        incidentAlertCardData(
          filed.incident,
          tickets,
          incidentRev(filed.incident),
          await caseCardOptions(deps),
        ),
      ),
    ),
  });
  await deps.outbox.enqueueMany(messages);
  if (filed.isNewIncident && messages[0]) {
    await deps.grouper.recordAlert(filed.incident.id, {
      outboxId: messages[0].id,
      conversation: conversationKeyOf(channel.reference),
    });
  }
  return { filed, alerted: true };
}

/**
 * How many of an incident's newest tickets its alert card is built from (and its `rev` covers).
 * Every card action changes all of an incident's tickets, so the newest ones show its state.
 */
export const ALERT_TICKET_WINDOW = 12;

/** The incident's newest {@link ALERT_TICKET_WINDOW} tickets among `tickets`, in incident order. */
export function recentTickets(incident: Incident, tickets: readonly Ticket[]): Ticket[] {
  const recent = incident.tickets.slice(-ALERT_TICKET_WINDOW);
  const byId = new Map(tickets.map((t) => [t.id, t]));
  return recent.map((id) => byId.get(id)).filter((t): t is Ticket => t !== undefined);
}

/** Reports stored while no channel was set: admins hear about them on their next message. */
export const UNALERTED_KEY = 'helpdesk/unalerted';

interface Unalerted {
  ticketIds: string[];
}

/** How long "no report waits" is trusted without reading storage again. */
const NOTHING_WAITING_MS = 5_000;
const nothingWaitingUntil = new WeakMap<object, number>();

async function noteUnalerted(deps: HelpdeskDeps, ticketId: string): Promise<void> {
  nothingWaitingUntil.delete(deps.storage);
  try {
    await updateDocument<Unalerted>(deps.storage, UNALERTED_KEY, (cur) => ({
      ticketIds: [...(cur?.ticketIds ?? []), ticketId].slice(-200),
    }));
  } catch (err) {
    // The report itself is stored; only the reminder to admins would be missing.
    deps.logger.warn({ err, ticketId }, 'could not record the unalerted report for admins');
  }
}

/**
 * On an admin's message: when reports were stored while no helpdesk channel was set, tell them
 * (once) and how to fix it. Costs one storage read per message; authorises only when needed.
 */
export async function remindAdminsOfUnalerted(ctx: TurnContext, deps: HelpdeskDeps): Promise<void> {
  // Every message passes here: when nothing waits, say so from memory for a few seconds instead
  // of reading storage each time (another instance's report shows up within that time).
  if ((nothingWaitingUntil.get(deps.storage) ?? 0) > Date.now()) return;
  const cur = (await deps.storage.read([UNALERTED_KEY]))[UNALERTED_KEY] as Unalerted | undefined;
  if (!cur || cur.ticketIds.length === 0) {
    nothingWaitingUntil.set(deps.storage, Date.now() + NOTHING_WAITING_MS);
    return;
  }
  if (!(await deps.authorize(ctx.activity.from?.aadObjectId)).admin) return;
  await deps.storage.delete([UNALERTED_KEY]);
  const n = cur.ticketIds.length;
  const t = tr(ctx);
  await notice(
    ctx,
    t('helpdesk.channel.waitingTitle'),
    t('helpdesk.channel.waiting', {
      count: n,
      ids: `${cur.ticketIds.slice(-5).join(', ')}${n > 5 ? ', …' : ''}`,
    }),
  );
}

/** The report form's step for a guide step's text ("Tap **Allow Remote Management**" …). */
export function enrollmentStepOf(stepText: string): EnrollmentStep | undefined {
  const t = stepText.toLowerCase();
  if (/remote management/.test(t)) return 'allow-remote-management';
  if (/authenticator/.test(t)) return 'authenticator';
  if (/company portal/.test(t)) return 'company-portal';
  if (/icloud|apple id|apple account|managed apple/.test(t)) return 'icloud';
  if (/verification|mfa|approve|code/.test(t)) return 'mfa';
  if (/sign in|sign-in|vpn & device management|work account/.test(t)) return 'sign-in';
  if (/install|profile|configur/.test(t)) return 'installing';
  return undefined;
}

/** `report a problem`: the form card, prefilled with what the conversation knows. */
export async function showReportForm(
  ctx: TurnContext,
  prefill: ReportFormValues = {},
): Promise<void> {
  const lang = turnLanguage(ctx).lang;
  await sendCard(ctx, renderHelpdeskReportFormCard(reportFormCardData(prefill, {}, lang), lang));
}

/** The reporter from the authenticated activity, with their UPN when the directory has it. */
async function reporterOf(
  deps: HelpdeskDeps,
  from: { aadObjectId?: string; name?: string } | undefined,
): Promise<Reporter> {
  const reporter: Reporter = { aadObjectId: from?.aadObjectId, name: from?.name };
  if (!from?.aadObjectId || !deps.directory) return reporter;
  try {
    const user = await deps.directory.getUser(from.aadObjectId);
    if (user) reporter.upn = user.userPrincipalName;
  } catch (err) {
    deps.logger.warn({ err }, 'could not look up the reporter; filing without UPN');
  }
  return reporter;
}

/** The submitted inputs: any strings; parseEmployeeReport does the real validation. */
const submitSchema = z
  .object({
    formId: z.string().uuid().optional(),
    step: z.unknown().optional(),
    errorText: z.unknown().optional(),
    question: z.unknown().optional(),
    deviceModel: z.unknown().optional(),
    osVersion: z.unknown().optional(),
    ownership: z.unknown().optional(),
    when: z.unknown().optional(),
  })
  .loose();

type SubmitData = z.infer<typeof submitSchema>;

function keptValues(data: SubmitData): ReportFormValues {
  const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    formId: data.formId,
    step: s(data.step),
    errorText: s(data.errorText),
    question: s(data.question),
    deviceModel: s(data.deviceModel),
    osVersion: s(data.osVersion),
    ownership: s(data.ownership),
    when: s(data.when),
  };
}

const submitHandler = (deps: HelpdeskDeps): CardActionHandler<SubmitData> => ({
  schema: submitSchema,
  async handle(ctx, data) {
    const lang = turnLanguage(ctx).lang;
    const parsed = parseEmployeeReport({
      step: data.step,
      errorText: data.errorText,
      question: data.question,
      deviceModel: data.deviceModel,
      osVersion: data.osVersion,
      ownership: data.ownership,
      when: data.when,
    });
    if (!parsed.ok) {
      return cardResponse(
        renderHelpdeskReportFormCard(
          reportFormCardData(keptValues(data), parsed.fieldErrors, lang),
          lang,
        ),
      );
    }
    // Identity from the authenticated activity only, never from the card data.
    const from = ctx.activity.from;
    // The method comes from the profile that applies to this employee, as the guide's does.
    const [reporter, method, facts] = await Promise.all([
      reporterOf(deps, from),
      deps.profileMethodOf?.(from?.aadObjectId),
      tenantFactsOf(deps),
    ]);
    // The language they reported in, so the helpdesk sees it and notices can use it. The
    // employee's words are stored as they wrote them.
    const draft: TicketDraft & { language?: Language } = {
      ...draftFromEmployeeReport(parsed.value, reporter, method, facts),
      language: lang,
    };
    // A repeat report from the same person links to their earlier cases.
    const earlier = from?.aadObjectId ? await reportedCases(deps, from.aadObjectId) : [];
    if (earlier.length > 0) draft.earlierCases = earlier.slice(-5);
    // The reporter's personal chat, for notices at each status change.
    const ref = TurnContext.getConversationReference(ctx.activity);
    if (
      from?.aadObjectId &&
      ref.conversation?.id &&
      ref.serviceUrl &&
      scopeOf(ctx) === 'personal'
    ) {
      await deps.storage.write({
        [REPORTER_REF_PREFIX + from.aadObjectId]: { reference: toConversationRef(ref) },
      });
    }
    const { filed, alerted } = await fileAndAlert(deps, draft, {
      by: { aadObjectId: from?.aadObjectId, name: from?.name },
      // A double click or a retried invoke of the same form files one ticket.
      idempotencyKey:
        data.formId && from?.aadObjectId ? `form-${from.aadObjectId}-${data.formId}` : undefined,
    });
    if (from?.aadObjectId) await rememberReportedCase(deps, from.aadObjectId, filed.ticket.id);
    await deps.campaignEvents?.reported(ctx, filed.ticket.diagnosis.title);
    return cardResponse(
      renderHelpdeskReportFiledCard(reportFiledCardData(filed.ticket, alerted, lang), lang),
    );
  },
});

/**
 * The report form for this person, prefilled with what they told the bot in this chat (device,
 * version, the message on screen) and, from "Ask the helpdesk", their question.
 */
export async function showReportFormFor(
  ctx: TurnContext,
  deps: HelpdeskDeps,
  extra: ReportFormValues = {},
): Promise<void> {
  const known = deps.memory ? reportPrefill(await recall(ctx, deps.memory)) : {};
  await showReportForm(ctx, { ...known, ...extra });
}

/** helpdesk.ask: the employee's question, as the card carries it (see carryText). */
export const askHelpdeskSchema = z.object({ question: z.string().max(8000).optional() });

/**
 * "Ask the helpdesk" on an answer card: opens the report form with the employee's question
 * attached, and leaves the answer card as it is. The question is only prefilled text the
 * employee can change before sending: identity still comes from the activity on submit.
 */
const askHandler = (deps: HelpdeskDeps): CardActionHandler<z.infer<typeof askHelpdeskSchema>> => ({
  schema: askHelpdeskSchema,
  async handle(ctx, { question }) {
    // Only prefilled text for the person's own report, cleaned and cut like any input.
    const text = readCarriedText(question, 500);
    await showReportFormFor(ctx, deps, { step: 'other', question: text || undefined });
    return messageResponse(tr(ctx)('report.form.opened'));
  },
});

/** Registers the report form's actions (the alert card's are in incident-actions.ts). */
export function registerHelpdeskActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: HelpdeskDeps,
): void {
  registerCardAction(registry, VERBS.helpdeskReportSubmit, submitHandler(deps));
  registerCardAction(registry, VERBS.helpdeskAsk, askHandler(deps));
  registerCardAction(registry, VERBS.helpdeskTicketsFilter, ticketsFilterHandler(deps));
}

const ticketsFilterSchema = z.object({
  filter: z.unknown().refine(isTicketFilter, 'an unknown view of the tickets'),
});

/** The ticket list's view buttons: members only, checked for the acting user. */
const ticketsFilterHandler = (
  deps: HelpdeskDeps,
): CardActionHandler<z.infer<typeof ticketsFilterSchema>> => ({
  schema: ticketsFilterSchema,
  async handle(ctx, data) {
    const viewerId = ctx.activity.from?.aadObjectId;
    const lang = turnLanguage(ctx).lang;
    if (!(await deps.isMember(viewerId))) {
      return errorResponse(403, 'Forbidden', tr(ctx)('helpdesk.tickets.membersOnly'));
    }
    const filter = data.filter;
    return cardResponse(
      renderHelpdeskTicketListCard(
        ticketListCardData(await deps.tickets.listOpen(), { filter, viewerId }, lang),
        lang,
      ),
    );
  },
});

/** A short notice card in the turn's language: a title and a message, no buttons. */
export async function notice(ctx: TurnContext, title: string, message: string): Promise<void> {
  const lang = turnLanguage(ctx).lang;
  await sendCard(
    ctx,
    renderNoticeCard(
      {
        title,
        message,
        topics: [],
        footer: '',
        buttons: [],
        fallbackText: translator(lang)('report.noticeFallback', { title, message }),
      },
      lang,
    ),
  );
}

/**
 * The channel's own conversation reference: in a team the top-level posts go to the channel id
 * (a message inside a thread carries `;messageid=` in its conversation id).
 */
export function channelReference(ctx: TurnContext): ConversationRef {
  const ref = toConversationRef(TurnContext.getConversationReference(ctx.activity));
  const channelData = ctx.activity.channelData as { channel?: { id?: unknown } } | undefined;
  const channelId = channelData?.channel?.id;
  if (typeof channelId === 'string' && channelId.length > 0) ref.conversationId = channelId;
  else ref.conversationId = ref.conversationId.split(';')[0] ?? ref.conversationId;
  // The team's group id lets the outbox's delivery probe read the channel through Graph.
  const teamId = (ctx.activity.channelData as { team?: { aadGroupId?: unknown } } | undefined)?.team
    ?.aadGroupId;
  if (typeof teamId === 'string' && teamId.length > 0) ref.teamId = teamId;
  return ref;
}

/** `set helpdesk channel` (admins, in a team channel): alerts go to this channel from now on. */
export async function setHelpdeskChannelCommand(
  ctx: TurnContext,
  deps: HelpdeskDeps,
): Promise<void> {
  const t = tr(ctx);
  if (scopeOf(ctx) !== 'team') {
    await notice(ctx, t('helpdesk.channel.title'), t('helpdesk.channel.sayInTeam'));
    return;
  }
  const auth = await deps.authorize(ctx.activity.from?.aadObjectId, { fresh: true });
  if (!auth.admin) {
    await notice(ctx, t('helpdesk.channel.notChangedTitle'), t('helpdesk.channel.adminsOnly'));
    return;
  }
  const channelData = ctx.activity.channelData as
    { channel?: { name?: unknown }; team?: { name?: unknown } } | undefined;
  const name = [channelData?.team?.name, channelData?.channel?.name]
    .filter((n): n is string => typeof n === 'string')
    .join(' › ');
  const record: StoredChannel = {
    reference: channelReference(ctx),
    name: name || undefined,
    setBy: ctx.activity.from?.aadObjectId,
    setAt: new Date().toISOString(),
  };
  await deps.storage.write({ [HELPDESK_CHANNEL_KEY]: record });
  await notice(ctx, t('helpdesk.channel.setTitle'), t('helpdesk.channel.set'));
}

/** `helpdesk status`: where alerts go, and a test post there through the outbox. */
export async function helpdeskStatusCommand(ctx: TurnContext, deps: HelpdeskDeps): Promise<void> {
  const t = tr(ctx);
  const id = ctx.activity.from?.aadObjectId;
  if (!(await deps.authorize(id)).admin && !(await deps.isMember(id))) {
    await notice(ctx, t('helpdesk.status.title'), t('helpdesk.status.membersOnly'));
    return;
  }
  const channel = await helpdeskChannel(deps);
  if (!channel) {
    await notice(ctx, t('helpdesk.status.title'), t('helpdesk.status.noChannel'));
    return;
  }
  await deps.outbox.enqueue({
    id: `helpdesk-status/${ctx.activity.id ?? Date.now().toString(36)}`,
    kind: 'post',
    conversation: channel.reference,
    // Posted in the channel, which reads English.
    activity: { type: 'message', text: translator('en')('helpdesk.status.testPost') },
  });
  const stats = await deps.outbox.stats();
  const values = {
    source: t(
      channel.source === 'stored' ? 'helpdesk.status.setInTeams' : 'helpdesk.status.setInConfig',
    ),
    waiting: stats.byState.pending,
    undeliverable: stats.byState.dead,
  };
  await notice(
    ctx,
    t('helpdesk.status.title'),
    channel.name
      ? t('helpdesk.status.named', {
          ...values,
          name: escapeCardText(truncate(channel.name, 120)),
        })
      : t('helpdesk.status.unnamed', values),
  );
}

/** `tickets`: the open tickets. */
export async function ticketsCommand(ctx: TurnContext, deps: HelpdeskDeps): Promise<void> {
  const t = tr(ctx);
  const lang = turnLanguage(ctx).lang;
  if (!(await deps.isMember(ctx.activity.from?.aadObjectId))) {
    await notice(ctx, t('helpdesk.tickets.title'), t('helpdesk.tickets.membersOnly'));
    return;
  }
  await sendCard(
    ctx,
    renderHelpdeskTicketListCard(
      ticketListCardData(
        await deps.tickets.listOpen(),
        { viewerId: ctx.activity.from?.aadObjectId },
        lang,
      ),
      lang,
    ),
  );
}
