/**
 * Diagnoses an enrollment failure from what is known about it (the message on screen, an Intune
 * error code or failure category, the OS version, the enrollment method, the step) with a table of
 * rules drawn from `enrollment-facts.md` (Known problems table) and the two source articles.
 *
 * Framework-free and synchronous: the same function serves the employee's report form, the
 * system webhook and the helpdesk card. Every rule names who fixes the problem, the steps in
 * plain words, and where the fact comes from; when nothing matches, the result says so honestly
 * (`ruleId: 'unknown'`) instead of guessing.
 *
 * This module is the public face of `./diagnosis/`: the vocabulary and types
 * (`vocabulary.ts`), the rule tables as data (`sources.ts`, `rules-*.ts`, concatenated in
 * `rules.ts`) and the matcher (`match.ts`). Import from here.
 */
export {
  causeKeyOf,
  diagnose,
  getDiagnosisRule,
  normaliseCode,
  normaliseErrorText,
  normaliseMethod,
  parseOsVersion,
} from './diagnosis/match';
export { DIAGNOSIS_RULES } from './diagnosis/rules';
export {
  type Confidence,
  type Diagnosis,
  type DiagnosisInput,
  type DiagnosisRule,
  type DocSource,
  ENROLLMENT_STEP_LABELS,
  ENROLLMENT_STEPS,
  type EnrollmentStep,
  FAILURE_CATEGORIES,
  type FailureCategory,
  type FixedBy,
  type KnownDiagnosis,
  type MethodKind,
  type PushCertificateFact,
  type UnknownDiagnosis,
} from './diagnosis/vocabulary';
