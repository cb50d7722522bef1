/**
 * Seed data of the LOCAL INTUNE SANDBOX: the Agents Playground's mock tenant
 * (.m365agentsplayground.yml: same people, same object ids, same UPNs) plus groups, devices,
 * directory roles and three enrollment-type profiles, so the Playground demo is coherent.
 * All seed data lives here; tests may pass their own {@link GraphSandboxSeed}.
 */
import { SANDBOX_TENANT_ID } from '../config/env';
import { ADMIN_ROLE_TEMPLATE_IDS } from '../graph/types';

import type { SandboxSetupSeed } from './setup-seed';
import type { SandboxTeamworkSeed } from './teamwork-seed';

/** A user as the sandbox stores it (v1.0 `user` properties it serves). */
export interface SandboxUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string;
  givenName: string;
  surname: string;
  jobTitle?: string;
}

/** A group; `members` holds object ids of users, devices and (nested) groups. */
export interface SandboxGroup {
  id: string;
  displayName: string;
  description?: string;
  groupTypes: string[];
  membershipRule?: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  mailNickname: string;
  members: string[];
}

/** An Entra device object. */
export interface SandboxDevice {
  id: string;
  displayName: string;
  operatingSystem: string;
  operatingSystemVersion: string;
}

/** An activated directory role; `members` holds user or (role-assignable) group ids. */
export interface SandboxDirectoryRole {
  id: string;
  displayName: string;
  roleTemplateId: string;
  members: string[];
}

/** The three assignment target shapes Graph accepts for these profiles (graph-reference §1.4). */
export type SandboxTarget =
  | { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' }
  | {
      '@odata.type':
        | '#microsoft.graph.groupAssignmentTarget'
        | '#microsoft.graph.exclusionGroupAssignmentTarget';
      groupId: string;
    };

/** A profile assignment. */
export interface SandboxAssignment {
  id: string;
  target: SandboxTarget;
}

/** An owner/method pair of a user-choice profile. */
export interface SandboxOwnerOption {
  ownerType: string;
  enrollmentType: string;
}

/** An appleUserInitiatedEnrollmentProfile with its assignments. */
export interface SandboxProfile {
  id: string;
  displayName: string;
  description: string;
  platform: string;
  priority: number;
  defaultEnrollmentType: string;
  availableEnrollmentTypeOptions: SandboxOwnerOption[];
  createdDateTime: string;
  lastModifiedDateTime: string;
  assignments: SandboxAssignment[];
}

/** Everything the sandbox starts with. */
export interface GraphSandboxSeed {
  users: SandboxUser[];
  groups: SandboxGroup[];
  devices: SandboxDevice[];
  directoryRoles: SandboxDirectoryRole[];
  profiles: SandboxProfile[];
  /**
   * What the prerequisite check reads (MDM authority, APNs, apps, configurations, domains);
   * `defaultSetupSeed()` (setup-seed.ts) when absent.
   */
  setup?: SandboxSetupSeed;
  /**
   * The Teams app catalog and Intune's managed devices (enrollment campaigns);
   * `defaultTeamworkSeed()` (teamwork-seed.ts) when absent.
   */
  teamwork?: SandboxTeamworkSeed;
}

/** The mock tenant (the Playground's). */
export const SEED_TENANT_ID = SANDBOX_TENANT_ID;

/** Stable ids of the seed, for tests and demo scripts. */
export const SEED_IDS = {
  users: {
    adele: 'aaaaaaaa-0000-4000-8000-000000000001',
    megan: 'eeeeeeee-0000-4000-8000-000000000002',
    alex: 'dddddddd-0000-4000-8000-000000000003',
    lynne: 'dddddddd-0000-4000-8000-000000000004',
    isaiah: 'eeeeeeee-0000-4000-8000-000000000005',
    patti: 'eeeeeeee-0000-4000-8000-000000000006',
  },
  groups: {
    iosByodPilot: 'bbbbbbbb-0000-4000-8000-000000000201',
    allStaffIos: 'bbbbbbbb-0000-4000-8000-000000000202',
    finance: 'bbbbbbbb-0000-4000-8000-000000000203',
    sales: 'bbbbbbbb-0000-4000-8000-000000000204',
    allIosDevices: 'bbbbbbbb-0000-4000-8000-000000000205',
    kioskIpads: 'bbbbbbbb-0000-4000-8000-000000000206',
    intuneAdmins: 'bbbbbbbb-0000-4000-8000-000000000207',
    itHelpdesk: 'cccccccc-0000-4000-8000-000000000010',
  },
  devices: {
    meganIphone: 'dededede-0000-4000-8000-000000000301',
    isaiahIpad: 'dededede-0000-4000-8000-000000000302',
    kiosk1: 'dededede-0000-4000-8000-000000000303',
    kiosk2: 'dededede-0000-4000-8000-000000000304',
  },
  roles: {
    intuneAdministrator: 'abababab-0000-4000-8000-000000000401',
    globalAdministrator: 'abababab-0000-4000-8000-000000000402',
    helpdeskAdministrator: 'abababab-0000-4000-8000-000000000403',
  },
  profiles: {
    accountDriven: 'f1f1f1f1-0000-4000-8000-000000000101',
    userChoice: 'f1f1f1f1-0000-4000-8000-000000000102',
    legacyCompanyPortal: 'f1f1f1f1-0000-4000-8000-000000000103',
  },
} as const;

/** Built-in role template id of Helpdesk Administrator (not an enrollment admin). */
export const HELPDESK_ADMINISTRATOR_TEMPLATE_ID = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

const U = SEED_IDS.users;
const G = SEED_IDS.groups;
const D = SEED_IDS.devices;
const P = SEED_IDS.profiles;
const SEEDED_AT = '2025-01-06T09:00:00Z';

function user(
  id: string,
  givenName: string,
  surname: string,
  alias: string,
  jobTitle: string,
): SandboxUser {
  const upn = `${alias}@contoso.example`;
  return {
    id,
    displayName: `${givenName} ${surname}`,
    userPrincipalName: upn,
    mail: upn,
    givenName,
    surname,
    jobTitle,
  };
}

/**
 * A fresh copy of the default seed. Who is where:
 * - iOS BYOD Pilot (assigned): Megan, plus the nested group Sales (so Isaiah too).
 * - All Staff - iOS (dynamic user rule): all six people.
 * - Finance (assigned): Patti. Sales (Microsoft 365): Megan, Isaiah.
 * - Intune Admins (assigned): Adele. IT Helpdesk (the Playground team's group): all six.
 * - All iOS Devices (dynamic, `device.` rule) and Kiosk iPads (assigned, two devices): device groups.
 * - Roles: Adele is Intune Administrator; Alex and Lynne are Helpdesk Administrators.
 * Profiles (priority order):
 * 0. "iOS BYOD – Account driven UE" (accountDrivenUserEnrollment) → iOS BYOD Pilot.
 * 1. "iOS – User choice" (user choice) → All Staff - iOS, excluding Finance.
 * 2. "Legacy – Company Portal UE" (user) → all users.
 * So Megan and Isaiah get profile 0; Adele, Alex and Lynne get 1; Patti (excluded) gets 2.
 */
export function defaultSeed(): GraphSandboxSeed {
  return {
    users: [
      user(U.adele, 'Adele', 'Vance', 'adelev', 'Intune administrator'),
      user(U.megan, 'Megan', 'Bowen', 'meganb', 'Marketing manager'),
      user(U.alex, 'Alex', 'Wilber', 'alexw', 'Helpdesk agent'),
      user(U.lynne, 'Lynne', 'Robbins', 'lynner', 'Helpdesk agent'),
      user(U.isaiah, 'Isaiah', 'Langer', 'isaiahl', 'Sales representative'),
      user(U.patti, 'Patti', 'Fernandez', 'pattif', 'Finance director'),
    ],
    groups: [
      {
        id: G.iosByodPilot,
        displayName: 'iOS BYOD Pilot',
        description: 'Employees piloting account driven user enrollment on personal iPhones',
        groupTypes: [],
        securityEnabled: true,
        mailEnabled: false,
        mailNickname: 'iosbyodpilot',
        members: [U.megan, G.sales],
      },
      {
        id: G.allStaffIos,
        displayName: 'All Staff - iOS',
        description: 'Every member account (dynamic)',
        groupTypes: ['DynamicMembership'],
        membershipRule: '(user.accountEnabled -eq true) -and (user.userType -eq "Member")',
        securityEnabled: true,
        mailEnabled: false,
        mailNickname: 'allstaffios',
        members: [U.adele, U.megan, U.alex, U.lynne, U.isaiah, U.patti],
      },
      {
        id: G.finance,
        displayName: 'Finance',
        description: 'Finance department',
        groupTypes: [],
        securityEnabled: true,
        mailEnabled: false,
        mailNickname: 'finance',
        members: [U.patti],
      },
      {
        id: G.sales,
        displayName: 'Sales',
        description: 'Sales team',
        groupTypes: ['Unified'],
        securityEnabled: false,
        mailEnabled: true,
        mailNickname: 'sales',
        members: [U.megan, U.isaiah],
      },
      {
        id: G.allIosDevices,
        displayName: 'All iOS Devices',
        description: 'Every iPhone and iPad (dynamic device group)',
        groupTypes: ['DynamicMembership'],
        membershipRule: '(device.deviceOSType -eq "iOS")',
        securityEnabled: true,
        mailEnabled: false,
        mailNickname: 'alliosdevices',
        members: [D.meganIphone, D.isaiahIpad, D.kiosk1, D.kiosk2],
      },
      {
        id: G.kioskIpads,
        displayName: 'Kiosk iPads',
        description: 'Shared lobby iPads (assigned device group)',
        groupTypes: [],
        securityEnabled: true,
        mailEnabled: false,
        mailNickname: 'kioskipads',
        members: [D.kiosk1, D.kiosk2],
      },
      {
        id: G.intuneAdmins,
        displayName: 'Intune Admins',
        description: 'People who manage enrollment in Intune',
        groupTypes: [],
        securityEnabled: true,
        mailEnabled: false,
        mailNickname: 'intuneadmins',
        members: [U.adele],
      },
      {
        id: G.itHelpdesk,
        displayName: 'IT Helpdesk',
        description: 'The IT Helpdesk team in Teams',
        groupTypes: ['Unified'],
        securityEnabled: false,
        mailEnabled: true,
        mailNickname: 'ithelpdesk',
        members: [U.adele, U.megan, U.alex, U.lynne, U.isaiah, U.patti],
      },
    ],
    devices: [
      {
        id: D.meganIphone,
        displayName: "Megan's iPhone",
        operatingSystem: 'iOS',
        operatingSystemVersion: '18.1',
      },
      {
        id: D.isaiahIpad,
        displayName: "Isaiah's iPad",
        operatingSystem: 'iOS',
        operatingSystemVersion: '17.6',
      },
      {
        id: D.kiosk1,
        displayName: 'Lobby Kiosk iPad 1',
        operatingSystem: 'iOS',
        operatingSystemVersion: '17.5',
      },
      {
        id: D.kiosk2,
        displayName: 'Lobby Kiosk iPad 2',
        operatingSystem: 'iOS',
        operatingSystemVersion: '17.5',
      },
    ],
    directoryRoles: [
      {
        id: SEED_IDS.roles.intuneAdministrator,
        displayName: 'Intune Administrator',
        roleTemplateId: ADMIN_ROLE_TEMPLATE_IDS.intuneAdministrator,
        members: [U.adele],
      },
      {
        id: SEED_IDS.roles.globalAdministrator,
        displayName: 'Global Administrator',
        roleTemplateId: ADMIN_ROLE_TEMPLATE_IDS.globalAdministrator,
        members: [],
      },
      {
        id: SEED_IDS.roles.helpdeskAdministrator,
        displayName: 'Helpdesk Administrator',
        roleTemplateId: HELPDESK_ADMINISTRATOR_TEMPLATE_ID,
        members: [U.alex, U.lynne],
      },
    ],
    profiles: [
      {
        id: P.accountDriven,
        displayName: 'iOS BYOD – Account driven UE',
        description: 'Personal iPhones and iPads: sign in from Settings, work data kept separate',
        platform: 'iOS',
        priority: 0,
        defaultEnrollmentType: 'accountDrivenUserEnrollment',
        availableEnrollmentTypeOptions: [],
        createdDateTime: SEEDED_AT,
        lastModifiedDateTime: SEEDED_AT,
        assignments: [
          {
            id: 'a5a5a5a5-0000-4000-8000-000000000501',
            target: {
              '@odata.type': '#microsoft.graph.groupAssignmentTarget',
              groupId: G.iosByodPilot,
            },
          },
        ],
      },
      {
        id: P.userChoice,
        displayName: 'iOS – User choice',
        description: 'Employees choose: personal device (user enrollment) or company device',
        platform: 'iOS',
        priority: 1,
        defaultEnrollmentType: 'unknown',
        availableEnrollmentTypeOptions: [
          { ownerType: 'company', enrollmentType: 'device' },
          { ownerType: 'personal', enrollmentType: 'device' },
          { ownerType: 'personal', enrollmentType: 'accountDrivenUserEnrollment' },
        ],
        createdDateTime: SEEDED_AT,
        lastModifiedDateTime: SEEDED_AT,
        assignments: [
          {
            id: 'a5a5a5a5-0000-4000-8000-000000000502',
            target: {
              '@odata.type': '#microsoft.graph.groupAssignmentTarget',
              groupId: G.allStaffIos,
            },
          },
          {
            id: 'a5a5a5a5-0000-4000-8000-000000000503',
            target: {
              '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget',
              groupId: G.finance,
            },
          },
        ],
      },
      {
        id: P.legacyCompanyPortal,
        displayName: 'Legacy – Company Portal UE',
        description:
          'Profile-based user enrollment through Company Portal (no longer supported for new devices)',
        platform: 'iOS',
        priority: 2,
        defaultEnrollmentType: 'user',
        availableEnrollmentTypeOptions: [],
        createdDateTime: SEEDED_AT,
        lastModifiedDateTime: SEEDED_AT,
        assignments: [
          {
            id: 'a5a5a5a5-0000-4000-8000-000000000504',
            target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' },
          },
        ],
      },
    ],
  };
}
