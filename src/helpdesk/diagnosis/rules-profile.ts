/**
 * Diagnosis rules about the enrollment profile and the steps around it: profile install,
 * enrollment restrictions, profile assignment, text message MFA, work apps after enrolling and
 * enrollments left unfinished.
 */
import { SRC, ruleOf, type RuleSpec } from './sources';
import type { DiagnosisRule } from './vocabulary';

/**
 * The profile and flow rules, last in `DIAGNOSIS_RULES` (rules.ts); order breaks ties.
 * Their words are in the catalogue (`diagnosis.rules.<id>`); the phrases of `text` and `textAll`
 * are matched against what people paste, never shown, so they stay here.
 */
export const PROFILE_RULE_SPECS: readonly RuleSpec[] = [
  {
    id: 'profile-installation-failed',
    fixedBy: 'helpdesk',
    employeeCanFix: false,
    steps: 3,
    sources: [SRC.known],
    clauses: [{ confidence: 'high', text: ['profile installation failed'] }], // i18n-exempt: matched in what people paste
  },
  {
    id: 'invalid-profile',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: 2,
    sources: [SRC.known],
    causeGroup: 'enrollment-restriction',
    clauses: [{ confidence: 'high', text: ['invalid profile'] }], // i18n-exempt: matched in what people paste
  },
  {
    id: 'enrollment-restriction',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: 2,
    sources: [SRC.graphEvents, SRC.known],
    causeGroup: 'enrollment-restriction',
    clauses: [
      { confidence: 'high', categories: ['enrollmentRestrictionsEnforced'] },
      {
        confidence: 'high',
        text: [
          'enrollment restriction', // i18n-exempt: matched in what people paste
          'restriction policy', // i18n-exempt: matched in what people paste
          'personally owned devices are not allowed', // i18n-exempt: matched in what people paste
          'personal devices are not allowed', // i18n-exempt: matched in what people paste
          'device type is not allowed', // i18n-exempt: matched in what people paste
          'platform is blocked', // i18n-exempt: matched in what people paste
        ],
      },
    ],
  },
  {
    id: 'mfa-sms',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: 2,
    sources: [SRC.known],
    clauses: [
      {
        confidence: 'high',
        text: ['sms', 'text message', 'texted code', 'code by text', 'verification code'], // i18n-exempt: matched in what people paste
        os: [
          { min: '15.5', below: '15.6' },
          { min: '15.7', below: '16.4' },
        ],
      },
      {
        confidence: 'high',
        steps: ['mfa'],
        text: ['code', 'text', 'verification', 'verify'], // i18n-exempt: matched in what people paste
        os: [
          { min: '15.5', below: '15.6' },
          { min: '15.7', below: '16.4' },
        ],
      },
      { confidence: 'medium', text: ['sms', 'text message', 'texted code'], os: 'unknown' }, // i18n-exempt: matched in what people paste
    ],
  },
  {
    id: 'no-profile-assigned',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: 3,
    sources: [SRC.adueProfile, SRC.cpuePriority, SRC.graphEvents],
    clauses: [
      {
        confidence: 'high',
        text: [
          'no enrollment profile', // i18n-exempt: matched in what people paste
          'no profile assigned', // i18n-exempt: matched in what people paste
          'not assigned an enrollment profile', // i18n-exempt: matched in what people paste
          'no enrollment policy', // i18n-exempt: matched in what people paste
          'not in the group', // i18n-exempt: matched in what people paste
          'not in any group', // i18n-exempt: matched in what people paste
          'enrollment is not enabled', // i18n-exempt: matched in what people paste
          'not allowed to enroll', // i18n-exempt: matched in what people paste
        ],
      },
      { confidence: 'medium', categories: ['authorization', 'accountValidation'] },
    ],
  },
  {
    id: 'device-group-assigned',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: 3,
    sources: [SRC.adueProfile, SRC.cpueProfile, SRC.graphAssign],
    clauses: [
      {
        confidence: 'high',
        text: [
          'device group', // i18n-exempt: matched in what people paste
          'assigned to devices', // i18n-exempt: matched in what people paste
          'assigned to a device group', // i18n-exempt: matched in what people paste
          'dynamic device group', // i18n-exempt: matched in what people paste
          'enrollmentprofilename', // i18n-exempt: matched in what people paste
        ],
      },
    ],
  },
  {
    id: 'profile-based-ue-retired',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: 2,
    sources: [SRC.methods],
    clauses: [{ confidence: 'medium', methods: ['companyPortalUser'], os: { min: '15' } }],
  },
  {
    id: 'management-profile-not-verified',
    fixedBy: 'helpdesk',
    employeeCanFix: true,
    steps: 2,
    sources: [SRC.known],
    clauses: [
      { confidence: 'high', textAll: ['not verified', 'management profile'] }, // i18n-exempt: matched in what people paste
      { confidence: 'medium', textAll: ['not verified', 'profile'] }, // i18n-exempt: matched in what people paste
    ],
  },
  {
    id: 'web-profile-expired',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: 2,
    sources: [SRC.webProfile],
    clauses: [
      {
        confidence: 'high',
        text: [
          'profile expired', // i18n-exempt: matched in what people paste
          'profile has expired', // i18n-exempt: matched in what people paste
          'profile is expired', // i18n-exempt: matched in what people paste
          'profile download expired', // i18n-exempt: matched in what people paste
          'profile disappeared', // i18n-exempt: matched in what people paste
          'profile vanished', // i18n-exempt: matched in what people paste
          'profile is gone', // i18n-exempt: matched in what people paste
          'profile was removed before', // i18n-exempt: matched in what people paste
        ],
      },
    ],
  },
  {
    id: 'work-app-needs-update',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: 2,
    sources: [SRC.whatsNew],
    clauses: [
      {
        confidence: 'high',
        text: [
          'app needs to be updated', // i18n-exempt: matched in what people paste
          'needs to be updated', // i18n-exempt: matched in what people paste
          'update the app', // i18n-exempt: matched in what people paste
          'update this app', // i18n-exempt: matched in what people paste
          'must be updated', // i18n-exempt: matched in what people paste
          'requires an update', // i18n-exempt: matched in what people paste
          'update required', // i18n-exempt: matched in what people paste
          'newer version of this app', // i18n-exempt: matched in what people paste
          'app is out of date', // i18n-exempt: matched in what people paste
          'app is no longer supported', // i18n-exempt: matched in what people paste
        ],
      },
    ],
  },
  {
    id: 'user-abandoned',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: 3,
    sources: [SRC.graphEvents, SRC.employeeSteps],
    clauses: [
      { confidence: 'high', categories: ['userAbandonment', 'clientDisconnected'] },
      {
        confidence: 'medium',
        text: [
          'timed out', // i18n-exempt: matched in what people paste
          'time out', // i18n-exempt: matched in what people paste
          'timeout', // i18n-exempt: matched in what people paste
          'connection lost', // i18n-exempt: matched in what people paste
          'lost connection', // i18n-exempt: matched in what people paste
          'cancelled', // i18n-exempt: matched in what people paste
        ],
      },
    ],
  },
];

/** The same rules with their words, in English (`diagnosis.rules.<id>` in the catalogue). */
export const PROFILE_RULES: readonly DiagnosisRule[] = PROFILE_RULE_SPECS.map((spec) =>
  ruleOf(spec),
);
