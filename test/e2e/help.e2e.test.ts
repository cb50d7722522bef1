/**
 * End to end: the real bot (in-process, anonymous mode) behind the Microsoft 365 Agents
 * Playground, driven through the Playground's web UI in headless Chromium. A user types `help`
 * and must see the help card rendered as an Adaptive Card, in the personal chat and, with an
 * @mention, in a team channel. Screenshots go to test-output/e2e/.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { Page } from 'playwright-core';

import { commandsForScope, type Scope } from '../../src/actions/commands';

import {
  adaptiveCard,
  E2E_OUTPUT_DIR,
  launchChromium,
  loadMockTenant,
  openChannel,
  openChat,
  openPlayground,
  postMentioningBot,
  screenshot,
  sendChatMessage,
  startBot,
  startPlayground,
  UI_TIMEOUT_MS,
  type E2eBot,
  type E2eBrowser,
  type PlaygroundProcess,
  tearDownAll,
} from './support';

jest.setTimeout(120_000);

const tenant = loadMockTenant();
const helpdeskChannel = tenant.team.channels[0];

let bot: E2eBot | undefined;
let playground: PlaygroundProcess | undefined;
let browser: E2eBrowser | undefined;
let page: Page;

beforeAll(async () => {
  bot = await startBot();
  playground = await startPlayground({
    botEndpoint: bot.endpoint,
    logFile: path.join(E2E_OUTPUT_DIR, 'playground-help.log'),
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await openPlayground(page, playground.url);
}, 90_000);

afterAll(async () => {
  await tearDownAll([() => browser?.close(), () => playground?.stop(), () => bot?.stop()]);
}, 60_000);

/**
 * Runs a UI scenario; on failure saves `<name>-failure.png` and adds the bot's warnings and the
 * tail of the Playground log to the error, so a red run explains itself.
 */
async function scenario(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    const shot = await screenshot(page, `${name}-failure.png`).catch(() => 'none');
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

function tailOf(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Asserts the help card for `scope` is rendered: title, then every command title and line. Leaves
 * the card scrolled into view for the screenshot.
 */
async function expectHelpCard(title: string, scope: Scope): Promise<void> {
  const card = adaptiveCard(page, title);
  await card.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  // Rendered by the Adaptive Cards renderer: a heading element, not the card's JSON as text.
  await card.getByRole('heading', { name: title }).waitFor({ state: 'visible' });
  const text = (await card.innerText()).replace(/\s+/g, ' ');
  expect(text).not.toContain('"type"');
  expect(text).not.toContain('AdaptiveCard');
  for (const command of commandsForScope(scope)) {
    await card.getByText(command.title, { exact: true }).first().waitFor({ state: 'visible' });
    expect(text).toContain(command.description);
  }
  await card.scrollIntoViewIfNeeded();
}

test('personal chat: "help" shows the help card', async () => {
  await scenario('help-personal', async () => {
    await openChat(page, 'Personal Chat');
    await sendChatMessage(page, 'help');

    await expectHelpCard('What I can do for you', 'personal');

    await screenshot(page, 'help-personal.png');
  });
});

test('team channel: "@Enrollment Assistant help" shows the team help card', async () => {
  expect(helpdeskChannel).toBeDefined();
  await scenario('help-team', async () => {
    await openChannel(page, tenant.team.name, helpdeskChannel!.name);
    await postMentioningBot(page, tenant.bot.name, 'help');

    await expectHelpCard('Commands for this team', 'team');

    await screenshot(page, 'help-team.png');
  });
});
