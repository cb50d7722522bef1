/**
 * Cards for the service discovery file: how to publish it, and the result of a domain check.
 * Report text can quote a remote server, so every such string is cleaned, escaped and cut to a
 * byte budget that keeps even a hostile report under the card size limit.
 */
import domainCheckJson from '../../cards/domain-check.json';
import serviceDiscoveryJson from '../../cards/service-discovery.json';
import { compileLocalizedTemplate, toAttachment, type RenderedCard } from '../cards/render';
import { escapeCardText, fitCardText, plainCardText, truncate } from '../cards/text';
import { translator, type Translate } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';

import { normaliseDomain } from './domain-name';
import type { DomainCheckReport, FindingStatus } from './findings';
import {
  enrollmentHost,
  hostingRules,
  normaliseTenantId,
  serviceDiscoveryText,
  WELL_KNOWN_PATH,
  type DiscoveryCloud,
} from './service-discovery';

/** Bound data of cards/service-discovery.json. */
export interface ServiceDiscoveryCardData {
  title: string;
  intro: string;
  /** Where the file goes (Markdown-escaped where it holds a domain). */
  wellKnownUrl: string;
  domainNote: string;
  /** The file's exact text, shown in monospace for copying. */
  jsonText: string;
  cloudNote: string;
  rules: { text: string }[];
  verifyHint: string;
  /** An https URL serving the file, or '' to hide the download button. */
  downloadUrl: string;
  verifyTitle: string;
  /** The command the verify button sends, or '' to hide the button. */
  verifyCommand: string;
  fallbackText: string;
}

/** One finding row of cards/domain-check.json. All text is already escaped. */
export interface DomainCheckCardFinding {
  icon: string;
  title: string;
  detail: string;
  /** '' when there is nothing to fix. */
  fix: string;
}

/** Bound data of cards/domain-check.json. */
export interface DomainCheckCardData {
  title: string;
  verdict: string;
  verdictColor: 'Good' | 'Warning' | 'Attention';
  domain: string;
  url: string;
  findings: DomainCheckCardFinding[];
  /** '' unless some findings were left out. */
  moreNote: string;
  footer: string;
  fallbackText: string;
}

/** Input of {@link renderServiceDiscoveryCard}. */
export interface ServiceDiscoveryCardInput {
  cloud: DiscoveryCloud;
  tenantId: string;
  /** The users' sign-in domain (UPN suffix) when known; shown in the URL and the verify button. */
  signInDomain?: string;
  /** Where the bot serves the file (https only); the download button is hidden without it. */
  downloadUrl?: string;
}

/** Catalogue keys of the name of Intune in each cloud. */
const CLOUD_LABELS: Record<DiscoveryCloud, string> = {
  global: 'discovery.clouds.global',
  usgov: 'discovery.clouds.usgov',
  usgovdod: 'discovery.clouds.usgovdod',
  china: 'discovery.clouds.china',
};

const STATUS_ICONS: Record<FindingStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌' };

/** Findings shown on one card; a real report has at most 17 (12 about the file, 1 comparing the
 * two requests, 4 about TLS). */
export const MAX_CARD_FINDINGS = 18;
/** Bytes of JSON-encoded finding text on one card, shared by the findings shown. */
const FINDINGS_TEXT_BUDGET = 16 * 1024;
const MAX_URL_CHARS = 2048;

const serviceDiscoveryTemplate = compileLocalizedTemplate<ServiceDiscoveryCardData>(
  'service-discovery',
  serviceDiscoveryJson,
);
const domainCheckTemplate = compileLocalizedTemplate<DomainCheckCardData>(
  'domain-check',
  domainCheckJson,
);

/** An https URL for an Action.OpenUrl, or '' when absent or unsafe. */
function safeDownloadUrl(url: string | undefined): string {
  if (url === undefined || url.length > MAX_URL_CHARS) {
    return '';
  }
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === ''
      ? parsed.href
      : '';
  } catch {
    return '';
  }
}

/** The sign-in domain if it is a valid domain name, else undefined. */
function validDomain(domain: string | undefined): string | undefined {
  if (domain === undefined || domain.trim() === '') {
    return undefined;
  }
  try {
    return normaliseDomain(domain);
  } catch {
    return undefined;
  }
}

/**
 * Builds the bound data of the service discovery card (exported for tests and samples), in the
 * language of `t` (English by default).
 */
export function serviceDiscoveryCardData(
  input: ServiceDiscoveryCardInput,
  t: Translate = translator('en'),
): ServiceDiscoveryCardData {
  const tenantId = normaliseTenantId(input.tenantId, t);
  const jsonText = serviceDiscoveryText(input.cloud, tenantId);
  const domain = validDomain(input.signInDomain);
  const shownDomain = domain === undefined ? 'your-sign-in-domain' : escapeCardText(domain);
  const exampleDomain = domain === undefined ? 'contoso.com' : escapeCardText(domain);
  return {
    title: t('discovery.serviceDiscovery.title'),
    intro: t('discovery.serviceDiscovery.intro'),
    wellKnownUrl: `https://${shownDomain}${WELL_KNOWN_PATH}`,
    domainNote: t('discovery.serviceDiscovery.domainNote'),
    jsonText,
    cloudNote: t('discovery.serviceDiscovery.cloudNote', {
      cloud: t(CLOUD_LABELS[input.cloud]),
      host: enrollmentHost(input.cloud),
      tenantId,
    }),
    rules: hostingRules(t).map((text) => ({ text })),
    verifyHint: t('discovery.serviceDiscovery.verifyHint', { domain: exampleDomain }),
    downloadUrl: safeDownloadUrl(input.downloadUrl),
    verifyTitle:
      domain === undefined
        ? ''
        : t('discovery.serviceDiscovery.verifyTitle', { domain: truncate(domain, 60) }),
    verifyCommand:
      domain === undefined ? '' : t('discovery.serviceDiscovery.verifyCommand', { domain }),
    fallbackText: t('discovery.serviceDiscovery.fallback', { jsonText, path: WELL_KNOWN_PATH }),
  };
}

/**
 * Renders the card that shows the service discovery file for this tenant, where and how to host
 * it, an optional download button and a way to verify a domain. Throws `DomainCheckError` when
 * the tenant ID is not a GUID.
 */
export function renderServiceDiscoveryCard(
  input: ServiceDiscoveryCardInput,
  lang: Language = 'en',
): RenderedCard {
  const t = translator(lang);
  return {
    attachment: toAttachment(
      serviceDiscoveryTemplate(lang).bind(serviceDiscoveryCardData(input, t)),
    ),
    summary: t('discovery.serviceDiscovery.title'),
  };
}

/**
 * Builds the bound data of the domain check card (exported for tests and samples), in the
 * language of `t` (English by default). The findings keep the language they were made in.
 */
export function domainCheckCardData(
  report: DomainCheckReport,
  t: Translate = translator('en'),
): DomainCheckCardData {
  const all = Array.isArray(report.findings) ? report.findings : [];
  // What needs fixing first, then warnings, then what passed (each in check order).
  const rank = { fail: 0, warn: 1, pass: 2 } as const;
  const ordered = all
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (rank[a.f.status] ?? 0) - (rank[b.f.status] ?? 0) || a.i - b.i)
    .map(({ f }) => f);
  const shown = ordered.slice(0, MAX_CARD_FINDINGS);
  const perFinding = Math.floor(FINDINGS_TEXT_BUDGET / Math.max(1, shown.length));
  const fails = all.filter((f) => f.status === 'fail').length;
  const warns = all.filter((f) => f.status === 'warn').length;
  const domainText = plainCardText(report.domain, 253);
  const ok = fails === 0 && report.ok !== false;
  const verdict = !ok
    ? t('discovery.domainCheck.verdictFail', { count: Math.max(fails, 1) })
    : warns > 0
      ? t('discovery.domainCheck.verdictWarn', { count: warns })
      : t('discovery.domainCheck.verdictPass');
  return {
    title: t('discovery.domainCheck.title'),
    verdict,
    verdictColor: !ok ? 'Attention' : warns > 0 ? 'Warning' : 'Good',
    domain: fitCardText(report.domain, 253, 800),
    url: fitCardText(report.url, 400, 1200),
    findings: shown.map((f) => ({
      icon: STATUS_ICONS[f.status] ?? '❌',
      title: fitCardText(f.title, 150, Math.floor(perFinding * 0.15)),
      detail: fitCardText(f.detail, 700, Math.floor(perFinding * 0.6)),
      fix:
        typeof f.fix === 'string' && f.fix !== ''
          ? fitCardText(f.fix, 300, Math.floor(perFinding * 0.25))
          : '',
    })),
    moreNote:
      all.length > shown.length
        ? t('discovery.domainCheck.moreNote', { hidden: all.length - shown.length })
        : '',
    footer: t('discovery.domainCheck.footer'),
    fallbackText: plainCardText(
      ok
        ? t('discovery.domainCheck.fallbackOk', { domain: domainText, fails, warns })
        : t('discovery.domainCheck.fallbackProblems', { domain: domainText, fails, warns }),
      400,
    ),
  };
}

/** Renders a domain check report. Every string from the report is escaped and size-capped. */
export function renderDomainCheckCard(
  report: DomainCheckReport,
  lang: Language = 'en',
): RenderedCard {
  const data = domainCheckCardData(report, translator(lang));
  return {
    attachment: toAttachment(domainCheckTemplate(lang).bind(data)),
    summary: data.fallbackText,
  };
}
