/**
 * Process entry: reads the configuration, starts the app (src/app), and stops it gracefully on
 * SIGTERM/SIGINT. The wiring lives in src/app; nothing here but the process's own concerns.
 */
import { startApp } from './app/start-app';
import { loadConfig, type Config } from './config/env';
import { ConfigError } from './errors';
import { createLogger } from './logging';

export { startApp, type BotApp } from './app/start-app';
export { ENROLLMENT_FAILURES_PATH, SERVICE_DISCOVERY_DOWNLOAD_PATH } from './app/routes';

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
