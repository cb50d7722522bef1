/**
 * Builders of setup-check data for the unit tests: domain objects as the Graph services return
 * them, with healthy defaults that each test bends into one state.
 */
import type { DomainCheckReport } from '../../../src/discovery/verify-domain';
import { type GraphError } from '../../../src/graph/errors';
import { graphErrorFromResponse, type GraphOperation } from '../../../src/graph/graph-errors';
import type { ProfileWithAssignments } from '../../../src/graph/profile-logic';
import type {
  AppAssignment,
  IosApp,
  IosDeviceFeaturesProfile,
  SetupAssignmentTarget,
  SsoConfigurationValue,
} from '../../../src/graph/setup-service';
import type { AssignmentTarget, EnrollmentType, OwnerTypeOption } from '../../../src/graph/types';
import type { GroupFacts, GroupIndex } from '../../../src/setup-check/checks';

/** The clock of the unit tests. */
export const NOW = new Date('2026-11-22T10:00:00Z');
export const DAY = 24 * 60 * 60 * 1000;

/** Group ids used by the builders. */
export const GROUPS = {
  pilot: 'bbbbbbbb-0000-4000-8000-000000000201',
  staff: 'bbbbbbbb-0000-4000-8000-000000000202',
  finance: 'bbbbbbbb-0000-4000-8000-000000000203',
  iosDevices: 'bbbbbbbb-0000-4000-8000-000000000205',
  kiosks: 'bbbbbbbb-0000-4000-8000-000000000206',
  deleted: 'bbbbbbbb-0000-4000-8000-0000000009ff',
} as const;

/** Facts about the builders' groups. */
export function groupIndex(
  overrides: Partial<Record<string, Partial<GroupFacts>>> = {},
): GroupIndex {
  const base: GroupFacts[] = [
    { id: GROUPS.pilot, found: true, displayName: 'iOS BYOD Pilot' },
    { id: GROUPS.staff, found: true, displayName: 'All Staff - iOS' },
    { id: GROUPS.finance, found: true, displayName: 'Finance' },
    { id: GROUPS.iosDevices, found: true, displayName: 'All iOS Devices', deviceReason: 'rule' },
    {
      id: GROUPS.kiosks,
      found: true,
      displayName: 'Kiosk iPads',
      deviceReason: 'members',
      deviceCount: 2,
    },
    { id: GROUPS.deleted, found: false },
  ];
  return new Map(base.map((g) => [g.id.toLowerCase(), { ...g, ...overrides[g.id] }]));
}

/** A profile target. */
export const to = {
  all: (): AssignmentTarget => ({ kind: 'allUsers' }),
  group: (groupId: string): AssignmentTarget => ({ kind: 'group', groupId }),
  exclude: (groupId: string): AssignmentTarget => ({ kind: 'exclusionGroup', groupId }),
};

let counter = 0;

/** A profile with assignments. */
export function profile(
  displayName: string,
  type: EnrollmentType | 'userChoice',
  targets: AssignmentTarget[],
  priority = counter++,
): ProfileWithAssignments {
  const options: OwnerTypeOption[] =
    type === 'userChoice'
      ? [
          { ownerType: 'company', enrollmentType: 'device' },
          { ownerType: 'personal', enrollmentType: 'accountDrivenUserEnrollment' },
        ]
      : [];
  return {
    profile: {
      id: `p-${displayName}`,
      displayName,
      description: '',
      priority,
      defaultEnrollmentType: type === 'userChoice' ? 'unknown' : type,
      availableEnrollmentTypeOptions: options,
    },
    assignments: targets.map((target, i) => ({ id: `a-${displayName}-${i}`, target })),
  };
}

/** The healthy profile set: account-driven to the pilot, user choice to staff minus finance. */
export function healthyProfiles(): ProfileWithAssignments[] {
  return [
    profile('BYOD account driven', 'accountDrivenUserEnrollment', [to.group(GROUPS.pilot)], 0),
    profile('User choice', 'userChoice', [to.group(GROUPS.staff), to.exclude(GROUPS.finance)], 1),
  ];
}

/** An app assignment. */
export function appAssignment(
  intent: AppAssignment['intent'],
  target: SetupAssignmentTarget,
): AppAssignment {
  counter += 1;
  return { id: `aa-${counter}`, intent, target };
}

/** Microsoft Authenticator with these assignments. */
export function authenticator(
  assignments: AppAssignment[],
  kind: IosApp['kind'] = 'store',
): IosApp {
  return {
    id: `app-auth-${kind}`,
    kind,
    displayName: 'Microsoft Authenticator',
    bundleId: 'com.microsoft.azureauthenticator',
    assignments,
  };
}

/** An SSO configuration value. */
export function setting(
  key: string,
  value: SsoConfigurationValue['value'],
  type: SsoConfigurationValue['type'] = 'string',
): SsoConfigurationValue {
  return { key, value, type };
}

/** An iOS device features profile with an SSO extension. */
export function ssoProfile(
  displayName: string,
  configurations: SsoConfigurationValue[],
  options: {
    kind?: NonNullable<IosDeviceFeaturesProfile['ssoExtension']>['kind'];
    assignments?: SetupAssignmentTarget[] | undefined;
    /** `bundleIdAccessControlList`. */
    bundleIds?: string[];
  } = {},
): IosDeviceFeaturesProfile {
  return {
    id: `c-${displayName}`,
    displayName,
    ssoExtension: {
      kind: options.kind ?? 'azureAd',
      configurations,
      ...(options.bundleIds ? { bundleIds: options.bundleIds } : {}),
    },
    ...('assignments' in options
      ? options.assignments === undefined
        ? {}
        : { assignments: options.assignments }
      : { assignments: [{ kind: 'group', groupId: GROUPS.staff }] }),
  };
}

/** The healthy JIT profile. */
export function jitProfile(value = '{{DEVICEREGISTRATION}}'): IosDeviceFeaturesProfile {
  return ssoProfile('Enterprise SSO (JIT)', [
    setting('device_registration', value),
    setting('browser_sso_interaction_enabled', 1, 'integer'),
  ]);
}

/** A domain check report: passing, warning or failing. */
export function domainReport(domain: string, outcome: 'pass' | 'warn' | 'fail'): DomainCheckReport {
  return {
    domain,
    url: `https://${domain}/.well-known/com.apple.remotemanagement`,
    ok: outcome !== 'fail',
    findings: [
      { id: 'dns', status: 'pass', title: 'The domain name resolves', detail: '' },
      outcome === 'fail'
        ? {
            id: 'status',
            status: 'fail',
            title: 'The file was not found (404)',
            detail: '404',
            fix: `Publish the file at https://${domain}/.well-known/com.apple.remotemanagement`,
          }
        : { id: 'status', status: 'pass', title: 'The file is found (200)', detail: '' },
      outcome === 'warn'
        ? {
            id: 'content-type',
            status: 'warn',
            title: 'Content type is not application/json',
            detail: 'text/plain',
            fix: 'Serve the file with the header Content-Type: application/json.',
          }
        : {
            id: 'content-type',
            status: 'pass',
            title: 'Content type is application/json',
            detail: '',
          },
    ],
  };
}

/** A 403 as the Graph services raise it for `operation` (permission, request-id and date). */
export function forbidden(operation: GraphOperation): GraphError {
  return graphErrorFromResponse(
    403,
    JSON.stringify({
      error: {
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
        innerError: { 'request-id': 'req-403-test', date: '2026-11-22T10:00:00' },
      },
    }),
    new Headers(),
    operation,
  );
}
