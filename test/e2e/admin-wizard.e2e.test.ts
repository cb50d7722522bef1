/**
 * End to end: the admin profile wizard through the Microsoft 365 Agents Playground's web UI, in
 * headless Chromium, against the real bot (in-process, anonymous mode) and its local Intune
 * sandbox. Adele (Intune Administrator) creates a profile assigned to "Sales" page by page and
 * finds it in `profiles` and in the sandbox; Megan (an employee, second Playground with
 * test/e2e/playground-employee.yml) is refused. Screenshots go to test-output/e2e/wizard-*.png.
 */
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { SEED_IDS } from '../../src/sandbox/seed';

import {
  adaptiveCard,
  adaptiveCardWithText,
  cardText,
  type E2eBot,
  explainFailures,
  factsOf,
  openChat,
  screenshotCard,
  sendChatMessage,
  startBot,
  startTwoPlaygrounds,
  stopTwoPlaygrounds,
  tearDownAll,
  type TwoPlaygrounds,
  UI_TIMEOUT_MS,
} from './support';

jest.setTimeout(60_000);

const EMPLOYEE_CONFIG = path.join(__dirname, 'playground-employee.yml');

const WIZARD_HEADING = 'Create an iOS/iPadOS enrollment profile';
const PROFILE_LIST_HEADING = 'Enrollment type profiles (iOS/iPadOS)';
const ACCOUNT_DRIVEN = 'Account driven user enrollment (recommended)';
const SANDBOX_BANNER = 'Local Intune sandbox: no real tenant is changed.';
const PROFILES_PATH = '/beta/deviceManagement/appleUserInitiatedEnrollmentProfiles';
/** Unique per run (the wizard refuses a name that exists); well under the 64-character limit. */
const PROFILE_NAME = `E2E wizard ${Date.now()}`;
const DESCRIPTION = 'Created by test/e2e/admin-wizard.e2e.test.ts';

let bot: E2eBot | undefined;
const playgrounds: TwoPlaygrounds = {};
let adminPage: Page;
let employeePage: Page;

beforeAll(async () => {
  bot = await startBot();
  // A taller window than the help test's, so the longest wizard page fits in one screenshot.
  ({ adminPage, employeePage } = await startTwoPlaygrounds(playgrounds, {
    botEndpoint: bot.endpoint,
    employeeConfig: EMPLOYEE_CONFIG,
    logName: 'wizard',
    viewport: { width: 1400, height: 1100 },
  }));
}, 50_000);

afterAll(async () => {
  await tearDownAll([...stopTwoPlaygrounds(playgrounds), () => bot?.stop()]);
}, 30_000);

/** A profile as the sandbox serves it with `$expand=assignments` (the fields checked here). */
interface WireProfile {
  id: string;
  displayName: string;
  description: string;
  defaultEnrollmentType: string;
  assignments: { target: { '@odata.type': string; groupId?: string } }[];
}

/** Every profile in the bot's sandbox, read over its Graph HTTP API (bounded). */
async function sandboxProfiles(): Promise<WireProfile[]> {
  const sandbox = bot?.app.sandbox;
  if (!sandbox) throw new Error('the bot did not start its local Intune sandbox');
  const res = await fetch(`${sandbox.baseUrl}${PROFILES_PATH}?$expand=assignments`, {
    signal: AbortSignal.timeout(5_000),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { value: WireProfile[] };
  return body.value;
}

/** Waits until the wizard card shows page `n` ("Step n of 4: …"). */
async function expectStep(wizard: Locator, n: number, page: string): Promise<void> {
  await wizard.getByText(new RegExp(`^Step ${n} of 4:`)).waitFor({ timeout: UI_TIMEOUT_MS });
  await wizard.locator('strong', { hasText: page }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/**
 * Brings a Playground tab to the front before driving it. Both tabs share one browser, and a
 * background tab's animation frames are throttled: every Playwright action (which waits for the
 * element to be stable) then takes seconds instead of milliseconds.
 */
async function activate(page: Page): Promise<Page> {
  await page.bringToFront();
  return page;
}

/** Clicks an Action.Execute button of a card (the Playground replaces the card in place). */
async function press(card: Locator, title: string): Promise<void> {
  await card.getByRole('button', { name: title, exact: true }).click();
}

test('admin: "create profile" wizard creates a profile assigned to Sales', async () => {
  await explainFailures(
    'wizard-admin',
    () => ({ page: adminPage, bot, playground: playgrounds.admin, browser: playgrounds.browser }),
    async () => {
      const page = await activate(adminPage);
      await openChat(page, 'Personal Chat');
      await sendChatMessage(page, 'create profile');

      // 1. Basics
      const wizard = adaptiveCard(page, WIZARD_HEADING);
      await expectStep(wizard, 1, 'Basics');
      expect(await cardText(wizard)).toContain(SANDBOX_BANNER);
      await wizard.getByLabel('Name').fill(PROFILE_NAME);
      await wizard.getByLabel('Description (optional)').fill(DESCRIPTION);
      await screenshotCard(page, wizard, 'wizard-1-basics.png');
      await press(wizard, 'Next');

      // 2. Settings: an expanded ChoiceSet (radio buttons)
      await expectStep(wizard, 2, 'Settings');
      const accountDriven = wizard.getByRole('radio', { name: ACCOUNT_DRIVEN, exact: true });
      await accountDriven.check();
      expect(await accountDriven.isChecked()).toBe(true);
      await screenshotCard(page, wizard, 'wizard-2-settings.png');
      await press(wizard, 'Next');

      // 3. Assignments: target, group search, multi-select results, Include selected
      await expectStep(wizard, 3, 'Assignments');
      await wizard.getByRole('radio', { name: 'Selected user groups', exact: true }).check();
      await wizard.getByLabel('Find groups by name').fill('Sales');
      await press(wizard, 'Search groups');
      await wizard.getByText('User groups matching "Sales"', { exact: true }).waitFor();
      // Ticked as a user does, by its label (the native input is a transparent layer over a drawn
      // box); then the input's own state is checked.
      const sales = wizard.getByRole('checkbox', { name: 'Sales' });
      await wizard.locator('label', { hasText: /^Sales$/ }).click();
      expect(await sales.isChecked()).toBe(true);
      await screenshotCard(page, wizard, 'wizard-3-assignments-search.png');
      await press(wizard, 'Include selected');
      await wizard.getByText('Included: Sales.', { exact: true }).waitFor();
      expect(await cardText(wizard)).toContain('Included groups: Sales Excluded groups: none');
      await screenshotCard(page, wizard, 'wizard-3-assignments.png');
      await press(wizard, 'Next');

      // 4. Review + create: a FactSet
      await expectStep(wizard, 4, 'Review + create');
      expect(await factsOf(wizard)).toMatchObject({
        Name: PROFILE_NAME,
        Description: DESCRIPTION,
        Platform: 'iOS/iPadOS',
        'Enrollment type': ACCOUNT_DRIVEN,
        'Assigned to': 'Sales',
        Excluded: 'none',
      });
      await screenshotCard(page, wizard, 'wizard-4-review.png');
      await press(wizard, 'Create');

      // Result: "Profile created", the assignment, and the priority ChoiceSet
      const result = adaptiveCard(page, 'Profile created');
      await result.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      const facts = await factsOf(result);
      expect(facts.Profile).toBe(PROFILE_NAME);
      expect(Object.entries(facts)).toContainEqual([expect.stringMatching(/Assigned$/), 'Sales']);
      const profileId = facts['Profile id'] ?? '';
      expect(profileId).toMatch(/^[0-9a-f-]{36}$/);
      await result.getByText('Where should it sit in the priority order?').waitFor();
      await result.getByRole('button', { name: 'Set priority', exact: true }).waitFor();
      expect(await cardText(result)).toContain(PROFILE_NAME);
      await screenshotCard(page, result, 'wizard-5-created.png');

      // `profiles`: the new profile is listed with its type and assignment
      await sendChatMessage(page, 'profiles');
      const list = adaptiveCard(page, PROFILE_LIST_HEADING);
      await list.getByText(PROFILE_NAME, { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await cardText(list)).toContain(
        `${PROFILE_NAME} ${ACCOUNT_DRIVEN} Assigned to: Sales`,
      );
      await screenshotCard(page, list, 'wizard-6-profiles.png');

      // The sandbox, over its Graph HTTP API: the profile exists, assigned to the Sales group.
      const created = (await sandboxProfiles()).filter((p) => p.displayName === PROFILE_NAME);
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({
        id: profileId,
        description: DESCRIPTION,
        defaultEnrollmentType: 'accountDrivenUserEnrollment',
        assignments: [
          {
            target: {
              '@odata.type': '#microsoft.graph.groupAssignmentTarget',
              groupId: SEED_IDS.groups.sales,
            },
          },
        ],
      });
      expect(playgrounds.browser?.pageErrors.filter((e) => e.startsWith('uncaught:'))).toEqual([]);
    },
  );
});

test('employee: "create profile" is refused and nothing is created', async () => {
  await explainFailures(
    'wizard-employee',
    () => ({
      page: employeePage,
      bot,
      playground: playgrounds.employee,
      browser: playgrounds.browser,
    }),
    async () => {
      const page = await activate(employeePage);
      const before = (await sandboxProfiles()).map((p) => p.id).sort();
      await openChat(page, 'Personal Chat');
      await sendChatMessage(page, 'create profile');

      const refusal = adaptiveCardWithText(page, 'This is for Intune admins');
      await refusal.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      expect(await cardText(refusal)).toContain(
        'Managing enrollment profiles is limited to Intune Administrators',
      );
      await screenshotCard(page, refusal, 'wizard-7-employee-refusal.png');

      expect(await adaptiveCard(page, WIZARD_HEADING).count()).toBe(0);
      expect((await sandboxProfiles()).map((p) => p.id).sort()).toEqual(before);
    },
  );
});
