/**
 * Diagnosis rules about the device itself: an OS version below what user enrollment or Intune
 * supports, and the Microsoft Authenticator app (the SSO message, a work app that needs it).
 */
import { ACCOUNT_DRIVEN, SRC } from './sources';
import type { DiagnosisRule } from './vocabulary';

/**
 * The device and OS rules, first in `DIAGNOSIS_RULES` (rules.ts): an unsupported OS blocks
 * enrollment whatever else went wrong, so these win ties.
 */
export const DEVICE_RULES: readonly DiagnosisRule[] = [
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
];
