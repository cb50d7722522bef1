/**
 * The LOCAL INTUNE SANDBOX's answers for the prerequisite check (graph-reference §2): the
 * organization (MDM authority), the Apple MDM push certificate, mobile apps with assignments,
 * device configurations with assignments and the tenant's domains, in Graph's wire shapes.
 */
import { badRequest, methodNotAllowed, notFound, type Reply } from './sandbox-http';
import { applySelect, parseIsofFilter } from './sandbox-query';
import type { GraphSandboxState, SandboxPermission } from './sandbox-state';
import type {
  SandboxAppAssignment,
  SandboxApplePushCertificate,
  SandboxConfigAssignment,
  SandboxDeviceConfiguration,
  SandboxDomain,
  SandboxMobileApp,
  SandboxOrganization,
  SandboxSetupTarget,
} from './setup-seed';

/** What a setup route needs from the server around it. */
export interface SetupRouteContext {
  method: string;
  url: URL;
  version: 'beta' | 'v1.0';
  state: GraphSandboxState;
  /** Throws 403 when the area is denied. */
  deny(area: SandboxPermission): void;
  /** A paged collection answer with `@odata.context`, `$select` and `$count`. */
  collection(items: Record<string, unknown>[], context: string): Reply;
}

const APNS = 'applePushNotificationCertificate';
const CONFIGS = 'deviceConfigurations';

function targetToWire(target: SandboxSetupTarget): Record<string, unknown> {
  return {
    ...target,
    deviceAndAppManagementAssignmentFilterId: null,
    deviceAndAppManagementAssignmentFilterType: 'none',
  };
}

/** The organization as v1.0 serves it (only the properties the sandbox knows). */
export function organizationToWire(
  org: SandboxOrganization,
  domains: SandboxDomain[],
): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.organization',
    id: org.id,
    displayName: org.displayName,
    tenantType: 'AAD',
    countryLetterCode: 'US',
    mobileDeviceManagementAuthority: org.mobileDeviceManagementAuthority,
    verifiedDomains: domains
      .filter((d) => d.isVerified)
      .map((d) => ({
        name: d.id,
        isDefault: d.isDefault,
        isInitial: d.isInitial,
        type: 'Managed',
        capabilities: 'Email, OfficeCommunicationsOnline',
      })),
  };
}

/** The APNs certificate singleton as beta serves it (the certificate itself is never returned). */
export function apnsToWire(cert: SandboxApplePushCertificate): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.applePushNotificationCertificate',
    id: cert.id,
    appleIdentifier: cert.appleIdentifier,
    topicIdentifier: cert.topicIdentifier,
    lastModifiedDateTime: cert.lastModifiedDateTime,
    expirationDateTime: cert.expirationDateTime,
    certificateUploadStatus: cert.certificateUploadStatus,
    certificateUploadFailureReason: null,
    certificateSerialNumber: cert.certificateSerialNumber,
    certificate: null,
  };
}

/** A `mobileAppAssignment`. */
export function appAssignmentToWire(a: SandboxAppAssignment): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.mobileAppAssignment',
    id: a.id,
    intent: a.intent,
    source: 'direct',
    sourceId: null,
    target: targetToWire(a.target),
    settings: null,
  };
}

/** A mobile app (assignments only with `$expand`). */
export function appToWire(app: SandboxMobileApp, expand: boolean): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    '@odata.type': app.odataType,
    id: app.id,
    displayName: app.displayName,
    description: '',
    publisher: app.publisher,
    largeIcon: null,
    createdDateTime: app.createdDateTime,
    lastModifiedDateTime: app.createdDateTime,
    isFeatured: false,
    privacyInformationUrl: null,
    informationUrl: null,
    owner: '',
    developer: '',
    notes: '',
    publishingState: 'published',
    roleScopeTagIds: [],
    ...(app.bundleId === undefined ? {} : { bundleId: app.bundleId }),
    ...app.extra,
  };
  if (expand) wire.assignments = app.assignments.map(appAssignmentToWire);
  return wire;
}

/** A `deviceConfigurationAssignment`. */
export function configAssignmentToWire(
  configId: string,
  a: SandboxConfigAssignment,
): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.deviceConfigurationAssignment',
    id: a.id,
    intent: 'apply',
    source: 'direct',
    sourceId: configId,
    target: targetToWire(a.target),
  };
}

/** A device configuration with its type-specific settings (assignments only with `$expand`). */
export function configToWire(
  c: SandboxDeviceConfiguration,
  expand: boolean,
): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    '@odata.type': c.odataType,
    id: c.id,
    displayName: c.displayName,
    description: c.description,
    createdDateTime: c.createdDateTime,
    lastModifiedDateTime: c.lastModifiedDateTime,
    version: 1,
    roleScopeTagIds: ['0'],
    supportsScopeTags: true,
    deviceManagementApplicabilityRuleOsEdition: null,
    deviceManagementApplicabilityRuleOsVersion: null,
    deviceManagementApplicabilityRuleDeviceMode: null,
    ...c.settings,
  };
  if (expand) wire.assignments = c.assignments.map((a) => configAssignmentToWire(c.id, a));
  return wire;
}

/** A domain as v1.0 serves it. */
export function domainToWire(d: SandboxDomain): Record<string, unknown> {
  return {
    id: d.id,
    authenticationType: 'Managed',
    availabilityStatus: null,
    isAdminManaged: true,
    isDefault: d.isDefault,
    isInitial: d.isInitial,
    isRoot: true,
    isVerified: d.isVerified,
    passwordNotificationWindowInDays: null,
    passwordValidityPeriodInDays: null,
    supportedServices: d.isVerified ? ['Email', 'OfficeCommunicationsOnline'] : [],
    state: null,
  };
}

function expandsAssignments(url: URL): boolean {
  return (url.searchParams.get('$expand') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .includes('assignments');
}

/** Keeps items whose `@odata.type` is in the `$filter=isof(…)` list (all without a filter). */
function filterByType<T extends { odataType: string }>(items: T[], url: URL): T[] {
  const raw = url.searchParams.get('$filter');
  if (raw === null) return items;
  const types = parseIsofFilter(raw);
  if (typeof types === 'string') throw badRequest(types);
  return items.filter((item) => types.includes(item.odataType.toLowerCase()));
}

function notFoundEntity(kind: string, id: string): never {
  throw notFound(`No ${kind} with id '${id}' was found.`);
}

function organization(ctx: SetupRouteContext, tail: string[]): Reply {
  ctx.deny('organization.read');
  const [id, ...extra] = tail;
  if (extra.length > 0) throw badRequest(`Resource not found for the segment '${extra[0] ?? ''}'.`);
  const wire = organizationToWire(ctx.state.organization, [...ctx.state.domains.values()]);
  if (id === undefined) {
    return ctx.collection([wire], `${ctx.version}/$metadata#organization`);
  }
  if (id.toLowerCase() !== ctx.state.organization.id.toLowerCase()) {
    throw notFound(
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      'Request_ResourceNotFound',
    );
  }
  return { status: 200, json: applySelect(wire, ctx.url.searchParams.get('$select')) };
}

function domains(ctx: SetupRouteContext, tail: string[]): Reply {
  ctx.deny('domains.read');
  const [id, ...extra] = tail;
  if (extra.length > 0) throw badRequest(`Resource not found for the segment '${extra[0] ?? ''}'.`);
  if (id === undefined) {
    const all = [...ctx.state.domains.values()].map(domainToWire);
    return ctx.collection(all, `${ctx.version}/$metadata#domains`);
  }
  const domain = ctx.state.domains.get(id.toLowerCase());
  if (!domain) {
    throw notFound(`Domain '${id}' was not found.`, 'Request_ResourceNotFound');
  }
  return {
    status: 200,
    json: applySelect(domainToWire(domain), ctx.url.searchParams.get('$select')),
  };
}

function mobileApps(ctx: SetupRouteContext, tail: string[]): Reply {
  ctx.deny('apps.read');
  const [id, sub, ...extra] = tail;
  if (extra.length > 0) throw badRequest(`Resource not found for the segment '${extra[0] ?? ''}'.`);
  const expand = expandsAssignments(ctx.url) && !ctx.state.ignoreAppAssignmentsExpand;
  const base = `${ctx.version}/$metadata#deviceAppManagement/mobileApps`;
  if (id === undefined) {
    const apps = filterByType([...ctx.state.mobileApps.values()], ctx.url);
    return ctx.collection(
      apps.map((a) => appToWire(a, expand)),
      base,
    );
  }
  const app = ctx.state.mobileApps.get(id.toLowerCase()) ?? notFoundEntity('mobileApp', id);
  if (sub === undefined) return { status: 200, json: appToWire(app, expand) };
  if (sub !== 'assignments') throw badRequest(`Resource not found for the segment '${sub}'.`);
  return ctx.collection(
    app.assignments.map(appAssignmentToWire),
    `${base}('${app.id}')/assignments`,
  );
}

function apns(ctx: SetupRouteContext, tail: string[]): Reply {
  ctx.deny('configuration.read');
  if (tail.length > 0) throw badRequest(`Resource not found for the segment '${tail[0] ?? ''}'.`);
  const cert = ctx.state.applePushCertificate;
  if (!cert) {
    throw notFound('No applePushNotificationCertificate is configured for this account.');
  }
  return { status: 200, json: apnsToWire(cert) };
}

function deviceConfigurations(ctx: SetupRouteContext, tail: string[]): Reply {
  ctx.deny('configuration.read');
  const [id, sub, ...extra] = tail;
  if (extra.length > 0) throw badRequest(`Resource not found for the segment '${extra[0] ?? ''}'.`);
  const expand = expandsAssignments(ctx.url);
  const base = `beta/$metadata#deviceManagement/${CONFIGS}`;
  if (id === undefined) {
    const configs = filterByType([...ctx.state.deviceConfigurations.values()], ctx.url);
    return ctx.collection(
      configs.map((c) => configToWire(c, expand)),
      base,
    );
  }
  const config =
    ctx.state.deviceConfigurations.get(id.toLowerCase()) ??
    notFoundEntity('deviceConfiguration', id);
  if (sub === undefined) return { status: 200, json: configToWire(config, expand) };
  if (sub !== 'assignments') throw badRequest(`Resource not found for the segment '${sub}'.`);
  return ctx.collection(
    config.assignments.map((a) => configAssignmentToWire(config.id, a)),
    `${base}('${config.id}')/assignments`,
  );
}

/**
 * Answers a prerequisite-check path (`root` is the first segment after the version), or returns
 * undefined when the path is not one of them. Read-only: any other method is 405.
 */
export function setupReply(
  ctx: SetupRouteContext,
  root: string | undefined,
  tail: string[],
): Reply | undefined {
  const [first, ...rest] = tail;
  const route =
    root === 'organization'
      ? () => organization(ctx, tail)
      : root === 'domains'
        ? () => domains(ctx, tail)
        : root === 'deviceAppManagement' && first === 'mobileApps'
          ? () => mobileApps(ctx, rest)
          : root === 'deviceManagement' && first === 'deviceEnrollmentConfigurations'
            ? () => {
                ctx.deny('configuration.read');
                if (rest.length > 0) throw notFound(`Resource '${rest.join('/')}' does not exist.`);
                return ctx.collection(
                  ctx.state.enrollmentConfigurations.map((c) => structuredClone(c)),
                  `${ctx.version}/$metadata#deviceManagement/deviceEnrollmentConfigurations`,
                );
              }
            : root === 'deviceManagement' && first === 'troubleshootingEvents'
              ? () => {
                  if (ctx.version !== 'beta') {
                    throw badRequest(`Resource not found for the segment '${first}'.`);
                  }
                  ctx.deny('devices.read');
                  if (rest.length > 0)
                    throw notFound(`Resource '${rest.join('/')}' does not exist.`);
                  return ctx.collection(
                    [...ctx.state.troubleshootingEvents],
                    'deviceManagement/troubleshootingEvents',
                  );
                }
              : root === 'deviceManagement' && (first === APNS || first === CONFIGS)
                ? () => {
                    // As with enrollment profiles, the sandbox serves Intune's beta shapes only.
                    if (ctx.version !== 'beta') {
                      throw badRequest(`Resource not found for the segment '${first}'.`);
                    }
                    return first === APNS ? apns(ctx, rest) : deviceConfigurations(ctx, rest);
                  }
                : undefined;
  if (!route) return undefined;
  if (ctx.method !== 'GET') throw methodNotAllowed();
  return route();
}
