/**
 * What the campaign flows need: the admin basics (who may administer, Graph, audit), the
 * campaign store, the runner to wake, the employee flows they open (guide, report form), and how
 * a CSV download link is made.
 */
import type { CampaignStore } from '../../campaigns/store';
import type { AdminDeps } from '../admin/admin-deps';
import type { HelpdeskDeps } from '../helpdesk/helpdesk';
import type { KnowledgeDeps } from '../knowledge-deps';

export interface CampaignDeps extends AdminDeps {
  campaigns: CampaignStore;
  /** Asks the runner for a pass now (after a start, pause or resume). */
  poke(campaignId: string): void;
  knowledge: KnowledgeDeps;
  /** The report form ("I need help"); absent: the card says how to report instead. */
  helpdesk?: HelpdeskDeps;
  /**
   * The address of a CSV export for a one-time token (served by the bot, see src/app/routes.ts);
   * absent: the bot has no address people can open, and export says so.
   */
  exportUrl?: (token: string) => string;
  /** The tenant, when an activity does not say (it always does in Teams). */
  tenantId?: string;
}

/** How long an export link works. */
export const EXPORT_LINK_MS = 15 * 60_000;
