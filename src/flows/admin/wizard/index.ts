/**
 * The admin profile wizard: a run of cards (Basics, Settings, Assignments, Review) that creates
 * an iOS/iPadOS enrollment profile, or edits one, with its assignments. Read rules.ts (pages,
 * checks, action schemas), view.ts (the cards), run.ts (opening and saving a run from a card),
 * pages.ts (page input), effects.ts (the changes in Intune) and actions.ts (the verb table);
 * store.ts keeps runs.
 */
export { createProfileCommand, registerWizardActions, startWizard } from './actions';
export { enrollmentBody, MAX_NAME, validateName, wizardNextSchema } from './rules';
export { renderStep, type PageErrors } from './view';
