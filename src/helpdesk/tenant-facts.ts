/**
 * Facts about the tenant that sharpen a diagnosis, read from Graph when it is available: today
 * the Apple MDM push certificate (`GET /deviceManagement/applePushNotificationCertificate`,
 * graph-reference §2.2, through the same SetupService `check setup` uses).
 *
 * Reports come in bursts (one broken certificate fails every enrollment at once), so the answer
 * is cached (`ttlMs`, default 10 minutes) and concurrent callers share one Graph call. A failed
 * read is not a fact: the diagnosis then works from the report alone, and the read is retried
 * after `retryAfterMs` (default 1 minute). Never throws.
 */
import type { ApplePushCertificate } from '../graph/setup-service';
import type { Logger } from '../logging';

import type { PushCertificateFact } from './diagnosis';

/** What the diagnosis may use. */
export interface TenantFacts {
  pushCertificate?: PushCertificateFact;
}

/** Where diagnosis facts come from (the helpdesk flows call `get` once per report). */
export interface TenantFactsSource {
  get(): Promise<TenantFacts>;
}

/** Options for {@link CachedTenantFacts}. */
export interface CachedTenantFactsOptions {
  /** Reads the certificate (undefined when Intune has none). */
  readPushCertificate: () => Promise<ApplePushCertificate | undefined>;
  logger?: Logger;
  ttlMs?: number;
  retryAfterMs?: number;
  now?: () => number;
}

/** Turns Graph's certificate into a fact; undefined when Graph did not say enough to judge. */
export function pushCertificateFact(
  cert: ApplePushCertificate | undefined,
  nowMs: number,
): PushCertificateFact | undefined {
  const checkedAt = new Date(nowMs).toISOString();
  if (!cert) return { status: 'missing', checkedAt };
  const expires = cert.expirationDateTime ? Date.parse(cert.expirationDateTime) : NaN;
  if (Number.isNaN(expires)) return undefined;
  return {
    status: expires <= nowMs ? 'expired' : 'valid',
    expiresAt: new Date(expires).toISOString(),
    checkedAt,
  };
}

/** {@link TenantFactsSource} over Graph, cached, one call at a time. */
export class CachedTenantFacts implements TenantFactsSource {
  private readonly options: CachedTenantFactsOptions;
  private readonly now: () => number;
  private cached: { facts: TenantFacts; until: number } | undefined;
  private pending: Promise<TenantFacts> | undefined;

  public constructor(options: CachedTenantFactsOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** See {@link TenantFactsSource.get}. */
  public get(): Promise<TenantFacts> {
    if (this.cached && this.cached.until > this.now()) return Promise.resolve(this.cached.facts);
    this.pending ??= this.read().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async read(): Promise<TenantFacts> {
    try {
      const cert = await this.options.readPushCertificate();
      const pushCertificate = pushCertificateFact(cert, this.now());
      const facts: TenantFacts = pushCertificate ? { pushCertificate } : {};
      this.cached = { facts, until: this.now() + (this.options.ttlMs ?? 600_000) };
      return facts;
    } catch (err) {
      this.options.logger?.warn(
        { err },
        'could not read the Apple push certificate; diagnosing from the report alone',
      );
      this.cached = { facts: {}, until: this.now() + (this.options.retryAfterMs ?? 60_000) };
      return {};
    }
  }
}
