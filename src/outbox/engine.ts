/**
 * The delivery engine: proactive Teams messages (alert cards, card updates, thread replies) that
 * must be delivered once, in order per conversation, within Teams' rate limits, across 429s,
 * outages and process crashes. The engine owns the whole policy; a store (store.ts) only keeps
 * messages and leases. The same engine drains SQLite (sqlite/) and Azure Queue + Blob
 * (azure-queue/), so both behave alike and are tested by one contract suite.
 *
 * ## Lifecycle of a message
 * `pending` → claimed (leased to one worker) → `sending` (intent recorded, durably, right before
 * the HTTP request) → `sent` (the Teams activity id recorded) | back to `pending` with a
 * `notBefore` (retryable failure) | `dead` (dead letter, with the reason) | `superseded` (an update
 * replaced by a newer update of the same card before it went out).
 *
 * - `enqueue` is durable before it resolves and idempotent by message id.
 * - Per conversation, messages go out strictly in order, one at a time: a conversation's head
 *   blocks the ones behind it while it waits for a retry. That keeps an update behind the post it
 *   updates, and Teams' limits are per conversation anyway.
 * - A claim is a lease renewed by a heartbeat while the worker holds it. A crashed worker's lease
 *   runs out and another worker (or the restarted one) takes the work over.
 *
 * ## Exactly once, and where it stops (read this before changing the design)
 * The Bot Framework connector has no idempotency key: POSTing the same activity twice shows two
 * messages, and there is no API to ask "did my POST arrive?". So:
 * 1. A message that was only claimed when its worker died was never sent: it is resent safely.
 * 2. A success is recorded with the returned activity id; it is never sent again.
 * 3. Slowness is not failure. `sendTimeoutMs` (soft) only frees the worker's concurrency slot and
 *    logs; the request keeps waiting for its answer until `abandonAfterMs` (hard). A slow Teams
 *    answer therefore resolves the outcome instead of causing a blind resend.
 * 4. An outcome is AMBIGUOUS when the request may have reached Teams and no answer says what
 *    happened: the hard timeout, a connection reset after the request was written, 500, 502,
 *    504, 408, or a crash while `sending`. Such a message is flagged `uncertain`. For an `update`
 *    this is harmless (replacing a card with the same content is idempotent) and it is simply
 *    resent. For a `post`/`reply`:
 *    - with a {@link DeliveryProbe} configured, the probe is asked first (delivery-probe.ts looks
 *      for the post's stamp, see activity.ts, in the channel or chat through Graph); found →
 *      recorded as sent, never posted again;
 *    - otherwise `ambiguousPosts: 'resend'` (default) sends again: nothing is ever lost, and at
 *      most one extra copy per ambiguous attempt can appear; it is counted in
 *      `stats.possibleDuplicates` and logged with the outbox id. `'deadLetter'` instead parks the
 *      message for a person (never a duplicate, but a possible loss until someone decides).
 *    Residual risk without a probe (or when it cannot tell), stated plainly: a duplicate card can
 *    appear only if the process dies (or the network breaks) between Teams accepting a POST and
 *    this worker recording the answer, or if Teams takes longer than `abandonAfterMs` (default 2
 *    minutes) to answer. To bound it, a process has at most `maxConcurrentPosts` (default 1)
 *    posts in flight, held until the outcome is recorded; so one SIGKILL duplicates at most ONE
 *    post (plus any post already past the soft timeout, which no longer holds the slot). Updates
 *    run concurrently, as resending them is harmless.
 *
 * ## Retries
 * 429, 412, 503 (refused, not processed) and 500, 502, 504, 408, timeouts, connection resets
 * (ambiguous) are retried with exponential backoff and full jitter, never sooner than
 * `Retry-After` (capped at `maxRetryAfterMs`); see policy.ts. 401 gets two more tries. Every
 * other 4xx is a dead letter with the status and error code as reason: logged at error level,
 * counted, passed to `onDeadLetter`, listed by `listDead()` and re-sendable with `requeue()`.
 * Giving up after `maxAttempts` or `maxAgeMs` is a dead letter too. Nothing is dropped silently.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';

import type { Logger } from '../logging';

import { delay, sleepAbortable, Waker } from './concurrency';
import { Delivery, type Task } from './delivery';
import { tenantRateKey, validateInput } from './policy';
import { TEAMS_TENANT_LIMITS, type RateLimitRule } from './rate-limiter';
import type { OutboxClaim, OutboxStore } from './store';
import type {
  Outbox,
  OutboxDrainOptions,
  OutboxMessage,
  OutboxMessageInput,
  OutboxStats,
} from './types';

/** A unique id for this process's worker: host:pid:random. */
export function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * The engine over one store: the drain loop, the claims in progress, the lifecycle and the
 * queries. Each claim's messages go through {@link Delivery}. Create one per process, `start()`
 * it, `stop()` it on shutdown.
 */
export class OutboxEngine implements Outbox {
  private readonly log: Logger | undefined;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly stopTimeoutMs: number;
  private readonly delivery: Delivery;
  private readonly tenantLimits: readonly RateLimitRule[];
  private readonly clock: () => number;

  private running = false;
  private closed = false;
  private loop: Promise<void> | undefined;
  private readonly waker = new Waker();
  private stopController = new AbortController();
  private readonly tasks = new Map<Promise<void>, Task>();
  private activeSlots = 0;

  public constructor(
    protected readonly store: OutboxStore,
    options: OutboxDrainOptions & { pollIntervalMs: number },
  ) {
    this.log = options.logger?.child({ module: 'outbox', ...store.logContext });
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.pollIntervalMs = options.pollIntervalMs;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
    this.tenantLimits = options.tenantLimits ?? TEAMS_TENANT_LIMITS;
    this.clock = options.now ?? Date.now;
    this.delivery = new Delivery(store, options, this.log, {
      isRunning: () => this.running,
      stopSignal: () => this.stopController.signal,
      slowed: () => {
        this.activeSlots -= 1;
        this.waker.wake();
      },
    });
  }

  // -------------------------------------------------------------------------------------------
  // The Outbox contract

  /** See {@link Outbox.enqueue}. Durable before it resolves. */
  public async enqueue(message: OutboxMessageInput): Promise<{ id: string; created: boolean }> {
    const created = await this.enqueueMany([message]);
    return { id: message.id, created: created > 0 };
  }

  /** See {@link Outbox.enqueueMany}. Resolves the number of new messages. */
  public async enqueueMany(messages: readonly OutboxMessageInput[]): Promise<number> {
    messages.forEach(validateInput);
    if (messages.length === 0) return 0;
    const created = await this.store.enqueueMany(messages);
    if (created > 0) this.waker.wake();
    return created;
  }

  /**
   * Waits for one slot of the tenant's rate limit (Teams: 50 requests per second per app per
   * tenant) for a connector call made outside the outbox, such as opening a personal
   * conversation, so those calls and the outbox's sends share one limit on every instance.
   */
  public async takeTenantSlot(tenantId: string | undefined, signal?: AbortSignal): Promise<void> {
    const scopes = [{ key: tenantRateKey({ tenantId }), rules: this.tenantLimits }];
    for (let i = 0; i < 100_000; i++) {
      const wait = await this.store.limiter.tryAcquire(scopes, this.clock());
      if (wait === 0) return;
      if (signal?.aborted) throw new Error('stopped while waiting for a send slot');
      await delay(Math.min(wait, 250));
    }
    throw new Error('no send slot after a long wait');
  }

  /** See {@link Outbox.start}. Takes over expired leases first. */
  public start(): void {
    if (this.running || this.closed) return;
    this.running = true;
    this.stopController = new AbortController();
    this.loop = this.runLoop();
  }

  /**
   * See {@link Outbox.stop}. Claims not sending are handed back at once so another worker can
   * take them; requests in flight get `stopTimeoutMs` to record their outcome.
   */
  public async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopController.abort();
    this.waker.wake();
    await this.loop;
    const deadline = Date.now() + this.stopTimeoutMs;
    while (this.tasks.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.tasks.keys()]), delay(100)]);
    }
    await this.store.stop();
  }

  /** Stops and closes what the store opened. */
  public async close(): Promise<void> {
    await this.stop();
    if (this.closed) return;
    this.closed = true;
    await this.store.close();
  }

  /** See {@link Outbox.stats}. */
  public async stats(): Promise<OutboxStats> {
    let claimed = 0;
    let sending = 0;
    for (const task of this.tasks.values()) {
      if (task.state === 'sending') sending += 1;
      else claimed += 1;
    }
    const byState = await this.store.countByState({
      claimed,
      sending,
      sent: this.delivery.counters.sent,
      superseded: this.delivery.counters.superseded,
    });
    return { byState, ...this.delivery.counters };
  }

  /**
   * What waits, for the telemetry gauges: messages not yet delivered (pending, claimed, sending)
   * and how long the longest-waiting one has waited.
   */
  public async backlog(): Promise<{ depth: number; oldestAgeSeconds: number }> {
    const [{ byState }, waitMs] = await Promise.all([this.stats(), this.store.oldestWaitMs()]);
    return {
      depth: byState.pending + byState.claimed + byState.sending,
      oldestAgeSeconds: waitMs / 1000,
    };
  }

  /** See {@link Outbox.get}. */
  public get(id: string): Promise<OutboxMessage | undefined> {
    return this.store.get(id);
  }

  /** See {@link Outbox.listDead}. Newest first. */
  public listDead(limit = 100): Promise<OutboxMessage[]> {
    return this.store.listDead(limit);
  }

  /** See {@link Outbox.requeue}. */
  public async requeue(id: string): Promise<boolean> {
    const changed = await this.store.requeue(id);
    if (changed) this.waker.wake();
    return changed;
  }

  /** See {@link Outbox.whenIdle}: nothing pending anywhere, and this engine holds nothing. */
  public async whenIdle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.tasks.size > 0 || !(await this.store.isIdle())) {
      if (Date.now() > deadline) throw new Error(`outbox not idle after ${timeoutMs} ms`);
      await delay(this.store.idlePollMs);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Drain loop

  private async runLoop(): Promise<void> {
    while (this.running) {
      // Sleep until work is due; a finishing task or an enqueue wakes the loop.
      let sleepMs = this.pollIntervalMs;
      try {
        const want = Math.min(
          this.concurrency - this.activeSlots,
          this.concurrency * 4 - this.tasks.size,
        );
        if (want > 0) {
          const batch = await this.store.claim(want, this.stopController.signal);
          if (batch.recovered > 0) {
            this.delivery.counters.recovered += batch.recovered;
            this.log?.warn({ recovered: batch.recovered }, 'outbox: took over expired leases');
          }
          for (const claim of batch.claims) this.startTask(claim);
          if (batch.nextPollMs !== undefined) sleepMs = Math.min(sleepMs, batch.nextPollMs);
        }
      } catch (err) {
        this.log?.error({ err }, 'outbox: drain loop error');
        sleepMs = Math.max(sleepMs, 1000);
      }
      if (!this.running) break;
      await this.waker.sleep(Math.max(5, sleepMs));
    }
  }

  private startTask(claim: OutboxClaim): void {
    const task: Task = { claim, slow: false, postSlot: false, state: 'claimed' };
    this.activeSlots += 1;
    const heartbeat = setInterval(
      () => {
        claim.renew().catch((err: unknown) => {
          this.log?.warn({ err, conv: claim.conversation }, 'outbox: lease renewal failed');
        });
      },
      Math.max(50, Math.floor(this.store.leaseMs / 3)),
    );
    const p: Promise<void> = this.work(task)
      .catch(async (err: unknown) => {
        this.log?.error({ err, conv: claim.conversation }, 'outbox: send task failed');
        // Hand the work back a second later; if even that fails, the lease runs out on its own.
        if (!claim.ended) await claim.handBack(1000).catch(() => undefined);
      })
      .finally(() => {
        clearInterval(heartbeat);
        this.delivery.releasePostSlot(task);
        if (!task.slow) this.activeSlots -= 1;
        this.tasks.delete(p);
        this.waker.wake();
      });
    this.tasks.set(p, task);
  }

  /** Works one claim: its heads, in order, until the store says it is done. */
  private async work(task: Task): Promise<void> {
    const { claim } = task;
    for (;;) {
      if (claim.ended) return;
      if (!this.running) {
        await claim.handBack(0);
        return;
      }
      const step = await claim.next();
      if (step.kind === 'done') return;
      if (step.kind === 'wait') {
        if (step.ms > this.store.holdMs) {
          await claim.handBack(step.ms);
          return;
        }
        await sleepAbortable(this.stopController.signal, step.ms);
        continue;
      }
      if (step.kind === 'poison') {
        await this.delivery.deadLetter(
          claim,
          step.message.id,
          step.reason,
          undefined,
          step.uncertain,
        );
        continue;
      }
      if ((await this.delivery.deliverHead(task, step.message)) === 'stop') return;
    }
  }
}
