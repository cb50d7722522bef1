import {
  ActivityTypes,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type BotAdapter,
} from 'botbuilder';
import { z } from 'zod';

import {
  cardResponse,
  registerCardAction,
  type CardActionHandler,
} from '../../actions/card-actions';
import type { RenderedCard } from '../../cards/render';
import type { DiscoveryCloud } from '../../discovery/service-discovery';
import type { SetupService } from '../../graph/setup-service';
import type { Logger } from '../../logging';
import { pendingChecklist, type ChecklistEntry } from '../../setup-check/checks';
import {
  runSetupChecks,
  type SetupCheckRun,
  type VerifyDomainFn,
} from '../../setup-check/run-checks';
import { renderSetupCheckCard, SETUP_CHECK_RERUN_VERB } from '../../setup-check/setup-check-card';
import { sendCard } from '../context';

import { banner, refusalResponse, sendRefusal, type AdminDeps } from './admin-deps';

/**
 * Finishes a run after the invoke that started it was answered, and puts the final card in place
 * of the card with `activityId`. Must not throw: it runs outside the turn.
 */
export type FinishLater = (
  ctx: TurnContext,
  activityId: string,
  work: () => Promise<RenderedCard>,
  logger: Logger,
) => void;

/** Timings of the setup check flow (tests shorten them). */
export interface CheckSetupTiming {
  /** Progressive card updates start after this long (real tenants are slow). Default 2000 ms. */
  progressAfterMs?: number;
  /** At most one progressive update per this many ms. Default 1000 ms. */
  progressEveryMs?: number;
  /** "Run again" answers with the final card if it is ready within this. Default 3500 ms. */
  invokeBudgetMs?: number;
  /** Budget of a whole run (see runSetupChecks). Default 10 s. */
  deadlineMs?: number;
}

/** Dependencies of the setup check: the admin ones plus Graph's setup reads and the tenant. */
export interface CheckSetupDeps extends AdminDeps {
  setup: SetupService;
  /** The tenant the service discovery file must name. */
  tenantId: string;
  cloud: DiscoveryCloud;
  /** Domain verifier; defaults to verifyDomain. Tests inject a fake so nothing leaves the host. */
  verify?: VerifyDomainFn;
  timing?: CheckSetupTiming;
  /** How "Run again" finishes a slow run; defaults to {@link finishProactively}. */
  finishLater?: FinishLater;
}

/** Card data of "Run again": nothing (zod strips anything Teams or a client adds). */
export const setupCheckRerunSchema = z.object({});

const DEFAULT_TIMING = {
  progressAfterMs: 2000,
  progressEveryMs: 1000,
  invokeBudgetMs: 3500,
} as const;

function cardActivity(card: RenderedCard): Partial<Activity> {
  return { type: ActivityTypes.Message, summary: card.summary, attachments: [card.attachment] };
}

function finalCard(deps: CheckSetupDeps, run: SetupCheckRun): RenderedCard {
  return renderSetupCheckCard({
    items: run.items,
    ...banner(deps),
    elapsedMs: run.elapsedMs,
    checkedAt: deps.now?.() ?? new Date(),
  });
}

function progressCard(deps: CheckSetupDeps, items: ChecklistEntry[]): RenderedCard {
  return renderSetupCheckCard({ items, ...banner(deps) });
}

function run(
  deps: CheckSetupDeps,
  onProgress?: (items: ChecklistEntry[]) => void,
): Promise<SetupCheckRun> {
  return runSetupChecks(
    {
      setup: deps.setup,
      profiles: deps.profiles,
      directory: deps.directory,
      tenantId: deps.tenantId,
      cloud: deps.cloud,
      logger: deps.logger,
      ...(deps.verify ? { verify: deps.verify } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    },
    {
      ...(onProgress ? { onProgress } : {}),
      ...(deps.timing?.deadlineMs ? { deadlineMs: deps.timing.deadlineMs } : {}),
    },
  );
}

/**
 * Throttled in-place updates of the "Checking…" card while a run is in progress: none before
 * `afterMs` (a fast run is shown once, finished), then at most one per `everyMs`, always the
 * latest state, one at a time. A failed update is logged and the run goes on.
 */
class ProgressUpdates {
  private latest: ChecklistEntry[] | undefined;
  private dirty = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private lastAt = 0;
  private chain: Promise<void> = Promise.resolve();

  public constructor(
    private readonly startedAt: number,
    private readonly afterMs: number,
    private readonly everyMs: number,
    private readonly update: (items: ChecklistEntry[]) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  public push(items: ChecklistEntry[]): void {
    if (this.closed) return;
    this.latest = items;
    this.dirty = true;
    this.schedule();
  }

  /** Stops updating and waits for an update in flight, so the final update comes last. */
  public async finish(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.closed) return;
    const due = Math.max(this.startedAt + this.afterMs, this.lastAt + this.everyMs);
    this.timer = setTimeout(() => this.flush(), Math.max(0, due - Date.now()));
  }

  private flush(): void {
    this.timer = undefined;
    const items = this.latest;
    if (this.closed || !this.dirty || !items) return;
    this.dirty = false;
    this.lastAt = Date.now();
    this.chain = this.chain
      .then(() => this.update(items))
      .catch((err: unknown) => this.logger.warn({ err }, 'could not update the setup check card'));
  }
}

/**
 * `check setup`: checks every prerequisite of account-driven User Enrollment. Sends a
 * "Checking…" card at once, then puts the finished checklist in its place (the same message is
 * updated); when the run takes longer than about 2 s, the card also fills in as items finish
 * (at most one update a second). Admins only.
 */
export async function checkSetupCommand(ctx: TurnContext, deps: CheckSetupDeps): Promise<void> {
  const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
  if (!auth.admin) {
    await sendRefusal(ctx, auth);
    return;
  }
  const log = deps.logger.child({ module: 'check-setup' });
  const started = Date.now();
  const activityId = await sendCard(ctx, progressCard(deps, pendingChecklist()));
  const updateCard = async (card: RenderedCard): Promise<void> => {
    if (!activityId) throw new Error('the first card has no activity id');
    await ctx.updateActivity({ ...cardActivity(card), id: activityId });
  };
  const progress = activityId
    ? new ProgressUpdates(
        started,
        deps.timing?.progressAfterMs ?? DEFAULT_TIMING.progressAfterMs,
        deps.timing?.progressEveryMs ?? DEFAULT_TIMING.progressEveryMs,
        (items) => updateCard(progressCard(deps, items)),
        log,
      )
    : undefined;
  let result: SetupCheckRun;
  try {
    result = await run(deps, progress ? (items) => progress.push(items) : undefined);
  } finally {
    await progress?.finish();
  }
  const card = finalCard(deps, result);
  if (activityId) {
    try {
      await updateCard(card);
      return;
    } catch (err) {
      // Some clients and channels cannot update messages: send the result as a new card.
      log.warn({ err }, 'could not update the setup check card; sending a new one');
    }
  }
  await sendCard(ctx, card);
}

/** The identity the adapter authenticated the turn with (what continueConversationAsync takes). */
type TurnIdentity = Parameters<BotAdapter['continueConversationAsync']>[0];

/**
 * Default {@link FinishLater}: waits for the run, then continues the conversation proactively
 * with the identity of the turn that asked (from the adapter's turn state) and updates the card.
 * It deliberately outlives the turn (the invoke was answered already); failures are logged.
 */
export const finishProactively: FinishLater = (ctx, activityId, work, logger) => {
  const adapter = ctx.adapter;
  const identity = ctx.turnState.get<TurnIdentity | undefined>(adapter.BotIdentityKey);
  const reference = TurnContext.getConversationReference(ctx.activity);
  const task = async (): Promise<void> => {
    const card = await work();
    if (!identity) {
      logger.warn('no bot identity on the turn; the setup check card stays as it was');
      return;
    }
    await adapter.continueConversationAsync(identity, reference, async (later) => {
      await later.updateActivity({ ...cardActivity(card), id: activityId });
    });
  };
  // Not awaited on purpose: it must run after the invoke response has been sent.
  void task().catch((err: unknown) =>
    logger.warn({ err }, 'could not update the setup check card after the invoke'),
  );
};

/** Resolves with the run if it finishes within `ms`, else with undefined (the run goes on). */
async function finishedWithin(
  running: Promise<SetupCheckRun>,
  ms: number,
): Promise<SetupCheckRun | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([running, late]);
  } finally {
    clearTimeout(timer);
  }
}

function rerunHandler(
  deps: CheckSetupDeps,
): CardActionHandler<z.infer<typeof setupCheckRerunSchema>> {
  return {
    schema: setupCheckRerunSchema,
    async handle(ctx): Promise<AdaptiveCardInvokeResponse> {
      const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
      if (!auth.admin) return refusalResponse(auth);
      let latest = pendingChecklist();
      const running = run(deps, (items) => {
        latest = items;
      });
      const done = await finishedWithin(
        running,
        deps.timing?.invokeBudgetMs ?? DEFAULT_TIMING.invokeBudgetMs,
      );
      if (done) return cardResponse(finalCard(deps, done));
      // Too slow to answer the invoke with the result: show progress now, finish afterwards.
      const activityId = ctx.activity.replyToId;
      const log = deps.logger.child({ module: 'check-setup' });
      if (activityId) {
        (deps.finishLater ?? finishProactively)(
          ctx,
          activityId,
          async () => finalCard(deps, await running),
          log,
        );
      } else {
        running.catch((err: unknown) => log.warn({ err }, 'setup check failed after the invoke'));
      }
      return cardResponse(progressCard(deps, latest));
    },
  };
}

/** Registers the setup check card's actions ("Run again"). */
export function registerSetupCheckActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: CheckSetupDeps,
): void {
  registerCardAction(registry, SETUP_CHECK_RERUN_VERB, rerunHandler(deps));
}
