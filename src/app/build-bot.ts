import type { CardActionHandler } from '../actions/card-actions';
import type { AdminCheck } from '../auth/admin-check';
import { buildCardActions } from '../bot/card-action-registry';
import { TeamsBot } from '../bot/teams-bot';
import type { CampaignStore } from '../campaigns/store';
import type { AdminAuthorizer } from '../flows/admin/admin-deps';
import type { CheckSetupDeps } from '../flows/admin/check-setup';
import type { DiscoveryDeps } from '../flows/admin/discovery';
import type { TeamAnswersDeps } from '../flows/admin/team-answers';
import { createCampaignEvents, type CampaignDeps } from '../flows/campaign';
import type { HelpdeskDeps, ReassignCandidate } from '../flows/helpdesk/helpdesk';
import type { EnrollmentMethodResolver, KnowledgeDeps } from '../flows/knowledge-deps';
import type { SetupService } from '../graph/setup-service';
import type { DirectoryService, ProfileService } from '../graph/types';
import type { IncidentGrouper, TicketStore } from '../helpdesk';
import type { TenantFactsSource } from '../helpdesk/tenant-facts';
import type { Language } from '../i18n/languages';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { LiveKnowledgeBase, TeamAnswerStore } from '../knowledge/team-answers';
import type { Logger } from '../logging';
import type { ConversationRef } from '../outbox';
import type { Outbox } from '../outbox';
import { AuditLog } from '../storage/audit-log';
import { ConversationMemory } from '../storage/conversation-memory';
import { ConversationStore } from '../storage/conversation-store';
import { LanguagePreferences } from '../storage/language-preferences';
import type { StateStorage } from '../storage/state-storage';

/**
 * The leaf services a bot is made of: storage, Graph (or a test double), who may administer,
 * the helpdesk stores and outbox. The composition root builds them from configuration; the test
 * harness passes in-memory fakes. Everything above them is wired once, here.
 */
export interface BotParts {
  logger: Logger;
  storage: StateStorage;
  /** The English knowledge base. */
  kb: KnowledgeBase;
  /** The knowledge base of each other language with translated articles (absent: English only). */
  kbs?: Partial<Record<Language, KnowledgeBase>>;
  profiles: ProfileService;
  directory: DirectoryService;
  setup: SetupService;
  /** Who may administer, with the reason when the check fails (checked on every action). */
  authorize: AdminAuthorizer;
  /** The same as a yes/no, for the help card. */
  isAdmin: AdminCheck;
  enrollmentMethodFor: EnrollmentMethodResolver;
  /** The method of the profile that applies to a user (Graph), for reports; undefined: unknown. */
  profileMethodOf?: (aadObjectId: string | undefined) => Promise<string | undefined>;
  /** How long the conversation memory lasts (0: off) and, for tests, its clock. */
  memoryMs: number;
  memoryClock?: () => Date;
  /** What admin cards say about the tenant and where the service discovery file downloads. */
  tenant: {
    sandbox: boolean;
    sandboxNotice: string;
    tenantId: string;
    cloud: DiscoveryDeps['cloud'];
    downloadUrl?: string;
  };
  helpdesk: {
    tickets: TicketStore;
    grouper: IncidentGrouper;
    outbox: Outbox;
    isMember: (aadObjectId: string | undefined) => Promise<boolean>;
    /** The helpdesk group's members, for the case card's Reassign list (absent: no group). */
    reassignCandidates?: () => Promise<ReassignCandidate[]>;
    tenantFacts?: TenantFactsSource;
    configuredChannel?: ConversationRef;
  };
  /**
   * How long an instance trusts the team answers it read before reading them again (default
   * 2 s): an answer published on another instance is used here within that time.
   */
  teamAnswersCheckMs?: number;
  /**
   * Enrollment campaigns: their store, how to wake the runner, and how an export link is made;
   * absent: the campaign commands say they are not set up.
   */
  campaigns?: {
    store: CampaignStore;
    poke: (campaignId: string) => void;
    exportUrl?: (token: string) => string;
  };
  /** Extra verbs a test registers on top of the real ones. */
  extraCardActions?: ReadonlyMap<string, CardActionHandler<unknown>>;
}

/** The bot and the dependencies its flows were given (tests read them). */
export interface BuiltBot {
  bot: TeamsBot;
  knowledge: KnowledgeDeps;
  admin: DiscoveryDeps & CheckSetupDeps & TeamAnswersDeps;
  helpdesk: HelpdeskDeps;
  campaigns?: CampaignDeps;
}

/** Wires the flows, their card actions and the bot from the leaf services. */
export function buildBot(parts: BotParts): BuiltBot {
  const { logger, storage } = parts;
  // The IT team's published answers join the articles; every instance re-reads them.
  const teamAnswers = new TeamAnswerStore(storage);
  const live = new LiveKnowledgeBase(parts.kb, teamAnswers, {
    ...(parts.teamAnswersCheckMs !== undefined ? { checkEveryMs: parts.teamAnswersCheckMs } : {}),
    onError: (err) =>
      logger.warn({ err }, 'could not read the team answers; keeping the last ones'),
  });
  const audit = new AuditLog(storage);
  const campaignEvents = parts.campaigns
    ? createCampaignEvents({ store: parts.campaigns.store, logger })
    : undefined;
  const languages = new LanguagePreferences(storage);
  const knowledge: KnowledgeDeps = {
    languages,
    get kb() {
      return live.current();
    },
    kbFor: (lang) => (lang === 'en' ? live.current() : (parts.kbs?.[lang] ?? live.current())),
    refresh: () => live.refresh(),
    storage,
    logger,
    memory: new ConversationMemory(storage, parts.memoryMs, parts.memoryClock),
    enrollmentMethodFor: parts.enrollmentMethodFor,
    ...(campaignEvents ? { campaignEvents } : {}),
  };
  const admin: DiscoveryDeps & CheckSetupDeps & TeamAnswersDeps = {
    profiles: parts.profiles,
    directory: parts.directory,
    storage,
    audit,
    teamAnswers,
    knowledgeChanged: () => live.invalidate(),
    logger,
    authorize: parts.authorize,
    sandbox: parts.tenant.sandbox,
    sandboxNotice: parts.tenant.sandboxNotice,
    tenantId: parts.tenant.tenantId,
    cloud: parts.tenant.cloud,
    setup: parts.setup,
    downloadUrl: parts.tenant.downloadUrl,
  };
  const helpdesk: HelpdeskDeps = {
    ...parts.helpdesk,
    languages,
    storage,
    logger,
    authorize: parts.authorize,
    directory: parts.directory,
    memory: knowledge.memory,
    teamAnswers,
    audit,
    ...(parts.profileMethodOf ? { profileMethodOf: parts.profileMethodOf } : {}),
    ...(campaignEvents ? { campaignEvents } : {}),
  };
  const campaigns: CampaignDeps | undefined = parts.campaigns
    ? {
        ...admin,
        campaigns: parts.campaigns.store,
        poke: parts.campaigns.poke,
        knowledge,
        helpdesk,
        ...(parts.campaigns.exportUrl ? { exportUrl: parts.campaigns.exportUrl } : {}),
        tenantId: parts.tenant.tenantId,
      }
    : undefined;
  const cardActions = buildCardActions(
    { knowledge, admin, helpdesk, ...(campaigns ? { campaigns } : {}) },
    parts.extraCardActions,
  );
  const bot = new TeamsBot({
    logger,
    storage,
    conversations: new ConversationStore(storage),
    cardActions,
    knowledge,
    isAdmin: parts.isAdmin,
    admin,
    helpdesk,
    ...(campaigns ? { campaigns } : {}),
    languages,
  });
  return { bot, knowledge, admin, helpdesk, ...(campaigns ? { campaigns } : {}) };
}
