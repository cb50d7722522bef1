/**
 * The service discovery file Apple devices fetch during account-driven User Enrollment:
 * `https://<sign-in domain>/.well-known/com.apple.remotemanagement`, pointing at Intune's
 * enrollment server for the tenant's cloud.
 */
import { GRAPH_CLOUDS } from '../config/env';
import { translator, type Translate } from '../i18n/catalogue';

import { DomainCheckError } from './errors';

/** A Microsoft cloud the bot knows (global, US Government, US Government DoD, China). */
export type DiscoveryCloud = keyof typeof GRAPH_CLOUDS;

/** Path of the file on the sign-in domain. It has no file extension. */
export const WELL_KNOWN_PATH = '/.well-known/com.apple.remotemanagement';

/** Path of Intune's enrollment endpoint inside `BaseURL`. */
export const ENROLLMENT_PATH = '/EnrollmentServer/PostReportDeviceInfoForUEV2';

/** The server version Intune's account-driven User Enrollment uses. */
export const MDM_BYOD_VERSION = 'mdm-byod';

/** The service discovery document, as a value. */
export interface ServiceDiscoveryDocument {
  Servers: [{ Version: typeof MDM_BYOD_VERSION; BaseURL: string }];
}

/** Catalogue keys of the hosting rules, in the order the card lists them. */
const HOSTING_RULE_KEYS = [
  'discovery.hosting.signInDomains',
  'discovery.hosting.noExtension',
  'discovery.hosting.https',
  'discovery.hosting.plainGet',
  'discovery.hosting.ignoreQuery',
  'discovery.hosting.noSignIn',
  'discovery.hosting.copyJson',
] as const;

/**
 * How to host the file, one short rule a line (our wording of Microsoft's and Apple's
 * requirements), in the language of `t`. Shown on the service discovery card.
 */
export function hostingRules(t: Translate = translator('en')): string[] {
  return HOSTING_RULE_KEYS.map((key) => t(key));
}

/** The hosting rules in English. */
export const HOSTING_RULES: readonly string[] = hostingRules();

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a GUID such as a Microsoft Entra tenant ID. */
export function isTenantId(value: string): boolean {
  return GUID.test(value);
}

/** Checks the tenant ID and returns it in lower case; throws {@link DomainCheckError}. */
export function normaliseTenantId(tenantId: string, t: Translate = translator('en')): string {
  const trimmed = typeof tenantId === 'string' ? tenantId.trim() : '';
  if (!isTenantId(trimmed)) {
    throw new DomainCheckError('invalid_tenant', t('discovery.tenant.notGuid'));
  }
  return trimmed.toLowerCase();
}

/** Checks the cloud name at run time (it may come from outside TypeScript). */
export function assertCloud(
  cloud: string,
  t: Translate = translator('en'),
): asserts cloud is DiscoveryCloud {
  if (!Object.prototype.hasOwnProperty.call(GRAPH_CLOUDS, cloud)) {
    throw new DomainCheckError(
      'invalid_cloud',
      t('discovery.tenant.unknownCloud', { clouds: Object.keys(GRAPH_CLOUDS).join(', ') }),
    );
  }
}

/** Host of Intune's enrollment service in a cloud, e.g. manage.microsoft.com. */
export function enrollmentHost(cloud: DiscoveryCloud): string {
  assertCloud(cloud);
  return GRAPH_CLOUDS[cloud].enrollmentHost;
}

/** The `BaseURL` for a tenant: Intune's enrollment endpoint with `aadTenantId`. */
export function enrollmentBaseUrl(cloud: DiscoveryCloud, tenantId: string): string {
  const id = normaliseTenantId(tenantId);
  return `https://${enrollmentHost(cloud)}${ENROLLMENT_PATH}?aadTenantId=${id}`;
}

/**
 * The service discovery document for a tenant:
 * `{"Servers":[{"Version":"mdm-byod","BaseURL":"https://<host>/EnrollmentServer/PostReportDeviceInfoForUEV2?aadTenantId=<tenantId>"}]}`.
 * Throws {@link DomainCheckError} when the tenant ID is not a GUID or the cloud is unknown.
 */
export function serviceDiscoveryJson(
  cloud: DiscoveryCloud,
  tenantId: string,
): ServiceDiscoveryDocument {
  return { Servers: [{ Version: MDM_BYOD_VERSION, BaseURL: enrollmentBaseUrl(cloud, tenantId) }] };
}

/**
 * The file's text on one line, character for character as Microsoft's documentation prints it
 * (including the single space after the comma), so admins can compare it with the docs.
 * `JSON.parse` of it equals {@link serviceDiscoveryJson}.
 */
export function serviceDiscoveryText(cloud: DiscoveryCloud, tenantId: string): string {
  const baseUrl = enrollmentBaseUrl(cloud, tenantId);
  return `{"Servers":[{"Version":${JSON.stringify(MDM_BYOD_VERSION)}, "BaseURL":${JSON.stringify(baseUrl)}}]}`;
}
