import type { Activity } from 'botbuilder';

import { message } from '../test/factories/activities';

/** Which child process a scenario loads. */
export type ScenarioTarget = 'bot' | 'baseline';

/** What a scenario's body factory gets. */
export interface ScenarioContext {
  /** The loopback connector's service URL; put it in every activity so replies reach it. */
  serviceUrl: string;
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
  /** Target: at least this fraction of the baseline's requests/s. None when omitted. */
  minRatioToBaseline?: number;
}

/** Name of the baseline scenario; it always runs and every ratio is against it. */
export const BASELINE_SCENARIO = 'echo-baseline';

/**
 * Every scenario, in run order. To add one, add a row (see bench/README.md). Scenarios that need
 * state first (a wizard in progress) can post a sequence that sets it up.
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
];
