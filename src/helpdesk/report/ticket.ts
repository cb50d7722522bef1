/**
 * The helpdesk ticket: its shape, its stored schema, and how a validated report becomes a ticket
 * draft (diagnosed, with the tenant's facts).
 */
import { z } from 'zod';

import { LANGUAGES, type Language } from '../../i18n/languages';
import { diagnose, type Diagnosis } from '../diagnosis';
import type { TenantFacts } from '../tenant-facts';

import { CASE_ID_PATTERN } from './case-id';
import { GUID, type EmployeeReport, type WebhookReport } from './schemas';

/** Someone acting on a ticket: ids from the authenticated activity, never from card data. */
export interface Actor {
  aadObjectId?: string;
  name?: string;
}

/** Who reported the problem. A webhook report knows the user by UPN or object id only. */
export interface Reporter {
  aadObjectId?: string;
  upn?: string;
  name?: string;
}

/** Ticket lifecycle. `open` and `assigned` are both listed as open. */
export type TicketStatus = 'open' | 'assigned' | 'resolved';

/** One entry of a ticket's history (append-only). */
export interface TicketHistoryEntry {
  at: string;
  by?: Actor;
  action:
    | 'created'
    | 'grouped'
    | 'acknowledged'
    | 'assigned'
    | 'unassigned'
    | 'note'
    | 'resolved'
    | 'reopened';
  detail?: string;
}

/** A helpdesk note. */
export interface TicketNote {
  at: string;
  by: Actor;
  text: string;
}

/** A helpdesk ticket for one report. */
export interface Ticket {
  /** The case number (`ENR-7K4M-QX2P`, see ./case-id). */
  id: string;
  status: TicketStatus;
  source: 'employee' | 'webhook';
  reporter: Reporter;
  device?: string;
  os?: string;
  method?: string;
  ownership?: 'personal' | 'company' | 'unknown';
  step?: string;
  error: { text?: string; code?: string; category?: string };
  /** The employee's question for the helpdesk, when they asked one. */
  question?: string;
  /** When the failure happened, as reported (ISO 8601). */
  when?: string;
  diagnosis: Diagnosis;
  causeKey: string;
  incidentId?: string;
  createdAt: string;
  updatedAt: string;
  assignee?: Actor;
  notes: TicketNote[];
  history: TicketHistoryEntry[];
  /** The sender's event id, for webhook reports that carried one. */
  eventId?: string;
  /** The same person's earlier cases (newest last, at most 5): a repeat report links to them. */
  earlierCases?: string[];
  /** The language the employee wrote the report in (the helpdesk card names it). */
  language?: Language;
}

/** What a new ticket is made from (see {@link draftFromEmployeeReport}, {@link draftFromWebhookReport}). */
export type TicketDraft = Omit<
  Ticket,
  'id' | 'status' | 'createdAt' | 'updatedAt' | 'notes' | 'history' | 'incidentId' | 'assignee'
>;

const actorSchema = z.object({ aadObjectId: z.string().optional(), name: z.string().optional() });

/**
 * Shape check for stored tickets, applied on every read so a damaged or foreign document fails
 * loudly instead of reaching a card half-filled. The diagnosis is checked for its key fields only.
 */
export const ticketSchema = z.object({
  id: z.string().regex(CASE_ID_PATTERN),
  status: z.enum(['open', 'assigned', 'resolved']),
  source: z.enum(['employee', 'webhook']),
  reporter: z.object({
    aadObjectId: z.string().optional(),
    upn: z.string().optional(),
    name: z.string().optional(),
  }),
  device: z.string().optional(),
  os: z.string().optional(),
  method: z.string().optional(),
  ownership: z.enum(['personal', 'company', 'unknown']).optional(),
  step: z.string().optional(),
  error: z.object({
    text: z.string().optional(),
    code: z.string().optional(),
    category: z.string().optional(),
  }),
  question: z.string().optional(),
  when: z.string().optional(),
  diagnosis: z.looseObject({ ruleId: z.string(), title: z.string(), causeKey: z.string() }),
  causeKey: z.string(),
  incidentId: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  assignee: actorSchema.optional(),
  earlierCases: z.array(z.string().regex(CASE_ID_PATTERN)).max(5).optional(),
  language: z.enum(LANGUAGES).optional(),
  notes: z.array(z.object({ at: z.string(), by: actorSchema, text: z.string() })),
  history: z.array(
    z.object({
      at: z.string(),
      by: actorSchema.optional(),
      action: z.enum([
        'created',
        'grouped',
        'acknowledged',
        'assigned',
        'unassigned',
        'note',
        'resolved',
        'reopened',
      ]),
      detail: z.string().optional(),
    }),
  ),
  eventId: z.string().optional(),
});

function domainOf(upn: string | undefined): string | undefined {
  const at = upn?.lastIndexOf('@') ?? -1;
  return upn && at > 0 ? upn.slice(at + 1).toLowerCase() : undefined;
}

/**
 * Builds a ticket draft from the employee's validated form and their identity (from the
 * authenticated activity: `from.aadObjectId`, the member's UPN and name), diagnosing it.
 */
export function draftFromEmployeeReport(
  report: EmployeeReport,
  reporter: Reporter,
  enrollmentMethod?: string,
  facts: TenantFacts = {},
): TicketDraft {
  const diagnosis = diagnose({
    pushCertificate: facts.pushCertificate,
    errorText: report.errorText,
    osVersion: report.osVersion,
    device: report.deviceModel,
    ownership: report.ownership,
    step: report.step,
    enrollmentMethod,
    userDomain: domainOf(reporter.upn),
  });
  return {
    source: 'employee',
    reporter: { ...reporter },
    device: report.deviceModel,
    os: report.osVersion,
    method: enrollmentMethod,
    ownership: report.ownership,
    step: report.step,
    error: { text: report.errorText },
    ...(report.question ? { question: report.question } : {}),
    when: report.when ? new Date(Date.parse(report.when)).toISOString() : undefined,
    diagnosis,
    causeKey: diagnosis.causeKey,
  };
}

/** Builds a ticket draft from a validated webhook report, diagnosing it. */
export function draftFromWebhookReport(
  report: WebhookReport,
  facts: TenantFacts = {},
): TicketDraft {
  const isGuid = GUID.test(report.user);
  const reporter: Reporter = isGuid ? { aadObjectId: report.user } : { upn: report.user };
  const diagnosis = diagnose({
    pushCertificate: facts.pushCertificate,
    errorText: report.errorText,
    errorCode: report.errorCode,
    failureCategory: report.failureCategory,
    osVersion: report.osVersion,
    device: report.device,
    enrollmentMethod: report.enrollmentType,
    ownership: report.ownership,
    step: report.step,
    userDomain: domainOf(reporter.upn),
  });
  return {
    source: 'webhook',
    reporter,
    device: report.device,
    os: report.osVersion,
    method: report.enrollmentType,
    ownership: report.ownership,
    step: report.step,
    error: { text: report.errorText, code: report.errorCode, category: report.failureCategory },
    when: new Date(Date.parse(report.time)).toISOString(),
    diagnosis,
    causeKey: diagnosis.causeKey,
    eventId: report.eventId,
  };
}
