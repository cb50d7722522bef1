/**
 * The `check setup` flow and its "Run again" action on botbuilder's TestAdapter: the "Checking…"
 * card is sent at once and updated in place (progressively when the run is slow), non-admins are
 * refused, and "Run again" answers within the invoke budget or finishes afterwards.
 */
import {
  TestAdapter,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from 'botbuilder';
import pino from 'pino';

import { type CardActionHandler } from '../../src/actions/card-actions';
import { handleCardAction } from '../../src/bot/card-actions';
import type { RenderedCard } from '../../src/cards/render';
import {
  checkSetupCommand,
  finishProactively,
  registerSetupCheckActions,
  setupCheckRerunSchema,
  type CheckSetupDeps,
  type FinishLater,
} from '../../src/flows/admin/check-setup';
import { SETUP_CHECKS } from '../../src/setup-check/checks';
import { SETUP_CHECK_RERUN_VERB } from '../../src/setup-check/setup-check-card';
import { AuditLog } from '../../src/storage/audit-log';
import { cardAction, message, USER } from '../factories/activities';
import { seededIntune } from '../fakes/fake-intune';
import { FakeSetup } from '../fakes/fake-setup';
import { MemoryStateStorage } from '../fakes/memory-state-storage';
import { validateCard, textBlocks } from '../helpers/card-validation';
import { domainReport, NOW } from '../unit/setup-check/builders';

const ADMIN = USER.aadObjectId;

interface Flow {
  deps: CheckSetupDeps;
  setup: FakeSetup;
  logLines: string[];
}

function flow(overrides: Partial<CheckSetupDeps> = {}): Flow {
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const setup = new FakeSetup();
  const intune = seededIntune();
  const storage = new MemoryStateStorage();
  const deps: CheckSetupDeps = {
    profiles: intune,
    directory: intune,
    storage,
    audit: new AuditLog(storage),
    logger,
    authorize: (id) => Promise.resolve({ admin: id === ADMIN }),
    sandbox: true,
    sandboxNotice: '🧪 Local Intune sandbox: no real tenant is changed.',
    setup,
    tenantId: '6f1c3f9e-7d1a-4a55-9d8e-2b8f8f2a9c01',
    cloud: 'global',
    verify: (domain) => Promise.resolve(domainReport(domain, 'pass')),
    now: () => NOW,
    ...overrides,
  };
  return { deps, setup, logLines };
}

function contentOf(activity: Partial<Activity> | undefined): Record<string, unknown> {
  const content = activity?.attachments?.[0]?.content as Record<string, unknown> | undefined;
  if (!content) throw new Error(`no card in ${JSON.stringify(activity)}`);
  return content;
}

const pendingRows = (card: unknown): number =>
  textBlocks(card).filter((t) => t === 'Checking…').length;

interface Turn {
  sent: Partial<Activity>[];
  updates: { at: number; activity: Partial<Activity> }[];
}

/** Runs `check setup` in one turn, recording what was sent and every in-place update. */
async function checkSetup(
  deps: CheckSetupDeps,
  options: { from?: string; failUpdates?: boolean } = {},
): Promise<Turn> {
  const turn: Turn = { sent: [], updates: [] };
  const adapter = new TestAdapter(async (ctx) => {
    ctx.onSendActivities(async (_c, activities, next) => {
      turn.sent.push(...activities);
      return next();
    });
    ctx.onUpdateActivity(async (_c, activity, next) => {
      if (options.failUpdates) throw new Error('update not allowed');
      turn.updates.push({ at: Date.now(), activity });
      return next();
    });
    await checkSetupCommand(ctx, deps);
  });
  await adapter.processActivity(
    message('check setup', { from: { aadObjectId: options.from ?? ADMIN } }),
  );
  return turn;
}

describe('check setup', () => {
  it('refuses non-admins without reading Graph', async () => {
    const f = flow();
    const turn = await checkSetup(f.deps, { from: 'someone-else' });
    expect(turn.sent).toHaveLength(1);
    expect(textBlocks(contentOf(turn.sent[0]))).toContain('This is for Intune admins');
    expect(f.setup.calls).toEqual([]);
  });

  it('sends the Checking… card at once and replaces it with the result (fast run: one update)', async () => {
    const f = flow();
    const turn = await checkSetup(f.deps);
    expect(turn.sent).toHaveLength(1);
    const first = contentOf(turn.sent[0]);
    expect(validateCard(first)).toEqual([]);
    expect(pendingRows(first)).toBe(SETUP_CHECKS.length);
    expect(textBlocks(first)).toContain('🧪 Local Intune sandbox: no real tenant is changed.');
    expect(turn.updates).toHaveLength(1);
    const update = turn.updates[0]!.activity;
    expect(update.id).toBe(turn.sent[0]!.id);
    expect(update.id).toBeTruthy();
    const final = contentOf(update);
    expect(validateCard(final)).toEqual([]);
    expect(pendingRows(final)).toBe(0);
    expect(textBlocks(final)).toContain('8 passed · 1 warning · 0 failed · 1 to check yourself');
    expect(update.summary).toMatch(/^Setup check: 8 passed/);
  });

  it('updates the card progressively, at most once per interval, when the run is slow', async () => {
    const f = flow({ timing: { progressAfterMs: 100, progressEveryMs: 150 } });
    f.setup.delayMs.mdmAuthority = 10;
    f.setup.delayMs.applePushCertificate = 180;
    f.setup.delayMs.iosDeviceFeaturesConfigurations = 260;
    f.setup.delayMs.domains = 900;
    const started = Date.now();
    const turn = await checkSetup(f.deps);
    const progress = turn.updates.slice(0, -1);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    // Nothing before progressAfterMs, then spaced by at least progressEveryMs (timer slack aside).
    expect(progress[0]!.at - started).toBeGreaterThanOrEqual(90);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.at - progress[i - 1]!.at).toBeGreaterThanOrEqual(140);
    }
    const pendings = turn.updates.map((u) => pendingRows(contentOf(u.activity)));
    expect(pendings[0]).toBeGreaterThan(0);
    expect(pendings[0]).toBeLessThan(9);
    expect(pendings.at(-1)).toBe(0);
    expect(new Set(turn.updates.map((u) => u.activity.id))).toEqual(new Set([turn.sent[0]!.id]));
  });

  it('sends the result as a new card when the first one cannot be updated', async () => {
    const f = flow();
    const turn = await checkSetup(f.deps, { failUpdates: true });
    expect(turn.sent).toHaveLength(2);
    expect(pendingRows(contentOf(turn.sent[1]))).toBe(0);
    expect(f.logLines.join('\n')).toMatch(/could not update the setup check card/);
  });
});

describe('Run again', () => {
  async function rerun(
    deps: CheckSetupDeps,
    options: { from?: string; data?: unknown } = {},
  ): Promise<AdaptiveCardInvokeResponse> {
    const registry = new Map<string, CardActionHandler<unknown>>();
    registerSetupCheckActions(registry, deps);
    let response: AdaptiveCardInvokeResponse | undefined;
    const adapter = new TestAdapter(async (ctx) => {
      response = await handleCardAction(
        ctx,
        ctx.activity.value as AdaptiveCardInvokeValue,
        registry,
        deps.logger,
      );
    });
    await adapter.processActivity(
      cardAction(SETUP_CHECK_RERUN_VERB, options.data ?? {}, {
        from: { aadObjectId: options.from ?? ADMIN },
        overrides: { replyToId: 'card-activity-1' },
      }),
    );
    if (!response) throw new Error('no invoke response');
    return response;
  }

  it('answers with the finished checklist when it is ready within the budget', async () => {
    const f = flow();
    const response = await rerun(f.deps);
    expect(response.statusCode).toBe(200);
    const card = response.value;
    expect(validateCard(card)).toEqual([]);
    expect(pendingRows(card)).toBe(0);
  });

  it('answers with progress and finishes the card afterwards when the run is slow', async () => {
    const later: { activityId: string; work: () => Promise<RenderedCard> }[] = [];
    const finishLater: FinishLater = (_ctx, activityId, work) => later.push({ activityId, work });
    const f = flow({ timing: { invokeBudgetMs: 50 }, finishLater });
    f.setup.delayMs.domains = 250;
    const response = await rerun(f.deps);
    expect(response.statusCode).toBe(200);
    expect(pendingRows(response.value)).toBeGreaterThan(0);
    expect(later).toHaveLength(1);
    expect(later[0]!.activityId).toBe('card-activity-1');
    const final = await later[0]!.work();
    expect(pendingRows(final.attachment.content)).toBe(0);
  });

  it('refuses non-admins with a 403 and reads nothing', async () => {
    const f = flow();
    const response = await rerun(f.deps, { from: 'someone-else' });
    expect(response).toMatchObject({ statusCode: 403, type: 'application/vnd.microsoft.error' });
    expect(f.setup.calls).toEqual([]);
  });

  it('rejects data that is not an object with a 400', async () => {
    const f = flow();
    expect((await rerun(f.deps, { data: 'nope' })).statusCode).toBe(400);
    expect(f.setup.calls).toEqual([]);
  });

  it('parses its data with a schema that accepts {} and drops anything else', () => {
    expect(setupCheckRerunSchema.parse({})).toEqual({});
    expect(setupCheckRerunSchema.parse({ verb: 'x', extra: 1 })).toEqual({});
    expect(setupCheckRerunSchema.safeParse('x').success).toBe(false);
    expect(setupCheckRerunSchema.safeParse(null).success).toBe(false);
  });
});

describe('finishProactively', () => {
  async function inTurn(logic: (ctx: TurnContext, adapter: TestAdapter) => void): Promise<void> {
    const adapter: TestAdapter = new TestAdapter((ctx) => {
      logic(ctx, adapter);
      return Promise.resolve();
    });
    await adapter.processActivity(message('x'));
  }
  const card = (): Promise<RenderedCard> =>
    Promise.resolve({
      attachment: {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: { type: 'AdaptiveCard' },
      },
      summary: 'done',
    });

  it('continues the conversation with the turn identity and updates the card', async () => {
    const f = flow();
    const updated: Partial<Activity>[] = [];
    let finished: Promise<void> | undefined;
    await inTurn((ctx, adapter) => {
      const identity = { isAuthenticated: true, claims: [] };
      ctx.turnState.set(adapter.BotIdentityKey, identity);
      finished = new Promise<void>((resolve) => {
        jest.spyOn(adapter, 'continueConversationAsync').mockImplementation((async (
          id: unknown,
          _ref: unknown,
          logic: (c: TurnContext) => Promise<void>,
        ) => {
          expect(id).toBe(identity);
          const later = {
            updateActivity: (a: Partial<Activity>) => {
              updated.push(a);
              resolve();
              return Promise.resolve();
            },
          } as unknown as TurnContext;
          await logic(later);
        }) as never);
      });
      finishProactively(ctx, 'card-1', card, f.deps.logger);
    });
    await finished;
    expect(updated).toEqual([expect.objectContaining({ id: 'card-1', summary: 'done' })]);
  });

  it('logs instead of throwing when the turn has no identity or the adapter cannot continue', async () => {
    const f = flow();
    await inTurn((ctx) => {
      finishProactively(ctx, 'card-1', card, f.deps.logger);
    });
    await inTurn((ctx, adapter) => {
      ctx.turnState.set(adapter.BotIdentityKey, { isAuthenticated: true, claims: [] });
      jest
        .spyOn(adapter, 'continueConversationAsync')
        .mockRejectedValue(new Error('NotImplemented'));
      finishProactively(ctx, 'card-1', card, f.deps.logger);
    });
    for (let i = 0; i < 50 && f.logLines.length < 2; i++)
      await new Promise((r) => setTimeout(r, 10));
    const log = f.logLines.join('\n');
    expect(log).toMatch(/no bot identity on the turn/);
    expect(log).toMatch(/could not update the setup check card after the invoke/);
  });
});
