/**
 * The enrollment failure report model: zod schemas for the two ways a report arrives (the
 * employee's form and the system webhook), the helpdesk `Ticket`, a `TicketStore` over the bot's
 * `StateStorage`, and the `IncidentGrouper` that folds reports with the same diagnosed cause into
 * one incident so the helpdesk gets one alert card instead of fifty.
 *
 * - `schemas.ts`       the report inputs (employee form, webhook) and their validation
 * - `ticket.ts`        the ticket shape, its stored schema, drafts from a report
 * - `case-id.ts`       case numbers (shared by the employee and the channel)
 * - `store-common.ts`  options, the shared document update, id-list indexes
 * - `ticket-store.ts`  tickets and the open-ticket index
 * - `incidents.ts`     incidents, grouping by cause, card actions claimed in one write
 * - `file-report.ts`   filing one report (ticket, then incident)
 *
 * Storage layout (one JSON document per key, every write single-key so it stays atomic on the
 * blob backend too):
 * - `helpdesk/ticket/<id>`            one ticket
 * - `helpdesk/open-tickets/<0-f>`     `{ ids }` of open and assigned tickets, in 16 shards by a
 *                                     hash of the id (the list index; `helpdesk/open-tickets`
 *                                     without a shard is the older single index, still read)
 * - `helpdesk/incident/<id>`          one incident
 * - `helpdesk/incident-open/<cause>`  pointer to the incident currently collecting that cause
 * - `helpdesk/open-incidents`         `{ ids }` of open incidents
 *
 * Every change goes through `updateDocument` (src/storage/update-document.ts): read with the
 * eTag, change, conditional write, retry on a conflict, so several bot instances on one store
 * never lose each other's changes, and a card action's "is this card current" check is part of
 * the write itself. A webhook report's `eventId` makes filing idempotent: the ticket id is
 * derived from it.
 */
export {
  employeeReportSchema,
  parseEmployeeReport,
  parseWebhookReport,
  toFieldErrors,
  webhookReportSchema,
  type EmployeeReport,
  type FieldErrors,
  type ParseResult,
  type WebhookReport,
} from './schemas';
export {
  draftFromEmployeeReport,
  draftFromWebhookReport,
  ticketSchema,
  type Actor,
  type Reporter,
  type Ticket,
  type TicketDraft,
  type TicketHistoryEntry,
  type TicketNote,
  type TicketStatus,
} from './ticket';
export type { HelpdeskStoreOptions } from './store-common';
export { CASE_ID_ALPHABET, CASE_ID_PATTERN, findCaseId, isCaseId, newCaseId } from './case-id';
export { TicketStore } from './ticket-store';
export {
  DEFAULT_GROUPING_WINDOW_MS,
  IncidentGrouper,
  incidentRev,
  type AttachResult,
  type ClaimOutcome,
  type Incident,
  type IncidentGrouperOptions,
  type IncidentStatus,
} from './incidents';
export { fileReport, type FiledReport } from './file-report';
