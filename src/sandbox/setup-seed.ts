/**
 * Seed data of the LOCAL INTUNE SANDBOX for the prerequisite check (graph-reference §2): the
 * organization's MDM authority, the Apple MDM push certificate, iOS apps with assignments, device
 * configuration profiles (one of them the JIT registration SSO extension) and the tenant's
 * domains. The default tenant is mostly healthy but realistic: Microsoft Authenticator is
 * required only for the pilot group while a profile also targets All Staff, and a legacy Company
 * Portal profile is still assigned (see seed.ts).
 */
import { SEED_IDS } from './seed';

/** The `organization` fields the sandbox serves. */
export interface SandboxOrganization {
  id: string;
  displayName: string;
  /** `intune`, `sccm`, `office365`, `unknown`, or null when not set. */
  mobileDeviceManagementAuthority: string | null;
}

/** The Apple MDM push certificate singleton. */
export interface SandboxApplePushCertificate {
  id: string;
  appleIdentifier: string;
  topicIdentifier: string;
  expirationDateTime: string;
  lastModifiedDateTime: string;
  certificateSerialNumber: string;
  certificateUploadStatus: string | null;
}

/** An assignment target of an app or a configuration, as Graph serializes it. */
export type SandboxSetupTarget =
  | { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' }
  | { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' }
  | {
      '@odata.type':
        | '#microsoft.graph.groupAssignmentTarget'
        | '#microsoft.graph.exclusionGroupAssignmentTarget';
      groupId: string;
    };

/** A `mobileAppAssignment`. */
export interface SandboxAppAssignment {
  id: string;
  /** `available`, `required`, `uninstall` or `availableWithoutEnrollment`. */
  intent: string;
  target: SandboxSetupTarget;
}

/** A mobile app of any platform (only iOS ones matter to the check). */
export interface SandboxMobileApp {
  id: string;
  /** e.g. `#microsoft.graph.iosStoreApp`, `#microsoft.graph.iosVppApp`. */
  odataType: string;
  displayName: string;
  publisher: string;
  /** iOS apps only. */
  bundleId?: string;
  createdDateTime: string;
  /** Type-specific properties served as they are (appStoreUrl, licence counts, …). */
  extra: Record<string, unknown>;
  assignments: SandboxAppAssignment[];
}

/** A `deviceConfigurationAssignment`. */
export interface SandboxConfigAssignment {
  id: string;
  target: SandboxSetupTarget;
}

/** A device configuration profile of any platform. */
export interface SandboxDeviceConfiguration {
  id: string;
  /** e.g. `#microsoft.graph.iosDeviceFeaturesConfiguration`. */
  odataType: string;
  displayName: string;
  description: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  /** Type-specific properties served as they are (e.g. `iosSingleSignOnExtension`). */
  settings: Record<string, unknown>;
  assignments: SandboxConfigAssignment[];
}

/** A domain of the tenant. */
export interface SandboxDomain {
  id: string;
  isVerified: boolean;
  isDefault: boolean;
  isInitial: boolean;
}

/** Everything the prerequisite check reads. */
export interface SandboxSetupSeed {
  organization: SandboxOrganization;
  /** Null: no certificate (Graph answers 404). */
  applePushCertificate: SandboxApplePushCertificate | null;
  mobileApps: SandboxMobileApp[];
  deviceConfigurations: SandboxDeviceConfiguration[];
  domains: SandboxDomain[];
  /** `deviceEnrollmentConfigurations` served as they are (v1.0 wire shapes). */
  enrollmentConfigurations: Record<string, unknown>[];
}

/** Microsoft Authenticator's iOS bundle id (graph-reference §2.3). */
export const AUTHENTICATOR_BUNDLE_ID = 'com.microsoft.azureauthenticator';
/** The value JIT registration needs (graph-reference §2.4). */
export const DEVICE_REGISTRATION_VALUE = '{{DEVICEREGISTRATION}}';

/** Stable ids of the setup seed, for tests and demo scripts. */
export const SETUP_SEED_IDS = {
  organization: '5c2f0f7e-0000-4000-8000-000000000601',
  apns: 'applePushNotificationCertificate',
  apps: {
    authenticator: 'a1a1a1a1-0000-4000-8000-000000000701',
    companyPortal: 'a1a1a1a1-0000-4000-8000-000000000702',
    outlookVpp: 'a1a1a1a1-0000-4000-8000-000000000703',
    teamsVpp: 'a1a1a1a1-0000-4000-8000-000000000704',
    androidAuthenticator: 'a1a1a1a1-0000-4000-8000-000000000705',
  },
  authenticatorRequiredAssignment: 'a2a2a2a2-0000-4000-8000-000000000711',
  configurations: {
    jitSso: 'c0c0c0c0-0000-4000-8000-000000000801',
    homeScreen: 'c0c0c0c0-0000-4000-8000-000000000802',
    wifi: 'c0c0c0c0-0000-4000-8000-000000000803',
    windows: 'c0c0c0c0-0000-4000-8000-000000000804',
  },
} as const;

const G = SEED_IDS.groups;
const A = SETUP_SEED_IDS.apps;
const C = SETUP_SEED_IDS.configurations;
const SEEDED_AT = '2025-01-06T09:00:00Z';
const DAY_MS = 24 * 60 * 60 * 1000;

const group = (groupId: string): SandboxSetupTarget => ({
  '@odata.type': '#microsoft.graph.groupAssignmentTarget',
  groupId,
});
const allUsers: SandboxSetupTarget = {
  '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget',
};

/** How the seed JIT profile's SSO extension is set up (defaults: as Microsoft recommends). */
export interface JitSsoOptions {
  /** `device_registration`; default `{{DEVICEREGISTRATION}}`. */
  deviceRegistration?: string;
  /** `browser_sso_interaction_enabled`; null leaves the key out. Default 1. */
  browserSsoInteraction?: number | null;
  /** `bundleIdAccessControlList`. Default empty. */
  bundleIds?: string[];
  /** The `AppAllowList` additional configuration (comma-separated); left out by default. */
  appAllowList?: string;
}

/** The SSO app extension of the JIT registration profile. */
export function jitSsoExtension(options: JitSsoOptions = {}): Record<string, unknown> {
  const interaction =
    options.browserSsoInteraction === undefined ? 1 : options.browserSsoInteraction;
  return {
    '@odata.type': '#microsoft.graph.iosAzureAdSingleSignOnExtension',
    bundleIdAccessControlList: options.bundleIds ?? [],
    enableSharedDeviceMode: false,
    configurations: [
      {
        '@odata.type': '#microsoft.graph.keyStringValuePair',
        key: 'device_registration',
        value: options.deviceRegistration ?? DEVICE_REGISTRATION_VALUE,
      },
      ...(interaction === null
        ? []
        : [
            {
              '@odata.type': '#microsoft.graph.keyIntegerValuePair',
              key: 'browser_sso_interaction_enabled',
              value: interaction,
            },
          ]),
      ...(options.appAllowList === undefined
        ? []
        : [
            {
              '@odata.type': '#microsoft.graph.keyStringValuePair',
              key: 'AppAllowList',
              value: options.appAllowList,
            },
          ]),
    ],
  };
}

/** The default JIT registration profile (assigned to All Staff - iOS). */
export function jitConfiguration(options: JitSsoOptions = {}): SandboxDeviceConfiguration {
  return {
    id: C.jitSso,
    odataType: '#microsoft.graph.iosDeviceFeaturesConfiguration',
    displayName: 'iOS – Enterprise SSO (JIT registration)',
    description: 'Microsoft Entra ID SSO app extension with just-in-time registration',
    createdDateTime: SEEDED_AT,
    lastModifiedDateTime: SEEDED_AT,
    settings: {
      iosSingleSignOnExtension: jitSsoExtension(options),
      singleSignOnExtension: null,
      homeScreenDockIcons: [],
      homeScreenPages: [],
    },
    assignments: [{ id: 'c1c1c1c1-0000-4000-8000-000000000811', target: group(G.allStaffIos) }],
  };
}

/** The id of the seed's default platform restriction. */
export const DEFAULT_RESTRICTION_ID =
  'b0b0b0b0-0000-4000-8000-000000000901_DefaultPlatformRestrictions';

/**
 * The default device platform restriction (priority 0, all users) with its iOS/iPadOS minimum
 * version (`null`: no minimum), as v1.0 serves it.
 */
export function defaultPlatformRestriction(iosMinimum: string | null): Record<string, unknown> {
  const open = {
    '@odata.type': '#microsoft.graph.deviceEnrollmentPlatformRestriction',
    platformBlocked: false,
    personalDeviceEnrollmentBlocked: false,
    osMinimumVersion: null,
    osMaximumVersion: null,
  };
  return {
    '@odata.type': '#microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration',
    id: DEFAULT_RESTRICTION_ID,
    displayName: 'All users and all devices',
    description:
      'This is the default Device Type Restriction applied with the lowest priority to all users regardless of group membership.',
    priority: 0,
    createdDateTime: SEEDED_AT,
    lastModifiedDateTime: SEEDED_AT,
    version: 1,
    iosRestriction: { ...open, osMinimumVersion: iosMinimum },
    windowsRestriction: open,
    windowsMobileRestriction: { ...open, platformBlocked: true },
    androidRestriction: open,
    macOSRestriction: open,
  };
}

/** The default Authenticator assignment: Required for the iOS BYOD Pilot group. */
export function authenticatorRequiredAssignment(): SandboxAppAssignment {
  return {
    id: SETUP_SEED_IDS.authenticatorRequiredAssignment,
    intent: 'required',
    target: group(G.iosByodPilot),
  };
}

/**
 * A fresh copy of the default setup seed. The certificate expires 200 days after `now`, so the
 * demo stays healthy whatever the date.
 */
export function defaultSetupSeed(now: Date = new Date()): SandboxSetupSeed {
  const storeApp = (
    id: string,
    displayName: string,
    bundleId: string,
    storeId: string,
    assignments: SandboxAppAssignment[],
  ): SandboxMobileApp => ({
    id,
    odataType: '#microsoft.graph.iosStoreApp',
    displayName,
    publisher: 'Microsoft Corporation',
    bundleId,
    createdDateTime: SEEDED_AT,
    extra: {
      appStoreUrl: `https://apps.apple.com/us/app/id${storeId}`,
      applicableDeviceType: { iPad: true, iPhoneAndIPod: true },
      publishingState: 'published',
      isAssigned: assignments.length > 0,
    },
    assignments,
  });
  const vppApp = (
    id: string,
    displayName: string,
    bundleId: string,
    assignments: SandboxAppAssignment[],
  ): SandboxMobileApp => ({
    id,
    odataType: '#microsoft.graph.iosVppApp',
    displayName,
    publisher: 'Microsoft Corporation',
    bundleId,
    createdDateTime: SEEDED_AT,
    extra: {
      vppTokenAppleId: 'vpp@contoso.example',
      licensingType: { supportsUserLicensing: true, supportsDeviceLicensing: true },
      totalLicenseCount: 500,
      usedLicenseCount: 42,
      isAssigned: assignments.length > 0,
    },
    assignments,
  });
  return {
    organization: {
      id: SETUP_SEED_IDS.organization,
      displayName: 'Contoso',
      mobileDeviceManagementAuthority: 'intune',
    },
    applePushCertificate: {
      id: SETUP_SEED_IDS.apns,
      appleIdentifier: 'intune-apns@contoso.example',
      topicIdentifier: 'com.apple.mgmt.External.0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      expirationDateTime: new Date(now.getTime() + 200 * DAY_MS).toISOString(),
      lastModifiedDateTime: new Date(now.getTime() - 165 * DAY_MS).toISOString(),
      certificateSerialNumber: '5E3A1C0D9B8F7A61',
      certificateUploadStatus: null,
    },
    mobileApps: [
      storeApp(A.authenticator, 'Microsoft Authenticator', AUTHENTICATOR_BUNDLE_ID, '983156458', [
        authenticatorRequiredAssignment(),
        {
          id: 'a2a2a2a2-0000-4000-8000-000000000712',
          intent: 'available',
          target: group(G.allStaffIos),
        },
      ]),
      storeApp(
        A.companyPortal,
        'Intune Company Portal',
        'com.microsoft.CompanyPortal',
        '719171358',
        [{ id: 'a2a2a2a2-0000-4000-8000-000000000721', intent: 'available', target: allUsers }],
      ),
      vppApp(A.outlookVpp, 'Microsoft Outlook', 'com.microsoft.Office.Outlook', [
        {
          id: 'a2a2a2a2-0000-4000-8000-000000000731',
          intent: 'required',
          target: group(G.allStaffIos),
        },
      ]),
      vppApp(A.teamsVpp, 'Microsoft Teams', 'com.microsoft.skype.teams', []),
      {
        id: A.androidAuthenticator,
        odataType: '#microsoft.graph.androidManagedStoreApp',
        displayName: 'Microsoft Authenticator (Android)',
        publisher: 'Microsoft Corporation',
        createdDateTime: SEEDED_AT,
        extra: { packageId: 'com.azure.authenticator', isAssigned: true },
        assignments: [
          { id: 'a2a2a2a2-0000-4000-8000-000000000751', intent: 'required', target: allUsers },
        ],
      },
    ],
    deviceConfigurations: [
      jitConfiguration(),
      {
        id: C.homeScreen,
        odataType: '#microsoft.graph.iosDeviceFeaturesConfiguration',
        displayName: 'iOS – Home screen and lock screen message',
        description: '',
        createdDateTime: SEEDED_AT,
        lastModifiedDateTime: SEEDED_AT,
        settings: {
          iosSingleSignOnExtension: null,
          singleSignOnExtension: null,
          lockScreenFootnote: 'If found, call Contoso IT',
          homeScreenDockIcons: [],
          homeScreenPages: [],
        },
        assignments: [
          { id: 'c1c1c1c1-0000-4000-8000-000000000821', target: group(G.iosByodPilot) },
        ],
      },
      {
        id: C.wifi,
        odataType: '#microsoft.graph.iosWiFiConfiguration',
        displayName: 'iOS – Office Wi-Fi',
        description: '',
        createdDateTime: SEEDED_AT,
        lastModifiedDateTime: SEEDED_AT,
        settings: { ssid: 'Contoso-Corp', wiFiSecurityType: 'wpa2Enterprise' },
        assignments: [{ id: 'c1c1c1c1-0000-4000-8000-000000000831', target: group(G.allStaffIos) }],
      },
      {
        id: C.windows,
        odataType: '#microsoft.graph.windows10GeneralConfiguration',
        displayName: 'Windows – Device restrictions',
        description: '',
        createdDateTime: SEEDED_AT,
        lastModifiedDateTime: SEEDED_AT,
        settings: { passwordRequired: true },
        assignments: [],
      },
    ],
    enrollmentConfigurations: [defaultPlatformRestriction('17.0')],
    domains: [
      { id: 'contoso.example', isVerified: true, isDefault: true, isInitial: false },
      { id: 'contoso.onmicrosoft.com', isVerified: true, isDefault: false, isInitial: true },
      { id: 'fabrikam.example', isVerified: false, isDefault: false, isInitial: false },
    ],
  };
}
