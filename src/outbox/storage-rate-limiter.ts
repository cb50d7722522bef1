/**
 * A sliding-window {@link RateLimiter} kept in StateStorage, so every bot instance on the same
 * store (the same Azure Blob container) shares one limit per scope: Teams counts a bot's sends per
 * conversation and per app in a tenant, not per host.
 *
 * Each scope's log (the send times inside its longest window plus the margin) is one document,
 * `<keyPrefix><sha256(scope)>`, changed only through {@link updateDocument} (the window is checked
 * again inside each conditional write). A grant takes a slot in every scope of the call or in
 * none: the scopes are written one after another, and when a later scope is full or stays
 * contended the slots already written are taken back (the same time removed again). Between the
 * two, another instance may see a slot taken that is then returned: that errs on the safe side (it
 * waits a little longer).
 *
 * Conflicts are retried a bounded number of times with jitter; when a scope stays that contended
 * the call answers a short wait (the caller tries again) instead of failing. Storage errors other
 * than conflicts are thrown. Hosts must keep their clocks in sync (NTP): the margin widens every
 * window against network jitter and small skew alike.
 */
import { createHash } from 'node:crypto';

import { StorageConflictError } from '../errors';
import type { StateStorage, StoreItems } from '../storage/state-storage';
import { updateDocument } from '../storage/update-document';

import {
  DEFAULT_MARGIN_MS,
  type RateLimiter,
  type RateLimiterOptions,
  type RateScope,
  slidingWindowSpan,
  slidingWindowWait,
} from './rate-limiter';

/** Options for {@link StorageRateLimiter}. */
export interface StorageRateLimiterOptions extends RateLimiterOptions {
  /** Prefix of the scope documents. Default `rate-limit/`. */
  keyPrefix?: string;
  /** Rounds of read-check-write per call before answering a short wait. Default 8. */
  maxRounds?: number;
  /** Random source in [0, 1), for the jitter. */
  random?: () => number;
}

/** One scope's document. */
interface ScopeDoc {
  scope: string;
  /** Grant times, ascending. */
  times: number[];
}

/** Sliding-window limiter shared by every process that uses the same StateStorage. */
export class StorageRateLimiter implements RateLimiter {
  private readonly storage: StateStorage;
  private readonly marginMs: number;
  private readonly keyPrefix: string;
  private readonly maxRounds: number;
  private readonly random: () => number;

  /** The storage belongs to the caller; {@link close} does not close it. */
  public constructor(storage: StateStorage, options: StorageRateLimiterOptions = {}) {
    this.storage = storage;
    this.marginMs = options.marginMs ?? DEFAULT_MARGIN_MS;
    this.keyPrefix = options.keyPrefix ?? 'rate-limit/';
    this.maxRounds = Math.max(1, options.maxRounds ?? 8);
    this.random = options.random ?? Math.random;
  }

  /** The storage key of a scope's document. */
  public keyOf(scope: string): string {
    return `${this.keyPrefix}${createHash('sha256').update(scope).digest('hex').slice(0, 40)}`;
  }

  /**
   * See {@link RateLimiter.tryAcquire}. `nowMs` is the caller's clock at the call; a retried round
   * advances it by the real time spent, so a slot is never recorded in the past.
   */
  public async tryAcquire(requested: readonly RateScope[], nowMs: number): Promise<number> {
    const scopes = mergeScopes(requested);
    if (scopes.length === 0) return 0;
    const started = Date.now();
    const keys = scopes.map((s) => this.keyOf(s.key));
    for (let round = 0; round < this.maxRounds; round++) {
      const now = round === 0 ? nowMs : nowMs + (Date.now() - started);
      // 1. One read of every scope: a full window answers its wait without writing anything.
      const items: StoreItems = await this.storage.read(keys);
      const wait = Math.max(
        ...scopes.map((scope, i) =>
          this.waitIn(items[keys[i] ?? ''] as Partial<ScopeDoc> | undefined, scope, now),
        ),
      );
      if (wait > 0) return wait;

      // 2. A slot in each scope, each in one conditional write that checks its window again.
      const taken: { key: string; scope: string }[] = [];
      let refused = 0;
      let conflicted = false;
      for (const [i, scope] of scopes.entries()) {
        const key = keys[i] ?? '';
        try {
          const { changed } = await updateDocument<ScopeDoc>(
            this.storage,
            key,
            (cur) => {
              refused = this.waitIn(cur, scope, now);
              return refused > 0
                ? null
                : { scope: scope.key, times: [...this.recent(cur, scope, now), now] };
            },
            { maxAttempts: this.maxRounds },
          );
          if (!changed) break;
          taken.push({ key, scope: scope.key });
        } catch (err) {
          if (!(err instanceof StorageConflictError)) {
            await this.giveBack(taken, now);
            throw err;
          }
          conflicted = true;
          break;
        }
      }
      if (taken.length === scopes.length) return 0;
      // All or none: the slots already taken go back.
      await this.giveBack(taken, now);
      if (refused > 0) return refused;
      if (!conflicted) continue;
      await sleep(Math.floor(this.random() * 10 * (round + 1)) + 2);
    }
    // Too contended right now: ask the caller to come back shortly rather than fail the send.
    return 10 + Math.floor(this.random() * 40);
  }

  /** Nothing to release: the storage belongs to the caller. */
  public close(): void {}

  /** The grants of `doc` still inside the scope's longest window (plus the margin), ascending. */
  private recent(doc: Partial<ScopeDoc> | undefined, scope: RateScope, now: number): number[] {
    const span = slidingWindowSpan(scope.rules, this.marginMs);
    return (Array.isArray(doc?.times) ? doc.times : [])
      .filter((t): t is number => typeof t === 'number' && t > now - span)
      .sort((a, b) => a - b);
  }

  /** How long until the scope has a free slot (0: now). */
  private waitIn(doc: Partial<ScopeDoc> | undefined, scope: RateScope, now: number): number {
    return slidingWindowWait(this.recent(doc, scope, now), scope.rules, this.marginMs, now);
  }

  /** Removes one grant at `at` from each scope (a leftover after giving up only errs safe). */
  private async giveBack(taken: readonly { key: string; scope: string }[], at: number) {
    for (const { key, scope } of taken) {
      await updateDocument<ScopeDoc>(
        this.storage,
        key,
        (cur) => {
          const times = Array.isArray(cur?.times) ? [...cur.times] : [];
          const index = times.indexOf(at);
          if (index < 0) return null;
          times.splice(index, 1);
          return { scope, times };
        },
        { maxAttempts: this.maxRounds },
      ).catch(() => undefined);
    }
  }
}

/** One scope per key (a key named twice gets both rule lists), so one call writes a key once. */
function mergeScopes(scopes: readonly RateScope[]): RateScope[] {
  const byKey = new Map<string, RateScope>();
  for (const scope of scopes) {
    const seen = byKey.get(scope.key);
    byKey.set(scope.key, seen ? { key: scope.key, rules: [...seen.rules, ...scope.rules] } : scope);
  }
  return [...byKey.values()];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
