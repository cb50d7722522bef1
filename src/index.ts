import fs from 'node:fs';
import path from 'node:path';

import { configuredAdmins } from './auth/admin-check';
import { createGraphAdminChecker } from './auth/graph-admin-check';
import { createAdapter } from './bot/adapter';
import { buildCardActions } from './bot/card-action-registry';
import { commandVocabulary } from './bot/commands';
import { TeamsBot } from './bot/teams-bot';
import { loadConfig, type Config } from './config/env';
import { wellKnownResponse } from './discovery/hosting';
import { ConfigError } from './errors';
import type { CheckSetupDeps } from './flows/admin/check-setup';
import type { DiscoveryDeps } from './flows/admin/discovery';
import { profileMethodResolver } from './flows/enrollment-method';
import { type HelpdeskDeps } from './flows/helpdesk/helpdesk';
import { fileWebhookReport } from './flows/helpdesk/webhook-intake';
import type { KnowledgeDeps } from './flows/knowledge-deps';
import { createGraphServices } from './graph/create-graph-services';
import { GraphSetupService } from './graph/setup-service';
import { GraphTroubleshootingEvents } from './graph/troubleshooting-events';
import {
  AzureQueueOutbox,
  CachedTenantFacts,
  handleEnrollmentFailureHttp,
  IncidentGrouper,
  SqliteOutbox,
  type SqliteOutboxOptions,
  TicketStore,
  TokenBucketLimiter,
  type Outbox,
} from './helpdesk';
import { BotFrameworkSender } from './helpdesk/bot-sender';
import { GraphDeliveryProbe } from './helpdesk/delivery-probe';
import { EnrollmentFailurePoller, reportFromEvent } from './helpdesk/failure-poller';
import { loadKnowledgeBase } from './knowledge/load';
import { createLogger, type Logger } from './logging';
import { SANDBOX_NOTICE, type GraphSandbox } from './sandbox/graph-sandbox';
import { startServer, type RunningServer } from './server/server';
import { AuditLog } from './storage/audit-log';
import { ConversationMemory } from './storage/conversation-memory';
import { ConversationStore } from './storage/conversation-store';
import { createStateStorage } from './storage/create-storage';
import type { StateStorage } from './storage/state-storage';

/** Signed enrollment failure reports from scripts and automation (only when WEBHOOK_SECRET is set). */
export const ENROLLMENT_FAILURES_PATH = '/api/enrollment-failures';

/** Where the bot serves the service discovery file for download. */
export const SERVICE_DISCOVERY_DOWNLOAD_PATH = '/api/service-discovery-file';

/** A running bot process: server plus the resources it owns. */
export interface BotApp {
  config: Config;
  server: RunningServer;
  storage: StateStorage;
  logger: Logger;
  /** The helpdesk delivery outbox (started after listen, stopped before storage closes). */
  outbox: Outbox;
  /** The local Intune sandbox, when Graph is not configured. */
  sandbox: GraphSandbox | undefined;
  /** Graceful stop: stop accepting, finish turns in flight, close storage. */
  stop(): Promise<void>;
}

/**
 * Composition root: configuration → storage → adapter and bot → HTTP server. Everything is
 * created here once and passed down; nothing below reads the environment.
 */
export async function startApp(config: Config, logger: Logger): Promise<BotApp> {
  if (config.anonymous) {
    logger.warn(
      '*** ANONYMOUS LOCAL MODE: MicrosoftAppId is not set, so requests to /api/messages are NOT ' +
        'authenticated. Use this only with the local Agents Playground, never on a reachable host. ***',
    );
  }
  const storage = createStateStorage(config.storage, logger);
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

  const knowledge: KnowledgeDeps = {
    kb: loadKnowledgeBase({ vocabulary: commandVocabulary() }),
    storage,
    logger,
    memory: new ConversationMemory(storage, config.conversationMemoryMs),
    enrollmentMethodFor: profileMethodResolver({
      profiles,
      directory,
      fallback: config.defaultEnrollmentMethod,
      logger,
    }),
  };
  const admin: DiscoveryDeps & CheckSetupDeps = {
    profiles,
    directory,
    storage,
    audit: new AuditLog(storage),
    logger,
    authorize: (id) => adminChecker.checkAdmin(id),
    sandbox: graph.mode === 'sandbox',
    sandboxNotice: `🧪 ${SANDBOX_NOTICE}.`,
    tenantId: config.graph.tenantId,
    cloud: config.graph.cloud,
    setup: new GraphSetupService({ client: graph.client, logger }),
    downloadUrl: config.publicBaseUrl
      ? `${config.publicBaseUrl}${SERVICE_DISCOVERY_DOWNLOAD_PATH}`
      : undefined,
  };
  const tickets = new TicketStore(storage);
  const grouper = new IncidentGrouper(storage, tickets, {
    windowMs: config.helpdesk.groupingWindowMs,
  });
  fs.mkdirSync(path.dirname(path.resolve(config.helpdesk.outboxPath)), { recursive: true });
  const outboxOptions: Omit<SqliteOutboxOptions, 'file'> = {
    sender: new BotFrameworkSender({ adapter, botAppId: config.botAuth.MicrosoftAppId }),
    logger,
    // Only against real Graph: the sandbox does not hold Teams messages.
    probe:
      config.helpdesk.deliveryProbe === 'graph' && graph.mode === 'graph'
        ? new GraphDeliveryProbe({
            client: graph.client,
            teamsAppId: config.appPackage.teamsAppId,
            logger,
          })
        : undefined,
    onSent: async (message) => {
      // Remember the alert card's activity id, so later updates can target it.
      const match = /^incident-alert\/(INC-[0-9A-Z]+)$/.exec(message.id);
      if (match?.[1] && message.activityId) {
        await grouper.recordAlert(match[1], { activityId: message.activityId });
      }
    },
  };
  // Several instances: one Azure Storage queue (and the blob state) shared by all of them.
  const outbox =
    config.helpdesk.outboxBackend === 'azure-queue' && config.storage.kind === 'blob'
      ? new AzureQueueOutbox({
          ...outboxOptions,
          storage,
          connectionString: config.storage.connectionString,
          queueName: config.helpdesk.outboxQueueName,
        })
      : new SqliteOutbox({ ...outboxOptions, file: config.helpdesk.outboxPath });
  logger.info(
    outbox instanceof AzureQueueOutbox
      ? { backend: 'azure-queue', queue: outbox.name }
      : { backend: 'sqlite', path: path.resolve(config.helpdesk.outboxPath) },
    'Helpdesk outbox',
  );
  const helpdeskGroupId = config.helpdesk.groupId;
  const helpdesk: HelpdeskDeps = {
    tickets,
    grouper,
    outbox,
    storage,
    logger,
    authorize: (id) => adminChecker.checkAdmin(id),
    directory,
    isMember: async (id) => {
      if (!id) return false;
      if (helpdeskGroupId) {
        try {
          return (await directory.userGroupIds(id)).includes(helpdeskGroupId);
        } catch (err) {
          logger.warn({ err }, 'helpdesk membership check failed; refusing');
          return false;
        }
      }
      return (await adminChecker.checkAdmin(id)).admin;
    },
    memory: knowledge.memory,
    tenantFacts: new CachedTenantFacts({
      readPushCertificate: () => admin.setup.applePushCertificate(),
      logger,
    }),
    configuredChannel: config.helpdesk.channel
      ? {
          serviceUrl: config.helpdesk.channel.serviceUrl,
          conversationId: config.helpdesk.channel.conversationId,
          teamId: config.helpdesk.channel.teamId,
          tenantId: config.graph.tenantId,
          channelId: 'msteams',
          conversationType: 'channel',
          isGroup: true,
        }
      : undefined,
  };
  const cardActions = buildCardActions({ knowledge, admin, helpdesk });
  const bot = new TeamsBot({
    logger,
    storage,
    conversations: new ConversationStore(storage),
    cardActions,
    knowledge,
    isAdmin: adminChecker.isAdmin,
    admin,
    helpdesk,
  });
  const webhookSecret = config.helpdesk.webhookSecret;
  const webhookLimiter = new TokenBucketLimiter();
  const discoveryFile = wellKnownResponse(config.graph.cloud, config.graph.tenantId);
  const server = await startServer(
    {
      adapter,
      bot,
      logger,
      isReady: () => storage.ping(),
      requireAuthHeader: !config.anonymous,
      extraRoutes: (server) => {
        if (webhookSecret) {
          server.post(ENROLLMENT_FAILURES_PATH, async (req, res) => {
            const result = await handleEnrollmentFailureHttp(req, {
              secret: webhookSecret,
              replayStore: storage,
              rateLimiter: webhookLimiter,
              logger,
              accept: (report) => fileWebhookReport(helpdesk, directory, report),
            });
            res.writeHead(result.status, {
              'Content-Type': 'application/json; charset=utf-8',
              ...result.headers,
            });
            res.end(JSON.stringify(result.body));
          });
        }
        server.get(SERVICE_DISCOVERY_DOWNLOAD_PATH, (_req, res, next) => {
          res.writeHead(200, {
            ...discoveryFile.headers,
            'Content-Disposition': 'attachment; filename="com.apple.remotemanagement"',
          });
          res.end(discoveryFile.body);
          return next();
        });
        if (config.serviceDiscoveryHosting) {
          server.get('/.well-known/com.apple.remotemanagement', (_req, res, next) => {
            res.writeHead(discoveryFile.status, discoveryFile.headers);
            res.end(discoveryFile.body);
            return next();
          });
        }
      },
    },
    { port: config.port, host: config.host },
  );
  logger.info(
    { url: server.url, storage: storage.kind, anonymous: config.anonymous },
    'bot listening on /api/messages',
  );
  outbox.start();
  // Optional: file Intune's own enrollment failure events like webhook reports (one per event id).
  const poller =
    config.helpdesk.pollIntervalMs > 0
      ? new EnrollmentFailurePoller({
          source: new GraphTroubleshootingEvents({ client: graph.client, logger }),
          storage,
          logger,
          intervalMs: config.helpdesk.pollIntervalMs,
          onEvent: async (event) => {
            const report = reportFromEvent(event);
            if (!report) {
              logger.warn({ eventId: event.id }, 'Intune event lacks what a report needs; skipped');
              return;
            }
            await fileWebhookReport(helpdesk, directory, report);
          },
        })
      : undefined;
  poller?.start();
  let stopping: Promise<void> | undefined;
  return {
    config,
    server,
    storage,
    logger,
    outbox,
    sandbox: graph.sandbox,
    stop(): Promise<void> {
      stopping ??= (async () => {
        await server.close(config.shutdownTimeoutMs);
        await poller?.stop();
        await outbox.close();
        await graph.close();
        await storage.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const app = await startApp(config, logger);
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`Startup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
