/**
 * What campaign cards say: the employee's card (first message, reminders, after a choice), the
 * dashboard's figures in words and charts, and the messages the runner hands to the outbox.
 * Everything a person or an admin typed is escaped before it reaches a card.
 */
import type { Campaign, CampaignPerson, CampaignSummary } from '../../campaigns/model';
import type { CampaignMessages } from '../../campaigns/runner';
import { longDate, shortDate } from '../../campaigns/schedule';
import {
  renderCampaignDashboardCard,
  renderCampaignInviteCard,
  type CampaignDashboardCardData,
  type CampaignInviteCardData,
  type DashboardFigure,
} from '../../cards/campaign-cards';
import type { RenderedCard } from '../../cards/render';
import { cardTime, escapeCardText, truncate } from '../../cards/text';
import { cardActivity } from '../helpdesk/helpdesk';

/** How each method reads to an admin. */
export const METHOD_TEXT: Record<Campaign['method'], string> = {
  accountDrivenUserEnrollment: 'Account-driven User Enrollment',
  webDeviceEnrollment: 'Web-based device enrollment',
  device: 'Device enrollment with Company Portal',
  userChoice: 'Either method (the profile lets people choose)',
};

/** The default text of the card, which the admin can change. */
export function defaultMessage(): string {
  return (
    'Please enroll your personal iPhone or iPad, so you can keep using work email, Teams and other ' +
    'work apps on it. Tap Start now and I will take you through it step by step.'
  );
}

/** Why and how long, in the card's words (facts from the seeds: User Enrollment §privacy). */
const WHY =
  'Your organisation needs your work apps and data to be protected on the devices you use for work.';
const HOW_LONG =
  'A few minutes: have your device, your work sign-in and a Wi-Fi connection at hand.';
const PRIVACY =
  'Your organisation cannot see your personal apps, photos, messages or browsing; work data stays separate.';

/** The reminders in words: "after 3 and 7 working days, at 09:00 in each person's time zone". */
export function remindersText(days: readonly number[]): string {
  if (days.length === 0) return 'None';
  const list =
    days.length === 1
      ? String(days[0])
      : `${days.slice(0, -1).join(', ')} and ${String(days[days.length - 1])}`;
  return `After ${list} working day${days.length === 1 && days[0] === 1 ? '' : 's'}, at 09:00 in each person's time zone, to those not enrolled yet`;
}

/** The people in the audience, in words. */
export function audienceText(campaign: Pick<Campaign, 'groups'>): string {
  return campaign.groups.map((g) => escapeCardText(truncate(g.name, 80))).join(', ');
}

/** The employee's card. `status` says what they chose, when they chose something. */
export function inviteCardData(
  campaign: Campaign,
  person: Pick<CampaignPerson, 'optedOut' | 'enrolledAt'> | undefined,
  options: {
    kind?: 'invite' | 'reminder' | 'later';
    status?: string;
    statusColor?: CampaignInviteCardData['statusColor'];
  } = {},
): CampaignInviteCardData {
  const kind = options.kind ?? 'invite';
  const by = longDate(campaign.deadline);
  const title =
    kind === 'invite'
      ? `Enroll your iPhone or iPad by ${by}`
      : kind === 'later'
        ? `You asked me to remind you: enroll your iPhone or iPad by ${by}`
        : `Reminder: enroll your iPhone or iPad by ${by}`;
  const closed =
    Boolean(person?.optedOut) || person?.enrolledAt !== undefined || campaign.status === 'ended';
  return {
    campaignId: campaign.id,
    title,
    from: `From your IT team · ${escapeCardText(truncate(campaign.name, 100))}`,
    message: escapeCardText(truncate(campaign.message, 1000)),
    why: WHY,
    howLong: HOW_LONG,
    privacy: PRIVACY,
    status: options.status ?? (campaign.status === 'ended' ? 'This campaign has ended.' : ''),
    statusColor: options.statusColor ?? 'Default',
    open: !closed,
    fallbackText: `${title}. Type "enroll" to start.`,
  };
}

function figure(label: string, count: number, of: number): DashboardFigure {
  return {
    label,
    count,
    countText: count.toLocaleString('en-GB'),
    share: of > 0 ? `${Math.round((100 * count) / of)} %` : '–',
  };
}

/** Why people cannot be reached, in an admin's words. */
const UNREACHABLE_TEXT: Record<string, string> = {
  'no-teams': 'No Teams for this account (no licence, or not found)',
  'install-refused': 'The app could not be installed for them (permission or app policy)',
  'not-found': 'Not found in the directory',
  'conversation-failed': 'Teams would not open a chat with them',
  'delivery-failed': 'Teams did not accept the message',
};

/** The dashboard's data. `status` is a line about the last action (paused, link ready…). */
export function dashboardCardData(
  campaign: Campaign,
  summary: CampaignSummary,
  banner: { sandbox: boolean; sandboxNotice: string },
  options: {
    status?: string;
    statusColor?: CampaignDashboardCardData['statusColor'];
    /** Before the first read of the groups: how many people the wizard counted, in words. */
    pendingAudience?: string;
  } = {},
): CampaignDashboardCardData {
  const t = summary.targeted;
  const funnel = [
    figure('Targeted', t, t),
    figure('Reached in Teams', summary.reached, t),
    figure('Opened the guide', summary.openedGuide, t),
    figure('Finished the guide', summary.finishedGuide, t),
    figure('Reported a problem', summary.reported, t),
    figure('Enrolled (Intune)', summary.enrolled, t),
  ];
  const unreachableTotal = Object.values(summary.unreachable).reduce((a, b) => a + b, 0);
  const inProgress = Math.max(
    0,
    t - summary.enrolled - summary.optedOut - unreachableTotal - summary.waiting,
  );
  const outcomes = [
    figure('Enrolled after the invitation', summary.enrolled - summary.enrolledBefore, t),
    figure('Already enrolled before', summary.enrolledBefore, t),
    figure('Reached, not enrolled yet', inProgress, t),
    figure('Not reached yet', summary.waiting, t),
    figure('No iPhone or iPad', summary.optedOut, t),
    figure('Cannot be reached', unreachableTotal, t),
  ].filter((f) => f.count > 0);
  // The last 30 days with enrollments; earlier days still count in the running total.
  let running = summary.enrolledByDay.slice(0, -30).reduce((a, d) => a + d.count, 0);
  const enrolledByDay = summary.enrolledByDay.slice(-30).map((d) => {
    running += d.count;
    return {
      day: d.day,
      total: running,
      label: shortDate(d.day),
      dayText: longDate(d.day),
      totalText: `${running.toLocaleString('en-GB')} (+${d.count.toLocaleString('en-GB')} that day)`,
    };
  });
  const share = t > 0 ? Math.round((100 * summary.enrolled) / t) : 0;
  const state =
    campaign.status === 'active' ? 'Active' : campaign.status === 'paused' ? 'Paused' : 'Ended';
  const before =
    summary.enrolledBefore > 0
      ? `, ${summary.enrolledBefore.toLocaleString('en-GB')} of them before the campaign`
      : '';
  const headline =
    options.pendingAudience !== undefined && t === 0
      ? `${state} · reading the audience (${options.pendingAudience})`
      : `${state} · ${summary.enrolled.toLocaleString('en-GB')} of ${t.toLocaleString('en-GB')} enrolled (${share} %)${before}`;
  return {
    ...banner,
    campaignId: campaign.id,
    rev: campaign.rev,
    name: escapeCardText(truncate(campaign.name, 100)),
    headline,
    headerStyle:
      campaign.status === 'active'
        ? 'accent'
        : campaign.status === 'paused'
          ? 'warning'
          : 'emphasis',
    status: options.status ?? '',
    statusColor: options.statusColor ?? 'Default',
    audience:
      options.pendingAudience !== undefined && t === 0
        ? `${audienceText(campaign)} · ${options.pendingAudience}`
        : `${audienceText(campaign)} · ${t.toLocaleString('en-GB')} people${summary.left > 0 ? ` (${summary.left.toLocaleString('en-GB')} left the groups)` : ''}`,
    deadlineText: longDate(campaign.deadline),
    remindersText: `${remindersText(campaign.reminderDays)} · ${summary.remindersSent.toLocaleString('en-GB')} sent`,
    asOf: cardTime(new Date(summary.at).toISOString()),
    targeted: t,
    funnel,
    outcomes,
    enrolledByDay,
    causes: summary.causes.map((c) =>
      figure(escapeCardText(truncate(c.cause, 80)), c.count, summary.reported),
    ),
    unreachable: Object.entries(summary.unreachable)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => figure(UNREACHABLE_TEXT[reason] ?? reason, n, t)),
    canPause: campaign.status === 'active',
    canResume: campaign.status === 'paused',
    canEnd: campaign.status !== 'ended',
    fallbackText: `${campaign.name}: ${headline}`,
  };
}

/** The dashboard card. */
export function dashboardCard(
  campaign: Campaign,
  summary: CampaignSummary,
  banner: { sandbox: boolean; sandboxNotice: string },
  options: Parameters<typeof dashboardCardData>[3] = {},
): RenderedCard {
  return renderCampaignDashboardCard(dashboardCardData(campaign, summary, banner, options));
}

/** The messages the runner sends, as outbox activities. */
export function campaignMessages(banner: {
  sandbox: boolean;
  sandboxNotice: string;
}): CampaignMessages {
  return {
    invite: (campaign, person) =>
      cardActivity(renderCampaignInviteCard(inviteCardData(campaign, person))),
    reminder: (campaign, person, kind) =>
      cardActivity(renderCampaignInviteCard(inviteCardData(campaign, person, { kind }))),
    dashboard: (campaign, summary) => cardActivity(dashboardCard(campaign, summary, banner)),
  };
}
