/**
 * Read-only Graph calls for the prerequisite ("setup") check of account-driven User Enrollment
 * (graph-reference §2): MDM authority, Apple MDM push certificate, iOS apps with their
 * assignments (Microsoft Authenticator), iOS device features profiles with their SSO app extension
 * (JIT registration) and the tenant's domains (service discovery). Graph shapes are mapped here to
 * plain domain objects; callers never see `@odata.type`.
 */
import type { Client } from '@microsoft/microsoft-graph-client';

import type { Logger } from '../logging';

import { iosRestrictionFromWire, type IosEnrollmentRestriction } from './enrollment-restrictions';
import { GraphError } from './errors';
import { GraphRequester, segment } from './graph-request';
import { targetFromWire } from './profile-service';
import type { AssignmentTarget } from './types';

export type { IosEnrollmentRestriction } from './enrollment-restrictions';

/** `mdmAuthority` (graph-reference §2.1); values Graph adds later read as `unknownFutureValue`. */
export type MdmAuthority = 'unknown' | 'intune' | 'sccm' | 'office365' | 'unknownFutureValue';

/** The tenant's MDM authority as `/organization` reports it. */
export interface MdmAuthorityInfo {
  organizationId: string;
  authority: MdmAuthority;
  /** Graph's value as sent (null when not set), for display when it is not a known one. */
  rawValue: string | null;
}

/** The Apple MDM push (APNs) certificate (graph-reference §2.2). */
export interface ApplePushCertificate {
  /** The Apple ID the certificate was created with; renew with the same one. */
  appleIdentifier?: string;
  /** ISO 8601; absent when Graph did not say. */
  expirationDateTime?: string;
  topicIdentifier?: string;
  lastModifiedDateTime?: string;
  certificateUploadStatus?: string;
  certificateSerialNumber?: string;
}

/** Who an app or configuration assignment targets (profile targets plus "All devices"). */
export type SetupAssignmentTarget =
  | AssignmentTarget
  | { kind: 'allDevices' }
  /** A target type the bot does not model (kept so it is not mistaken for "nobody"). */
  | { kind: 'other'; odataType: string };

/** `installIntent` of an app assignment; unknown values read as `unknown`. */
export type AppInstallIntent =
  'available' | 'required' | 'uninstall' | 'availableWithoutEnrollment' | 'unknown';

/** One assignment of an app. */
export interface AppAssignment {
  id: string;
  intent: AppInstallIntent;
  target: SetupAssignmentTarget;
}

/** An iOS App Store app or an Apple Volume Purchase Program (VPP) app in Intune. */
export interface IosApp {
  id: string;
  kind: 'store' | 'vpp';
  displayName: string;
  bundleId: string;
  assignments: AppAssignment[];
}

/** Which iOS apps {@link SetupService.iosApps} returns. */
export interface IosAppsFilter {
  /** Only apps with one of these bundle ids (case-insensitive); all iOS apps when absent. */
  bundleIds?: readonly string[];
}

/** One key/value of an SSO app extension's additional configuration. */
export interface SsoConfigurationValue {
  /** The key exactly as stored (a trailing space is significant). */
  key: string;
  /** `string`, `integer`, `boolean` or `real` from the pair's `@odata.type`; `unknown` otherwise. */
  type: 'string' | 'integer' | 'boolean' | 'real' | 'unknown';
  value: string | number | boolean | null;
}

/** The SSO app extension of an iOS device features profile. */
export interface SsoExtensionSettings {
  /** `azureAd` is the admin center's "Microsoft Entra ID" type, which JIT registration needs. */
  kind: 'azureAd' | 'redirect' | 'credential' | 'kerberos' | 'other';
  /** For redirect and credential types: the extension's bundle id. */
  extensionIdentifier?: string;
  /** Microsoft Entra ID type: extra apps allowed to use the extension (`bundleIdAccessControlList`). */
  bundleIds?: string[];
  configurations: SsoConfigurationValue[];
}

/** An iOS/iPadOS device features configuration profile. */
export interface IosDeviceFeaturesProfile {
  id: string;
  displayName: string;
  /** Undefined when the profile configures no SSO app extension. */
  ssoExtension?: SsoExtensionSettings;
  /** Undefined when Graph did not return assignments (so "unassigned" is not known). */
  assignments?: SetupAssignmentTarget[];
}

/** A domain of the tenant. */
export interface TenantDomain {
  /** The domain name, e.g. contoso.com. */
  id: string;
  isVerified: boolean;
}

/**
 * The reads of the prerequisite check. Every method throws GraphError (with the operation's
 * least-privileged permission on 403) on failure, never SDK error shapes.
 */
export interface SetupService {
  /** `GET /v1.0/organization?$select=id,mobileDeviceManagementAuthority`. */
  mdmAuthority(): Promise<MdmAuthorityInfo>;
  /** The Apple MDM push certificate, or undefined when Graph answers 404 or an empty object. */
  applePushCertificate(): Promise<ApplePushCertificate | undefined>;
  /** iOS store and VPP apps with their assignments (all pages, bounded). */
  iosApps(filter?: IosAppsFilter): Promise<IosApp[]>;
  /** iOS device features profiles with their SSO app extension and assignments. */
  iosDeviceFeaturesConfigurations(): Promise<IosDeviceFeaturesProfile[]>;
  /** The tenant's domains with their verification state. */
  domains(): Promise<TenantDomain[]>;
  /** Enrollment restrictions that apply to iOS/iPadOS (the OS floor check). */
  iosEnrollmentRestrictions(): Promise<IosEnrollmentRestriction[]>;
}

/** `@odata.type` values this service reads. */
export const SETUP_ODATA_TYPES = {
  iosStoreApp: '#microsoft.graph.iosStoreApp',
  iosVppApp: '#microsoft.graph.iosVppApp',
  iosDeviceFeatures: '#microsoft.graph.iosDeviceFeaturesConfiguration',
  allDevices: '#microsoft.graph.allDevicesAssignmentTarget',
} as const;

/** Bound on `@odata.nextLink` pages for app and configuration lists (default page sizes). */
export const SETUP_MAX_PAGES = 20;
/** Apps whose assignments are fetched one by one when Graph did not expand them. */
const MAX_ASSIGNMENT_FETCHES = 10;

const MDM_AUTHORITIES: readonly MdmAuthority[] = ['unknown', 'intune', 'sccm', 'office365'];
const INTENTS: readonly AppInstallIntent[] = [
  'available',
  'required',
  'uninstall',
  'availableWithoutEnrollment',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `#microsoft.graph.x` for `microsoft.graph.x` or `#microsoft.graph.x` (lower case). */
function odataType(value: unknown): string {
  const type =
    isRecord(value) && typeof value['@odata.type'] === 'string' ? value['@odata.type'] : '';
  return type === '' ? '' : type.replace(/^#?/, '#').toLowerCase();
}

/** Maps `organization` to the domain type. */
export function mdmAuthorityFromWire(value: unknown): MdmAuthorityInfo {
  if (!isRecord(value) || typeof value.id !== 'string') {
    throw new GraphError('Graph returned an organization without an id', {
      reason: 'unknown',
      operation: 'setup.mdmAuthority',
    });
  }
  const raw = value.mobileDeviceManagementAuthority;
  const rawValue = typeof raw === 'string' ? raw : null;
  const authority: MdmAuthority =
    rawValue === null
      ? 'unknown'
      : (MDM_AUTHORITIES.find((a) => a === rawValue.toLowerCase()) ?? 'unknownFutureValue');
  return { organizationId: value.id, authority, rawValue };
}

/**
 * Maps `applePushNotificationCertificate`; undefined for an empty object (no Apple ID, no expiry,
 * no topic), which is how a tenant without a certificate can answer.
 */
export function applePushCertificateFromWire(value: unknown): ApplePushCertificate | undefined {
  if (!isRecord(value)) return undefined;
  const cert: ApplePushCertificate = {};
  const appleIdentifier = str(value.appleIdentifier);
  const expiration = str(value.expirationDateTime);
  const topic = str(value.topicIdentifier);
  if (appleIdentifier) cert.appleIdentifier = appleIdentifier;
  // Graph's "never set" date is 0001-01-01: treat it as absent.
  if (expiration && !expiration.startsWith('0001-')) cert.expirationDateTime = expiration;
  if (topic) cert.topicIdentifier = topic;
  const modified = str(value.lastModifiedDateTime);
  if (modified) cert.lastModifiedDateTime = modified;
  const status = str(value.certificateUploadStatus);
  if (status) cert.certificateUploadStatus = status;
  const serial = str(value.certificateSerialNumber);
  if (serial) cert.certificateSerialNumber = serial;
  return cert.appleIdentifier || cert.expirationDateTime || cert.topicIdentifier ? cert : undefined;
}

/** Maps an assignment target of an app or a configuration. */
export function setupTargetFromWire(value: unknown): SetupAssignmentTarget {
  const type = odataType(value);
  if (type === SETUP_ODATA_TYPES.allDevices.toLowerCase()) return { kind: 'allDevices' };
  // Profile targets compare case-sensitively; Graph writes them in this exact form.
  const known = targetFromWire(
    isRecord(value) ? { ...value, '@odata.type': canonicalTargetType(type) } : value,
  );
  return known ?? { kind: 'other', odataType: type };
}

function canonicalTargetType(lower: string): string {
  const names = [
    '#microsoft.graph.allLicensedUsersAssignmentTarget',
    '#microsoft.graph.groupAssignmentTarget',
    '#microsoft.graph.exclusionGroupAssignmentTarget',
  ];
  return names.find((n) => n.toLowerCase() === lower) ?? lower;
}

function assignmentsFromWire(value: unknown): AppAssignment[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((a, index) => ({
    id: str(a.id) ?? `assignment-${index}`,
    intent: INTENTS.find((i) => i === a.intent) ?? 'unknown',
    target: setupTargetFromWire(a.target),
  }));
}

/** Maps a mobile app; undefined when it is not an iOS store or VPP app. */
export function iosAppFromWire(value: unknown): IosApp | undefined {
  if (!isRecord(value) || typeof value.id !== 'string') return undefined;
  const type = odataType(value);
  const kind =
    type === SETUP_ODATA_TYPES.iosStoreApp.toLowerCase()
      ? 'store'
      : type === SETUP_ODATA_TYPES.iosVppApp.toLowerCase()
        ? 'vpp'
        : undefined;
  if (!kind) return undefined;
  return {
    id: value.id,
    kind,
    displayName: str(value.displayName) ?? '',
    bundleId: str(value.bundleId) ?? '',
    assignments: assignmentsFromWire(value.assignments),
  };
}

const SSO_KINDS: Record<string, SsoExtensionSettings['kind']> = {
  '#microsoft.graph.iosazureadsinglesignonextension': 'azureAd',
  '#microsoft.graph.azureadsinglesignonextension': 'azureAd',
  '#microsoft.graph.iosredirectsinglesignonextension': 'redirect',
  '#microsoft.graph.redirectsinglesignonextension': 'redirect',
  '#microsoft.graph.ioscredentialsinglesignonextension': 'credential',
  '#microsoft.graph.credentialsinglesignonextension': 'credential',
  '#microsoft.graph.ioskerberossinglesignonextension': 'kerberos',
  '#microsoft.graph.kerberossinglesignonextension': 'kerberos',
};

const VALUE_TYPES: Record<string, SsoConfigurationValue['type']> = {
  '#microsoft.graph.keystringvaluepair': 'string',
  '#microsoft.graph.keyintegervaluepair': 'integer',
  '#microsoft.graph.keybooleanvaluepair': 'boolean',
  '#microsoft.graph.keyrealvaluepair': 'real',
};

function configurationValue(pair: Record<string, unknown>): SsoConfigurationValue | undefined {
  if (typeof pair.key !== 'string') return undefined;
  const raw = pair.value;
  const value =
    typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : null;
  return { key: pair.key, type: VALUE_TYPES[odataType(pair)] ?? 'unknown', value };
}

/** Maps an SSO app extension (`iosSingleSignOnExtension` or the legacy `singleSignOnExtension`). */
export function ssoExtensionFromWire(value: unknown): SsoExtensionSettings | undefined {
  if (!isRecord(value)) return undefined;
  const sso: SsoExtensionSettings = {
    kind: SSO_KINDS[odataType(value)] ?? 'other',
    configurations: Array.isArray(value.configurations)
      ? value.configurations.filter(isRecord).flatMap((p) => configurationValue(p) ?? [])
      : [],
  };
  const extensionIdentifier = str(value.extensionIdentifier);
  if (extensionIdentifier) sso.extensionIdentifier = extensionIdentifier;
  if (Array.isArray(value.bundleIdAccessControlList)) {
    const ids = value.bundleIdAccessControlList.filter(
      (id): id is string => typeof id === 'string' && id.trim() !== '',
    );
    if (ids.length > 0) sso.bundleIds = ids.slice(0, 200);
  }
  return sso;
}

/** Maps a device configuration; undefined when it is not an iOS device features profile. */
export function iosDeviceFeaturesFromWire(value: unknown): IosDeviceFeaturesProfile | undefined {
  if (!isRecord(value) || typeof value.id !== 'string') return undefined;
  if (odataType(value) !== SETUP_ODATA_TYPES.iosDeviceFeatures.toLowerCase()) return undefined;
  const profile: IosDeviceFeaturesProfile = {
    id: value.id,
    displayName: str(value.displayName) ?? '',
  };
  const sso =
    ssoExtensionFromWire(value.iosSingleSignOnExtension) ??
    ssoExtensionFromWire(value.singleSignOnExtension);
  if (sso) profile.ssoExtension = sso;
  if (Array.isArray(value.assignments)) {
    profile.assignments = value.assignments
      .filter(isRecord)
      .map((a) => setupTargetFromWire(a.target));
  }
  return profile;
}

/** Maps a domain; undefined without an id. */
export function domainFromWire(value: unknown): TenantDomain | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || value.id === '') return undefined;
  return { id: value.id, isVerified: value.isVerified === true };
}

/** Options for {@link GraphSetupService}. */
export interface GraphSetupServiceOptions {
  client: Client;
  logger?: Logger;
  /** Bound on `@odata.nextLink` pages per list (default {@link SETUP_MAX_PAGES}). */
  maxPages?: number;
}

/**
 * {@link SetupService} over Graph (graph-reference §2). Permissions, least privilege per call
 * (src/graph/graph-errors.ts): MDM authority DeviceManagementServiceConfig.Read.All; APNs
 * certificate and device configurations DeviceManagementConfiguration.Read.All; apps
 * DeviceManagementApps.Read.All; domains Domain.Read.All.
 */
export class GraphSetupService implements SetupService {
  private readonly graph: GraphRequester;
  private readonly logger: Logger | undefined;
  private readonly maxPages: number;

  public constructor(options: GraphSetupServiceOptions) {
    this.logger = options.logger?.child({ module: 'graph.setup' });
    this.graph = new GraphRequester(options.client, this.logger);
    this.maxPages = options.maxPages ?? SETUP_MAX_PAGES;
  }

  /** The tenant's organization object, asked only for its id and MDM authority. */
  public async mdmAuthority(): Promise<MdmAuthorityInfo> {
    const { body, call } = await this.graph.sendJson({
      operation: 'setup.mdmAuthority',
      method: 'GET',
      version: 'v1.0',
      path: '/organization',
      query: { $select: 'id,mobileDeviceManagementAuthority' },
    });
    const first = isRecord(body) && Array.isArray(body.value) ? (body.value[0] as unknown) : body;
    if (first === undefined) {
      throw new GraphError('Graph returned no organization', {
        reason: 'unknown',
        operation: 'setup.mdmAuthority',
        ...call,
      });
    }
    return mdmAuthorityFromWire(first);
  }

  /** The singleton certificate; 404 and an empty object both mean "not configured". */
  public async applePushCertificate(): Promise<ApplePushCertificate | undefined> {
    try {
      const { body } = await this.graph.sendJson({
        operation: 'setup.applePushCertificate',
        method: 'GET',
        version: 'beta',
        path: '/deviceManagement/applePushNotificationCertificate',
      });
      return applePushCertificateFromWire(body);
    } catch (err) {
      if (err instanceof GraphError && err.details.reason === 'not_found') return undefined;
      throw err;
    }
  }

  /**
   * iOS store and VPP apps (`$filter=isof(…)`, one request per type, in parallel) with
   * `$expand=assignments`. Bundle ids are matched here, not in `$filter`, because Graph's filter
   * support on derived properties is not documented. Should Graph return an app without its
   * assignments expanded, they are read from `…/mobileApps/{id}/assignments` (for at most a few
   * apps, so the call stays bounded).
   */
  public async iosApps(filter: IosAppsFilter = {}): Promise<IosApp[]> {
    const wanted = filter.bundleIds?.map((b) => b.toLowerCase());
    const lists = await Promise.all(
      ['microsoft.graph.iosStoreApp', 'microsoft.graph.iosVppApp'].map((type) =>
        this.graph.getAllPages(
          {
            operation: 'setup.iosApps',
            version: 'beta',
            path: '/deviceAppManagement/mobileApps',
            query: { $filter: `isof('${type}')`, $expand: 'assignments' },
          },
          this.maxPages,
        ),
      ),
    );
    const raw = lists.flatMap((l) => l.items).filter(isRecord);
    const apps: { app: IosApp; expanded: boolean }[] = [];
    for (const item of raw) {
      const app = iosAppFromWire(item);
      if (!app) continue;
      if (wanted && !wanted.includes(app.bundleId.toLowerCase())) continue;
      apps.push({ app, expanded: Array.isArray(item.assignments) });
    }
    const missing = apps.filter((a) => !a.expanded).slice(0, MAX_ASSIGNMENT_FETCHES);
    await Promise.all(
      missing.map(async (entry) => {
        const { items } = await this.graph.getAllPages(
          {
            operation: 'setup.appAssignments',
            version: 'beta',
            path: `/deviceAppManagement/mobileApps/${segment(entry.app.id)}/assignments`,
          },
          this.maxPages,
        );
        entry.app.assignments = assignmentsFromWire(items);
      }),
    );
    return apps.map((a) => a.app);
  }

  /**
   * Every device configuration with `$expand=assignments`, kept when it is an
   * iosDeviceFeaturesConfiguration (filtered here, as graph-reference §2.4 advises).
   */
  public async iosDeviceFeaturesConfigurations(): Promise<IosDeviceFeaturesProfile[]> {
    const { items } = await this.graph.getAllPages(
      {
        operation: 'setup.deviceConfigurations',
        version: 'beta',
        path: '/deviceManagement/deviceConfigurations',
        query: { $expand: 'assignments' },
      },
      this.maxPages,
    );
    return items.flatMap((item) => iosDeviceFeaturesFromWire(item) ?? []);
  }

  /** `GET /v1.0/deviceManagement/deviceEnrollmentConfigurations`, iOS restrictions only. */
  public async iosEnrollmentRestrictions(): Promise<IosEnrollmentRestriction[]> {
    const { items } = await this.graph.getAllPages(
      {
        operation: 'setup.enrollmentRestrictions',
        version: 'v1.0',
        path: '/deviceManagement/deviceEnrollmentConfigurations',
      },
      this.maxPages,
    );
    return items.flatMap((item) => iosRestrictionFromWire(item) ?? []);
  }

  /** `GET /v1.0/domains?$select=id,isVerified`. */
  public async domains(): Promise<TenantDomain[]> {
    const { items } = await this.graph.getAllPages(
      {
        operation: 'setup.domains',
        version: 'v1.0',
        path: '/domains',
        query: { $select: 'id,isVerified' },
      },
      this.maxPages,
    );
    return items.flatMap((d) => domainFromWire(d) ?? []);
  }
}
