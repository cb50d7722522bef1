import incidentAlertJson from '../../cards/helpdesk-incident-alert.json';
import myCasesJson from '../../cards/helpdesk-my-cases.json';
import reportFiledJson from '../../cards/helpdesk-report-filed.json';
import reportFormJson from '../../cards/helpdesk-report-form.json';
import ticketListJson from '../../cards/helpdesk-ticket-list.json';
import { translator } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';

import { compileLocalizedTemplate, toAttachment, type RenderedCard } from './render';

/**
 * Data for the employee's "Report an enrollment problem" form. Values are what the employee typed
 * (kept after a failed submit); each `xxxError` is the escaped message shown under its field, or
 * '' for none.
 */
export interface HelpdeskReportFormCardData {
  /** Identifies this form: submitting the same form twice files one ticket. */
  formId: string;
  /** Shows "Please check the fields marked below." */
  hasErrors: boolean;
  stepChoices: { title: string; value: string }[];
  /** One of `stepChoices`, or '' for none chosen. */
  step: string;
  stepError: string;
  errorText: string;
  errorTextError: string;
  /** The employee's question for the helpdesk (from "Ask the helpdesk"), or ''. */
  question: string;
  questionError: string;
  deviceModel: string;
  deviceModelError: string;
  osVersion: string;
  osVersionError: string;
  ownership: 'personal' | 'company' | 'unknown';
  ownershipError: string;
  /** `YYYY-MM-DD` or ''. */
  when: string;
  whenError: string;
}

/** Data for the employee's acknowledgement: the ticket number, the diagnosis and any self-fix. */
export interface HelpdeskReportFiledCardData {
  ticketId: string;
  /** The alert reached the helpdesk channel's outbox (otherwise the report is only stored). */
  helpdeskNotified: boolean;
  /** A rule matched: "Likely cause: …" instead of "No known cause matches yet". */
  causeKnown: boolean;
  causeTitle: string;
  cause: string;
  /** `employee` shows the numbered self-fix steps; the others say who acts instead. */
  whoFixes: 'employee' | 'admin' | 'helpdesk';
  /** Numbered, escaped steps ("1. …"); shown only when `whoFixes` is `employee`. */
  steps: { text: string }[];
  fallbackText: string;
}

/**
 * Data for the incident alert in the helpdesk channel: the latest report in full, the counter,
 * the affected users and the actions for the incident's state. Every value is display text,
 * already escaped; `upn`, `affected` and `chatUrl` are '' when there is nothing to show.
 */
export interface HelpdeskIncidentAlertCardData {
  incidentId: string;
  /** The incident's state token; every action carries it so a stale card's click is refused. */
  rev: string;
  title: string;
  /** The header's colour: attention (new), warning (being worked), good (resolved). */
  statusStyle: 'attention' | 'warning' | 'good';
  /** New, Acknowledged, Assigned, Resolved or Reopened. */
  statusLabel: string;
  severity: 'High' | 'Medium' | 'Low';
  /** Attention (High), Warning (Medium), Default (Low). */
  severityColor: 'Attention' | 'Warning' | 'Default';
  /** Why the case has that severity, in one sentence. */
  severityWhy: string;
  /** "3 people affected · 4 reports". */
  counter: string;
  affected: string;
  who: string;
  upn: string;
  device: string;
  os: string;
  method: string;
  ownership: string;
  step: string;
  error: string;
  /** The employee's question for the helpdesk, escaped, or ''. */
  question: string;
  /**
   * The language the employee reported in ("German"), or '' / absent for reports that did not
   * record one (older tickets, the webhook): the card then shows no Language fact.
   */
  language?: string;
  when: string;
  /** Every report's case number and who, when the case groups several; ''. */
  tickets: string;
  /** The reporter's earlier cases ("ENR-…, ENR-…"), or ''. */
  earlierCases: string;
  status: string;
  confidence: string;
  cause: string;
  steps: { text: string }[];
  /** Who did what and when, oldest first, already escaped (times as Adaptive Cards functions). */
  timeline: { text: string }[];
  /** "3 earlier events" when the timeline was cut; ''. */
  earlierEvents: string;
  /** Resolved incidents offer Reopen; the others Assign to me, Add note and Resolve. */
  resolved: boolean;
  /** Seen by the helpdesk (hides Acknowledge). */
  acknowledged: boolean;
  /** Someone is assigned (shows Unassign). */
  assigned: boolean;
  chatName: string;
  chatUrl: string;
  /**
   * The sign-in domain whose service discovery file (or its web server's TLS) the diagnosis
   * blames, for the admins' "Verify <domain>" button; '' otherwise. A valid domain name only.
   */
  verifyDomain: string;
  /**
   * The helpdesk members the case can go to, for a searchable list (value: their sign-in name);
   * empty: the Reassign form asks for a name or email instead.
   */
  reassignChoices: { title: string; value: string }[];
  /**
   * Resolved, the cause had no good answer (unknown, or not a high-confidence match), and nobody
   * proposed one yet: the card offers "Propose an answer".
   */
  canPropose: boolean;
  /** The proposal form's starting values, from the case (input values: not escaped, capped). */
  proposal: { title: string; question: string; symptom: string; cause: string; steps: string };
  /** "Answer proposed by … for an admin's review", or ''. */
  proposalNote: string;
  fallbackText: string;
}

/** An employee's own cases ("my tickets"), each with its status and what happens next. */
export interface HelpdeskMyCasesCardData {
  title: string;
  intro: string;
  cases: {
    id: string;
    status: string;
    /** The diagnosis title, escaped. */
    problem: string;
    /** When it last changed, as Adaptive Cards DATE/TIME functions. */
    updated: string;
    next: string;
    /** Open: the employee can add information or say it works now. */
    open: boolean;
    /** The id of this case's "add information" input (ids are unique in a card). */
    infoInput: string;
  }[];
  fallbackText: string;
}

/** Data for the `tickets` list: one line per open ticket, already escaped. */
export interface HelpdeskTicketListCardData {
  /** What the list shows: "Open enrollment tickets", "Assigned to you", "Cause: …". */
  title: string;
  /** Said when the list is empty. */
  empty: string;
  tickets: { id: string; status: string; who: string; title: string }[];
  /** The other views, as buttons (at most five). */
  filters: { title: string; filter: string }[];
  fallbackText: string;
}

const reportFormTemplate = compileLocalizedTemplate<HelpdeskReportFormCardData>(
  'helpdesk-report-form',
  reportFormJson,
);
const reportFiledTemplate = compileLocalizedTemplate<HelpdeskReportFiledCardData>(
  'helpdesk-report-filed',
  reportFiledJson,
);
const incidentAlertTemplate = compileLocalizedTemplate<HelpdeskIncidentAlertCardData>(
  'helpdesk-incident-alert',
  incidentAlertJson,
);
const myCasesTemplate = compileLocalizedTemplate<HelpdeskMyCasesCardData>(
  'helpdesk-my-cases',
  myCasesJson,
);
const ticketListTemplate = compileLocalizedTemplate<HelpdeskTicketListCardData>(
  'helpdesk-ticket-list',
  ticketListJson,
);

/** Renders the report form, with the values kept and the errors beside their fields. */
export function renderHelpdeskReportFormCard(
  data: HelpdeskReportFormCardData,
  lang: Language = 'en',
): RenderedCard {
  return {
    attachment: toAttachment(reportFormTemplate(lang).bind(data)),
    // The notification text: the form's title, as its fallbackText says.
    summary: translator(lang)('report.form.title'),
  };
}

/** Renders what the employee sees after filing: the ticket number, the diagnosis, any self-fix. */
export function renderHelpdeskReportFiledCard(
  data: HelpdeskReportFiledCardData,
  lang: Language = 'en',
): RenderedCard {
  return {
    attachment: toAttachment(reportFiledTemplate(lang).bind(data)),
    summary: data.fallbackText,
  };
}

/**
 * Renders the incident alert with Assign to me / Add note / Resolve, or Reopen when resolved.
 * The helpdesk channel reads it in English (the default).
 */
export function renderHelpdeskIncidentAlertCard(
  data: HelpdeskIncidentAlertCardData,
  lang: Language = 'en',
): RenderedCard {
  return {
    attachment: toAttachment(incidentAlertTemplate(lang).bind({ language: '', ...data })),
    summary: data.fallbackText,
  };
}

/** Renders the list of open tickets. */
export function renderHelpdeskTicketListCard(
  data: HelpdeskTicketListCardData,
  lang: Language = 'en',
): RenderedCard {
  return {
    attachment: toAttachment(ticketListTemplate(lang).bind(data)),
    summary: data.fallbackText,
  };
}

/** Renders an employee's own cases with Add information and It works now on the open ones. */
export function renderHelpdeskMyCasesCard(
  data: HelpdeskMyCasesCardData,
  lang: Language = 'en',
): RenderedCard {
  return {
    attachment: toAttachment(myCasesTemplate(lang).bind(data)),
    summary: data.fallbackText,
  };
}
