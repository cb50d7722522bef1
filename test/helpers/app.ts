import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import pino from 'pino';

import { loadConfig } from '../../src/config/env';
import { startApp, type BotApp } from '../../src/index';

/** A bot started in-process on an ephemeral loopback port, with its logs captured. */
export interface TestApp extends BotApp {
  logLines: string[];
  dataDir: string;
}

/**
 * Starts the real bot (real config parsing, SQLite storage, restify, CloudAdapter) for HTTP-level
 * tests. `env` overrides the defaults; `.env` files are ignored.
 */
export async function startTestApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-test-'));
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      SQLITE_PATH: path.join(dataDir, 'bot.sqlite'),
      OUTBOX_SQLITE_PATH: path.join(dataDir, 'outbox.sqlite'),
      LOG_LEVEL: 'debug',
      SHUTDOWN_TIMEOUT_MS: '5000',
      ...env,
    },
    { dotenvPath: undefined },
  );
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const app = await startApp(config, logger);
  return Object.assign(app, { logLines, dataDir });
}

/** POSTs an activity to the bot's /api/messages. */
export async function postActivity(
  baseUrl: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
}
