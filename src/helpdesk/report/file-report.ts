/** Filing one report: its ticket, then its incident. */
import { countTicketFiled } from '../../telemetry/instruments';

import type { IncidentGrouper, Incident } from './incidents';
import type { Actor, Ticket, TicketDraft } from './ticket';
import type { TicketStore } from './ticket-store';

/** The outcome of {@link fileReport}. */
export interface FiledReport {
  ticket: Ticket;
  incident: Incident;
  /** True when this report opened the incident (post a new alert card). */
  isNewIncident: boolean;
  /** False when an idempotent retry found the ticket already filed. */
  created: boolean;
}

/**
 * Files one report: creates the ticket (idempotent by `idempotencyKey`) and attaches it to its
 * incident. The caller then enqueues the alert (see `planIncidentAlert` in alerts.ts): a post
 * when `isNewIncident`, otherwise an update of the incident's card.
 */
export async function fileReport(
  deps: { tickets: TicketStore; grouper: IncidentGrouper },
  draft: TicketDraft,
  options: { idempotencyKey?: string; by?: Actor } = {},
): Promise<FiledReport> {
  const { ticket, created } = await deps.tickets.create(draft, options);
  if (created) countTicketFiled(ticket.source);
  const attached = await deps.grouper.attach(ticket);
  return {
    ticket: attached.ticket,
    incident: attached.incident,
    isNewIncident: attached.isNew,
    created,
  };
}
