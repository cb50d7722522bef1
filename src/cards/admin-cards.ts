import auditListJson from '../../cards/audit-list.json';
import profileConfirmJson from '../../cards/profile-confirm.json';
import profileListJson from '../../cards/profile-list.json';
import teamAnswersJson from '../../cards/team-answers.json';
import wizardAssignmentsJson from '../../cards/wizard-assignments.json';
import wizardBasicsJson from '../../cards/wizard-basics.json';
import wizardResultJson from '../../cards/wizard-result.json';
import wizardReviewJson from '../../cards/wizard-review.json';
import wizardSettingsJson from '../../cards/wizard-settings.json';
import { translator } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';

import { compileLocalizedTemplate, toAttachment, type RenderedCard } from './render';
import { truncate } from './text';

/** Fields every admin card carries: the sandbox banner. */
export interface SandboxBanner {
  sandbox: boolean;
  sandboxNotice: string;
}

/** Fields every wizard step carries: which run, which version of its state. */
export interface WizardCardBase extends SandboxBanner {
  runId: string;
  version: number;
  heading: string;
  progress: string;
}

/** Basics page. */
export interface WizardBasicsCardData extends WizardCardBase {
  name: string;
  description: string;
  nameError: string;
  descriptionError: string;
  ruleText: string;
}

/** Settings page. */
export interface WizardSettingsCardData extends WizardCardBase {
  enrollmentType: string;
  typeError: string;
  choices: { title: string; value: string }[];
  explanations: { text: string }[];
}

/** Assignments page. */
export interface WizardAssignmentsCardData extends WizardCardBase {
  target: string;
  includedText: string;
  excludedText: string;
  /** The chosen groups, to untick one or more ("Remove selected"); empty hides the control. */
  chosen: { title: string; value: string }[];
  searchText: string;
  resultsLabel: string;
  results: { title: string; value: string }[];
  refused: { text: string }[];
  message: string;
  messageColor: 'Default' | 'Attention' | 'Good';
}

/** Review + create page. */
export interface WizardReviewCardData extends WizardCardBase {
  facts: { title: string; value: string }[];
  note: string;
  error: string;
  confirmTitle: string;
  fallbackText: string;
}

/** Outcome of create/save (success, partial failure, cancel) with optional priority placement. */
export interface WizardResultCardData extends SandboxBanner {
  runId: string;
  version: number;
  title: string;
  titleColor: 'Default' | 'Good' | 'Attention' | 'Warning';
  message: string;
  facts: { title: string; value: string }[];
  positions: { title: string; value: string }[];
  currentPosition: string;
  canRetry: boolean;
  canDelete: boolean;
  /** "Check again" while a create or save is in progress (or was interrupted by a restart). */
  canCheck?: boolean;
  fallbackText: string;
}

/** One profile row on the list. */
export interface ProfileRow {
  id: string;
  position: string;
  /** 0-based place in the list as drawn (Graph's priority numbers may have gaps or repeats). */
  index: number;
  name: string;
  typeText: string;
  assignedText: string;
  canUp: boolean;
  canDown: boolean;
  upTo: number;
  downTo: number;
  /** The list's version when drawn (src/flows/admin/profile-list-version.ts). */
  listVersion: number;
}

/** The profile list. */
export interface ProfileListCardData extends SandboxBanner {
  intro: string;
  note: string;
  noteColor: 'Default' | 'Good' | 'Attention';
  rows: ProfileRow[];
  /** "Move to position": the profiles offered (empty with fewer than 2). */
  moveChoices: { title: string; value: string }[];
  /** The list's version when drawn. */
  listVersion: number;
  fallbackText: string;
}

/** Delete confirmation. */
export interface ProfileConfirmCardData extends SandboxBanner {
  title: string;
  message: string;
  confirmTitle: string;
  profileId: string;
  /** The list's version when drawn: the confirmation is refused once the list changed. */
  listVersion: number;
}

/** The audit list. */
export interface AuditListCardData {
  title: string;
  entries: { what: string; who: string; change: string }[];
  fallbackText: string;
}

/** One answer on the admins' `team answers` card. Shown text is escaped; input values capped. */
export interface TeamAnswerRow {
  id: string;
  rev: number;
  /** The title as shown (escaped). */
  titleShown: string;
  /** "Proposed by … from case … · date", escaped. */
  byline: string;
  /** Drafts: the cause and the first steps, escaped. */
  preview: string;
  /** Drafts: the form's values (as typed, not escaped). */
  title: string;
  question: string;
  symptom: string;
  cause: string;
  steps: string;
}

/** The admins' `team answers` card: drafts to review, published and withdrawn answers. */
export interface TeamAnswersCardData {
  summary: string;
  /** What the last action did ("Published …"), or ''. */
  status: string;
  statusColor: 'Good' | 'Attention' | 'Default';
  drafts: TeamAnswerRow[];
  published: TeamAnswerRow[];
  withdrawn: TeamAnswerRow[];
  fallbackText: string;
}

const basics = compileLocalizedTemplate<WizardBasicsCardData>('wizard-basics', wizardBasicsJson);
const settings = compileLocalizedTemplate<WizardSettingsCardData>(
  'wizard-settings',
  wizardSettingsJson,
);
const assignments = compileLocalizedTemplate<WizardAssignmentsCardData>(
  'wizard-assignments',
  wizardAssignmentsJson,
);
const review = compileLocalizedTemplate<WizardReviewCardData>('wizard-review', wizardReviewJson);
const result = compileLocalizedTemplate<WizardResultCardData>('wizard-result', wizardResultJson);
const profileList = compileLocalizedTemplate<ProfileListCardData>('profile-list', profileListJson);
const profileConfirm = compileLocalizedTemplate<ProfileConfirmCardData>(
  'profile-confirm',
  profileConfirmJson,
);
const auditList = compileLocalizedTemplate<AuditListCardData>('audit-list', auditListJson);
const teamAnswers = compileLocalizedTemplate<TeamAnswersCardData>('team-answers', teamAnswersJson);

function card<T>(bind: (d: T) => Record<string, unknown>, data: T, summary: string): RenderedCard {
  return { attachment: toAttachment(bind(data)), summary: truncate(summary, 120) };
}

/*
 * Admin cards take the turn's language: their labels are in the catalogue's admin areas, which
 * are English only, so every language shows the English strings (string by string fallback).
 */

/** Renders the Basics page. */
export const renderWizardBasicsCard = (
  d: WizardBasicsCardData,
  lang: Language = 'en',
): RenderedCard => card((x) => basics(lang).bind(x), d, `${d.heading}: ${d.progress}`);
/** Renders the Settings page. */
export const renderWizardSettingsCard = (
  d: WizardSettingsCardData,
  lang: Language = 'en',
): RenderedCard => card((x) => settings(lang).bind(x), d, `${d.heading}: ${d.progress}`);
/** Renders the Assignments page. */
export const renderWizardAssignmentsCard = (
  d: WizardAssignmentsCardData,
  lang: Language = 'en',
): RenderedCard => card((x) => assignments(lang).bind(x), d, `${d.heading}: ${d.progress}`);
/** Renders the Review + create page. */
export const renderWizardReviewCard = (
  d: WizardReviewCardData,
  lang: Language = 'en',
): RenderedCard => card((x) => review(lang).bind(x), d, `${d.heading}: ${d.progress}`);
/** Renders an outcome. */
export const renderWizardResultCard = (
  d: WizardResultCardData,
  lang: Language = 'en',
): RenderedCard => card((x) => result(lang).bind(x), d, d.title);
/** Renders the profile list. */
export const renderProfileListCard = (
  d: ProfileListCardData,
  lang: Language = 'en',
): RenderedCard => {
  const t = translator(lang);
  return card((x) => profileList(lang).bind(x), d, t('profiles.summary', { rows: d.rows.length }));
};
/** Renders the delete confirmation. */
export const renderProfileConfirmCard = (
  d: ProfileConfirmCardData,
  lang: Language = 'en',
): RenderedCard => card((x) => profileConfirm(lang).bind(x), d, d.title);
/** Renders the IT team's answers for admins. */
export const renderTeamAnswersCard = (
  d: TeamAnswersCardData,
  lang: Language = 'en',
): RenderedCard => {
  const t = translator(lang);
  return card((x) => teamAnswers(lang).bind(x), d, t('admin.teamAnswers.heading'));
};
/** Renders the audit list. */
export const renderAuditListCard = (d: AuditListCardData, lang: Language = 'en'): RenderedCard =>
  card((x) => auditList(lang).bind(x), d, d.title);
