/**
 * The scale-out outbox: the {@link Outbox} contract over Azure Queue Storage plus StateStorage
 * (the Blob container the instances already share), so several bot instances drain one outbox in
 * order, under one shared rate limit. Same observable semantics as {@link SqliteOutbox} where the
 * backend allows; read outbox.ts's module notes on exactly-once first, they hold here unchanged.
 *
 * ## What is stored where (keys under `outbox/<queue>/` in StateStorage)
 * - `msg/<sha256(id)>`: one document per message (the Outbox message: state, attempts, activity id,
 *   last error…). Created with `writeNew`, so `enqueue` is idempotent by id; updated with its eTag.
 * - `lane/<sha256(conversation)>`: the conversation's LANE, which keeps the order: the ids of its
 *   active messages in enqueue order (`entries`; the head is the only one that may be sent) and
 *   `pointer`, the id of the one queue message that stands for the lane. Updated with its eTag.
 * - `lanes`: the conversations whose lanes have work (for `whenIdle`, `stats` and the sweep);
 *   `dead`: the dead letters (for `listDead`); `rate/…`: the shared rate-limit logs.
 *
 * ## Order, leases, retries: one queue message per busy conversation
 * The queue holds one message, the POINTER, per conversation with work, not one per outbox
 * message: a worker that receives it holds the lane, and the pointer's visibility timeout is the
 * lease (renewed with `updateMessage` every third of `leaseMs` while held). The holder sends the
 * lane's head, records the outcome, removes it from the lane and goes on with the next head, up
 * to `maxMessagesPerTurn`, then hands the lane back so any instance may take it. So a
 * conversation's messages go out strictly one at a time and in order across all instances,
 * without a lock service, and different conversations drain in parallel. (One queue per
 * conversation shard was the alternative: Azure queues are not FIFO, so it would still need a
 * per-conversation sequence check, and a slow conversation would hold up its whole shard.)
 * - A retry is realised as visibility: the head's document gets `notBefore` and the lane's pointer
 *   becomes visible again at that time (whole seconds, as the service counts them).
 * - Handing a lane over never reuses the pointer: the holder sends a fresh pointer (invisible, so
 *   it is still held), swaps it into the lane with the lane's eTag, deletes the old one and then
 *   makes the fresh one visible at the due time. A pointer the lane does not name (left by a crash
 *   in that swap) is deleted when it surfaces; the lane keeps the last few retired ids for that.
 * - So a pointer's `dequeueCount` counts only receives whose worker did not hand it over: every
 *   count above 1 means a worker crashed or lost the lease while holding the lane. Past
 *   `maxDequeueCount` the head is POISON: it is dead-lettered with that reason (never silently
 *   dropped) and the lane carries on. After the head it blamed settles, the holder swaps to a
 *   fresh pointer, so the next head starts from zero.
 * - Enqueue: message documents (`writeNew`), then the lane (append with the eTag; an idle lane
 *   gets its fresh pointer in the same write). Everything is written before `enqueue` resolves.
 *   A rejected enqueue may be retried: re-enqueueing an id whose document exists but whose lane
 *   append was lost puts it (at the end of) its lane again.
 *
 * ## Exactly once across instances
 * `sending` is recorded in the message document before the HTTP request, `sent` and the activity
 * id after. A worker that takes over a lane whose head is still `sending` (its holder died with
 * the request in flight) marks it `uncertain`, and the same policy as SqliteOutbox applies: an
 * update is resent; a post or reply goes to the {@link DeliveryProbe} when there is one, else
 * `ambiguousPosts` decides. `maxConcurrentPosts` bounds the posts in flight per instance as there.
 * Retries and dead letters go through {@link decideAfterSend}. An update whose lane holds a newer
 * update of the same card (same `targetOutboxId`/`targetActivityId`) is superseded, not sent.
 *
 * ## Differences from SqliteOutbox
 * - `stats().byState`: `pending`, `claimed`, `sending` and `dead` come from the store (lanes, the
 *   dead-letter list) and this instance; `sent` and `superseded` count what THIS instance recorded
 *   since it started (the store keeps no index of settled messages).
 * - Settled message documents are not purged by the outbox (their ids keep `enqueue` idempotent):
 *   give the container a lifecycle rule for the `outbox/<queue>/msg/` prefix (say, 7 days).
 * - `enqueueMany` is not one transaction: each message is durable once the call resolves, and
 *   order within the call is kept per conversation.
 * - Delays have whole-second resolution (the queue's visibility timeout); a head due within a
 *   second, or a rate-limit wait of up to two seconds, is waited for while the lane is held.
 * - A lane whose pointer was lost outside the outbox (the queue cleared by hand) is given a new
 *   one by the sweep after `stuckLaneMs` without a lane write.
 */
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';

import { type DequeuedMessageItem, QueueClient } from '@azure/storage-queue';

import { StorageConflictError, StorageUnavailableError } from '../errors';
import type { Logger } from '../logging';
import type { StateStorage, StoreItems } from '../storage/state-storage';

import {
  type BackoffPolicy,
  conversationKey,
  decideAfterSend,
  type DeliveryProbe,
  type Outbox,
  type OutboxKind,
  type OutboxMessage,
  type OutboxDrainOptions,
  type OutboxMessageInput,
  type OutboxState,
  type OutboxStats,
  type Sender,
  type SendOutcome,
  type ConversationRef,
  emptyCounts,
  isRecord,
  Semaphore,
  sendWithDeadlines,
  sleepAbortable,
  validateInput,
  Waker,
} from './outbox';
import {
  type RateLimiter,
  type RateLimitRule,
  type RateScope,
  TEAMS_CONVERSATION_LIMITS,
  TEAMS_TENANT_LIMITS,
} from './rate-limiter';
import { StorageRateLimiter } from './storage-rate-limiter';

/** The queue operations the outbox uses (a `QueueClient`, or a wrapper of one in tests). */
export type OutboxQueueClient = Pick<
  QueueClient,
  'createIfNotExists' | 'sendMessage' | 'receiveMessages' | 'updateMessage' | 'deleteMessage'
>;

/** The default queue name (also `OUTBOX_QUEUE_NAME`'s default). */
export const DEFAULT_OUTBOX_QUEUE_NAME = 'helpdesk-outbox';

/** Options for {@link AzureQueueOutbox}. The drain options mean what they mean for SqliteOutbox. */
export interface AzureQueueOutboxOptions extends OutboxDrainOptions {
  /** Where message documents, lanes and (by default) the rate-limit logs live: the Blob store. */
  storage: StateStorage;
  /** Queue name (3–63 lowercase letters, digits, single hyphens). Default `helpdesk-outbox`. */
  queueName?: string;
  /** Azure Storage connection string that reaches the queue service. Or pass `queue`. */
  connectionString?: string;
  /** A ready queue client (tests wrap one); wins over `connectionString`. */
  queue?: OutboxQueueClient;
  /**
   * Defaults to a {@link StorageRateLimiter} on `storage` (shared by every instance on it). An
   * injected limiter belongs to the caller.
   */
  limiter?: RateLimiter;
  /** Lanes (conversations) worked on at once by this instance. Default 8. */
  concurrency?: number;
  /** The lease: the pointer's visibility timeout while held (whole seconds). Default 30 000 ms. */
  leaseMs?: number;
  /** How often to ask the queue for work when it was empty. Default 500 ms. */
  pollIntervalMs?: number;
  /** A lane's pointer received more often than this without a hand-over: poison. Default 5. */
  maxDequeueCount?: number;
  /** Messages sent per lane hold before the lane is handed back to the queue. Default 20. */
  maxMessagesPerTurn?: number;
  /** A pointer the lane does not name is kept this long (a swap may be landing). Default 60 s. */
  strayGraceMs?: number;
  /** How often the lanes are swept for lost pointers and stale index entries. Default 60 s. */
  sweepIntervalMs?: number;
  /** A busy lane untouched this long gets a new pointer. Default 15 min. */
  stuckLaneMs?: number;
  /** Prefix of every document. Default `outbox/<queueName>/`. */
  keyPrefix?: string;
}

/** A message document. */
interface MessageDoc {
  id: string;
  convKey: string;
  rateKey: string;
  kind: OutboxKind;
  conversation: ConversationRef;
  activity: Record<string, unknown>;
  targetActivityId?: string;
  targetOutboxId?: string;
  state: OutboxState;
  attempts: number;
  /** Ambiguous attempts so far (0 = certain). */
  uncertain: number;
  notBefore: number;
  createdAt: number;
  updatedAt: number;
  activityId?: string;
  sentAt?: number;
  lastStatus?: number;
  lastError?: string;
}

/** One active message in a lane. */
interface LaneEntry {
  id: string;
  kind: OutboxKind;
  /** `targetOutboxId|targetActivityId`, for superseding updates of the same card. */
  target: string;
}

/** A conversation's lane. */
interface LaneDoc {
  conv: string;
  entries: LaneEntry[];
  /** The queue message that stands for this lane while it has work. */
  pointer?: { id: string; since: number };
  /** The last pointers swapped out, so one surfacing after a crash is recognised and deleted. */
  retired: string[];
  /** Last write, for the stuck-lane sweep. */
  touched: number;
}

interface LanesDoc {
  convs: string[];
}

interface DeadDoc {
  ids: string[];
}

/** The pointer a task holds. */
interface Held {
  id: string;
  pop: string;
  dequeueCount: number;
  insertedOn: number;
}

/** One held lane. */
interface Task {
  conv: string;
  ptr: Held;
  /** The lease may have passed to another worker: stop before sending. */
  lost: boolean;
  /** The pointer was handed back or deleted: nothing more to renew. */
  released: boolean;
  /** The pointer's dequeue count was 1 when received, or it was swapped for a fresh one since. */
  fresh: boolean;
  slow: boolean;
  postSlot: boolean;
  state: 'claimed' | 'sending';
  ptrLock: Promise<unknown>;
}

const TERMINAL: ReadonlySet<OutboxState> = new Set<OutboxState>(['sent', 'dead', 'superseded']);
const CAS_ROUNDS = 25;
const RETIRED_KEPT = 8;
const DEAD_KEPT = 5000;
/** Waits up to this long are spent holding the lane; longer ones hand it back. */
const HOLD_MS = 1000;
const MAX_VISIBILITY_S = 7 * 24 * 3600 - 60;

/** The outbox on Azure Queue Storage + StateStorage. See the module notes. */
export class AzureQueueOutbox implements Outbox {
  private readonly storage: StateStorage;
  private readonly queue: OutboxQueueClient;
  private readonly queueName: string;
  private readonly prefix: string;
  private readonly limiter: RateLimiter;
  private readonly ownsLimiter: boolean;
  private readonly sender: Sender;
  private readonly log: Logger | undefined;
  private readonly workerId: string;
  private readonly concurrency: number;
  private readonly postSlots: Semaphore;
  private readonly leaseMs: number;
  private readonly leaseS: number;
  private readonly sendTimeoutMs: number;
  private readonly abandonAfterMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxAttempts: number;
  private readonly maxAgeMs: number;
  private readonly pollIntervalMs: number;
  private readonly ambiguousSettleMs: number;
  private readonly ambiguousPosts: 'resend' | 'deadLetter';
  private readonly probe: DeliveryProbe | undefined;
  private readonly stampOutboxId: boolean;
  private readonly conversationLimits: readonly RateLimitRule[];
  private readonly tenantLimits: readonly RateLimitRule[];
  private readonly now: () => number;
  private readonly stopTimeoutMs: number;
  private readonly maxDequeueCount: number;
  private readonly maxMessagesPerTurn: number;
  private readonly strayGraceMs: number;
  private readonly sweepIntervalMs: number;
  private readonly stuckLaneMs: number;
  private readonly onSent: AzureQueueOutboxOptions['onSent'];
  private readonly onDeadLetter: AzureQueueOutboxOptions['onDeadLetter'];

  private running = false;
  private loop: Promise<void> | undefined;
  private readonly waker = new Waker();
  private stopController = new AbortController();
  private readonly tasks = new Set<Promise<void>>();
  private readonly held = new Set<Task>();
  private activeSlots = 0;
  private queueReady: Promise<unknown> | undefined;
  private lastSweep = 0;
  private sweeping: Promise<void> | undefined;
  private closed = false;
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

  /** Creates the clients; no request is made until the first call. */
  public constructor(options: AzureQueueOutboxOptions) {
    this.storage = options.storage;
    this.queueName = options.queueName ?? DEFAULT_OUTBOX_QUEUE_NAME;
    this.prefix = options.keyPrefix ?? `outbox/${this.queueName}/`;
    if (options.queue) {
      this.queue = options.queue;
    } else {
      if (!options.connectionString) {
        throw new TypeError('AzureQueueOutbox needs a connectionString or a queue client');
      }
      try {
        this.queue = new QueueClient(options.connectionString, this.queueName);
      } catch {
        // The SDK's message may quote the connection string: neither it nor the cause is kept.
        throw new StorageUnavailableError(
          'Cannot create the Azure Queue Storage client: invalid connection string or queue name',
        );
      }
    }
    this.sender = options.sender;
    this.ownsLimiter = options.limiter === undefined;
    this.limiter =
      options.limiter ?? new StorageRateLimiter(this.storage, { keyPrefix: `${this.prefix}rate/` });
    this.workerId =
      options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.log = options.logger?.child({
      module: 'outbox',
      backend: 'azure-queue',
      queue: this.queueName,
      worker: this.workerId,
    });
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.postSlots = new Semaphore(Math.max(1, options.maxConcurrentPosts ?? 1));
    this.leaseMs = Math.max(1000, options.leaseMs ?? 30_000);
    this.leaseS = Math.ceil(this.leaseMs / 1000);
    this.sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
    this.abandonAfterMs = Math.max(options.abandonAfterMs ?? 120_000, this.sendTimeoutMs);
    this.backoff = {
      baseMs: options.backoff?.baseMs ?? 1_000,
      capMs: options.backoff?.capMs ?? 60_000,
      maxRetryAfterMs: options.backoff?.maxRetryAfterMs ?? 120_000,
    };
    this.maxAttempts = options.maxAttempts ?? 12;
    this.maxAgeMs = options.maxAgeMs ?? 24 * 3600 * 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.ambiguousSettleMs = options.ambiguousSettleMs ?? 10_000;
    this.ambiguousPosts = options.ambiguousPosts ?? 'resend';
    this.probe = options.probe;
    this.stampOutboxId = options.stampOutboxId ?? true;
    this.conversationLimits = options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS;
    this.tenantLimits = options.tenantLimits ?? TEAMS_TENANT_LIMITS;
    this.now = options.now ?? Date.now;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
    this.maxDequeueCount = Math.max(1, options.maxDequeueCount ?? 5);
    this.maxMessagesPerTurn = Math.max(1, options.maxMessagesPerTurn ?? 20);
    this.strayGraceMs = options.strayGraceMs ?? 60_000;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
    this.stuckLaneMs = options.stuckLaneMs ?? 15 * 60_000;
    this.onSent = options.onSent;
    this.onDeadLetter = options.onDeadLetter;
  }

  /** The queue this outbox drains (for logs; never the connection string). */
  public get name(): string {
    return this.queueName;
  }

  // -------------------------------------------------------------------------------------------
  // Enqueue

  /** See {@link Outbox.enqueue}. Everything is written before it resolves. */
  public async enqueue(message: OutboxMessageInput): Promise<{ id: string; created: boolean }> {
    const created = await this.enqueueMany([message]);
    return { id: message.id, created: created > 0 };
  }

  /**
   * See {@link Outbox.enqueueMany}. Not one transaction: every message is durable when the call
   * resolves, in order per conversation. Resolves the number of new messages.
   */
  public async enqueueMany(messages: readonly OutboxMessageInput[]): Promise<number> {
    messages.forEach(validateInput);
    if (messages.length === 0) return 0;
    await this.ensureQueue();
    const now = this.now();
    const docs = messages.map((m): MessageDoc => {
      const doc: MessageDoc = {
        id: m.id,
        convKey: conversationKey(m.conversation),
        rateKey: `tenant:${m.conversation.tenantId ?? 'default'}`,
        kind: m.kind,
        conversation: m.conversation,
        activity: m.activity,
        state: 'pending',
        attempts: 0,
        uncertain: 0,
        notBefore: m.notBefore ?? now,
        createdAt: now,
        updatedAt: now,
      };
      if (m.targetActivityId) doc.targetActivityId = m.targetActivityId;
      if (m.targetOutboxId) doc.targetOutboxId = m.targetOutboxId;
      return doc;
    });

    // 1. The documents, create-only (idempotency by id). A known id still joins its lane when it
    //    is active and missing there (an earlier enqueue that failed half-way).
    const outcomes = await mapLimited(docs, 8, async (doc) => {
      try {
        await this.storage.writeNew({ [this.msgKey(doc.id)]: doc });
        return { doc, created: true, laned: true };
      } catch (err) {
        if (!(err instanceof StorageConflictError)) throw err;
        const existing = await this.readMessage(doc.id);
        return {
          doc: existing ?? doc,
          created: false,
          laned: existing ? isActive(existing) : false,
        };
      }
    });

    // 2. The lanes, one write per conversation, in input order.
    const byLane = new Map<string, MessageDoc[]>();
    for (const o of outcomes) {
      if (!o.laned) continue;
      const list = byLane.get(o.doc.convKey) ?? [];
      if (!list.some((d) => d.id === o.doc.id)) list.push(o.doc);
      byLane.set(o.doc.convKey, list);
    }
    await mapLimited([...byLane], 8, ([conv, list]) => this.addToLane(conv, list));
    const created = outcomes.filter((o) => o.created).length;
    if (created > 0) this.wake();
    return created;
  }

  /** Appends to a lane; an idle lane gets a fresh pointer in the same write. */
  private async addToLane(conv: string, docs: readonly MessageDoc[]): Promise<void> {
    const key = this.laneKey(conv);
    const entries = docs.map(laneEntry);
    let indexed = false;
    for (let round = 0; round < CAS_ROUNDS; round++) {
      const current = await this.readDoc<LaneDoc>(key);
      const lane = current?.doc;
      const add = entries.filter((e) => !lane?.entries.some((x) => x.id === e.id));
      if (add.length === 0) return;
      const now = this.now();
      if (lane?.pointer) {
        try {
          await this.writeDoc(
            key,
            { ...lane, entries: [...lane.entries, ...add], touched: now },
            current?.eTag,
          );
          return;
        } catch (err) {
          if (!(err instanceof StorageConflictError)) throw err;
          await jitter(round);
          continue;
        }
      }
      if (!indexed) {
        await this.indexLane(conv);
        indexed = true;
      }
      // Born invisible (held by this call) so no worker sees it before the lane names it.
      const fresh = await this.queue.sendMessage(encodePointer(conv), {
        visibilityTimeout: this.leaseS,
        messageTimeToLive: -1,
      });
      const next: LaneDoc = {
        conv,
        entries: [...(lane?.entries ?? []), ...add],
        pointer: { id: fresh.messageId, since: now },
        retired: lane?.retired ?? [],
        touched: now,
      };
      try {
        await this.writeDoc(key, next, current?.eTag);
      } catch (err) {
        await this.queue.deleteMessage(fresh.messageId, fresh.popReceipt).catch(() => undefined);
        if (!(err instanceof StorageConflictError)) throw err;
        await jitter(round);
        continue;
      }
      const headDoc = lane && lane.entries.length > 0 ? undefined : docs[0];
      const dueInMs = headDoc ? headDoc.notBefore - this.now() : 0;
      await this.queue
        .updateMessage(fresh.messageId, fresh.popReceipt, undefined, visibilitySeconds(dueInMs))
        .catch((err: unknown) =>
          this.log?.warn({ err, conv }, 'outbox: could not release a new lane; it starts later'),
        );
      return;
    }
    throw new StorageUnavailableError(`outbox: lane write kept conflicting (${this.queueName})`);
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle and queries

  /** See {@link Outbox.start}. */
  public start(): void {
    if (this.running || this.closed) return;
    this.running = true;
    this.stopController = new AbortController();
    this.loop = this.runLoop();
  }

  /**
   * See {@link Outbox.stop}. Held lanes not sending are handed back at once (visible to other
   * instances); sends in flight get `stopTimeoutMs` to record their outcome.
   */
  public async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopController.abort();
    this.wake();
    await this.loop;
    const deadline = Date.now() + this.stopTimeoutMs;
    while (this.tasks.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.tasks]), delay(100)]);
    }
    await this.sweeping;
  }

  /** Stops; closes the limiter it created. The storage and queue belong to the caller. */
  public async close(): Promise<void> {
    await this.stop();
    if (this.closed) return;
    this.closed = true;
    if (this.ownsLimiter) this.limiter.close();
  }

  /** See {@link Outbox.stats} and the module notes for what `byState` can know. */
  public async stats(): Promise<OutboxStats> {
    const byState = emptyCounts();
    let active = 0;
    for (const lane of await this.readLanes()) active += lane.entries.length;
    for (const task of this.held) byState[task.state] += 1;
    byState.pending = Math.max(0, active - byState.claimed - byState.sending);
    byState.dead = (await this.readDoc<DeadDoc>(this.deadKey()))?.doc.ids.length ?? 0;
    byState.sent = this.counters.sent;
    byState.superseded = this.counters.superseded;
    return { byState, ...this.counters };
  }

  /** See {@link Outbox.get}. */
  public async get(id: string): Promise<OutboxMessage | undefined> {
    const doc = await this.readMessage(id);
    return doc ? toMessage(doc) : undefined;
  }

  /** See {@link Outbox.listDead}. Newest first. */
  public async listDead(limit = 100): Promise<OutboxMessage[]> {
    const ids = (await this.readDoc<DeadDoc>(this.deadKey()))?.doc.ids ?? [];
    const newest = ids.slice(-Math.max(0, limit)).reverse();
    const docs = await mapLimited(newest, 8, (id) => this.readMessage(id));
    return docs
      .filter((d): d is MessageDoc => d !== undefined && d.state === 'dead')
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map(toMessage);
  }

  /** See {@link Outbox.requeue}. The message goes to the end of its conversation's lane. */
  public async requeue(id: string): Promise<boolean> {
    const now = this.now();
    let changed = false;
    const doc = await this.updateMessage(id, (d) => {
      changed = false;
      if (d.state !== 'dead') return null;
      changed = true;
      const next: MessageDoc = {
        ...d,
        state: 'pending',
        attempts: 0,
        uncertain: 0,
        notBefore: now,
        updatedAt: now,
      };
      delete next.lastError;
      return next;
    });
    if (!changed || !doc) return false;
    await this.casDoc<DeadDoc>(this.deadKey(), (dead) =>
      dead?.ids.includes(id) ? { ids: dead.ids.filter((x) => x !== id) } : null,
    );
    await this.ensureQueue();
    await this.addToLane(doc.convKey, [doc]);
    this.wake();
    return true;
  }

  /** See {@link Outbox.whenIdle}: no lane has work and this instance holds none. Polls 100 ms. */
  public async whenIdle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.tasks.size === 0) {
        const lanes = await this.readLanes();
        if (lanes.every((l) => l.entries.length === 0)) return;
      }
      if (Date.now() > deadline) throw new Error(`outbox not idle after ${timeoutMs} ms`);
      await delay(100);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Drain loop

  private async runLoop(): Promise<void> {
    while (this.running) {
      let sleepMs = this.pollIntervalMs;
      try {
        await this.ensureQueue();
        if (this.now() - this.lastSweep > this.sweepIntervalMs && !this.sweeping) {
          this.lastSweep = this.now();
          this.sweeping = this.sweep()
            .catch((err: unknown) => this.log?.warn({ err }, 'outbox: sweep failed'))
            .finally(() => (this.sweeping = undefined));
        }
        const want = Math.min(
          32,
          this.concurrency - this.activeSlots,
          this.concurrency * 4 - this.tasks.size,
        );
        if (want > 0) {
          const received = await this.queue.receiveMessages({
            numberOfMessages: want,
            visibilityTimeout: this.leaseS,
          });
          for (const item of received.receivedMessageItems) this.startTask(item);
          if (received.receivedMessageItems.length === want) sleepMs = 0;
        }
      } catch (err) {
        this.log?.error({ err }, 'outbox: drain loop error');
        sleepMs = Math.max(sleepMs, 1000);
      }
      if (!this.running) break;
      await this.sleepUntilWoken(Math.max(5, sleepMs));
    }
  }

  private startTask(item: DequeuedMessageItem): void {
    const conv = decodePointer(item.messageText);
    const task: Task = {
      conv: conv ?? '',
      ptr: {
        id: item.messageId,
        pop: item.popReceipt,
        dequeueCount: item.dequeueCount,
        insertedOn: item.insertedOn.getTime(),
      },
      lost: false,
      released: false,
      fresh: item.dequeueCount <= 1,
      slow: false,
      postSlot: false,
      state: 'claimed',
      ptrLock: Promise.resolve(),
    };
    this.held.add(task);
    this.activeSlots += 1;
    const heartbeat = setInterval(() => void this.renew(task), Math.max(50, this.leaseMs / 3));
    const run = async (): Promise<void> => {
      if (conv === undefined) {
        this.log?.warn({ messageId: item.messageId }, 'outbox: unreadable queue message deleted');
        await this.deletePointer(task);
        return;
      }
      if (!task.fresh) {
        this.counters.recovered += 1;
        this.log?.warn(
          { conv, dequeueCount: item.dequeueCount },
          'outbox: took over a lane whose previous holder stopped without handing it back',
        );
      }
      await this.work(task);
    };
    const p = run()
      .catch(async (err: unknown) => {
        this.log?.error({ err, conv }, 'outbox: lane task failed');
        if (!task.released && !task.lost) {
          // Hand the lane back a second later; if even that fails, the lease runs out on its own.
          await this.handOff(task, 1000).catch(() => undefined);
        }
      })
      .finally(() => {
        clearInterval(heartbeat);
        this.releasePostSlot(task);
        this.held.delete(task);
        if (!task.slow) this.activeSlots -= 1;
        this.tasks.delete(p);
        this.wake();
      });
    this.tasks.add(p);
  }

  /** Works one held lane: its heads, in order, until it is empty, waits, or the turn ends. */
  private async work(task: Task): Promise<void> {
    let turn = 0;
    for (;;) {
      if (task.lost || task.released) return;
      const lane = (await this.readDoc<LaneDoc>(this.laneKey(task.conv)))?.doc;
      if (!lane || lane.pointer?.id !== task.ptr.id) {
        await this.dropStray(task, lane);
        return;
      }
      if (!this.running) {
        await this.handOff(task, 0);
        return;
      }
      const head = lane.entries[0];
      if (!head) {
        if (await this.retireLane(task)) return;
        continue;
      }
      let doc = await this.readMessage(head.id);
      if (!doc || TERMINAL.has(doc.state)) {
        // Settled by an earlier holder that stopped before updating the lane.
        await this.removeFromLane(task.conv, head.id);
        await this.afterOutcome(task);
        continue;
      }
      if (!task.fresh && task.ptr.dequeueCount > this.maxDequeueCount) {
        await this.deadLetter(
          doc.id,
          `poison: its lane was dequeued ${task.ptr.dequeueCount} times without an outcome ` +
            `(bound ${this.maxDequeueCount}); workers crashed or lost the lease while handling it`,
          undefined,
          doc.state === 'sending',
        );
        await this.settle(task, doc.id);
        continue;
      }
      if (doc.state === 'sending' || doc.state === 'claimed') {
        // Its holder died (or lost the lease) with the request possibly in flight.
        const wasSending = doc.state === 'sending';
        const now = this.now();
        doc =
          (await this.updateMessage(doc.id, (d) =>
            d.state === 'sending' || d.state === 'claimed'
              ? {
                  ...d,
                  state: 'pending',
                  uncertain: d.uncertain + (d.state === 'sending' ? 1 : 0),
                  updatedAt: now,
                }
              : null,
          )) ?? doc;
        if (wasSending) {
          this.log?.warn({ outboxId: doc.id }, 'outbox: recovered a message left in sending');
        }
        if (TERMINAL.has(doc.state)) continue;
      }

      const dueIn = doc.notBefore - this.now();
      if (dueIn > 0) {
        if (dueIn > HOLD_MS) {
          await this.handOff(task, dueIn);
          return;
        }
        await this.sleepAbortable(dueIn);
        continue;
      }

      let targetActivityId = doc.targetActivityId;
      if (doc.kind !== 'post' && !targetActivityId && doc.targetOutboxId) {
        const target = await this.readMessage(doc.targetOutboxId);
        if (!target || target.state === 'dead' || target.state === 'superseded') {
          await this.deadLetter(
            doc.id,
            target ? `target ${doc.targetOutboxId} is ${target.state}` : 'target unknown',
          );
          await this.settle(task, doc.id);
          continue;
        }
        if (target.state !== 'sent' || !target.activityId) {
          // The target is still queued (in another lane): look again shortly.
          await this.handOff(task, 500);
          return;
        }
        targetActivityId = target.activityId;
      }
      if (doc.kind !== 'post' && !targetActivityId) {
        await this.deadLetter(doc.id, `${doc.kind} without a target activity`);
        await this.settle(task, doc.id);
        continue;
      }

      if (
        doc.kind === 'update' &&
        lane.entries.slice(1).some((e) => e.kind === 'update' && e.target === head.target)
      ) {
        const now = this.now();
        let superseded = false;
        await this.updateMessage(doc.id, (d) => {
          superseded = !TERMINAL.has(d.state);
          return superseded ? { ...d, state: 'superseded', updatedAt: now } : null;
        });
        if (superseded) this.counters.superseded += 1;
        await this.settle(task, doc.id);
        continue;
      }

      const message = toMessage(doc);
      if (message.uncertain && message.kind !== 'update') {
        if (await this.settleUncertainPost(message)) {
          await this.settle(task, doc.id);
          continue;
        }
      }

      const next = await this.sendHead(task, doc, message, targetActivityId);
      if (next === 'stop') return;
      turn += 1;
      if (turn >= this.maxMessagesPerTurn) {
        await this.handOff(task, 0);
        return;
      }
    }
  }

  /**
   * Rate limit, `sending`, the request, the outcome. Returns 'next' when the head is settled and
   * the lane may go on, 'stop' when the lane was handed back (retry, wait, stop) or lost.
   */
  private async sendHead(
    task: Task,
    doc: MessageDoc,
    message: OutboxMessage,
    targetActivityId: string | undefined,
  ): Promise<'next' | 'stop'> {
    const scopes: RateScope[] = [
      { key: `conv:${doc.convKey}`, rules: this.conversationLimits },
      { key: doc.rateKey, rules: this.tenantLimits },
    ];
    const isPost = doc.kind !== 'update';
    for (;;) {
      if (!this.running || task.lost) {
        if (!task.lost) await this.handOff(task, 0);
        return 'stop';
      }
      if (isPost && !this.postSlots.tryTake()) {
        await this.postSlots.waitForRelease(this.stopController.signal, 1000);
        continue;
      }
      let wait: number;
      try {
        wait = await this.limiter.tryAcquire(scopes, this.now());
      } catch (err) {
        if (isPost) this.postSlots.give();
        throw err;
      }
      if (wait === 0) break;
      if (isPost) this.postSlots.give();
      if (wait > 2 * HOLD_MS) {
        await this.handOff(task, wait);
        return 'stop';
      }
      await this.sleepAbortable(Math.min(wait, HOLD_MS));
    }
    if (isPost) task.postSlot = true;

    const started = this.now();
    const sending = await this.updateMessage(doc.id, (d) =>
      TERMINAL.has(d.state)
        ? null
        : { ...d, state: 'sending', attempts: d.attempts + 1, updatedAt: started },
    );
    if (!sending || sending.state !== 'sending') {
      this.releasePostSlot(task);
      return 'next';
    }
    task.state = 'sending';
    const attempt = sending.attempts;
    this.counters.sendAttempts += 1;

    const outcome = await this.sendWithTimeouts(task, message, targetActivityId);
    task.state = 'claimed';
    const disposition = decideAfterSend(outcome, attempt, this.backoff);
    const now = this.now();

    if (disposition.action === 'sent') {
      await this.updateMessage(doc.id, (d) => {
        if (TERMINAL.has(d.state)) return null;
        const sent: MessageDoc = { ...d, state: 'sent', sentAt: now, updatedAt: now };
        if (disposition.activityId) sent.activityId = disposition.activityId;
        if (outcome.ok && outcome.status !== undefined) sent.lastStatus = outcome.status;
        return sent;
      });
      // The outcome is recorded: the next post may start (see maxConcurrentPosts).
      this.releasePostSlot(task);
      this.counters.sent += 1;
      if (message.uncertain && message.kind !== 'update') {
        this.counters.possibleDuplicates += message.ambiguousAttempts;
        this.log?.warn(
          { outboxId: doc.id, ambiguousAttempts: message.ambiguousAttempts },
          'outbox: post delivered after ambiguous attempts; as many duplicates are possible',
        );
      }
      await this.notify(this.onSent, doc.id);
      await this.settle(task, doc.id);
      return 'next';
    }

    if (!outcome.ok && outcome.status === 429) this.counters.throttled += 1;
    const ambiguous = disposition.action === 'retry' && disposition.ambiguous;
    if (ambiguous) this.counters.ambiguous += 1;
    const status = outcome.ok ? undefined : outcome.status;

    const tooOld = now - doc.createdAt > this.maxAgeMs;
    if (disposition.action === 'dead' || attempt >= this.maxAttempts || tooOld) {
      const reason =
        disposition.action === 'dead'
          ? disposition.reason
          : `gave up after ${attempt} attempts${tooOld ? ' (too old)' : ''}: ${disposition.reason}`;
      await this.deadLetter(doc.id, reason, status, ambiguous);
      this.releasePostSlot(task);
      await this.settle(task, doc.id);
      return 'next';
    }

    this.counters.retries += 1;
    const retryDelay = ambiguous
      ? Math.max(disposition.delayMs, this.ambiguousSettleMs)
      : disposition.delayMs;
    await this.updateMessage(doc.id, (d) => {
      if (TERMINAL.has(d.state)) return null;
      const next: MessageDoc = {
        ...d,
        state: 'pending',
        notBefore: now + retryDelay,
        uncertain: d.uncertain + (ambiguous ? 1 : 0),
        lastError: disposition.reason,
        updatedAt: now,
      };
      if (status !== undefined) next.lastStatus = status;
      return next;
    });
    this.releasePostSlot(task);
    this.log?.debug(
      { outboxId: doc.id, attempt, delayMs: retryDelay, reason: disposition.reason },
      'outbox: retry scheduled',
    );
    await this.handOff(task, retryDelay);
    return 'stop';
  }

  /** Returns true when the message was settled (sent via probe, or dead-lettered). */
  private async settleUncertainPost(message: OutboxMessage): Promise<boolean> {
    if (this.probe) {
      const found = await this.probe.find(message).catch(() => ({ found: 'unknown' as const }));
      if (found.found === true) {
        const now = this.now();
        await this.updateMessage(message.id, (d) =>
          TERMINAL.has(d.state)
            ? null
            : { ...d, state: 'sent', activityId: found.activityId, sentAt: now, updatedAt: now },
        );
        this.counters.probeResolved += 1;
        this.counters.sent += 1;
        await this.notify(this.onSent, message.id);
        return true;
      }
      if (found.found === false) {
        await this.updateMessage(message.id, (d) =>
          d.uncertain > 0 ? { ...d, uncertain: 0 } : null,
        );
        message.uncertain = false;
        message.ambiguousAttempts = 0;
        return false;
      }
    }
    if (this.ambiguousPosts === 'deadLetter') {
      await this.deadLetter(
        message.id,
        'ambiguous: an earlier attempt may have been delivered; not resent',
      );
      return true;
    }
    return false;
  }

  private sendWithTimeouts(
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
        this.wake();
      },
    });
  }

  // -------------------------------------------------------------------------------------------
  // Pointers

  /** Serialises the task's pointer operations (renewals change the pop receipt). */
  private withPtr<T>(task: Task, fn: () => Promise<T>): Promise<T> {
    const run = task.ptrLock.then(fn, fn);
    task.ptrLock = run.catch(() => undefined);
    return run;
  }

  private renew(task: Task): Promise<void> {
    return this.withPtr(task, async () => {
      if (task.released || task.lost) return;
      try {
        const res = await this.queue.updateMessage(
          task.ptr.id,
          task.ptr.pop,
          undefined,
          this.leaseS,
        );
        if (res.popReceipt) task.ptr.pop = res.popReceipt;
      } catch (err) {
        const status = statusOf(err);
        if (status === 404 || status === 400) {
          task.lost = true;
          this.log?.warn({ conv: task.conv }, 'outbox: lost the lease on a lane');
        } else {
          this.log?.warn({ err, conv: task.conv }, 'outbox: lease renewal failed');
        }
      }
    });
  }

  /**
   * Swaps the held pointer for a fresh one (sent invisible, named in the lane with its eTag, the
   * old one deleted). With `releaseInMs`, the fresh pointer is then let go, visible after that
   * delay; without, the task keeps holding it (its dequeue count starts again).
   */
  private replacePointer(task: Task, releaseInMs?: number): Promise<boolean> {
    return this.withPtr(task, async () => {
      if (task.lost || task.released) return false;
      const fresh = await this.queue.sendMessage(encodePointer(task.conv), {
        visibilityTimeout: this.leaseS,
        messageTimeToLive: -1,
      });
      const old = task.ptr;
      const now = this.now();
      let swapped = false;
      try {
        await this.casDoc<LaneDoc>(this.laneKey(task.conv), (lane) => {
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
        await this.queue.deleteMessage(fresh.messageId, fresh.popReceipt).catch(() => undefined);
        throw err;
      }
      if (!swapped) {
        await this.queue.deleteMessage(fresh.messageId, fresh.popReceipt).catch(() => undefined);
        task.lost = true;
        return false;
      }
      await this.queue
        .deleteMessage(old.id, old.pop)
        .catch((err: unknown) => this.log?.debug({ err }, 'outbox: old pointer not deleted'));
      task.ptr = {
        id: fresh.messageId,
        pop: fresh.popReceipt,
        dequeueCount: 0,
        insertedOn: now,
      };
      task.fresh = true;
      if (releaseInMs !== undefined) {
        task.released = true;
        await this.queue
          .updateMessage(
            fresh.messageId,
            fresh.popReceipt,
            undefined,
            visibilitySeconds(releaseInMs),
          )
          .catch((err: unknown) =>
            this.log?.warn(
              { err },
              'outbox: hand-over not released; the lane resumes after the lease',
            ),
          );
      }
      return true;
    });
  }

  /** Hands the lane back, due again after `delayMs`. */
  private async handOff(task: Task, delayMs: number): Promise<void> {
    await this.replacePointer(task, Math.max(0, delayMs));
  }

  /** The head is settled: off the lane, and a fresh pointer when this one carries blame. */
  private async settle(task: Task, id: string): Promise<void> {
    await this.removeFromLane(task.conv, id);
    await this.afterOutcome(task);
  }

  private async afterOutcome(task: Task): Promise<void> {
    if (!task.fresh) await this.replacePointer(task);
  }

  /** The lane is empty: clear its pointer (with the eTag) and delete it. False if work arrived. */
  private async retireLane(task: Task): Promise<boolean> {
    let cleared = false;
    const now = this.now();
    await this.casDoc<LaneDoc>(this.laneKey(task.conv), (lane) => {
      cleared = false;
      if (!lane || lane.pointer?.id !== task.ptr.id || lane.entries.length > 0) return null;
      cleared = true;
      const next: LaneDoc = {
        ...lane,
        retired: [task.ptr.id, ...lane.retired].slice(0, RETIRED_KEPT),
        touched: now,
      };
      delete next.pointer;
      return next;
    });
    if (!cleared) return false;
    await this.deletePointer(task);
    await this.unindexLane(task.conv);
    return true;
  }

  /** A pointer the lane does not name: a leftover of a crash, or a swap still landing. */
  private async dropStray(task: Task, lane: LaneDoc | undefined): Promise<void> {
    const retired = lane?.retired.includes(task.ptr.id) ?? false;
    if (retired || Date.now() - task.ptr.insertedOn > this.strayGraceMs) {
      await this.deletePointer(task);
      return;
    }
    await this.withPtr(task, async () => {
      task.released = true;
      await this.queue
        .updateMessage(task.ptr.id, task.ptr.pop, undefined, 5)
        .catch(() => undefined);
    });
  }

  private deletePointer(task: Task): Promise<void> {
    return this.withPtr(task, async () => {
      task.released = true;
      await this.queue
        .deleteMessage(task.ptr.id, task.ptr.pop)
        .catch((err: unknown) => this.log?.debug({ err }, 'outbox: pointer already gone'));
    });
  }

  // -------------------------------------------------------------------------------------------
  // Lanes, dead letters, sweep

  private async removeFromLane(conv: string, id: string): Promise<void> {
    const now = this.now();
    await this.casDoc<LaneDoc>(this.laneKey(conv), (lane) =>
      lane?.entries.some((e) => e.id === id)
        ? { ...lane, entries: lane.entries.filter((e) => e.id !== id), touched: now }
        : null,
    );
  }

  private async indexLane(conv: string): Promise<void> {
    await this.casDoc<LanesDoc>(this.lanesKey(), (index) =>
      index?.convs.includes(conv) ? null : { convs: [...(index?.convs ?? []), conv] },
    );
  }

  /** Drops an idle lane from the index, and puts it back if work arrived meanwhile. */
  private async unindexLane(conv: string): Promise<void> {
    await this.casDoc<LanesDoc>(this.lanesKey(), (index) =>
      index?.convs.includes(conv) ? { convs: index.convs.filter((c) => c !== conv) } : null,
    );
    const lane = (await this.readDoc<LaneDoc>(this.laneKey(conv)))?.doc;
    if (lane && (lane.entries.length > 0 || lane.pointer)) await this.indexLane(conv);
  }

  private async readLanes(): Promise<LaneDoc[]> {
    const convs = (await this.readDoc<LanesDoc>(this.lanesKey()))?.doc.convs ?? [];
    if (convs.length === 0) return [];
    const lanes: LaneDoc[] = [];
    for (let i = 0; i < convs.length; i += 50) {
      const keys = convs.slice(i, i + 50).map((c) => this.laneKey(c));
      const items: StoreItems = await this.storage.read(keys);
      for (const key of keys) {
        const lane = items[key] as LaneDoc | undefined;
        if (lane) lanes.push(lane);
      }
    }
    return lanes;
  }

  /** Drops idle lanes from the index and gives a busy lane without a live pointer a new one. */
  private async sweep(): Promise<void> {
    for (const lane of await this.readLanes()) {
      if (!this.running) return;
      if (lane.entries.length === 0 && !lane.pointer) {
        await this.unindexLane(lane.conv);
      } else if (
        lane.entries.length > 0 &&
        (!lane.pointer || this.now() - lane.touched > this.stuckLaneMs)
      ) {
        await this.adoptLane(lane.conv, lane.pointer?.id);
      }
    }
  }

  private async adoptLane(conv: string, stalePointer: string | undefined): Promise<void> {
    const fresh = await this.queue.sendMessage(encodePointer(conv), {
      visibilityTimeout: this.leaseS,
      messageTimeToLive: -1,
    });
    const now = this.now();
    let adopted = false;
    await this.casDoc<LaneDoc>(this.laneKey(conv), (lane) => {
      adopted = false;
      if (!lane || lane.entries.length === 0 || lane.pointer?.id !== stalePointer) return null;
      adopted = true;
      return {
        ...lane,
        pointer: { id: fresh.messageId, since: now },
        retired: stalePointer
          ? [stalePointer, ...lane.retired].slice(0, RETIRED_KEPT)
          : lane.retired,
        touched: now,
      };
    });
    if (!adopted) {
      await this.queue.deleteMessage(fresh.messageId, fresh.popReceipt).catch(() => undefined);
      return;
    }
    this.log?.warn({ conv }, 'outbox: gave a lane without a live pointer a new one');
    await this.queue
      .updateMessage(fresh.messageId, fresh.popReceipt, undefined, 0)
      .catch(() => undefined);
  }

  private async deadLetter(
    id: string,
    reason: string,
    status?: number,
    uncertain = false,
  ): Promise<void> {
    const now = this.now();
    let changed = false;
    const doc = await this.updateMessage(id, (d) => {
      changed = false;
      if (TERMINAL.has(d.state)) return null;
      changed = true;
      const dead: MessageDoc = {
        ...d,
        state: 'dead',
        lastError: reason.slice(0, 500),
        uncertain: d.uncertain + (uncertain ? 1 : 0),
        updatedAt: now,
      };
      if (status !== undefined) dead.lastStatus = status;
      return dead;
    });
    if (!changed || !doc) return;
    await this.casDoc<DeadDoc>(this.deadKey(), (dead) =>
      dead?.ids.includes(id) ? null : { ids: [...(dead?.ids ?? []), id].slice(-DEAD_KEPT) },
    );
    this.counters.deadLettered += 1;
    this.log?.error(
      { outboxId: id, kind: doc.kind, reason, attempts: doc.attempts },
      'outbox: message dead-lettered',
    );
    void this.notify(this.onDeadLetter, id);
  }

  private async notify(
    hook: ((m: OutboxMessage) => void | Promise<void>) | undefined,
    id: string,
  ): Promise<void> {
    if (!hook) return;
    try {
      const doc = await this.readMessage(id);
      if (doc) await hook(toMessage(doc));
    } catch (err) {
      this.log?.error({ err, outboxId: id }, 'outbox: hook failed');
    }
  }

  // -------------------------------------------------------------------------------------------
  // Documents

  private msgKey(id: string): string {
    return `${this.prefix}msg/${digest(id)}`;
  }

  private laneKey(conv: string): string {
    return `${this.prefix}lane/${digest(conv)}`;
  }

  private lanesKey(): string {
    return `${this.prefix}lanes`;
  }

  private deadKey(): string {
    return `${this.prefix}dead`;
  }

  private async readDoc<T>(key: string): Promise<{ doc: T; eTag: string | undefined } | undefined> {
    const items: StoreItems = await this.storage.read([key]);
    const item = items[key] as (T & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag, ...doc } = item;
    return { doc: doc as T, eTag };
  }

  private async writeDoc<T extends object>(key: string, doc: T, eTag: string | undefined) {
    if (eTag === undefined) await this.storage.writeNew({ [key]: doc });
    else await this.storage.write({ [key]: { ...doc, eTag } });
  }

  /**
   * Read-modify-write with the eTag, retried on conflict. `mutate` gets a copy (or undefined when
   * missing) and returns the new document or null for "leave it". Resolves the stored document.
   */
  private async casDoc<T extends object>(
    key: string,
    mutate: (current: T | undefined) => T | null,
  ): Promise<T | undefined> {
    for (let round = 0; round < CAS_ROUNDS; round++) {
      const current = await this.readDoc<T>(key);
      const copy = current ? structuredClone<T>(current.doc) : undefined;
      const next = mutate(copy);
      if (next === null) return current?.doc;
      try {
        await this.writeDoc(key, next, current?.eTag);
        return next;
      } catch (err) {
        if (!(err instanceof StorageConflictError)) throw err;
        await jitter(round);
      }
    }
    throw new StorageUnavailableError(`outbox: ${key} kept conflicting`);
  }

  private async readMessage(id: string): Promise<MessageDoc | undefined> {
    const doc = (await this.readDoc<MessageDoc>(this.msgKey(id)))?.doc;
    return doc && doc.id === id ? doc : undefined;
  }

  /** Updates an existing message document (never creates one). */
  private updateMessage(
    id: string,
    mutate: (current: MessageDoc) => MessageDoc | null,
  ): Promise<MessageDoc | undefined> {
    return this.casDoc<MessageDoc>(this.msgKey(id), (d) => (d && d.id === id ? mutate(d) : null));
  }

  private ensureQueue(): Promise<unknown> {
    this.queueReady ??= this.queue.createIfNotExists().catch((err: unknown) => {
      this.queueReady = undefined;
      throw new StorageUnavailableError(
        `Azure Queue Storage unavailable (queue ${this.queueName}): HTTP ${statusOf(err) ?? 'error'}`,
        { cause: err },
      );
    });
    return this.queueReady;
  }

  // -------------------------------------------------------------------------------------------
  // Small things

  private releasePostSlot(task: Task): void {
    if (!task.postSlot) return;
    task.postSlot = false;
    this.postSlots.give();
  }

  private wake(): void {
    this.waker.wake();
  }

  private sleepUntilWoken(ms: number): Promise<void> {
    return this.waker.sleep(ms);
  }

  private sleepAbortable(ms: number): Promise<void> {
    return sleepAbortable(this.stopController.signal, ms);
  }
}

function laneEntry(doc: MessageDoc): LaneEntry {
  return {
    id: doc.id,
    kind: doc.kind,
    target: `${doc.targetOutboxId ?? ''}|${doc.targetActivityId ?? ''}`,
  };
}

function isActive(doc: MessageDoc): boolean {
  return !TERMINAL.has(doc.state);
}

function toMessage(doc: MessageDoc): OutboxMessage {
  const m: OutboxMessage = {
    id: doc.id,
    conversation: doc.conversation,
    kind: doc.kind,
    activity: doc.activity,
    state: doc.state,
    attempts: doc.attempts,
    notBefore: doc.notBefore,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    uncertain: doc.uncertain > 0,
    ambiguousAttempts: doc.uncertain,
  };
  if (doc.targetActivityId) m.targetActivityId = doc.targetActivityId;
  if (doc.targetOutboxId) m.targetOutboxId = doc.targetOutboxId;
  if (doc.activityId) m.activityId = doc.activityId;
  if (doc.sentAt !== undefined) m.sentAt = doc.sentAt;
  if (doc.lastStatus !== undefined) m.lastStatus = doc.lastStatus;
  if (doc.lastError !== undefined) m.lastError = doc.lastError;
  return m;
}

/** The same checks as SqliteOutbox's enqueue. */
function encodePointer(conv: string): string {
  return Buffer.from(JSON.stringify({ v: 1, conv }), 'utf8').toString('base64');
}

function decodePointer(text: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
    return isRecord(parsed) && parsed.v === 1 && typeof parsed.conv === 'string'
      ? parsed.conv
      : undefined;
  } catch {
    return undefined;
  }
}

/** A delay as the queue's visibility timeout: whole seconds, rounded up, within 7 days. */
function visibilitySeconds(ms: number): number {
  return Math.min(MAX_VISIBILITY_S, Math.max(0, Math.ceil(ms / 1000)));
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 40);
}

function statusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'statusCode' in err) {
    const { statusCode } = err;
    return typeof statusCode === 'number' ? statusCode : undefined;
  }
  return undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function jitter(round: number): Promise<void> {
  return delay(2 + Math.floor(Math.random() * Math.min(200, 10 * (round + 1))));
}

/** Maps with at most `limit` calls in flight, keeping the input order in the result. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
