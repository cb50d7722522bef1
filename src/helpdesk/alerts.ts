/**
 * Turns incidents and tickets into outbox messages with stable ids, so that every alert is
 * idempotent end to end: filing the same report twice, or re-running a crashed request, enqueues
 * nothing new.
 *
 * - The first report of an incident posts its alert card: id `incident-alert/<INC>`.
 * - Every later report updates that card in place: id `incident-alert/<INC>/v<count>`, a `kind:
 *   'update'` aimed at the post through `targetOutboxId`; other changes use
 *   `incident-alert/<INC>/<state>`. The outbox sends only the newest
 *   pending version of a card (older ones are `superseded`), so a burst of 300 reports for one
 *   cause costs one post and a handful of updates, not 300 messages.
 * - Telling reporters their ticket is resolved: id `ticket-notice/<ENR>/<event>`.
 */
import type { ConversationRef, OutboxMessageInput } from '../outbox';

import type { Incident, Ticket } from './report';

/** The outbox id of an incident's alert post. */
export function incidentAlertId(incidentId: string): string {
  return `incident-alert/${incidentId}`;
}

/**
 * The outbox messages for an incident's alert after a report was filed; enqueue them together
 * with `outbox.enqueueMany` (idempotent by id). A new incident gets its post. A later report gets
 * the post again (a no-op when it is already queued or sent; it repairs a crash between filing
 * the first report and enqueueing its alert) followed by an update of the same card, versioned by
 * the incident's report count. `activity` is the rendered card activity
 * (`{ type: 'message', attachments: [card] }`) showing the incident as it is now.
 *
 * Send every alert of one incident to the same conversation (record it with
 * `IncidentGrouper.recordAlert`), since an update can only replace a card in its conversation.
 */
export function planIncidentAlert(args: {
  incident: Incident;
  isNew: boolean;
  conversation: ConversationRef;
  activity: Record<string, unknown>;
}): OutboxMessageInput[] {
  const postId = incidentAlertId(args.incident.id);
  const post: OutboxMessageInput = {
    id: postId,
    kind: 'post',
    conversation: args.conversation,
    activity: args.activity,
  };
  if (args.isNew) return [post];
  return [post, planIncidentCardUpdate({ ...args, version: `v${args.incident.count}` })];
}

/**
 * An update of the incident's card for any other state change (`version`: `assigned`,
 * `resolved`, …). Route every card change through the outbox, even when an Action.Execute invoke
 * response already showed the new card: the outbox sends a conversation's messages in order and
 * drops superseded versions, so the last state written is the one that stays on screen, and an
 * older queued version can never land after it.
 */
export function planIncidentCardUpdate(args: {
  incident: Incident;
  conversation: ConversationRef;
  activity: Record<string, unknown>;
  version: string;
}): OutboxMessageInput {
  const postId = incidentAlertId(args.incident.id);
  return {
    id: `${postId}/${args.version}`,
    kind: 'update',
    conversation: args.conversation,
    activity: args.activity,
    targetOutboxId: postId,
  };
}

/**
 * A message to the reporter about their ticket (for example "resolved"), to the user's personal
 * conversation. One per ticket and event: `event` names it (`resolved`, `assigned`).
 */
export function planTicketNotice(args: {
  ticket: Ticket;
  event: string;
  conversation: ConversationRef;
  activity: Record<string, unknown>;
}): OutboxMessageInput {
  return {
    id: `ticket-notice/${args.ticket.id}/${args.event}`,
    kind: 'post',
    conversation: args.conversation,
    activity: args.activity,
  };
}
