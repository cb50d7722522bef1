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

import { delay, Semaphore, sendWithDeadlines, sleepAbortable, Waker } from './concurrency';
import { conversationKey, decideAfterSend, tenantRateKey, validateInput } from './policy';
import {
  type RateLimitRule,
  type RateScope,
  TEAMS_CONVERSATION_LIMITS,
  TEAMS_TENANT_LIMITS,
} from './rate-limiter';
import type { OutboxClaim, OutboxStore } from './store';
import type {
  BackoffPolicy,
  DeliveryProbe,
  Outbox,
  OutboxDrainOptions,
  OutboxMessage,
  OutboxMessageInput,
  OutboxStats,
  Sender,
  SendOutcome,
} from './types';

/** A unique id for this process's worker: host:pid:random. */
export function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** A claim this engine is working on. */
interface Task {
  claim: OutboxClaim;
  /** Past the soft timeout: no longer counted in the concurrency slots. */
  slow: boolean;
  /** Holds one of the `maxConcurrentPosts` slots. */
  postSlot: boolean;
  state: 'claimed' | 'sending';
}

type Hook = ((message: OutboxMessage) => void | Promise<void>) | undefined;

/** Rate-limit waits are slept in steps of at most this, so a stop is noticed. */
const WAIT_STEP_MS = 1000;

/** The engine over one store. Create one per process, `start()` it, `stop()` it on shutdown. */
export class OutboxEngine implements Outbox {
  private readonly sender: Sender;
  private readonly log: Logger | undefined;
  private readonly concurrency: number;
  private readonly postSlots: Semaphore;
  private readonly sendTimeoutMs: number;
  private readonly abandonAfterMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxAttempts: number;
  private readonly maxAgeMs: number;
  private readonly pollIntervalMs: number;
  private readonly ambiguousPosts: 'resend' | 'deadLetter';
  private readonly ambiguousSettleMs: number;
  private readonly probe: DeliveryProbe | undefined;
  private readonly stampOutboxId: boolean;
  private readonly conversationLimits: readonly RateLimitRule[];
  private readonly tenantLimits: readonly RateLimitRule[];
  private readonly now: () => number;
  private readonly stopTimeoutMs: number;
  private readonly onSent: Hook;
  private readonly onDeadLetter: Hook;

  private running = false;
  private closed = false;
  private loop: Promise<void> | undefined;
  private readonly waker = new Waker();
  private stopController = new AbortController();
  private readonly tasks = new Map<Promise<void>, Task>();
  private activeSlots = 0;
  private readonly counters = {
    sendAttempts: 0,
    sent: 0,
    retries: 0,
    throttled: 0,
    deadLettered: 0,
    superseded: 0,
    slowSends: 0,
    ambiguous: 0,
    possibleDuplicates: 0,
    probeResolved: 0,
    recovered: 0,
  };

  public constructor(
    protected readonly store: OutboxStore,
    options: OutboxDrainOptions & { pollIntervalMs: number },
  ) {
    this.sender = options.sender;
    this.log = options.logger?.child({ module: 'outbox', ...store.logContext });
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.postSlots = new Semaphore(Math.max(1, options.maxConcurrentPosts ?? 1));
    this.sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
    this.abandonAfterMs = Math.max(options.abandonAfterMs ?? 120_000, this.sendTimeoutMs);
    this.backoff = {
      baseMs: options.backoff?.baseMs ?? 1_000,
      capMs: options.backoff?.capMs ?? 60_000,
      maxRetryAfterMs: options.backoff?.maxRetryAfterMs ?? 120_000,
    };
    this.maxAttempts = options.maxAttempts ?? 12;
    this.maxAgeMs = options.maxAgeMs ?? 24 * 3600 * 1000;
    this.pollIntervalMs = options.pollIntervalMs;
    this.ambiguousPosts = options.ambiguousPosts ?? 'resend';
    this.ambiguousSettleMs = options.ambiguousSettleMs ?? 10_000;
    this.probe = options.probe;
    this.stampOutboxId = options.stampOutboxId ?? true;
    this.conversationLimits = options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS;
    this.tenantLimits = options.tenantLimits ?? TEAMS_TENANT_LIMITS;
    this.now = options.now ?? Date.now;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
    this.onSent = options.onSent;
    this.onDeadLetter = options.onDeadLetter;
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
      sent: this.counters.sent,
      superseded: this.counters.superseded,
    });
    return { byState, ...this.counters };
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
            this.counters.recovered += batch.recovered;
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
        this.releasePostSlot(task);
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
        await this.deadLetter(claim, step.message.id, step.reason, undefined, step.uncertain);
        continue;
      }
      if ((await this.deliverHead(task, step.message)) === 'stop') return;
    }
  }

  /**
   * The head's target, superseding, an uncertain earlier attempt, the rate limit, `sending`, the
   * request and its outcome. 'next' when the head is settled and the claim may go on, 'stop' when
   * the claim ended (retry, wait, stop, lost).
   */
  private async deliverHead(task: Task, message: OutboxMessage): Promise<'next' | 'stop'> {
    const { claim } = task;
    let targetActivityId = message.targetActivityId;
    if (message.kind !== 'post' && !targetActivityId && message.targetOutboxId) {
      const target = await this.store.get(message.targetOutboxId);
      if (!target || target.state === 'dead' || target.state === 'superseded') {
        const reason = target
          ? `target ${message.targetOutboxId} is ${target.state}`
          : 'target unknown';
        await this.deadLetter(claim, message.id, reason);
        return 'next';
      }
      if (target.state !== 'sent' || !target.activityId) {
        // The target is still queued (elsewhere): look again shortly, without using an attempt.
        await claim.handBack(500);
        return 'stop';
      }
      targetActivityId = target.activityId;
    }
    if (message.kind !== 'post' && !targetActivityId) {
      await this.deadLetter(claim, message.id, `${message.kind} without a target activity`);
      return 'next';
    }

    if (message.kind === 'update' && (await claim.hasNewerUpdate(message))) {
      if (await claim.supersede(message.id)) this.counters.superseded += 1;
      return 'next';
    }

    if (message.uncertain && message.kind !== 'update') {
      if (await this.settleUncertainPost(claim, message)) return 'next';
    }

    if (!(await this.acquireSendSlot(task, message))) return 'stop';

    const attempt = await claim.markSending(message.id);
    if (attempt === 'lost' || attempt === 'settled') {
      this.releasePostSlot(task);
      return attempt === 'lost' ? 'stop' : 'next';
    }
    task.state = 'sending';
    this.counters.sendAttempts += 1;
    const outcome = await this.send(task, message, targetActivityId);
    task.state = 'claimed';
    await this.recordOutcome(task, message, attempt, outcome);
    return claim.ended ? 'stop' : 'next';
  }

  /**
   * Waits for a post slot (posts and replies only) and the rate limits of the conversation and
   * the tenant. False when the claim ended meanwhile (stop, lost, or a long wait handed it back).
   */
  private async acquireSendSlot(task: Task, message: OutboxMessage): Promise<boolean> {
    const { claim } = task;
    const scopes: RateScope[] = [
      { key: `conv:${conversationKey(message.conversation)}`, rules: this.conversationLimits },
      { key: tenantRateKey(message.conversation), rules: this.tenantLimits },
    ];
    const isPost = message.kind !== 'update';
    for (;;) {
      if (!this.running || claim.lost) {
        if (!claim.lost) await claim.handBack(0);
        return false;
      }
      if (isPost && !this.postSlots.tryTake()) {
        await this.postSlots.waitForRelease(this.stopController.signal, WAIT_STEP_MS);
        continue;
      }
      let wait: number;
      try {
        wait = await this.store.limiter.tryAcquire(scopes, this.now());
      } catch (err) {
        if (isPost) this.postSlots.give();
        throw err;
      }
      if (wait === 0) break;
      // Do not hold the post slot while this conversation waits for its rate window.
      if (isPost) this.postSlots.give();
      if (wait > 2 * this.store.holdMs) {
        await claim.handBack(wait);
        return false;
      }
      await sleepAbortable(this.stopController.signal, Math.min(wait, WAIT_STEP_MS));
    }
    if (isPost) task.postSlot = true;
    return true;
  }

  private async recordOutcome(
    task: Task,
    message: OutboxMessage,
    attempt: number,
    outcome: SendOutcome,
  ): Promise<void> {
    const { claim } = task;
    const disposition = decideAfterSend(outcome, attempt, this.backoff);
    const now = this.now();
    const status = outcome.ok ? undefined : outcome.status;

    if (disposition.action === 'sent') {
      await claim.markSent(message.id, {
        activityId: disposition.activityId,
        status: outcome.ok ? outcome.status : undefined,
      });
      // The outcome is recorded: the next post may start (see maxConcurrentPosts).
      this.releasePostSlot(task);
      this.counters.sent += 1;
      if (message.uncertain && message.kind !== 'update') {
        this.counters.possibleDuplicates += message.ambiguousAttempts;
        this.log?.warn(
          { outboxId: message.id, ambiguousAttempts: message.ambiguousAttempts },
          'outbox: post delivered after ambiguous attempts; as many duplicates are possible',
        );
      }
      await this.notify(this.onSent, message.id);
      return;
    }

    if (status === 429) this.counters.throttled += 1;
    const ambiguous = disposition.action === 'retry' && disposition.ambiguous;
    if (ambiguous) this.counters.ambiguous += 1;

    const tooOld = now - message.createdAt > this.maxAgeMs;
    if (disposition.action === 'dead' || attempt >= this.maxAttempts || tooOld) {
      const reason =
        disposition.action === 'dead'
          ? disposition.reason
          : `gave up after ${attempt} attempts${tooOld ? ' (too old)' : ''}: ${disposition.reason}`;
      // An ambiguous last attempt stays visible on the dead letter (counted in `uncertain`).
      await this.deadLetter(claim, message.id, reason, status, ambiguous);
      this.releasePostSlot(task);
      return;
    }

    this.counters.retries += 1;
    const retryDelay = ambiguous
      ? Math.max(disposition.delayMs, this.ambiguousSettleMs)
      : disposition.delayMs;
    await claim.scheduleRetry(message.id, {
      notBefore: now + retryDelay,
      ambiguous,
      status,
      error: disposition.reason,
    });
    this.releasePostSlot(task);
    this.log?.debug(
      { outboxId: message.id, attempt, delayMs: retryDelay, reason: disposition.reason },
      'outbox: retry scheduled',
    );
  }

  /** True when the message was settled (sent via the probe, or dead-lettered). */
  private async settleUncertainPost(claim: OutboxClaim, message: OutboxMessage): Promise<boolean> {
    if (this.probe) {
      const found = await this.probe.find(message).catch(() => ({ found: 'unknown' as const }));
      if (found.found === true) {
        await claim.markSent(message.id, { activityId: found.activityId });
        this.counters.probeResolved += 1;
        this.counters.sent += 1;
        await this.notify(this.onSent, message.id);
        return true;
      }
      if (found.found === false) {
        await claim.clearUncertain(message.id);
        message.uncertain = false;
        message.ambiguousAttempts = 0;
        return false;
      }
    }
    if (this.ambiguousPosts === 'deadLetter') {
      const reason = 'ambiguous: an earlier attempt may have been delivered; not resent';
      await this.deadLetter(claim, message.id, reason);
      return true;
    }
    return false;
  }

  private send(
    task: Task,
    message: OutboxMessage,
    targetActivityId: string | undefined,
  ): Promise<SendOutcome> {
    return sendWithDeadlines(this.sender, message, targetActivityId, {
      softMs: this.sendTimeoutMs,
      hardMs: this.abandonAfterMs,
      stamp: this.stampOutboxId,
      onSlow: () => {
        task.slow = true;
        this.activeSlots -= 1;
        this.releasePostSlot(task);
        this.counters.slowSends += 1;
        this.log?.warn(
          { outboxId: message.id, afterMs: this.sendTimeoutMs },
          'outbox: send is slow; still waiting for the answer',
        );
        this.waker.wake();
      },
    });
  }

  private async deadLetter(
    claim: OutboxClaim,
    id: string,
    reason: string,
    status?: number,
    uncertain = false,
  ): Promise<void> {
    const dead = await claim.deadLetter(id, reason.slice(0, 500), status, uncertain);
    if (!dead) return;
    this.counters.deadLettered += 1;
    this.log?.error(
      { outboxId: id, kind: dead.kind, reason, attempts: dead.attempts },
      'outbox: message dead-lettered',
    );
    void this.notify(this.onDeadLetter, id);
  }

  private async notify(hook: Hook, id: string): Promise<void> {
    if (!hook) return;
    try {
      const message = await this.store.get(id);
      if (message) await hook(message);
    } catch (err) {
      this.log?.error({ err, outboxId: id }, 'outbox: hook failed');
    }
  }

  private releasePostSlot(task: Task): void {
    if (!task.postSlot) return;
    task.postSlot = false;
    this.postSlots.give();
  }
}
