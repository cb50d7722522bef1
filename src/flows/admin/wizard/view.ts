/**
 * What the wizard shows: the card for each page (Basics, Settings, Assignments, Review), the
 * result card after Create or Cancel, and the card for wherever a run is now. Pure rendering over
 * a run's state; nothing here reads or writes storage or calls Graph.
 */
import {
  renderWizardAssignmentsCard,
  renderWizardBasicsCard,
  renderWizardResultCard,
  renderWizardReviewCard,
  renderWizardSettingsCard,
} from '../../../cards/admin-cards';
import type { RenderedCard } from '../../../cards/render';
import { escapeCardText, truncate } from '../../../cards/text';
import { byPriority, dynamicGroupRule } from '../../../graph/profile-logic';
import type { EnrollmentProfile } from '../../../graph/types';
import {
  banner,
  ENROLLMENT_TYPE_INFO,
  type AdminDeps,
  type WizardEnrollmentType,
} from '../admin-deps';

import { PAGES } from './rules';
import type { GroupRef, WizardState, WizardStep } from './store';

const PAGE_TITLES: Record<string, string> = {
  basics: 'Basics',
  settings: 'Settings',
  assignments: 'Assignments',
  review: 'Review + create',
};

function progressLine(step: WizardStep, notice = ''): string {
  const index = PAGES.indexOf(step);
  const trail = PAGES.map((p) => (p === step ? `**${PAGE_TITLES[p]}**` : PAGE_TITLES[p])).join(
    ' › ',
  );
  return `${notice}Step ${index + 1} of 4: ${trail}`;
}

/** The groups' names for a card, or 'none'. */
export function groupList(groups: GroupRef[]): string {
  return groups.length === 0 ? 'none' : groups.map((g) => escapeCardText(g.displayName)).join(', ');
}

function heading(state: WizardState): string {
  return state.mode === 'edit'
    ? `Edit profile: ${escapeCardText(truncate(state.name, 60))}`
    : 'Create an iOS/iPadOS enrollment profile';
}

/** The enrollment types a run offers (legacy user enrollment only when editing such a profile). */
export function typeChoices(state: WizardState): { title: string; value: string }[] {
  const types: WizardEnrollmentType[] = [
    'accountDrivenUserEnrollment',
    'webDeviceEnrollment',
    'device',
    'userChoice',
  ];
  if (state.mode === 'edit' && state.originalType === 'user') types.push('user');
  return types.map((t) => ({ title: ENROLLMENT_TYPE_INFO[t].title, value: t }));
}

/** Per-page errors shown beside the fields. */
export interface PageErrors {
  name?: string;
  description?: string;
  type?: string;
  assignments?: string;
  review?: string;
  info?: string;
}

/** Renders the card for the run's current step. `notice` prefixes the progress line. */
export function renderStep(
  deps: AdminDeps,
  state: WizardState,
  errors: PageErrors = {},
  notice = '',
): RenderedCard {
  const base = {
    ...banner(deps),
    runId: state.runId,
    version: state.version,
    heading: heading(state),
    progress: progressLine(state.step, notice),
  };
  switch (state.step) {
    case 'basics':
      return renderWizardBasicsCard({
        ...base,
        name: state.name,
        description: state.description,
        nameError: errors.name ?? '',
        descriptionError: errors.description ?? '',
        ruleText: dynamicGroupRule(state.name.trim() || '<profile name>'),
      });
    case 'settings':
      return renderWizardSettingsCard({
        ...base,
        enrollmentType: state.enrollmentType,
        typeError: errors.type ?? '',
        choices: typeChoices(state),
        explanations: [
          ...typeChoices(state).map((c) => ({
            text: `**${ENROLLMENT_TYPE_INFO[c.value as WizardEnrollmentType].title}:** ${ENROLLMENT_TYPE_INFO[c.value as WizardEnrollmentType].explain}`,
          })),
          ...(state.mode === 'create' || state.originalType !== 'user'
            ? [
                {
                  text: `**${ENROLLMENT_TYPE_INFO.user.title}:** ${ENROLLMENT_TYPE_INFO.user.explain}`,
                },
              ]
            : []),
        ],
      });
    case 'assignments': {
      const results = state.search?.results ?? [];
      return renderWizardAssignmentsCard({
        ...base,
        target: state.target,
        includedText: state.target === 'allUsers' ? 'all users' : groupList(state.include),
        excludedText: groupList(state.exclude),
        chosen: [
          ...state.include.map((g) => ({ title: truncate(g.displayName, 80), value: g.id })),
          ...state.exclude.map((g) => ({
            title: `${truncate(g.displayName, 70)} (excluded)`,
            value: g.id,
          })),
        ],
        searchText: state.search?.text ?? '',
        resultsLabel: state.search
          ? `User groups matching "${escapeCardText(truncate(state.search.text, 40))}"`
          : '',
        results: results.map((g) => ({ title: truncate(g.displayName, 80), value: g.id })),
        refused: (state.search?.refused ?? []).map((r) => ({
          text: `⛔ ${escapeCardText(truncate(r.name, 80))}: ${r.reason}`,
        })),
        message:
          errors.assignments ??
          errors.info ??
          (state.search && results.length === 0 && state.search.refused.length === 0
            ? `No groups found for "${escapeCardText(truncate(state.search.text, 40))}".`
            : ''),
        messageColor: errors.assignments ? 'Attention' : 'Default',
      });
    }
    default:
      return renderReview(deps, state, errors.review ?? '');
  }
}

function assignedText(state: WizardState): string {
  return state.target === 'allUsers' ? 'All users' : groupList(state.include);
}

function renderReview(deps: AdminDeps, state: WizardState, error: string): RenderedCard {
  const type = state.enrollmentType === '' ? 'accountDrivenUserEnrollment' : state.enrollmentType;
  const facts = [
    { title: 'Name', value: escapeCardText(state.name) },
    {
      title: 'Description',
      value: state.description ? escapeCardText(truncate(state.description, 300)) : '(none)',
    },
    { title: 'Platform', value: 'iOS/iPadOS' },
    { title: 'Enrollment type', value: ENROLLMENT_TYPE_INFO[type].title },
    { title: 'Assigned to', value: assignedText(state) },
    { title: 'Excluded', value: groupList(state.exclude) },
    { title: 'Dynamic group rule', value: escapeCardText(dynamicGroupRule(state.name)) },
  ];
  const note =
    type === 'userChoice'
      ? 'Note: the exact settings the admin center stores for "user choice" are not documented. I copy them from an existing user-choice profile when there is one; otherwise I use the documented owner/method pairs. Check the profile in the admin center afterwards.'
      : state.mode === 'create'
        ? 'The new profile goes to the end of the priority order; you can move it right after creating it.'
        : '';
  return renderWizardReviewCard({
    ...banner(deps),
    runId: state.runId,
    version: state.version,
    heading: heading(state),
    progress: progressLine('review'),
    facts,
    note,
    error,
    confirmTitle: state.mode === 'edit' ? 'Save changes' : 'Create',
    fallbackText: facts.map((f) => `${f.title}: ${f.value}`).join('\n'),
  });
}

/** A result card with only a title and a message (no facts, placement or retry). */
export function plainResult(
  deps: AdminDeps,
  state: WizardState,
  title: string,
  message: string,
  titleColor: 'Default' | 'Attention' = 'Default',
): RenderedCard {
  return renderWizardResultCard({
    ...banner(deps),
    runId: state.runId,
    version: state.version,
    facts: [],
    positions: [],
    currentPosition: '',
    canRetry: false,
    canDelete: false,
    title,
    titleColor,
    message,
    fallbackText: `${title}. ${message.replace(/\*\*/g, '')}`,
  });
}

/** Result card: created/saved, assignments that failed, or cancelled; with priority placement. */
export function resultCard(
  deps: AdminDeps,
  state: WizardState,
  profiles: EnrollmentProfile[],
  notice = '',
  placed = '',
): RenderedCard {
  const base = {
    ...banner(deps),
    runId: state.runId,
    version: state.version,
    positions: [],
    currentPosition: '',
    canRetry: false,
    canDelete: false,
    facts: [] as { title: string; value: string }[],
  };
  if (state.step === 'cancelled') {
    return plainResult(
      deps,
      state,
      'Wizard cancelled',
      `${notice}Nothing was ${state.mode === 'edit' ? 'changed' : 'created'}.`,
    );
  }
  const outcomes = state.assignmentOutcomes ?? [];
  const facts = [
    { title: 'Profile', value: escapeCardText(state.name) },
    { title: 'Profile id', value: state.created?.profileId ?? state.profileId ?? '' },
    ...outcomes.map((o) => ({
      title: o.ok ? '✅ Assigned' : '❌ Not assigned',
      value: `${escapeCardText(o.label)}${o.error ? `: ${o.error}` : ''}`,
    })),
    ...(state.created?.requestId
      ? [{ title: 'Graph request-id', value: state.created.requestId }]
      : []),
  ];
  if (state.step === 'assign-failed') {
    return renderWizardResultCard({
      ...base,
      facts,
      canRetry: true,
      canDelete: state.mode === 'create',
      title: 'Profile created, but not every assignment worked',
      titleColor: 'Warning',
      message: `${notice}The profile **${escapeCardText(state.name)}** exists in Intune. The assignments marked ❌ failed, so those users won't get it yet. Retry the assignments, or delete the profile to start over.`,
      fallbackText: `Profile ${state.name} was created, but some assignments failed.`,
    });
  }
  if (state.step === 'creating') {
    return renderWizardResultCard({
      ...base,
      facts,
      title: 'Still working on it',
      titleColor: 'Default',
      canCheck: true,
      message: `${notice}The profile is being ${state.mode === 'edit' ? 'saved' : 'created'}. Press **Check again** in a moment; if the bot restarted meanwhile, it picks up where it stopped.`,
      fallbackText: 'Still working on it.',
    });
  }
  const sorted = [...profiles].sort(byPriority);
  const index = sorted.findIndex((p) => p.id === (state.created?.profileId ?? state.profileId));
  const positions =
    index >= 0
      ? sorted.map((_, i) => ({
          title: `${i + 1}${i === 0 ? ' (applied first)' : ''}`,
          value: String(i + 1),
        }))
      : [];
  const order = sorted.map((p, i) => `${i + 1}. ${escapeCardText(p.displayName)}`).join('\n');
  return renderWizardResultCard({
    ...base,
    facts,
    positions: state.mode === 'create' ? positions : [],
    currentPosition: index >= 0 ? String(index + 1) : '',
    title: state.mode === 'edit' ? 'Changes saved' : 'Profile created',
    titleColor: 'Good',
    message: `${notice}${placed}${order ? `Priority order now:\n${order}` : ''}`,
    fallbackText: `${state.mode === 'edit' ? 'Saved' : 'Created'} ${state.name}.`,
  });
}

/** The card for the run's state, including outcomes after Create. */
export function currentCard(deps: AdminDeps, state: WizardState, notice = ''): RenderedCard {
  if (PAGES.includes(state.step)) return renderStep(deps, state, {}, notice);
  return resultCard(deps, state, [], notice);
}
