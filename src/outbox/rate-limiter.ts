/**
 * Send-rate limits for Teams: sliding-window logs per scope (a conversation, or the app in a
 * tenant), checked and recorded in one step so a slot is never handed out twice.
 *
 * Teams limits (teams-platform.md §2.6): per bot per conversation 7 sends/1 s, 8/2 s, 60/30 s,
 * 1800/3600 s; per app per tenant 50 requests/s. Updates count like sends. A sliding-window log
 * (the send times themselves) enforces "at most N in ANY window of W", which a token bucket only
 * approximates, and it can combine several windows exactly.
 *
 * Two implementations here: {@link MemoryRateLimiter} (one process) and {@link SqliteRateLimiter}
 * (shared by every process on the same SQLite file, since each check-and-record is one
 * IMMEDIATE transaction). For several hosts, `StorageRateLimiter` (storage-rate-limiter.ts) keeps
 * each scope's log in one StateStorage document updated with its eTag (compare-and-swap); the
 * interface is async for that reason.
 */
import fs from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';

/** At most `max` events in any window of `windowMs`. */
export interface RateLimitRule {
  windowMs: number;
  max: number;
}

/** A named scope and the rules that apply to it. */
export interface RateScope {
  key: string;
  rules: readonly RateLimitRule[];
}

/** Teams' per-conversation limits for a bot (send, reply, update). */
export const TEAMS_CONVERSATION_LIMITS: readonly RateLimitRule[] = [
  { windowMs: 1_000, max: 7 },
  { windowMs: 2_000, max: 8 },
  { windowMs: 30_000, max: 60 },
  { windowMs: 3_600_000, max: 1_800 },
];

/** Teams' global limit: 50 requests per second per app per tenant. */
export const TEAMS_TENANT_LIMITS: readonly RateLimitRule[] = [{ windowMs: 1_000, max: 50 }];

/** Grants send slots. */
export interface RateLimiter {
  /**
   * Takes one slot in every scope at once, or in none. Resolves 0 when granted (the send is
   * recorded), else the milliseconds after which a retry can succeed.
   */
  tryAcquire(scopes: readonly RateScope[], nowMs: number): Promise<number>;
  /** Releases resources (database connections). */
  close(): void;
}

/** Options shared by the limiters. */
export interface RateLimiterOptions {
  /**
   * Added to every window, so differences between when a slot is taken here and when the request
   * reaches Teams cannot squeeze N+1 sends into a window. Those differences are not only network
   * jitter: a post commits its `sending` state (an fsync) between its slot and its request, and
   * the campaign runner opens conversations in the same second without one, so the requests of
   * one window can arrive closer together than their slots were. Default 250 ms: with 100 ms, the
   * campaign benchmark (10,000 people on 2 cores) once saw 51 requests arrive within one second.
   */
  marginMs?: number;
}

/** The default of {@link RateLimiterOptions.marginMs}. */
export const DEFAULT_MARGIN_MS = 250;

/**
 * How long until `rule` allows one more event, given the event times inside the widened window
 * in ascending order: 0 when fewer than `max`, else until the oldest of the last `max` leaves.
 */
function waitFor(timesAsc: readonly number[], rule: RateLimitRule, window: number, now: number) {
  if (timesAsc.length < rule.max) return 0;
  const pivot = timesAsc[timesAsc.length - rule.max] ?? now;
  return Math.max(1, pivot + window - now + 1);
}

/**
 * How long until every rule of a scope allows one more event, given the scope's event times in
 * ascending order: 0 when a slot is free now. Each window is widened by `marginMs`. Shared by the
 * limiters, including the StateStorage one in storage-rate-limiter.ts.
 */
export function slidingWindowWait(
  timesAsc: readonly number[],
  rules: readonly RateLimitRule[],
  marginMs: number,
  nowMs: number,
): number {
  let wait = 0;
  for (const rule of rules) {
    const window = rule.windowMs + marginMs;
    const inWindow = timesAsc.filter((t) => t > nowMs - window);
    wait = Math.max(wait, waitFor(inWindow, rule, window, nowMs));
  }
  return wait;
}

/** How long an event matters to a scope: its longest window plus the margin. */
export function slidingWindowSpan(rules: readonly RateLimitRule[], marginMs: number): number {
  return Math.max(0, ...rules.map((r) => r.windowMs)) + marginMs;
}

/** Sliding-window rate limiter in one process's memory. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly marginMs: number;
  private readonly log = new Map<string, number[]>();

  public constructor(options: RateLimiterOptions = {}) {
    this.marginMs = options.marginMs ?? DEFAULT_MARGIN_MS;
  }

  /** See {@link RateLimiter.tryAcquire}. */
  public tryAcquire(scopes: readonly RateScope[], nowMs: number): Promise<number> {
    let wait = 0;
    for (const scope of scopes) {
      const times = this.log.get(scope.key) ?? [];
      const longest = slidingWindowSpan(scope.rules, this.marginMs);
      while (times.length > 0 && (times[0] ?? 0) <= nowMs - longest) times.shift();
      this.log.set(scope.key, times);
      wait = Math.max(wait, slidingWindowWait(times, scope.rules, this.marginMs, nowMs));
    }
    if (wait > 0) return Promise.resolve(wait);
    for (const scope of scopes) this.log.get(scope.key)?.push(nowMs);
    return Promise.resolve(0);
  }

  /** Nothing to release. */
  public close(): void {}
}

/**
 * Sliding-window rate limiter in a SQLite table (`outbox_rate`), shared by every process that
 * opens the same file. It uses its own connection with `synchronous = NORMAL`: send times need
 * no durability against power loss, and this keeps the check cheap.
 */
export class SqliteRateLimiter implements RateLimiter {
  private readonly db: Database.Database;
  private readonly marginMs: number;
  private readonly countStmt: Database.Statement<[string, number], { n: number }>;
  private readonly nthStmt: Database.Statement<[string, number, number], { at: number }>;
  private readonly insertStmt: Database.Statement<[string, number]>;
  private readonly pruneStmt: Database.Statement<[number]>;
  private readonly acquireTx: Database.Transaction<
    (scopes: readonly RateScope[], now: number) => number
  >;
  private lastPrune = 0;
  private maxWindowMs = 0;

  /** Opens (or creates) the table in `file`; ':memory:' for a private in-memory limiter. */
  public constructor(file: string, options: RateLimiterOptions & { busyTimeoutMs?: number } = {}) {
    this.marginMs = options.marginMs ?? DEFAULT_MARGIN_MS;
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS outbox_rate (scope TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS outbox_rate_scope_at ON outbox_rate (scope, at);
    `);
    this.countStmt = this.db.prepare<[string, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM outbox_rate WHERE scope = ? AND at > ?',
    );
    this.nthStmt = this.db.prepare<[string, number, number], { at: number }>(
      'SELECT at FROM outbox_rate WHERE scope = ? AND at > ? ORDER BY at ASC LIMIT 1 OFFSET ?',
    );
    this.insertStmt = this.db.prepare<[string, number]>(
      'INSERT INTO outbox_rate (scope, at) VALUES (?, ?)',
    );
    this.pruneStmt = this.db.prepare<[number]>('DELETE FROM outbox_rate WHERE at <= ?');
    this.acquireTx = this.db.transaction((scopes: readonly RateScope[], now: number): number => {
      let wait = 0;
      for (const scope of scopes) {
        for (const rule of scope.rules) {
          this.maxWindowMs = Math.max(this.maxWindowMs, rule.windowMs);
          const window = rule.windowMs + this.marginMs;
          const since = now - window;
          const n = this.countStmt.get(scope.key, since)?.n ?? 0;
          if (n < rule.max) continue;
          const pivot = this.nthStmt.get(scope.key, since, n - rule.max)?.at ?? now;
          wait = Math.max(wait, Math.max(1, pivot + window - now + 1));
        }
      }
      if (wait > 0) return wait;
      for (const scope of scopes) this.insertStmt.run(scope.key, now);
      if (now - this.lastPrune > 1000) {
        this.lastPrune = now;
        this.pruneStmt.run(now - this.maxWindowMs - this.marginMs - 1000);
      }
      return 0;
    });
  }

  /** See {@link RateLimiter.tryAcquire}. One IMMEDIATE transaction: check and record together. */
  public tryAcquire(scopes: readonly RateScope[], nowMs: number): Promise<number> {
    try {
      return Promise.resolve(this.acquireTx.immediate(scopes, nowMs));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Closes the connection. */
  public close(): void {
    if (this.db.open) this.db.close();
  }
}
