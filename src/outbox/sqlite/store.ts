/**
 * The outbox on SQLite (better-sqlite3, WAL): one row per message, one claim per conversation
 * head. A claim is the row's lease (`lease_owner`, `lease_until`), renewed by the engine's
 * heartbeat; a crashed worker's lease expires and the row goes back to `pending` (marked
 * uncertain when it was `sending`). Several processes may drain one file: claims are IMMEDIATE
 * transactions and the default rate limiter lives in the same file. Sent and superseded rows are
 * purged after `retentionMs`.
 */
import fs from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';

import { defaultWorkerId, OutboxEngine } from '../engine';
import { conversationKey, emptyCounts, tenantRateKey } from '../policy';
import { type RateLimiter, SqliteRateLimiter } from '../rate-limiter';
import type {
  ClaimBatch,
  ClaimStep,
  LocalCounts,
  OutboxClaim,
  OutboxStore,
  RetryRecord,
} from '../store';
import type { OutboxDrainOptions, OutboxMessage, OutboxMessageInput, OutboxState } from '../types';

import { prepareStatements, type Row, SCHEMA, type Statements, toMessage } from './statements';

/** Options for {@link SqliteOutbox}. */
export interface SqliteOutboxOptions extends OutboxDrainOptions {
  /** SQLite file (the outbox's own tables; may be the bot's state file or a separate one). */
  file: string;
  /**
   * Defaults to a {@link SqliteRateLimiter} on the same file (shared by its processes), closed
   * with the outbox. An injected limiter belongs to the caller, who closes it.
   */
  limiter?: RateLimiter;
  /** Renewed every third of it while held. Default 30 000 ms. */
  leaseMs?: number;
  /** How often to look for work enqueued by other processes. Default 250 ms. */
  pollIntervalMs?: number;
  /** `FULL` (default): every commit survives power loss. `NORMAL`: survives process crashes only. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Sent and superseded rows are purged after this long. Default 7 days. */
  retentionMs?: number;
}

const PURGE_EVERY_MS = 3_600_000;

/** The SQLite store. See the module notes. */
export class SqliteOutboxStore implements OutboxStore {
  public readonly logContext = {};
  public readonly limiter: RateLimiter;
  public readonly leaseMs: number;
  /** Every wait is spent holding the row: other workers skip a claimed head anyway. */
  public readonly holdMs = Number.POSITIVE_INFINITY;
  public readonly idlePollMs = 25;

  private readonly db: Database.Database;
  private readonly stmt: Statements;
  private readonly ownsLimiter: boolean;
  private readonly workerId: string;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private lastPurge = 0;
  private closed = false;
  /** Calls to {@link enqueueMany} waiting for the next group commit. */
  private pendingBatch:
    | {
        messages: readonly OutboxMessageInput[];
        resolve: (created: number) => void;
        reject: (err: Error) => void;
      }[]
    | undefined;

  /** Opens (creating) the outbox tables in `options.file`. */
  public constructor(options: SqliteOutboxOptions) {
    const file = options.file;
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file, { timeout: 5000 });
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.exec(SCHEMA);
    this.stmt = prepareStatements(this.db);
    this.ownsLimiter = options.limiter === undefined;
    this.limiter = options.limiter ?? new SqliteRateLimiter(file);
    this.workerId = options.workerId ?? defaultWorkerId();
    this.leaseMs = options.leaseMs ?? 30_000;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3600 * 1000;
    this.now = options.now ?? Date.now;
  }

  /**
   * All of `messages` or none, durable (committed with `synchronous = FULL`) before it resolves.
   *
   * Group commit: calls that arrive while the event loop is busy are written in one transaction
   * on the next turn (`setImmediate`), each call inside its own savepoint, so one fsync serves a
   * burst of reports instead of one each (the fsync blocks the event loop: under load, one per
   * report was most of the report's latency). A call that fails rolls back only its savepoint and
   * rejects alone; a commit that fails rejects every call of the batch. Order is kept: calls are
   * written in the order they were made.
   */
  public enqueueMany(messages: readonly OutboxMessageInput[]): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new Error('the outbox is closed'));
        return;
      }
      if (!this.pendingBatch) {
        this.pendingBatch = [];
        setImmediate(() => this.commitBatch());
      }
      this.pendingBatch.push({ messages, resolve, reject });
    });
  }

  /** Writes the calls gathered by {@link enqueueMany} in one transaction. */
  private commitBatch(): void {
    const batch = this.pendingBatch ?? [];
    this.pendingBatch = undefined;
    if (this.closed) {
      for (const call of batch) call.reject(new Error('the outbox is closed'));
      return;
    }
    const outcomes: ({ created: number } | { error: Error })[] = [];
    try {
      this.db
        .transaction(() => {
          outcomes.length = 0;
          for (const call of batch) {
            try {
              // Nested: a savepoint, rolled back alone when this call fails.
              outcomes.push({ created: this.insertAll(call.messages) });
            } catch (err) {
              outcomes.push({ error: asError(err) });
            }
          }
        })
        .immediate();
    } catch (err) {
      for (const call of batch) call.reject(asError(err));
      return;
    }
    batch.forEach((call, i) => {
      const outcome = outcomes[i];
      if (outcome && 'created' in outcome) call.resolve(outcome.created);
      else call.reject(outcome?.error ?? new Error('not written'));
    });
  }

  /** One call's messages, in a (nested) transaction: all or none. */
  private readonly insertAll = (list: readonly OutboxMessageInput[]): number =>
    this.db.transaction((messages: readonly OutboxMessageInput[]) => {
      let created = 0;
      for (const m of messages) if (this.insert(m)) created += 1;
      return created;
    })(list);

  private insert(message: OutboxMessageInput): boolean {
    const now = this.now();
    const info = this.stmt.insert.run({
      id: message.id,
      convKey: conversationKey(message.conversation),
      rateKey: tenantRateKey(message.conversation),
      kind: message.kind,
      conversation: JSON.stringify(message.conversation),
      activity: JSON.stringify(message.activity),
      targetActivityId: message.targetActivityId ?? null,
      targetOutboxId: message.targetOutboxId ?? null,
      notBefore: message.notBefore ?? now,
      now,
    });
    return info.changes > 0;
  }

  /**
   * Takes over expired leases, purges old rows now and then, and claims up to `limit` due
   * conversation heads in one IMMEDIATE transaction.
   */
  public claim(limit: number): Promise<ClaimBatch> {
    const now = this.now();
    const recovered = this.stmt.recover.run({ now }).changes;
    if (now - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = now;
      this.stmt.purge.run(now - this.retentionMs);
    }
    const rows = this.db
      .transaction((): Row[] => {
        const claimed: Row[] = [];
        for (const row of this.stmt.candidates.all({ now, limit })) {
          const until = now + this.leaseMs;
          const changed = this.stmt.claim.run({ seq: row.seq, owner: this.workerId, until, now });
          if (changed.changes > 0) {
            claimed.push({ ...row, state: 'claimed', lease_owner: this.workerId });
          }
        }
        return claimed;
      })
      .immediate();
    const batch: ClaimBatch = {
      claims: rows.map((row) => new SqliteClaim(this.stmt, row, this.workerId, this)),
      recovered,
    };
    if (rows.length < limit) {
      const due = this.stmt.nextDue.get()?.t;
      if (due !== null && due !== undefined) batch.nextPollMs = due - this.now();
    }
    return Promise.resolve(batch);
  }

  public get(id: string): Promise<OutboxMessage | undefined> {
    const row = this.stmt.getById.get(id);
    return Promise.resolve(row ? toMessage(row) : undefined);
  }

  public listDead(limit: number): Promise<OutboxMessage[]> {
    return Promise.resolve(this.stmt.listDead.all(limit).map(toMessage));
  }

  public requeue(id: string): Promise<boolean> {
    return Promise.resolve(this.stmt.requeue.run({ id, now: this.now() }).changes > 0);
  }

  /** Every count comes from the table (what every worker on the file did). */
  public countByState(_local: LocalCounts): Promise<Record<OutboxState, number>> {
    const byState = emptyCounts();
    for (const { state, n } of this.stmt.counts.all()) byState[state] = n;
    return Promise.resolve(byState);
  }

  public oldestWaitMs(): Promise<number> {
    const since = this.stmt.oldestActive.get()?.t;
    return Promise.resolve(since == null ? 0 : Math.max(0, this.now() - since));
  }

  public isIdle(): Promise<boolean> {
    return Promise.resolve((this.stmt.active.get()?.n ?? 0) === 0);
  }

  /** Releases this worker's claims that never started sending. */
  public stop(): Promise<void> {
    if (!this.closed) this.stmt.releaseAll.run({ owner: this.workerId, now: this.now() });
    return Promise.resolve();
  }

  public close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    // What was handed over before closing is written, not dropped.
    if (this.pendingBatch) this.commitBatch();
    this.closed = true;
    if (this.ownsLimiter) this.limiter.close();
    this.db.close();
    return Promise.resolve();
  }

  /** The clock, for claims. */
  public time(): number {
    return this.now();
  }
}

/** One claimed head row. */
class SqliteClaim implements OutboxClaim {
  public lost = false;
  public ended = false;
  private given = false;

  public constructor(
    private readonly stmt: Statements,
    private readonly row: Row,
    private readonly owner: string,
    private readonly clock: { time(): number; readonly leaseMs: number },
  ) {}

  public get conversation(): string {
    return this.row.conv_key;
  }

  /** The claimed head once, then done. */
  public next(): Promise<ClaimStep> {
    if (this.given || this.ended) return Promise.resolve({ kind: 'done' });
    this.given = true;
    return Promise.resolve({ kind: 'head', message: toMessage(this.row) });
  }

  public renew(): Promise<void> {
    const until = this.clock.time() + this.clock.leaseMs;
    const changed = this.stmt.renew.run({ id: this.row.id, owner: this.owner, until }).changes;
    if (changed === 0) this.lost = true;
    return Promise.resolve();
  }

  public handBack(delayMs: number): Promise<void> {
    const now = this.clock.time();
    this.stmt.release.run({ id: this.row.id, owner: this.owner, notBefore: now + delayMs, now });
    this.ended = true;
    return Promise.resolve();
  }

  public hasNewerUpdate(): Promise<boolean> {
    const newer = this.stmt.newerUpdate.get({
      conv: this.row.conv_key,
      seq: this.row.seq,
      targetOutbox: this.row.target_outbox_id ?? '',
      targetActivity: this.row.target_activity_id ?? '',
    });
    return Promise.resolve(newer !== undefined);
  }

  public markSending(id: string): Promise<number | 'lost'> {
    const now = this.clock.time();
    const until = now + this.clock.leaseMs;
    if (this.stmt.markSending.run({ id, owner: this.owner, until, now }).changes === 0) {
      this.lost = true;
      this.ended = true;
      return Promise.resolve('lost');
    }
    return Promise.resolve(this.row.attempts + 1);
  }

  public markSent(id: string, result: { activityId?: string; status?: number }): Promise<void> {
    this.stmt.markSent.run({
      id,
      activityId: result.activityId ?? null,
      status: result.status ?? null,
      now: this.clock.time(),
    });
    this.ended = true;
    return Promise.resolve();
  }

  public scheduleRetry(id: string, retry: RetryRecord): Promise<void> {
    this.stmt.retry.run({
      id,
      owner: this.owner,
      notBefore: retry.notBefore,
      uncertain: retry.ambiguous ? 1 : 0,
      status: retry.status ?? null,
      error: retry.error,
      now: this.clock.time(),
    });
    this.ended = true;
    return Promise.resolve();
  }

  public deadLetter(
    id: string,
    reason: string,
    status: number | undefined,
    uncertain: boolean,
  ): Promise<OutboxMessage | undefined> {
    const changed = this.stmt.dead.run({
      id,
      reason,
      status: status ?? null,
      uncertain: uncertain ? 1 : 0,
      now: this.clock.time(),
    }).changes;
    this.ended = true;
    const row = changed > 0 ? this.stmt.getById.get(id) : undefined;
    return Promise.resolve(row ? toMessage(row) : undefined);
  }

  public supersede(id: string): Promise<boolean> {
    const changed = this.stmt.supersede.run({ id, owner: this.owner, now: this.clock.time() });
    this.ended = true;
    return Promise.resolve(changed.changes > 0);
  }

  public clearUncertain(id: string): Promise<void> {
    this.stmt.clearUncertain.run({ id, owner: this.owner });
    return Promise.resolve();
  }
}

/** The outbox on a SQLite file: the engine over {@link SqliteOutboxStore}. */
export class SqliteOutbox extends OutboxEngine {
  public constructor(options: SqliteOutboxOptions) {
    super(new SqliteOutboxStore(options), {
      ...options,
      pollIntervalMs: options.pollIntervalMs ?? 250,
    });
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
