/**
 * One held lane of the Azure Queue store: the claim the engine works on. Holding the lane's
 * pointer (a received queue message, invisible to others while held) is the lease; the engine's
 * heartbeat extends its visibility. The holder works the lane's heads in order, settles each one
 * (off the lane), and hands the lane back after `maxMessagesPerTurn` sends or when it must wait.
 *
 * Handing a lane over never reuses the pointer: the holder sends a fresh pointer (invisible, so it
 * is still held), swaps it into the lane with the lane's eTag, deletes the old one and then makes
 * the fresh one visible at the due time. A pointer the lane does not name (left by a crash in that
 * swap) is deleted when it surfaces; the lane keeps the last few retired ids for that. So a
 * pointer's `dequeueCount` counts only receives whose worker did not hand it over: above 1, a
 * worker crashed or lost the lease while holding the lane. Past `maxDequeueCount` the head is
 * POISON: the engine dead-letters it with that reason and the lane carries on with a fresh pointer.
 */
import type { Logger } from '../../logging';
import type { ClaimStep, OutboxClaim, RetryRecord } from '../store';
import type { OutboxMessage } from '../types';

import {
  type LaneDoc,
  type LaneEntry,
  type MessageDoc,
  type OutboxDocuments,
  RETIRED_KEPT,
  TERMINAL,
  toMessage,
} from './documents';
import {
  encodePointer,
  type HeldPointer,
  type OutboxQueueClient,
  statusOf,
  visibilitySeconds,
} from './pointers';

/** What every lane claim of one store shares. */
export interface LaneContext {
  queue: OutboxQueueClient;
  docs: OutboxDocuments;
  /** The lease, in the queue's whole seconds. */
  leaseS: number;
  log: Logger | undefined;
  now: () => number;
  maxDequeueCount: number;
  maxMessagesPerTurn: number;
  strayGraceMs: number;
}

/** A held lane. See the module notes. */
export class LaneClaim implements OutboxClaim {
  public lost = false;
  /** The pointer was handed back or deleted: nothing more to renew. */
  private released = false;
  /** The pointer's dequeue count was 1 when received, or it was swapped for a fresh one since. */
  private fresh: boolean;
  private turns = 0;
  private ptr: HeldPointer;
  private ptrLock: Promise<unknown> = Promise.resolve();
  /** The lane as read by the last `next()`, and its head. */
  private lane: LaneDoc | undefined;
  private head: LaneEntry | undefined;

  public constructor(
    private readonly ctx: LaneContext,
    public readonly conversation: string,
    pointer: HeldPointer,
  ) {
    this.ptr = pointer;
    this.fresh = pointer.dequeueCount <= 1;
  }

  public get ended(): boolean {
    return this.lost || this.released;
  }

  public async next(): Promise<ClaimStep> {
    const { docs } = this.ctx;
    for (;;) {
      if (this.ended) return { kind: 'done' };
      if (this.turns >= this.ctx.maxMessagesPerTurn) {
        await this.handBack(0);
        return { kind: 'done' };
      }
      const lane = await docs.readLane(this.conversation);
      if (!lane || lane.pointer?.id !== this.ptr.id) {
        await this.dropStray(lane);
        return { kind: 'done' };
      }
      const head = lane.entries[0];
      if (!head) {
        if (await this.retireLane()) return { kind: 'done' };
        continue;
      }
      let doc = await docs.readMessage(head.id);
      if (!doc || TERMINAL.has(doc.state)) {
        // Settled by an earlier holder that stopped before updating the lane.
        await this.settle(head.id);
        continue;
      }
      if (!this.fresh && this.ptr.dequeueCount > this.ctx.maxDequeueCount) {
        const reason =
          `poison: its lane was dequeued ${this.ptr.dequeueCount} times without an outcome ` +
          `(bound ${this.ctx.maxDequeueCount}); workers crashed or lost the lease while handling it`;
        return {
          kind: 'poison',
          message: toMessage(doc),
          reason,
          uncertain: doc.state === 'sending',
        };
      }
      if (doc.state === 'sending' || doc.state === 'claimed') {
        doc = await this.recover(doc);
        if (TERMINAL.has(doc.state)) continue;
      }
      const dueIn = doc.notBefore - this.ctx.now();
      if (dueIn > 0) return { kind: 'wait', ms: dueIn };
      this.lane = lane;
      this.head = head;
      return { kind: 'head', message: toMessage(doc) };
    }
  }

  /** Its holder died (or lost the lease) with the request possibly in flight: uncertain now. */
  private async recover(doc: MessageDoc): Promise<MessageDoc> {
    const wasSending = doc.state === 'sending';
    const now = this.ctx.now();
    const { doc: recovered } = await this.ctx.docs.updateMessage(doc.id, (d) =>
      d.state === 'sending' || d.state === 'claimed'
        ? {
            ...d,
            state: 'pending',
            uncertain: d.uncertain + (d.state === 'sending' ? 1 : 0),
            updatedAt: now,
          }
        : null,
    );
    if (wasSending) {
      this.ctx.log?.warn({ outboxId: doc.id }, 'outbox: recovered a message left in sending');
    }
    return recovered ?? doc;
  }

  public hasNewerUpdate(message: OutboxMessage): Promise<boolean> {
    const head = this.head;
    const newer =
      head !== undefined &&
      head.id === message.id &&
      (this.lane?.entries.slice(1).some((e) => e.kind === 'update' && e.target === head.target) ??
        false);
    return Promise.resolve(newer);
  }

  public async markSending(id: string): Promise<number | 'settled'> {
    this.turns += 1;
    const started = this.ctx.now();
    const { doc, changed } = await this.ctx.docs.updateMessage(id, (d) =>
      TERMINAL.has(d.state)
        ? null
        : { ...d, state: 'sending', attempts: d.attempts + 1, updatedAt: started },
    );
    return changed && doc ? doc.attempts : 'settled';
  }

  public async markSent(id: string, result: { activityId?: string; status?: number }) {
    const now = this.ctx.now();
    await this.ctx.docs.updateMessage(id, (d) => {
      if (TERMINAL.has(d.state)) return null;
      const sent: MessageDoc = { ...d, state: 'sent', sentAt: now, updatedAt: now };
      if (result.activityId) sent.activityId = result.activityId;
      if (result.status !== undefined) sent.lastStatus = result.status;
      return sent;
    });
    await this.settle(id);
  }

  /** Records the retry and hands the lane back until it is due. */
  public async scheduleRetry(id: string, retry: RetryRecord): Promise<void> {
    const now = this.ctx.now();
    await this.ctx.docs.updateMessage(id, (d) => {
      if (TERMINAL.has(d.state)) return null;
      const next: MessageDoc = {
        ...d,
        state: 'pending',
        notBefore: retry.notBefore,
        uncertain: d.uncertain + (retry.ambiguous ? 1 : 0),
        lastError: retry.error,
        updatedAt: now,
      };
      if (retry.status !== undefined) next.lastStatus = retry.status;
      return next;
    });
    await this.handBack(retry.notBefore - now);
  }

  public async deadLetter(
    id: string,
    reason: string,
    status: number | undefined,
    uncertain: boolean,
  ): Promise<OutboxMessage | undefined> {
    const now = this.ctx.now();
    const { doc, changed } = await this.ctx.docs.updateMessage(id, (d) => {
      if (TERMINAL.has(d.state)) return null;
      const dead: MessageDoc = {
        ...d,
        state: 'dead',
        lastError: reason,
        uncertain: d.uncertain + (uncertain ? 1 : 0),
        updatedAt: now,
      };
      if (status !== undefined) dead.lastStatus = status;
      return dead;
    });
    if (changed) await this.ctx.docs.addDead(id);
    await this.settle(id);
    return changed && doc ? toMessage(doc) : undefined;
  }

  public async supersede(id: string): Promise<boolean> {
    const now = this.ctx.now();
    const { changed } = await this.ctx.docs.updateMessage(id, (d) =>
      TERMINAL.has(d.state) ? null : { ...d, state: 'superseded', updatedAt: now },
    );
    await this.settle(id);
    return changed;
  }

  public async clearUncertain(id: string): Promise<void> {
    await this.ctx.docs.updateMessage(id, (d) => (d.uncertain > 0 ? { ...d, uncertain: 0 } : null));
  }

  // -------------------------------------------------------------------------------------------
  // The pointer

  /** Serialises this claim's pointer operations (renewals change the pop receipt). */
  private withPtr<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.ptrLock.then(fn, fn);
    this.ptrLock = run.catch(() => undefined);
    return run;
  }

  public renew(): Promise<void> {
    return this.withPtr(async () => {
      if (this.ended) return;
      try {
        const res = await this.ctx.queue.updateMessage(
          this.ptr.id,
          this.ptr.pop,
          undefined,
          this.ctx.leaseS,
        );
        if (res.popReceipt) this.ptr.pop = res.popReceipt;
      } catch (err) {
        const status = statusOf(err);
        if (status === 404 || status === 400) {
          this.lost = true;
          this.ctx.log?.warn({ conv: this.conversation }, 'outbox: lost the lease on a lane');
        } else {
          this.ctx.log?.warn({ err, conv: this.conversation }, 'outbox: lease renewal failed');
        }
      }
    });
  }

  /** Hands the lane back, due again after `delayMs`. */
  public async handBack(delayMs: number): Promise<void> {
    await this.replacePointer(Math.max(0, delayMs));
  }

  /**
   * Swaps the held pointer for a fresh one (sent invisible, named in the lane with its eTag, the
   * old one deleted). With `releaseInMs`, the fresh pointer is then let go, visible after that
   * delay; without, the claim keeps holding it (its dequeue count starts again).
   */
  private replacePointer(releaseInMs?: number): Promise<boolean> {
    const { queue, docs, log } = this.ctx;
    return this.withPtr(async () => {
      if (this.ended) return false;
      const fresh = await queue.sendMessage(encodePointer(this.conversation), {
        visibilityTimeout: this.ctx.leaseS,
        messageTimeToLive: -1,
      });
      const old = this.ptr;
      const now = this.ctx.now();
      let swapped = false;
      try {
        await docs.updateLane(this.conversation, (lane) => {
          swapped = false;
          if (!lane || lane.pointer?.id !== old.id) return null;
          swapped = true;
          return {
            ...lane,
            pointer: { id: fresh.messageId, since: now },
            retired: [old.id, ...lane.retired].slice(0, RETIRED_KEPT),
            touched: now,
          };
        });
      } catch (err) {
        await queue.deleteMessage(fresh.messageId, fresh.popReceipt).catch(() => undefined);
        throw err;
      }
      if (!swapped) {
        await queue.deleteMessage(fresh.messageId, fresh.popReceipt).catch(() => undefined);
        this.lost = true;
        return false;
      }
      await queue
        .deleteMessage(old.id, old.pop)
        .catch((err: unknown) => log?.debug({ err }, 'outbox: old pointer not deleted'));
      this.ptr = { id: fresh.messageId, pop: fresh.popReceipt, dequeueCount: 0, insertedOn: now };
      this.fresh = true;
      if (releaseInMs !== undefined) {
        this.released = true;
        await queue
          .updateMessage(
            fresh.messageId,
            fresh.popReceipt,
            undefined,
            visibilitySeconds(releaseInMs),
          )
          .catch((err: unknown) =>
            log?.warn({ err }, 'outbox: hand-over not released; the lane resumes after the lease'),
          );
      }
      return true;
    });
  }

  /** The head is settled: off the lane, and a fresh pointer when this one carries blame. */
  private async settle(id: string): Promise<void> {
    await this.ctx.docs.removeFromLane(this.conversation, id, this.ctx.now());
    if (!this.fresh) await this.replacePointer();
  }

  /** The lane is empty: clear its pointer (with the eTag) and delete it. False if work arrived. */
  private async retireLane(): Promise<boolean> {
    let cleared = false;
    const now = this.ctx.now();
    await this.ctx.docs.updateLane(this.conversation, (lane) => {
      cleared = false;
      if (!lane || lane.pointer?.id !== this.ptr.id || lane.entries.length > 0) return null;
      cleared = true;
      const next: LaneDoc = {
        ...lane,
        retired: [this.ptr.id, ...lane.retired].slice(0, RETIRED_KEPT),
        touched: now,
      };
      delete next.pointer;
      return next;
    });
    if (!cleared) return false;
    await this.deletePointer();
    await this.ctx.docs.unindexLane(this.conversation);
    return true;
  }

  /** A pointer the lane does not name: a leftover of a crash, or a swap still landing. */
  private async dropStray(lane: LaneDoc | undefined): Promise<void> {
    const retired = lane?.retired.includes(this.ptr.id) ?? false;
    if (retired || Date.now() - this.ptr.insertedOn > this.ctx.strayGraceMs) {
      await this.deletePointer();
      return;
    }
    await this.withPtr(async () => {
      this.released = true;
      await this.ctx.queue
        .updateMessage(this.ptr.id, this.ptr.pop, undefined, 5)
        .catch(() => undefined);
    });
  }

  private deletePointer(): Promise<void> {
    return this.withPtr(async () => {
      this.released = true;
      await this.ctx.queue
        .deleteMessage(this.ptr.id, this.ptr.pop)
        .catch((err: unknown) => this.ctx.log?.debug({ err }, 'outbox: pointer already gone'));
    });
  }
}
