import { randomUUID } from 'node:crypto';

/**
 * Helpdesk card data: form values, tickets and incidents turned into the display strings that
 * the templates cards/helpdesk-*.json bind (src/cards/helpdesk-cards.ts renders them). Every
 * untrusted string (what the employee typed, names, error texts) is escaped with escapeCardText
 * and capped here, so it can neither format the card nor push it over the size budget.
 */
import type {
  HelpdeskIncidentAlertCardData,
  HelpdeskReportFiledCardData,
  HelpdeskReportFormCardData,
  HelpdeskTicketListCardData,
} from '../../cards/helpdesk-cards';
import {
  cardTime,
  escapeCardText,
  fitCardText,
  noBinding,
  plainCardText,
  replaceLoneSurrogates,
  truncate,
} from '../../cards/text';
import { normaliseDomain } from '../../discovery/domain-name';
import {
  ENROLLMENT_STEP_LABELS,
  ENROLLMENT_STEPS,
  getDiagnosisRule,
  type Actor,
  type FieldErrors,
  type Incident,
  type Ticket,
} from '../../helpdesk';
import { hasOwnString, translator, type Translate } from '../../i18n/catalogue';
import { isLanguage, type Language } from '../../i18n/languages';

import type { ReassignCandidate } from './helpdesk';

/** Values shown in the report form (kept after a failed submit). */
export interface ReportFormValues {
  /** Identifies this form: submitting the same form twice files one ticket. */
  formId?: string;
  step?: string;
  errorText?: string;
  question?: string;
  deviceModel?: string;
  osVersion?: string;
  ownership?: string;
  when?: string;
}

/**
 * Caps for stored values the card shows in full. Real values are shorter (Entra names and UPNs
 * have at most 256 characters; the report schemas cap device 100, OS 40, method 64), so they show
 * unchanged; a damaged or hostile document cannot push the card over its size budget.
 */
const NAME_MAX = 256;
const DEVICE_MAX = 100;
const OS_MAX = 40;
const METHOD_MAX = 64;
const WHEN_MAX = 40;
/** Names on the ticket list, which shows up to 25 rows. */
const LIST_NAME_MAX = 100;
/** Field errors are the schemas' own messages (under 120 characters); the cap only bounds size. */
const ERROR_MESSAGE_MAX = 300;

/** The helpdesk reads its cards in English (the channel has no single reader). */
const staff: Translate = translator('en');

const stepChoiceCache = new Map<Language, { title: string; value: string }[]>();

/** The report form's step picker in one language. */
function stepChoices(lang: Language): { title: string; value: string }[] {
  let choices = stepChoiceCache.get(lang);
  if (!choices) {
    const t = translator(lang);
    choices = ENROLLMENT_STEPS.map((s) => ({ title: t(`report.steps.${s}`), value: s }));
    stepChoiceCache.set(lang, choices);
  }
  return choices;
}
const OWNERSHIPS = ['personal', 'company', 'unknown'] as const;

/**
 * The form's validation messages (src/helpdesk/report/schemas.ts writes them in English): each
 * one's catalogue key, so a reader gets it in their language. The English catalogue strings are
 * the schema's messages word for word (a test checks every message the schema gives).
 */
export const VALIDATION_KEYS = [
  'step',
  'noMessage',
  'messageTooLong',
  'questionNotText',
  'questionTooLong',
  'deviceNotText',
  'deviceTooLong',
  'osNotText',
  'osTooLong',
  'osFormat',
  'ownership',
  'dateNotText',
  'dateTooLong',
  'dateInvalid',
].map((k) => `report.validation.${k}`);

let validationByText: Map<string, string> | undefined;

/** A validation message in the reader's language (as given when it is not a known one). */
export function validationMessage(message: string, lang: Language): string {
  if (lang === 'en') return message;
  validationByText ??= new Map(VALIDATION_KEYS.map((key) => [staff(key), key]));
  const key = validationByText.get(message);
  return key ? translator(lang)(key) : message;
}

/** The language a ticket was reported in, when the report recorded one (older ones did not). */
export function ticketLanguage(ticket: Ticket): Language | undefined {
  const lang = (ticket as Ticket & { language?: unknown }).language;
  return isLanguage(lang) ? lang : undefined;
}

/** What the employee reads about the diagnosis, in their language. */
export interface EmployeeDiagnosis {
  title: string;
  cause: string;
  steps: string[];
}

/**
 * The diagnosis as the employee reads it: the catalogue's text of the rule in their language
 * (`report.diagnosis.<rule>`), or the diagnosis as stored (English) when the language is English
 * or the rule has no catalogue text. The helpdesk keeps the stored English diagnosis.
 */
export function employeeDiagnosis(ticket: Ticket, lang: Language): EmployeeDiagnosis {
  const d = ticket.diagnosis;
  const stored = { title: d.title, cause: d.cause, steps: [...d.steps] };
  if (lang === 'en') return stored;
  const t = translator(lang);
  if (d.ruleId === 'unknown') {
    const said = ticket.error.text || ticket.error.code;
    return {
      title: t('report.diagnosis.unknown.title'),
      cause: t(
        said ? 'report.diagnosis.unknown.causeDetails' : 'report.diagnosis.unknown.causeNoError',
      ),
      steps: stored.steps,
    };
  }
  const base = `report.diagnosis.${d.ruleId}`;
  const rule = getDiagnosisRule(d.ruleId);
  if (!rule || !hasOwnString('en', `${base}.title`)) return stored;
  // Steps only where the employee follows them; the rule's own steps (no extra Graph facts).
  const steps =
    d.employeeCanFix &&
    hasOwnString('en', `${base}.steps.1`) &&
    d.steps.length === rule.steps.length
      ? rule.steps.map((_s, i) => t(`${base}.steps.${i + 1}`))
      : stored.steps;
  return { title: t(`${base}.title`), cause: t(`${base}.cause`), steps };
}

function inputValue(value: string | undefined, max: number): string {
  return value === undefined ? '' : truncate(noBinding(value), max);
}

function shown(value: string, max: number): string {
  return escapeCardText(truncate(value, max));
}

function isOneOf<T extends string>(list: readonly T[], value: string | undefined): value is T {
  return (list as readonly (string | undefined)[]).includes(value);
}

/** The report form's data: the values kept, invalid choices cleared, errors beside the fields. */
export function reportFormCardData(
  values: ReportFormValues = {},
  errors: FieldErrors = {},
  lang: Language = 'en',
): HelpdeskReportFormCardData {
  const fieldError = (field: string): string => {
    const message = errors[field];
    return message ? shown(validationMessage(message, lang), ERROR_MESSAGE_MAX) : '';
  };
  return {
    formId: values.formId ?? randomUUID(),
    hasErrors: Object.keys(errors).length > 0,
    stepChoices: stepChoices(lang),
    step: isOneOf(ENROLLMENT_STEPS, values.step) ? values.step : '',
    stepError: fieldError('step'),
    errorText: inputValue(values.errorText, 500),
    errorTextError: fieldError('errorText'),
    question: inputValue(values.question, 500),
    questionError: fieldError('question'),
    deviceModel: inputValue(values.deviceModel, 60),
    deviceModelError: fieldError('deviceModel'),
    osVersion: inputValue(values.osVersion, 40),
    osVersionError: fieldError('osVersion'),
    ownership: isOneOf(OWNERSHIPS, values.ownership) ? values.ownership : 'unknown',
    ownershipError: fieldError('ownership'),
    when: /^\d{4}-\d{2}-\d{2}$/.test(values.when ?? '') ? (values.when ?? '') : '',
    whenError: fieldError('when'),
  };
}

/** The employee's acknowledgement: the ticket number, the diagnosis and any self-fix. */
export function reportFiledCardData(
  ticket: Ticket,
  helpdeskNotified: boolean,
  lang: Language = 'en',
): HelpdeskReportFiledCardData {
  const d = ticket.diagnosis;
  const shownToEmployee = employeeDiagnosis(ticket, lang);
  return {
    ticketId: ticket.id,
    helpdeskNotified,
    causeKnown: d.ruleId !== 'unknown',
    causeTitle: shownToEmployee.title,
    cause: escapeCardText(shownToEmployee.cause),
    whoFixes: d.employeeCanFix ? 'employee' : d.fixedBy === 'admin' ? 'admin' : 'helpdesk',
    steps: d.employeeCanFix
      ? shownToEmployee.steps.map((s, i) => ({ text: `${i + 1}. ${escapeCardText(s)}` }))
      : [],
    fallbackText: translator(lang)('report.filed.fallback', {
      id: ticket.id,
      title: truncate(shownToEmployee.title, 80),
    }),
  };
}

/** The URL that opens a 1:1 Teams chat with a user (a lone surrogate becomes U+FFFD). */
export function chatLink(upn: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(replaceLoneSurrogates(upn))}`;
}

/** Has the helpdesk acknowledged this ticket (since it was last reopened)? */
export function isAcknowledged(ticket: Ticket): boolean {
  for (let i = ticket.history.length - 1; i >= 0; i--) {
    const action = ticket.history[i]?.action;
    if (action === 'acknowledged') return true;
    if (action === 'reopened') return false;
  }
  return false;
}

/** The incident's status as the helpdesk sees it, from its tickets (reopened tickets count). */
export function incidentStatus(tickets: readonly Ticket[]): 'open' | 'assigned' | 'resolved' {
  if (tickets.length > 0 && tickets.every((t) => t.status === 'resolved')) return 'resolved';
  return tickets.some((t) => t.status === 'assigned') ? 'assigned' : 'open';
}

/** Intune's enrollment types as people name them (catalogue keys); any other value as sent. */
const METHODS = [
  'accountDrivenUserEnrollment',
  'webDeviceEnrollment',
  'device',
  'user',
  'userChoice',
] as const;

function methodLabel(method: string | undefined): string {
  if (!method) return staff('helpdesk.alert.notGiven');
  return (METHODS as readonly string[]).includes(method)
    ? staff(`helpdesk.alert.methods.${method}`)
    : shown(method, METHOD_MAX);
}

/** The step as the helpdesk reads it: the form's English label (the employee's pick). */
function stepLabel(step: string | undefined): string {
  if (!step) return staff('helpdesk.alert.notGiven');
  return Object.hasOwn(ENROLLMENT_STEP_LABELS, step)
    ? ENROLLMENT_STEP_LABELS[step as keyof typeof ENROLLMENT_STEP_LABELS]
    : shown(step, METHOD_MAX);
}

/**
 * The alert card's data for an incident in the helpdesk channel: the latest report in full, the
 * counter and affected users, and the actions. `rev` identifies the state shown; an action
 * carrying an older `rev` (a stale or replayed card) is refused.
 */
export function incidentAlertCardData(
  incident: Incident,
  tickets: readonly Ticket[],
  rev: string,
  options: { candidates?: readonly ReassignCandidate[] } = {},
): HelpdeskIncidentAlertCardData {
  const latest = tickets[tickets.length - 1];
  if (!latest) throw new Error(`incident ${incident.id} has no tickets`);
  const d = latest.diagnosis;
  const who = latest.reporter;
  const status = incidentStatus(tickets);
  const acknowledged = tickets.some((t) => t.status !== 'resolved' && isAcknowledged(t));
  const assignees = [
    ...new Set(tickets.map((t) => t.assignee?.name).filter((n): n is string => Boolean(n))),
  ];
  const users = [
    ...new Set(
      tickets.map((t) => t.reporter.name ?? t.reporter.upn ?? t.reporter.aadObjectId ?? t.id),
    ),
  ];
  const affectedUsers = incident.affectedUsers.length;
  const severity = severityOf(incident, d);
  const others = tickets.filter((t) => t.id !== incident.id);
  // A UPN longer than any real one still shows as a fact, but gets no chat button.
  const chatUpn = who.upn && Array.from(who.upn).length <= NAME_MAX ? who.upn : undefined;
  const notGiven = staff('helpdesk.alert.notGiven');
  const reported = ticketLanguage(latest);
  const statusWord = staff(
    `helpdesk.alert.state.${status === 'open' && acknowledged ? 'acknowledged' : status}`,
  );
  const caseList = tickets
    .map(
      (t) =>
        `${t.id} (${truncate(t.reporter.name ?? t.reporter.upn ?? staff('helpdesk.alert.unknownName'), 40)})`,
    )
    .slice(-10)
    .join(', ');
  return {
    incidentId: incident.id,
    rev,
    title: escapeCardText(d.title),
    statusStyle:
      status === 'resolved'
        ? 'good'
        : acknowledged || status === 'assigned'
          ? 'warning'
          : 'attention',
    statusLabel: staff(
      `helpdesk.alert.status.${
        status === 'resolved'
          ? 'resolved'
          : status === 'assigned'
            ? 'assigned'
            : acknowledged
              ? 'acknowledged'
              : tickets.some((t) => t.history.some((h) => h.action === 'reopened'))
                ? 'reopened'
                : 'new'
      }`,
    ),
    severity: severity.level,
    severityColor:
      severity.level === 'High' ? 'Attention' : severity.level === 'Medium' ? 'Warning' : 'Default',
    severityWhy: severity.why,
    counter: staff('helpdesk.alert.counter', {
      people: staff('helpdesk.alert.people', { count: affectedUsers }),
      reports: staff('helpdesk.alert.reports', { count: incident.count }),
    }),
    affected: users.length > 1 ? shown(users.slice(0, 10).join(', '), 400) : '',
    who: shown(
      who.name ?? who.upn ?? who.aadObjectId ?? staff('helpdesk.alert.unknownUser'),
      NAME_MAX,
    ),
    upn: who.upn ? shown(who.upn, NAME_MAX) : '',
    device: shown(latest.device ?? notGiven, DEVICE_MAX),
    os: shown(latest.os ?? notGiven, OS_MAX),
    method: methodLabel(latest.method),
    ownership: staff(`helpdesk.alert.ownership.${latest.ownership ?? 'unknown'}`),
    step: stepLabel(latest.step),
    // The employee's own words, as they wrote them (escaped, never translated).
    error: shown(latest.error.text ?? latest.error.code ?? '', 300),
    question: latest.question ? shown(latest.question, 500) : '',
    // The language they wrote in, so the helpdesk can answer in it.
    language: reported ? staff(`helpdesk.languages.${reported}`) : '',
    when: latest.when ? shown(latest.when, WHEN_MAX) : cardTime(latest.createdAt),
    // The case number is in the title; the other people's own numbers are listed, so any of
    // them quoting theirs finds this card.
    tickets:
      others.length > 0
        ? shown(
            incident.tickets.length > 10
              ? staff('helpdesk.alert.moreCases', {
                  list: caseList,
                  count: incident.tickets.length - 10,
                })
              : caseList,
            900,
          )
        : '',
    earlierCases: (latest.earlierCases ?? []).join(', '),
    status:
      assignees.length > 0 && status !== 'resolved'
        ? staff('helpdesk.alert.stateWithNames', {
            state: staff(`helpdesk.alert.state.${status}`),
            names: shown(assignees.join(', '), 100),
          })
        : statusWord,
    acknowledged,
    assigned: status === 'assigned',
    confidence: d.confidence,
    cause: escapeCardText(d.cause),
    steps: d.steps.slice(0, 6).map((s, i) => ({ text: `${i + 1}. ${escapeCardText(s)}` })),
    ...timelineOf(tickets, incident.id),
    resolved: status === 'resolved',
    chatName: chatUpn ? truncate(noBinding(who.name ?? chatUpn), 30) : '',
    chatUrl: chatUpn ? chatLink(chatUpn) : '',
    verifyDomain: status === 'resolved' ? '' : discoveryDomainOf(incident.causeKey),
    reassignChoices: reassignChoices(options.candidates ?? [], tickets),
    canPropose: status === 'resolved' && needsAnswer(d) && !incident.proposedAnswer,
    proposal: proposalFrom(latest, tickets),
    proposalNote: incident.proposedAnswer
      ? staff('helpdesk.alert.proposalNote', {
          name: TIMELINE_NAME(incident.proposedAnswer.by.name ?? staff('helpdesk.theHelpdesk')),
          time: cardTime(incident.proposedAnswer.at),
        })
      : '',
    fallbackText: staff('helpdesk.alert.fallback', {
      id: incident.id,
      title: truncate(d.title, 80),
      count: incident.count,
      status,
    }),
  };
}

/** People the Reassign list offers at most (a card stays within its size budget). */
const REASSIGN_CHOICES_MAX = 40;

/**
 * The Reassign list: the helpdesk's members but whoever has the case now, by name (their sign-in
 * name beside it when two share a name). The value is the sign-in name, which the action looks
 * up and checks again; a sign-in name longer than any real one is left out.
 */
function reassignChoices(
  candidates: readonly ReassignCandidate[],
  tickets: readonly Ticket[],
): { title: string; value: string }[] {
  const current = new Set(
    tickets.filter((t) => t.status !== 'resolved').map((t) => t.assignee?.aadObjectId),
  );
  const usable = candidates.filter(
    (c) => !current.has(c.aadObjectId) && c.upn.length <= 113 && /^[^\s@]+@[^\s@]+$/.test(c.upn),
  );
  const names = new Map<string, number>();
  for (const c of usable) names.set(c.name, (names.get(c.name) ?? 0) + 1);
  return usable.slice(0, REASSIGN_CHOICES_MAX).map((c) => ({
    title: noBinding(
      plainCardText((names.get(c.name) ?? 0) > 1 ? `${c.name} (${c.upn})` : c.name, 120),
    ),
    value: c.upn,
  }));
}

/**
 * The bot had no good answer for this cause: nothing matched, or only a medium-confidence rule.
 * Solving such a case is worth turning into an answer.
 */
export function needsAnswer(diagnosis: Ticket['diagnosis']): boolean {
  return diagnosis.ruleId === 'unknown' || diagnosis.confidence !== 'high';
}

/** What fixed the case: the latest resolution's note on any of its tickets, or ''. */
function latestResolution(tickets: readonly Ticket[]): string {
  let best: { at: string; note: string } | undefined;
  for (const t of tickets) {
    for (const h of t.history) {
      if (h.action !== 'resolved') continue;
      const note = resolutionNote(h.detail);
      if (note && (!best || h.at > best.at)) best = { at: h.at, note };
    }
  }
  return best?.note ?? '';
}

/**
 * The "Propose an answer" form's starting values, drawn from the case: the error as the symptom
 * and the title, the way the employee asked, the diagnosis when one matched, and what fixed it.
 * Input values show as typed, so they are capped and kept from reading as bindings, not escaped.
 */
function proposalFrom(
  latest: Ticket,
  tickets: readonly Ticket[],
): HelpdeskIncidentAlertCardData['proposal'] {
  const error = plainCardText(latest.error.text ?? latest.error.code ?? '', 200);
  const d = latest.diagnosis;
  const question = plainCardText(latest.question ?? '', 200);
  return {
    title: inputValue(
      d.ruleId !== 'unknown' ? d.title : error ? staff('helpdesk.proposal.title', { error }) : '',
      100,
    ),
    question: inputValue(
      [question, error ? staff('helpdesk.proposal.question', { error }) : '']
        .filter(Boolean)
        .join('\n'),
      300,
    ),
    symptom: inputValue(error, 300),
    cause: inputValue(d.ruleId !== 'unknown' ? d.cause : '', 1000),
    steps: inputValue(latestResolution(tickets), 2000),
  };
}

/** How urgent a case is, and why, for the card's header. */
export interface Severity {
  level: 'High' | 'Medium' | 'Low';
  why: string;
}

/** People affected from which a case is High whatever its cause. */
const MANY_PEOPLE = 5;

/**
 * The case's severity: High when the cause is an organisation setting (everyone who enrolls that
 * way hits it until an admin fixes it) or {@link MANY_PEOPLE} or more people are affected;
 * Low when the employee can fix it alone and nobody else has reported it; Medium otherwise
 * (the helpdesk has to act, or the cause is not known yet).
 */
export function severityOf(
  incident: Pick<Incident, 'affectedUsers' | 'status'>,
  diagnosis: Ticket['diagnosis'],
): Severity {
  const people = incident.affectedUsers.length;
  const why = (key: string): string => staff(`helpdesk.severity.${key}`, { count: people });
  if (diagnosis.ruleId !== 'unknown' && diagnosis.fixedBy === 'admin') {
    return { level: 'High', why: why('organisation') };
  }
  if (people >= MANY_PEOPLE) {
    return { level: 'High', why: why('many') };
  }
  if (diagnosis.ruleId === 'unknown') {
    return { level: 'Medium', why: why('unknown') };
  }
  if (diagnosis.employeeCanFix) {
    return people <= 1
      ? { level: 'Low', why: why('employeeFixes') }
      : { level: 'Medium', why: why('employeesFix') };
  }
  return { level: 'Medium', why: why(people > 1 ? 'blockedMany' : 'blockedOne') };
}

/**
 * The note of a 'resolved' history entry: its detail without the incident it was resolved with
 * (`incident ENR-…: what fixed it`); undefined when there is none.
 */
export function resolutionNote(detail: string | undefined): string | undefined {
  const why = (detail ?? '').replace(/^incident (?:ENR|INC)-[0-9A-Z]+(?:-[0-9A-Z]+)?(?::\s*)?/, '');
  return why === '' ? undefined : why;
}

/** Events the card shows at most; older ones are counted. */
const TIMELINE_MAX = 10;

/**
 * Timeline text is bounded in bytes as well as characters (ten entries of hostile text must not
 * push the card over its budget): names to 80 characters, notes and resolutions to 200.
 */
const TIMELINE_NAME = (name: string): string => fitCardText(name, 80, 240);
const TIMELINE_TEXT = (text: string): string => fitCardText(text, 200, 600);

/** Who acted, for the timeline: their name, or `fallback`. */
function actorName(by: Actor | undefined, fallback: string): string {
  return TIMELINE_NAME(by?.name ?? fallback);
}

/**
 * The incident's timeline: reports, people joining the case, assignment, notes, resolution and
 * reopening, each with who and when, oldest first (the last {@link TIMELINE_MAX}). An action on
 * the incident is written to each of its tickets, so the same action by the same person in the
 * same minute shows once.
 */
export function timelineOf(
  tickets: readonly Ticket[],
  caseId?: string,
): {
  timeline: { text: string }[];
  earlierEvents: string;
} {
  const first = tickets[0]?.id;
  const seen = new Set<string>();
  const events: { at: string; text: string }[] = [];
  const add = (at: string, key: unknown[], text: string): void => {
    const id = JSON.stringify([...key, at.slice(0, 16)]);
    if (seen.has(id)) return;
    seen.add(id);
    events.push({ at, text });
  };
  const theHelpdesk = staff('helpdesk.theHelpdesk');
  const someone = staff('helpdesk.timeline.someone');
  for (const t of tickets) {
    const reporter = TIMELINE_NAME(
      t.reporter.name ?? t.reporter.upn ?? staff('helpdesk.timeline.anEmployee'),
    );
    add(
      t.createdAt,
      [t.id],
      t.id === first
        ? t.id === caseId
          ? staff('helpdesk.timeline.reported', { name: reporter })
          : staff('helpdesk.timeline.reportedCase', { name: reporter, id: t.id })
        : staff('helpdesk.timeline.grouped', { name: reporter, id: t.id }),
    );
    for (const n of t.notes) {
      add(
        n.at,
        ['note', n.by.aadObjectId ?? n.by.name, n.text],
        staff('helpdesk.timeline.note', {
          by: actorName(n.by, theHelpdesk),
          text: TIMELINE_TEXT(n.text),
        }),
      );
    }
    for (const h of t.history) {
      let text: string;
      const by = actorName(h.by, theHelpdesk);
      switch (h.action) {
        case 'assigned':
          text =
            h.detail === (h.by?.name ?? h.by?.aadObjectId)
              ? staff('helpdesk.timeline.assignedSelf', { by })
              : staff('helpdesk.timeline.assigned', {
                  name: TIMELINE_NAME(h.detail ?? someone),
                  by,
                });
          break;
        case 'acknowledged':
          text = staff('helpdesk.timeline.acknowledged', { by });
          break;
        case 'unassigned':
          text = staff('helpdesk.timeline.unassigned', {
            name: TIMELINE_NAME(h.detail ?? someone),
            by,
          });
          break;
        case 'resolved': {
          const why = resolutionNote(h.detail);
          text = why
            ? staff('helpdesk.timeline.resolvedWhy', { by, why: TIMELINE_TEXT(why) })
            : staff('helpdesk.timeline.resolved', { by });
          break;
        }
        case 'reopened':
          text = staff('helpdesk.timeline.reopened', { by });
          break;
        default:
          // 'created', 'grouped' and 'note' are shown from the ticket itself (above).
          continue;
      }
      add(h.at, [h.action, h.by?.aadObjectId, text], text);
    }
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const shownEvents = events.slice(-TIMELINE_MAX);
  const earlier = events.length - shownEvents.length;
  return {
    timeline: shownEvents.map((e) => ({
      text: staff('helpdesk.timeline.entry', { text: e.text, time: cardTime(e.at) }),
    })),
    earlierEvents: earlier > 0 ? staff('helpdesk.timeline.earlier', { count: earlier }) : '',
  };
}

/**
 * The domain of a per-domain service discovery cause (`cause:service-discovery@contoso.com`), when
 * it is a valid domain name; '' otherwise.
 */
export function discoveryDomainOf(causeKey: string): string {
  const match = /^cause:service-discovery@(.+)$/.exec(causeKey);
  if (!match?.[1]) return '';
  try {
    return normaliseDomain(match[1]);
  } catch {
    return '';
  }
}

/** A view of the open tickets: all of them, the acting person's, or one diagnosed cause. */
export type TicketFilter = 'open' | 'mine' | `cause:${string}`;

/** Is `value` a filter the list understands (card data is untrusted)? */
export function isTicketFilter(value: unknown): value is TicketFilter {
  return (
    value === 'open' ||
    value === 'mine' ||
    (typeof value === 'string' && /^cause:[a-z0-9][a-z0-9-]{0,63}$/.test(value))
  );
}

/**
 * The `tickets` list's data: the open tickets in this view (the first 25, the count of all of
 * them), and buttons for the other views: all open, assigned to the viewer, and the three
 * commonest causes.
 */
export function ticketListCardData(
  tickets: readonly Ticket[],
  view: { filter?: TicketFilter; viewerId?: string } = {},
  lang: Language = 'en',
): HelpdeskTicketListCardData {
  const t = translator(lang);
  const filter = view.filter ?? 'open';
  const causes = new Map<string, { title: string; n: number }>();
  for (const t of tickets) {
    const c = causes.get(t.diagnosis.ruleId) ?? { title: t.diagnosis.title, n: 0 };
    c.n += 1;
    causes.set(t.diagnosis.ruleId, c);
  }
  const ruleId = filter.startsWith('cause:') ? filter.slice('cause:'.length) : undefined;
  const shownTickets = tickets.filter((t) =>
    filter === 'mine'
      ? view.viewerId !== undefined && t.assignee?.aadObjectId === view.viewerId
      : ruleId === undefined || t.diagnosis.ruleId === ruleId,
  );
  const causeTitle = ruleId ? (causes.get(ruleId)?.title ?? ruleId) : '';
  const title =
    filter === 'mine'
      ? t('helpdesk.list.mine')
      : ruleId
        ? t('helpdesk.list.cause', { title: shown(truncate(causeTitle, 80), 200) })
        : t('helpdesk.list.open');
  const filters: { title: string; filter: TicketFilter }[] = [];
  if (filter !== 'open') {
    filters.push({ title: t('helpdesk.list.allOpen', { count: tickets.length }), filter: 'open' });
  }
  if (filter !== 'mine') filters.push({ title: t('helpdesk.list.assignedToMe'), filter: 'mine' });
  const commonest = [...causes.entries()].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
  for (const [id, c] of commonest) {
    if (filters.length >= 5) break;
    if (`cause:${id}` === filter || causes.size < 2) continue;
    filters.push({
      title: t('helpdesk.list.causeFilter', {
        title: truncate(noBinding(c.title), 28),
        count: c.n,
      }),
      filter: `cause:${id}`,
    });
  }
  const count = shownTickets.length;
  return {
    title,
    empty: t(
      filter === 'mine'
        ? 'helpdesk.list.emptyMine'
        : ruleId
          ? 'helpdesk.list.emptyCause'
          : 'helpdesk.list.empty',
    ),
    tickets: shownTickets.slice(0, 25).map((ticket) => ({
      id: ticket.id,
      status: t(`helpdesk.alert.state.${ticket.status}`),
      who: shown(
        ticket.reporter.name ?? ticket.reporter.upn ?? t('helpdesk.list.unknownUser'),
        LIST_NAME_MAX,
      ),
      title: shown(ticket.diagnosis.title, 80),
    })),
    filters,
    fallbackText:
      filter === 'open'
        ? t('helpdesk.list.fallbackOpen', { count })
        : t('helpdesk.list.fallbackView', { title, count }),
  };
}
