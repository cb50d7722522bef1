/** Wire shapes the LOCAL INTUNE SANDBOX serves, as Graph serializes them (with `@odata.type`). */
import type {
  SandboxAssignment,
  SandboxDevice,
  SandboxDirectoryRole,
  SandboxGroup,
  SandboxProfile,
  SandboxUser,
} from './seed';
import type { SandboxManagedDevice, SandboxTeamsApp } from './teamwork-seed';

/** A profile as Graph serves it (assignments only with `$expand`). */
export function profileToWire(
  p: SandboxProfile,
  expandAssignments: boolean,
): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    '@odata.type': '#microsoft.graph.appleUserInitiatedEnrollmentProfile',
    id: p.id,
    displayName: p.displayName,
    description: p.description,
    platform: p.platform,
    priority: p.priority,
    defaultEnrollmentType: p.defaultEnrollmentType,
    availableEnrollmentTypeOptions: p.availableEnrollmentTypeOptions.map((o) => ({
      '@odata.type': 'microsoft.graph.appleOwnerTypeEnrollmentType',
      ...o,
    })),
    createdDateTime: p.createdDateTime,
    lastModifiedDateTime: p.lastModifiedDateTime,
  };
  if (expandAssignments) wire.assignments = p.assignments.map(assignmentToWire);
  return wire;
}

/** An assignment as Graph serves it. */
export function assignmentToWire(a: SandboxAssignment): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.appleEnrollmentProfileAssignment',
    id: a.id,
    target: {
      ...a.target,
      deviceAndAppManagementAssignmentFilterId: null,
      deviceAndAppManagementAssignmentFilterType: 'none',
    },
  };
}

/** A group as Graph v1.0 serves it. */
export function groupToWire(g: SandboxGroup): Record<string, unknown> {
  const dynamic = g.groupTypes.includes('DynamicMembership');
  return {
    '@odata.type': '#microsoft.graph.group',
    id: g.id,
    displayName: g.displayName,
    description: g.description ?? null,
    groupTypes: g.groupTypes,
    membershipRule: g.membershipRule ?? null,
    membershipRuleProcessingState: dynamic ? 'On' : null,
    securityEnabled: g.securityEnabled,
    mailEnabled: g.mailEnabled,
    mailNickname: g.mailNickname,
  };
}

/** A user with the v1.0 default properties. */
export function userToWire(u: SandboxUser): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.user',
    id: u.id,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
    mail: u.mail,
    givenName: u.givenName,
    surname: u.surname,
    jobTitle: u.jobTitle ?? null,
    businessPhones: [],
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
  };
}

/** A device directory object. */
export function deviceToWire(d: SandboxDevice): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.device', ...d, accountEnabled: true };
}

/** A directory role; `limited` mimics Graph without permission to read roles. */
export function roleToWire(r: SandboxDirectoryRole, limited: boolean): Record<string, unknown> {
  return limited
    ? {
        '@odata.type': '#microsoft.graph.directoryRole',
        id: r.id,
        displayName: null,
        description: null,
        roleTemplateId: null,
      }
    : {
        '@odata.type': '#microsoft.graph.directoryRole',
        id: r.id,
        displayName: r.displayName,
        description: null,
        roleTemplateId: r.roleTemplateId,
      };
}

/** A Teams catalog app as Graph v1.0 serves it (`appCatalogs/teamsApps`). */
export function teamsAppToWire(app: SandboxTeamsApp): Record<string, unknown> {
  return {
    id: app.id,
    externalId: app.externalId,
    displayName: app.displayName,
    distributionMethod: app.distributionMethod,
  };
}

/**
 * An app installation in a user's personal scope. Its id is, as Graph's are, the base64 of
 * `<user id>##<catalog app id>`; the app itself only with `$expand=teamsApp`.
 */
export function installationToWire(
  userId: string,
  app: SandboxTeamsApp,
  expandApp: boolean,
): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    '@odata.type': '#microsoft.graph.userScopeTeamsAppInstallation',
    id: Buffer.from(`${userId}##${app.id}`).toString('base64'),
  };
  if (expandApp) wire.teamsApp = teamsAppToWire(app);
  return wire;
}

/** An Intune managed device, with the properties the sandbox keeps (Graph serves many more). */
export function managedDeviceToWire(d: SandboxManagedDevice): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.managedDevice',
    id: d.id,
    userId: d.userId,
    deviceName: d.deviceName,
    operatingSystem: d.operatingSystem,
    osVersion: d.osVersion,
    ownerType: d.ownerType,
    managedDeviceOwnerType: d.ownerType,
    deviceEnrollmentType: d.deviceEnrollmentType,
    enrolledDateTime: d.enrolledDateTime,
    managementAgent: 'mdm',
  };
}
