import auditListJson from '../../cards/audit-list.json';
import profileConfirmJson from '../../cards/profile-confirm.json';
import profileListJson from '../../cards/profile-list.json';
import teamAnswersJson from '../../cards/team-answers.json';
import wizardAssignmentsJson from '../../cards/wizard-assignments.json';
import wizardBasicsJson from '../../cards/wizard-basics.json';
import wizardResultJson from '../../cards/wizard-result.json';
import wizardReviewJson from '../../cards/wizard-review.json';
import wizardSettingsJson from '../../cards/wizard-settings.json';

import { compileTemplate, toAttachment, type RenderedCard } from './render';
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

const basics = compileTemplate<WizardBasicsCardData>('wizard-basics', wizardBasicsJson);
const settings = compileTemplate<WizardSettingsCardData>('wizard-settings', wizardSettingsJson);
const assignments = compileTemplate<WizardAssignmentsCardData>(
  'wizard-assignments',
  wizardAssignmentsJson,
);
const review = compileTemplate<WizardReviewCardData>('wizard-review', wizardReviewJson);
const result = compileTemplate<WizardResultCardData>('wizard-result', wizardResultJson);
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

const profileList = compileTemplate<ProfileListCardData>('profile-list', profileListJson);
const profileConfirm = compileTemplate<ProfileConfirmCardData>(
  'profile-confirm',
  profileConfirmJson,
);
const auditList = compileTemplate<AuditListCardData>('audit-list', auditListJson);
const teamAnswers = compileTemplate<TeamAnswersCardData>('team-answers', teamAnswersJson);

function card<T>(bind: (d: T) => Record<string, unknown>, data: T, summary: string): RenderedCard {
  return { attachment: toAttachment(bind(data)), summary: truncate(summary, 120) };
}

/** Renders the Basics page. */
export const renderWizardBasicsCard = (d: WizardBasicsCardData): RenderedCard =>
  card((x) => basics.bind(x), d, `${d.heading}: ${d.progress}`);
/** Renders the Settings page. */
export const renderWizardSettingsCard = (d: WizardSettingsCardData): RenderedCard =>
  card((x) => settings.bind(x), d, `${d.heading}: ${d.progress}`);
/** Renders the Assignments page. */
export const renderWizardAssignmentsCard = (d: WizardAssignmentsCardData): RenderedCard =>
  card((x) => assignments.bind(x), d, `${d.heading}: ${d.progress}`);
/** Renders the Review + create page. */
export const renderWizardReviewCard = (d: WizardReviewCardData): RenderedCard =>
  card((x) => review.bind(x), d, `${d.heading}: ${d.progress}`);
/** Renders an outcome. */
export const renderWizardResultCard = (d: WizardResultCardData): RenderedCard =>
  card((x) => result.bind(x), d, d.title);
/** Renders the profile list. */
export const renderProfileListCard = (d: ProfileListCardData): RenderedCard =>
  card((x) => profileList.bind(x), d, `Enrollment type profiles: ${d.rows.length}`);
/** Renders the delete confirmation. */
export const renderProfileConfirmCard = (d: ProfileConfirmCardData): RenderedCard =>
  card((x) => profileConfirm.bind(x), d, d.title);
/** Renders the IT team's answers for admins. */
export const renderTeamAnswersCard = (d: TeamAnswersCardData): RenderedCard =>
  card((x) => teamAnswers.bind(x), d, 'Answers written by your IT team');
/** Renders the audit list. */
export const renderAuditListCard = (d: AuditListCardData): RenderedCard =>
  card((x) => auditList.bind(x), d, d.title);
