/**
 * `npm run playground [-- --playground-port <port>]`
 *
 * Starts the bot in-process (anonymous local mode, state in SQLite under ./data/ by default) and
 * the Microsoft 365 Agents Playground pointed at it, then prints the URL to open in a browser.
 * Ctrl+C (SIGINT) or SIGTERM stops both. If the Playground exits on its own, the bot is stopped
 * and this process exits with the Playground's exit code.
 *
 * The Playground reads the mock tenant (users, team, channels) from .m365agentsplayground.yml in
 * the repository root. Its own log goes to data/playground.log (it prints almost nothing to a
 * pipe); set M365_AGENTS_PLAYGROUND_LOGFILE to move it, or TEAMSAPPTESTER_BROWSER to let it open a
 * browser itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { loadConfig, type Config } from '../src/config/env';
import { ConfigError } from '../src/errors';
import { startApp, type BotApp } from '../src/index';
import { createLogger } from '../src/logging';

const REPO_ROOT = path.resolve(__dirname, '..');
const DEFAULT_PLAYGROUND_PORT = 56150;
const READY_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 5_000;
const LOG_TAIL_LINES = 30;

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}

function writeError(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Parses `--playground-port <n>`; throws a readable error on anything else. */
function parsePlaygroundPort(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { 'playground-port': { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const raw = values['playground-port'];
  if (raw === undefined) {
    return DEFAULT_PLAYGROUND_PORT;
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`--playground-port must be a port number (1-65535), got "${raw}"`);
  }
  return port;
}

/** Copies a child's output line by line with a prefix, and reports each line to `onLine`. */
function pipeWithPrefix(
  stream: NodeJS.ReadableStream | null,
  prefix: string,
  out: NodeJS.WritableStream,
  onLine: (line: string) => void,
): void {
  if (!stream) {
    return;
  }
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split(/\r?\n/);
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      out.write(`${prefix}${line}\n`);
      onLine(line);
    }
  });
  stream.on('end', () => {
    if (buffered.length > 0) {
      out.write(`${prefix}${buffered}\n`);
      onLine(buffered);
    }
  });
}

/** Resolves true when GET url answers with any HTTP status within `timeoutMs`. */
function probe(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Waits until the Playground has said which port it listens on and that port answers HTTP.
 * Returns the port, or undefined when the child exits or `timeoutMs` passes first.
 */
async function waitForPlayground(
  port: () => number | undefined,
  child: ChildProcess,
  timeoutMs: number,
): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const current = port();
    if (current !== undefined && (await probe(`http://127.0.0.1:${current}/`, 1_000))) {
      return current;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

function tailOfFile(file: string, lines: number): string[] {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split(/\r?\n/).slice(-lines);
  } catch {
    return [];
  }
}

/** Signals the child's process group (POSIX, detached child), or the child alone. */
function signalChild(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  try {
    if (process.platform === 'win32') {
      child.kill(signal);
    } else {
      process.kill(-child.pid, signal);
    }
  } catch {
    // already gone
  }
}

/** Sends SIGTERM, then SIGKILL if the child is still alive after the grace period. */
async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalChild(child, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), KILL_GRACE_MS);
  });
  const late = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) {
    signalChild(child, 'SIGKILL');
    await exited;
  }
}

function loadPlaygroundConfig(): Config {
  const config = loadConfig();
  if (!config.anonymous) {
    throw new ConfigError([
      'MicrosoftAppId: must be unset for the Playground. It sends unauthenticated requests, so a ' +
        'bot with credentials would answer 401. Unset MicrosoftAppId, MicrosoftAppPassword and ' +
        'MicrosoftAppTenantId (for example in .env) and retry.',
    ]);
  }
  // Anonymous mode accepts unauthenticated requests: listen on loopback only, whatever HOST says.
  // Admin rights come from the local Intune sandbox's directory roles: Adele Vance (the mock
  // tenant's current user) is an Intune Administrator there, so admin commands work out of the box.
  return { ...config, host: '127.0.0.1' };
}

async function main(): Promise<number> {
  let playgroundPort: number;
  let config: Config;
  try {
    playgroundPort = parsePlaygroundPort(process.argv.slice(2));
    config = loadPlaygroundConfig();
  } catch (err) {
    writeError(err instanceof Error ? err.message : String(err));
    writeError(
      err instanceof ConfigError
        ? 'See .env.example for every variable.'
        : 'Usage: npm run playground [-- --playground-port <port>]',
    );
    return 1;
  }

  const logger = createLogger(config.logLevel);
  const app: BotApp = await startApp(config, logger);
  const endpoint = `http://127.0.0.1:${app.server.port}/api/messages`;

  const logFile =
    process.env.M365_AGENTS_PLAYGROUND_LOGFILE ?? path.join(REPO_ROOT, 'data', 'playground.log');
  const bin = path.join(
    REPO_ROOT,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'agentsplayground.cmd' : 'agentsplayground',
  );
  const child = spawn(
    bin,
    ['start', '--disable-telemetry', '-e', endpoint, '-c', 'msteams', '-p', String(playgroundPort)],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? 'none',
        M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
      // Its own process group: Ctrl+C in the terminal reaches only this script, which then stops
      // the Playground itself (so the exit code does not depend on who wins that race).
      detached: process.platform !== 'win32',
    },
  );
  // Last resort if this process dies without the orderly shutdown.
  process.once('exit', () => signalChild(child, 'SIGKILL'));

  // The Playground picks a random port when the requested one is busy, and prints
  // "Listening on <port>" to stdout when it is not a terminal.
  let actualPort: number | undefined;
  const onLine = (line: string): void => {
    const match = /Listening on (\d+)/.exec(line);
    if (match?.[1] && actualPort === undefined) {
      actualPort = Number(match[1]);
    }
  };
  pipeWithPrefix(child.stdout, '[playground] ', process.stdout, onLine);
  pipeWithPrefix(child.stderr, '[playground] ', process.stderr, onLine);

  let resolveExit: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });
  let stopping = false;
  /** Stops the Playground (if still running) and the bot, then settles the exit code. */
  const stopAll = (code: number): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    killChild(child)
      .then(() => app.stop())
      .then(
        () => resolveExit(code),
        (err: unknown) => {
          writeError(`Shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
          resolveExit(code === 0 ? 1 : code);
        },
      );
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!stopping) {
      write(`\n${signal} received: stopping the Playground and the bot...`);
    }
    stopAll(0);
  };
  // `on`, not `once`: Ctrl+C reaches this process both from the terminal and relayed by tsx, and a
  // second SIGINT must not kill the process half-way through the shutdown.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  child.once('error', (err) => {
    writeError(`Could not start the Playground (${bin}): ${err.message}`);
  });
  child.once('close', (code, signal) => {
    if (stopping) {
      return;
    }
    const status = code ?? 1;
    writeError(`The Playground exited (${signal ?? `code ${String(code)}`}); stopping the bot.`);
    if (status !== 0) {
      for (const line of tailOfFile(logFile, LOG_TAIL_LINES)) {
        writeError(`[playground log] ${line}`);
      }
    }
    stopAll(status);
  });

  const ready = await waitForPlayground(() => actualPort, child, READY_TIMEOUT_MS);
  if (ready !== undefined) {
    const url = `http://localhost:${ready}`;
    write('');
    write('='.repeat(72));
    write(`  Agents Playground:  ${url}   <- open this in a browser`);
    if (ready !== playgroundPort) {
      write(
        `                      (port ${playgroundPort} was busy, so the Playground took ${ready})`,
      );
    }
    write(`  Bot endpoint:       ${endpoint} (anonymous local mode)`);
    write('  Mock tenant:        .m365agentsplayground.yml');
    write(`  Playground log:     ${path.relative(REPO_ROOT, logFile) || logFile}`);
    write('  Press Ctrl+C to stop both.');
    write('='.repeat(72));
    write('');
  } else if (!stopping) {
    writeError(`The Playground did not start within ${READY_TIMEOUT_MS} ms; see ${logFile}.`);
    stopAll(1);
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    writeError(
      `Playground failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    process.exit(1);
  },
);
