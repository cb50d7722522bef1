import { configuredAdmins } from './auth/admin-check';
import { createGraphAdminChecker } from './auth/graph-admin-check';
import { createAdapter } from './bot/adapter';
import { buildCardActions } from './bot/card-action-registry';
import { TeamsBot } from './bot/teams-bot';
import { loadConfig, type Config } from './config/env';
import { wellKnownResponse } from './discovery/hosting';
import { ConfigError } from './errors';
import type { CheckSetupDeps } from './flows/admin/check-setup';
import type { DiscoveryDeps } from './flows/admin/discovery';
import { profileMethodResolver } from './flows/enrollment-method';
import type { KnowledgeDeps } from './flows/knowledge-deps';
import { createGraphServices } from './graph/create-graph-services';
import { GraphSetupService } from './graph/setup-service';
import { loadArticles } from './knowledge/articles';
import { KnowledgeBase } from './knowledge/knowledge-base';
import { createLogger, type Logger } from './logging';
import { SANDBOX_NOTICE, type GraphSandbox } from './sandbox/graph-sandbox';
import { startServer, type RunningServer } from './server/server';
import { AuditLog } from './storage/audit-log';
import { ConversationStore } from './storage/conversation-store';
import { createStateStorage } from './storage/create-storage';
import type { StateStorage } from './storage/state-storage';

/** Where the bot serves the service discovery file for download. */
export const SERVICE_DISCOVERY_DOWNLOAD_PATH = '/api/service-discovery-file';

/** A running bot process: server plus the resources it owns. */
export interface BotApp {
  config: Config;
  server: RunningServer;
  storage: StateStorage;
  logger: Logger;
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
    kb: new KnowledgeBase(loadArticles()),
    storage,
    logger,
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
  const cardActions = buildCardActions({ knowledge, admin });
  const bot = new TeamsBot({
    logger,
    storage,
    conversations: new ConversationStore(storage),
    cardActions,
    knowledge,
    isAdmin: adminChecker.isAdmin,
    admin,
  });
  const discoveryFile = wellKnownResponse(config.graph.cloud, config.graph.tenantId);
  const server = await startServer(
    {
      adapter,
      bot,
      logger,
      isReady: () => storage.ping(),
      requireAuthHeader: !config.anonymous,
      extraRoutes: (server) => {
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
  let stopping: Promise<void> | undefined;
  return {
    config,
    server,
    storage,
    logger,
    sandbox: graph.sandbox,
    stop(): Promise<void> {
      stopping ??= (async () => {
        await server.close(config.shutdownTimeoutMs);
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
