/**
 * End to end: how employees really write, in the Microsoft 365 Agents Playground driven through
 * its web UI in headless Chromium against the real bot (in-process, anonymous mode). Covers the
 * December 2026 conversation features: small talk, a typo in a command, two questions in one
 * message, device details typed while the guide waits for them, a version verdict, "Not helpful"
 * with a reason, "Ask the helpdesk" carrying the question into the report form, and a bare
 * "it didn't work". Screenshots go to test-output/e2e/ (employee-*.png).
 */
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import {
  adaptiveCard,
  adaptiveCardWithText,
  cardText,
  E2E_OUTPUT_DIR,
  explainFailures,
  launchChromium,
  nextCard,
  openChat,
  openPlayground,
  say,
  screenshotCard,
  startBot,
  startPlayground,
  tearDownAll,
  UI_TIMEOUT_MS,
  waitForText,
  type E2eBot,
  type E2eBrowser,
  type PlaygroundProcess,
} from './support';

jest.setTimeout(120_000);

let bot: E2eBot | undefined;
let playground: PlaygroundProcess | undefined;
let browser: E2eBrowser | undefined;
let page: Page;

beforeAll(async () => {
  bot = await startBot();
  playground = await startPlayground({
    botEndpoint: bot.endpoint,
    logFile: path.join(E2E_OUTPUT_DIR, 'playground-employee-conversation.log'),
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await openPlayground(page, playground.url);
  await openChat(page, 'Personal Chat');
}, 90_000);

afterAll(async () => {
  await tearDownAll([() => browser?.close(), () => playground?.stop(), () => bot?.stop()]);
}, 60_000);

/** Runs a UI scenario, explaining a failure with a screenshot and the logs. */
function scenario(name: string, run: () => Promise<void>): Promise<void> {
  return explainFailures(name, () => ({ page, bot, playground, browser }), run);
}

/** Nothing raw reaches the reader: no card JSON, no repository paths, no unexpanded bindings. */
async function expectReadable(card: Locator): Promise<string> {
  const text = await cardText(card);
  expect(text).not.toMatch(/"type"|AdaptiveCard|\$\{|shared\/|\.md\b/);
  return text;
}

test('small talk gets a reply, not "I didn\'t catch that"; a typo in a command still works', async () => {
  await scenario('employee-small-talk', async () => {
    const hello = await say(page, 'hi there!');
    const text = await waitForText(hello, /Enrollment Assistant/, 'the greeting');
    expect(text).toMatch(/^Hi/);
    expect(text).not.toMatch(/didn.t catch|not sure/i);
    await screenshotCard(page, hello, 'employee-small-talk.png');

    const help = await say(page, 'hlep');
    await waitForText(help, /What I can do for you/, 'the help card for "hlep"');
  });
});

test('two questions in one message get two short answers', async () => {
  await scenario('employee-two-questions', async () => {
    const card = await say(page, 'how do I enroll and can my boss see my photos?');
    const text = await waitForText(card, /You asked two things/, 'the two-answers card');
    expect(text).toMatch(/How do I enroll my (personal|own) iPhone or iPad/);
    expect(text).toMatch(/Can my organisation see my photos/);
    await card.getByRole('button', { name: 'Start step by step', exact: true }).waitFor();
    await card.getByRole('button', { name: 'Full answer', exact: true }).waitFor();
    await expectReadable(card);
    await screenshotCard(page, card, 'employee-two-questions.png');
  });
});

test('device details typed while the guide waits continue the guide', async () => {
  await scenario('employee-guide-typed', async () => {
    const ask = await say(page, 'enroll');
    await waitForText(ask, /Let's get your device enrolled/, 'the guide ask card');
    await waitForText(ask, /just type it here/, 'the invitation to type the details');

    const overview = await say(page, "it's my own iPhone 15, iOS 18.1");
    const text = await waitForText(overview, /Enroll your iPhone \(iOS 18\.1\)/, 'the guide');
    expect(text).toMatch(/VPN & Device Management/);
    expect(text).toMatch(/passcode/i);
    expect(text).not.toMatch(/delete (Microsoft )?Authenticator/i);
    await expectReadable(overview);
    await screenshotCard(page, overview, 'employee-guide-typed.png');
  });
});

test('a version question gets the verdict for that version: update, 17 is the minimum', async () => {
  await scenario('employee-version', async () => {
    const card = await say(page, 'can I enroll my iPhone on iOS 15.8?');
    const text = await waitForText(card, /Update your iPhone first/, 'the version verdict');
    expect(text).toMatch(/Intune supports iOS 17 and later/);
    await screenshotCard(page, card, 'employee-version.png');
  });
});

test('"Not helpful" asks why; "Ask the helpdesk" opens the report form with the question', async () => {
  await scenario('employee-feedback', async () => {
    const question = 'Will my manager be able to look at my photos?';
    const answer = await say(page, question);
    await waitForText(answer, /Can my organisation see my photos/, 'the privacy answer');
    const sources = await expectReadable(answer);
    expect(sources).toMatch(/Sources?: .*Microsoft Learn/);

    await answer.getByRole('button', { name: 'Not helpful', exact: true }).click();
    await waitForText(answer, /What was wrong with it/, 'the reason form');
    await answer.getByText("The steps didn't work for me", { exact: true }).click();
    await answer.getByRole('textbox').fill('I could not find the setting on my phone');
    await screenshotCard(page, answer, 'employee-not-helpful-reason.png');
    await answer.getByRole('button', { name: 'Send', exact: true }).click();
    await waitForText(answer, /your note goes to the people who write these answers/, 'the thanks');

    const before = await page.locator('.ac-adaptiveCard').count();
    await answer.getByRole('button', { name: 'Ask the helpdesk', exact: true }).click();
    const form = await nextCard(page, before);
    await waitForText(form, /Report an enrollment problem/, 'the report form');
    const box = form.getByRole('textbox', { name: /Your question/ });
    await expect(box.inputValue()).resolves.toBe(question);
    await screenshotCard(page, form, 'employee-ask-helpdesk.png');
  });
});

test('a bare "it didn\'t work" gets a question back with the ways forward', async () => {
  await scenario('employee-clarify', async () => {
    const card = await say(page, "it didn't work");
    await adaptiveCardWithText(page, "Sorry it didn't work. What happened?").waitFor({
      state: 'visible',
      timeout: UI_TIMEOUT_MS,
    });
    const text = await cardText(card);
    expect(text).toMatch(/message on screen/);
    await card.getByRole('button', { name: 'Show me the steps', exact: true }).waitFor();
    await card.getByRole('button', { name: 'Report a problem', exact: true }).waitFor();
    await screenshotCard(page, card, 'employee-clarify.png');
    // Still no card shown as raw JSON anywhere in the chat.
    expect(await adaptiveCard(page, 'What I can do for you').count()).toBeGreaterThan(0);
  });
});
