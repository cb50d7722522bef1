/**
 * Process entry: reads the configuration, starts the app (src/app), and stops it gracefully on
 * SIGTERM/SIGINT. The wiring lives in src/app; nothing here but the process's own concerns.
 */
import './compile-cache';

import fs from 'node:fs';
import path from 'node:path';

import { startApp } from './app/start-app';
import { loadConfig, type Config } from './config/env';
import { ConfigError } from './errors';
import { createLogger } from './logging';
import { startTelemetry } from './telemetry/start';

export { startApp, type BotApp } from './app/start-app';
export { ENROLLMENT_FAILURES_PATH, SERVICE_DISCOVERY_DOWNLOAD_PATH } from './app/routes';

/** The package's version, for telemetry's service.version (src/ and dist/src/ both find it). */
function appVersion(): string {
  for (const up of ['..', '../..']) {
    try {
      const pkg = JSON.parse(
        fs.readFileSync(path.resolve(__dirname, up, 'package.json'), 'utf8'),
      ) as { name?: string; version?: string };
      if (pkg.name === 'ue-enrollment-bot' && pkg.version) return pkg.version;
    } catch {
      // not here; try one folder up
    }
  }
  return 'unknown';
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
  const telemetry = await startTelemetry({
    connectionString: config.telemetry.connectionString,
    samplingPercent: config.telemetry.samplingPercent,
    serviceName: 'ue-enrollment-bot',
    serviceVersion: appVersion(),
  });
  const logger = createLogger(
    config.logLevel,
    undefined,
    telemetry.logSink ? [telemetry.logSink] : [],
  );
  if (telemetry.enabled) logger.info('Telemetry: Application Insights (OpenTelemetry)');
  const app = await startApp(config, logger);
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    // Stop the app first (in-flight turns finish), then send the last telemetry.
    app
      .stop()
      // A telemetry endpoint that can't be reached must not fail the shutdown.
      .then(() =>
        telemetry.shutdown().catch((err: unknown) => {
          logger.warn({ err }, 'could not send the last telemetry');
        }),
      )
      .then(
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
