/**
 * Diagnosis rules about the enrollment profile and the steps around it: profile install,
 * enrollment restrictions, profile assignment, text message MFA, work apps after enrolling and
 * enrollments left unfinished.
 */
import { SRC } from './sources';
import type { DiagnosisRule } from './vocabulary';

/** The profile and flow rules, last in `DIAGNOSIS_RULES` (rules.ts); order breaks ties. */
export const PROFILE_RULES: readonly DiagnosisRule[] = [
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
