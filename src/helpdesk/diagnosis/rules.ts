/**
 * The whole diagnosis rule table, concatenated from the themed tables. Data only: the matcher
 * reads it in this order.
 */
import { DEVICE_RULES } from './rules-device';
import { PROFILE_RULES } from './rules-profile';
import { TENANT_RULES } from './rules-tenant';
import type { DiagnosisRule } from './vocabulary';

/**
 * The rule table. Order matters only to break ties between rules of equal confidence: the OS
 * minimums come first because an unsupported OS blocks enrollment whatever else went wrong.
 */
export const DIAGNOSIS_RULES: readonly DiagnosisRule[] = [
  ...DEVICE_RULES,
  ...TENANT_RULES,
  ...PROFILE_RULES,
];
