/**
 * Diagnoses an enrollment failure from what is known about it (the message on screen, an Intune
 * error code or failure category, the OS version, the enrollment method, the step) with a table of
 * rules drawn from `enrollment-facts.md` (Known problems table) and the two source articles.
 *
 * Framework-free and synchronous: the same function serves the employee's report form, the
 * system webhook and the helpdesk card. Every rule names who fixes the problem, the steps in
 * plain words, and where the fact comes from; when nothing matches, the result says so honestly
 * (`ruleId: 'unknown'`) instead of guessing.
 */
import { createHash } from 'node:crypto';

import {
  compareVersions,
  type DeviceFamily,
  findDevice,
  type OsVersion,
  parseVersion,
} from '../knowledge/device-info';

/** Who can fix a diagnosed problem. */
export type FixedBy = 'employee' | 'helpdesk' | 'admin';

/** How sure a matching rule is: `high` for an exact message or code, `medium` for a weaker cue. */
export type Confidence = 'high' | 'medium';

/** Where a rule's fact comes from: a document of the project and a section in it. */
export interface DocSource {
  document: string;
  section: string;
}

/**
 * The enrollment steps an employee can pick on the report form, in the order they happen in an
 * account-driven enrollment from the Settings app (enrollment-facts.md, "Enrollment steps").
 */
export const ENROLLMENT_STEPS = [
  'sign-in',
  'icloud',
  'mfa',
  'allow-remote-management',
  'installing',
  'authenticator',
  'work-app',
  'company-portal',
  'other',
] as const;

/** One of {@link ENROLLMENT_STEPS}. */
export type EnrollmentStep = (typeof ENROLLMENT_STEPS)[number];

/** Labels for the report form's step picker, keyed by step. */
export const ENROLLMENT_STEP_LABELS: Readonly<Record<EnrollmentStep, string>> = {
  'sign-in': 'Signing in with my work account (Settings › VPN & Device Management)',
  icloud: 'Sign In to iCloud (the work Apple Account)',
  mfa: 'Verification code or sign-in approval (MFA)',
  'allow-remote-management': 'Allow Remote Management',
  installing: 'While the device was being configured (profile install)',
  authenticator: 'Installing Microsoft Authenticator',
  'work-app': 'Opening a work app after enrolling',
  'company-portal': 'In the Company Portal app',
  other: 'Somewhere else',
};

/** Graph `deviceEnrollmentFailureReason` values (graph-reference.md §3.1). */
export const FAILURE_CATEGORIES = [
  'unknown',
  'authentication',
  'authorization',
  'accountValidation',
  'userValidation',
  'deviceNotSupported',
  'inMaintenance',
  'badRequest',
  'featureNotSupported',
  'enrollmentRestrictionsEnforced',
  'clientDisconnected',
  'userAbandonment',
  'unknownFutureValue',
] as const;

/** One of {@link FAILURE_CATEGORIES}. */
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

/** The enrollment method, folded from Graph `enrollmentType` values and employees' wording. */
export type MethodKind = 'accountDriven' | 'companyPortalUser' | 'device' | 'webDevice' | 'unknown';

/** What is known about one failure. Every field is optional; more fields, better diagnosis. */
export interface DiagnosisInput {
  /** The message on screen or Intune's `failureReason`, in any case and punctuation. */
  errorText?: string;
  /** An Intune error code such as `DeviceCapReached` or `APNSCertificateNotValid`. */
  errorCode?: string;
  /** Graph `failureCategory` (see {@link FAILURE_CATEGORIES}); matched case-insensitively. */
  failureCategory?: string;
  /** "17.4.1", "iOS 16.3", "iPadOS 13.0", "16.3.1 (20D67)". */
  osVersion?: string;
  /** Model or family: "iPhone 13", "iPad Pro". Used to tell iPadOS minimums from iOS ones. */
  device?: string;
  /** Graph `enrollmentType` (`appleAccountDrivenUserEnrollment`, `user`, …) or plain words. */
  enrollmentMethod?: string;
  /** Who owns the device. */
  ownership?: 'personal' | 'company' | 'unknown';
  /** Where enrollment stopped (see {@link ENROLLMENT_STEPS}). */
  step?: string;
  /**
   * The domain of the reporter's sign-in name. Only used to scope the grouping key of causes that
   * are per domain (the service discovery file lives on each sign-in domain).
   */
  userDomain?: string;
  /**
   * The tenant's Apple MDM push certificate as Graph showed it (when Graph is available): an
   * expired or missing certificate breaks every Apple enrollment, so it is diagnosed whatever
   * the error text; a valid one tempers a push-certificate diagnosis made from the text alone.
   */
  pushCertificate?: PushCertificateFact;
}

/** What Graph said about the Apple MDM push certificate (`applePushNotificationCertificate`). */
export interface PushCertificateFact {
  status: 'valid' | 'expired' | 'missing';
  /** ISO 8601 expiry, when Graph gave one. */
  expiresAt?: string;
  /** When Graph was asked (ISO 8601). */
  checkedAt: string;
}

/** A diagnosis from a matching rule. */
export interface KnownDiagnosis {
  ruleId: string;
  /** A short name for cards and incident titles. */
  title: string;
  /** What went wrong, in plain words. */
  cause: string;
  fixedBy: FixedBy;
  /** What to do, in order, addressed to whoever fixes it. */
  steps: string[];
  confidence: Confidence;
  /** True when the employee can fix it without IT (the card then shows the steps to them). */
  employeeCanFix: boolean;
  sources: DocSource[];
  /** Stable grouping key: the same diagnosed cause gives the same key. See {@link causeKeyOf}. */
  causeKey: string;
  /** Which facts of the input made the rule match, for the helpdesk card ("error code", …). */
  matchedOn: string[];
  /** Other rules that also matched, weaker or later in the table, best first. */
  alsoPossible: string[];
}

/** The honest "no known cause matches" result. */
export interface UnknownDiagnosis {
  ruleId: 'unknown';
  title: string;
  cause: string;
  fixedBy: 'helpdesk';
  steps: string[];
  confidence: 'none';
  employeeCanFix: false;
  sources: DocSource[];
  causeKey: string;
  matchedOn: [];
  alsoPossible: [];
}

/** The result of {@link diagnose}. Branch on `ruleId === 'unknown'`. */
export type Diagnosis = KnownDiagnosis | UnknownDiagnosis;

/** A version range: `min` inclusive, `below` exclusive, optionally for one device family. */
interface OsRange {
  min?: string;
  below?: string;
  device?: DeviceFamily;
}

/**
 * One way a rule can match. Every field given must hold (AND); a rule matches when any of its
 * clauses does (OR). `os: 'unknown'` means the OS version was not given.
 */
interface Clause {
  confidence: Confidence;
  /** Any of these phrases appears in the normalised error text. */
  text?: readonly string[];
  /** All of these phrases appear in the normalised error text. */
  textAll?: readonly string[];
  /** The error code, or a word of the error text, equals one of these (case and punctuation free). */
  codes?: readonly string[];
  categories?: readonly FailureCategory[];
  os?: OsRange | readonly OsRange[] | 'unknown';
  methods?: readonly MethodKind[];
  steps?: readonly EnrollmentStep[];
  ownership?: 'personal' | 'company';
}

/** One row of the rule table. */
export interface DiagnosisRule {
  id: string;
  title: string;
  cause: string;
  fixedBy: FixedBy;
  employeeCanFix: boolean;
  steps: readonly string[];
  sources: readonly DocSource[];
  /** Rules that name the same underlying cause share a group, and so a {@link causeKeyOf}. */
  causeGroup?: string;
  /** The cause is per sign-in domain: group reports by domain as well. */
  perDomain?: boolean;
  clauses: readonly Clause[];
}

/**
 * The public documents behind the rules (titles as published; the same documents the knowledge
 * base cites, see src/knowledge/sources.yml). Facts as of December 2026.
 */
const ADUE = 'Set up account driven Apple User Enrollment (Microsoft Learn)';
const CPUE = 'Set up User Enrollment with Company Portal (Microsoft Learn)';
const TROUBLE =
  'Troubleshooting iOS/iPadOS device enrollment errors in Microsoft Intune (Microsoft Learn)';
const SUPPORTED = 'Supported operating systems and browsers in Intune (Microsoft Learn)';
const OPTIONS = 'Overview of Apple device enrollment in Microsoft Intune (Microsoft Learn)';
const GRAPH = 'deviceManagementTroubleshootingEvent resource (Microsoft Graph)';

const SRC = {
  known: { document: TROUBLE, section: 'Errors and their fixes' },
  methods: { document: OPTIONS, section: 'App or web based enrollment' },
  supported: { document: SUPPORTED, section: 'Apple' },
  prereq: { document: ADUE, section: 'Prerequisites' },
  employeeSteps: { document: ADUE, section: 'Step 3: Prepare employees for enrollment' },
  aduePrereq: { document: ADUE, section: 'Prerequisites' },
  adueProfile: { document: ADUE, section: 'Step 2: Create enrollment profile (Assignments)' },
  adueEmployees: { document: ADUE, section: 'Step 3: Prepare employees for enrollment' },
  adueFederation: { document: ADUE, section: 'Best practices › Enable federated authentication' },
  adueJit: {
    document: ADUE,
    section: 'Step 1: Set up just in time registration and assign Microsoft Authenticator',
  },
  webProfile: { document: OPTIONS, section: 'Known issues and limitations' },
  cpuePrereq: { document: CPUE, section: 'Prerequisites' },
  cpueKnow: { document: CPUE, section: 'You should know' },
  cpueProfile: { document: CPUE, section: 'Create enrollment profile' },
  cpuePriority: { document: CPUE, section: 'Profile priority' },
  graphEvents: { document: GRAPH, section: 'failureCategory' },
  graphAssign: { document: ADUE, section: 'Step 2: Create enrollment profile (Assignments)' },
} as const satisfies Record<string, DocSource>;

const ACCOUNT_DRIVEN: readonly MethodKind[] = ['accountDriven'];

/**
 * The rule table. Order matters only to break ties between rules of equal confidence: the OS
 * minimums come first because an unsupported OS blocks enrollment whatever else went wrong.
 */
export const DIAGNOSIS_RULES: readonly DiagnosisRule[] = [
  {
    id: 'os-below-minimum',
    title: 'iOS/iPadOS too old for user enrollment',
    cause:
      'The device runs a version older than any user enrollment supports (iOS 13, or iPadOS 13.1 on iPad). ' +
      'Intune supports iOS/iPadOS 17 and later.',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: [
      'Update the device in Settings › General › Software Update to the newest version it accepts; Intune supports iOS/iPadOS 17 and later.',
      'If the device cannot go past iOS 12 (or iPadOS 13.0), it cannot be enrolled: ask the helpdesk about web access or another device.',
      'After the update, start enrollment again from Settings › General › VPN & Device Management.',
    ],
    sources: [SRC.supported, SRC.cpuePrereq, SRC.aduePrereq],
    clauses: [
      { confidence: 'high', os: { below: '13' } },
      { confidence: 'high', os: { min: '13', below: '13.1', device: 'iPad' } },
      { confidence: 'medium', categories: ['deviceNotSupported'], os: 'unknown' },
    ],
  },
  {
    id: 'os-below-15-account-driven',
    title: 'iOS/iPadOS 14 or older cannot enroll as a personal device',
    cause:
      'Account-driven user enrollment needs iOS/iPadOS 15 or later, and Intune supports 17 and later. On 14.x or ' +
      'older Intune falls back to user enrollment with the Company Portal app, which no longer accepts new enrollments.',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: [
      'Update the device to the newest iOS/iPadOS it accepts in Settings › General › Software Update (Intune supports 17 and later).',
      'Then enroll from Settings › General › VPN & Device Management by signing in with the work account.',
      'Do not use the Company Portal app to enroll a personal device: that older route is closed for new enrollments.',
    ],
    sources: [SRC.methods, SRC.aduePrereq, SRC.supported],
    clauses: [
      { confidence: 'high', os: { min: '13', below: '15' }, methods: ACCOUNT_DRIVEN },
      {
        confidence: 'medium',
        os: { min: '13', below: '15' },
        methods: ['unknown'],
        ownership: 'personal',
      },
    ],
  },
  {
    id: 'os-unsupported',
    title: 'iOS/iPadOS 15 or 16: below the version Intune supports',
    cause:
      'Intune supports iOS/iPadOS 17 and later. On 15 and 16 account-driven enrollment may still start, but ' +
      'Microsoft no longer supports it and the organisation may block those versions with an enrollment restriction.',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: [
      'Update the device to the newest iOS/iPadOS it accepts in Settings › General › Software Update (17 or later).',
      'Then start enrollment again from Settings › General › VPN & Device Management.',
      'If the device cannot reach iOS 17, ask the helpdesk what the organisation allows.',
    ],
    sources: [SRC.supported, SRC.known],
    clauses: [{ confidence: 'medium', os: { min: '15', below: '17' } }],
  },
  {
    id: 'sso-app-installed',
    title: 'Enrollment SSO message: Authenticator already installed',
    cause:
      'The exact message "The Enrollment SSO application has been installed on the device" appears only where ' +
      'the organisation has Enrollment SSO turned on (Microsoft stopped documenting that setup in 2025): ' +
      'Microsoft Authenticator was already on the device when account-driven enrollment started. It is unusual.',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: [
      'Before removing anything: make sure there is another way to approve the work sign-in (a phone call or another device), because removing Authenticator removes the accounts in it. If unsure, ask the helpdesk first.',
      'Then delete the Microsoft Authenticator app and start enrollment again: Settings › General › VPN & Device Management › sign in with the work account.',
      'After enrolling, wait a few minutes: Intune installs Authenticator again by itself.',
    ],
    sources: [SRC.known],
    clauses: [
      {
        confidence: 'high',
        text: [
          'enrollment sso application',
          'enrollment sso app',
          'sso application has been installed',
          'sso app has been installed',
        ],
      },
      { confidence: 'medium', textAll: ['sign in failed', 'sso application'] },
    ],
  },
  {
    id: 'authenticator-not-installed',
    title: 'Work app needs Authenticator, not installed yet',
    cause:
      'Work apps sign in through Microsoft Authenticator, which Intune installs as a required app shortly ' +
      'after enrollment. Opening a work app before it has arrived shows an error about Authenticator.',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: [
      'Wait a few minutes after enrolling, with the device online, for Microsoft Authenticator to install.',
      'Approve any prompt asking to install work apps (tap Install).',
      'Open the work app again. If Authenticator has not appeared after about 30 minutes, contact the helpdesk.',
    ],
    sources: [SRC.adueEmployees, SRC.known, SRC.employeeSteps],
    clauses: [
      { confidence: 'high', text: ['authenticator'], steps: ['work-app', 'authenticator'] },
      {
        confidence: 'high',
        text: [
          'install authenticator',
          'install microsoft authenticator',
          'authenticator is required',
          'authenticator required',
          'requires authenticator',
          'requires microsoft authenticator',
          'authenticator is not installed',
          'authenticator isnt installed',
          'get authenticator',
          'get the authenticator',
        ],
      },
    ],
  },
  {
    id: 'push-certificate',
    title: 'Apple MDM push certificate missing or expired',
    cause:
      'The organisation’s Apple MDM push certificate is missing, has expired, or was renewed with a ' +
      'different Apple Account, so Intune cannot manage Apple devices.',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: [
      'In the Intune admin center open Devices › Enrollment › Apple › Apple MDM Push certificate and check its state and expiry.',
      'Renew it with the same Apple Account (formerly Apple ID) that created it (a different one breaks every enrolled Apple device).',
      'Ask affected employees to retry enrollment once the certificate shows as active.',
    ],
    sources: [SRC.known, SRC.prereq],
    clauses: [
      {
        confidence: 'high',
        text: [
          'this service is not supported',
          'push certificate',
          'apns certificate',
          'mdm push certificate',
        ],
      },
      {
        confidence: 'high',
        codes: ['NoEnrollmentPolicy', 'APNSCertificateNotValid', 'AccountNotOnboarded'],
      },
    ],
  },
  {
    id: 'no-licence',
    title: 'User has no Intune licence',
    cause: 'The user has no Intune licence assigned, so Intune does not accept their enrollment.',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: [
      'Assign the user a licence that includes Intune (Microsoft 365 admin center or Entra ID › Users › Licenses).',
      'Wait a few minutes for the licence to apply, then ask the user to enroll again.',
    ],
    sources: [SRC.known, SRC.graphEvents],
    clauses: [
      {
        confidence: 'high',
        text: [
          'user name not recognized',
          'username not recognized',
          'not licensed',
          'no license',
          'no intune license',
          'license is not assigned',
          'without a license',
        ],
      },
      { confidence: 'high', codes: ['UserLicenseTypeInvalid'] },
      { confidence: 'medium', categories: ['userValidation'] },
    ],
  },
  {
    id: 'device-cap-reached',
    title: 'Device enrollment limit reached',
    cause:
      'The user has reached the number of devices they may enroll (commonly 5 by default; an admin can allow up to 15), so another one is refused.',
    fixedBy: 'helpdesk',
    employeeCanFix: false,
    steps: [
      'Look up the user’s devices in the Intune admin center (Users › the user › Devices) and remove ones they no longer use.',
      'If they really need more devices, ask an Intune admin to raise the device limit restriction for them.',
      'Ask the user to enroll again.',
    ],
    sources: [SRC.known],
    clauses: [
      { confidence: 'high', codes: ['DeviceCapReached'] },
      {
        confidence: 'high',
        text: [
          'device limit',
          'device cap',
          'maximum number of devices',
          'too many devices',
          'enrolled the maximum number',
        ],
      },
    ],
  },
  {
    id: 'service-discovery',
    title: 'Service discovery file missing or wrong',
    cause:
      'When the user signs in with a work address in Settings, the device looks up ' +
      '/.well-known/com.apple.remotemanagement on that address’s domain to find Intune. The file is missing, ' +
      'not served as application/json (for the bare address and the one with user-identifier and model-family), has a .json ' +
      'extension, carries the wrong tenant id, sits behind a redirect that drops the path, or (iOS/iPadOS 27) the web ' +
      'server hosting it does not meet Apple’s TLS rules. Devices then say “Your Apple Account does not support the expected services”.',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: [
      'Publish the service discovery file at https://<sign-in domain>/.well-known/com.apple.remotemanagement (no file extension), served over HTTPS as application/json.',
      'Content: {"Servers":[{"Version":"mdm-byod","BaseURL":"https://manage.microsoft.com/EnrollmentServer/PostReportDeviceInfoForUEV2?aadTenantId=<tenant id>"}]} (manage.microsoft.us or .cn for those clouds).',
      'Check it with the bot’s "verify domain <domain>" command, then ask the user to sign in again.',
    ],
    sources: [SRC.known, SRC.prereq, SRC.aduePrereq],
    perDomain: true,
    clauses: [
      {
        confidence: 'high',
        text: [
          'does not support the expected services',
          'doesnt support the expected services',
          'support the expected services',
          'expected services',
          'com apple remotemanagement',
          'well known',
          'service discovery',
          'cant find the server',
          'cannot find the server',
          'could not find the server',
          'couldnt find the server',
          'unable to find the server',
          'server could not be found',
          'server cannot be found',
          'server cant be found',
          'no server found',
          'could not find server',
          'cannot find server',
          'cant find server',
        ],
      },
      { confidence: 'medium', text: ['server'], steps: ['sign-in'], methods: ACCOUNT_DRIVEN },
      {
        confidence: 'medium',
        text: ['after entering', 'after typing', 'right after i entered', 'after i entered'],
        steps: ['sign-in'],
      },
    ],
  },
  {
    id: 'managed-apple-id',
    title: 'Managed Apple Account missing or federation not set up',
    cause:
      'User enrollment signs in to iCloud with a Managed Apple Account (formerly Managed Apple ID). Either none was created for the user, or ' +
      'federated authentication between Apple Business (formerly Apple Business Manager) and Microsoft Entra ID is not set up (or ' +
      'does not cover their domain), so the work account is not recognised as an Apple account.',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: [
      'In Apple Business, check that the user has a Managed Apple Account, or that federated authentication with Microsoft Entra ID is on and covers the user’s domain.',
      'Give the user the Managed Apple Account to sign in with, or let them use their work account once federation works.',
      'Ask the user to enroll again.',
    ],
    sources: [SRC.prereq, SRC.adueFederation, SRC.cpueKnow],
    clauses: [
      {
        confidence: 'high',
        text: [
          'managed apple id',
          'managed apple account',
          'apple business',
          'federated authentication',
          'federation',
          'apple business manager',
        ],
      },
      {
        confidence: 'medium',
        text: ['apple id', 'apple account', 'icloud'],
        steps: ['icloud', 'sign-in'],
      },
      { confidence: 'medium', steps: ['icloud'] },
    ],
  },
  {
    id: 'profile-installation-failed',
    title: 'Profile installation failed',
    cause:
      'The management profile could not be installed. Usual reasons: no Intune licence, another MDM ' +
      'profile or an earlier copy of this profile already on the device, or Safari blocking cookies.',
    fixedBy: 'helpdesk',
    employeeCanFix: false,
    steps: [
      'Check that the user has an Intune licence.',
      'Ask the user to remove other management profiles and any earlier copy of this one (Settings › General › VPN & Device Management).',
      'Ask them to allow cookies in Safari (Settings › Safari › Block All Cookies off) and try again.',
    ],
    sources: [SRC.known],
    clauses: [{ confidence: 'high', text: ['profile installation failed'] }],
  },
  {
    id: 'invalid-profile',
    title: 'Enrollment restriction blocks the device (Invalid Profile)',
    cause:
      'An enrollment restriction blocks this device type or personally owned iOS/iPadOS devices, so the ' +
      'device is told the profile is invalid.',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: [
      'In the Intune admin center check Devices › Enrollment › Device platform restriction for iOS/iPadOS: personally owned devices and the OS range must be allowed for the user’s groups.',
      'Adjust the restriction (or its assignment), then ask the user to enroll again.',
    ],
    sources: [SRC.known],
    causeGroup: 'enrollment-restriction',
    clauses: [{ confidence: 'high', text: ['invalid profile'] }],
  },
  {
    id: 'enrollment-restriction',
    title: 'Blocked by an enrollment restriction',
    cause:
      'An enrollment restriction set by the organisation blocked this enrollment (platform, ownership, OS ' +
      'version or device limit).',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: [
      'In the Intune admin center review the enrollment restrictions assigned to the user (device platform restriction and device limit restriction).',
      'Allow personally owned iOS/iPadOS devices and the device’s OS version if they should enroll, then ask the user to retry.',
    ],
    sources: [SRC.graphEvents, SRC.known],
    causeGroup: 'enrollment-restriction',
    clauses: [
      { confidence: 'high', categories: ['enrollmentRestrictionsEnforced'] },
      {
        confidence: 'high',
        text: [
          'enrollment restriction',
          'restriction policy',
          'personally owned devices are not allowed',
          'personal devices are not allowed',
          'device type is not allowed',
          'platform is blocked',
        ],
      },
    ],
  },
  {
    id: 'mfa-sms',
    title: 'Text message MFA fails on this iOS version',
    cause:
      'A known Apple limitation on versions Intune no longer supports: during enrollment sign-in, multifactor ' +
      'authentication by text message fails on iOS 15.5, and on iOS 15.7 to 16.3 (a phone call works there).',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: [
      'Use another verification method when signing in, for example a phone call (set it up at https://aka.ms/mysecurityinfo from another device).',
      'Better: update the device to iOS 17 or later (the versions Intune supports) and try again.',
    ],
    sources: [SRC.known],
    clauses: [
      {
        confidence: 'high',
        text: ['sms', 'text message', 'texted code', 'code by text', 'verification code'],
        os: [
          { min: '15.5', below: '15.6' },
          { min: '15.7', below: '16.4' },
        ],
      },
      {
        confidence: 'high',
        steps: ['mfa'],
        text: ['code', 'text', 'verification', 'verify'],
        os: [
          { min: '15.5', below: '15.6' },
          { min: '15.7', below: '16.4' },
        ],
      },
      { confidence: 'medium', text: ['sms', 'text message', 'texted code'], os: 'unknown' },
    ],
  },
  {
    id: 'no-profile-assigned',
    title: 'No enrollment profile applies to the user',
    cause:
      'No iOS/iPadOS enrollment-type profile is assigned to a group the user is in, so Intune has nothing ' +
      'to enroll them with (or the user is not allowed to enroll).',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: [
      'Check which profile applies to the user (the bot’s "which profile applies to <user>" command, or the profile’s Assignments in the Intune admin center).',
      'Add the user to a user group assigned to the account-driven user enrollment profile (or assign it to all users).',
      'Ask the user to enroll again.',
    ],
    sources: [SRC.adueProfile, SRC.cpuePriority, SRC.graphEvents],
    clauses: [
      {
        confidence: 'high',
        text: [
          'no enrollment profile',
          'no profile assigned',
          'not assigned an enrollment profile',
          'no enrollment policy',
          'not in the group',
          'not in any group',
          'enrollment is not enabled',
          'not allowed to enroll',
        ],
      },
      { confidence: 'medium', categories: ['authorization', 'accountValidation'] },
    ],
  },
  {
    id: 'device-group-assigned',
    title: 'Profile assigned to a device group',
    cause:
      'The enrollment profile is assigned to a device group. User enrollment needs a user identity, so ' +
      'device groups are not supported and users in them get no profile.',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: [
      'Open the enrollment-type profile’s Assignments in the Intune admin center.',
      'Replace any device group (including dynamic groups with device rules) with the user group the employees are in.',
      'Ask affected users to enroll again.',
    ],
    sources: [SRC.adueProfile, SRC.cpueProfile, SRC.graphAssign],
    clauses: [
      {
        confidence: 'high',
        text: [
          'device group',
          'assigned to devices',
          'assigned to a device group',
          'dynamic device group',
          'enrollmentprofilename',
        ],
      },
    ],
  },
  {
    id: 'profile-based-ue-retired',
    title: 'Company Portal user enrollment is closed',
    cause:
      'The profile uses user enrollment with Company Portal, which no longer accepts new enrollments since ' +
      'September 2024 (devices already enrolled that way keep working).',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: [
      'Change the profile (or create one) to Account driven user enrollment, or Determine based on user choice.',
      'Tell users to enroll from Settings › General › VPN & Device Management on iOS/iPadOS 17 or later.',
    ],
    sources: [SRC.methods],
    clauses: [{ confidence: 'medium', methods: ['companyPortalUser'], os: { min: '15' } }],
  },
  {
    id: 'management-profile-not-verified',
    title: 'Management profile shows "Not Verified"',
    cause:
      'Under VPN & Device Management the management profile shows "Not Verified" when its yearly signing ' +
      'certificate has not been renewed on the device yet. Nothing is broken: the device keeps checking in.',
    fixedBy: 'helpdesk',
    employeeCanFix: true,
    steps: [
      'Nothing needs to change on the device: work apps and management keep working.',
      'If it worries the employee, sync the device from the Intune admin center (or Company Portal) and check again later.',
    ],
    sources: [SRC.known],
    clauses: [
      { confidence: 'high', textAll: ['not verified', 'management profile'] },
      { confidence: 'medium', textAll: ['not verified', 'profile'] },
    ],
  },
  {
    id: 'web-profile-expired',
    title: 'Downloaded enrollment profile expired before it was installed',
    cause:
      'A management profile downloaded for web based (or Company Portal) enrollment must be installed in Settings ' +
      'within a limited time, and web enrollment needs Safari. After that it expires or disappears.',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: [
      'Open Safari and download the profile again (for web enrollment: portal.manage.microsoft.com/enrollment/webenrollment/ios).',
      'Go straight to Settings › General › VPN & Device Management › Profile Downloaded and tap Install.',
    ],
    sources: [SRC.webProfile],
    clauses: [
      {
        confidence: 'high',
        text: [
          'profile expired',
          'profile has expired',
          'profile is expired',
          'profile download expired',
          'profile disappeared',
          'profile vanished',
          'profile is gone',
          'profile was removed before',
        ],
      },
    ],
  },
  {
    id: 'work-app-needs-update',
    title: 'Work app blocked until it is updated',
    cause:
      'Since 15 December 2025 apps built on old Intune App SDK versions are blocked from opening until they are ' +
      'updated, so a work app asks to be updated and will not start.',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: [
      'Open the App Store, find the app (or go to the account page › Updates) and tap Update.',
      'Open the app again. If no update is offered, tell the helpdesk which app it is.',
    ],
    sources: [{ document: 'What’s new in Microsoft Intune (Microsoft Learn)', section: 'Notices' }],
    clauses: [
      {
        confidence: 'high',
        text: [
          'app needs to be updated',
          'needs to be updated',
          'update the app',
          'update this app',
          'must be updated',
          'requires an update',
          'update required',
          'newer version of this app',
          'app is out of date',
          'app is no longer supported',
        ],
      },
    ],
  },
  {
    id: 'user-abandoned',
    title: 'Enrollment not finished (abandoned or disconnected)',
    cause:
      'Enrollment started but was not completed in time: the user cancelled or left it, or the device lost ' +
      'its connection part-way.',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: [
      'Stay on a stable Wi-Fi connection and keep the device unlocked during enrollment.',
      'Start again from Settings › General › VPN & Device Management and go through every step, including Allow Remote Management.',
      'Contact the helpdesk if it stops at the same step again.',
    ],
    sources: [SRC.graphEvents, SRC.employeeSteps],
    clauses: [
      { confidence: 'high', categories: ['userAbandonment', 'clientDisconnected'] },
      {
        confidence: 'medium',
        text: [
          'timed out',
          'time out',
          'timeout',
          'connection lost',
          'lost connection',
          'cancelled',
        ],
      },
    ],
  },
];

const RULES_BY_ID = new Map(DIAGNOSIS_RULES.map((r) => [r.id, r]));

/**
 * Text normalisation for matching: NFKC, lower case, smart quotes folded and apostrophes dropped
 * ("can’t" → "cant"), British spellings folded (licence, recognised, enrolment), dashes and any
 * other punctuation to spaces (dots kept only inside version numbers), spaces collapsed.
 */
export function normaliseErrorText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032`\u00b4']/g, '')
    .replace(/\benrolment/g, 'enrollment')
    .replace(/\benrol(l?)(ed|ing|s)?\b/g, 'enroll$2')
    .replace(/\blicen[cs]e/g, 'license')
    .replace(/\brecognis/g, 'recogniz')
    .replace(/\bsign-?in\b|\blog-?in\b|\blog in\b/g, 'sign in')
    .replace(/\bsignin\b/g, 'sign in')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(/[^a-z0-9.]+/g, ' ')
    .trim();
}

/** Error codes compare without case or punctuation: "Device_Cap_Reached" = "devicecapreached". */
export function normaliseCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Reads an OS version from loose text: "17.4.1", "iOS 16.3", "iPadOS 13.0", "16.3.1 (20D67)".
 * Returns undefined when no plausible iOS/iPadOS version is found.
 */
export function parseOsVersion(text: string | undefined): OsVersion | undefined {
  if (!text) return undefined;
  const direct = parseVersion(text);
  if (direct) return direct;
  const match = /(?:^|[^\d.])(\d{1,2}(?:\.\d{1,2}){0,2})(?![\d])/.exec(text);
  return match?.[1] ? parseVersion(match[1]) : undefined;
}

/** Folds Graph `enrollmentType` values and plain wording into a {@link MethodKind}. */
export function normaliseMethod(method: string | undefined): MethodKind {
  if (!method) return 'unknown';
  const m = method.toLowerCase().replace(/[^a-z]/g, '');
  if (m.includes('accountdriven') || m.includes('settingsapp')) return 'accountDriven';
  if (m.startsWith('webdevice') || m.includes('webbased')) return 'webDevice';
  if (
    m === 'user' ||
    m === 'appleuserenrollment' ||
    m.includes('userenrollmentwithcompanyportal') ||
    m.includes('companyportaluserenrollment') ||
    m === 'profilebaseduserenrollment'
  ) {
    return 'companyPortalUser';
  }
  if (
    m === 'device' ||
    m === 'deviceenrollment' ||
    m.includes('deviceenrollmentwithcompanyportal') ||
    m === 'deviceenrollmentmanager' ||
    m.startsWith('applebulk')
  ) {
    return 'device';
  }
  return 'unknown';
}

/** Reads the step, accepting ids from {@link ENROLLMENT_STEPS} in any case or spacing. */
function normaliseStep(step: string | undefined): EnrollmentStep | undefined {
  if (!step) return undefined;
  const s = step
    .toLowerCase()
    .trim()
    .replace(/[\s_]+/g, '-');
  return (ENROLLMENT_STEPS as readonly string[]).includes(s) ? (s as EnrollmentStep) : undefined;
}

/** Everything a clause looks at, computed once per input. */
interface MatchContext {
  text: string;
  words: Set<string>;
  code: string | undefined;
  category: string | undefined;
  os: OsVersion | undefined;
  device: DeviceFamily | undefined;
  method: MethodKind;
  step: EnrollmentStep | undefined;
  ownership: 'personal' | 'company' | undefined;
}

function contextOf(input: DiagnosisInput): MatchContext {
  const text = input.errorText ? normaliseErrorText(input.errorText) : '';
  const codeWords = (input.errorText ?? '').split(/[^A-Za-z0-9_-]+/).map(normaliseCode);
  const code = input.errorCode ? normaliseCode(input.errorCode) : undefined;
  const deviceText = `${input.device ?? ''} ${input.osVersion ?? ''}`;
  return {
    text,
    words: new Set(codeWords.filter((w) => w.length > 0)),
    code: code || undefined,
    category: input.failureCategory?.trim().toLowerCase() || undefined,
    os: parseOsVersion(input.osVersion),
    device: findDevice(deviceText) ?? (/ipados/i.test(deviceText) ? 'iPad' : undefined),
    method: normaliseMethod(input.enrollmentMethod),
    step: normaliseStep(input.step),
    ownership: input.ownership === 'unknown' ? undefined : input.ownership,
  };
}

const PHRASE_CACHE = new Map<string, string>();

function hasPhrase(text: string, phrase: string): boolean {
  let p = PHRASE_CACHE.get(phrase);
  if (p === undefined) {
    p = ` ${normaliseErrorText(phrase)} `;
    PHRASE_CACHE.set(phrase, p);
  }
  return ` ${text} `.includes(p);
}

function inRange(os: OsVersion, device: DeviceFamily | undefined, range: OsRange): boolean {
  if (range.device && range.device !== device) return false;
  const min = range.min ? parseVersion(range.min) : undefined;
  const below = range.below ? parseVersion(range.below) : undefined;
  if (min && compareVersions(os, min) < 0) return false;
  if (below && compareVersions(os, below) >= 0) return false;
  return true;
}

/** Returns the facts a clause matched on, or undefined when it does not match. */
function matchClause(clause: Clause, ctx: MatchContext): string[] | undefined {
  const on: string[] = [];
  if (clause.text) {
    if (!clause.text.some((p) => hasPhrase(ctx.text, p))) return undefined;
    on.push('error text');
  }
  if (clause.textAll) {
    if (!clause.textAll.every((p) => hasPhrase(ctx.text, p))) return undefined;
    on.push('error text');
  }
  if (clause.codes) {
    const codes = clause.codes.map(normaliseCode);
    if (ctx.code !== undefined && codes.includes(ctx.code)) on.push('error code');
    else if (codes.some((c) => ctx.words.has(c))) on.push('error code in text');
    else return undefined;
  }
  if (clause.categories) {
    const cats = clause.categories.map((c) => c.toLowerCase());
    if (ctx.category === undefined || !cats.includes(ctx.category)) return undefined;
    on.push('failure category');
  }
  if (clause.os !== undefined) {
    if (clause.os === 'unknown') {
      if (ctx.os !== undefined) return undefined;
    } else {
      const os = ctx.os;
      const ranges: readonly OsRange[] = Array.isArray(clause.os)
        ? (clause.os as readonly OsRange[])
        : [clause.os as OsRange];
      if (os === undefined || !ranges.some((r) => inRange(os, ctx.device, r))) return undefined;
      on.push('OS version');
    }
  }
  if (clause.methods) {
    if (!clause.methods.includes(ctx.method)) return undefined;
    if (ctx.method !== 'unknown') on.push('enrollment method');
  }
  if (clause.steps) {
    if (ctx.step === undefined || !clause.steps.includes(ctx.step)) return undefined;
    on.push('step');
  }
  if (clause.ownership) {
    if (ctx.ownership !== clause.ownership) return undefined;
    on.push('ownership');
  }
  return on;
}

interface RuleMatch {
  rule: DiagnosisRule;
  confidence: Confidence;
  matchedOn: string[];
  order: number;
}

/**
 * Diagnoses one failure. The best match wins: high confidence before medium, then the earlier
 * rule in {@link DIAGNOSIS_RULES}; the other matches are listed in `alsoPossible`. When no rule
 * matches, returns the honest unknown diagnosis, whose grouping key still separates different
 * unknown errors (by error code, else by the error text).
 */
export function diagnose(input: DiagnosisInput): Diagnosis {
  const ctx = contextOf(input);
  const matches: RuleMatch[] = [];
  DIAGNOSIS_RULES.forEach((rule, order) => {
    let best: RuleMatch | undefined;
    for (const clause of rule.clauses) {
      const on = matchClause(clause, ctx);
      if (on === undefined) continue;
      if (!best || (best.confidence === 'medium' && clause.confidence === 'high')) {
        best = { rule, confidence: clause.confidence, matchedOn: on, order };
      }
    }
    if (best) matches.push(best);
  });
  const extraSteps = applyPushCertificateFact(matches, input.pushCertificate);
  matches.sort(
    (a, b) => confidenceRank(b.confidence) - confidenceRank(a.confidence) || a.order - b.order,
  );
  const [top, ...rest] = matches;
  if (!top) return unknownDiagnosis(input, ctx);
  const { rule } = top;
  return {
    ruleId: rule.id,
    title: rule.title,
    cause: rule.cause,
    fixedBy: rule.fixedBy,
    steps: [...(rule.id === PUSH_RULE_ID ? extraSteps : []), ...rule.steps],
    confidence: top.confidence,
    employeeCanFix: rule.employeeCanFix,
    sources: rule.sources.map((s) => ({ ...s })),
    causeKey: causeKeyOf(rule.id, input.userDomain),
    matchedOn: [...new Set(top.matchedOn)],
    alsoPossible: rest.map((m) => m.rule.id),
  };
}

const PUSH_RULE_ID = 'push-certificate';

function day(iso: string | undefined): string {
  return iso && !Number.isNaN(Date.parse(iso)) ? iso.slice(0, 10) : 'an unknown date';
}

/**
 * Folds what Graph says about the push certificate into the matches (in place). Expired or
 * missing: the push-certificate rule matches with high confidence, whatever the text said. Valid:
 * a push-certificate match made from the text drops to medium (another high match then wins) and
 * gets a first step saying what Graph shows. Returns those extra steps.
 */
function applyPushCertificateFact(
  matches: RuleMatch[],
  fact: PushCertificateFact | undefined,
): string[] {
  if (!fact) return [];
  const index = matches.findIndex((m) => m.rule.id === PUSH_RULE_ID);
  if (fact.status === 'valid') {
    const match = matches[index];
    if (!match) return [];
    match.confidence = 'medium';
    match.matchedOn = [...match.matchedOn, 'certificate valid in Intune (Graph)'];
    return [
      `Intune shows the push certificate as valid until ${day(fact.expiresAt)} (checked ${day(fact.checkedAt)}). If it was renewed after this failure, the employee only needs to try again; otherwise check it was renewed with the same Apple Account.`,
    ];
  }
  const rule = RULES_BY_ID.get(PUSH_RULE_ID);
  if (!rule) return [];
  const seen =
    fact.status === 'expired'
      ? `certificate expired in Intune on ${day(fact.expiresAt)} (Graph)`
      : 'no push certificate in Intune (Graph)';
  const order = DIAGNOSIS_RULES.indexOf(rule);
  const existing = matches[index];
  if (existing) {
    existing.confidence = 'high';
    existing.matchedOn = [seen, ...existing.matchedOn];
  } else {
    matches.push({ rule, confidence: 'high', matchedOn: [seen], order });
  }
  // It breaks every Apple enrollment, so it comes first, before rules earlier in the table.
  for (const m of matches) if (m.rule.id === PUSH_RULE_ID) m.order = -1;
  return [
    fact.status === 'expired'
      ? `Graph shows the push certificate expired on ${day(fact.expiresAt)} (checked ${day(fact.checkedAt)}): until it is renewed, no Apple device can enroll.`
      : `Graph shows no Apple MDM push certificate in Intune (checked ${day(fact.checkedAt)}): no Apple device can enroll until one is set up.`,
  ];
}

function confidenceRank(c: Confidence): number {
  return c === 'high' ? 2 : 1;
}

/**
 * The grouping key of a diagnosed cause: `cause:<group>` where rules naming the same underlying
 * cause share a group (an "Invalid Profile" message and the enrollmentRestrictionsEnforced
 * category both give `cause:enrollment-restriction`). Causes that live per sign-in domain (the
 * service discovery file) add `@<domain>` when the domain is known. Stable across releases as
 * long as rule ids are: never rename a rule id, add a new one instead.
 */
export function causeKeyOf(ruleId: string, userDomain?: string): string {
  const rule = RULES_BY_ID.get(ruleId);
  if (!rule) return `cause:${ruleId}`;
  const base = `cause:${rule.causeGroup ?? rule.id}`;
  const domain = userDomain?.trim().toLowerCase();
  return rule.perDomain && domain ? `${base}@${domain}` : base;
}

function unknownDiagnosis(input: DiagnosisInput, ctx: MatchContext): UnknownDiagnosis {
  let key = 'unknown:none';
  if (ctx.code) {
    key = `unknown:code:${ctx.code}`;
  } else if (ctx.text) {
    const digest = createHash('sha256').update(ctx.text.slice(0, 200)).digest('hex').slice(0, 12);
    key = `unknown:text:${digest}`;
  } else if (ctx.category) {
    key = `unknown:category:${ctx.category}`;
  }
  const said = input.errorText || input.errorCode ? 'these details' : 'a report without an error';
  return {
    ruleId: 'unknown',
    title: 'No known cause matches',
    cause:
      `No known enrollment problem matches ${said}. This needs a person to look at it; ` +
      'the bot is not guessing.',
    fixedBy: 'helpdesk',
    steps: [
      'Ask the employee for the exact message on screen (a screenshot helps) and the step where it stopped.',
      'Check Devices › Monitor › Enrollment failures in the Intune admin center for this user: it shows the reason Intune recorded and a suggested remediation.',
      'Compare with the known problems (licence, push certificate, service discovery file, enrollment restrictions, the OS version).',
    ],
    confidence: 'none',
    employeeCanFix: false,
    sources: [SRC.known, SRC.graphEvents],
    causeKey: key,
    matchedOn: [],
    alsoPossible: [],
  };
}

/** The rule with this id, for cards that show a rule's full text. */
export function getDiagnosisRule(ruleId: string): DiagnosisRule | undefined {
  return RULES_BY_ID.get(ruleId);
}
