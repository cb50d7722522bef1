/**
 * The service discovery check: which verified custom domains to verify, and a per-domain summary
 * of the verification reports (graph-reference §6.2).
 */
import type { DomainCheckReport } from '../../discovery/verify-domain';
import { AppError } from '../../errors';
import type { TenantDomain } from '../../graph/setup-service';
import type { Translate } from '../../i18n/catalogue';

import {
  errorItem,
  item,
  SetupCheckTimeoutError,
  type Outcome,
  type SetupCheckItem,
} from './items';
import { english, listNames, sentences, short } from './text';

/** One domain's service discovery verification. */
export interface DomainVerification {
  domain: string;
  report?: DomainCheckReport;
  /** Why the check could not produce a report (a refused target, a timeout, …). */
  error?: unknown;
}

/** Which domains to verify, from the tenant's domain list ({@link planDomainChecks}). */
export interface DomainPlan {
  /** Verified custom domains to check, at most the limit. */
  toVerify: string[];
  /** Verified *.onmicrosoft.com (and sovereign equivalents): skipped. */
  skipped: string[];
  /** Verified custom domains over the limit: not checked. */
  notChecked: string[];
}

/** Verified custom domains checked per run (each check may take up to 5 s). */
export const MAX_DOMAINS_CHECKED = 8;

/** Domains users cannot host a web file on (Microsoft's initial domains, per cloud). */
const INITIAL_DOMAIN = /\.(onmicrosoft\.(com|us|de)|onmschina\.cn)$/i;

/** True for Microsoft's initial domains (*.onmicrosoft.com and its sovereign-cloud equivalents). */
export function isInitialDomain(domain: string): boolean {
  return INITIAL_DOMAIN.test(domain.trim().replace(/\.$/, ''));
}

/**
 * Which of the tenant's domains to verify: verified ones only, skipping the initial
 * *.onmicrosoft.com domains (nobody can host a file there), at most `max`.
 */
export function planDomainChecks(
  domains: readonly TenantDomain[],
  max: number = MAX_DOMAINS_CHECKED,
): DomainPlan {
  const verified = [...new Set(domains.filter((d) => d.isVerified).map((d) => d.id.toLowerCase()))];
  const custom = verified.filter((d) => !isInitialDomain(d)).sort();
  return {
    toVerify: custom.slice(0, max),
    skipped: verified.filter((d) => isInitialDomain(d)).sort(),
    notChecked: custom.slice(max),
  };
}

type DomainStatus = 'pass' | 'warn' | 'fail' | 'error';

function domainLine(
  v: DomainVerification,
  t: Translate,
): { status: DomainStatus; line: string; fix?: string } {
  const domain = short(v.domain, 100);
  if (!v.report) {
    const message =
      v.error instanceof AppError && v.error.code !== 'internal'
        ? short(v.error.message, 200)
        : v.error instanceof SetupCheckTimeoutError
          ? t('setupCheck.serviceDiscovery.timeout', { seconds: v.error.seconds })
          : t('setupCheck.serviceDiscovery.couldNotRun');
    const status: DomainStatus =
      v.error instanceof AppError && v.error.code !== 'internal' ? 'fail' : 'error';
    return { status, line: t('setupCheck.serviceDiscovery.domainLine', { domain, message }) };
  }
  const findings = Array.isArray(v.report.findings) ? v.report.findings : [];
  const failure = findings.find((f) => f.status === 'fail');
  if (failure || !v.report.ok) {
    return {
      status: 'fail',
      line: t('setupCheck.serviceDiscovery.domainLine', {
        domain,
        message: short(failure?.title ?? t('setupCheck.serviceDiscovery.notPublished'), 160),
      }),
      fix: failure?.fix,
    };
  }
  const warning = findings.find((f) => f.status === 'warn');
  if (warning) {
    return {
      status: 'warn',
      line: t('setupCheck.serviceDiscovery.worksBut', {
        domain,
        finding: short(warning.title, 160),
      }),
      fix: warning.fix,
    };
  }
  return { status: 'pass', line: t('setupCheck.serviceDiscovery.published', { domain }) };
}

/**
 * The service discovery file must be published on the domains users sign in with
 * (graph-reference §6.2): a per-domain summary of the checks run on the verified custom domains.
 */
export function serviceDiscoveryCheck(
  domains: Outcome<readonly TenantDomain[]>,
  results: readonly DomainVerification[],
  max: number = MAX_DOMAINS_CHECKED,
  t: Translate = english(),
): SetupCheckItem {
  if (!domains.ok) return errorItem('service-discovery', domains.error, t);
  const plan = planDomainChecks(domains.value, max);
  const skippedNote =
    plan.skipped.length > 0
      ? t('setupCheck.serviceDiscovery.skipped', {
          domains: listNames(
            plan.skipped.map((d) => short(d, 100)),
            3,
            t,
          ),
        })
      : '';
  if (plan.toVerify.length === 0) {
    return item(
      'service-discovery',
      'fail',
      sentences(
        t('setupCheck.serviceDiscovery.noCustomDomain'),
        skippedNote,
        t('setupCheck.serviceDiscovery.needsFile'),
      ),
      t('setupCheck.serviceDiscovery.noCustomDomainFix'),
      t,
    );
  }
  const lines = plan.toVerify.map((domain) => {
    const result = results.find((r) => r.domain.toLowerCase() === domain);
    return domainLine(result ?? { domain, error: new SetupCheckTimeoutError(5) }, t);
  });
  const rank: Record<DomainStatus, number> = { pass: 0, warn: 1, error: 2, fail: 3 };
  const worst = lines.reduce<DomainStatus>(
    (acc, l) => (rank[l.status] > rank[acc] ? l.status : acc),
    'pass',
  );
  const notCheckedNote =
    plan.notChecked.length > 0
      ? t('setupCheck.serviceDiscovery.notChecked', {
          max,
          domains: listNames(
            plan.notChecked.map((d) => short(d, 100)),
            3,
            t,
          ),
        })
      : '';
  const detail = sentences(
    t('setupCheck.serviceDiscovery.lines', {
      lines: lines.map((l) => l.line).join(t('setupCheck.serviceDiscovery.lineSeparator')),
    }),
    skippedNote,
    notCheckedNote,
  );
  const firstBad = lines.find((l) => l.status === worst && worst !== 'pass');
  const badDomain = firstBad ? plan.toVerify[lines.indexOf(firstBad)] : undefined;
  const fix =
    worst === 'pass'
      ? ''
      : sentences(
          firstBad?.fix ? short(firstBad.fix, 300) : '',
          t('setupCheck.serviceDiscovery.sendVerify', { domain: badDomain ?? '' }),
        );
  return item('service-discovery', worst, detail, fix, t);
}
