/**
 * Render functions of the campaign cards: the admin's two-step wizard, the card employees get,
 * and the rollout dashboard (Teams chart elements with table fallbacks for other clients).
 */
import dashboardJson from '../../cards/campaign-dashboard.json';
import inviteJson from '../../cards/campaign-invite.json';
import reviewJson from '../../cards/campaign-review.json';
import setupJson from '../../cards/campaign-setup.json';
import { translator } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';

import type { SandboxBanner } from './admin-cards';
import { compileLocalizedTemplate, toAttachment, type RenderedCard } from './render';
import { truncate } from './text';

/** Step 1: who, what and when. */
export interface CampaignSetupCardData extends SandboxBanner {
  draftId: string;
  rev: number;
  error: string;
  name: string;
  groupsHint: string;
  groupChoices: Array<{ title: string; value: string }>;
  /** Comma-separated group ids already chosen. */
  selectedGroups: string;
  groupSearch: string;
  method: string;
  message: string;
  deadline: string;
  minDeadline: string;
  /** Comma-separated working days. */
  reminders: string;
}

/** Step 2: review, with a preview of the employee's card. */
export interface CampaignReviewCardData extends SandboxBanner {
  draftId: string;
  rev: number;
  error: string;
  name: string;
  audience: string;
  methodText: string;
  deadlineText: string;
  remindersText: string;
  reachText: string;
  previewTitle: string;
  previewMessage: string;
  previewWhy: string;
}

/** The card an employee gets (first message and reminders). */
export interface CampaignInviteCardData {
  campaignId: string;
  title: string;
  from: string;
  message: string;
  why: string;
  howLong: string;
  privacy: string;
  status: string;
  statusColor: 'Default' | 'Good' | 'Accent' | 'Attention';
  /** Buttons shown (not for someone who opted out or enrolled). */
  open: boolean;
  fallbackText: string;
}

/** One bar, slice or row of the dashboard. */
export interface DashboardFigure {
  label: string;
  count: number;
  countText: string;
  share: string;
}

/** The rollout dashboard. */
export interface CampaignDashboardCardData extends SandboxBanner {
  campaignId: string;
  rev: number;
  name: string;
  headline: string;
  headerStyle: 'good' | 'warning' | 'emphasis' | 'accent';
  status: string;
  statusColor: 'Default' | 'Good' | 'Attention' | 'Warning';
  audience: string;
  deadlineText: string;
  remindersText: string;
  asOf: string;
  targeted: number;
  funnel: DashboardFigure[];
  outcomes: DashboardFigure[];
  enrolledByDay: Array<{
    day: string;
    /** The chart's label ("18 Dec"). */
    label: string;
    total: number;
    dayText: string;
    totalText: string;
  }>;
  causes: DashboardFigure[];
  unreachable: DashboardFigure[];
  canPause: boolean;
  canResume: boolean;
  canEnd: boolean;
  fallbackText: string;
}

const setup = compileLocalizedTemplate<CampaignSetupCardData>('campaign-setup', setupJson);
const review = compileLocalizedTemplate<CampaignReviewCardData>('campaign-review', reviewJson);
const invite = compileLocalizedTemplate<CampaignInviteCardData>('campaign-invite', inviteJson);
const dashboard = compileLocalizedTemplate<CampaignDashboardCardData>(
  'campaign-dashboard',
  dashboardJson,
);

function card<T>(bind: (d: T) => Record<string, unknown>, data: T, summary: string): RenderedCard {
  return { attachment: toAttachment(bind(data)), summary: truncate(summary, 120) };
}

/** Renders step 1 of the campaign wizard. */
export const renderCampaignSetupCard = (
  d: CampaignSetupCardData,
  lang: Language = 'en',
): RenderedCard => {
  const t = translator(lang);
  return card((x) => setup(lang).bind(x), d, t('campaign.setupSummary'));
};
/** Renders step 2 (review). */
export const renderCampaignReviewCard = (
  d: CampaignReviewCardData,
  lang: Language = 'en',
): RenderedCard => {
  const t = translator(lang);
  return card((x) => review(lang).bind(x), d, t('campaign.reviewSummary', { name: d.name }));
};
/** Renders the card an employee gets, in their language. */
export const renderCampaignInviteCard = (
  d: CampaignInviteCardData,
  lang: Language = 'en',
): RenderedCard => card((x) => invite(lang).bind(x), d, d.title);
/** Renders the rollout dashboard. */
export const renderCampaignDashboardCard = (
  d: CampaignDashboardCardData,
  lang: Language = 'en',
): RenderedCard => card((x) => dashboard(lang).bind(x), d, `${d.name}: ${d.headline}`);
