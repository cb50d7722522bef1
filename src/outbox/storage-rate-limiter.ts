/**
 * A sliding-window {@link RateLimiter} kept in StateStorage, so every bot instance on the same
 * store (the same Azure Blob container) shares one limit per scope: Teams counts a bot's sends per
 * conversation and per app in a tenant, not per host.
 *
 * Each scope's log (the send times inside its longest window plus the margin) is one document,
 * `<keyPrefix><sha256(scope)>`, read and written back with its eTag (compare-and-swap). A grant
 * takes a slot in every scope of the call or in none: the scopes are written one after another,
 * and when a later write loses a race the slots already written are taken back (the same time
 * removed again) before the whole check is retried. Between the two, another instance may see a
 * slot taken that is then returned: that errs on the safe side (it waits a little longer).
 *
 * Conflicts are retried a bounded number of times with jitter; when a scope stays that contended
 * the call answers a short wait (the caller tries again) instead of failing. Storage errors other
 * than conflicts are thrown. Hosts must keep their clocks in sync (NTP): the margin widens every
 * window against network jitter and small skew alike.
 */
import { createHash } from 'node:crypto';

import { StorageConflictError } from '../errors';
import type { StateStorage, StoreItems } from '../storage/state-storage';

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

/** What one round read for one scope. */
interface Plan {
  key: string;
  scope: string;
  eTag: string | undefined;
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
      const items: StoreItems = await this.storage.read(keys);
      let wait = 0;
      const plans: Plan[] = scopes.map((scope, i) => {
        const key = keys[i] ?? '';
        const item = items[key] as (Partial<ScopeDoc> & { eTag?: string }) | undefined;
        const span = slidingWindowSpan(scope.rules, this.marginMs);
        const times = (Array.isArray(item?.times) ? item.times : [])
          .filter((t): t is number => typeof t === 'number' && t > now - span)
          .sort((a, b) => a - b);
        wait = Math.max(wait, slidingWindowWait(times, scope.rules, this.marginMs, now));
        return { key, scope: scope.key, eTag: item?.eTag, times };
      });
      if (wait > 0) return wait;

      const taken: Plan[] = [];
      let lost = false;
      for (const plan of plans) {
        try {
          await this.writeTimes(plan, [...plan.times, now]);
          taken.push(plan);
        } catch (err) {
          await this.giveBack(taken, now);
          if (!(err instanceof StorageConflictError)) throw err;
          lost = true;
          break;
        }
      }
      if (!lost) return 0;
      await sleep(Math.floor(this.random() * 10 * (round + 1)) + 2);
    }
    // Too contended right now: ask the caller to come back shortly rather than fail the send.
    return 10 + Math.floor(this.random() * 40);
  }

  /** Nothing to release: the storage belongs to the caller. */
  public close(): void {}

  private async writeTimes(plan: Plan, times: number[]): Promise<void> {
    const doc: ScopeDoc = { scope: plan.scope, times };
    if (plan.eTag === undefined) {
      await this.storage.writeNew({ [plan.key]: doc });
    } else {
      await this.storage.write({ [plan.key]: { ...doc, eTag: plan.eTag } });
    }
  }

  /** Removes one grant at `at` from each scope (bounded retries; a leftover only errs safe). */
  private async giveBack(plans: readonly Plan[], at: number): Promise<void> {
    for (const plan of plans) {
      for (let round = 0; round < this.maxRounds; round++) {
        try {
          const item = (await this.storage.read([plan.key]))[plan.key] as
            (Partial<ScopeDoc> & { eTag?: string }) | undefined;
          const times = Array.isArray(item?.times) ? [...item.times] : [];
          const index = times.indexOf(at);
          if (!item || index < 0) break;
          times.splice(index, 1);
          await this.storage.write({ [plan.key]: { scope: plan.scope, times, eTag: item.eTag } });
          break;
        } catch (err) {
          if (!(err instanceof StorageConflictError)) break;
        }
      }
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
