/**
 * Sample data for the discovery card templates, in the shape cards/*.json binds, for
 * test/fixtures/card-samples.ts (CARD_SAMPLES). The domain check sample is a worst-case report
 * (every finding failing with long remote text), so the shared template test also guards the
 * size budget.
 */
import {
  domainCheckCardData,
  serviceDiscoveryCardData,
  type DomainCheckCardData,
  type ServiceDiscoveryCardData,
} from '../../../src/discovery/discovery-cards';
import type { DomainCheckReport, FindingId } from '../../../src/discovery/verify-domain';

const TENANT = '6f1c3f9e-7d1a-4a55-9d8e-2b8f8f2a9c01';

/** Bound data for cards/service-discovery.json (with the download and verify buttons). */
export const SERVICE_DISCOVERY_SAMPLE: ServiceDiscoveryCardData = serviceDiscoveryCardData({
  cloud: 'global',
  tenantId: TENANT,
  signInDomain: 'contoso.com',
  downloadUrl: 'https://bot.contoso.com/.well-known/com.apple.remotemanagement',
});

const IDS: FindingId[] = [
  'dns',
  'https',
  'redirects',
  'status',
  'json-extension',
  'content-type',
  'size',
  'json',
  'shape',
  'version',
  'base-url',
  'tenant',
];

/** A hostile report: markdown, `${`, HTML and 10,000-character remote excerpts everywhere. */
export const HOSTILE_REPORT: DomainCheckReport = {
  domain: 'contoso.com',
  url: `https://contoso.com/.well-known/com.apple.remotemanagement?user-identifier=${'%2A'.repeat(3000)}`,
  ok: false,
  findings: IDS.map((id, i) => ({
    id,
    status: i % 3 === 0 ? 'warn' : 'fail',
    title: `**${id}** [click](https://evil.example) \${injected} ${'😈'.repeat(500)}`,
    detail: `<b>html</b> _x_ \${user.name} ${'*[]()#'.repeat(2000)}`,
    fix: `# Fix ${'`code`'.repeat(2000)}`,
  })),
};

/** Bound data for cards/domain-check.json (the worst case above). */
export const DOMAIN_CHECK_SAMPLE: DomainCheckCardData = domainCheckCardData(HOSTILE_REPORT);

/** Entries to add to CARD_SAMPLES in test/fixtures/card-samples.ts. */
export const DISCOVERY_CARD_SAMPLES: Record<string, object> = {
  'service-discovery.json': SERVICE_DISCOVERY_SAMPLE,
  'domain-check.json': DOMAIN_CHECK_SAMPLE,
};
