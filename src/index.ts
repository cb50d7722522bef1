import { configuredAdmins } from './auth/admin-check';
import { createAdapter } from './bot/adapter';
import type { CardActionHandler } from './bot/card-actions';
import { TeamsBot } from './bot/teams-bot';
import { loadConfig, type Config } from './config/env';
import { ConfigError } from './errors';
import { registerGuideActions } from './flows/guide';
import type { KnowledgeDeps } from './flows/knowledge-deps';
import { registerKnowledgeActions } from './flows/knowledge-feedback';
import { loadArticles } from './knowledge/articles';
import { KnowledgeBase } from './knowledge/knowledge-base';
import { createLogger, type Logger } from './logging';
import { startServer, type RunningServer } from './server/server';
import { ConversationStore } from './storage/conversation-store';
import { createStateStorage } from './storage/create-storage';
import type { StateStorage } from './storage/state-storage';

/** A running bot process: server plus the resources it owns. */
export interface BotApp {
  config: Config;
  server: RunningServer;
  storage: StateStorage;
  logger: Logger;
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
  const knowledge: KnowledgeDeps = {
    kb: new KnowledgeBase(loadArticles()),
    storage,
    logger,
    enrollmentMethodFor: () => Promise.resolve(config.defaultEnrollmentMethod),
  };
  const cardActions = new Map<string, CardActionHandler<unknown>>();
  registerKnowledgeActions(cardActions, knowledge);
  registerGuideActions(cardActions, knowledge);
  const bot = new TeamsBot({
    logger,
    storage,
    conversations: new ConversationStore(storage),
    cardActions,
    knowledge,
    isAdmin: configuredAdmins(config.adminUserIds),
  });
  const server = await startServer(
    {
      adapter,
      bot,
      logger,
      isReady: () => storage.ping(),
      requireAuthHeader: !config.anonymous,
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
    stop(): Promise<void> {
      stopping ??= (async () => {
        await server.close(config.shutdownTimeoutMs);
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
