/**
 * End to end: the helpdesk flow in the Microsoft 365 Agents Playground's team channel, driven
 * through its web UI in headless Chromium against the real bot (in-process, anonymous mode, local
 * Intune sandbox). An admin makes the channel the helpdesk channel, an employee reports an
 * enrollment failure from her personal chat, the alert card appears in the channel, "Assign to
 * me" and "Resolve" update it in place, and the employee is told each time in her personal chat.
 *
 * Two people, two Playgrounds (as in admin-wizard.e2e.test.ts): the Playground UI always types as
 * its yml's current user, so Adele Vance (Intune Administrator in the sandbox directory; with
 * HELPDESK_GROUP_ID unset the bot's admins are the helpdesk) uses the root
 * .m365agentsplayground.yml and Megan Bowen (an employee) test/e2e/playground-employee.yml, each
 * in its own page. Both Playgrounds talk to the same bot, which keeps each conversation's
 * serviceUrl: the channel alert and its updates go to Adele's Playground's mocked connector, the
 * notices to Megan's. Everything is typed and clicked in the UI; nothing goes through the
 * Playground's internal conversation API.
 *
 * A third page ("observer") shows Adele's channel too but never clicks: the clicker's card is
 * replaced by the Action.Execute response, while everyone else's card changes only through the
 * bot's updateActivity (the outbox's PUT to the connector). The observer checks that path.
 *
 * Screenshots go to test-output/e2e/helpdesk-*.png, timings to helpdesk-channel-timings.json.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { DIAGNOSIS_RULES, ENROLLMENT_STEP_LABELS } from '../../src/helpdesk';

import {
  adaptiveCardWithText,
  cardText,
  chooseInCard,
  E2E_OUTPUT_DIR,
  type E2eBot,
  explainTwoUserFailures,
  factsOf,
  front,
  loadMockTenant,
  messagesFrom,
  messageTexts,
  openChannel,
  openChat,
  openPlayground,
  postMentioningBot,
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

jest.setTimeout(40_000);

const EMPLOYEE_CONFIG = path.join(__dirname, 'playground-employee.yml');
const adminTenant = loadMockTenant();
const employeeTenant = loadMockTenant(EMPLOYEE_CONFIG);
const BOT_NAME = adminTenant.bot.name;
const ADMIN_NAME = adminTenant.currentUser.name;
const EMPLOYEE_NAME = employeeTenant.currentUser.name;
const CHANNEL = adminTenant.team.channels[0];

/** The rule the report's error text must match (the diagnosis the alert and the employee see). */
const SSO_RULE = DIAGNOSIS_RULES.find((rule) => rule.id === 'sso-app-installed');

/** What Megan types into the report form. */
const REPORT = {
  step: ENROLLMENT_STEP_LABELS['sign-in'],
  errorText: 'Sign In Failed: the Enrollment SSO application has been installed',
  deviceModel: 'iPhone 15',
  osVersion: '17.4.1',
  ownership: 'My own device',
};
/** The sandbox's IT Helpdesk group (src/sandbox/seed.ts). */
const IT_HELPDESK_GROUP = 'cccccccc-0000-4000-8000-000000000010';
/** The helpdesk member Adele hands the case to (in the sandbox directory and the group). */
const COLLEAGUE = 'Alex Wilber';

/** An error no rule knows, for the case that teaches the bot an answer. */
const ODD_ERROR = 'Device attestation failed (0x8010)';
const ODD_STEP = ENROLLMENT_STEP_LABELS.installing;
const ANSWER = {
  title: 'Device attestation failed while enrolling',
  cause:
    'The device could not prove to Apple that it is genuine, usually because its date and time are wrong.',
  steps:
    'Open Settings › General › Date & Time and turn on Set Automatically.\nStart enrollment again.',
};
/** Typed without a full stop, as people do. */
const RESOLVE_NOTE = 'Deleted Authenticator and enrolled again; it works now';

/** Labels of the report form's inputs and of the alert card's resolve input. */
const LABELS = {
  step: 'Where did it stop?',
  errorText: 'The message on screen (or "no message")',
  deviceModel: 'Device model (optional, for example iPhone 15)',
  osVersion: 'iOS or iPadOS version (optional, Settings › General › About)',
  resolveNote: 'What fixed it (the reporters are told)',
  reassignTo: 'Give it to (type to search the helpdesk)',
};

/** Errors of the Playground UI after which a page stops showing messages. */
const UI_BROKEN = /Saga error|Invalid conversation id/;

let bot: E2eBot | undefined;
const playgrounds: TwoPlaygrounds = {};
let adminPage: Page;
let employeePage: Page;
let observerPage: Page | undefined;

/** Found by the scenario as it goes. */
let ticketId: string | undefined;
let incidentId: string | undefined;

/** Milestones in ms since each step's first action, written to helpdesk-channel-timings.json. */
const timings: Record<string, Record<string, number>> = {};

beforeAll(async () => {
  // The helpdesk is the sandbox's IT Helpdesk group (Adele, Alex Wilber and others): Adele acts
  // on the cards and reassigns to Alex; only Adele is an admin (she publishes answers).
  bot = await startBot({ HELPDESK_GROUP_ID: IT_HELPDESK_GROUP });
  // Tall enough for the whole alert card (facts, diagnosis, actions) in one screenshot.
  ({ adminPage, employeePage } = await startTwoPlaygrounds(playgrounds, {
    botEndpoint: bot.endpoint,
    employeeConfig: EMPLOYEE_CONFIG,
    logName: 'helpdesk',
    viewport: { width: 1400, height: 1200 },
  }));
  await openChannel(adminPage, adminTenant.team.name, CHANNEL!.name);
  await openChat(employeePage, 'Personal Chat');
  // The welcome card (sent on installation) must be in before Megan types.
  await messagesFrom(employeePage, BOT_NAME).first().waitFor({ timeout: UI_TIMEOUT_MS });
}, 60_000);

afterAll(async () => {
  fs.mkdirSync(E2E_OUTPUT_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(E2E_OUTPUT_DIR, 'helpdesk-channel-timings.json'),
    `${JSON.stringify(timings, null, 2)}\n`,
  );
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

/** A stopwatch for one step's milestones. */
function stopwatch(step: string): (milestone: string) => void {
  const start = Date.now();
  const marks: Record<string, number> = {};
  timings[step] = marks;
  return (milestone) => {
    marks[milestone] = Date.now() - start;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The case card the employee gets when a report is filed. */
const CASE_FILED = /^Ticket ENR-[0-9A-Z]{4}-[0-9A-Z]{4} filed$/;

/** Every alert card of the incident in a page's channel (updated in place: always one). */
function alertCards(page: Page, id = incidentId, title = SSO_RULE?.title): Locator {
  const heading = `${id ?? 'ENR-?'}: ${title ?? '?'}`;
  return page
    .locator('.ac-adaptiveCard')
    .filter({ has: page.locator('.ac-textBlock').getByText(heading, { exact: true }) });
}

/** The incident's alert card in a page's channel. */
function alertCard(page: Page): Locator {
  return alertCards(page).last();
}

/** Waits until the alert card's Status fact reads `status` (as text, e.g. `resolved`). */
async function waitForStatus(page: Page, status: string, who: string): Promise<void> {
  await waitForText(
    alertCard(page),
    // The status fact, then (after the chat and verify links, when shown) the diagnosis.
    new RegExp(`\\bStatus ${escapeRegExp(status)}(?: (?:Chat with|Verify) .*?)? Diagnosis`),
    `the alert card with status "${status}" (${who})`,
  );
}

/** The newest message in Megan's personal chat whose text matches `pattern`. */
function notice(pattern: RegExp): Locator {
  return messageTexts(employeePage, pattern).last();
}

test('an admin makes the team channel the helpdesk channel', async () => {
  expect(CHANNEL).toBeDefined();
  expect(SSO_RULE).toBeDefined();
  const mark = stopwatch('set-channel');
  await scenario('helpdesk-set-channel', async () => {
    await postMentioningBot(await front(adminPage), BOT_NAME, 'set helpdesk channel');
    const confirmation = adaptiveCardWithText(adminPage, 'Helpdesk channel set');
    await confirmation.waitFor({ timeout: UI_TIMEOUT_MS });
    mark('confirmed');
    expect(await cardText(confirmation)).toContain(
      'Enrollment failure alerts will be posted in this channel from now on.',
    );
    await shootCard(adminPage, confirmation, 'helpdesk-channel-set.png');

    // Adele's channel in a second page that only watches (opened after her own post: a page
    // does not know the threads other pages started, and a reply into one breaks its UI).
    observerPage = await playgrounds.browser!.newPage();
    await openPlayground(observerPage, playgrounds.admin!.url, adminTenant);
    await openChannel(observerPage, adminTenant.team.name, CHANNEL!.name);
    mark('observer ready');
  });
});

test('the employee reports the failure from her personal chat: ticket number and self-fix', async () => {
  const rule = SSO_RULE!;
  const mark = stopwatch('report');
  await scenario('helpdesk-report', async () => {
    await sendChatMessage(await front(employeePage), 'report a problem');
    const form = adaptiveCardWithText(employeePage, 'Report an enrollment problem');
    await form.waitFor({ timeout: UI_TIMEOUT_MS });
    mark('form shown');

    await chooseInCard(employeePage, form, LABELS.step, REPORT.step);
    await form.getByLabel(LABELS.errorText).fill(REPORT.errorText);
    await form.getByLabel(LABELS.deviceModel).fill(REPORT.deviceModel);
    await form.getByLabel(LABELS.osVersion).fill(REPORT.osVersion);
    await form.getByRole('radio', { name: REPORT.ownership, exact: true }).check();
    await shootCard(employeePage, form, 'helpdesk-report-form.png');
    await form.getByRole('button', { name: 'Send to the helpdesk', exact: true }).click();

    const filed = adaptiveCardWithText(employeePage, CASE_FILED);
    await filed.waitFor({ timeout: UI_TIMEOUT_MS });
    mark('ticket shown');
    const text = await cardText(filed);
    ticketId = /^Ticket (ENR-[0-9A-Z]{4}-[0-9A-Z]{4}) filed/.exec(text)?.[1];
    expect(ticketId).toBeDefined();
    expect(text).toContain('The helpdesk has been alerted and will keep you posted here.');
    expect(text).toContain(`Likely cause: ${rule.title}`);
    expect(text).toContain(rule.cause);
    expect(text).toContain('You can fix this yourself:');
    for (const step of rule.steps) expect(text).toContain(step);
    await shootCard(employeePage, filed, 'helpdesk-report-filed.png');
  });
});

test('the alert card appears in the helpdesk channel', async () => {
  expect(ticketId).toBeDefined();
  const rule = SSO_RULE!;
  const mark = stopwatch('alert');
  await scenario('helpdesk-alert', async () => {
    // One case number: the channel's card carries the number the employee was given.
    incidentId = ticketId;
    const alert = alertCard(await front(adminPage));
    await alert.waitFor({ timeout: UI_TIMEOUT_MS });
    mark('alert shown');

    expect(await factsOf(alert)).toMatchObject({
      Who: EMPLOYEE_NAME,
      Device: REPORT.deviceModel,
      OS: REPORT.osVersion,
      Ownership: 'personal',
      Step: REPORT.step,
      Error: REPORT.errorText,
      Status: 'open',
    });
    const text = await cardText(alert);
    // Status and severity at a glance.
    expect(text).toMatch(/\bNew Severity: Low 1 person affected · 1 report\b/);
    expect(text).toContain(`Diagnosis (high): ${rule.cause}`);
    for (const button of ['Acknowledge', 'Assign to me', 'Reassign', 'Add note', 'Resolve']) {
      await alert.getByRole('button', { name: button, exact: true }).waitFor();
    }
    await shootCard(adminPage, alert, 'helpdesk-alert.png');

    // The page that only watches got the same post.
    await waitForText(alertCard(observerPage!), /\bStatus open\b/, 'the alert card (observer)');
    mark('observer shows alert');
  });
});

test('"Acknowledge" turns the header amber, drops the button, and tells the employee', async () => {
  expect(incidentId).toBeDefined();
  const told = notice(
    new RegExp(
      `^The helpdesk has seen your enrollment problem ${ticketId} and will be in touch here\\.$`,
    ),
  );
  await scenario('helpdesk-acknowledge', async () => {
    const alert = alertCard(await front(adminPage));
    await alert.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await Promise.all([
      waitForStatus(adminPage, 'acknowledged', 'clicker'),
      waitForStatus(observerPage!, 'acknowledged', 'observer'),
      told.waitFor({ timeout: UI_TIMEOUT_MS }),
    ]);
    const text = await cardText(alert);
    expect(text).toMatch(/\bAcknowledged Severity: Low\b/);
    expect(text).toMatch(new RegExp(`Acknowledged by ${ADMIN_NAME} · `));
    // A button that would change nothing is gone.
    expect(await alert.getByRole('button', { name: 'Acknowledge', exact: true }).count()).toBe(0);
    await shootCard(adminPage, alert, 'helpdesk-acknowledged.png');
  });
});

test('"Assign to me" updates the card in the channel and tells the employee', async () => {
  expect(incidentId).toBeDefined();
  const mark = stopwatch('assign');
  const status = `assigned (${ADMIN_NAME})`;
  const told = notice(
    new RegExp(
      `^Update on your enrollment problem ${ticketId}: ${ADMIN_NAME} from the helpdesk is now working on it\\.$`,
    ),
  );
  await scenario('helpdesk-assign', async () => {
    const alert = alertCard(await front(adminPage));
    await alert.getByRole('button', { name: 'Assign to me', exact: true }).click();
    mark('clicked');
    // The clicker's card (invoke response), the observer's (the bot's updateActivity) and the
    // employee's notice (a proactive post to her Playground) arrive independently.
    await Promise.all([
      waitForStatus(adminPage, status, 'clicker').then(() => mark('card updated (clicker)')),
      waitForStatus(observerPage!, status, 'observer').then(() => mark('card updated (observer)')),
      told.waitFor({ timeout: UI_TIMEOUT_MS }).then(() => mark('employee told')),
    ]);
    expect((await factsOf(alert)).Status).toBe(status);
    // Not a new post: the same card, changed in place, for the clicker and for the observer.
    expect(await alertCards(adminPage).count()).toBe(1);
    expect(await alertCards(observerPage!).count()).toBe(1);
    await shootCard(adminPage, alert, 'helpdesk-assigned.png');
    await shootCard(employeePage, told, 'helpdesk-employee-assigned.png');
  });
});

test('"Reassign" hands the case to a colleague picked from the helpdesk group', async () => {
  expect(incidentId).toBeDefined();
  const status = `assigned (${COLLEAGUE})`;
  const told = notice(
    new RegExp(
      `^Update on your enrollment problem ${ticketId}: ${COLLEAGUE} from the helpdesk is now working on it\\.$`,
    ),
  );
  await scenario('helpdesk-reassign', async () => {
    const alert = alertCard(await front(adminPage));
    await alert.getByRole('button', { name: 'Reassign', exact: true }).click();
    const form = alert
      .locator('.ac-adaptiveCard')
      .filter({ has: adminPage.getByRole('combobox', { name: LABELS.reassignTo }) });
    // The helpdesk group's members, searchable as she types (the bot checks the choice again).
    const search = form.getByRole('combobox', { name: LABELS.reassignTo });
    await search.click();
    await search.fill('ale');
    const option = adminPage.getByRole('option', { name: COLLEAGUE, exact: true });
    await option.waitFor({ timeout: UI_TIMEOUT_MS });
    // Only the names that match what she typed are offered.
    expect(await adminPage.getByRole('option', { name: 'Megan Bowen', exact: true }).count()).toBe(
      0,
    );
    await option.click();
    await shootCard(adminPage, alert, 'helpdesk-reassign-form.png');
    await form.getByRole('button', { name: 'Reassign', exact: true }).click();
    await Promise.all([
      waitForStatus(adminPage, status, 'clicker'),
      waitForStatus(observerPage!, status, 'observer'),
      told.waitFor({ timeout: UI_TIMEOUT_MS }),
    ]);
    expect(await cardText(alert)).toMatch(
      new RegExp(`Assigned to ${COLLEAGUE} by ${ADMIN_NAME} · `),
    );
    await alert.getByRole('button', { name: 'Unassign', exact: true }).waitFor();
    await shootCard(adminPage, alert, 'helpdesk-reassigned.png');
  });
});

test('the employee follows up in chat: her case, then information for the helpdesk', async () => {
  expect(ticketId).toBeDefined();
  const info = 'It also fails on my iPad';
  await scenario('helpdesk-follow-up', async () => {
    await sendChatMessage(await front(employeePage), 'any news on my problem?');
    const cases = adaptiveCardWithText(employeePage, 'Your enrollment problem reports');
    await cases.waitFor({ timeout: UI_TIMEOUT_MS });
    const text = await cardText(cases);
    expect(text).toContain(`${ticketId} · Being worked on by ${COLLEAGUE}`);
    expect(text).toMatch(/Last update: /);
    await shootCard(employeePage, cases, 'helpdesk-employee-cases.png');

    await cases.getByRole('button', { name: 'Add information', exact: true }).click();
    await cases.getByLabel('What should the helpdesk know?').fill(info);
    await cases.getByRole('button', { name: 'Send to the helpdesk', exact: true }).click();
    // The card is replaced by the confirmation (the click's response).
    const sent = employeePage
      .locator('.ac-adaptiveCard')
      .filter({ hasText: /Sent: the helpdesk can see it/ });
    await sent.first().waitFor({ timeout: UI_TIMEOUT_MS });
    await shootCard(employeePage, sent.first(), 'helpdesk-employee-info-sent.png');
    // The helpdesk sees it on the case card (the observer's copy changes through the outbox).
    const note = new RegExp(`Note by ${EMPLOYEE_NAME}: From the employee: ${info}`);
    await waitForText(alertCard(observerPage!), note, 'the note on the case card (observer)');
    await shootCard(adminPage, alertCard(adminPage), 'helpdesk-note-from-employee.png');

    // Someone else's number tells her nothing.
    await sendChatMessage(employeePage, 'status of ENR-ZZZZ-ZZZZ');
    const notFound = adaptiveCardWithText(employeePage, 'Case not found');
    await notFound.waitFor({ timeout: UI_TIMEOUT_MS });
  });
});

test('"Add note" adds to the timeline; "Unassign" hands the case back (no notice for either)', async () => {
  expect(incidentId).toBeDefined();
  const note = 'Asked Megan for a screenshot of the message';
  await scenario('helpdesk-note-unassign', async () => {
    const alert = alertCard(await front(adminPage));
    await alert.getByRole('button', { name: 'Add note', exact: true }).click();
    const noteForm = alert
      .locator('.ac-adaptiveCard')
      .filter({ has: adminPage.getByLabel('Note', { exact: true }) });
    await noteForm.getByLabel('Note', { exact: true }).fill(note);
    await noteForm.getByRole('button', { name: 'Save note', exact: true }).click();
    await waitForText(
      alertCard(observerPage!),
      new RegExp(`Note by ${ADMIN_NAME}: ${note}`),
      'the note (observer)',
    );

    await alert.getByRole('button', { name: 'Unassign', exact: true }).click();
    await Promise.all([
      waitForStatus(adminPage, 'acknowledged', 'clicker'),
      waitForStatus(observerPage!, 'acknowledged', 'observer'),
    ]);
    expect(await cardText(alert)).toMatch(
      new RegExp(`Unassigned \\(${COLLEAGUE}\\) by ${ADMIN_NAME} · `),
    );
    // Nobody has it now: no Unassign.
    expect(await alert.getByRole('button', { name: 'Unassign', exact: true }).count()).toBe(0);
    await shootCard(adminPage, alert, 'helpdesk-note-unassigned.png');
  });
});

test('"Resolve" with a note marks the card resolved and tells the employee what fixed it', async () => {
  expect(incidentId).toBeDefined();
  const mark = stopwatch('resolve');
  // The note ends as a sentence: the bot adds the full stop the helpdesk did not type.
  const told = notice(
    new RegExp(
      `^Your enrollment problem ${ticketId} is resolved\\. The helpdesk says: ${escapeRegExp(RESOLVE_NOTE)}\\. ` +
        'Try enrolling again; if it still fails, type "report a problem"\\.$',
    ),
  );
  await scenario('helpdesk-resolve', async () => {
    const alert = alertCard(await front(adminPage));
    // "Resolve" opens the note form under the card; its own "Resolve" sends it.
    await alert.getByRole('button', { name: 'Resolve', exact: true }).click();
    const resolveForm = alert
      .locator('.ac-adaptiveCard')
      .filter({ has: adminPage.getByLabel(LABELS.resolveNote) });
    await resolveForm.getByLabel(LABELS.resolveNote).fill(RESOLVE_NOTE);
    await shootCard(adminPage, alert, 'helpdesk-resolve-note.png');
    await resolveForm.getByRole('button', { name: 'Resolve', exact: true }).click();
    mark('clicked');

    await Promise.all([
      waitForStatus(adminPage, 'resolved', 'clicker').then(() => mark('card updated (clicker)')),
      waitForStatus(observerPage!, 'resolved', 'observer').then(() =>
        mark('card updated (observer)'),
      ),
      told.waitFor({ timeout: UI_TIMEOUT_MS }).then(() => mark('employee told')),
    ]);
    expect((await factsOf(alert)).Status).toBe('resolved');
    await alert.getByRole('button', { name: 'Reopen', exact: true }).waitFor();
    for (const gone of ['Assign to me', 'Add note', 'Resolve']) {
      expect(await alert.getByRole('button', { name: gone, exact: true }).count()).toBe(0);
    }
    expect(await alertCards(adminPage).count()).toBe(1);
    expect(await alertCards(observerPage!).count()).toBe(1);
    await shootCard(adminPage, alert, 'helpdesk-resolved.png');
    await shootCard(employeePage, told, 'helpdesk-employee-resolved.png');

    // Delivery settled: nothing waiting, nothing given up.
    await bot!.app.outbox.whenIdle(10_000);
    const stats = await bot!.app.outbox.stats();
    expect(stats.byState).toMatchObject({ pending: 0, claimed: 0, sending: 0, dead: 0 });
    // Each notice once; no page of the Playground UI broke on the way (it would stop showing
    // messages).
    const notices = messageTexts(
      employeePage,
      new RegExp(`^(Update on your enrollment problem|Your enrollment problem) ${ticketId}\\b`),
    );
    // Assigned, reassigned, resolved.
    expect(await notices.count()).toBe(3);
    expect(playgrounds.browser!.pageErrors.filter((e) => UI_BROKEN.test(e))).toEqual([]);
  });
});

test('"Reopen" puts a resolved case back to work and tells the employee', async () => {
  expect(incidentId).toBeDefined();
  const told = notice(
    new RegExp(
      `^Your enrollment problem ${ticketId} was reopened by the helpdesk; they will be in touch\\.$`,
    ),
  );
  await scenario('helpdesk-reopen', async () => {
    const alert = alertCard(await front(adminPage));
    await alert.getByRole('button', { name: 'Reopen', exact: true }).click();
    await Promise.all([
      waitForStatus(adminPage, 'open', 'clicker'),
      waitForStatus(observerPage!, 'open', 'observer'),
      told.waitFor({ timeout: UI_TIMEOUT_MS }),
    ]);
    const text = await cardText(alert);
    expect(text).toMatch(/\bReopened Severity: Low\b/);
    expect(text).toMatch(new RegExp(`Reopened by ${ADMIN_NAME} · `));
    // Open again: the working buttons are back, Reopen is gone.
    for (const button of ['Acknowledge', 'Assign to me', 'Resolve']) {
      await alert.getByRole('button', { name: button, exact: true }).waitFor();
    }
    expect(await alert.getByRole('button', { name: 'Reopen', exact: true }).count()).toBe(0);
    await shootCard(adminPage, alert, 'helpdesk-reopened.png');
  });
});

test('a solved case teaches the bot: propose → admin publishes → employees get the answer', async () => {
  let oddCase: string | undefined;
  await scenario('helpdesk-propose', async () => {
    // Megan reports an error the bot knows nothing about.
    await sendChatMessage(await front(employeePage), 'report a problem');
    const form = adaptiveCardWithText(employeePage, 'Report an enrollment problem').last();
    await form.waitFor({ timeout: UI_TIMEOUT_MS });
    await chooseInCard(employeePage, form, LABELS.step, ODD_STEP);
    await form.getByLabel(LABELS.errorText).fill(ODD_ERROR);
    await form.getByRole('radio', { name: REPORT.ownership, exact: true }).check();
    await form.getByRole('button', { name: 'Send to the helpdesk', exact: true }).click();
    const filed = adaptiveCardWithText(employeePage, CASE_FILED).last();
    await waitForText(filed, /No known cause matches yet/, 'the unknown-cause ticket');
    oddCase = /^Ticket (ENR-[0-9A-Z]{4}-[0-9A-Z]{4}) filed/.exec(await cardText(filed))?.[1];
    expect(oddCase).toBeDefined();

    // Adele resolves it in the channel, and the card offers to turn it into an answer.
    const card = alertCards(await front(adminPage), oddCase, 'No known cause matches').last();
    await card.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await cardText(card)).toMatch(/\bNew Severity: Medium\b/);
    await card.getByRole('button', { name: 'Resolve', exact: true }).click();
    const resolveForm = card
      .locator('.ac-adaptiveCard')
      .filter({ has: adminPage.getByLabel(LABELS.resolveNote) });
    await resolveForm.getByLabel(LABELS.resolveNote).fill(ANSWER.steps.replace('\n', ' Then: '));
    await resolveForm.getByRole('button', { name: 'Resolve', exact: true }).click();
    await card.getByRole('button', { name: 'Propose an answer', exact: true }).click();
    const proposeForm = card
      .locator('.ac-adaptiveCard')
      .filter({ has: adminPage.getByLabel('Cause') });
    // Drafted from the case: the error as symptom and title.
    expect(await proposeForm.getByLabel('What they see (the error message)').inputValue()).toBe(
      ODD_ERROR,
    );
    await proposeForm.getByLabel('Title').fill(ANSWER.title);
    await proposeForm.getByLabel('Cause').fill(ANSWER.cause);
    await proposeForm.getByLabel('Fix (one step per line)').fill(ANSWER.steps);
    await shootCard(adminPage, card, 'helpdesk-propose-form.png');
    await proposeForm.getByRole('button', { name: 'Send for review', exact: true }).click();
    await waitForText(card, new RegExp(`Answer proposed by ${ADMIN_NAME}`), 'the proposed note');
    await shootCard(adminPage, card, 'helpdesk-proposed.png');

    // Not yet for employees: a draft is never shown.
    await sendChatMessage(await front(employeePage), 'my ipad says device attestation failed');
    await waitForText(
      messagesFrom(employeePage, BOT_NAME).last(),
      /./,
      'an answer to the question (before publishing)',
    );
    expect(await messageTexts(employeePage, /Written by your IT team/).count()).toBe(0);

    // Adele reviews and publishes it from her personal chat.
    await openChat(await front(adminPage), 'Personal Chat');
    await sendChatMessage(adminPage, 'team answers');
    const review = adaptiveCardWithText(adminPage, 'Answers written by your IT team').last();
    await waitForText(review, /1 waiting for review/, 'the team answers card');
    await review.getByRole('button', { name: 'Review and publish', exact: true }).click();
    await shootCard(adminPage, review, 'team-answers-review.png');
    await review.getByRole('button', { name: 'Publish', exact: true }).click();
    await waitForText(review, /employees get it now/, 'the published confirmation');
    await shootCard(adminPage, review, 'team-answers-published.png');

    // Megan asks again, in her own words: the answer, marked as her IT team's.
    await sendChatMessage(
      await front(employeePage),
      'device attestation failed on my iPad, what now?',
    );
    const answer = adaptiveCardWithText(employeePage, ANSWER.title).last();
    await waitForText(answer, /Written by your IT team · published /, 'the team answer');
    expect(await cardText(answer)).toContain('Set Automatically');
    await shootCard(employeePage, answer, 'employee-team-answer.png');
  });
}, 90_000);
