/**
 * End to end: the admin command `check setup` through the Microsoft 365 Agents Playground's web UI,
 * in headless Chromium, against the real bot (in-process, anonymous mode) and its local Intune
 * sandbox. Adele (Intune Administrator) asks for the prerequisite check and must get ONE card that
 * is updated in place: "Checking…" first, then the finished checklist; "Run again" re-checks in the
 * same card. A slow sandbox (latency on one Graph path) makes the in-between states observable:
 * the progressive update of the first run, and a re-run that outlasts the invoke budget and is
 * finished by a proactive update. Screenshots go to test-output/e2e/check-setup*.png, timings to
 * test-output/e2e/check-setup-timings.json.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import type { SandboxRequestRecord } from '../../src/sandbox/sandbox-state';
import { SETUP_SEED_IDS, type SandboxAppAssignment } from '../../src/sandbox/setup-seed';
import { SETUP_CHECKS, type SetupCheckId } from '../../src/setup-check/checks';
import { STATUS_ICONS } from '../../src/setup-check/setup-check-card';

import {
  adaptiveCard,
  E2E_OUTPUT_DIR,
  explainFailures,
  launchChromium,
  loadMockTenant,
  messagesFrom,
  openChat,
  openPlayground,
  screenshotCard,
  sendChatMessage,
  startBot,
  startPlayground,
  UI_TIMEOUT_MS,
  type E2eBot,
  type E2eBrowser,
  type FailureSources,
  type PlaygroundProcess,
  tearDownAll,
} from './support';

jest.setTimeout(45_000);

const tenant = loadMockTenant();

const CARD_HEADING = 'Account-driven User Enrollment: setup check';
/** "5 passed · 2 warnings · 1 failed · 1 to check yourself" (optional parts at the end). */
const FINISHED_SUMMARY =
  /^(\d+) passed · (\d+) warnings? · (\d+) failed(?: · (\d+) could not be checked)?(?: · (\d+) to check yourself)?$/;
/** Bound for a run to show up finished in the UI (the run's own budget is 10 s). */
const FINISH_TIMEOUT_MS = 10_000;
/** The first Graph reads of a run, which start together. */
const FIRST_WAVE = [
  '/v1.0/organization',
  '/beta/deviceManagement/applePushNotificationCertificate',
  '/beta/deviceAppManagement/mobileApps',
  '/beta/deviceManagement/deviceConfigurations',
  '/v1.0/domains',
  '/beta/deviceManagement/appleUserInitiatedEnrollmentProfiles',
];
const DOMAINS_PATH = '/v1.0/domains';
/** Log lines the flow writes when it could not update the card in place. */
const UPDATE_FAILED = /could not update the setup check card/;

let bot: E2eBot | undefined;
let playground: PlaygroundProcess | undefined;
let browser: E2eBrowser | undefined;
let page: Page;
/** Milestones of each scenario, in ms, written to check-setup-timings.json. */
const timings: Record<string, Record<string, number>> = {};

beforeAll(async () => {
  bot = await startBot();
  playground = await startPlayground({
    botEndpoint: bot.endpoint,
    logFile: path.join(E2E_OUTPUT_DIR, 'playground-check-setup.log'),
  });
  // Tall enough for the whole nine-item checklist in one screenshot.
  browser = await launchChromium({ width: 1400, height: 1500 });
  page = await browser.newPage();
  await openPlayground(page, playground.url);
  await openChat(page, 'Personal Chat');
  // The welcome card (sent on installation) must be in before messages are counted.
  await messagesFrom(page, tenant.bot.name).first().waitFor({ timeout: UI_TIMEOUT_MS });
}, 40_000);

afterAll(async () => {
  fs.mkdirSync(E2E_OUTPUT_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(E2E_OUTPUT_DIR, 'check-setup-timings.json'),
    `${JSON.stringify(timings, null, 2)}\n`,
  );
  await tearDownAll([() => browser?.close(), () => playground?.stop(), () => bot?.stop()]);
}, 30_000);

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function sandboxState(): NonNullable<E2eBot['app']['sandbox']>['state'] {
  const sandbox = bot?.app.sandbox;
  if (!sandbox) throw new Error('the bot did not start its local Intune sandbox');
  return sandbox.state;
}

/** Every setup check card in the open chat (not only the newest). */
function setupCards(): Locator {
  return page
    .locator('.ac-adaptiveCard')
    .filter({ has: page.getByRole('heading', { name: CARD_HEADING, exact: true }) });
}

/** Messages of the bot in the open chat. */
function botMessages(): Locator {
  return messagesFrom(page, tenant.bot.name);
}

/** One row of the rendered checklist. */
interface ChecklistRow {
  icon: string;
  title: string;
  detail: string;
  /** "Fix: …" or "What to check: …", or ''. */
  fix: string;
}

/** The rendered setup check card, read back from the page. */
interface Checklist {
  summary: string;
  rows: ChecklistRow[];
  footer: string;
}

const ICONS = new Set<string>(Object.values(STATUS_ICONS));
const fold = (text: string): string => text.replace(/[\s\u00a0]+/g, ' ').trim();

/**
 * Reads the card's TextBlocks in document order: sandbox notice, heading, summary, then per row
 * the icon, the title, the detail and an optional fix line, then the footer.
 */
async function readChecklist(card: Locator): Promise<Checklist> {
  const blocks = (await card.locator('.ac-textBlock').allInnerTexts()).map(fold);
  const heading = blocks.indexOf(CARD_HEADING);
  if (heading === -1) return { summary: '', rows: [], footer: '' };
  const rows: ChecklistRow[] = [];
  let i = heading + 2;
  while (i < blocks.length && ICONS.has(blocks[i] ?? '')) {
    const row: ChecklistRow = {
      icon: blocks[i] ?? '',
      title: blocks[i + 1] ?? '',
      detail: blocks[i + 2] ?? '',
      fix: '',
    };
    i += 3;
    if (/^(Fix|What to check):/.test(blocks[i] ?? '')) {
      row.fix = blocks[i] ?? '';
      i += 1;
    }
    rows.push(row);
  }
  return { summary: blocks[heading + 1] ?? '', rows, footer: blocks.slice(i).join(' ') };
}

/** Polls the card (every 100 ms, up to `timeoutMs`) until `ready` holds; returns what it saw. */
async function waitForChecklist(
  card: Locator,
  what: string,
  ready: (checklist: Checklist) => boolean,
  timeoutMs = FINISH_TIMEOUT_MS,
): Promise<Checklist> {
  const deadline = Date.now() + timeoutMs;
  let last: Checklist | undefined;
  for (;;) {
    // The card may be re-rendered while it is read; the next poll sees it whole.
    last = (await readChecklist(card).catch(() => undefined)) ?? last;
    if (last && ready(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `the setup check card did not show ${what} within ${timeoutMs} ms; last seen:\n` +
          JSON.stringify(last, null, 2),
      );
    }
    await delay(100);
  }
}

/** Waits until `locator` matches exactly `n` elements (bounded). */
async function waitForCount(locator: Locator, n: number, what: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  let count = await locator.count();
  while (count !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} ${what}, the chat shows ${count}`);
    await delay(100);
    count = await locator.count();
  }
}

const titleOf = (id: SetupCheckId): string => SETUP_CHECKS.find((c) => c.id === id)?.title ?? id;

function rowOf(checklist: Checklist, id: SetupCheckId): ChecklistRow {
  const row = checklist.rows.find((r) => r.title === titleOf(id));
  if (!row) throw new Error(`no "${titleOf(id)}" row in ${JSON.stringify(checklist)}`);
  return row;
}

/** Every item finished, the summary with its counts, the footer with the run's duration. */
function isFinished(checklist: Checklist): boolean {
  return (
    checklist.rows.length === SETUP_CHECKS.length &&
    checklist.rows.every((r) => r.icon !== STATUS_ICONS.pending) &&
    FINISHED_SUMMARY.test(checklist.summary) &&
    /^Checked in \d+\.\d s at /.test(checklist.footer)
  );
}

/** Only `id` is still being checked ("8 of 9 done"). */
function onlyPending(id: SetupCheckId): (checklist: Checklist) => boolean {
  return (checklist) =>
    checklist.rows.length === SETUP_CHECKS.length &&
    checklist.rows.every((r) => (r.title === titleOf(id)) === (r.icon === STATUS_ICONS.pending));
}

/** Seconds of the run as the footer reports them ("Checked in 3.0 s at …"). */
function footerSeconds(checklist: Checklist): number {
  return Number(/^Checked in (\d+\.\d) s/.exec(checklist.footer)?.[1] ?? NaN);
}

/**
 * The finished checklist as the default sandbox produces it: every title in order, the summary's
 * counts equal to the icons shown, MDM authority passed, the service discovery file failed
 * (the seeded contoso.example is a reserved name that never resolves), Managed Apple IDs manual.
 */
function expectFinishedChecklist(checklist: Checklist): void {
  expect(checklist.rows.map((r) => r.title)).toEqual(SETUP_CHECKS.map((c) => c.title));
  const icons = checklist.rows.map((r) => r.icon);
  const count = (icon: string): number => icons.filter((i) => i === icon).length;
  const [, pass, warn, fail, error, manual] = FINISHED_SUMMARY.exec(checklist.summary) ?? [];
  expect([pass, warn, fail, error ?? '0', manual ?? '0'].map(Number)).toEqual([
    count(STATUS_ICONS.pass),
    count(STATUS_ICONS.warn),
    count(STATUS_ICONS.fail),
    count(STATUS_ICONS.error),
    count(STATUS_ICONS.manual),
  ]);
  expect(rowOf(checklist, 'mdm-authority')).toMatchObject({
    icon: STATUS_ICONS.pass,
    detail: 'The MDM authority is Microsoft Intune.',
  });
  expect(rowOf(checklist, 'service-discovery').icon).toBe(STATUS_ICONS.fail);
  expect(rowOf(checklist, 'service-discovery').detail).toContain('contoso.example');
  expect(rowOf(checklist, 'managed-apple-ids').icon).toBe(STATUS_ICONS.manual);
  for (const row of checklist.rows) {
    expect(row.detail).not.toBe('');
    expect(row.detail).not.toBe('Checking…');
  }
}

/** The sandbox's Graph requests from index `from` on. */
function requestsSince(from: number): SandboxRequestRecord[] {
  return sandboxState().requests.slice(from);
}

/** The first-wave reads were all made and answered 200 (and nothing but reads was sent). */
function expectGraphReads(requests: readonly SandboxRequestRecord[]): void {
  const paths = requests.map((r) => r.path);
  expect(paths).toEqual(expect.arrayContaining(FIRST_WAVE));
  expect(paths).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^\/beta\/deviceManagement\/appleUserInitiatedEnrollmentProfiles\/[^/]+\/assignments$/,
      ),
      expect.stringMatching(/^\/v1\.0\/groups\/[^/]+$/),
    ]),
  );
  expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
  expect(requests.filter((r) => r.status !== 200)).toEqual([]);
}

function first(requests: readonly SandboxRequestRecord[], p: string): SandboxRequestRecord {
  const found = requests.find((r) => r.path === p);
  if (!found) throw new Error(`no ${p} request in ${requests.map((r) => r.path).join(', ')}`);
  return found;
}

const sources = (): FailureSources => ({ page, bot, playground, browser });

test('"check setup": the finished checklist, in one card updated in place', async () => {
  await explainFailures('check-setup', sources, async () => {
    const messagesBefore = await botMessages().count();
    const cardsBefore = await setupCards().count();
    const requestsBefore = sandboxState().requests.length;
    const started = Date.now();

    await sendChatMessage(page, 'check setup');
    const card = adaptiveCard(page, CARD_HEADING);
    await card.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const cardShown = Date.now() - started;
    const checklist = await waitForChecklist(card, 'the finished checklist', isFinished);
    const finished = Date.now() - started;

    expectFinishedChecklist(checklist);
    expect(await card.getByText('⏳').count()).toBe(0);
    await card.getByRole('button', { name: 'Run again', exact: true }).waitFor();
    // ONE card: the "Checking…" card was updated, not followed by a second message.
    await delay(500); // a second message, if any, would have arrived by now
    expect(await setupCards().count()).toBe(cardsBefore + 1);
    expect(await botMessages().count()).toBe(messagesBefore + 1);
    expect(bot?.logLines.filter((l) => UPDATE_FAILED.test(l))).toEqual([]);

    expectGraphReads(requestsSince(requestsBefore));
    await screenshotCard(page, card, 'check-setup.png');
    timings['check setup'] = { cardShown, finished, runSeconds: footerSeconds(checklist) };
  });
});

test('"Run again" after a fix re-checks in the same card', async () => {
  await explainFailures('check-setup-rerun', sources, async () => {
    const state = sandboxState();
    const card = adaptiveCard(page, CARD_HEADING);
    const before = await readChecklist(card);
    // Seeded warning: Authenticator is Required only for the pilot group.
    expect(rowOf(before, 'authenticator').icon).toBe(STATUS_ICONS.warn);
    const messagesBefore = await botMessages().count();
    const cardsBefore = await setupCards().count();
    const requestsBefore = state.requests.length;
    const authenticator = state.mobileApps.get(SETUP_SEED_IDS.apps.authenticator);
    if (!authenticator) throw new Error('no Authenticator app in the sandbox');
    const seeded: SandboxAppAssignment[] = structuredClone(authenticator.assignments);
    try {
      // The admin fixes it in Intune: Required for all users.
      state.setAuthenticatorAssignments([
        {
          intent: 'required',
          target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' },
        },
      ]);
      const started = Date.now();
      await card.getByRole('button', { name: 'Run again', exact: true }).click();
      const checklist = await waitForChecklist(
        card,
        'Authenticator passed',
        (c) => isFinished(c) && rowOf(c, 'authenticator').icon === STATUS_ICONS.pass,
      );
      const finished = Date.now() - started;

      expectFinishedChecklist(checklist);
      expect(rowOf(checklist, 'authenticator').detail).toBe('Required for all users.');
      await delay(500);
      expect(await setupCards().count()).toBe(cardsBefore);
      expect(await botMessages().count()).toBe(messagesBefore);
      expectGraphReads(requestsSince(requestsBefore));
      await screenshotCard(page, card, 'check-setup-rerun.png');
      timings['Run again'] = { finished, runSeconds: footerSeconds(checklist) };
    } finally {
      authenticator.assignments = seeded;
    }
  });
});

test('slow tenant: "Checking…", then progress, then the result, all in one card', async () => {
  await explainFailures('check-setup-slow', sources, async () => {
    const state = sandboxState();
    const messagesBefore = await botMessages().count();
    const cardsBefore = await setupCards().count();
    const requestsBefore = state.requests.length;
    // Progress updates start 2 s into a run; the domains read answers after 3 s.
    state.setLatency(3_000, DOMAINS_PATH);
    try {
      const started = Date.now();
      await sendChatMessage(page, 'check setup');
      await waitForCount(setupCards(), cardsBefore + 1, 'setup check cards');
      const card = adaptiveCard(page, CARD_HEADING);

      const checking = await waitForChecklist(
        card,
        'every item ⏳',
        (c) =>
          c.rows.length === SETUP_CHECKS.length &&
          c.rows.every((r) => r.icon === STATUS_ICONS.pending),
      );
      const checkingShown = Date.now() - started;
      expect(checking.summary).toBe(`⏳ Checking… 0 of ${SETUP_CHECKS.length} done.`);
      expect(checking.rows.every((r) => r.detail === 'Checking…')).toBe(true);
      expect(checking.footer).toMatch(/^Reading your Intune settings/);
      await screenshotCard(page, card, 'check-setup-checking.png');

      const progress = await waitForChecklist(
        card,
        'only the service discovery item ⏳',
        onlyPending('service-discovery'),
      );
      const progressShown = Date.now() - started;
      expect(progress.summary).toBe(
        `⏳ Checking… ${SETUP_CHECKS.length - 1} of ${SETUP_CHECKS.length} done.`,
      );
      expect(rowOf(progress, 'mdm-authority').icon).toBe(STATUS_ICONS.pass);
      await screenshotCard(page, card, 'check-setup-progress.png');

      const checklist = await waitForChecklist(card, 'the finished checklist', isFinished);
      const finished = Date.now() - started;
      expectFinishedChecklist(checklist);
      expect(footerSeconds(checklist)).toBeGreaterThanOrEqual(3);

      await delay(500);
      expect(await setupCards().count()).toBe(cardsBefore + 1);
      expect(await botMessages().count()).toBe(messagesBefore + 1);
      expect(bot?.logLines.filter((l) => UPDATE_FAILED.test(l))).toEqual([]);

      // The reads ran in parallel: none of them waited for the slow domains read.
      const requests = requestsSince(requestsBefore);
      expectGraphReads(requests);
      const domains = first(requests, DOMAINS_PATH);
      expect(domains.answeredAt - domains.receivedAt).toBeGreaterThanOrEqual(2_900);
      for (const p of FIRST_WAVE.filter((x) => x !== DOMAINS_PATH)) {
        expect(first(requests, p).receivedAt).toBeLessThan(domains.answeredAt);
      }
      timings['slow check setup'] = {
        checkingShown,
        progressShown,
        finished,
        runSeconds: footerSeconds(checklist),
      };
    } finally {
      state.setLatency(0);
    }
  });
});

test('slow tenant: "Run again" past the invoke budget is finished by a proactive update', async () => {
  await explainFailures('check-setup-slow-rerun', sources, async () => {
    const state = sandboxState();
    const card = adaptiveCard(page, CARD_HEADING);
    const messagesBefore = await botMessages().count();
    const cardsBefore = await setupCards().count();
    // The invoke is answered after 3.5 s with the progress so far; the run needs 5 s.
    state.setLatency(5_000, DOMAINS_PATH);
    try {
      const started = Date.now();
      await card.getByRole('button', { name: 'Run again', exact: true }).click();
      const progress = await waitForChecklist(
        card,
        'only the service discovery item ⏳',
        onlyPending('service-discovery'),
      );
      const progressShown = Date.now() - started;
      expect(progress.footer).toMatch(/^Reading your Intune settings/);

      const checklist = await waitForChecklist(card, 'the finished checklist', isFinished);
      const finished = Date.now() - started;
      expectFinishedChecklist(checklist);
      expect(footerSeconds(checklist)).toBeGreaterThanOrEqual(5);

      await delay(500);
      expect(await setupCards().count()).toBe(cardsBefore);
      expect(await botMessages().count()).toBe(messagesBefore);
      expect(bot?.logLines.filter((l) => UPDATE_FAILED.test(l))).toEqual([]);
      await screenshotCard(page, card, 'check-setup-slow-rerun.png');
      timings['slow Run again'] = {
        progressShown,
        finished,
        runSeconds: footerSeconds(checklist),
      };
    } finally {
      state.setLatency(0);
    }
  });
  expect(browser?.pageErrors.filter((e) => e.startsWith('uncaught:'))).toEqual([]);
});
