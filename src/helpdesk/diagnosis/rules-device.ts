/**
 * Diagnosis rules about the device itself: an OS version below what user enrollment or Intune
 * supports, and the Microsoft Authenticator app (the SSO message, a work app that needs it).
 */
import { ACCOUNT_DRIVEN, SRC, ruleOf, type RuleSpec } from './sources';
import type { DiagnosisRule } from './vocabulary';

/**
 * The device and OS rules, first in `DIAGNOSIS_RULES` (rules.ts): an unsupported OS blocks
 * enrollment whatever else went wrong, so these win ties.
 *
 * Their words are in the catalogue (`diagnosis.rules.<id>`); the phrases of `text` and `textAll`
 * are matched against what people paste, never shown, so they stay here.
 */
export const DEVICE_RULE_SPECS: readonly RuleSpec[] = [
  {
    id: 'os-below-minimum',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: 3,
    sources: [SRC.supported, SRC.cpuePrereq, SRC.aduePrereq],
    clauses: [
      { confidence: 'high', os: { below: '13' } },
      { confidence: 'high', os: { min: '13', below: '13.1', device: 'iPad' } },
      { confidence: 'medium', categories: ['deviceNotSupported'], os: 'unknown' },
    ],
  },
  {
    id: 'os-below-15-account-driven',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: 3,
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
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: 3,
    sources: [SRC.supported, SRC.known],
    clauses: [{ confidence: 'medium', os: { min: '15', below: '17' } }],
  },
  {
    id: 'sso-app-installed',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: 3,
    sources: [SRC.known],
    clauses: [
      {
        confidence: 'high',
        text: [
          'enrollment sso application', // i18n-exempt: matched in what people paste
          'enrollment sso app', // i18n-exempt: matched in what people paste
          'sso application has been installed', // i18n-exempt: matched in what people paste
          'sso app has been installed', // i18n-exempt: matched in what people paste
        ],
      },
      { confidence: 'medium', textAll: ['sign in failed', 'sso application'] }, // i18n-exempt: matched in what people paste
    ],
  },
  {
    id: 'authenticator-not-installed',
    fixedBy: 'employee',
    employeeCanFix: true,
    steps: 3,
    sources: [SRC.adueEmployees, SRC.known, SRC.employeeSteps],
    clauses: [
      { confidence: 'high', text: ['authenticator'], steps: ['work-app', 'authenticator'] }, // i18n-exempt: matched in what people paste
      {
        confidence: 'high',
        text: [
          'install authenticator', // i18n-exempt: matched in what people paste
          'install microsoft authenticator', // i18n-exempt: matched in what people paste
          'authenticator is required', // i18n-exempt: matched in what people paste
          'authenticator required', // i18n-exempt: matched in what people paste
          'requires authenticator', // i18n-exempt: matched in what people paste
          'requires microsoft authenticator', // i18n-exempt: matched in what people paste
          'authenticator is not installed', // i18n-exempt: matched in what people paste
          'authenticator isnt installed', // i18n-exempt: matched in what people paste
          'get authenticator', // i18n-exempt: matched in what people paste
          'get the authenticator', // i18n-exempt: matched in what people paste
        ],
      },
    ],
  },
];

/** The same rules with their words, in English (`diagnosis.rules.<id>` in the catalogue). */
export const DEVICE_RULES: readonly DiagnosisRule[] = DEVICE_RULE_SPECS.map((spec) => ruleOf(spec));
