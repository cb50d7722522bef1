/**
 * Diagnosis rules about the tenant and its services: the Apple MDM push certificate, the Intune
 * licence, the device limit, the service discovery file and the Managed Apple Account.
 */
import { ACCOUNT_DRIVEN, SRC } from './sources';
import type { DiagnosisRule } from './vocabulary';

/** The tenant and service rules, second in `DIAGNOSIS_RULES` (rules.ts); order breaks ties. */
export const TENANT_RULES: readonly DiagnosisRule[] = [
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
];
