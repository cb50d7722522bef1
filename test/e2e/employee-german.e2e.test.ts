/**
 * End to end in German, in the Microsoft 365 Agents Playground driven through its web UI in
 * headless Chromium against the real bot: an employee who writes German gets German back
 * without choosing anything (the bot reads the language of the message): a greeting, the guided
 * enrollment with the iOS screen labels of a German iPhone, an answer from the German articles
 * with its feedback buttons and reason form, and the language card. Screenshots go to
 * test-output/e2e/german-*.png.
 */
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import {
  cardText,
  E2E_OUTPUT_DIR,
  explainFailures,
  launchChromium,
  openChat,
  openPlayground,
  say,
  screenshotCard,
  startBot,
  startPlayground,
  tearDownAll,
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
    logFile: path.join(E2E_OUTPUT_DIR, 'playground-employee-german.log'),
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await openPlayground(page, playground.url);
  await openChat(page, 'Personal Chat');
}, 90_000);

afterAll(async () => {
  await tearDownAll([() => browser?.close(), () => playground?.stop(), () => bot?.stop()]);
}, 60_000);

function scenario(name: string, run: () => Promise<void>): Promise<void> {
  return explainFailures(name, () => ({ page, bot, playground, browser }), run);
}

/** German, readable, and nothing raw: no card JSON, repository paths or unexpanded bindings. */
async function expectGermanAndReadable(card: Locator, english: RegExp): Promise<string> {
  const text = await cardText(card);
  expect(text).not.toMatch(/"type"|AdaptiveCard|\$\{|\{\{t:|shared\/|\.md\b/);
  expect(text).not.toMatch(english);
  return text;
}

test('a German greeting is answered in German', async () => {
  await scenario('german-greeting', async () => {
    const card = await say(page, 'Hallo!');
    await waitForText(card, /Hallo/, 'the German greeting');
    await expectGermanAndReadable(card, /Ask in your own words|I can take you through/);
    await screenshotCard(page, card, 'german-greeting.png');
  });
});

test('the guided enrollment in German, with the labels of a German iPhone', async () => {
  await scenario('german-guide', async () => {
    const ask = await say(page, 'Wie registriere ich mein privates iPhone?');
    await waitForText(ask, /Registrieren wir Ihr Gerät/, 'the German guide ask card');
    const overview = await say(page, 'mein eigenes iPhone 15, iOS 18.1');
    const text = await waitForText(overview, /Ihr iPhone registrieren \(iOS 18\.1\)/, 'the guide');
    expect(text).toMatch(/VPN und Geräteverwaltung/);
    expect(text).toMatch(/Einstellungen/);
    await expectGermanAndReadable(overview, /Open the \*?\*?Settings|Tap \*?\*?General/);
    await screenshotCard(page, overview, 'german-guide.png');
  });
});

test('an answer from the German articles, "Nicht hilfreich" asks why in German', async () => {
  await scenario('german-answer', async () => {
    const answer = await say(page, 'Kann mein Chef meine Fotos auf dem Handy sehen?');
    const text = await waitForText(answer, /Fotos/, 'the German privacy answer');
    expect(text).toMatch(/Quellen?: /);
    await expectGermanAndReadable(answer, /Can my organisation see|Sources?: /);
    await answer.getByRole('button', { name: 'Nicht hilfreich', exact: true }).click();
    await waitForText(answer, /Was hat nicht gepasst/, 'the German reason form');
    await screenshotCard(page, answer, 'german-not-helpful.png');
    await answer.getByRole('button', { name: 'Überspringen', exact: true }).click();
    await waitForText(answer, /Danke/, 'the German thanks');
  });
});

test('the language card: German now, English once chosen', async () => {
  await scenario('german-language', async () => {
    const card = await say(page, 'Sprache');
    await waitForText(card, /Ich antworte Ihnen auf Deutsch/, 'the language card in German');
    await screenshotCard(page, card, 'german-language.png');
    await card.getByText('English', { exact: true }).click();
    await card.getByRole('button', { name: 'Speichern', exact: true }).click();
    await waitForText(card, /I'll answer you in English from now on/, 'the English confirmation');
    await screenshotCard(page, card, 'german-language-english.png');
  });
});
