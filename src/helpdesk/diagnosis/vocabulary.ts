/**
 * The vocabulary of enrollment-failure diagnosis: the steps, failure categories and enrollment
 * methods a report can name, the shape of what is known about a failure and of the result, and
 * the shape of a rule. Types and constants only (the step labels' words are in the catalogue,
 * `diagnosis.steps`), so the rule tables and the matcher can share them without importing each
 * other.
 */
import { translator, type Translate } from '../../i18n/catalogue';
import type { DeviceFamily } from '../../knowledge/device-info';

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

/** The report form's step labels in one language, keyed by step (`diagnosis.steps.<step>`). */
export function enrollmentStepLabels(
  t: Translate = translator('en'),
): Readonly<Record<EnrollmentStep, string>> {
  return Object.fromEntries(ENROLLMENT_STEPS.map((s) => [s, t(`diagnosis.steps.${s}`)])) as Record<
    EnrollmentStep,
    string
  >;
}

/** Labels for the report form's step picker, keyed by step, in English (as the helpdesk reads them). */
export const ENROLLMENT_STEP_LABELS: Readonly<Record<EnrollmentStep, string>> =
  enrollmentStepLabels();

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
export interface OsRange {
  min?: string;
  below?: string;
  device?: DeviceFamily;
}

/**
 * One way a rule can match. Every field given must hold (AND); a rule matches when any of its
 * clauses does (OR). `os: 'unknown'` means the OS version was not given.
 */
export interface Clause {
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
