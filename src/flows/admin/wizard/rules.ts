/**
 * The wizard's rules: its pages in order, the limits and checks on a profile's name and
 * description, the Graph body for each enrollment type, and the zod schemas of the card actions'
 * data.
 */
import { z } from 'zod';

import type {
  EnrollmentProfile,
  NewEnrollmentProfile,
  OwnerTypeOption,
} from '../../../graph/types';
import { translator } from '../../../i18n/catalogue';
import type { Language } from '../../../i18n/languages';
import type { WizardEnrollmentType } from '../admin-deps';

import type { WizardStep } from './store';

/** Longest profile name the wizard accepts. */
export const MAX_NAME = 64;

/** Longest description the wizard accepts. */
export const MAX_DESCRIPTION = 1000;
/** The wizard's input pages, in order. */
export const PAGES: WizardStep[] = ['basics', 'settings', 'assignments', 'review'];

/** The Graph body for a wizard type. User choice follows graph-reference §1.5 (see note). */
export function enrollmentBody(
  type: WizardEnrollmentType,
  template?: EnrollmentProfile,
): Pick<NewEnrollmentProfile, 'defaultEnrollmentType' | 'availableEnrollmentTypeOptions'> {
  if (type !== 'userChoice') {
    return { defaultEnrollmentType: type, availableEnrollmentTypeOptions: [] };
  }
  if (template && template.availableEnrollmentTypeOptions.length > 0) {
    // Copy the exact shape the admin center wrote for an existing user-choice profile.
    return {
      defaultEnrollmentType: template.defaultEnrollmentType,
      availableEnrollmentTypeOptions: template.availableEnrollmentTypeOptions,
    };
  }
  const options: OwnerTypeOption[] = [
    { ownerType: 'company', enrollmentType: 'device' },
    { ownerType: 'personal', enrollmentType: 'device' },
    { ownerType: 'personal', enrollmentType: 'accountDrivenUserEnrollment' },
  ];
  return { defaultEnrollmentType: 'unknown', availableEnrollmentTypeOptions: options };
}

/** Trims and checks a profile name; returns an error line or undefined. */
export function validateName(name: string, lang: Language = 'en'): string | undefined {
  const t = translator(lang);
  const trimmed = name.trim();
  if (trimmed.length === 0) return t('wizard.errors.enterName');
  if (Array.from(trimmed).length > MAX_NAME)
    return t('wizard.errors.nameTooLong', { max: MAX_NAME });
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return t('wizard.errors.nameControl');
  return undefined;
}

/** What every wizard card action carries: the run, and the version of it the card showed. */
export const runSchema = z.object({ runId: z.string().uuid(), version: z.number().int().min(1) });

/** Inputs of the Basics/Settings/Assignments pages, all optional: which apply depends on the page. */
export const wizardNextSchema = runSchema.extend({
  name: z.string().max(2000).optional(),
  description: z.string().max(5000).optional(),
  enrollmentType: z.string().max(60).optional(),
  target: z.string().max(20).optional(),
  groupSearch: z.string().max(500).optional(),
  picked: z.string().max(4000).optional(),
});
/** A jump to one of the input pages. */
export const gotoSchema = runSchema.extend({ step: z.enum(['basics', 'settings', 'assignments']) });
/** Include or exclude the groups picked from the search results. */
export const addGroupsSchema = wizardNextSchema.extend({ mode: z.enum(['include', 'exclude']) });
/** "Remove selected": the ids of chosen groups to drop (comma-separated, as Teams sends them). */
export const removeGroupsSchema = wizardNextSchema.extend({
  remove: z.string().max(4000).optional(),
});
/** Move the created profile to a position in the priority order. */
export const placeSchema = runSchema.extend({ position: z.string().regex(/^\d{1,3}$/) });

/** The run a card action refers to. */
export type RunData = z.infer<typeof runSchema>;
