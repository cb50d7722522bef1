/**
 * End to end: an enrollment campaign in the Microsoft 365 Agents Playground's web UI, in headless
 * Chromium, against the real bot (in-process, anonymous mode, local Intune sandbox) with its
 * campaign runner ticking every second. Issue 16's scenario: Adele starts a campaign for the
 * pilot group, Megan gets the card and opens the guide, the sandbox enrolls Megan's iPhone, the
 * dashboard shows her as enrolled and reminders skip her.
 *
 * Two Playgrounds on one bot, as in helpdesk-channel.e2e.test.ts: Adele Vance (Intune
 * Administrator) on the root .m365agentsplayground.yml, Megan Bowen (an employee) on
 * test/e2e/playground-employee.yml. Megan's Playground installs the app first, so the bot knows
 * her personal chat and the campaign reaches her there (a Playground cannot show a chat the bot
 * opens for another user). iOS BYOD Pilot holds Megan and, through the nested Sales group,
 * Isaiah, whose iPad the sandbox seed has enrolled already: only Megan is messaged.
 *
 * Screenshots go to test-output/e2e/campaign-*.png.
 */
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { messageIds, type CampaignPerson } from '../../src/campaigns/model';
import { CampaignStore } from '../../src/campaigns/store';
import { SEED_IDS } from '../../src/sandbox/seed';
import { ConversationStore } from '../../src/storage/conversation-store';

import {
  adaptiveCard,
  adaptiveCardWithText,
  cardText,
  chartPoints,
  type E2eBot,
  explainTwoUserFailures,
  factsOf,
  front,
  loadMockTenant,
  messagesFrom,
  openChat,
  sendChatMessage,
  shootCard,
  startBot,
  startTwoPlaygrounds,
  stopTwoPlaygrounds,
  tearDownAll,
  type TwoPlaygrounds,
  UI_TIMEOUT_MS,
  waitForText,
} from './support';

jest.setTimeout(60_000);

const EMPLOYEE_CONFIG = path.join(__dirname, 'playground-employee.yml');
const adminTenant = loadMockTenant();
const employeeTenant = loadMockTenant(EMPLOYEE_CONFIG);
const BOT_NAME = adminTenant.bot.name;
const MEGAN = employeeTenant.currentUser;
const ISAIAH = SEED_IDS.users.isaiah;

const SETUP_HEADING = 'Start an enrollment campaign';
const PILOT_CHOICE =
  'iOS BYOD Pilot · 2 people · assigned to the profile “iOS BYOD – Account driven UE”';
const INVITE_TITLE = /^Enroll your iPhone or iPad by \w+day \d{1,2} \w+ \d{4}$/;
const INVITE_BUTTONS = [
  'Start now',
  "I don't have an iPhone or iPad",
  'Remind me later',
  'I need help',
];
const GUIDE_HEADING = "Let's get your device enrolled";

let bot: E2eBot | undefined;
const playgrounds: TwoPlaygrounds = {};
let adminPage: Page;
let employeePage: Page;

/** Found by the scenario as it goes. */
let campaignName: string | undefined;
let campaignId: string | undefined;

beforeAll(async () => {
  // The runner works every second (audience, devices, messages, dashboard), not every minutes.
  bot = await startBot({
    CAMPAIGN_TICK_SECONDS: '1',
    CAMPAIGN_MEASURE_SECONDS: '1',
    CAMPAIGN_AUDIENCE_SECONDS: '1',
    CAMPAIGN_DASHBOARD_SECONDS: '1',
  });
  // Tall enough for the whole dashboard (three charts) in one screenshot.
  ({ adminPage, employeePage } = await startTwoPlaygrounds(playgrounds, {
    botEndpoint: bot.endpoint,
    employeeConfig: EMPLOYEE_CONFIG,
    logName: 'campaign',
    viewport: { width: 1400, height: 2000 },
  }));
  await openChat(adminPage, 'Personal Chat');
  await openChat(employeePage, 'Personal Chat');
  // Megan's welcome (sent on installation) means the bot has stored her personal chat.
  await messagesFrom(employeePage, BOT_NAME).first().waitFor({ timeout: UI_TIMEOUT_MS });
}, 60_000);

afterAll(async () => {
  await tearDownAll([...stopTwoPlaygrounds(playgrounds), () => bot?.stop()]);
}, 30_000);

/** Runs a step; on failure saves both pages and adds logs and page errors (see explainFailures). */
function scenario(name: string, run: () => Promise<void>): Promise<void> {
  return explainTwoUserFailures(
    name,
    () => ({
      page: adminPage,
      employeePage,
      bot,
      playground: playgrounds.admin,
      browser: playgrounds.browser,
    }),
    run,
  );
}

/** Clicks an Action.Execute button of a card. */
async function press(card: Locator, title: string): Promise<void> {
  await card.getByRole('button', { name: title, exact: true }).click();
}

function app(): NonNullable<E2eBot['app']> {
  if (!bot) throw new Error('the bot did not start');
  return bot.app;
}

function campaigns(): CampaignStore {
  return new CampaignStore(app().storage);
}

async function person(userId: string): Promise<CampaignPerson | undefined> {
  return campaigns().person(campaignId ?? '', userId);
}

/** Adele's dashboard card: its heading is the campaign's name. */
function dashboard(): Locator {
  return adaptiveCard(adminPage, campaignName ?? '?');
}

/** Megan's campaign card (updated in place by her clicks). */
function inviteCard(): Locator {
  return adaptiveCardWithText(employeePage, INVITE_TITLE);
}

/** Waits, bounded, until `check` returns a value. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${UI_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('Adele starts a campaign for the pilot group; the wizard card becomes the dashboard', async () => {
  await scenario('campaign-start', async () => {
    // Megan's personal chat is known before the campaign starts (it is where her card goes).
    expect(await new ConversationStore(app().storage).personalFor(MEGAN.aadObjectId)).toMatchObject(
      { conversationId: expect.any(String) as string },
    );

    const page = await front(adminPage);
    await sendChatMessage(page, 'start campaign');
    const setup = adaptiveCard(page, SETUP_HEADING);
    await setup.getByText('Step 1 of 2: who, what and when', { exact: true }).waitFor();
    // The groups the profiles are assigned to, with their people (nested Sales counted).
    expect(await cardText(setup)).toContain(PILOT_CHOICE);
    const pilot = setup.getByRole('checkbox', { name: /iOS BYOD Pilot · 2 people/ });
    if (!(await pilot.isChecked())) {
      // Ticked as a user does, by its label (the input is a transparent layer over a drawn box).
      await setup.locator('label', { hasText: PILOT_CHOICE }).click();
    }
    expect(await pilot.isChecked()).toBe(true);
    campaignName = await setup.getByRole('textbox', { name: 'Campaign name' }).inputValue();
    expect(campaignName).toMatch(/^iPhone and iPad enrollment, \d{1,2} \w+ \d{4}$/);
    await shootCard(page, setup, 'campaign-01-setup.png');
    await press(setup, 'Next: review');

    await setup.getByText('Step 2 of 2: review and start', { exact: true }).waitFor();
    const facts = await factsOf(setup);
    expect(facts).toMatchObject({
      Campaign: campaignName,
      Who: 'iOS BYOD Pilot · up to 2 people',
      'Counts as enrolled': 'Account-driven User Enrollment',
    });
    expect(facts['Enroll by']).toMatch(/^\w+day \d{1,2} \w+ \d{4}$/);
    expect(facts.Reminders).toMatch(/^After 3 and 7 working days, at 09:00/);
    const review = await cardText(setup);
    expect(review).toContain('What each person gets in their chat with the bot');
    expect(review).toMatch(/Enroll your iPhone or iPad by \w+day \d{1,2} \w+ \d{4}/);
    await shootCard(page, setup, 'campaign-02-review.png');
    // The runner waits while the started card is checked: its first in-place update would
    // replace the card within a second (the campaign runs every second here).
    await app().campaignRunner.stop();
    await press(setup, 'Start campaign');

    // The wizard card turns into the campaign's dashboard (its heading is the campaign's name).
    const board = dashboard();
    await waitForText(board, /Started\. People are being reached now/, 'the started dashboard');
    expect(await adaptiveCard(page, SETUP_HEADING).count()).toBe(0);
    for (const button of ['Refresh', 'Pause', 'Export CSV', 'End campaign…']) {
      await board.getByRole('button', { name: button, exact: true }).waitFor();
    }
    await shootCard(page, board, 'campaign-03-dashboard-started.png');

    // The runner reads the audience and the devices and updates the card in place: Isaiah's
    // iPad, enrolled before the campaign, counts already.
    app().campaignRunner.start();
    await waitForText(board, /Active · 1 of 2 enrolled \(50 %\)/, 'the first in-place update');
    expect(await chartPoints(board, 'Where everyone is now')).toEqual(
      expect.arrayContaining(['Already enrolled before, 1 out of 2, 50%']),
    );

    const list = await campaigns().list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: campaignName, status: 'active' });
    campaignId = list[0]?.id;
  });
});

test('Megan gets the card (Isaiah, enrolled already, does not) and opens the guide', async () => {
  expect(campaignId).toBeDefined();
  const id = campaignId!;
  await scenario('campaign-megan', async () => {
    const page = await front(employeePage);
    const invite = inviteCard();
    await invite.waitFor({ timeout: UI_TIMEOUT_MS });
    const text = await cardText(invite);
    expect(text).toContain(`From your IT team · ${campaignName ?? '?'}`);
    expect(text).toContain('Tap Start now and I will take you through it step by step.');
    expect(Object.keys(await factsOf(invite))).toEqual(['Why', 'How long', 'Your privacy']);
    for (const button of INVITE_BUTTONS) {
      await invite.getByRole('button', { name: button, exact: true }).waitFor();
    }
    await shootCard(page, invite, 'campaign-04-megan-card.png');

    // Only Megan was messaged: Isaiah's iPad counted him as enrolled before the campaign.
    const outbox = app().outbox;
    expect(await outbox.get(messageIds.invite(id, MEGAN.aadObjectId))).toBeDefined();
    expect(await outbox.get(messageIds.invite(id, ISAIAH))).toBeUndefined();
    expect(await person(ISAIAH)).toMatchObject({ enrolledBefore: true });
    expect((await person(ISAIAH))?.invitedAt).toBeUndefined();

    await press(invite, 'Start now');
    await waitForText(
      invite,
      /Your guide is below\. Come back to this card any time\./,
      'Start now',
    );
    // The guide asks for her device (the bot knows nothing about it yet).
    const guide = adaptiveCard(page, GUIDE_HEADING);
    await guide.waitFor({ timeout: UI_TIMEOUT_MS });
    await guide.getByRole('radio', { name: 'iPhone', exact: true }).waitFor();
    await shootCard(page, guide, 'campaign-05-megan-guide.png');
    expect((await person(MEGAN.aadObjectId))?.openedAt).toEqual(expect.any(Number));
  });
});

test('the sandbox enrolls Megan’s iPhone: the dashboard shows her enrolled, in place', async () => {
  expect(campaignId).toBeDefined();
  await scenario('campaign-enrolled', async () => {
    const device = app().sandbox?.state.enrollDevice(MEGAN.aadObjectId, {});
    expect(device).toMatchObject({ ownerType: 'personal', operatingSystem: 'iOS' });

    // The runner reads the devices, marks her enrolled and updates Adele's card in place.
    const page = await front(adminPage);
    const board = dashboard();
    await waitForText(board, /Active · 2 of 2 enrolled \(100 %\)/, 'the dashboard with 2 of 2');
    // The Playground draws the Teams charts (not their table fallbacks): read their points.
    expect(await chartPoints(board, 'People at each stage')).toEqual([
      'Targeted, 2',
      'Reached in Teams, 1',
      'Opened the guide, 1',
      'Finished the guide, 0',
      'Reported a problem, 0',
      'Enrolled (Intune), 2',
    ]);
    expect(await chartPoints(board, 'Where everyone is now')).toEqual([
      'Enrolled after the invitation, 1 out of 2, 50%',
      'Already enrolled before, 1 out of 2, 50%',
    ]);
    // Isaiah three days ago, Megan today: 1, then 2 in total.
    const line = await chartPoints(board, 'People enrolled, in total');
    expect(line).toHaveLength(2);
    // Category labels ("1 Dec"), read as "<day>, Enrolled <total>".
    expect(line[0]).toMatch(/^\d{1,2} [A-Z][a-z]{2}, Enrolled 1$/);
    expect(line[1]).toMatch(/^\d{1,2} [A-Z][a-z]{2}, Enrolled 2$/);
    // Updated in place: still one dashboard in her chat.
    expect(
      await page.getByRole('heading', { name: campaignName ?? '?', exact: true }).count(),
    ).toBe(1);
    const text = await cardText(board);
    expect(text).toContain('No problems reported by this audience.');
    expect(text).toContain('Everyone so far could be reached.');
    expect(await factsOf(board)).toMatchObject({
      Who: 'iOS BYOD Pilot · 2 people',
      Reminders: expect.stringMatching(/ · 0 sent$/) as string,
    });
    await shootCard(page, board, 'campaign-06-dashboard-enrolled.png');

    const megan = await person(MEGAN.aadObjectId);
    expect(megan?.enrolledAt).toEqual(expect.any(Number));
    expect(megan?.enrolledBefore).toBe(false);
  });
});

test('reminders skip her: the CSV export says Enrolled with no reminder sent', async () => {
  expect(campaignId).toBeDefined();
  const id = campaignId!;
  await scenario('campaign-export', async () => {
    // Make both of her reminders (3 and 7 working days) due: had she not enrolled, the next
    // pass would send them. Two passes after this change have seen it.
    const changedAt = Date.now();
    await campaigns().updatePerson(id, MEGAN.aadObjectId, (p) => {
      p.invitedAt = changedAt - 15 * 24 * 60 * 60 * 1000;
      return true;
    });
    const seen = new Set<number>();
    await eventually('two runner passes after the change', async () => {
      const at = (await campaigns().get(id))?.summary?.at;
      if (at !== undefined && at > changedAt) seen.add(at);
      return seen.size >= 2 ? true : undefined;
    });

    const page = await front(adminPage);
    const board = dashboard();
    await press(board, 'Export CSV');
    const link = board.getByRole('link', { name: /^Download the CSV of everyone in / });
    await link.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await cardText(board)).toMatch(/the link works for 15 minutes/);
    await shootCard(page, board, 'campaign-07-export.png');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${app().server.port}/api/campaigns/export/[\\w-]{32}$`),
    );

    // A made-up token (or an expired one) gets a plain 404, never someone's data.
    const forged = await fetch(href.replace(/[\w-]{32}$/, 'A'.repeat(32)), {
      signal: AbortSignal.timeout(5_000),
    });
    expect(forged.status).toBe(404);
    expect(await forged.text()).toMatch(/expired or does not exist/);
    const res = await fetch(href, { signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = (await res.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(header).toEqual([
      'Name',
      'Sign-in name',
      'Status',
      'Reached',
      'Opened guide',
      'Finished guide',
      'Reported problem',
      'Diagnosed cause',
      'Enrolled',
      'Reminders sent',
      'Cannot be reached because',
    ]);
    const byName = new Map(
      rows.map((cells) => [cells[0], Object.fromEntries(header!.map((h, i) => [h, cells[i]]))]),
    );
    expect(byName.size).toBe(2);
    expect(byName.get(MEGAN.name)).toMatchObject({
      Status: 'Enrolled',
      'Reminders sent': '0',
      Reached: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/) as string,
      'Opened guide': expect.stringMatching(/Z$/) as string,
      Enrolled: expect.stringMatching(/Z$/) as string,
    });
    expect(byName.get('Isaiah Langer')).toMatchObject({
      Status: 'Already enrolled',
      'Reminders sent': '0',
    });

    // No reminder was handed to the outbox for her, and none reached her chat.
    expect((await person(MEGAN.aadObjectId))?.reminders).toBe(0);
    for (const n of [1, 2, 3, 4, 5]) {
      expect(await app().outbox.get(messageIds.reminder(id, MEGAN.aadObjectId, n))).toBeUndefined();
    }
    expect(await adaptiveCardWithText(employeePage, /^Reminder: /).count()).toBe(0);
  });
});
