import type { CardActionHandler } from '../actions/card-actions';
import { registerSetupCheckActions, type CheckSetupDeps } from '../flows/admin/check-setup';
import { registerDiscoveryActions } from '../flows/admin/discovery';
import { registerProfileActions } from '../flows/admin/profiles';
import { registerTeamAnswerActions, type TeamAnswersDeps } from '../flows/admin/team-answers';
import { registerWizardActions } from '../flows/admin/wizard';
import { registerCampaignActions, type CampaignDeps } from '../flows/campaign';
import { registerGuideActions } from '../flows/guide';
import { registerFollowUpActions } from '../flows/helpdesk/follow-up';
import { registerHelpdeskActions, type HelpdeskDeps } from '../flows/helpdesk/helpdesk';
import { registerIncidentActions } from '../flows/helpdesk/incident-actions';
import { registerProposeAnswer } from '../flows/helpdesk/propose-answer';
import type { KnowledgeDeps } from '../flows/knowledge-deps';
import { registerKnowledgeActions } from '../flows/knowledge-feedback';
import { registerLanguageActions } from '../flows/language';

/** Everything the card actions need. */
export interface CardActionDeps {
  knowledge: KnowledgeDeps;
  admin: CheckSetupDeps & TeamAnswersDeps;
  helpdesk?: HelpdeskDeps;
  campaigns?: CampaignDeps;
}

/**
 * Every Action.Execute verb the bot answers, registered once. The composition root and the test
 * harness both build the registry here, so a verb can never exist in one and not the other.
 */
export function buildCardActions(
  deps: CardActionDeps,
  extra: ReadonlyMap<string, CardActionHandler<unknown>> = new Map(),
): Map<string, CardActionHandler<unknown>> {
  const registry = new Map(extra);
  registerKnowledgeActions(registry, deps.knowledge);
  registerLanguageActions(registry, deps.knowledge);
  registerGuideActions(registry, deps.knowledge);
  registerWizardActions(registry, deps.admin);
  registerProfileActions(registry, deps.admin);
  registerSetupCheckActions(registry, deps.admin);
  registerDiscoveryActions(registry, deps.admin);
  registerTeamAnswerActions(registry, deps.admin);
  if (deps.campaigns) registerCampaignActions(registry, deps.campaigns);
  if (deps.helpdesk) {
    registerHelpdeskActions(registry, deps.helpdesk);
    registerIncidentActions(registry, deps.helpdesk);
    registerFollowUpActions(registry, deps.helpdesk);
    registerProposeAnswer(registry, deps.helpdesk);
  }
  return registry;
}
