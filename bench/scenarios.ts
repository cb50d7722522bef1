import type { Activity } from 'botbuilder';

import { ADAPTIVE_CARD_CONTENT_TYPE } from '../src/cards/render';
import { VERBS } from '../src/cards/verbs';
import { SEED_IDS } from '../src/sandbox/seed';
import { cardAction, message } from '../test/factories/activities';

/** Which child process a scenario loads. */
export type ScenarioTarget = 'bot' | 'baseline';

/** What a scenario's body factory gets. */
export interface ScenarioContext {
  /** The loopback connector's service URL; put it in every activity so replies reach it. */
  serviceUrl: string;
  /** What the scenario's {@link Scenario.setup} resolved with; undefined without a setup. */
  setup: unknown;
}

/** One activity posted by a setup, and what came back for it. */
export interface SetupExchange {
  /** HTTP status of `POST /api/messages`. */
  status: number;
  /** The parsed JSON response body (an invoke's answer); undefined when empty or not JSON. */
  body: unknown;
  /** Activities the connector received for this post (the bot's replies), in arrival order. */
  replies: Record<string, unknown>[];
}

/** What a scenario's setup gets: the target, reached the same way the load reaches it. */
export interface SetupContext {
  /** The loopback connector's service URL; put it in every activity so replies reach it. */
  serviceUrl: string;
  /**
   * Posts one activity to the target and waits (bounded) until the connector received
   * `replies` replies for it (default 0).
   */
  send(activity: Partial<Activity>, replies?: number): Promise<SetupExchange>;
}

/**
 * One benchmark scenario: a row of {@link SCENARIOS}. Every connection posts `body` to
 * `POST /api/messages` of the target, in a loop, for the measured duration.
 */
export interface Scenario {
  /** Name shown in the table and accepted by `--scenario`. */
  name: string;
  /** One line on what is measured. */
  description: string;
  target: ScenarioTarget;
  /**
   * Runs once against the target before the warm-up, for state the measured request needs (a
   * wizard in progress). Its result reaches `body` as `ctx.setup`. A setup that throws fails
   * the bench run.
   */
  setup?: (ctx: SetupContext) => Promise<unknown>;
  /**
   * The activity to post. Return an array to post a sequence instead: each connection cycles
   * through it in order (for multi-step flows).
   */
  body: (ctx: ScenarioContext) => Partial<Activity> | Partial<Activity>[];
  /**
   * Replies the connector should receive per request (per request on average, for a sequence).
   * 1 for a message answered with one reply; 0 for an invoke answered in the HTTP body.
   * Defaults to 1.
   */
  repliesPerRequest?: number;
  /**
   * Proactive messages the bot may send on its own per second (the helpdesk outbox posting and
   * updating alert cards, at most Teams' 7 per second per conversation) on top of the replies.
   * Allowed for the warm-up, the measured time and the quiet wait. 0 when omitted.
   */
  proactivePerSecond?: number;
  /**
   * Checks every measured response (HTTP status and body): returns why it is wrong, or
   * undefined when it is right. Wrong responses flag the run. None when omitted.
   */
  checkResponse?: (status: number, body: string) => string | undefined;
  /** Target: at least this fraction of the baseline's requests/s. None when omitted. */
  minRatioToBaseline?: number;
  /** Target: 99th-percentile latency below this many ms. None when omitted. */
  maxP99Ms?: number;
}

/** Name of the baseline scenario; it always runs and every ratio is against it. */
export const BASELINE_SCENARIO = 'echo-baseline';

/** Adele Vance, the sandbox's Intune Administrator, as Teams sends her in `from`. */
const ADELE = {
  id: '29:adele-vance',
  name: 'Adele Vance',
  aadObjectId: SEED_IDS.users.adele,
};

/** A seeded profile's name: Next on Basics with it stays on Basics (duplicate name). */
const EXISTING_PROFILE_NAME = 'iOS BYOD – Account driven UE';
const DUPLICATE_NAME_ERROR = 'A profile with this name already exists';

/** The wizard run a `create profile` started: what a Basics card's buttons carry. */
interface WizardRun {
  runId: string;
  version: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isWizardRun(value: unknown): value is WizardRun {
  return isRecord(value) && typeof value.runId === 'string' && typeof value.version === 'number';
}

/** The `data` of the first action with `verb` in a card (body and action sets included). */
function actionData(node: unknown, verb: string): unknown {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = actionData(item, verb);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(node)) return undefined;
  if (node.type === 'Action.Execute' && node.verb === verb) return node.data;
  return actionData([node.body, node.actions, node.items, node.card], verb);
}

/** The wizard's Next step as Adele submits it from the Basics page, naming a seeded profile. */
function wizardNextWithExistingName(run: WizardRun, serviceUrl: string): Partial<Activity> {
  return cardAction(
    VERBS.wizardNext,
    { runId: run.runId, version: run.version, name: EXISTING_PROFILE_NAME, description: '' },
    { serviceUrl, from: ADELE },
  );
}

/** Why an invoke answer is not the Basics card with the duplicate-name error, if it is not. */
function checkDuplicateNameAnswer(status: number, body: string): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'the body is not JSON';
  }
  if (!isRecord(parsed) || parsed.statusCode !== 200) {
    return `statusCode ${isRecord(parsed) ? String(parsed.statusCode) : 'missing'} in the body`;
  }
  if (parsed.type !== ADAPTIVE_CARD_CONTENT_TYPE) return `body type ${String(parsed.type)}`;
  if (!body.includes(DUPLICATE_NAME_ERROR)) return 'not the Basics card with the name error';
  return undefined;
}

/**
 * Starts a wizard run as Adele (`create profile`), reads the run from the Basics card the
 * connector received, and checks one Next with a seeded profile's name answers as measured.
 */
async function startWizardRun({ serviceUrl, send }: SetupContext): Promise<WizardRun> {
  const started = await send(message('create profile', { serviceUrl, from: ADELE }), 1);
  const cards = started.replies.flatMap((r) =>
    Array.isArray(r.attachments) ? (r.attachments as unknown[]) : [],
  );
  const data = cards
    .map((a) => actionData(isRecord(a) ? a.content : undefined, VERBS.wizardNext))
    .find((d) => d !== undefined);
  if (!isWizardRun(data)) {
    throw new Error(
      `"create profile" as Adele did not answer with the wizard's Basics card ` +
        `(HTTP ${started.status}, ${started.replies.length} replies)`,
    );
  }
  const run = { runId: data.runId, version: data.version };
  const probe = await send(wizardNextWithExistingName(run, serviceUrl));
  const problem = checkDuplicateNameAnswer(probe.status, JSON.stringify(probe.body ?? null));
  if (problem) throw new Error(`the first wizard step did not answer as expected: ${problem}`);
  return run;
}

/**
 * Every scenario, in run order. To add one, add a row (see bench/README.md). Scenarios that need
 * state first (a wizard in progress) get it from a `setup`, or post a sequence that sets it up.
 */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: BASELINE_SCENARIO,
    description: 'minimal botbuilder echo bot, text "hello"',
    target: 'baseline',
    body: ({ serviceUrl }) => message('hello', { serviceUrl }),
  },
  {
    name: 'help',
    description: 'real bot, personal chat, text "help" (help card reply)',
    target: 'bot',
    body: ({ serviceUrl }) => message('help', { serviceUrl }),
    minRatioToBaseline: 0.8,
  },
  {
    name: 'question',
    description: 'real bot, personal chat, employee questions in rotation (answer cards)',
    target: 'bot',
    body: ({ serviceUrl }) =>
      [
        'can my employer see my photos',
        'why is microsoft authenticator needed',
        'what gets deleted if I unenroll my ipad',
        'the sso application has been installed error',
        'which ios version do i need',
        'what is a managed apple id',
      ].map((q) => message(q, { serviceUrl })),
    minRatioToBaseline: 0.7,
  },
  {
    name: 'wizard-step',
    description: 'real bot, admin wizard Next on Basics, existing name (invoke: same page + error)',
    target: 'bot',
    setup: startWizardRun,
    body: ({ serviceUrl, setup }) => {
      if (!isWizardRun(setup)) throw new Error('wizard-step needs the run its setup started');
      return wizardNextWithExistingName(setup, serviceUrl);
    },
    repliesPerRequest: 0,
    checkResponse: checkDuplicateNameAnswer,
    maxP99Ms: 300,
  },
  {
    name: 'report-ack',
    description:
      'employee submits the enrollment failure form (invoke): diagnose, file the ticket, group, enqueue the alert, answer',
    target: 'bot',
    body: ({ serviceUrl }) =>
      cardAction(
        VERBS.helpdeskReportSubmit,
        {
          step: 'sign-in',
          errorText: 'Sign In Failed: the Enrollment SSO application has been installed',
          deviceModel: 'iPhone 15',
          osVersion: '17.4.1',
          ownership: 'personal',
          when: '',
        },
        {
          serviceUrl,
          from: { aadObjectId: 'eeeeeeee-0000-4000-8000-000000000002', name: 'Megan Bowen' },
        },
      ),
    repliesPerRequest: 0,
    maxP99Ms: 500,
  },
  {
    name: 'report-ack-channel',
    description:
      'as report-ack, with the helpdesk channel set: every report also updates its incident card through the outbox, whose channel backlog grows for the whole run (≤ 7 posts/s)',
    target: 'bot',
    setup: async ({ serviceUrl, send }) => {
      await send(message('set helpdesk channel', { serviceUrl, scope: 'team', from: ADELE }), 1);
      return undefined;
    },
    body: ({ serviceUrl }) =>
      ['Sign In Failed: the Enrollment SSO application has been installed', 'DeviceCapReached'].map(
        (errorText, i) =>
          cardAction(
            VERBS.helpdeskReportSubmit,
            {
              step: 'sign-in',
              errorText,
              deviceModel: 'iPhone 15',
              osVersion: '17.4.1',
              ownership: 'personal',
              when: '',
            },
            {
              serviceUrl,
              from: {
                aadObjectId: `eeeeeeee-0000-4000-8000-00000000000${i + 2}`,
                name: 'Megan Bowen',
              },
            },
          ),
      ),
    repliesPerRequest: 0,
    // One channel, 7 posts/updates per second at most (Teams' per-conversation limit).
    proactivePerSecond: 7,
    maxP99Ms: 500,
  },
];
