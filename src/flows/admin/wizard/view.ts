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
import { translator, type Translate } from '../../../i18n/catalogue';
import type { Language } from '../../../i18n/languages';
import {
  banner,
  enrollmentTypeInfo,
  type AdminDeps,
  type WizardEnrollmentType,
} from '../admin-deps';

import { PAGES } from './rules';
import type { GroupRef, WizardState, WizardStep } from './store';

/** A page's title, as the progress line and the Edit menu name it. */
function pageTitle(step: WizardStep, t: Translate): string {
  switch (step) {
    case 'basics':
      return t('wizard.pages.basics');
    case 'settings':
      return t('wizard.pages.settings');
    case 'assignments':
      return t('wizard.pages.assignments');
    default:
      return t('wizard.pages.review');
  }
}

function progressLine(step: WizardStep, notice: string, t: Translate): string {
  const index = PAGES.indexOf(step);
  const trail = PAGES.map((p) => (p === step ? `**${pageTitle(p, t)}**` : pageTitle(p, t))).join(
    ' › ',
  );
  return t('wizard.progress', { notice, step: index + 1, total: PAGES.length, trail });
}

/** The groups' names for a card, or 'none'. */
export function groupList(groups: GroupRef[], lang: Language = 'en'): string {
  const t = translator(lang);
  return groups.length === 0
    ? t('wizard.none')
    : groups.map((g) => escapeCardText(g.displayName)).join(', ');
}

function heading(state: WizardState, t: Translate): string {
  return state.mode === 'edit'
    ? t('wizard.headingEdit', { name: escapeCardText(truncate(state.name, 60)) })
    : t('wizard.headingCreate');
}

/** The enrollment types a run offers (legacy user enrollment only when editing such a profile). */
export function typeChoices(
  state: WizardState,
  lang: Language = 'en',
): { title: string; value: string }[] {
  const types: WizardEnrollmentType[] = [
    'accountDrivenUserEnrollment',
    'webDeviceEnrollment',
    'device',
    'userChoice',
  ];
  if (state.mode === 'edit' && state.originalType === 'user') types.push('user');
  return types.map((type) => ({ title: enrollmentTypeInfo(type, lang).title, value: type }));
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

/** "**Title:** what it means" for one enrollment type. */
function explanation(type: WizardEnrollmentType, lang: Language): { text: string } {
  const t = translator(lang);
  return { text: t('wizard.explanation', enrollmentTypeInfo(type, lang)) };
}

/** Renders the card for the run's current step. `notice` prefixes the progress line. */
export function renderStep(
  deps: AdminDeps,
  state: WizardState,
  errors: PageErrors = {},
  notice = '',
  lang: Language = 'en',
): RenderedCard {
  const t = translator(lang);
  const base = {
    ...banner(deps),
    runId: state.runId,
    version: state.version,
    heading: heading(state, t),
    progress: progressLine(state.step, notice, t),
  };
  switch (state.step) {
    case 'basics':
      return renderWizardBasicsCard(
        {
          ...base,
          name: state.name,
          description: state.description,
          nameError: errors.name ?? '',
          descriptionError: errors.description ?? '',
          ruleText: dynamicGroupRule(state.name.trim() || t('wizard.profileNamePlaceholder')),
        },
        lang,
      );
    case 'settings':
      return renderWizardSettingsCard(
        {
          ...base,
          enrollmentType: state.enrollmentType,
          typeError: errors.type ?? '',
          choices: typeChoices(state, lang),
          explanations: [
            ...typeChoices(state, lang).map((c) =>
              explanation(c.value as WizardEnrollmentType, lang),
            ),
            ...(state.mode === 'create' || state.originalType !== 'user'
              ? [explanation('user', lang)]
              : []),
          ],
        },
        lang,
      );
    case 'assignments': {
      const results = state.search?.results ?? [];
      return renderWizardAssignmentsCard(
        {
          ...base,
          target: state.target,
          includedText:
            state.target === 'allUsers' ? t('wizard.allUsers') : groupList(state.include, lang),
          excludedText: groupList(state.exclude, lang),
          chosen: [
            ...state.include.map((g) => ({ title: truncate(g.displayName, 80), value: g.id })),
            ...state.exclude.map((g) => ({
              title: t('wizard.excludedGroup', { name: truncate(g.displayName, 70) }),
              value: g.id,
            })),
          ],
          searchText: state.search?.text ?? '',
          resultsLabel: state.search
            ? t('wizard.resultsLabel', { text: escapeCardText(truncate(state.search.text, 40)) })
            : '',
          results: results.map((g) => ({ title: truncate(g.displayName, 80), value: g.id })),
          refused: (state.search?.refused ?? []).map((r) => ({
            text: t('wizard.refusedGroup', {
              name: escapeCardText(truncate(r.name, 80)),
              reason: r.reason,
            }),
          })),
          message:
            errors.assignments ??
            errors.info ??
            (state.search && results.length === 0 && state.search.refused.length === 0
              ? t('wizard.noGroupsFound', { text: escapeCardText(truncate(state.search.text, 40)) })
              : ''),
          messageColor: errors.assignments ? 'Attention' : 'Default',
        },
        lang,
      );
    }
    default:
      return renderReview(deps, state, errors.review ?? '', lang);
  }
}

function assignedText(state: WizardState, lang: Language): string {
  const t = translator(lang);
  return state.target === 'allUsers' ? t('wizard.allUsersTitle') : groupList(state.include, lang);
}

function renderReview(
  deps: AdminDeps,
  state: WizardState,
  error: string,
  lang: Language,
): RenderedCard {
  const t = translator(lang);
  const type = state.enrollmentType === '' ? 'accountDrivenUserEnrollment' : state.enrollmentType;
  const facts = [
    { title: t('wizard.facts.name'), value: escapeCardText(state.name) },
    {
      title: t('wizard.facts.description'),
      value: state.description
        ? escapeCardText(truncate(state.description, 300))
        : t('wizard.facts.noDescription'),
    },
    { title: t('wizard.facts.platform'), value: 'iOS/iPadOS' },
    { title: t('wizard.facts.enrollmentType'), value: enrollmentTypeInfo(type, lang).title },
    { title: t('wizard.facts.assignedTo'), value: assignedText(state, lang) },
    { title: t('wizard.facts.excluded'), value: groupList(state.exclude, lang) },
    {
      title: t('wizard.facts.dynamicRule'),
      value: escapeCardText(dynamicGroupRule(state.name)),
    },
  ];
  const note =
    type === 'userChoice'
      ? t('wizard.noteUserChoice')
      : state.mode === 'create'
        ? t('wizard.noteCreate')
        : '';
  return renderWizardReviewCard(
    {
      ...banner(deps),
      runId: state.runId,
      version: state.version,
      heading: heading(state, t),
      progress: progressLine('review', '', t),
      facts,
      note,
      error,
      confirmTitle: state.mode === 'edit' ? t('wizard.confirmSave') : t('wizard.confirmCreate'),
      fallbackText: facts.map((f) => `${f.title}: ${f.value}`).join('\n'),
    },
    lang,
  );
}

/** A result card with only a title and a message (no facts, placement or retry). */
export function plainResult(
  deps: AdminDeps,
  state: WizardState,
  title: string,
  message: string,
  titleColor: 'Default' | 'Attention' = 'Default',
  lang: Language = 'en',
): RenderedCard {
  return renderWizardResultCard(
    {
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
    },
    lang,
  );
}

/** Result card: created/saved, assignments that failed, or cancelled; with priority placement. */
export function resultCard(
  deps: AdminDeps,
  state: WizardState,
  profiles: EnrollmentProfile[],
  notice = '',
  placed = '',
  lang: Language = 'en',
): RenderedCard {
  const t = translator(lang);
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
      t('wizard.cancelledTitle'),
      state.mode === 'edit'
        ? t('wizard.cancelledEdit', { notice })
        : t('wizard.cancelledCreate', { notice }),
      'Default',
      lang,
    );
  }
  const outcomes = state.assignmentOutcomes ?? [];
  const facts = [
    { title: t('wizard.facts.profile'), value: escapeCardText(state.name) },
    {
      title: t('wizard.facts.profileId'),
      value: state.created?.profileId ?? state.profileId ?? '',
    },
    ...outcomes.map((o) => ({
      title: o.ok ? t('wizard.facts.assigned') : t('wizard.facts.notAssigned'),
      value: `${escapeCardText(o.label)}${o.error ? `: ${o.error}` : ''}`,
    })),
    ...(state.created?.requestId
      ? [{ title: t('wizard.facts.requestId'), value: state.created.requestId }]
      : []),
  ];
  if (state.step === 'assign-failed') {
    return renderWizardResultCard(
      {
        ...base,
        facts,
        canRetry: true,
        canDelete: state.mode === 'create',
        title: t('wizard.assignFailedTitle'),
        titleColor: 'Warning',
        message: t('wizard.assignFailedMessage', { notice, name: escapeCardText(state.name) }),
        fallbackText: t('wizard.assignFailedFallback', { name: state.name }),
      },
      lang,
    );
  }
  if (state.step === 'creating') {
    return renderWizardResultCard(
      {
        ...base,
        facts,
        title: t('wizard.workingTitle'),
        titleColor: 'Default',
        canCheck: true,
        message:
          state.mode === 'edit'
            ? t('wizard.workingEdit', { notice })
            : t('wizard.workingCreate', { notice }),
        fallbackText: t('wizard.workingFallback'),
      },
      lang,
    );
  }
  const sorted = [...profiles].sort(byPriority);
  const index = sorted.findIndex((p) => p.id === (state.created?.profileId ?? state.profileId));
  const positions =
    index >= 0
      ? sorted.map((_, i) => ({
          title: i === 0 ? t('wizard.positionFirst', { position: i + 1 }) : String(i + 1),
          value: String(i + 1),
        }))
      : [];
  const order = sorted.map((p, i) => `${i + 1}. ${escapeCardText(p.displayName)}`).join('\n');
  return renderWizardResultCard(
    {
      ...base,
      facts,
      positions: state.mode === 'create' ? positions : [],
      currentPosition: index >= 0 ? String(index + 1) : '',
      title: state.mode === 'edit' ? t('wizard.savedTitle') : t('wizard.createdTitle'),
      titleColor: 'Good',
      message: order ? t('wizard.orderNow', { notice, placed, order }) : `${notice}${placed}`,
      fallbackText:
        state.mode === 'edit'
          ? t('wizard.savedFallback', { name: state.name })
          : t('wizard.createdFallback', { name: state.name }),
    },
    lang,
  );
}

/** The card for the run's state, including outcomes after Create. */
export function currentCard(
  deps: AdminDeps,
  state: WizardState,
  notice = '',
  lang: Language = 'en',
): RenderedCard {
  if (PAGES.includes(state.step)) return renderStep(deps, state, {}, notice, lang);
  return resultCard(deps, state, [], notice, '', lang);
}
