/**
 * Shared pieces for the end-to-end tests: the bot in-process, the Microsoft 365 Agents Playground
 * as a child process, headless Debian Chromium through playwright-core, and helpers that drive the
 * Playground's web UI.
 *
 * The Playground UI is not a public API. The selectors below were read from version 0.2.28 and
 * are kept here, in one place, so a Playground upgrade means fixing this file only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';

import { loadConfig } from '../../src/config/env';
import { startApp, type BotApp } from '../../src/index';
import { createLogger } from '../../src/logging';

/** Repository root: the Playground runs here so it reads .m365agentsplayground.yml. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Where e2e screenshots and logs go (git-ignored). */
export const E2E_OUTPUT_DIR = path.join(REPO_ROOT, 'test-output', 'e2e');

/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Chromium flags for a sandboxed, offline machine. Without the background-networking flags
 * Chromium keeps trying to reach Google services on the closed network.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Default bound for a single UI wait (an element appearing, a bot reply arriving). */
export const UI_TIMEOUT_MS = 20_000;

const PLAYGROUND_START_TIMEOUT_MS = 45_000;
const KILL_GRACE_MS = 5_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Asks the OS for a free TCP port on 127.0.0.1 (free now; another process could take it later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** Resolves true when GET `url` answers with any HTTP status within `timeoutMs`. */
export function httpAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

// ---------------------------------------------------------------------------------------------
// The mock tenant (.m365agentsplayground.yml)

/** One user of the mock tenant. */
export interface MockUser {
  id: string;
  name: string;
  aadObjectId: string;
}

/** The parts of .m365agentsplayground.yml the tests refer to. */
export interface MockTenant {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: MockUser;
  users: MockUser[];
  personalChatId: string;
  groupChat: { id: string; name: string };
  team: { id: string; name: string; channels: { id: string; name: string }[] };
}

function field(value: unknown, key: string, where: string): string {
  const v =
    typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)[key]
      : undefined;
  if (typeof v !== 'string' && typeof v !== 'number') {
    throw new Error(`.m365agentsplayground.yml: ${where}.${key} is missing`);
  }
  return String(v);
}

function child(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function user(value: unknown, where: string): MockUser {
  return {
    id: field(value, 'id', where),
    name: field(value, 'name', where),
    aadObjectId: field(value, 'aadObjectId', where),
  };
}

/** Reads the mock tenant the Playground serves, so tests need not repeat its names and ids. */
export function loadMockTenant(
  file: string = path.join(REPO_ROOT, '.m365agentsplayground.yml'),
): MockTenant {
  const doc: unknown = parseYaml(fs.readFileSync(file, 'utf8'));
  const users = child(doc, 'users');
  const team = child(doc, 'team');
  const channels = child(team, 'channels');
  return {
    tenantId: field(doc, 'tenantId', '(root)'),
    bot: {
      id: field(child(doc, 'bot'), 'id', 'bot'),
      name: field(child(doc, 'bot'), 'name', 'bot'),
    },
    currentUser: user(child(doc, 'currentUser'), 'currentUser'),
    users: Array.isArray(users) ? users.map((u, i) => user(u, `users[${i}]`)) : [],
    personalChatId: field(child(doc, 'personalChat'), 'id', 'personalChat'),
    groupChat: {
      id: field(child(doc, 'groupChat'), 'id', 'groupChat'),
      name: field(child(doc, 'groupChat'), 'name', 'groupChat'),
    },
    team: {
      id: field(team, 'id', 'team'),
      name: field(team, 'name', 'team'),
      channels: Array.isArray(channels)
        ? channels.map((c, i) => ({
            id: field(c, 'id', `team.channels[${i}]`),
            name: field(c, 'name', `team.channels[${i}]`),
          }))
        : [],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The bot, in-process

/** A bot started for a test, with its log lines kept in memory. */
export interface E2eBot {
  app: BotApp;
  /** http://127.0.0.1:<port>/api/messages */
  endpoint: string;
  /** JSON log lines at `warn` and above (printed by tests on failure). */
  logLines: string[];
  /** Stops the bot and removes its temporary SQLite directory. */
  stop(): Promise<void>;
}

/**
 * Starts the bot in anonymous mode on a random loopback port with a fresh SQLite file, the way
 * `npm run playground` does, but without reading `.env` or the process environment.
 */
export async function startBot(env: Record<string, string> = {}): Promise<E2eBot> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-bot-e2e-'));
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      SQLITE_PATH: path.join(dataDir, 'bot.sqlite'),
      OUTBOX_SQLITE_PATH: path.join(dataDir, 'outbox.sqlite'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    { dotenvPath: undefined },
  );
  const logLines: string[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => logLines.push(line) });
  const app = await startApp(config, logger);
  return {
    app,
    endpoint: `http://127.0.0.1:${app.server.port}/api/messages`,
    logLines,
    async stop(): Promise<void> {
      try {
        await app.stop();
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The Playground, as a child process

/** Options for {@link startPlayground}. */
export interface PlaygroundOptions {
  /** The bot's messaging endpoint. */
  botEndpoint: string;
  /** Port to ask for; a free one is picked when omitted. */
  port?: number;
  /** Mock tenant file; defaults to .m365agentsplayground.yml in the repository root. */
  configPath?: string;
  /**
   * Where the Playground writes its log (it prints almost nothing to a pipe). Defaults to
   * test-output/e2e/playground.log; test files that may run in parallel should pass their own.
   */
  logFile?: string;
  /** Bound for the start, in ms. */
  timeoutMs?: number;
  /**
   * Delay added to every request the Playground sends to the bot (see {@link startLatencyProxy});
   * 0 connects the Playground to the bot directly. Default {@link DEFAULT_BOT_LATENCY_MS}.
   */
  botLatencyMs?: number;
}

/** A running Playground child process. */
export interface PlaygroundProcess {
  /** Base URL of the UI and the Playground's APIs, e.g. http://127.0.0.1:56150 */
  url: string;
  port: number;
  child: ChildProcess;
  logFile: string;
  /** Everything the child printed so far. */
  output(): string;
  /** Kills the child's process group (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Default delay before the Playground's requests reach the bot. The Playground UI (0.2.28) has a
 * race: for a new channel post it answers the browser's POST first and only then forwards the
 * message to the bot, and the browser learns the post's thread id from that answer. A bot that
 * replies within a few milliseconds (in-process, loopback) can get its reply to the browser over
 * the WebSocket before the answer is processed; the UI then throws "Invalid conversation id" in
 * its message saga and stops showing any further message for the rest of the page's life. Real
 * Teams adds far more latency than this.
 */
export const DEFAULT_BOT_LATENCY_MS = 400;

/** A loopback HTTP proxy in front of the bot. */
export interface LatencyProxy {
  /** The bot endpoint as seen through the proxy (same path). */
  endpoint: string;
  /** Stops listening and drops open connections. */
  stop(): Promise<void>;
}

/**
 * Forwards HTTP requests to `target` (a URL; its origin is used, the request path is kept) after
 * `delayMs`. Used between the Playground and the bot, see {@link DEFAULT_BOT_LATENCY_MS}.
 */
export async function startLatencyProxy(target: string, delayMs: number): Promise<LatencyProxy> {
  const upstream = new URL(target);
  const pending = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const timer = setTimeout(() => {
      pending.delete(timer);
      const forward = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
          timeout: 60_000,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('timeout', () => forward.destroy(new Error('bot did not answer in 60 s')));
      forward.on('error', () => {
        if (!res.headersSent) {
          res.writeHead(502);
        }
        res.end();
      });
      req.pipe(forward);
    }, delayMs);
    pending.add(timer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}${upstream.pathname}`,
    stop(): Promise<void> {
      for (const timer of pending) {
        clearTimeout(timer);
      }
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Environment variables of the Playground that the tests set explicitly or want unset. */
const PLAYGROUND_ENV =
  /^(M365_AGENTS_PLAYGROUND_|TEAMSAPPTESTER_|TEAMS_APP_TEST_TOOL_|AUTH_CLIENT_|AUTH_TENANT_)/;
const PLAYGROUND_ENV_NAMES = new Set([
  'BOT_ENDPOINT',
  'DEFAULT_CHANNEL_ID',
  'SEND_INSTALLATION_ACTIVITY',
]);

function playgroundEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!PLAYGROUND_ENV.test(key) && !PLAYGROUND_ENV_NAMES.has(key)) {
      env[key] = value;
    }
  }
  const noProxy = ['127.0.0.1', 'localhost', env.NO_PROXY ?? env.no_proxy ?? '']
    .filter((v) => v.length > 0)
    .join(',');
  return { ...env, NO_PROXY: noProxy, no_proxy: noProxy, ...extra };
}

function isRunning(proc: ChildProcess): boolean {
  return proc.exitCode === null && proc.signalCode === null;
}

/** Signals the child's process group (it runs detached), falling back to the child alone. */
function signalGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined) {
    return;
  }
  try {
    process.kill(-proc.pid, signal);
  } catch {
    try {
      proc.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM to the process group, SIGKILL after a grace period; resolves once the child exited. */
export async function killProcessTree(proc: ChildProcess, graceMs = KILL_GRACE_MS): Promise<void> {
  if (!isRunning(proc)) {
    signalGroup(proc, 'SIGKILL'); // anything the child left in its group
    return;
  }
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  signalGroup(proc, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs);
    }),
  ]);
  clearTimeout(timer);
  signalGroup(proc, 'SIGKILL');
  if (late) {
    await Promise.race([exited, delay(graceMs)]);
  }
}

/**
 * Starts `agentsplayground` from node_modules/.bin against `botEndpoint` (Teams channel,
 * telemetry off, no browser) and waits until its HTTP port answers. The child runs in its own
 * process group so {@link PlaygroundProcess.stop} can end everything it started; an exit hook
 * kills it if the test process dies first.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<PlaygroundProcess> {
  const port = options.port ?? (await freePort());
  fs.mkdirSync(E2E_OUTPUT_DIR, { recursive: true });
  const logFile = options.logFile ?? path.join(E2E_OUTPUT_DIR, 'playground.log');
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin', 'agentsplayground');
  const latencyMs = options.botLatencyMs ?? DEFAULT_BOT_LATENCY_MS;
  const proxy = latencyMs > 0 ? await startLatencyProxy(options.botEndpoint, latencyMs) : undefined;
  const extra: Record<string, string> = {
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
  };
  if (options.configPath) {
    extra.M365_AGENTS_PLAYGROUND_CONFIG_PATH = options.configPath;
  }
  const proc = spawn(
    bin,
    [
      'start',
      '--disable-telemetry',
      '-e',
      proxy?.endpoint ?? options.botEndpoint,
      '-c',
      'msteams',
      '-p',
      String(port),
    ],
    {
      cwd: REPO_ROOT,
      env: playgroundEnv(extra),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const onExit = (): void => signalGroup(proc, 'SIGKILL');
  process.once('exit', onExit);

  let output = '';
  let spawnError: Error | undefined;
  proc.stdout?.setEncoding('utf8');
  proc.stderr?.setEncoding('utf8');
  proc.stdout?.on('data', (chunk: string) => (output += chunk));
  proc.stderr?.on('data', (chunk: string) => (output += chunk));
  proc.once('error', (err) => (spawnError = err));

  const stop = async (): Promise<void> => {
    try {
      await killProcessTree(proc);
      process.removeListener('exit', onExit);
    } finally {
      await proxy?.stop();
    }
  };

  // The Playground moves to a random port when the one asked for is busy, and says so on stdout.
  const deadline = Date.now() + (options.timeoutMs ?? PLAYGROUND_START_TIMEOUT_MS);
  while (Date.now() < deadline) {
    const listening = /Listening on (\d+)/.exec(output);
    if (listening?.[1]) {
      const actual = Number(listening[1]);
      const url = `http://127.0.0.1:${actual}`;
      if (await httpAnswers(`${url}/`)) {
        return { url, port: actual, child: proc, logFile, output: () => output, stop };
      }
    }
    if (spawnError || !isRunning(proc)) {
      break;
    }
    await delay(200);
  }
  await stop();
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : '';
  throw new Error(
    `The Playground did not start (${spawnError?.message ?? `exit ${String(proc.exitCode)}`}).\n` +
      `Output:\n${output}\nLog ${logFile}:\n${log}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Chromium

/** PIDs of processes whose command line contains `needle` (Linux /proc; empty elsewhere). */
export function pidsWithArgument(needle: string): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of entries) {
    try {
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(needle)) {
        pids.push(Number(name));
      }
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

/** Waits until none of `pids` exists any more (not even as a zombie), up to `timeoutMs`. */
async function waitForPidsGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = pids;
  while (left.length > 0 && Date.now() < deadline) {
    await delay(100);
    left = left.filter((pid) => fs.existsSync(`/proc/${pid}`));
  }
  return left;
}

/** A headless Chromium with a throw-away profile. */
export interface E2eBrowser {
  context: BrowserContext;
  /**
   * Uncaught errors and console errors of every page (failed loads of blocked resources left out): the
   * Playground UI reports its own failures only there.
   */
  pageErrors: string[];
  /** Opens a new page with the default UI timeout. */
  newPage(): Promise<Page>;
  /** Closes the browser and removes the profile directory. */
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless with a fresh `--user-data-dir`. Every request that does not
 * go to the loopback interface is aborted at once (the Playground UI asks a CDN for fonts).
 * XDG_CONFIG_HOME/XDG_CACHE_HOME point into the profile too, so Chromium writes nothing to the
 * home directory and every process it starts (crashpad handlers included) names the profile on
 * its command line: `close()` uses that to wait until all of them are gone.
 */
export async function launchChromium(
  viewport: { width: number; height: number } = { width: 1400, height: 900 },
): Promise<E2eBrowser> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      env: {
        ...process.env,
        XDG_CONFIG_HOME: path.join(profileDir, 'xdg-config'),
        XDG_CACHE_HOME: path.join(profileDir, 'xdg-cache'),
      },
      viewport,
      timeout: 30_000,
    });
  } catch (err) {
    fs.rmSync(profileDir, { recursive: true, force: true });
    throw err;
  }
  await context.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])[a-z]+:\/\//i, (route) =>
    route.abort('blockedbyclient'),
  );
  const pageErrors: string[] = [];
  context.on('weberror', (e) => pageErrors.push(`uncaught: ${e.error().message}`));
  context.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load')) {
      pageErrors.push(`console: ${message.text().slice(0, 500)}`);
    }
  });
  return {
    context,
    pageErrors,
    async newPage(): Promise<Page> {
      const page = await context.newPage();
      page.setDefaultTimeout(UI_TIMEOUT_MS);
      page.setDefaultNavigationTimeout(30_000);
      return page;
    },
    async close(): Promise<void> {
      const pids = pidsWithArgument(profileDir);
      try {
        await context.close();
      } finally {
        // Chromium's helpers (zygotes, crashpad) outlive the browser process by a moment and are
        // reaped by init; wait for them so a run ends with no Chromium process in the table.
        for (const pid of await waitForPidsGone(pids, 5_000)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone, or a zombie
          }
        }
        fs.rmSync(profileDir, { recursive: true, force: true });
      }
    },
  };
}

/** Saves a screenshot under test-output/e2e/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(E2E_OUTPUT_DIR, { recursive: true });
  const file = path.join(E2E_OUTPUT_DIR, name);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

// ---------------------------------------------------------------------------------------------
// Driving the Playground UI (0.2.28)

/**
 * Opens the Playground UI and waits until it is ready to send. The UI first renders with
 * built-in placeholder ids (a message sent then gets a 404 and kills the UI's message saga), then
 * loads the mock tenant and installs the app in the personal chat. Waiting for that installation
 * request and for the current user's name in the header means the tenant is loaded.
 */
export async function openPlayground(
  page: Page,
  playgroundUrl: string,
  tenant: MockTenant = loadMockTenant(),
): Promise<void> {
  const installPath = `/_debug/conversation/${encodeURIComponent(tenant.personalChatId)}/installation`;
  await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === installPath,
      { timeout: UI_TIMEOUT_MS },
    ),
    page.goto(`${playgroundUrl}/`, { waitUntil: 'domcontentloaded' }),
  ]);
  await page.getByText(tenant.currentUser.name, { exact: true }).first().waitFor();
  await page.getByRole('treeitem', { name: 'Personal Chat' }).waitFor();
}

/** Selects a conversation in the left rail: "Personal Chat", the group chat name, etc. */
export async function openChat(page: Page, name: string): Promise<void> {
  await page.getByRole('treeitem', { name, exact: true }).click();
}

/** Selects a team channel in the left rail (labelled "<team> - <channel>"). */
export async function openChannel(page: Page, team: string, channel: string): Promise<void> {
  await page.getByRole('treeitem', { name: `${team} - ${channel}`, exact: true }).click();
  await page.getByText('Start a new post').waitFor();
}

/**
 * The innermost box holding a Lexical editor and the given button: the chat composer
 * ("Send Message") or the channel's new-post box ("Post").
 */
function composer(page: Page, buttonName: string): Locator {
  return page
    .locator('div')
    .filter({ has: page.getByRole('textbox') })
    .filter({ has: page.getByRole('button', { name: buttonName, exact: true }) })
    .last();
}

/** Editor text with non-breaking and repeated spaces folded. */
function normalisedText(text: string | null): string {
  return (text ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Types into a Lexical editor and checks the text arrived (keystrokes are lost while it mounts). */
async function typeInto(page: Page, editor: Locator, text: string): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.type(text);
    if (normalisedText(await editor.textContent()) === text.trim()) {
      return;
    }
    await delay(250);
  }
  throw new Error(`could not type "${text}" into the Playground composer`);
}

/** Sends a message in the open personal or group chat. */
export async function sendChatMessage(page: Page, text: string): Promise<void> {
  const box = composer(page, 'Send Message');
  await typeInto(page, box.getByRole('textbox'), text);
  await box.getByRole('button', { name: 'Send Message', exact: true }).click();
}

/** The newest card in the chat, once there are more than `before` cards (bounded wait). */
export async function nextCard(page: Page, before: number): Promise<Locator> {
  const cards = page.locator('.ac-adaptiveCard');
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while ((await cards.count()) <= before) {
    if (Date.now() > deadline) throw new Error(`no new card after ${before}`);
    await page.waitForTimeout(100);
  }
  const card = cards.last();
  await card.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return card;
}

/** Sends a chat message and returns the card the bot answers with. */
export async function say(page: Page, text: string): Promise<Locator> {
  const before = await page.locator('.ac-adaptiveCard').count();
  await sendChatMessage(page, text);
  return nextCard(page, before);
}

/**
 * Starts a new post in the open channel that @mentions the bot, as Teams requires for a bot to
 * receive a channel message: types "@", picks the bot from the mention typeahead, then the text.
 */
export async function postMentioningBot(page: Page, botName: string, text: string): Promise<void> {
  const box = composer(page, 'Post');
  const editor = box.getByRole('textbox');
  await typeInto(page, editor, '@');
  await page.locator('#typeahead-menu').getByRole('menuitem', { name: botName }).click();
  await editor.getByText(botName).waitFor();
  await page.keyboard.type(` ${text}`);
  const expected = `${botName} ${text}`.replace(/\s+/g, ' ').trim();
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while (normalisedText(await editor.textContent()) !== expected) {
    if (Date.now() > deadline) {
      throw new Error(`the new post reads "${normalisedText(await editor.textContent())}"`);
    }
    await delay(100);
  }
  await box.getByRole('button', { name: 'Post', exact: true }).click();
}

/**
 * The rendered Adaptive Card whose heading (a TextBlock with `style: "heading"`) is exactly
 * `heading`; the newest one when a chat shows several. The Playground renders cards with the
 * adaptivecards library: the root has the class `ac-adaptiveCard` and a heading TextBlock gets
 * `role="heading"`, so a match proves the card was rendered, not shown as JSON.
 * (Text matching is not enough: Playwright's `hasText` is a case-insensitive substring match, and
 * "commands for this team" also occurs in the team welcome card.)
 */
export function adaptiveCard(page: Page, heading: string): Locator {
  return page
    .locator('.ac-adaptiveCard')
    .filter({ has: page.getByRole('heading', { name: heading, exact: true }) })
    .last();
}

/**
 * The rendered Adaptive Card holding a TextBlock whose whole text is `text` (or matches the
 * pattern, e.g. `/^INC-[0-9A-Z]+: /`); the newest one when several match. For cards without a
 * heading TextBlock (the notice card's title is only bold).
 */
export function adaptiveCardWithText(page: Page, text: string | RegExp): Locator {
  return page
    .locator('.ac-adaptiveCard')
    .filter({ has: page.locator('.ac-textBlock').getByText(text, { exact: true }) })
    .last();
}

/**
 * Picks `option` in a compact Input.ChoiceSet labelled `label` inside `card`. The Playground
 * renders it as a Fluent combobox whose options open in a popup outside the card.
 */
export async function chooseInCard(
  page: Page,
  card: Locator,
  label: string,
  option: string,
): Promise<void> {
  const box = card.getByRole('combobox', { name: label });
  await box.click();
  await page.getByRole('option', { name: option, exact: true }).click();
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while ((await box.inputValue()) !== option) {
    if (Date.now() > deadline) {
      throw new Error(`"${label}" shows "${await box.inputValue()}", not "${option}"`);
    }
    await delay(100);
  }
}

/**
 * Polls the visible text of `locator` (whitespace folded) every 100 ms until it matches
 * `pattern`, up to `timeoutMs`; returns the text. For cards updated in place, where the element
 * stays and only its content changes. The error names `what` and the last text seen.
 */
export async function waitForText(
  locator: Locator,
  pattern: RegExp,
  what: string,
  timeoutMs = UI_TIMEOUT_MS,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    // The element may be re-rendered while it is read; the next poll sees it whole.
    const text = await locator
      .innerText({ timeout: 1_000 })
      .then(normalisedText)
      .catch(() => undefined);
    if (text !== undefined) {
      last = text;
      if (pattern.test(text)) return text;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} did not show within ${timeoutMs} ms; last seen:\n${last}`);
    }
    await delay(100);
  }
}

/**
 * The facts of the FactSets in a rendered card, title → value. The Playground renders a
 * FactSet as `.ac-fact-title` / `.ac-fact-value` pairs in document order.
 */
export async function factsOf(card: Locator): Promise<Record<string, string>> {
  const titles = await card.locator('.ac-fact-title').allInnerTexts();
  const values = await card.locator('.ac-fact-value').allInnerTexts();
  return Object.fromEntries(
    titles.map((t, i) => [normalisedText(t), normalisedText(values[i] ?? null)]),
  );
}

/**
 * The data points of a Teams chart element (`Chart.HorizontalBar`, `Chart.Donut`, `Chart.Line`…)
 * whose `title` is `title`, as the Playground labels them for screen readers: "Targeted, 2" for
 * a bar, "Enrolled, 2 out of 2, 100%" for a donut slice, "Point 1, X=12/01/2026, Y=1" for a line
 * point. The Playground (0.2.28) draws these charts with Fluent UI charting (not the element's
 * `fallback`): the chart's box is labelled "<title>, <kind> chart", each point is a `role="img"`
 * with an aria-label. Empty when no such chart is drawn.
 */
export async function chartPoints(card: Locator, title: string): Promise<string[]> {
  const chart = card.locator(`[aria-label^=${JSON.stringify(`${title}, `)}][aria-label$=" chart"]`);
  const points = await chart.locator('[role="img"][aria-label]').all();
  return Promise.all(points.map(async (p) => (await p.getAttribute('aria-label')) ?? ''));
}

/** A card's visible text with whitespace folded to single spaces. */
export async function cardText(card: Locator): Promise<string> {
  return normalisedText(await card.innerText());
}

/**
 * Scrolls `card` into view and saves a screenshot of the viewport (the card in the Playground, as a
 * user sees it) under test-output/e2e/. Not an element shot: with the Playground 0.2.28 UI those came
 * out with other fonts and button styles than the page shows (seen on the wizard's Review card).
 */
export async function screenshotCard(page: Page, card: Locator, name: string): Promise<string> {
  await card.scrollIntoViewIfNeeded();
  return screenshot(page, name);
}

/** The last `lines` lines of a text file, or "(no log)". */
export function tailOf(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** What {@link explainFailures} reports from when a UI scenario fails. */
export interface FailureSources {
  page?: Page;
  bot?: E2eBot;
  playground?: PlaygroundProcess;
  browser?: E2eBrowser;
}

/**
 * Runs a UI scenario; on failure saves `<name>-failure.png` and adds the page errors, the bot's
 * warnings and the tail of the Playground log to the error, so a red run explains itself.
 */
export async function explainFailures(
  name: string,
  sources: () => FailureSources,
  run: () => Promise<void>,
): Promise<void> {
  try {
    await run();
  } catch (err) {
    const { page, bot, playground, browser } = sources();
    const shot = page ? await screenshot(page, `${name}-failure.png`).catch(() => 'none') : 'none';
    const botLog = bot?.logLines.slice(-20).join('') ?? '';
    const playgroundLog = playground ? tailOf(playground.logFile, 20) : '';
    const pageErrors = browser?.pageErrors.slice(-10).join('\n') ?? '';
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(
      `${message}\n\nScreenshot: ${shot}\nPage errors:\n${pageErrors}\n` +
        `Bot log (warn+):\n${botLog}\nPlayground log:\n${playgroundLog}`,
      { cause: err },
    );
  }
}

/**
 * {@link explainFailures} for a two-user scenario (an admin's and an employee's Playground): on
 * failure the employee's page is saved as `<name>-employee-failure.png` too.
 */
export function explainTwoUserFailures(
  name: string,
  sources: () => FailureSources & { employeePage?: Page },
  run: () => Promise<void>,
): Promise<void> {
  return explainFailures(name, sources, async () => {
    try {
      await run();
    } catch (err) {
      const employee = sources().employeePage;
      if (employee) {
        await screenshot(employee, `${name}-employee-failure.png`).catch(() => undefined);
      }
      throw err;
    }
  });
}

/**
 * Brings `page` to the front: Chromium runs animation frames only for the front page, and every
 * Playwright click waits for two frames with the element in place (about 2 s in a background page).
 */
export async function front(page: Page): Promise<Page> {
  await page.bringToFront();
  return page;
}

/** Screenshot of `page`, brought to the front, with `target` scrolled into view. */
export async function shootCard(page: Page, target: Locator, name: string): Promise<void> {
  await screenshotCard(await front(page), target, name);
}

/**
 * The messages of `author` in the open conversation, one header per message (a user's own
 * messages have no author label). The Playground shows an updated activity (updateActivity, or a
 * card replaced by an Action.Execute response) in place, so an update does not add to the count.
 */
export function messagesFrom(page: Page, author: string): Locator {
  return page.locator('[aria-label="Message header"]').filter({
    has: page.locator('[aria-label="Message author"]').getByText(author, { exact: true }),
  });
}

/** The left rail ("Chat" and "Teams Channel"), whose items preview each conversation's newest message. */
const LEFT_RAIL = '[role="region"][aria-label="Chat and Teams Channel"]';

/**
 * The text of each message in the open conversation whose whole text is `text` (or matches the
 * pattern), for plain-text messages; the left rail's preview of the newest message is left out.
 */
export function messageTexts(page: Page, text: string | RegExp): Locator {
  return page.getByText(text, { exact: true }).and(page.locator(`:not(${LEFT_RAIL} *)`));
}

/**
 * Runs every teardown step even if an earlier one fails, so nothing is left running, then
 * reports all failures together.
 */
/** An admin's and an employee's Playground on one bot, in one browser (see {@link startTwoPlaygrounds}). */
export interface TwoPlaygrounds {
  admin?: PlaygroundProcess;
  employee?: PlaygroundProcess;
  browser?: E2eBrowser;
}

/**
 * Starts two Playgrounds against the bot (the admin on the root .m365agentsplayground.yml, the
 * employee on `employeeConfig`), launches Chromium and opens one tab on each. Fills `into` as
 * it goes, so `afterAll` can stop whatever started (with {@link stopTwoPlaygrounds}) even when a
 * step failed.
 */
export async function startTwoPlaygrounds(
  into: TwoPlaygrounds,
  options: {
    botEndpoint: string;
    employeeConfig: string;
    /** Log files are playground-<logName>-admin.log and -employee.log. */
    logName: string;
    viewport: { width: number; height: number };
  },
): Promise<{ adminPage: Page; employeePage: Page }> {
  // Both Playgrounds start together; whichever started is kept even if the other failed.
  const [admin, employee] = await Promise.allSettled([
    startPlayground({
      botEndpoint: options.botEndpoint,
      logFile: path.join(E2E_OUTPUT_DIR, `playground-${options.logName}-admin.log`),
    }),
    startPlayground({
      botEndpoint: options.botEndpoint,
      configPath: options.employeeConfig,
      logFile: path.join(E2E_OUTPUT_DIR, `playground-${options.logName}-employee.log`),
    }),
  ]);
  into.admin = admin.status === 'fulfilled' ? admin.value : undefined;
  into.employee = employee.status === 'fulfilled' ? employee.value : undefined;
  for (const started of [admin, employee]) {
    if (started.status === 'rejected') throw started.reason;
  }
  const browser = await launchChromium(options.viewport);
  into.browser = browser;
  const adminPage = await browser.newPage();
  const employeePage = await browser.newPage();
  await Promise.all([
    openPlayground(adminPage, into.admin!.url, loadMockTenant()),
    openPlayground(employeePage, into.employee!.url, loadMockTenant(options.employeeConfig)),
  ]);
  return { adminPage, employeePage };
}

/** The teardown steps for {@link startTwoPlaygrounds}, for {@link tearDownAll}. */
export function stopTwoPlaygrounds(p: TwoPlaygrounds): (() => Promise<void> | undefined)[] {
  return [() => p.browser?.close(), () => p.admin?.stop(), () => p.employee?.stop()];
}

export async function tearDownAll(steps: (() => Promise<void> | undefined)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) {
    throw new AggregateError(failures, 'e2e teardown failed');
  }
}
