/**
 * One message's delivery, as the engine (engine.ts) decides it: its target, superseding, an
 * uncertain earlier attempt (probe or policy), the post slot and the rate limits, `sending`, the
 * request with its two deadlines, and what the outcome means (policy.ts): sent, retry or dead
 * letter. The counters behind `stats()` are kept here.
 */
import type { Logger } from '../logging';

import { Semaphore, sendWithDeadlines, sleepAbortable } from './concurrency';
import { conversationKey, decideAfterSend, tenantRateKey, zeroCounters } from './policy';
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
  OutboxDrainOptions,
  OutboxMessage,
  Sender,
  SendOutcome,
} from './types';

/** A claim the engine is working on. */
export interface Task {
  claim: OutboxClaim;
  /** Past the soft timeout: no longer counted in the engine's concurrency slots. */
  slow: boolean;
  /** Holds one of the `maxConcurrentPosts` slots. */
  postSlot: boolean;
  state: 'claimed' | 'sending';
}

/** What delivery needs to know of the engine that runs it. */
export interface DeliveryHost {
  /** False once the engine is stopping: claims are handed back before anything more is sent. */
  isRunning(): boolean;
  /** Aborts every wait when the engine stops. */
  stopSignal(): AbortSignal;
  /** A send passed the soft timeout: its concurrency slot is free for other work. */
  slowed(task: Task): void;
}

type Hook = ((message: OutboxMessage) => void | Promise<void>) | undefined;

/** Rate-limit waits are slept in steps of at most this, so a stop is noticed. */
const WAIT_STEP_MS = 1000;

/** The delivery policy of one engine. */
export class Delivery {
  public readonly counters = zeroCounters();

  private readonly sender: Sender;
  private readonly postSlots: Semaphore;
  private readonly sendTimeoutMs: number;
  private readonly abandonAfterMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxAttempts: number;
  private readonly maxAgeMs: number;
  private readonly ambiguousPosts: 'resend' | 'deadLetter';
  private readonly ambiguousSettleMs: number;
  private readonly probe: DeliveryProbe | undefined;
  private readonly stampOutboxId: boolean;
  private readonly conversationLimits: readonly RateLimitRule[];
  private readonly tenantLimits: readonly RateLimitRule[];
  private readonly now: () => number;
  private readonly onSent: Hook;
  private readonly onDeadLetter: Hook;

  public constructor(
    private readonly store: OutboxStore,
    options: OutboxDrainOptions,
    private readonly log: Logger | undefined,
    private readonly host: DeliveryHost,
  ) {
    this.sender = options.sender;
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
    this.ambiguousPosts = options.ambiguousPosts ?? 'resend';
    this.ambiguousSettleMs = options.ambiguousSettleMs ?? 10_000;
    this.probe = options.probe;
    this.stampOutboxId = options.stampOutboxId ?? true;
    this.conversationLimits = options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS;
    this.tenantLimits = options.tenantLimits ?? TEAMS_TENANT_LIMITS;
    this.now = options.now ?? Date.now;
    this.onSent = options.onSent;
    this.onDeadLetter = options.onDeadLetter;
  }

  /**
   * The head's target, superseding, an uncertain earlier attempt, the rate limit, `sending`, the
   * request and its outcome. 'next' when the head is settled and the claim may go on, 'stop' when
   * the claim ended (retry, wait, stop, lost).
   */
  public async deliverHead(task: Task, message: OutboxMessage): Promise<'next' | 'stop'> {
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
      if (!this.host.isRunning() || claim.lost) {
        if (!claim.lost) await claim.handBack(0);
        return false;
      }
      if (isPost && !this.postSlots.tryTake()) {
        await this.postSlots.waitForRelease(this.host.stopSignal(), WAIT_STEP_MS);
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
      await sleepAbortable(this.host.stopSignal(), Math.min(wait, WAIT_STEP_MS));
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
        this.releasePostSlot(task);
        this.counters.slowSends += 1;
        this.log?.warn(
          { outboxId: message.id, afterMs: this.sendTimeoutMs },
          'outbox: send is slow; still waiting for the answer',
        );
        this.host.slowed(task);
      },
    });
  }

  public async deadLetter(
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

  public releasePostSlot(task: Task): void {
    if (!task.postSlot) return;
    task.postSlot = false;
    this.postSlots.give();
  }
}
