import { commandVocabulary } from '../actions/commands';
import { configuredAdmins } from '../auth/admin-check';
import { createGraphAdminChecker } from '../auth/graph-admin-check';
import { createAdapter } from '../bot/adapter';
import type { CampaignRunner } from '../campaigns/runner';
import { CampaignStore } from '../campaigns/store';
import type { Config } from '../config/env';
import { profileMethodResolver } from '../flows/enrollment-method';
import { GraphSetupService } from '../graph/setup-service';
import { CachedTenantFacts, IncidentGrouper, TicketStore } from '../helpdesk';
import type { Language } from '../i18n/languages';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { loadKnowledgeBases, type KnowledgeBaseLoadOptions } from '../knowledge/load';
import type { Logger } from '../logging';
import { BotFrameworkSender } from '../outbox/bot-sender';
import type { Outbox } from '../outbox/types';
import { SANDBOX_NOTICE, type GraphSandbox } from '../sandbox/graph-sandbox';
import { startServer, type RunningServer } from '../server/server';
import { resolveStorageAccount } from '../storage/account';
import { createStateStorage } from '../storage/create-storage';
import type { StateStorage } from '../storage/state-storage';
import { observeQueue } from '../telemetry/instruments';

import { buildBot } from './build-bot';
import {
  campaignOutboxHooks,
  createCampaignRunner,
  storedLanguages,
  storedPersonalChats,
} from './campaigns';
import { createGraphServices } from './graph-services';
import {
  configuredChannel,
  createFailurePoller,
  createOutbox,
  helpdeskCandidates,
  helpdeskMembership,
} from './helpdesk';
import { CAMPAIGN_EXPORT_PATH, extraRoutes, SERVICE_DISCOVERY_DOWNLOAD_PATH } from './routes';

/** A running bot process: server plus the resources it owns. */
export interface BotApp {
  config: Config;
  server: RunningServer;
  storage: StateStorage;
  logger: Logger;
  /** The helpdesk delivery outbox (started after listen, stopped before storage closes). */
  outbox: Outbox;
  /** This instance's campaign runner (started after listen, stopped before the outbox). */
  campaignRunner: CampaignRunner;
  /** The local Intune sandbox, when Graph is not configured. */
  sandbox: GraphSandbox | undefined;
  /** Graceful stop: stop accepting, finish turns in flight, close storage. */
  stop(): Promise<void>;
}

/**
 * Composition root: configuration → storage → adapter and bot → HTTP server. Everything is
 * created here once and passed down; nothing below reads the environment.
 */
export async function startApp(
  config: Config,
  logger: Logger,
  /** How the knowledge bases are loaded (the QA evaluation leaves out the set it measures). */
  knowledgeOptions: Pick<KnowledgeBaseLoadOptions, 'examplesExcept'> = {},
): Promise<BotApp> {
  if (config.anonymous) {
    logger.warn(
      '*** ANONYMOUS LOCAL MODE: MicrosoftAppId is not set, so requests to /api/messages are NOT ' +
        'authenticated. Use this only with the local Agents Playground, never on a reachable host. ***',
    );
  }
  if (config.unsafeAnonymousWithRealGraph && config.graph.mode === 'graph') {
    logger.warn(
      '*** UNSAFE_ALLOW_ANONYMOUS_WITH_REAL_GRAPH is on: an unauthenticated bot is acting on a REAL ' +
        'tenant. Anyone who can reach this loopback port can act as an admin. Local tests only. ***',
    );
  }
  // One storage account (and one managed-identity credential) for the state and the outbox queue.
  const account =
    config.storage.kind === 'blob' ? resolveStorageAccount(config.storage.account) : undefined;
  const storage = createStateStorage(config.storage, logger, account);
  await storage.ping();
  const adapter = createAdapter(config.botAuth, logger);

  // Microsoft Graph, or the local Intune sandbox (a labelled test double) when none is configured.
  const graph = await createGraphServices(config.graph, logger);
  const { profiles, directory } = graph;
  const adminChecker = createGraphAdminChecker({
    directory,
    adminGroupId: config.adminGroupId,
    configured: configuredAdmins(config.adminUserIds),
    logger,
  });
  const setup = new GraphSetupService({ client: graph.client, logger });
  const tickets = new TicketStore(storage);
  const grouper = new IncidentGrouper(storage, tickets, {
    windowMs: config.helpdesk.groupingWindowMs,
  });
  // One Bot Framework sender: the outbox sends with it, campaigns open conversations with it.
  const sender = new BotFrameworkSender({ adapter, botAppId: config.botAuth.MicrosoftAppId });
  const campaignStore = new CampaignStore(storage);
  const outbox = createOutbox({
    config,
    storage,
    account,
    logger,
    grouper,
    graph: { client: graph.client, real: graph.mode === 'graph' },
    sender,
    hooks: campaignOutboxHooks(campaignStore, logger),
  });
  const sandboxNotice = `🧪 ${SANDBOX_NOTICE}.`;
  const campaignRunner = createCampaignRunner({
    store: campaignStore,
    logger,
    graph: { client: graph.client, directory },
    sender,
    outbox,
    known: storedPersonalChats(storage),
    // Invitations and reminders in each person's language (chosen, written in, Teams locale).
    languages: storedLanguages(storage),
    teamsAppId: config.appPackage.teamsAppId,
    ...(config.campaigns.catalogAppId ? { catalogAppId: config.campaigns.catalogAppId } : {}),
    intervals: config.campaigns.intervals,
    banner: { sandbox: graph.mode === 'sandbox', sandboxNotice },
  });
  // The address a campaign's CSV export link points at: the public one, or this loopback
  // server in anonymous local mode (the Playground); none otherwise (export says so).
  let localUrl = '';
  const exportUrl = config.publicBaseUrl
    ? (token: string) => `${config.publicBaseUrl}${CAMPAIGN_EXPORT_PATH}${token}`
    : config.anonymous
      ? (token: string) => `${localUrl}${CAMPAIGN_EXPORT_PATH}${token}`
      : undefined;
  // Telemetry gauges (no-op when telemetry is off): what waits in the outbox and for how long.
  const unobserveOutbox = observeQueue('outbox', () => outbox.backlog());
  // Which enrollment method applies to each employee: the guide picks its steps by it, and a
  // report records it (both from the profile Intune applies, one cache).
  const methods = profileMethodResolver({
    profiles,
    directory,
    fallback: config.defaultEnrollmentMethod,
    logger,
  });
  // Who a case can be reassigned to: the helpdesk group's members (when one is configured).
  const candidates = helpdeskCandidates(config, directory, logger);
  const knowledge = knowledgeBases(knowledgeOptions);
  const built = buildBot({
    logger,
    storage,
    ...knowledge,
    profiles,
    directory,
    setup,
    authorize: (id, options) => adminChecker.checkAdmin(id, options),
    isAdmin: adminChecker.isAdmin,
    enrollmentMethodFor: methods,
    profileMethodOf: methods.fromProfile,
    memoryMs: config.conversationMemoryMs,
    tenant: {
      sandbox: graph.mode === 'sandbox',
      sandboxNotice,
      tenantId: config.graph.tenantId,
      cloud: config.graph.cloud,
      downloadUrl: config.publicBaseUrl
        ? `${config.publicBaseUrl}${SERVICE_DISCOVERY_DOWNLOAD_PATH}`
        : undefined,
    },
    helpdesk: {
      tickets,
      grouper,
      outbox,
      isMember: helpdeskMembership(
        config,
        directory,
        async (id) => (await adminChecker.checkAdmin(id)).admin,
        logger,
      ),
      ...(candidates ? { reassignCandidates: candidates } : {}),
      tenantFacts: new CachedTenantFacts({
        readPushCertificate: () => setup.applePushCertificate(),
        logger,
      }),
      configuredChannel: configuredChannel(config),
    },
    campaigns: {
      store: campaignStore,
      poke: (id) => campaignRunner.poke(id),
      ...(exportUrl ? { exportUrl } : {}),
    },
  });
  const server = await startServer(
    {
      adapter,
      bot: built.bot,
      logger,
      isReady: () => storage.ping(),
      requireAuthHeader: !config.anonymous,
      extraRoutes: extraRoutes(config, built, storage, logger),
    },
    { port: config.port, host: config.host },
  );
  logger.info(
    { url: server.url, storage: storage.kind, anonymous: config.anonymous },
    'bot listening on /api/messages',
  );
  localUrl = server.url.replace(/\/+$/, '');
  // Listening already; what the first question needs besides the index is built next.
  setImmediate(() => void knowledge.kb.warm()).unref();
  outbox.start();
  campaignRunner.start();
  const poller = createFailurePoller(config, built, graph.client, storage, logger);
  poller?.start();
  let stopping: Promise<void> | undefined;
  return {
    config,
    server,
    storage,
    logger,
    outbox,
    campaignRunner,
    sandbox: graph.sandbox,
    stop(): Promise<void> {
      stopping ??= (async () => {
        await server.close(config.shutdownTimeoutMs);
        await poller?.stop();
        await campaignRunner.stop();
        unobserveOutbox();
        await outbox.close();
        await graph.close();
        await storage.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}

/**
 * The English knowledge base (read, validated and indexed at startup) and the translated ones
 * (each read on first use).
 */
function knowledgeBases(options: Pick<KnowledgeBaseLoadOptions, 'examplesExcept'>): {
  kb: KnowledgeBase;
  kbs: Partial<Record<Language, KnowledgeBase>>;
} {
  const kbs = loadKnowledgeBases({ ...options, vocabulary: commandVocabulary() });
  const kb = kbs.en;
  if (!kb) throw new Error('the English knowledge base did not load');
  return { kb, kbs };
}
