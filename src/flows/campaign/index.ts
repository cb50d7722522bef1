/**
 * Enrollment campaigns in the chat: the admin's wizard and dashboard, and the employee's card.
 * The campaign domain (storage, runner, schedule, figures) is in src/campaigns.
 */
import type { CardActionHandler } from '../../actions/card-actions';

import { registerCampaignAdminActions } from './admin';
import type { CampaignDeps } from './deps';
import { registerCampaignPersonActions } from './person';
import { registerCampaignWizardActions } from './wizard';

export { campaignExportCommand, campaignStatusCommand } from './admin';
export type { CampaignDeps } from './deps';
export { createCampaignEvents } from './person';
export { campaignMessages } from './view';
export { startCampaignCommand } from './wizard';

/** Registers every campaign card action. */
export function registerCampaignActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: CampaignDeps,
): void {
  registerCampaignWizardActions(registry, deps);
  registerCampaignAdminActions(registry, deps);
  registerCampaignPersonActions(registry, deps);
}
