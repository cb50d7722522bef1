/**
 * The scale-out outbox store: Azure Queue Storage plus StateStorage (the Blob container the
 * instances already share), so several bot instances drain one outbox in order, under one shared
 * rate limit. The engine (../engine.ts) is the same as on SQLite; this file only keeps messages
 * and leases. What is stored where: documents.ts. How a lane is held: lane-claim.ts.
 *
 * ## Order and leases: one queue message per busy conversation
 * The queue holds one message, the POINTER, per conversation with work, not one per outbox
 * message: a worker that receives it holds the lane (the pointer's visibility timeout is the
 * lease). So a conversation's messages go out strictly one at a time and in order across all
 * instances, without a lock service, and different conversations drain in parallel. (One queue
 * per conversation shard was the alternative: Azure queues are not FIFO, so it would still need a
 * per-conversation sequence check, and a slow conversation would hold up its whole shard.) A retry
 * is realised as visibility: the head's document gets `notBefore` and the lane's pointer becomes
 * visible again at that time (whole seconds, as the service counts them).
 *
 * Enqueue: message documents (`writeNew`), then the lane (append with the eTag; an idle lane gets
 * its fresh pointer in the same write). Everything is written before `enqueue` resolves. A
 * rejected enqueue may be retried: re-enqueueing an id whose document exists but whose lane append
 * was lost puts it (at the end of) its lane again.
 *
 * ## Differences from the SQLite store
 * - `stats().byState`: `pending`, `claimed`, `sending` and `dead` come from the store (lanes, the
 *   dead-letter list) and this instance; `sent` and `superseded` count what THIS instance recorded
 *   since it started (the store keeps no index of settled messages).
 * - Settled message documents are not purged (their ids keep `enqueue` idempotent): give the
 *   container a lifecycle rule for the `outbox/<queue>/msg/` prefix (say, 7 days).
 * - `enqueueMany` is not one transaction: each message is durable once the call resolves, and
 *   order within the call is kept per conversation.
 * - Delays have whole-second resolution (the queue's visibility timeout); a head due within a
 *   second, or a rate-limit wait of up to two seconds, is waited for while the lane is held.
 * - A lane whose pointer was lost outside the outbox (the queue cleared by hand) is given a new
 *   one by the sweep after `stuckLaneMs` without a lane write.
 */
import type { TokenCredential } from '@azure/core-auth';
import { QueueClient } from '@azure/storage-queue';

import { StorageConflictError, StorageUnavailableError } from '../../errors';
import type { Logger } from '../../logging';
import type { StateStorage } from '../../storage/state-storage';
import { defaultWorkerId, OutboxEngine } from '../engine';
import { conversationKey, emptyCounts, tenantRateKey } from '../policy';
import type { RateLimiter } from '../rate-limiter';
import { StorageRateLimiter } from '../storage-rate-limiter';
import type { ClaimBatch, LocalCounts, OutboxStore } from '../store';
import type { OutboxDrainOptions, OutboxMessage, OutboxMessageInput, OutboxState } from '../types';

import {
  isActive,
  laneEntry,
  type MessageDoc,
  newMessageDoc,
  OutboxDocuments,
  RETIRED_KEPT,
  toMessage,
} from './documents';
import { LaneClaim, type LaneContext } from './lane-claim';
import {
  decodePointer,
  encodePointer,
  type OutboxQueueClient,
  statusOf,
  visibilitySeconds,
} from './pointers';

/** The default queue name (also `OUTBOX_QUEUE_NAME`'s default). */
export const DEFAULT_OUTBOX_QUEUE_NAME = 'helpdesk-outbox';

/** Options for {@link AzureQueueOutbox}. The drain options mean what they mean on SQLite. */
export interface AzureQueueOutboxOptions extends OutboxDrainOptions {
  /** Where message documents, lanes and (by default) the rate-limit logs live: the Blob store. */
  storage: StateStorage;
  /** Queue name (3–63 lowercase letters, digits, single hyphens). Default `helpdesk-outbox`. */
  queueName?: string;
  /**
   * The account's queue service: a connection string that reaches it, or the queue endpoint and
   * a token credential (managed identity). Or pass `queue`.
   */
  account?: string | { accountUrl: string; credential: TokenCredential };
  /** A ready queue client (tests wrap one); wins over `account`. */
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

/** Waits up to this long are spent holding the lane; longer ones hand it back. */
const HOLD_MS = 1000;
/** The queue hands out at most 32 messages per receive. */
const MAX_RECEIVE = 32;
/** Storage calls in flight at once for one enqueue. */
const PARALLEL = 8;

/** The Azure Queue + Blob store. See the module notes. */
export class AzureQueueStore implements OutboxStore {
  public readonly logContext: Record<string, string>;
  public readonly limiter: RateLimiter;
  public readonly leaseMs: number;
  public readonly holdMs = HOLD_MS;
  public readonly idlePollMs = 100;
  public readonly queueName: string;

  private readonly queue: OutboxQueueClient;
  private readonly docs: OutboxDocuments;
  private readonly ctx: LaneContext;
  private readonly ownsLimiter: boolean;
  private readonly log: Logger | undefined;
  private readonly now: () => number;
  private readonly sweepIntervalMs: number;
  private readonly stuckLaneMs: number;
  private queueReady: Promise<unknown> | undefined;
  private lastSweep = 0;
  private sweeping: Promise<void> | undefined;

  /** Creates the clients; no request is made until the first call. */
  public constructor(options: AzureQueueOutboxOptions) {
    this.queueName = options.queueName ?? DEFAULT_OUTBOX_QUEUE_NAME;
    const prefix = options.keyPrefix ?? `outbox/${this.queueName}/`;
    this.queue = options.queue ?? queueClient(options.account, this.queueName);
    this.docs = new OutboxDocuments(options.storage, prefix);
    this.ownsLimiter = options.limiter === undefined;
    this.limiter =
      options.limiter ?? new StorageRateLimiter(options.storage, { keyPrefix: `${prefix}rate/` });
    const workerId = options.workerId ?? defaultWorkerId();
    this.logContext = { backend: 'azure-queue', queue: this.queueName, worker: workerId };
    this.log = options.logger?.child({ module: 'outbox', ...this.logContext });
    this.leaseMs = Math.max(1000, options.leaseMs ?? 30_000);
    this.now = options.now ?? Date.now;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
    this.stuckLaneMs = options.stuckLaneMs ?? 15 * 60_000;
    this.ctx = {
      queue: this.queue,
      docs: this.docs,
      leaseS: Math.ceil(this.leaseMs / 1000),
      log: this.log,
      now: this.now,
      maxDequeueCount: Math.max(1, options.maxDequeueCount ?? 5),
      maxMessagesPerTurn: Math.max(1, options.maxMessagesPerTurn ?? 20),
      strayGraceMs: options.strayGraceMs ?? 60_000,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Enqueue

  /** Not one transaction: every message is durable when the call resolves, in order per lane. */
  public async enqueueMany(messages: readonly OutboxMessageInput[]): Promise<number> {
    await this.ensureQueue();
    const now = this.now();
    const docs = messages.map((m) =>
      newMessageDoc(
        m,
        { convKey: conversationKey(m.conversation), rateKey: tenantRateKey(m.conversation) },
        now,
      ),
    );

    // 1. The documents, create-only (idempotency by id). A known id still joins its lane when it
    //    is active and missing there (an earlier enqueue that failed half-way).
    const outcomes = await mapLimited(docs, PARALLEL, async (doc) => {
      try {
        await this.docs.create(doc);
        return { doc, created: true, laned: true };
      } catch (err) {
        if (!(err instanceof StorageConflictError)) throw err;
        const existing = await this.docs.readMessage(doc.id);
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
    await mapLimited([...byLane], PARALLEL, ([conv, list]) => this.addToLane(conv, list));
    return outcomes.filter((o) => o.created).length;
  }

  /**
   * Appends to a lane. A lane with a pointer takes the entries in one conditional write; an idle
   * lane first gets a fresh pointer (born invisible, held by this call, so no worker sees it
   * before the lane names it), written with the entries, then released at the head's due time.
   */
  private async addToLane(conv: string, docs: readonly MessageDoc[]): Promise<void> {
    const entries = docs.map(laneEntry);
    let fresh: { messageId: string; popReceipt: string } | undefined;
    // What the last write did (an object, as the mutation below sets it).
    const last: { outcome: 'nothing' | 'appended' | 'needsPointer' | 'newPointer' } = {
      outcome: 'nothing',
    };
    let headDue: number | undefined;
    const apply = (): Promise<unknown> =>
      this.docs.updateLane(conv, (lane) => {
        const add = entries.filter((e) => !lane?.entries.some((x) => x.id === e.id));
        const now = this.now();
        last.outcome = 'nothing';
        if (add.length === 0) return null;
        if (lane?.pointer) {
          last.outcome = 'appended';
          return { ...lane, entries: [...lane.entries, ...add], touched: now };
        }
        if (!fresh) {
          last.outcome = 'needsPointer';
          return null;
        }
        last.outcome = 'newPointer';
        headDue = lane && lane.entries.length > 0 ? undefined : docs[0]?.notBefore;
        return {
          conv,
          entries: [...(lane?.entries ?? []), ...add],
          pointer: { id: fresh.messageId, since: now },
          retired: lane?.retired ?? [],
          touched: now,
        };
      });
    try {
      await apply();
      if (last.outcome === 'needsPointer') {
        await this.docs.indexLane(conv);
        fresh = await this.queue.sendMessage(encodePointer(conv), {
          visibilityTimeout: this.ctx.leaseS,
          messageTimeToLive: -1,
        });
        await apply();
      }
    } catch (err) {
      if (fresh) await this.queue.deleteMessage(fresh.messageId, fresh.popReceipt).catch(() => {});
      throw err;
    }
    if (!fresh) return;
    if (last.outcome !== 'newPointer') {
      // Another writer gave the lane its pointer meanwhile: this one is not needed.
      await this.queue.deleteMessage(fresh.messageId, fresh.popReceipt).catch(() => undefined);
      return;
    }
    const dueInMs = headDue === undefined ? 0 : headDue - this.now();
    await this.queue
      .updateMessage(fresh.messageId, fresh.popReceipt, undefined, visibilitySeconds(dueInMs))
      .catch((err: unknown) =>
        this.log?.warn({ err, conv }, 'outbox: could not release a new lane; it starts later'),
      );
  }

  // -------------------------------------------------------------------------------------------
  // Claims

  /** Starts the sweep now and then, and receives up to `limit` lane pointers. */
  public async claim(limit: number, stopping: AbortSignal): Promise<ClaimBatch> {
    await this.ensureQueue();
    if (this.now() - this.lastSweep > this.sweepIntervalMs && !this.sweeping) {
      this.lastSweep = this.now();
      this.sweeping = this.sweep(stopping)
        .catch((err: unknown) => this.log?.warn({ err }, 'outbox: sweep failed'))
        .finally(() => (this.sweeping = undefined));
    }
    const want = Math.min(MAX_RECEIVE, limit);
    const received = await this.queue.receiveMessages({
      numberOfMessages: want,
      visibilityTimeout: this.ctx.leaseS,
    });
    const batch: ClaimBatch = { claims: [], recovered: 0 };
    for (const item of received.receivedMessageItems) {
      const conv = decodePointer(item.messageText);
      if (conv === undefined) {
        this.log?.warn({ messageId: item.messageId }, 'outbox: unreadable queue message deleted');
        await this.queue.deleteMessage(item.messageId, item.popReceipt).catch(() => undefined);
        continue;
      }
      if (item.dequeueCount > 1) {
        batch.recovered += 1;
        this.log?.warn(
          { conv, dequeueCount: item.dequeueCount },
          'outbox: took over a lane whose previous holder stopped without handing it back',
        );
      }
      batch.claims.push(
        new LaneClaim(this.ctx, conv, {
          id: item.messageId,
          pop: item.popReceipt,
          dequeueCount: item.dequeueCount,
          insertedOn: item.insertedOn.getTime(),
        }),
      );
    }
    if (received.receivedMessageItems.length === want) batch.nextPollMs = 0;
    return batch;
  }

  /** Drops idle lanes from the index and gives a busy lane without a live pointer a new one. */
  private async sweep(stopping: AbortSignal): Promise<void> {
    for (const lane of await this.docs.readLanes()) {
      if (stopping.aborted) return;
      if (lane.entries.length === 0 && !lane.pointer) {
        await this.docs.unindexLane(lane.conv);
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
      visibilityTimeout: this.ctx.leaseS,
      messageTimeToLive: -1,
    });
    const now = this.now();
    let adopted = false;
    await this.docs.updateLane(conv, (lane) => {
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

  // -------------------------------------------------------------------------------------------
  // Queries

  public async get(id: string): Promise<OutboxMessage | undefined> {
    const doc = await this.docs.readMessage(id);
    return doc ? toMessage(doc) : undefined;
  }

  public async listDead(limit: number): Promise<OutboxMessage[]> {
    const ids = await this.docs.deadIds();
    const newest = ids.slice(-Math.max(0, limit)).reverse();
    const docs = await mapLimited(newest, PARALLEL, (id) => this.docs.readMessage(id));
    return docs
      .filter((d): d is MessageDoc => d !== undefined && d.state === 'dead')
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map(toMessage);
  }

  /** The message goes to the end of its conversation's lane. */
  public async requeue(id: string): Promise<boolean> {
    const now = this.now();
    const { doc, changed } = await this.docs.updateMessage(id, (d) => {
      if (d.state !== 'dead') return null;
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
    await this.docs.removeDead(id);
    await this.ensureQueue();
    await this.addToLane(doc.convKey, [doc]);
    return true;
  }

  /** See {@link OutboxStore.oldestWaitMs}: the oldest busy lane's current wait. */
  public async oldestWaitMs(): Promise<number> {
    let oldest = 0;
    for (const lane of await this.docs.readLanes()) {
      if (lane.entries.length === 0) continue;
      oldest = Math.max(oldest, this.now() - (lane.pointer?.since ?? lane.touched));
    }
    return oldest;
  }

  /** See the module notes for what `byState` can know. */
  public async countByState(local: LocalCounts): Promise<Record<OutboxState, number>> {
    const byState = emptyCounts();
    let active = 0;
    for (const lane of await this.docs.readLanes()) active += lane.entries.length;
    byState.claimed = local.claimed;
    byState.sending = local.sending;
    byState.pending = Math.max(0, active - local.claimed - local.sending);
    byState.dead = (await this.docs.deadIds()).length;
    byState.sent = local.sent;
    byState.superseded = local.superseded;
    return byState;
  }

  public async isIdle(): Promise<boolean> {
    const lanes = await this.docs.readLanes();
    return lanes.every((l) => l.entries.length === 0);
  }

  /** Waits for a sweep in progress. Held lanes were handed back by the engine. */
  public async stop(): Promise<void> {
    await this.sweeping;
  }

  /** Closes the limiter it created. The storage and queue belong to the caller. */
  public close(): Promise<void> {
    if (this.ownsLimiter) this.limiter.close();
    return Promise.resolve();
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
}

/** The outbox on Azure Queue + Blob: the engine over {@link AzureQueueStore}. */
export class AzureQueueOutbox extends OutboxEngine {
  /** The queue this outbox drains (for logs; never the connection string). */
  public readonly name: string;

  public constructor(options: AzureQueueOutboxOptions) {
    const store = new AzureQueueStore(options);
    super(store, { ...options, pollIntervalMs: options.pollIntervalMs ?? 500 });
    this.name = store.queueName;
  }
}

function queueClient(account: AzureQueueOutboxOptions['account'], queueName: string): QueueClient {
  if (!account) {
    throw new TypeError('AzureQueueOutbox needs a storage account or a queue client');
  }
  try {
    return typeof account === 'string'
      ? new QueueClient(account, queueName)
      : new QueueClient(
          `${account.accountUrl.replace(/\/+$/, '')}/${encodeURIComponent(queueName)}`,
          account.credential,
        );
  } catch {
    // The SDK's message may quote the connection string: neither it nor the cause is kept.
    throw new StorageUnavailableError(
      'Cannot create the Azure Queue Storage client: invalid connection string or queue name',
    );
  }
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
