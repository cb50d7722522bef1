/**
 * Seed data of the LOCAL INTUNE SANDBOX for enrollment campaigns: the organization's Teams app
 * catalog (this bot's app) and Intune's managed devices. Megan has no managed device on purpose:
 * the end-to-end test enrolls her live ({@link GraphSandboxState.enrollDevice}).
 */
import { randomUUID } from 'node:crypto';

import { SEED_IDS, type SandboxUser } from './seed';

/** An app in the organization's Teams app catalog (`appCatalogs/teamsApps`). */
export interface SandboxTeamsApp {
  /** The catalog id Graph generates (what `teamsApp@odata.bind` points at). */
  id: string;
  /** The manifest `id` (TEAMS_APP_ID). */
  externalId: string;
  displayName: string;
  distributionMethod: 'organization' | 'store' | 'sideloaded';
}

/** An Intune managed device (`deviceManagement/managedDevices`), the properties the sandbox serves. */
export interface SandboxManagedDevice {
  id: string;
  /** The primary user's Entra id; `''` for a userless device, as Intune reports it. */
  userId: string;
  deviceName: string;
  /** `iOS`, `iPadOS`, `Android`, `Windows`, … */
  operatingSystem: string;
  osVersion: string;
  /** `managedDeviceOwnerType`: `personal`, `company` or `unknown`. */
  ownerType: string;
  /** Graph `deviceEnrollmentType`, e.g. `appleAccountDrivenUserEnrollment`. */
  deviceEnrollmentType: string;
  enrolledDateTime: string;
}

/** Campaign-related data the sandbox starts with. */
export interface SandboxTeamworkSeed {
  teamsAppCatalog: SandboxTeamsApp[];
  managedDevices: SandboxManagedDevice[];
}

/**
 * The bot's manifest id by default: TEAMS_APP_ID's default in src/config/env.ts (a test keeps
 * the two equal).
 */
export const SANDBOX_TEAMS_APP_EXTERNAL_ID = '5f0c7a52-3a4e-4b8e-9f6b-2d7c1e9a4b10';

/** Stable ids of the campaign seed. */
export const TEAMWORK_SEED_IDS = {
  /** The bot's app in the org catalog. */
  catalogApp: 'c0c0c0c0-0000-4000-8000-000000000701',
  managedDevices: {
    isaiahIpad: 'b0b0b0b0-0000-4000-8000-000000000601',
    adeleIphone: 'b0b0b0b0-0000-4000-8000-000000000602',
    kiosk1: 'b0b0b0b0-0000-4000-8000-000000000603',
    pattiAndroid: 'b0b0b0b0-0000-4000-8000-000000000604',
  },
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A fresh copy of the campaign seed, with enrollment dates relative to `now`:
 * - the org catalog holds this bot's app;
 * - Isaiah's iPad: personal, iPadOS, account driven user enrollment, 3 days ago;
 * - Adele's iPhone: corporate, iOS, Apple bulk (ADE) with user, 200 days ago;
 * - Lobby Kiosk iPad 1: corporate, userless, iPadOS, 120 days ago;
 * - Patti's phone: personal, Android (never an Apple device), 30 days ago.
 */
export function defaultTeamworkSeed(now: Date = new Date()): SandboxTeamworkSeed {
  const ago = (days: number): string => new Date(now.getTime() - days * DAY_MS).toISOString();
  const D = TEAMWORK_SEED_IDS.managedDevices;
  return {
    teamsAppCatalog: [
      {
        id: TEAMWORK_SEED_IDS.catalogApp,
        externalId: SANDBOX_TEAMS_APP_EXTERNAL_ID,
        displayName: 'Enrollment Assistant',
        distributionMethod: 'organization',
      },
    ],
    managedDevices: [
      {
        id: D.isaiahIpad,
        userId: SEED_IDS.users.isaiah,
        deviceName: "Isaiah's iPad",
        operatingSystem: 'iPadOS',
        osVersion: '17.6',
        ownerType: 'personal',
        deviceEnrollmentType: 'appleAccountDrivenUserEnrollment',
        enrolledDateTime: ago(3),
      },
      {
        id: D.adeleIphone,
        userId: SEED_IDS.users.adele,
        deviceName: "Adele's iPhone",
        operatingSystem: 'iOS',
        osVersion: '18.1',
        ownerType: 'company',
        deviceEnrollmentType: 'appleBulkWithUser',
        enrolledDateTime: ago(200),
      },
      {
        id: D.kiosk1,
        userId: '',
        deviceName: 'Lobby Kiosk iPad 1',
        operatingSystem: 'iPadOS',
        osVersion: '17.5',
        ownerType: 'company',
        deviceEnrollmentType: 'appleBulkWithoutUser',
        enrolledDateTime: ago(120),
      },
      {
        id: D.pattiAndroid,
        userId: SEED_IDS.users.patti,
        deviceName: "Patti's Pixel",
        operatingSystem: 'Android',
        osVersion: '14',
        ownerType: 'personal',
        deviceEnrollmentType: 'userEnrollment',
        enrolledDateTime: ago(30),
      },
    ],
  };
}

/** What {@link GraphSandboxState.enrollDevice} may set; the rest has defaults. */
export interface EnrollDeviceOptions {
  operatingSystem?: 'iOS' | 'iPadOS';
  ownerType?: 'personal' | 'company';
  /** Default `appleAccountDrivenUserEnrollment`. */
  deviceEnrollmentType?: string;
  /** Enrollment time; default now. */
  at?: Date;
  deviceName?: string;
}

/** A new managed device of `user`: by default personal iOS, account driven user enrollment, now. */
export function enrolledDevice(
  user: Pick<SandboxUser, 'id' | 'givenName'>,
  options: EnrollDeviceOptions = {},
): SandboxManagedDevice {
  const operatingSystem = options.operatingSystem ?? 'iOS';
  return {
    id: randomUUID(),
    userId: user.id,
    deviceName:
      options.deviceName ??
      `${user.givenName}'s ${operatingSystem === 'iPadOS' ? 'iPad' : 'iPhone'}`,
    operatingSystem,
    osVersion: '18.1',
    ownerType: options.ownerType ?? 'personal',
    deviceEnrollmentType: options.deviceEnrollmentType ?? 'appleAccountDrivenUserEnrollment',
    enrolledDateTime: (options.at ?? new Date()).toISOString(),
  };
}

/** Synthetic user number `n`: id `fa000000-0000-4000-8000-<n in 12 digits>`, UPN `<prefix><n>@contoso.example`. */
export function syntheticUser(n: number, prefix: string): SandboxUser {
  if (!Number.isSafeInteger(n) || n < 1 || n > 999_999_999_999) {
    throw new Error(`synthetic user number out of range: ${n}`);
  }
  const upn = `${prefix}${n}@contoso.example`;
  return {
    id: `fa000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    displayName: `${prefix} ${n}`,
    userPrincipalName: upn,
    mail: upn,
    givenName: prefix,
    surname: String(n),
  };
}
