/**
 * Diagnosis rules about the tenant and its services: the Apple MDM push certificate, the Intune
 * licence, the device limit, the service discovery file and the Managed Apple Account.
 */
import { ACCOUNT_DRIVEN, SRC, ruleOf, type RuleSpec } from './sources';
import type { DiagnosisRule } from './vocabulary';

/**
 * The tenant and service rules, second in `DIAGNOSIS_RULES` (rules.ts); order breaks ties.
 * Their words are in the catalogue (`diagnosis.rules.<id>`); the phrases of `text` and `textAll`
 * are matched against what people paste, never shown, so they stay here.
 */
export const TENANT_RULE_SPECS: readonly RuleSpec[] = [
  {
    id: 'push-certificate',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: 3,
    sources: [SRC.known, SRC.prereq],
    clauses: [
      {
        confidence: 'high',
        text: [
          'this service is not supported', // i18n-exempt: matched in what people paste
          'push certificate', // i18n-exempt: matched in what people paste
          'apns certificate', // i18n-exempt: matched in what people paste
          'mdm push certificate', // i18n-exempt: matched in what people paste
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
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: 2,
    sources: [SRC.known, SRC.graphEvents],
    clauses: [
      {
        confidence: 'high',
        text: [
          'user name not recognized', // i18n-exempt: matched in what people paste
          'username not recognized', // i18n-exempt: matched in what people paste
          'not licensed', // i18n-exempt: matched in what people paste
          'no license', // i18n-exempt: matched in what people paste
          'no intune license', // i18n-exempt: matched in what people paste
          'license is not assigned', // i18n-exempt: matched in what people paste
          'without a license', // i18n-exempt: matched in what people paste
        ],
      },
      { confidence: 'high', codes: ['UserLicenseTypeInvalid'] },
      { confidence: 'medium', categories: ['userValidation'] },
    ],
  },
  {
    id: 'device-cap-reached',
    fixedBy: 'helpdesk',
    employeeCanFix: false,
    steps: 3,
    sources: [SRC.known],
    clauses: [
      { confidence: 'high', codes: ['DeviceCapReached'] },
      {
        confidence: 'high',
        text: [
          'device limit', // i18n-exempt: matched in what people paste
          'device cap', // i18n-exempt: matched in what people paste
          'maximum number of devices', // i18n-exempt: matched in what people paste
          'too many devices', // i18n-exempt: matched in what people paste
          'enrolled the maximum number', // i18n-exempt: matched in what people paste
        ],
      },
    ],
  },
  {
    id: 'service-discovery',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: 3,
    sources: [SRC.known, SRC.prereq, SRC.aduePrereq],
    perDomain: true,
    clauses: [
      {
        confidence: 'high',
        text: [
          'does not support the expected services', // i18n-exempt: matched in what people paste
          'doesnt support the expected services', // i18n-exempt: matched in what people paste
          'support the expected services', // i18n-exempt: matched in what people paste
          'expected services', // i18n-exempt: matched in what people paste
          'com apple remotemanagement', // i18n-exempt: matched in what people paste
          'well known', // i18n-exempt: matched in what people paste
          'service discovery', // i18n-exempt: matched in what people paste
          'cant find the server', // i18n-exempt: matched in what people paste
          'cannot find the server', // i18n-exempt: matched in what people paste
          'could not find the server', // i18n-exempt: matched in what people paste
          'couldnt find the server', // i18n-exempt: matched in what people paste
          'unable to find the server', // i18n-exempt: matched in what people paste
          'server could not be found', // i18n-exempt: matched in what people paste
          'server cannot be found', // i18n-exempt: matched in what people paste
          'server cant be found', // i18n-exempt: matched in what people paste
          'no server found', // i18n-exempt: matched in what people paste
          'could not find server', // i18n-exempt: matched in what people paste
          'cannot find server', // i18n-exempt: matched in what people paste
          'cant find server', // i18n-exempt: matched in what people paste
        ],
      },
      { confidence: 'medium', text: ['server'], steps: ['sign-in'], methods: ACCOUNT_DRIVEN }, // i18n-exempt: matched in what people paste
      {
        confidence: 'medium',
        text: ['after entering', 'after typing', 'right after i entered', 'after i entered'], // i18n-exempt: matched in what people paste
        steps: ['sign-in'],
      },
    ],
  },
  {
    id: 'managed-apple-id',
    fixedBy: 'admin',
    employeeCanFix: false,
    steps: 3,
    sources: [SRC.prereq, SRC.adueFederation, SRC.cpueKnow],
    clauses: [
      {
        confidence: 'high',
        text: [
          'managed apple id', // i18n-exempt: matched in what people paste
          'managed apple account', // i18n-exempt: matched in what people paste
          'apple business', // i18n-exempt: matched in what people paste
          'federated authentication', // i18n-exempt: matched in what people paste
          'federation', // i18n-exempt: matched in what people paste
          'apple business manager', // i18n-exempt: matched in what people paste
        ],
      },
      {
        confidence: 'medium',
        text: ['apple id', 'apple account', 'icloud'], // i18n-exempt: matched in what people paste
        steps: ['icloud', 'sign-in'],
      },
      { confidence: 'medium', steps: ['icloud'] },
    ],
  },
];

/** The same rules with their words, in English (`diagnosis.rules.<id>` in the catalogue). */
export const TENANT_RULES: readonly DiagnosisRule[] = TENANT_RULE_SPECS.map((spec) => ruleOf(spec));
