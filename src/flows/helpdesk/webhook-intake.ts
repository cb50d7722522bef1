/**
 * Files reports that arrive on `POST /api/enrollment-failures` exactly like the employee's: the
 * ticket is diagnosed, grouped and alerted. The user is resolved in the directory (by UPN or
 * object id) when possible, so the card shows a name and a chat link.
 */
import type { DirectoryService } from '../../graph/types';
import { draftFromWebhookReport, type WebhookReport } from '../../helpdesk';

import { fileAndAlert, tenantFactsOf, type HelpdeskDeps } from './helpdesk';

/** Files one verified webhook report; idempotent by the report's `eventId`. */
export async function fileWebhookReport(
  deps: HelpdeskDeps,
  directory: DirectoryService | undefined,
  report: WebhookReport,
): Promise<{ ticketId: string; incidentId?: string }> {
  const draft = draftFromWebhookReport(report, await tenantFactsOf(deps));
  if (directory) {
    try {
      const user = await directory.getUser(report.user);
      if (user) {
        draft.reporter = {
          aadObjectId: user.id,
          upn: user.userPrincipalName,
          name: user.displayName,
        };
      }
    } catch (err) {
      // The report matters more than the name on it: file it with what the sender gave.
      deps.logger.warn({ err }, 'could not resolve the webhook report user');
    }
  }
  const { filed } = await fileAndAlert(deps, draft, { idempotencyKey: report.eventId });
  return { ticketId: filed.ticket.id, incidentId: filed.incident.id };
}
